"""Texts embedded on a second thread while the caller goes on with other work.

A cold report parses every sentence (spaCy, on one core) and then embeds every claim's two
texts and every article's two lead texts (the model, one text at a time): two long stages,
one after the other, on a machine with two cores. :class:`EmbedAhead` takes texts as the
parse gives them and embeds them on a thread of its own, so the model works while the parser
does; the vectors land in the embedder's cache, where the embedding stage reads them back.

It never changes a result: each text is embedded alone (the int8 model's vector of a text
does not depend on its neighbours, :mod:`checker.compare.embed_onnx`), and a cold run reads the
cache's rounded vectors whether they were written ahead or by the stage itself. A failure on
the thread is dropped: the stage embeds what is missing itself and raises what it raises.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from types import TracebackType


class EmbedAhead:
    """``embed`` run on a thread of its own over the batches :meth:`submit` gives, in order.

    Used as a context manager: leaving the block waits for the thread to finish what it was
    given (the stage that follows reads the cache it fills), or, on an exception, stops it
    after the batch in hand."""

    def __init__(self, embed: Callable[[list[str]], object]) -> None:
        self._embed = embed
        self._queue: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        #: What the thread raised, if anything (the stage after it embeds the rest itself).
        self.failed: BaseException | None = None
        #: Texts handed to the thread.
        self.submitted = 0

    def submit(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` on the thread (started with the first batch)."""
        if not texts or self._stop.is_set():
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="checker-embed", daemon=True)
            self._thread.start()
        self.submitted += len(texts)
        self._queue.put(list(texts))

    @property
    def started(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        while (texts := self._queue.get()) is not None:
            if self._stop.is_set() or self.failed is not None:
                continue  # drain: the stage after it embeds what is left
            try:
                self._embed(texts)
            except BaseException as exc:  # noqa: BLE001 (the stage raises it again itself)
                self.failed = exc

    def finish(self, stop: bool = False) -> None:
        """Wait for the thread to embed what it was given (``stop``: only the batch in hand)."""
        if self._thread is None:
            return
        if stop:
            self._stop.set()
        self._queue.put(None)
        self._thread.join()
        self._thread = None

    def __enter__(self) -> EmbedAhead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(stop=kind is not None)
