"""Project configuration: ``checker.yaml``, or ``[tool.checker]`` in ``pyproject.toml``.

Looked up from the current directory upwards (the first folder holding either
file wins; ``checker.yaml`` before ``pyproject.toml``), or named with ``--config``.
Paths in it are relative to the file's folder. Every key is optional::

    rules: [rules/, newsroom-rules/]   # rule folders; later folders override rule ids
    disable: [single-source]           # rules off
    enable: [some-rule]                # rules a folder ships disabled, on
    levels: {conflict: warning}        # level overrides
    settings:                          # rule settings, and the pack's own sections
      conflict: {gap_level: error}
      comparison: {tolerance: 0.02}    # a section of _settings.yaml: comparison, matching, ...
    store: .checker/store.sqlite       # the coverage store of index/check/track
    model: sentence-transformers/all-MiniLM-L6-v2
    embedding_backend: onnx            # onnx (int8, the default) or torch; env overrides
    fail_on: error                     # exit 1 at or above this level: warning or error

Decoding is strict: an unknown key, rule id or setting is an error naming the
file, the line and the nearest valid key.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compare.embed import BACKENDS, MODEL_NAME
from .core.errors import RuleError, clipped, nearest
from .core.model import LEVELS
from .core.safeyaml import MAX_DEPTH, NOT_ALLOWED, YamlProblem, character_problem, read_text
from .core.settings import Semantics, declared, limits_of
from .core.tomllines import toml_lines
from .rules import (
    KINDS,
    MOVED,
    SETTINGS_SECTIONS,
    LineMap,
    RulePack,
    Where,
    checked,
    load_rules,
    load_yaml,
)

CONFIG_FILE = "checker.yaml"
KEYS = ("rules", "disable", "enable", "levels", "settings", "store", "model",
        "embedding_backend", "fail_on")  # fmt: skip
MODELS = (MODEL_NAME,)
FAIL_ON = ("warning", "error")
DEFAULT_STORE = Path(".checker") / "store.sqlite"
#: Where in pyproject.toml the configuration is.
SECTION = ("tool", "checker")
#: What TOML allows nowhere (tomllib refuses it): control characters but tab and line breaks.
_TOML_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ConfigError(RuleError):
    """A configuration file is malformed: names the file, line and key."""


@dataclass(frozen=True)
class Config:
    path: str | None = None
    rules: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    store: Path | None = None
    model: str = MODEL_NAME
    #: None: ``$CHECKER_EMBEDDING_BACKEND``, else torch (see :func:`checker.compare.embed.chosen_backend`).
    embedding_backend: str | None = None
    fail_on: str = "error"
    #: key path -> line, to name lines in errors found when the rules are applied.
    lines: LineMap = field(default_factory=LineMap, compare=False)

    def store_path(self) -> Path:
        return self.store or DEFAULT_STORE

    def rule_pack(self, rules_dir: Path | str | None = None) -> RulePack:
        """The rule pack with this configuration applied (``rules_dir`` overrides ``rules``)."""
        folders = [Path(rules_dir)] if rules_dir else list(self.rules)
        pack = load_rules(folders[0] if folders else None)
        by_id = {r.id: r for r in pack.rules}
        for extra in folders[1:]:
            for r in load_rules(extra).rules:
                by_id[r.id] = r
        src = self.path or CONFIG_FILE

        def rule_id(name: str, where: tuple) -> str:
            if name not in by_id:
                raise ConfigError(src, self.lines.line(where), ".".join(map(str, where)),
                                  f"unknown rule '{name}'{nearest(name, by_id)}")  # fmt: skip
            return name

        for i, name in enumerate(self.disable):
            rid = rule_id(name, ("disable", i))
            by_id[rid] = dataclasses.replace(by_id[rid], enabled=False)
        for i, name in enumerate(self.enable):
            rid = rule_id(name, ("enable", i))
            by_id[rid] = dataclasses.replace(by_id[rid], enabled=True)
        for name, level in self.levels.items():
            rid = rule_id(name, ("levels", name))
            by_id[rid] = dataclasses.replace(by_id[rid], level=level)
        sections = {}
        for name, values in self.settings.items():
            if name in SETTINGS_SECTIONS and name not in by_id:
                sections[name] = self._section(pack, name, values, src)
                continue
            rid = rule_id(name, ("settings", name))
            rule = by_id[rid]
            spec = KINDS[rule.kind].SETTINGS
            merged = dict(rule.settings)
            for key, value in values.items():
                where = ("settings", name, key)
                if key not in spec and key in MOVED:
                    raise ConfigError(src, self.lines.line(where), ".".join(where),
                                      f"has moved to settings.{MOVED[key].split(' in ')[0]}"
                                      " (one value for every rule)")  # fmt: skip
                if key not in spec:
                    raise ConfigError(
                        src, self.lines.line(where), ".".join(where),
                        f"rule '{rid}' (kind {rule.kind}) has no setting '{key}'"
                        f"{nearest(key, spec)}; valid: {', '.join(spec)}",
                    )  # fmt: skip
                at = Where(src, self.lines, where)
                merged[key] = checked(value, spec[key].type, at, spec[key].limits)
                if key.endswith("_level") and merged[key] not in LEVELS:
                    raise ConfigError(src, self.lines.line(where), ".".join(where),
                                      f"must be one of {', '.join(LEVELS)}")  # fmt: skip
            by_id[rid] = dataclasses.replace(rule, settings=merged)
        rules = tuple(by_id[k] for k in sorted(by_id))
        return dataclasses.replace(pack, rules=rules, **sections)

    def _section(self, pack: RulePack, name: str, values: dict, src: Path | str) -> Any:
        """A pack-wide section of ``_settings.yaml`` (``comparison``, ``matching``, ...)
        with this file's values over the pack's."""
        current = getattr(pack, name)
        spec = declared(type(current))
        valid = list(spec)
        changed = {}
        for key, value in values.items():
            where = ("settings", name, key)
            if key not in valid:
                raise ConfigError(src, self.lines.line(where), ".".join(where),
                                  f"section '{name}' has no setting '{key}'"
                                  f"{nearest(key, valid)}; valid: {', '.join(valid)}")  # fmt: skip
            default = getattr(current, key)
            typ = type(default) if not isinstance(default, dict) else dict
            at = Where(src, self.lines, where)
            changed[key] = checked(value, typ, at, limits_of(spec[key]))
        if isinstance(current, Semantics):
            return Semantics.from_mapping({**dataclasses.asdict(current), **changed})
        return dataclasses.replace(current, **changed)


# --------------------------------------------------------------------------- finding and reading


def find_config(start: Path | None = None) -> Path | None:
    """``checker.yaml`` or a ``pyproject.toml`` with ``[tool.checker]``, from ``start`` up."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data, _ = _read_toml(pyproject)
            except ConfigError:  # not ours to judge unless it is the configuration
                continue
            if isinstance(data.get("tool"), dict) and "checker" in data["tool"]:
                return pyproject
    return None


