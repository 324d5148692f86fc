"""The rule engine: rule kinds (Python), rule files (YAML), loader, engine.

Other modules use these names only, never the engine's own modules: the settings reader
(``LineMap``, ``load_yaml``, ``checked``) serves ``checker.yaml`` too.
"""

from .base import Rule
from .engine import finding_order, run_rules, run_translation_rules, sort_findings
from .grouping import group_findings
from .kinds import KINDS
from .loader import MOVED, SETTINGS_SECTIONS, RulePack, default_rules_dir, load_rule, load_rules
from .values import Where, checked
from .yamlsource import LineMap, load_yaml

__all__ = [
    "KINDS",
    "MOVED",
    "SETTINGS_SECTIONS",
    "LineMap",
    "Rule",
    "RulePack",
    "default_rules_dir",
    "finding_order",
    "group_findings",
    "load_rule",
    "load_rules",
    "run_rules",
    "run_translation_rules",
    "sort_findings",
    "Where",
    "checked",
    "load_yaml",
]
