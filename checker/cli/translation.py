"""``checker translation``: every figure of an original checked in its translation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError
from ._lazy import LazyModule, lazy_function
from .app import (
    ColorOption,
    ConfigOption,
    FailOnOption,
    Format,
    FormatOption,
    OutOption,
    RulesOption,
    app,
    emit,
    exit_code,
    fail,
)

api = LazyModule("checker.api")
render = lazy_function("checker.report", "render")

LanguageOption = Annotated[
    str | None,
    typer.Option(
        help="Its language (ISO 639-1, e.g. id, en); by default front matter, else detected."
    ),
]


@app.command()
def translation(
    source: Annotated[Path, typer.Argument(help="The original: one .txt or .md article.")],
    target: Annotated[Path, typer.Argument(help="Its translation: one .txt or .md article.")],
    fmt: FormatOption = Format.text,
    out: OutOption = None,
    rules: RulesOption = None,
    color: ColorOption = None,
    config: ConfigOption = None,
    fail_on: FailOnOption = None,
    source_language: LanguageOption = None,
    target_language: LanguageOption = None,
) -> None:
    """Check every figure of an original in its translation: changed, scale slipped, separator
    kept, left out, or added. Same formats and exit codes as `report`."""
    try:
        cfg = api.configured(config)
        result = api.check_translation_files(
            source, target, source_language, target_language, rules, config=cfg
        )
    except CheckerError as exc:
        raise fail(exc) from None
    use_color = (out is None and sys.stdout.isatty()) if color is None else color
    # annotations stand on the translation, the file an editor corrects
    options = {"prefer": {result.documents[1].id}} if fmt is Format.github else {}
    text = render(result, fmt.value, color=use_color and fmt is Format.text, **options)
    emit(text, out, result)
    raise typer.Exit(exit_code(result, fail_on.value if fail_on else cfg.fail_on))
