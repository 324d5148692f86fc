"""The typer app, the options commands share, and how a run ends: output, errors, exit code.

Exit codes: 0 no finding at the ``--fail-on`` level (default ``error``, or
``fail_on`` in the configuration) or above, 1 at least one, 2 bad usage,
unreadable input or a bad configuration (one line on stderr naming the file
and line), and 2 too when standard output cannot be written (a full disk, an
I/O error, a closed descriptor: one line on stderr); 141 when standard
output's reader went away (``checker report | head``): nothing is said, as a
Unix tool killed by SIGPIPE (128 + 13). What cannot be written to stderr is
dropped and the exit code stands. Every message printed is one inert line
(:func:`checker.core.errors.one_line`). The commands live beside this module,
one module per group; each parses its options, calls :mod:`checker.api` and
prints.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerWarning, one_line
from ..core.model import LEVEL_RANK

app = typer.Typer(
    name="checker",
    help="Check news articles for consistent figures: agreements, conflicts, updates, artefacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    github = "github"


#: Exit code of a run whose standard output's reader went away: 128 + SIGPIPE, as a shell
#: reports a Unix tool that the signal ended (``checker report | head``).
BROKEN_PIPE = 141


def fail(exc: Exception | str) -> typer.Exit:
    """Say ``exc`` as one inert line on stderr (whatever its text holds: a store's recorded
    backend, a file name) and return the exit (code 2) to raise."""
    typer.echo(f"checker: error: {one_line(str(exc))}", err=True)
    return typer.Exit(2)


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", help="Rules folder (default: the project's rules/).", show_default=False
    ),
]


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="checker.yaml or pyproject.toml (default: the nearest one, from here upwards).",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a finding is at or above this level (default: config, else error).",
        show_default=False,
    ),
]


def parse_day(value: str | None) -> dt.date | None:
    """A ``--date`` option: ISO date or a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint="'--date'"
        ) from None


PathsArgument = Annotated[
    list[Path], typer.Argument(help="Article files or folders (.txt, .md, .jsonl).")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write the report to FILE.")]
ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Highlight numbers (default: on a terminal)."),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="Date (YYYY-MM-DD) for articles that give none."),
]


def exit_code(result, fail_on: str) -> int:
    """1 when a finding reaches ``fail_on``, else 0 (suppressed findings never count)."""
    worst = result.worst_level
    return 1 if worst is not None and LEVEL_RANK[worst] >= LEVEL_RANK[fail_on] else 0


def emit(text: str, out: Path | None, result) -> None:
    """Print the report, or write it to ``out`` and say so on stderr with the counts."""
    if out is None:
        write_stdout(text if text.endswith("\n") else text + "\n")
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    counts = ", ".join(f"{n} {v}" for v, n in result.counts().items())
    typer.echo(one_line(f"wrote {out} ({counts})"), err=True)


def write_stdout(text: str) -> None:
    """Print ``text`` on stdout. A stdout that cannot take it raises :class:`StreamBroken`,
    which :func:`main` ends the run with (exit 2 and one line, or 141 for a closed pipe)."""
    stream = sys.stdout
    if stream is None:  # descriptor 1 was closed when the run started
        raise StreamBroken(OSError(errno.EBADF, "closed"))
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError) as exc:
        _drain(stream)
        raise StreamBroken(exc) from None


class StreamBroken(BaseException):
    """Standard output cannot be written: a full disk, an I/O error, a closed descriptor or
    file (``exc``), or a pipe whose reader went away (:attr:`pipe`).

    A ``BaseException``, as ``SystemExit`` is: no ``except Exception`` on the way (click's
    probe of the stream, a library's fallback) may swallow it and let the run end 0.
    """

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc
        self.pipe = isinstance(exc, OSError) and exc.errno == errno.EPIPE
        closed = isinstance(exc, ValueError) or getattr(exc, "errno", None) == errno.EBADF
        reason = "it is closed" if closed else getattr(exc, "strerror", None) or str(exc)
        super().__init__(f"cannot write to standard output: {reason}")


def _drain(stream) -> None:
    """Point ``stream``'s descriptor at /dev/null, when it has one: what is still in its
    buffer goes there when Python flushes it at exit, instead of failing again, loudly."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, fd)
    except OSError:
        pass
    finally:
        os.close(devnull)


class _Closed:
    """What stands for a standard stream whose descriptor was closed when the run started:
    nothing can be written to it."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def write(self, text: str) -> int:
        if text:
            raise OSError(errno.EBADF, "closed")
        return 0

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("closed")


class _Guarded:
    """``sys.stdout`` or ``sys.stderr`` during a run: every write -- typer's, rich's (help,
    progress bars), Python's warnings -- passes here. A stdout that fails raises
    :class:`StreamBroken` (once; later writes are dropped); a stderr that fails is dropped
    quietly: there is nowhere left to say anything."""

    def __init__(self, stream, name: str) -> None:
        self._stream = stream if stream is not None else _Closed()
        self._name = name
        #: The first failure (later writes are dropped), or None.
        self.broken: StreamBroken | None = None

    def _fail(self, exc: BaseException) -> None:
        self.broken = StreamBroken(exc)
        _drain(self._stream)
        if self._name == "stdout":
            raise self.broken from None

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return self._stream.write(text)
            except (OSError, ValueError) as exc:
                self._fail(exc)
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except (OSError, ValueError) as exc:
                self._fail(exc)

    def isatty(self) -> bool:
        try:
            return not self.broken and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _warning_printer(default):
    """Our own warnings (an input read not quite as written) as one line on stderr; other
    libraries' warnings as Python prints them."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, CheckerWarning):
            typer.echo(f"checker: warning: {one_line(str(message))}", err=True)
        else:
            default(message, category, filename, lineno, file, line)

    return show


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a usage error is one line on stderr (exit 2), like every other error, and
    so is a standard output that cannot be written (exit 2; 141 for a closed pipe, quietly).

    The run writes through guards on ``sys.stdout`` and ``sys.stderr`` (:class:`_Guarded`),
    put back when it ends.
    """
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Guarded(stdout, "stdout"), _Guarded(stderr, "stderr")
    guard = sys.stdout
    try:
        code = _run(argv)
        guard.flush()  # what a print left in a buffer: its failure is the run's too
        if guard.broken is not None:  # raised, and caught on the way by someone
            raise guard.broken
    except StreamBroken as exc:
        if not exc.pipe:  # the reader that went away needs no message
            typer.echo(f"checker: error: {one_line(str(exc))}", err=True)
        code = BROKEN_PIPE if exc.pipe else 2
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    """The run's exit code. Click's own exception classes are not imported: typer vendors
    click in recent releases, so the usage errors are recognised by their ``format_message``
    method."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _warning_printer(warnings.showwarning)
            code = app(args=argv, prog_name="checker", standalone_mode=False)
    except typer.Abort:
        typer.echo("checker: aborted", err=True)
        code = 130
    except Exception as exc:
        if not hasattr(exc, "format_message"):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help(), err=True)
        else:
            where = ctx.command_path if ctx is not None else "checker"
            hint = f" (see '{where} --help')" if ctx is not None else ""
            typer.echo(f"{where}: error: {one_line(exc.format_message())}{hint}", err=True)
        code = getattr(exc, "exit_code", 2)
    return code if isinstance(code, int) else 0
