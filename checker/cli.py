"""The command line: parse options, call the library, write the report, set the exit code.

Exit codes: 0 no finding at the ``--fail-on`` level (default ``error``, or
``fail_on`` in the configuration) or above, 1 at least one, 2 bad usage,
unreadable input or a bad configuration (one line on stderr naming the file
and line). ``index``, ``check`` and ``track`` live in :mod:`checker.cli_store`.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import CheckerError, InputWarning

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


def _fail(exc: Exception) -> typer.Exit:
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
    from .model import LEVEL_RANK

    worst = result.worst_level
    return 1 if worst is not None and LEVEL_RANK[worst] >= LEVEL_RANK[fail_on] else 0


@app.command()
def report(
    paths: PathsArgument,
    fmt: FormatOption = Format.text,
    out: OutOption = None,
    rules: RulesOption = None,
    color: ColorOption = None,
    config: ConfigOption = None,
    fail_on: FailOnOption = None,
    date: DateOption = None,
    timeline: Annotated[
        bool,
        typer.Option("--timeline", help="List each tracked claim's values by date instead."),
    ] = False,
) -> None:
    """Compare the figures in a set of articles and report what agrees, conflicts or moved."""
    from .config import load_config
    from .pipeline import check
    from .report import render

    day = parse_day(date)
    try:
        cfg = load_config(config)
        result = check(paths, cfg.rule_pack(rules), default_date=day)
    except CheckerError as exc:
        raise _fail(exc) from None
    use_color = (out is None and sys.stdout.isatty()) if color is None else color
    if timeline:
        text = _timeline_text(result, fmt)
    else:
        text = render(result, fmt.value, color=use_color and fmt is Format.text)
    emit(text, out, result)
    raise typer.Exit(exit_code(result, fail_on.value if fail_on else cfg.fail_on))


def emit(text: str, out: Path | None, result) -> None:
    """Print the report, or write it to ``out`` and say so on stderr with the counts."""
    if out is None:
        write_stdout(text if text.endswith("\n") else text + "\n")
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{out}: cannot write: {exc.strerror or exc}") from None
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
        raise _fail(f"cannot write the report to standard output: {exc.strerror or exc}") from None


def _timeline_text(result, fmt: Format) -> str:
    from .timeline import render_timeline, timeline, timeline_dict

    tracks = timeline(result)
    if fmt is Format.json:
        return json.dumps({"timeline": timeline_dict(tracks)}, ensure_ascii=False, indent=2)
    if fmt not in (Format.text, Format.markdown):
        raise _fail(f"--timeline writes text, markdown or json, not {fmt.value}")
    body = render_timeline(tracks)
    return f"```text\n{body}```" if fmt is Format.markdown else body


@app.command()
def claims(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    rules: RulesOption = None,
) -> None:
    """List every claim found: the figure, its interval, its unit (and what a rate is per),
    what it counts, the event, and from the parse its role, agent, modifiers, places and
    times, and purpose."""
    from .claims import extract_claims
    from .documents import read_documents
    from .rules import load_rules

    try:
        pack = load_rules(rules)
        docs = read_documents(paths)
    except CheckerError as exc:
        raise _fail(exc) from None
    for doc in docs:
        for c in extract_claims(doc, pack.semantics):
            q = c.quantity
            unit = f"{q.unit or '-'}/{q.per}" if q.per else q.unit or "-"
            typer.echo(
                f"{c.id}\t{q.kind}\t{q.text!r}\t[{q.low:g}, {q.high:g}]\t{q.approx}"
                f"\t{unit}\t{c.subject or '-'}\t{c.event or '-'}\t{c.role or '-'}"
                f"\t{c.agent or '-'}\t{','.join(c.modifiers) or '-'}"
                f"\t{','.join((*c.places, *c.times)) or '-'}\t{c.purpose or '-'}"
            )


@app.command("rules")
def list_rules(rules: RulesOption = None) -> None:
    """Validate the rule pack and list its rules (id, kind, level, title)."""
    from .rules import load_rules

    try:
        pack = load_rules(rules)
    except CheckerError as exc:
        raise _fail(exc) from None
    for r in pack.rules:
        state = "" if r.enabled else "  (disabled)"
        typer.echo(f"{r.id:24} {r.kind:18} {r.level:8} {r.title}{state}")


def _warning_printer(default):
    """Our own warnings (an input read not quite as written) as one line on stderr; other
    libraries' warnings as Python prints them."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, InputWarning):
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


from checker import cli_store  # noqa: E402, F401  (registers index, check, track)

from . import cli_verify  # noqa: E402,F401  (registers `checker verify`)
