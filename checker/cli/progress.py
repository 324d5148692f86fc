"""Progress bars on stderr for long commands: shown on a terminal, silent otherwise.

:func:`bar` gives the callback :func:`checker.api.check` takes (``progress(stage, done,
total)``): one line that names the stage, counts what is done (articles while claims are
read, a spinner while the model embeds) and the time left. :func:`index_bar` gives the one
:func:`checker.api.index` takes (``on_progress(done, total)``): articles done, articles/s and
time left. Both are transient: the report or summary that follows is not mixed with them, and
nothing of them reaches a file or a pipe. The library draws nothing; only these do.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: What a stage is called on the bar.
LABELS = {
    "reading": "reading articles",
    "claims": "reading claims",
    "embedding": "embedding",
    "matching": "matching",
    "rules": "judging",
}


def wanted(option: bool | None) -> bool:
    """``--progress/--no-progress``, or by default: only when stderr is a terminal."""
    return sys.stderr.isatty() if option is None else option


@contextmanager
def bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """Yields the callback, or None when ``enabled`` is false (nothing is imported then)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    shown = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = shown.add_task(LABELS["reading"], total=None)

    def tell(stage: str, done: int, total: int) -> None:
        shown.update(
            task, description=LABELS.get(stage, stage), completed=done, total=total or None
        )

    with shown:
        yield tell


@contextmanager
def index_bar(enabled: bool, where: str = "") -> Iterator[Callable[[int, int], None] | None]:
    """Yields ``on_progress(done, total)`` for ``checker index``, or None when not ``enabled``."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} articles/s" if speed else "- articles/s")

    label = f"indexing {where}".strip()
    shown = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = shown.add_task("index", total=None)

    def tell(done: int, total: int) -> None:
        if total:  # nothing to index: no bar at all
            if not shown.live.is_started:
                shown.start()
            shown.update(task, completed=done, total=total)

    try:
        yield tell
    finally:
        shown.stop()
