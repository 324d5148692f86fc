"""`checker verify`: one statement against a source, as an editor checks a sentence of a draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import api
from ..documents import read_documents
from ..errors import CheckerError
from .app import ConfigOption, RulesOption, app, fail


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
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "label": verdict.label,
                    "figures": [
                        {
                            "text": c.claim.quantity.text,
                            "label": c.label,
                            "reason": c.reason,
                            "source": c.source.quantity.text if c.source else None,
                            "source_sentence": c.source.sentence_text if c.source else None,
                        }
                        for c in verdict.checks
                    ],
                    "findings": [
                        {
                            "rule": f.rule,
                            "verdict": f.verdict,
                            "level": f.level,
                            "message": f.message,
                        }
                        for f in verdict.findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        typer.echo(verdict.label.upper())
        for c in verdict.checks:
            typer.echo(f"  {c.claim.quantity.text}: {c.label} — {c.reason}")
            if c.source is not None:
                typer.echo(f"      source: {' '.join(c.source.sentence_text.split())}")
        if not verdict.checks:
            typer.echo("  the statement has no figure to check")
    bad = verdict.label == "contradicted" or (strict and verdict.label != "supported")
    raise typer.Exit(1 if bad else 0)
