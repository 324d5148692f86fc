"""The house as built: arrows between modules run one way, down the layers below.

Every ``import`` is read with :mod:`ast`, including those inside functions (which is where
arrows that run back up hide). A module may import from its own layer or any layer below;
never from above. A package (``rules``, ``report``, ``cli``, ``quantities``, ``lang``) is one
unit here: its modules import each other freely, and others import its public names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "checker"

#: Bottom to top. Each line is one layer; the comment says what lives there.
LAYERS: list[set[str]] = [
    {"version", "errors", "model", "safeyaml", "kvcache", "settings"},  # data types, caches
    {"lexicon", "lang", "data", "rulepack", "rarity"},  # language data and how to read it
    {"quantities", "parser"},  # figures in text; the spaCy pipeline, verified
    {"versions"},  # what stored and cached data depends on, composed stage by stage
    {"sentences", "intervals", "grammar", "embed", "embed_onnx"},  # sentences; figures; vectors
    {"documents", "reading", "suppress"},  # inputs; the parse, cached; inline suppressions
    {"claims"},  # a figure with what it is about
    {"structure", "stories"},  # what the parse says of a pair; articles grouped into stories
    {"judge"},  # the learned same-claim judge
    {"match", "timeline"},  # same claim in two articles; a figure over time
    {"rules"},  # the rule engine: kinds, loader, engine
    {"store", "vector_index", "verify", "report", "cluster"},  # archive; checks; output; Dask
    {"coverage", "config"},  # store-side stages; checker.yaml
    {"api"},  # the one orchestrator
    {"rule_examples", "__init__"},  # above the api: the example harness, the public face
    {"cli", "__main__", "web"},  # the command line; the editor's desk (checker serve)
]

RANK = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def _unit(module: str) -> str:
    """``checker.rules.loader`` -> ``rules``; ``checker`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every checker module ``path`` imports, with the line, wherever the import stands."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("checker")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if not node.module:  # "from . import store": the names are modules
                    found += [(f"{target}.{a.name}", node.lineno) for a in node.names]
                    continue
            else:
                target = node.module or ""
                if target == "checker":  # "from checker import safeyaml": the names are modules
                    found += [(f"checker.{a.name}", node.lineno) for a in node.names]
                    continue
            if target.startswith("checker"):
                found.append((target, node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_has_a_layer():
    units = {_unit(_module_name(p)) for p in _modules()}
    assert units - RANK.keys() == set(), "add the new module to LAYERS in tests/test_layers.py"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _module_name(p))
def test_imports_run_down_the_layers(path: Path):
    own = _unit(_module_name(path))
    upward = []
    for target, line in _imports(path):
        unit = _unit(target)
        if unit != own and RANK.get(unit, -1) > RANK[own]:
            upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_no_module_imports_a_private_name_from_another_unit():
    """``from .cli import _fail`` was one: another unit's private names are its own."""
    private = []
    for path in _modules():
        own = _unit(_module_name(path))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [
                    a.name
                    for a in node.names
                    if a.name.startswith("_") and not a.name.endswith("__")  # not __version__
                ]
                target = node.module
                if node.level:
                    parts = _module_name(path).split(".")
                    if path.name != "__init__.py":
                        parts = parts[:-1]
                    target = ".".join(parts[: len(parts) - node.level + 1] + [node.module])
                if names and target.startswith("checker") and _unit(target) != own:
                    private.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {names}")
    assert not private, "\n".join(private)


#: Packages whose modules other units reach only through the package's own names.
PACKAGES = ("rules", "report", "cli", "quantities", "lang", "web")


def test_other_units_use_a_package_by_its_public_names():
    """``config`` once imported the rule loader's helpers from their modules; a package's
    ``__init__`` says what others may use."""
    inside = []
    for path in _modules():
        own = _unit(_module_name(path))
        for target, line in _imports(path):
            parts = target.split(".")
            unit = _unit(target)
            if unit in PACKAGES and unit != own and len(parts) > 2:
                inside.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not inside, "\n".join(inside)


def test_the_layer_check_sees_imports_inside_functions(tmp_path):
    """The checker of the checker: an import hidden in a function is still an arrow."""
    module = tmp_path / "checker" / "claims.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from .api import check\n    return check\n")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "checker"
    try:
        assert _imports(module) == [("checker.api", 2)]
    finally:
        PACKAGE = saved