def load_config(path: Path | str | None = None, *, search: bool = True) -> Config:
    """Read ``path``, or the nearest configuration file, or return the defaults."""
    if path is None:
        found = find_config() if search else None
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if not path.exists():
        raise ConfigError(str(path), None, None, "configuration file not found")
    if path.suffix == ".toml":
        data, lines = _load_toml(path)
    else:
        data, lines = load_yaml(path)
        if data is None:
            data = {}
    return _decode(data, lines, path)


def _load_toml(path: Path) -> tuple[dict, LineMap]:
    """``[tool.checker]``, read by tomllib alone; its lines from :mod:`tomllines`' one pass."""
    src = str(path)
    data, text = _read_toml(path)
    lines, spans = toml_lines(text, SECTION)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(src, _root_line(text, "tool"), "tool",
                          "must be a table: write [tool.checker] and the keys below it")  # fmt: skip
    for start, end in spans:  # tomllib let C1 controls and U+FFFE/U+FFFF through
        if m := NOT_ALLOWED.search(text, start, end):
            problem = character_problem(text, m.start(), what="checker")
            raise ConfigError(src, problem.line, None, problem.message)
    return tool.get("checker", {}), lines


def _root_line(text: str, key: str) -> int | None:
    lines, _ = toml_lines(text)
    return lines.get((key,))


