"""Read a rule pack: one YAML file per rule (file name = id) plus ``_settings.yaml``.

Decoding is strict, as in Vale: an unknown key, a wrong type, a message blank
the kind does not offer, or a bad level is an error naming the file, the line
and the field, with the nearest valid key when there is one.
"""

from __future__ import annotations

import datetime as dt
import os
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import RuleError, nearest
from ..core.model import LEVELS
from ..core.settings import (
    ComparisonSettings,
    GroupingSettings,
    MatchSettings,
    Semantics,
    StorySettings,
    VerifySettings,
    declared,
    limits_of,
)
from .base import REQUIRED, Rule
from .kinds import KINDS
from .values import Where, checked, shown
from .yamlsource import LineMap, load_yaml

RULE_KEYS = ("id", "kind", "level", "title", "why", "message", "settings", "examples", "enabled")
EXAMPLE_KEYS = ("flag", "ok", "todo")
EXAMPLE_FIELDS = (
    "text", "a", "b", "date_a", "date_b", "language", "source", "target", "source_language",
    "target_language", "note",
)  # fmt: skip
SETTINGS_FILE = "_settings.yaml"  # or _settings.yml
RULE_SUFFIXES = (".yaml", ".yml")
#: The longest message template, and the most blanks one may hold: a blank repeated 60,000
#: times made every finding a 60 MB message. The engine also cuts what fills each blank and
#: the whole message (:data:`checker.rules.engine.MAX_MESSAGE`).
MAX_TEMPLATE = 1000
MAX_BLANKS = 20
SETTINGS_SECTIONS = {
    "semantics": Semantics,
    "matching": MatchSettings,
    "comparison": ComparisonSettings,
    "grouping": GroupingSettings,
    "verify": VerifySettings,
    "stories": StorySettings,
}


@dataclass(frozen=True)
class RulePack:
    rules: tuple[Rule, ...]
    semantics: Semantics = field(default_factory=Semantics)
    matching: MatchSettings = field(default_factory=MatchSettings)
    comparison: ComparisonSettings = field(default_factory=ComparisonSettings)
    verify: VerifySettings = field(default_factory=VerifySettings)
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    path: str = ""

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)


#: The default pack in an installed wheel: pyproject.toml maps the top-level ``rules/``
#: folder to the ``checker.rulepack`` package.
PACKAGED_RULES = Path(__file__).resolve().parents[1] / "rulepack"
#: The default pack in a source checkout (editable install or PYTHONPATH): the folder editors
#: edit, read in place.
SOURCE_RULES = Path(__file__).resolve().parents[2] / "rules"


def default_rules_dir() -> Path:
    """``$CHECKER_RULES``, else the pack installed with the package, else the checkout's
    ``rules/`` folder.

    The installed copy is looked for first: beside an installed package, ``../rules`` is a
    folder of ``site-packages`` that some other distribution may own.
    """
    env = os.environ.get("CHECKER_RULES")
    if env:
        return Path(env)
    return PACKAGED_RULES if PACKAGED_RULES.is_dir() else SOURCE_RULES


#: Rule settings that became one pack-wide setting: where each lives now.
MOVED = {
    "rounding": "comparison.rounding in _settings.yaml (one value for every rule)",
    "tolerance": "comparison.tolerance in _settings.yaml (one value for every rule)",
    "gap_ratio": "comparison.gap_ratio in _settings.yaml (one value for every rule)",
}


def _unknown_keys(data: dict, allowed, path: str, lines: LineMap, prefix: tuple, where: str):
    for key in data:
        if key not in allowed and prefix == ("settings",) and key in MOVED:
            raise RuleError(path, lines.line((*prefix, key)), f"settings.{key}",
                            f"has moved to {MOVED[key]}")  # fmt: skip
        if key not in allowed:
            raise RuleError(
                path,
                lines.line((*prefix, key)),
                ".".join(map(str, (*prefix, key))),
                f"unknown key in {where}{nearest(key, allowed)}; valid: {', '.join(allowed)}",
            )


def _settings(kind_mod, data: Any, path: str, lines: LineMap) -> dict[str, Any]:
    spec = kind_mod.SETTINGS
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(path, lines.line(("settings",)), "settings", "must be a mapping")
    _unknown_keys(data, spec, path, lines, ("settings",), "settings")
    out = {}
    for name, declared_setting in spec.items():
        default = declared_setting.default
        if name in data and data[name] is not None:
            where = Where(path, lines, ("settings", name))
            out[name] = checked(data[name], declared_setting.type, where, declared_setting.limits)
        elif default is REQUIRED:
            raise RuleError(path, lines.line(("settings",)), f"settings.{name}", "is required")
        else:
            out[name] = default
    return out


