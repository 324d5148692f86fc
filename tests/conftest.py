"""Test set-up: offline model, an embedding cache private to this test run, and two tiers.

Two tiers
---------
``pytest`` runs everything (CI runs that, through ``.ci/run``). ``pytest -m "not model" -n
auto`` (both cores, with pytest-xdist) is the fast tier to run while editing: no test in it imports torch, sentence-transformers,
transformers, spaCy, thinc or onnxruntime, in its own process or in a subprocess it starts.

A test is marked ``model`` when it loads the embedding model or the spaCy pipeline, in its
process or in a subprocess it starts:

* automatically, when it uses a fixture made with :func:`model_guard.model_fixture`, directly
  or through other fixtures (``seeds_report`` and ``newsroom`` below, and the modules'
  fixtures that check, index or embed): :func:`pytest_collection_modifyitems`;
* by hand otherwise: ``pytestmark = pytest.mark.model`` in a module whose tests all need a
  model, ``@pytest.mark.model`` on a test or a class in a mixed module. A parametrized test is
  marked as a whole when any of its cases loads a model.

The tier is checked, not guessed: when the ``-m`` expression holds ``not model``, the import
guard (tests/model_guard.py) is put first in ``sys.meta_path`` and refuses those libraries,
and a test during whose setup, call or teardown one was imported fails, naming the module and
who imported it, even if the code under test caught the ImportError, the test expected an
error, skipped on it or is an expected failure. (One refusal is not counted: lemminflect's
optional ``import spacy``, see tests/model_guard.py.) The marks were found that way: every test
run under the guard. The guard cannot see a subprocess: the tests that start ``checker`` in one
that loads a model are marked by hand, and such a subprocess shows as a slow test in
``--durations`` (torch alone takes seconds to import). Left unmarked, it would also fill this
run's cache (``CHECKER_CACHE_DIR``, shared with subprocesses), and a later test reading the
same texts could then pass without loading anything.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
# The ONNX export of the model (made once per machine and library versions) is kept where
# checker keeps it outside the tests; tests of the export itself write to their own folders.
_home_cache = os.environ.get("CHECKER_CACHE_DIR") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "checker"
)
os.environ.setdefault("CHECKER_MODEL_DIR", os.path.join(_home_cache, "models"))
# A fresh cache per run: tests must not pass only because an earlier run warmed it.
os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")

import pytest  # noqa: E402
from model_guard import ModelGuard, model_fixture  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@model_fixture(scope="session")
def seeds_report():
    from checker import check

    return check([SEEDS])


@model_fixture(scope="session")
def newsroom(tmp_path_factory) -> Path:
    """A newsroom folder for the editor's desk: the seeds in ``archive/``, indexed into
    ``.checker/store.sqlite`` (one store for the whole session)."""
    import shutil

    from checker import api

    root = tmp_path_factory.mktemp("newsroom")
    shutil.copytree(SEEDS, root / "archive")
    (root / "drafts").mkdir()
    cfg = api.configured()
    with api.open_store(cfg, root / ".checker" / "store.sqlite") as st:
        summary = api.index(st, [root / "archive"], config=cfg)
    assert summary.added == 5, summary.line()
    return root


# -- the two tiers -------------------------------------------------------------------------

#: ``-m`` expressions that deselect the model tests: the guard is on for these.
FAST_TIER = re.compile(r"\bnot\s+model\b")
GUARD_KEY = pytest.StashKey[ModelGuard]()


def pytest_configure(config: pytest.Config) -> None:
    if not FAST_TIER.search(config.getoption("markexpr") or ""):
        return
    guard = ModelGuard()
    early = guard.already_imported()
    if early:
        raise pytest.UsageError(
            f"the model import guard cannot work: {', '.join(early[:5])} already imported "
            "before the tests were collected (by a plugin?)"
        )
    config.stash[GUARD_KEY] = guard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    guard = config.stash.get(GUARD_KEY, None)
    if guard is not None:
        guard.uninstall()


def _loads_model(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        getattr(defs[-1].func, "loads_model", False)
        for defs in info.name2fixturedefs.values()
        if defs
    )


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _loads_model(item):
            item.add_marker(pytest.mark.model)


def pytest_collection_finish(session: pytest.Session) -> None:
    guard = session.config.stash.get(GUARD_KEY, None)
    if guard is not None:  # a test module importing one fails to collect, saying why
        guard.reported = len(guard.attempts)


@pytest.hookimpl(wrapper=True, tryfirst=True)  # outermost: after xfail has had its say
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    guard = item.config.stash.get(GUARD_KEY, None)
    if guard is None or len(guard.attempts) == guard.reported:
        return report
    seen = "; ".join(dict.fromkeys(guard.attempts[guard.reported :]))
    guard.reported = len(guard.attempts)
    # failed even if the code under test caught the ImportError, the test expected an
    # exception, skipped on it (importorskip) or is an expected failure (xfail)
    report.outcome = "failed"
    if hasattr(report, "wasxfail"):
        del report.wasxfail
    report.longrepr = (
        f"model library imported in the fast tier during {call.when}: {seen}. Mark the test "
        "@pytest.mark.model, or make its fixture a model_fixture (tests/conftest.py)"
        + (f"\n\n{report.longrepr}" if report.longrepr else "")
    )
    return report
