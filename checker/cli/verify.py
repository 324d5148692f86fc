"""`checker verify`: one statement against a source, as an editor checks a sentence of a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError
from ._lazy import LazyModule, lazy_function
from .app import ConfigOption, RulesOption, app, fail

api = LazyModule("checker.api")
read_documents = lazy_function("checker.read.documents", "read_documents")
render_verdict_json = lazy_function("checker.report", "render_verdict_json")
render_verdict_text = lazy_function("checker.report", "render_verdict_text")


@app.command()
def verify(
    statement: Annotated[str, typer.Argument(help="The sentence to check.")],
    source: Annotated[
        list[Path],
        typer.Option("--source", "-s", help="Article(s) the statement should agree with."),
    ],
    rules: RulesOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 for unsupported figures too, not only contradicted."),
    ] = False,
) -> None:
    """Does the source support the statement's figures? supported / contradicted / unsupported.

    Exit code 1 when contradicted (or, with --strict, not supported), 2 on bad input.
    """
    try:
        docs = read_documents(source)
        verdict = api.verify(statement, docs, rules, config=api.configured(config))
    except CheckerError as exc:
        raise fail(exc) from None
    typer.echo(render_verdict_json(verdict) if as_json else render_verdict_text(verdict), nl=False)
    bad = verdict.label == "contradicted" or (strict and verdict.label != "supported")
    raise typer.Exit(1 if bad else 0)