def _read_toml(path: Path) -> tuple[dict, str]:
    """A TOML file read as defensively as YAML: a regular file of at most 1 MB, no nesting
    deeper than MAX_DEPTH; a problem is a ConfigError naming the file (and line)."""
    src = str(path)
    try:
        text = read_text(path)
    except YamlProblem as exc:
        raise ConfigError(src, exc.line, None, exc.message) from None
    if m := _TOML_CONTROL.search(text):  # as tomllib would, with the line and column
        problem = character_problem(text, m.start(), what="TOML")
        raise ConfigError(src, problem.line, None, problem.message)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(src, int(m.group(1)) if m else None, None,
                          f"invalid TOML: {exc}") from None  # fmt: skip
    except RecursionError:
        raise ConfigError(src, None, None, f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # int() refuses 4,300 digits or more
        raise ConfigError(src, None, None, "holds a number with over 4,300 digits") from None
    if _depth(data) > MAX_DEPTH:
        raise ConfigError(src, None, None, f"nested more than {MAX_DEPTH} levels deep")
    return data, text


def _depth(value: Any) -> int:
    """How deeply lists and tables nest in ``value`` (without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend((x, depth) for x in (item.values() if isinstance(item, dict) else item))
    return deepest


def _decode(data: Any, lines: LineMap, path: Path) -> Config:
    src = str(path)
    base = path.resolve().parent
    if not isinstance(data, dict):
        raise ConfigError(src, lines.line(()) or 1, None, "the configuration must be a mapping")
    for key in data:
        if key not in KEYS:
            raise ConfigError(src, lines.line((key,)), str(key),
                              f"unknown key{nearest(key, KEYS)}; valid: {', '.join(KEYS)}")  # fmt: skip

    def text_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(src, lines.line((key,)), key, "must be a name or a list of names")
        return tuple(value)

    def mapping(key: str) -> dict:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise ConfigError(src, lines.line((key,)), key, "must be a mapping of rule ids")
        return value

    levels = mapping("levels")
    for rid, level in levels.items():
        if level not in LEVELS:
            raise ConfigError(src, lines.line(("levels", rid)), f"levels.{rid}",
                              f"must be one of {', '.join(LEVELS)}{nearest(level, LEVELS)}")  # fmt: skip
    settings = mapping("settings")
    for rid, values in settings.items():
        if not isinstance(values, dict):
            raise ConfigError(src, lines.line(("settings", rid)), f"settings.{rid}",
                              "must be a mapping of setting names")  # fmt: skip
    store = data.get("store")
    if store is not None and not isinstance(store, str):
        raise ConfigError(src, lines.line(("store",)), "store", "must be a path")
    model = data.get("model", MODEL_NAME)
    if model not in MODELS:
        raise ConfigError(src, lines.line(("model",)), "model",
                          f"unknown model {clipped(model)}{nearest(model, MODELS)}; "
                          f"available: {', '.join(MODELS)}")  # fmt: skip
    backend = data.get("embedding_backend")
    if backend is not None and backend not in BACKENDS:
        raise ConfigError(src, lines.line(("embedding_backend",)), "embedding_backend",
                          f"must be one of {', '.join(BACKENDS)}{nearest(backend, BACKENDS)}")  # fmt: skip
    fail_on = data.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(src, lines.line(("fail_on",)), "fail_on",
                          f"must be one of {', '.join(FAIL_ON)}{nearest(fail_on, FAIL_ON)}")  # fmt: skip
    return Config(
        path=src,
        rules=tuple(base / p for p in text_list("rules")),
        disable=text_list("disable"),
        enable=text_list("enable"),
        levels=dict(levels),
        settings={k: dict(v) for k, v in settings.items()},
        store=(base / store) if store else None,
        model=model,
        embedding_backend=backend,
        fail_on=fail_on,
        lines=lines,
    )
