"""The house as built: folders that are the pipeline's stages, and arrows between them that
run one way, down the layers below.

Every ``import`` is read with :mod:`ast`, including those inside functions (which is where
arrows that run back up hide). Two levels are checked. Between units (a folder such as
``read/``, or a module or package at the top such as ``api`` or ``report/``) a module may
import from its own unit or any unit below, never from above. Inside a folder the same holds
between its modules, in the order :data:`INSIDE` gives. A package with an ``__init__`` that
says what it offers (``rules``, ``report``, ``read.quantities`` ...) is used by others
through those names only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "checker"

#: Bottom to top. Each line is one layer; the comment says what lives there.
LAYERS: list[set[str]] = [
    {"core", "data"},  # data types, errors, settings, YAML, caches, versions of derived data
    {"lang"},  # language data and how to read it; word rarity
    {"read"},  # files into documents and sentences; figures; the parse; claims
    {"compare"},  # intervals; vectors; stories; the learned judge; the matcher; timelines
    {"rules", "archive", "rulepack"},  # the rule engine; the store, its index, its search
    {"pipeline"},  # the stages every check runs: claims, rules, suppressions, grouping
    {"verify", "config"},  # one sentence against verified figures; checker.yaml
    {"report"},  # every output format
    {"defaults"},  # what a run uses when not told: checker.yaml, rules, embedder, store
    {"api"},  # the one orchestrator
    {"rule_examples", "__init__"},  # above the api: the example harness, the public face
    {"cli", "__main__", "web"},  # the command line; the editor's desk (checker serve)
]

#: Inside each folder, bottom to top: the order of its modules (a subpackage is one unit).
INSIDE: dict[str, list[set[str]]] = {
    "core": [
        {
            "version",
            "errors",
            "model",
            "safeyaml",
            "kvcache",
            "settings",
            "versions",
            "yamlparse",
            "keptyaml",
        },  # safeyaml's PyYAML part (loaded to parse); parses kept
        {"pins"},  # files pinned by sha256: the hash lists in checker/data/
        {"tomllines"},  # where the keys of a TOML table are (its LineMap is safeyaml's)
        {"__init__"},
    ],
    "lang": [
        {"de", "en", "es", "fr", "id", "nl", "pt"},  # one folder of data per language
        {"__init__", "lexicon", "rarity"},  # which language; its words; word rarity
    ],
    "read": [
        {"quantities", "parser", "readings", "tree"},  # figures in text; the spaCy pipelines,
        # verified; what is read of a figure (the Reading); a parse read through a label table
        {"decoding", "fields"},  # bytes into text; front matter and row fields as metadata
        {"sentences", "counted", "figures", "nearby"},  # sentences; what a figure counts, from
        # the parse; which figures are claims; a figure's reading without grammar
        {"prose"},  # text that is not prose: what it is, its figures read without the parse
        {"clause"},  # the clause around a figure, from the parse
        {"grammar"},  # what the parse says of a figure, put together
        {"article", "reading", "suppress"},  # one article; the parse, cached; suppressions
        {"dismiss"},  # a dismissal written into a draft (the desk's "Dismiss")
        {"jsonl"},  # JSONL files, whole or in partitions
        {"documents"},  # files and folders into articles with unique ids
        {"claims"},  # a figure with what it is about
        {"kept"},  # an article's claims, kept on disk by what they are read from
        {"__init__"},
    ],
    "compare": [
        {"intervals", "embed_onnx", "align", "ahead", "ranking"},  # figures as intervals;
        # the int8 backend; sentences of a text and its translation aligned; texts embedded
        # ahead; the highest of each row
        {"embed"},  # sentence vectors
        {"embed_multi"},  # multilingual sentence vectors (claims across languages)
        {"structure", "stories"},  # what the parse says of a pair; articles grouped into stories
        {"judge"},  # the learned same-claim judge
        {"match", "timeline"},  # same claim in two articles; a figure over time
        {"translation"},  # every figure of a source looked for in its translation
        {"__init__"},
    ],
    "archive": [
        {"schema", "rows"},  # the store's tables; model objects as rows and back
        {"storefile"},  # the SQLite file: opened safely, migrated, verified, written
        {"vectors"},  # its vectors by claim family (what the vector index is built from)
        {"store"},  # what the store holds, read and written
        {"backends", "vector_index"},  # the store protocol and registry; the vector index
        {"audit", "cluster"},  # checker store verify (everything a store holds, checked); Dask
        {"indexing", "coverage"},  # checker index; a draft's candidates from the store
        {"track"},  # one figure followed through the store
        {"__init__"},
    ],
}

FOLDERS = tuple(INSIDE)
RANK = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}
INNER = {
    folder: {m: i for i, layer in enumerate(layers) for m in layer}
    for folder, layers in INSIDE.items()
}


def _unit(module: str) -> str:
    """``checker.read.claims`` -> ``read``; ``checker.api`` -> ``api``; ``checker`` ->
    ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _owner(module: str) -> str:
    """What owns a module's private names: inside a folder the module itself, also each module
    of a subpackage (``checker.read.quantities.scan`` -> ``read/quantities/scan``, so a sibling
    module's private name is not its own); outside the folders the unit."""
    parts = module.split(".")
    if _inner(module) is None:
        return _unit(module)
    return "/".join(parts[1:]) if len(parts) > 2 else f"{parts[1]}/__init__"