def _messages(kind_mod, data: Any, path: str, lines: LineMap) -> dict[str, str]:
    if isinstance(data, str):
        data = {"default": data}
    if not isinstance(data, dict) or not data:
        raise RuleError(
            path, lines.line(("message",)), "message", "must be text or a mapping of situations"
        )
    _unknown_keys(data, kind_mod.SITUATIONS, path, lines, ("message",), "message")
    if "default" not in data:  # other situations fall back to it
        raise RuleError(path, lines.line(("message",)), "message", "missing situation(s): default")
    for situation, template in data.items():
        where = (
            ("message",) if len(data) == 1 and situation == "default" else ("message", situation)
        )
        if not isinstance(template, str):
            raise RuleError(path, lines.line(where), ".".join(where), "must be text")
        if len(template) > MAX_TEMPLATE:
            raise RuleError(path, lines.line(where), ".".join(where),
                            f"is {len(template):,} characters long; at most {MAX_TEMPLATE:,} "
                            "are allowed")  # fmt: skip
        try:
            blanks = [b for b in string.Formatter().parse(template) if b[1] is not None]
        except ValueError as exc:
            raise RuleError(
                path, lines.line(where), ".".join(where), f"bad template: {exc}"
            ) from exc
        for _, name, spec, conversion in blanks:
            if spec or conversion:  # "{value_b:>300000000}" wrote a 300 MB report
                extra = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                raise RuleError(
                    path, lines.line(where), ".".join(where),
                    f"blank {{{name}}} takes no format spec or conversion (got {shown(extra)}); "
                    f"write {{{name}}}",
                )  # fmt: skip
        if len(blanks) > MAX_BLANKS:
            raise RuleError(path, lines.line(where), ".".join(where),
                            f"holds {len(blanks):,} blanks; at most {MAX_BLANKS} are allowed")  # fmt: skip
        names = {name for _, name, _, _ in blanks}
        for name in sorted(names):
            if name not in kind_mod.BLANKS:
                raise RuleError(
                    path, lines.line(where), ".".join(where),
                    f"unknown blank {{{name}}}{nearest(name, kind_mod.BLANKS)}; "
                    f"available: {', '.join(sorted(kind_mod.BLANKS))}",
                )  # fmt: skip
    return dict(data)


def _examples(data: Any, path: str, lines: LineMap) -> dict[str, list[dict]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RuleError(
            path, lines.line(("examples",)), "examples", "must be a mapping of flag/ok/todo"
        )
    _unknown_keys(data, EXAMPLE_KEYS, path, lines, ("examples",), "examples")
    out: dict[str, list[dict]] = {}
    for group, items in data.items():
        if not isinstance(items, list):
            raise RuleError(
                path, lines.line(("examples", group)), f"examples.{group}", "must be a list"
            )
        for i, item in enumerate(items):
            where = ("examples", group, i)
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict):
                raise RuleError(
                    path, lines.line(where), f"examples.{group}[{i}]", "must be text or a mapping"
                )
            _unknown_keys(item, EXAMPLE_FIELDS, path, lines, where, "an example")
            groups = [keys for keys in (("text",), ("a", "b"), ("source", "target"))
                      if any(k in item for k in keys)]  # fmt: skip
            if len(groups) != 1 or not all(k in item for k in groups[0]):
                raise RuleError(path, lines.line(where), f"examples.{group}[{i}]",
                                "give either 'text', both 'a' and 'b', or both 'source' and "
                                "'target' (a translation)")  # fmt: skip
            for key, value in item.items():
                _example_field(key, value, Where(path, lines, (*where, key)))
            out.setdefault(group, []).append({**item, "line": lines.line(where)})
    return out


def _example_field(key: str, value: Any, where: Where) -> None:
    """Texts are text, dates are dates: an example that cannot run must not load."""
    if key in ("date_a", "date_b"):
        if isinstance(value, dt.date) or isinstance(value, str) and _iso_date(value):
            return
        raise where.fail(f"must be a date (YYYY-MM-DD), got {shown(value)}")
    texts = ("text", "a", "b", "source", "target")
    if not isinstance(value, str) or key in texts and not value.strip():
        raise where.fail(f"must be text{' (not blank)' * (key in texts)}, "
                         f"got {shown(value)}")  # fmt: skip


