"""The typer app, the options commands share, and how a run ends: output, errors, exit code.

Exit codes: 0 no finding at the ``--fail-on`` level (default ``error``, or
``fail_on`` in the configuration) or above, 1 at least one, 2 bad usage,
unreadable input or a bad configuration (one line on stderr naming the file
and line). The commands live beside this module, one module per group; each
parses its options, calls :mod:`checker.api` and prints.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerWarning
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


def fail(exc: Exception | str) -> typer.Exit:
    typer.echo(f"checker: error: {exc}", err=True)
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
    typer.echo(f"wrote {out} ({counts})", err=True)


def write_stdout(text: str) -> None:
    """Print ``text``; a full disk or a closed pipe on stdout is a one-line error (exit 2)."""
    try:
        typer.echo(text, nl=False)
    except OSError as exc:
        # Point stdout at /dev/null: Python's own flush at exit would fail again, loudly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        if exc.errno == errno.EPIPE:  # the reader went away ("| head"): nothing to tell it
            raise typer.Exit(2) from None
        raise fail(f"cannot write the report to standard output: {exc.strerror or exc}") from None


def _warning_printer(default):
    """Our own warnings (an input read not quite as written) as one line on stderr; other
    libraries' warnings as Python prints them."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, CheckerWarning):
            typer.echo(f"checker: warning: {message}", err=True)
        else:
            default(message, category, filename, lineno, file, line)

    return show


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a usage error is one line on stderr (exit 2), like every other error.

    Click's own exception classes are not imported: typer vendors click in recent
    releases, so the usage errors are recognised by their ``format_message`` method.
    """
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
            typer.echo(f"{where}: error: {exc.format_message()}{hint}", err=True)
        code = getattr(exc, "exit_code", 2)
    sys.exit(code if isinstance(code, int) else 0)
