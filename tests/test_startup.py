"""What a run imports before it needs it (issue 24: start-up): a report of a folder never
uses the store's vector index (usearch, which brings urllib, http, ssl and tqdm) nor a
Jinja2 template unless it writes HTML."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("usearch", "jinja2", "torch", "transformers", "sentence_transformers", "scipy")


def _imported(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return ast.literal_eval(proc.stdout.strip().splitlines()[-1])


def test_the_api_the_cli_and_the_reports_import_nothing_heavy():
    assert _imported("import checker, checker.api, checker.cli.app, checker.report") == []


def test_the_html_report_and_the_store_bring_their_libraries_when_used():
    assert _imported("from checker.report.draft import environment; environment()") == ["jinja2"]
    code = "from checker.archive.vector_index import _new_index; _new_index()"
    assert _imported(code) == ["usearch"]


def _loaded(code: str, prefixes: tuple[str, ...], extra: dict | None = None) -> list[str]:
    probe = (
        f"import sys\n{code}\nprint(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return ast.literal_eval(proc.stdout.strip().splitlines()[-1])


#: What a report on a folder never uses: the store's modules, the translation check, verify.
STORE_SIDE = ("checker.archive", "checker.compare.translation", "checker.verify")


@pytest.mark.model  # a cold check of the seeds: the parser and the embedder
def test_a_report_on_a_folder_loads_neither_the_store_nor_the_translation_check():
    """~60 ms of a warm report on the seeds were these modules' imports (issue 24)."""
    code = f"import checker.cli.app\nfrom checker import api\napi.check([{str(ROOT / 'seeds')!r}])"
    assert _loaded(code, STORE_SIDE) == []


def test_the_store_and_the_translation_check_load_when_used():
    code = "from checker import api\napi.check_translation('Ada 12 orang.', 'Ada 12 people.')"
    assert "checker.compare.translation" in _loaded(code, STORE_SIDE)
    assert "checker.archive.audit" in _loaded("from checker.api import Audit", STORE_SIDE)


def test_the_report_package_loads_a_writer_when_it_is_used():
    """A JSON report loads the JSON writer, not the draft page's or the HTML one (~20 ms)."""
    writers = ("checker.report.draft", "checker.report.html", "checker.report.json")
    assert _loaded("import checker.report", writers) == []
    code = "import checker.report as r\nr.WRITERS['json']"
    assert _loaded(code, writers) == []
    assert _loaded("from checker.report import to_dict", writers) == ["checker.report.json"]


def test_a_warm_report_reads_its_yaml_without_pyyaml(tmp_path):
    """The rule pack and the language files come from the kept parses (~30 ms of PyYAML's
    import and libyaml's parse); a cold cache imports PyYAML to parse them, once."""
    code = (
        "from checker.defaults import rule_pack\n"
        "from checker.lang.lexicon import language\n"
        "rule_pack(None); language('en'); language('fr')"
    )
    env = {"CHECKER_CACHE_DIR": str(tmp_path)}
    assert _loaded(code, ("yaml",), env) != []  # first run: parsed, and kept
    assert _loaded(code, ("yaml",), env) == []