def _inner(module: str) -> str | None:
    """``checker.read.quantities.scan`` -> ``quantities``; ``checker.read`` -> ``__init__``;
    None outside the folders."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in FOLDERS:
        return None
    return parts[2] if len(parts) > 2 else "__init__"


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


def test_every_module_in_a_folder_has_a_place_in_it():
    missing = {
        f"{_unit(name)}/{_inner(name)}"
        for name in map(_module_name, _modules())
        if _inner(name) is not None and _inner(name) not in INNER[_unit(name)]
    }
    assert not missing, "add the new module to INSIDE in tests/test_layers.py"


@pytest.mark.parametrize(
    "path", [p for p in _modules() if _inner(_module_name(p))], ids=lambda p: _module_name(p)
)
def test_imports_inside_a_folder_run_down_its_layers(path: Path):
    name = _module_name(path)
    folder, own = _unit(name), _inner(name)
    upward = []
    for target, line in _imports(path):
        if _unit(target) != folder or _inner(target) == own:
            continue
        if INNER[folder].get(_inner(target), -1) > INNER[folder][own]:
            upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, "imports that run up the folder's layers:\n" + "\n".join(upward)


def test_no_module_imports_a_private_name_from_another_unit():
    """``from .cli import _fail`` was one: another unit's private names are its own. Inside
    a folder each module is a unit of its own here, and so is each module of a subpackage
    (``from .core import _core`` in ``read/quantities/scan.py`` was one)."""
    private = []
    for path in _modules():
        own = _owner(_module_name(path))
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
                if names and target.startswith("checker") and _owner(target) != own:
                    private.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {names}")
    assert not private, "\n".join(private)


#: Packages whose modules others reach only through the package's own names.
PACKAGES = (
    "checker.rules", "checker.report", "checker.cli", "checker.web", "checker.verify",
    "checker.read.quantities", "checker.compare.judge",
)  # fmt: skip


def test_other_units_use_a_package_by_its_public_names():
    """``config`` once imported the rule loader's helpers from their modules; a package's
    ``__init__`` says what others may use."""
    inside = []
    for path in _modules():
        name = _module_name(path)
        for target, line in _imports(path):
            for package in PACKAGES:
                if target.startswith(package + ".") and not (name + ".").startswith(package + "."):
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


def test_each_module_of_a_subpackage_owns_its_private_names():
    """The checker of the checker: siblings in ``read/quantities`` are owners apart."""
    assert _owner("checker.read.quantities.scan") == "read/quantities/scan"
    assert _owner("checker.read.quantities.core") != _owner("checker.read.quantities.scan")
    assert _owner("checker.read.quantities") != _owner("checker.read.quantities.core")
    assert _owner("checker.read.claims") == "read/claims"
    assert _owner("checker.read") == "read/__init__"
    assert _owner("checker.rules.loader") == _owner("checker.rules") == "rules"  # one unit
