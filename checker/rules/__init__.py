"""The rule engine: rule kinds (Python), rule files (YAML), loader, engine, example runner."""

from .base import Rule
from .engine import run_rules
from .loader import RulePack, default_rules_dir, load_rule, load_rules

__all__ = ["Rule", "RulePack", "default_rules_dir", "load_rule", "load_rules", "run_rules"]
