"""A desk re-check reuses the stored candidates found for claims it has searched for already,
and only while the store stays as it was (``checker.archive.coverage._memo``)."""

from __future__ import annotations

import pytest

from checker import api, document_from_text
from checker.archive import coverage

STORED = (
    "Israel struck targets in Gaza on Sunday as Blinken arrived in Tel Aviv. "
    "The ministry said 51 aid trucks entered Gaza through the Rafah crossing."
)
LATER = (
    "Blinken met Netanyahu in Tel Aviv on Sunday while strikes hit Gaza. "
    "Officials said 62 aid trucks crossed at Rafah into Gaza."
)
DRAFT = (
    "Secretary of State Antony Blinken landed in Tel Aviv as Israeli strikes hit Gaza. "
    "Officials said 80 aid trucks went through Rafah into Gaza on Sunday."
)


def _write(path, text):
    path.write_text("---\ndate: 2024-03-03\n---\n" + text + "\n", encoding="utf-8")
    return path


def _pairs(report):
    return sorted((m.a.id, m.b.id, round(m.similarity, 6)) for m in report.matches)


@pytest.mark.model
def test_a_recheck_reuses_candidates_until_the_store_changes(tmp_path, monkeypatch):
    searched: list[int] = []
    real = coverage._searched

    def counting(store, blocks, *args):
        searched.append(sum(len(v) for v in blocks.values()))
        return real(store, blocks, *args)

    monkeypatch.setattr(coverage, "_searched", counting)
    read: list[int] = []
    load_documents = coverage._documents

    def documents(store, rows):
        read.append(len(rows - coverage._memo(store).documents.keys()))
        return load_documents(store, rows)

    monkeypatch.setattr(coverage, "_documents", documents)
    draft = document_from_text(DRAFT, "draft")
    with api.open_store(api.configured(None), tmp_path / "store.sqlite") as store:
        api.index(store, [_write(tmp_path / "a.txt", STORED)])
        first = api.check_draft(store, [draft], record="draft")
        assert searched and searched[-1] > 0
        n = len(searched)
        again = api.check_draft(store, [draft], record="draft")  # the desk records its checks
        assert len(searched) == n  # nothing searched again
        assert read[0] > 0 and read[-1] == 0  # nor any article read again
        assert _pairs(again) == _pairs(first) and _pairs(first)
        assert [f.message for f in again.findings] == [f.message for f in first.findings]

        # the same check with the memo emptied gives the same report
        coverage._MEMOS.clear()
        fresh = api.check_draft(store, [draft])
        assert _pairs(fresh) == _pairs(first)
        assert [f.message for f in fresh.findings] == [f.message for f in first.findings]

        # a commit through this connection: searched again, and the new article is found
        n = len(searched)
        api.index(store, [_write(tmp_path / "b.txt", LATER)])
        later = api.check_draft(store, [draft])
        assert len(searched) == n + 1
        assert {c.doc for m in later.matches for c in (m.a, m.b)} > {
            c.doc for m in first.matches for c in (m.a, m.b)
        }


@pytest.mark.model
def test_the_store_state_changes_with_a_commit_from_any_connection(tmp_path):
    config = api.configured(None)
    with api.open_store(config, tmp_path / "store.sqlite") as store:
        before = store.state()
        assert store.state() == before  # reading changes nothing
        with api.open_store(config, tmp_path / "store.sqlite") as other:
            api.index(other, [_write(tmp_path / "a.txt", STORED)])
        after = store.state()
        assert after != before
        api.index(store, [_write(tmp_path / "b.txt", LATER)])
        assert store.state() != after