def _iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _text(data: dict, key: str, src: str, lines: LineMap, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise RuleError(src, lines.line((key,)), key, f"must be text, got {shown(value)}")
    return value


def load_rule(path: Path | str) -> Rule:
    path = Path(path)
    data, lines = load_yaml(path)
    src = str(path)
    if not isinstance(data, dict):
        raise RuleError(src, 1, None, "a rule file must be a mapping of keys")
    _unknown_keys(data, RULE_KEYS, src, lines, (), "a rule")
    rule_id = rule_id_of(path)
    if "id" in data and (not isinstance(data["id"], str) or rule_id_of(data["id"]) != rule_id):
        raise RuleError(src, lines.line(("id",)), "id", f"must equal the file name '{rule_id}'")
    if rule_id in RESERVED_IDS:
        raise RuleError(src, 1, "id", f"'{rule_id}' is the checker's own finding, not a rule's: "
                        "rename the file")  # fmt: skip
    for key in ("kind", "level", "title", "message"):
        if key not in data:
            raise RuleError(src, 1, key, "is required")
    kind = data["kind"]
    if not isinstance(kind, str):
        raise RuleError(src, lines.line(("kind",)), "kind", f"must be text, got {shown(kind)}")
    if kind not in KINDS:
        raise RuleError(src, lines.line(("kind",)), "kind",
                        f"unknown kind '{kind}'{nearest(kind, KINDS)}; valid: {', '.join(KINDS)}")  # fmt: skip
    if not isinstance(data["level"], str) or data["level"] not in LEVELS:
        raise RuleError(src, lines.line(("level",)), "level", f"must be one of {', '.join(LEVELS)}")
    kind_mod = KINDS[kind]
    settings = _settings(kind_mod, data.get("settings"), src, lines)
    for name in settings:
        if name.endswith("_level") and settings[name] not in LEVELS:  # text, by its type
            raise RuleError(src, lines.line(("settings", name)), f"settings.{name}",
                            f"must be one of {', '.join(LEVELS)}")  # fmt: skip
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RuleError(src, lines.line(("enabled",)), "enabled", "must be true or false")
    rule = Rule(
        id=rule_id,
        kind=kind,
        level=data["level"],
        title=_text(data, "title", src, lines, required=True),
        why=_text(data, "why", src, lines),
        message=_messages(kind_mod, data["message"], src, lines),
        settings=settings,
        examples=_examples(data.get("examples"), src, lines),
        enabled=enabled,
        path=src,
        line=1,
        lines=dict(lines),
    )
    check_rule = getattr(kind_mod, "compile_patterns", None)
    if check_rule:
        check_rule(rule)  # regexes fail at load time, not mid-run
    return rule


def _load_settings(path: Path) -> dict[str, object]:
    """The pack-wide sections (:data:`SETTINGS_SECTIONS`), defaults for what is absent."""
    data, lines = load_yaml(path)
    src = str(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(src, 1, None, "the settings file must be a mapping")
    _unknown_keys(data, SETTINGS_SECTIONS, src, lines, (), "settings")
    built = {}
    for section, cls in SETTINGS_SECTIONS.items():
        values = data.get(section) or {}
        if not isinstance(values, dict):
            raise RuleError(src, lines.line((section,)), section, "must be a mapping")
        spec = declared(cls)
        _unknown_keys(values, list(spec), src, lines, (section,), section)
        defaults, good = cls(), {}
        for name, value in values.items():
            default = getattr(defaults, name)
            typ = type(default) if not isinstance(default, dict) else dict
            limit = limits_of(spec[name])
            good[name] = checked(value, typ, Where(src, lines, (section, name)), limit)
        built[section] = Semantics.from_mapping(good) if cls is Semantics else cls(**good)
    return built


def load_rules(directory: Path | str | None = None) -> RulePack:
    """Load every ``*.yaml`` and ``*.yml`` rule in a folder (sorted) and its ``_settings.yaml``."""
    folder = Path(directory) if directory else default_rules_dir()
    if not folder.is_dir():
        raise RuleError(str(folder), None, None, "rules folder not found")
    files = _rule_files(folder)
    rules = [load_rule(p) for p in files if not p.name.startswith("_")]
    if not rules:
        raise RuleError(str(folder), None, None, "no rule files (*.yaml, *.yml) in this folder")
    settings = [p for p in files if p.stem.lower() == SETTINGS_FILE.removesuffix(".yaml")]
    sections = _load_settings(settings[0]) if settings else {}
    return RulePack(rules=tuple(rules), path=str(folder), **sections)


#: Ids no rule file may take: the findings the checker makes itself
#: (:data:`checker.rules.grouping.CAP_RULE`, the line that says how many findings the cap left
#: out).
RESERVED_IDS = ("findings-cap",)


def rule_id_of(path: Path | str) -> str:
    """A rule's id: its file name without suffix, NFC-normalised (a name typed on macOS arrives
    decomposed, NFD, and would be another id that looks the same)."""
    stem = path.stem if isinstance(path, Path) else str(path)
    return unicodedata.normalize("NFC", stem)


def _id_key(path: Path) -> str:
    """How two rule files are told apart: the id, NFC-normalised, without case."""
    return unicodedata.normalize("NFC", rule_id_of(path).casefold())


def _rule_files(folder: Path) -> list[Path]:
    """The folder's YAML files (``*.yaml``, ``*.yml``; hidden files aside), sorted; two that
    give one id (``conflict.yml`` beside ``conflict.yaml``, ``Conflict.yaml``, or ``é`` typed
    precomposed and decomposed: ids are compared after NFC normalisation, without case) are an
    error, not a silent choice of one."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise RuleError(
            str(folder), None, None, f"cannot read folder: {exc.strerror or exc}"
        ) from None
    files: list[Path] = []
    seen: dict[str, Path] = {}
    for name in names:
        path = folder / name
        if name.startswith(".") or path.suffix.lower() not in RULE_SUFFIXES:
            continue
        other = seen.setdefault(_id_key(path), path)
        if other is not path:
            same = "compared without case" + (
                " and after Unicode (NFC) normalisation"
                if other.stem.lower() != path.stem.lower()
                else ""
            )
            raise RuleError(
                str(path), 1, "id",
                f"'{path.stem}' is also the id of {other.name}: a rule's id is its file name, "
                f"{same}; rename or remove one",
            )  # fmt: skip
        files.append(path)
    return files
