"""The wheel works on its own: built from a copy of the source, installed where the source tree
is invisible, it loads the default rule pack and reports on the seeds.

The rule pack editors edit is the top-level ``rules/`` folder; ``pyproject.toml`` ships it as
``checker/rulepack/``. The dependencies come from the test's own environment (``--no-deps``),
and nothing is downloaded (``--no-index``, ``--no-build-isolation``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

#: Not part of a clean clone: never copied into the build.
JUNK = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
        ".ruff_cache", ".hypothesis", ".checker")  # fmt: skip


def _run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def _pip(*args):
    proc = _run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args])
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, site): the wheel built from a copy of the tree, and the folder it is installed in."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*JUNK))
    _pip("wheel", str(src), "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(tmp / "dist"))  # fmt: skip
    (wheel,) = (tmp / "dist").glob("checker-*.whl")
    site = tmp / "site"
    _pip("install", str(wheel), "--no-deps", "--no-index", "-q", "--target", str(site))
    return wheel, site


def _installed_env(site: Path, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CHECKER_RULES", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    # A cold cache: the installed copy parses and embeds, reading its own data files.
    env["CHECKER_CACHE_DIR"] = str(cache)
    return env


def test_wheel_carries_every_package_file_and_the_rule_pack(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "checker").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    missing = sorted(package - names)
    assert not missing, f"not in the wheel (list the package in pyproject.toml): {missing}"
    pack = {f"checker/rulepack/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    assert pack and pack <= names, sorted(pack - names)
    assert not any(n.startswith("rules/") for n in names), "the pack belongs inside checker/"


def test_installed_wheel_loads_the_default_rules_and_reports_on_the_seeds(
    installed, tmp_path, seeds_report
):
    _, site = installed
    env = _installed_env(site, tmp_path / "cache")
    probe = (
        "import json, checker; from checker.rules import load_rules; pack = load_rules(); "
        "print(json.dumps([checker.__file__, pack.path, sorted(r.id for r in pack.rules)]))"
    )
    proc = _run([sys.executable, "-c", probe], cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    module, pack_path, ids = json.loads(proc.stdout)
    # The wheel is what runs, not the editable install or the source tree.
    assert Path(module).is_relative_to(site), module
    assert Path(pack_path) == site / "checker" / "rulepack"
    source_ids = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml") if p.name[0] != "_")
    assert ids == source_ids

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = tmp_path / "seeds.json"
    script = site / "bin" / "checker"
    proc = _run([str(script), "report", "seeds", "--format", "json", "--out", str(out)],
                cwd=tmp_path, env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text("utf-8"))
    assert (tmp_path / "cache" / "embeddings.sqlite").is_file()  # it ran cold, model and all
    # The same report as the source tree's: same rules, claims and findings.
    assert data["checker"]["rules"] == [str(r) for r in seeds_report.rules]
    assert len(data["claims"]) == len(seeds_report.claims)
    got = [(f["rule"], f["verdict"], f["level"], f["message"]) for f in data["findings"]]
    want = [(f.rule, f.verdict, f.level, f.message) for f in seeds_report.findings]
    assert got == want
