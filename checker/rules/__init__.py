"""The rule engine: rule kinds (Python), rule files (YAML), loader, engine."""

from .base import Rule
from .engine import finding_order, run_rules, sort_findings
from .grouping import group_findings
from .loader import RulePack, default_rules_dir, load_rule, load_rules

__all__ = [
    "Rule",
    "RulePack",
    "default_rules_dir",
    "finding_order",
    "group_findings",
    "load_rule",
    "load_rules",
    "run_rules",
    "sort_findings",
]
