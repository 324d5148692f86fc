"""The editor's commands over a coverage store: ``index``, ``check`` and ``track``, and the
``store`` group that looks after the store itself.

``checker index PATHS`` adds articles to the store (incremental, idempotent,
safe to kill); ``checker check DRAFT`` compares a draft's figures with
everything stored; ``checker track QUERY`` shows how a figure moved over time;
``checker store verify [STORE]`` checks everything the store holds (exit 0 whole, 1 damaged).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError, InputError, one_line
from ._lazy import LazyModule, lazy_function
from .app import (
    ColorOption,
    ConfigOption,
    DateOption,
    FailOnOption,
    Format,
    FormatOption,
    OutOption,
    PathsArgument,
    RulesOption,
    app,
    emit,
    exit_code,
    fail,
    parse_day,
)
from .progress import index_bar, wanted

api = LazyModule("checker.api")
read_documents = lazy_function("checker.read.documents", "read_documents")
render = lazy_function("checker.report", "render")
track_plot = lazy_function("checker.report", "track_plot")
track_table = lazy_function("checker.report", "track_table")

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Store file (default: config 'store', else .checker/store.sqlite here).",
        show_default=False,
    ),
]


# --------------------------------------------------------------------------- index


@app.command()
def index(
    paths: PathsArgument,
    store: StoreOption = None,
    config: ConfigOption = None,
    rules: RulesOption = None,
    date: DateOption = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Read claims on a local Dask cluster of N processes (one thread each).",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Read claims on the running Dask cluster at this address (tcp://HOST:PORT).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Stop after N new articles (a later run indexes the rest).",
            show_default=False,
        ),
    ] = None,
    across_languages: Annotated[
        bool,
        typer.Option(
            "--across-languages",
            help="Also keep multilingual vectors of every article (from now on, for this "
            "store), so drafts meet stored articles in other languages; indexing takes about "
            "1.7 times as long.",
        ),
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", hidden=True, min=1)] = 16,
) -> None:
    """Add articles to the store: incremental (unchanged files cost nothing) and safe to kill."""
    day = parse_day(date)
    if workers is not None and scheduler is not None:
        raise fail("give --workers or --scheduler, not both")
    try:
        cfg = api.configured(config)
        with api.open_store(cfg, store) as st:
            where = (f"on {workers} Dask workers" if workers else
                     f"on the Dask cluster at {scheduler}" if scheduler else "")  # fmt: skip
            with index_bar(wanted(progress), where) as tell:
                summary = api.index(
                    st, paths, rules, config=cfg, batch_size=batch_size, default_date=day,
                    on_progress=tell, workers=workers, scheduler=scheduler, limit=limit,
                    across_languages=across_languages,
                )  # fmt: skip
            counts = st.counts()
    except CheckerError as exc:
        raise fail(exc) from None
    typer.echo(one_line(summary.line()), err=True)
    typer.echo(one_line(
        f"store {store or cfg.store_path()}: {counts['documents']} articles, "
        f"{counts['claims']} claims, {counts['embeddings']} distinct embedded texts"
    ), err=True)  # fmt: skip


@app.command("check")
def check_cmd(
    drafts: Annotated[
        list[Path], typer.Argument(help="The draft(s) to check (.txt, .md, .jsonl).")
    ],
    store: StoreOption = None,
    fmt: FormatOption = Format.text,
    out: OutOption = None,
    config: ConfigOption = None,
    rules: RulesOption = None,
    fail_on: FailOnOption = None,
    color: ColorOption = None,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Record the findings in the store.")
    ] = True,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Date (YYYY-MM-DD) for drafts that give none (default: today)."
        ),
    ] = None,
) -> None:
    """Check a draft's figures against the stored articles of its story (exit 1 at --fail-on)."""
    day = parse_day(date)
    try:
        cfg = api.configured(config)
        docs = read_documents(drafts)
        with api.open_store(cfg, store, create=False) as st:
            record = ", ".join(map(str, drafts)) if history else None
            result = api.check_draft(st, docs, rules, config=cfg, default_date=day, record=record)
    except CheckerError as exc:
        raise fail(exc) from None
    use_color = (out is None and sys.stdout.isatty()) if color is None else color
    options = {"prefer": {d.id for d in docs}} if fmt is Format.github else {}
    if fmt is Format.html and len(docs) == 1:  # the page opens with the draft view
        options = {"draft": docs[0].id}
    text = render(result, fmt.value, color=use_color and fmt is Format.text, **options)
    emit(text, out, result)
    raise typer.Exit(exit_code(result, fail_on.value if fail_on else cfg.fail_on))


@app.command()
def track(
    query: Annotated[str, typer.Argument(help='What to follow, e.g. "hostages held by Hamas".')],
    store: StoreOption = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the timeline to FILE (.png or .svg)."),
    ] = None,
    min_similarity: Annotated[
        float, typer.Option("--min-similarity", help="Cosine a claim needs to match the query.")
    ] = 0.5,
    config: ConfigOption = None,
    rules: RulesOption = None,
) -> None:
    """Every stored claim matching QUERY as a timeline: a table, and a plot with --plot."""
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise fail(InputError(str(plot), None, "plot file must end in .png or .svg"))
    try:
        cfg = api.configured(config)
        with api.open_store(cfg, store, create=False) as st:
            found = api.track(st, query, rules, config=cfg, min_similarity=min_similarity)
    except CheckerError as exc:
        raise fail(exc) from None
    typer.echo(track_table(found), nl=False)
    if plot is not None:
        try:
            n = track_plot(found, query, plot)
        except OSError as exc:
            raise fail(f"{plot}: cannot write: {exc.strerror or exc}") from None
        typer.echo(one_line(f"wrote {plot} ({n} dated claims)"), err=True)


# --------------------------------------------------------------------------- store

store_app = typer.Typer(
    name="store",
    help="Look after the coverage store itself.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(store_app, name="store")


@store_app.command("verify")
def store_verify(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The store file (default: config 'store', else .checker/store.sqlite here).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Check everything the store holds: the file, its pages, every row, the references
    between rows, every vector, the vector index against the table (exit 0 whole, 1 damaged).
    """
    try:
        where = path or api.configured(config).store_path()
        audit = api.verify_store(where)
    except CheckerError as exc:
        raise fail(exc) from None
    typer.echo("\n".join(audit.lines()))
    raise typer.Exit(1 if audit.problems else 0)
