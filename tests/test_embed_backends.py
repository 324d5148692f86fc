"""Embedding backends: onnx int8 (default) and torch; choice, cache keys, store, export, fallback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from model_guard import model_fixture
from typer.testing import CliRunner

from checker.api import default_embedder
from checker.archive.store import Store, StoreError
from checker.cli import app
from checker.compare import embed, embed_onnx
from checker.compare.embed import BACKEND_ENV, DIM, Embedder, chosen_backend
from checker.config import ConfigError, load_config
from checker.core.errors import CheckerError

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Hamas is holding [NUM] hostages",
    "Hamas holds [NUM] captives",
    "Bahrain recalled its ambassador",
    "At least [NUM] people were killed in Israeli bombings in Lebanon on Wednesday",
    "This marks Blinken's [NUM] visit to the region since the war in Gaza began",
    "the enclave where nearly a total of [NUM] residents are displaced",
    "[NUM] humanitarian aid trucks had gone into Gaza",
    "x",
]


@model_fixture(scope="session")
def onnx_model() -> Path:
    """The exported model where checker keeps it (made here when missing)."""
    path = embed_onnx.export_path()
    if not path.exists():
        embed_onnx.export(path)
    return path


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(BACKEND_ENV, raising=False)


# --------------------------------------------------------------------------- the choice


def test_backend_choice_argument_env_config_default(no_env, monkeypatch):
    assert chosen_backend() == "onnx"  # the judge is trained on its vectors
    assert Embedder(cache_path=None).requested == "onnx"
    assert default_embedder().requested == "onnx"
    assert chosen_backend(configured="torch") == "torch"
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert chosen_backend() == "torch"
    assert chosen_backend(configured="onnx") == "torch"  # the environment overrides the file
    assert chosen_backend("onnx") == "onnx"  # an explicit argument overrides both
    assert Embedder(cache_path=None).requested == "torch"
    assert default_embedder().backend == "torch"
    monkeypatch.setenv(BACKEND_ENV, "tensorflow")
    with pytest.raises(CheckerError, match=r"'tensorflow' \(from \$CHECKER_EMBEDDING_BACKEND\)"):
        chosen_backend()


def test_checker_yaml_embedding_backend(tmp_path, no_env):
    cfg = tmp_path / "checker.yaml"
    cfg.write_text("embedding_backend: torch\n")
    config = load_config(cfg)
    assert config.embedding_backend == "torch"
    assert default_embedder(config).requested == "torch"
    assert load_config(None, search=False).embedding_backend is None
    cfg.write_text("fail_on: error\nembedding_backend: onx\n")
    with pytest.raises(ConfigError, match=r"checker.yaml:2 \[embedding_backend\]: must be one of "
                       r"onnx, torch \(did you mean 'onnx'\?\)"):  # fmt: skip
        load_config(cfg)


# --------------------------------------------------------------------------- cache keys


@pytest.mark.model
def test_cache_keys_keep_backends_apart(tmp_path, onnx_model, monkeypatch):
    cache = tmp_path / "e.sqlite"
    onnx = Embedder(cache_path=cache, backend="onnx")
    v_onnx = onnx.embed(SENTENCES[:2])
    assert onnx.backend == "onnx" and onnx.computed == 2
    fake = np.zeros((1, DIM), dtype=np.float32)
    fake[0, 0] = 1.0
    torch = Embedder(cache_path=cache, backend="torch")
    monkeypatch.setattr(torch, "_encode", lambda texts: np.repeat(fake, len(texts), axis=0))
    v_torch = torch.embed(SENTENCES[:2])
    assert torch.computed == 2  # not served the onnx vectors
    assert np.allclose(v_torch, fake)
    again = Embedder(cache_path=cache, backend="onnx")
    assert np.allclose(again.embed(SENTENCES[:2]), v_onnx) and again.computed == 0
    assert again._model is None  # served from the cache: no model loaded


# --------------------------------------------------------------------------- the store


def test_store_records_its_backend_and_refuses_another(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path, backend="onnx") as st:
        assert st.backend == "onnx"
    with Store(path, backend="onnx"):
        pass
    with pytest.raises(StoreError) as err:
        Store(path, backend="torch")
    message = str(err.value)
    assert "\n" not in message
    assert "built with embedding backend 'onnx', not 'torch'" in message
    assert "embedding_backend: onnx in checker.yaml" in message and "new store" in message


def test_a_store_written_before_backends_is_torch(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store(path, backend="torch") as st, st.write():
        st.db.execute("INSERT INTO embedding (hash, vector) VALUES ('h', ?)", (bytes(DIM),))
        st.db.execute("DELETE FROM meta WHERE key='backend'")
    with pytest.raises(StoreError, match="backend 'torch', not 'onnx'"):
        Store(path, backend="onnx")
    with Store(path, backend="torch") as st:
        assert st.backend == "torch"
    empty = tmp_path / "empty.sqlite"
    with Store(empty, backend="torch") as st, st.write():
        st.db.execute("DELETE FROM meta WHERE key='backend'")
    with Store(empty, backend="onnx") as st:  # no vectors yet: takes the backend it is given
        assert st.backend == "onnx"


def test_cli_refuses_a_store_of_another_backend(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    Store(path, backend="onnx").close()
    draft = tmp_path / "d.txt"
    draft.write_text("Hamas is holding 242 hostages.\n")
    monkeypatch.setenv(BACKEND_ENV, "torch")
    result = CliRunner().invoke(app, ["check", str(draft), "--store", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "built with embedding backend 'onnx', not 'torch'" in lines[0]


def test_a_torch_store_under_the_onnx_default_says_why(tmp_path, monkeypatch, no_env):
    """A store indexed when torch was the default is refused, naming the change and the fixes."""
    fake = tmp_path / "models" / "exported.onnx"  # the export "in place": nothing is loaded
    fake.parent.mkdir()
    fake.write_bytes(b"")
    monkeypatch.setattr(embed_onnx, "export_path", lambda root=None: fake)
    monkeypatch.chdir(tmp_path)  # no checker.yaml above
    path = tmp_path / "old.sqlite"
    Store(path, backend="torch").close()
    draft = tmp_path / "d.txt"
    draft.write_text("Hamas is holding 242 hostages.\n")
    result = CliRunner().invoke(app, ["check", str(draft), "--store", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert "built with embedding backend 'torch', not 'onnx'" in lines[0]
    assert "embedding_backend: torch in checker.yaml" in lines[0] and "new store" in lines[0]
    assert "onnx became the default embedding backend" in lines[0]


def test_api_refuses_an_embedder_of_another_backend(tmp_path):
    from checker import api

    with Store(tmp_path / "s.sqlite", backend="onnx") as st:
        torch = Embedder(cache_path=None, backend="torch")
        with pytest.raises(StoreError, match="holds 'onnx' vectors"):
            api.index(st, [], embedder=torch)


# --------------------------------------------------------------------------- export


def test_fallback_to_torch_with_one_notice_when_the_export_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHECKER_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(embed, "_notified", False)

    def broken(path=None, model_path=None):
        raise RuntimeError("torch.onnx is not available\nsecond line")

    monkeypatch.setattr(embed_onnx, "export", broken)
    first = Embedder(cache_path=None, backend="onnx")
    assert first.backend == "torch"
    assert Embedder(cache_path=None, backend="onnx").backend == "torch"
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err  # one line, once per process
    assert err[0].startswith("checker: notice: cannot export the embedding model to ONNX")
    assert "torch.onnx is not available second line" in err[0] and "torch instead" in err[0]


def _fake_trace(model_path, out):
    out.write_bytes(b"fp32 model")


def test_export_is_atomic(tmp_path, monkeypatch):
    target = embed_onnx.export_path(tmp_path)
    assert target.parent == tmp_path and target.suffix == ".onnx"

    def dies_half_way(src, dst):
        dst.write_bytes(b"half an int8 mod")  # written, then the process fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embed_onnx, "_trace", _fake_trace)
    monkeypatch.setattr(embed_onnx, "_quantize", dies_half_way)
    with pytest.raises(OSError, match="No space left"):
        embed_onnx.export(target)
    assert not target.exists() and list(tmp_path.iterdir()) == []  # nothing left behind

    # A process killed mid-export leaves its temporary folder: never read as the model ...
    killed = tmp_path / ".export-killed"
    killed.mkdir()
    (killed / "int8.onnx").write_bytes(b"half")
    monkeypatch.setenv("CHECKER_MODEL_DIR", str(tmp_path))
    monkeypatch.setattr(embed, "_notified", True)  # (the notice is tested above)
    assert Embedder(cache_path=None, backend="onnx").backend == "torch"
    assert not target.exists()

    # ... and removed by the next export, which puts the whole file in place at once.
    monkeypatch.setattr(embed_onnx, "_quantize", lambda src, dst: dst.write_bytes(b"int8 model"))
    assert embed_onnx.export(target) == target
    assert target.read_bytes() == b"int8 model"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, target.with_suffix(".json").name]
    )


def test_export_path_changes_with_the_versions(tmp_path, monkeypatch):
    before = embed_onnx.export_path(tmp_path)
    monkeypatch.setattr(embed_onnx, "EXPORT_VERSION", embed_onnx.EXPORT_VERSION + 1)
    assert embed_onnx.export_path(tmp_path) != before
    monkeypatch.undo()
    real = embed_onnx.versions
    monkeypatch.setattr(embed_onnx, "versions", lambda: {**real(), "onnxruntime": "0.0"})
    assert embed_onnx.export_path(tmp_path) != before


# --------------------------------------------------------------------------- the vectors


@pytest.mark.model
def test_onnx_vectors_are_close_to_torch_and_batch_independent(tmp_path, no_env):
    """The real export (into a folder of its own) against sentence-transformers fp32."""
    path = embed_onnx.export(embed_onnx.export_path(tmp_path))
    encoder = embed_onnx.OnnxEncoder(path)
    v_onnx = encoder.encode(SENTENCES)
    v_torch = Embedder(cache_path=None, backend="torch").embed(SENTENCES)
    cosines = (v_onnx * v_torch).sum(axis=1)
    assert cosines.min() >= 0.98 and cosines.mean() >= 0.99, cosines
    assert np.allclose(np.linalg.norm(v_onnx, axis=1), 1, atol=1e-5)
    alone = np.concatenate([encoder.encode([s]) for s in SENTENCES])
    assert np.array_equal(alone, v_onnx)  # a text's vector never depends on its neighbours
    assert encoder.workers == min(2, os.cpu_count() or 1)
    one_at_a_time = embed_onnx.OnnxEncoder(path, workers=1).encode(SENTENCES)
    assert np.array_equal(one_at_a_time, v_onnx)  # texts run at once: the same vectors


def test_onnx_run_imports_no_torch(onnx_model, tmp_path):
    code = (
        "import sys; from checker.compare.embed import Embedder\n"
        "e = Embedder(cache_path=None, backend='onnx'); v = e.embed(['Hamas holds [NUM] captives'])\n"
        "assert e.backend == 'onnx' and e.computed == 1 and v.shape == (1, 384)\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules))\n"
    )
    env = {**os.environ, "CHECKER_MODEL_DIR": str(onnx_model.parent)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]" and proc.stderr == ""


@pytest.mark.model
def test_a_cold_report_with_the_export_in_place_imports_no_torch(onnx_model, tmp_path, no_env):
    """The default run end to end on an empty cache (parse, embed, judge, report): neither
    torch nor transformers is imported; spaCy's thinc is kept off torch (read/parser.py)."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['checker', 'report', 'seeds', '--format', 'json', '--out', sys.argv[1]]\n"
        "try:\n    runpy.run_module('checker', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print(code, sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules), 'spacy' in sys.modules)\n"
    )
    out = tmp_path / "report.json"
    env = {**os.environ, "CHECKER_MODEL_DIR": str(onnx_model.parent),
           "CHECKER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    status, *rest = proc.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status in ("0", "1", "None"), proc.stdout  # 1: findings at the failing level
    assert rest == ["[] True"], proc.stdout  # parsed (cold), and no torch on the way
    import json

    report = json.loads(out.read_text())
    assert report["timings"]["embedded_by_model"] > 0  # cold: the model really embedded


def test_the_backends_are_the_registered_encoders():
    """A backend is an entry of embed.ENCODERS: what config and the CLI accept follows it."""
    from checker.compare import embed

    assert embed.BACKENDS == tuple(embed.ENCODERS) == ("onnx", "torch")
    with pytest.raises(embed.CheckerError, match="choose one of onnx, torch"):
        embed.chosen_backend("tensorflow")


def test_an_upgraded_embedding_library_embeds_anew(tmp_path, monkeypatch):
    """The cache keys texts with the backend's version (core.versions.embedding): a new
    sentence-transformers (or torch, or model package) is never served the old vectors."""
    from checker.core import versions

    cache = tmp_path / "e.sqlite"
    fake = np.zeros((1, DIM), dtype=np.float32)
    fake[0, 0] = 1.0
    first = Embedder(cache_path=cache, backend="torch")
    monkeypatch.setattr(first, "_encode", lambda texts: np.repeat(fake, len(texts), axis=0))
    first.embed(SENTENCES[:2])
    assert first.computed == 2
    same = Embedder(cache_path=cache, backend="torch")
    same.embed(SENTENCES[:2])
    assert same.computed == 0 and same._model is None  # served from the cache
    before = same.version
    real = versions.library
    monkeypatch.setattr(
        versions, "library", lambda n: "99.0" if n == "sentence-transformers" else real(n)
    )
    versions.clear()
    upgraded = Embedder(cache_path=cache, backend="torch")
    monkeypatch.setattr(upgraded, "_encode", lambda texts: np.repeat(fake, len(texts), axis=0))
    upgraded.embed(SENTENCES[:2])
    assert upgraded.computed == 2 and upgraded.version != before
    versions.clear()
