"""The settings table editors read (docs/settings.md), made from the declarations themselves:
the pack's sections (:func:`~checker.core.settings.setting`) and each rule kind's
``SETTINGS`` (:class:`~checker.core.settings.RuleSetting`). tests/test_rules_loader.py holds
the page equal to :func:`settings_markdown`."""

from __future__ import annotations

from typing import Any

from ..core.settings import declared, help_of, limits_of
from .base import REQUIRED
from .kinds import KINDS
from .loader import SETTINGS_SECTIONS


def _value(value: Any) -> str:
    if value is REQUIRED:
        return "(required)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return f"{len(value)} entries"
    if isinstance(value, list):
        return "[]" if not value else f"{len(value)} items"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _limits(limits: dict[str, Any]) -> str:
    low, high = limits.get("min"), limits.get("max")
    parts = []
    if low is not None and high is not None:
        parts.append(f"{_number(low)} to {_number(high)}")
    elif low is not None:
        parts.append(f"≥ {_number(low)}")
    elif high is not None:
        parts.append(f"≤ {_number(high)}")
    if "items" in limits:
        parts.append(f"each a {limits['items']}")
    if "values" in limits:
        parts.append(f"each an {limits['values']}")
    if "choices" in limits:
        parts.append("one of " + ", ".join(f"`{c}`" for c in limits["choices"]))
    if "max_items" in limits:
        parts.append(f"at most {_number(limits['max_items'])} items")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _type(typ: Any) -> str:
    name = typ if isinstance(typ, str) else typ.__name__
    return {"float": "number", "int": "integer", "bool": "true/false", "str": "text",
            "list": "list", "dict": "mapping"}.get(name.split("[")[0], name)  # fmt: skip


def settings_markdown() -> str:
    """Every setting as Markdown: one table per ``_settings.yaml`` section, then one per
    rule kind, each row its name, type, default, limits and help."""
    out = ["## Pack settings (`_settings.yaml`)", ""]
    for section, cls in SETTINGS_SECTIONS.items():
        defaults = cls()
        out += [f"### `{section}`", "", "| setting | type | default | limits | what it does |",
                "|---|---|---|---|---|"]  # fmt: skip
        for name, f in declared(cls).items():
            row = (f"`{name}`", _type(f.type), _value(getattr(defaults, name)),
                   _limits(limits_of(f)), _cell(help_of(f)))  # fmt: skip
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    out += ["## Rule settings (`settings:` in a rule file)", ""]
    for kind, module in sorted(KINDS.items()):
        if not module.SETTINGS:
            continue
        out += [f"### kind `{kind}`", "", "| setting | type | default | limits | what it does |",
                "|---|---|---|---|---|"]  # fmt: skip
        for name, s in module.SETTINGS.items():
            row = (f"`{name}`", _type(s.type), _value(s.default), _limits(s.limits),
                   _cell(s.help))  # fmt: skip
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


#: The page's opening, above the tables.
PAGE_HEAD = """# Settings

Every setting the checker reads, with its type, default, limits and what it does. Each is
declared once, in the code, with all of these beside it: the pack's sections in
`checker/core/settings.py` (set them in the rule pack's `rules/_settings.yaml`, or under
`settings:` in `checker.yaml`), and each rule kind's settings in `checker/rules/kinds/` (set them
under `settings:` in a rule file). The loaders refuse a value outside its limits in one line
naming the file, line and field; every number must also be finite.

This page is made from those declarations, and a test holds it equal to them
(`tests/test_rules_loader.py`); after changing a setting, write it anew with
`.venv/bin/python -m checker.rules.describe > docs/settings.md`.
"""


def settings_page() -> str:
    """docs/settings.md as it must be."""
    return PAGE_HEAD + "\n" + settings_markdown()


if __name__ == "__main__":
    print(settings_page(), end="")
