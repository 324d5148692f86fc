"""``checker serve``: the editor's desk, a local web page over the same api (see
:mod:`checker.web`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError
from .app import ConfigOption, RulesOption, app, fail
from .store import StoreOption


@app.command()
def serve(
    store: StoreOption = None,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0)] = 8700,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; not loopback needs --token.")
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Secret every request must carry (required off loopback).",
            envvar="CHECKER_TOKEN",
            show_default=False,
        ),
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--folder",
            help="The folder whose files the page may open and index (default: here).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
    rules: RulesOption = None,
) -> None:
    """The editor's desk: check drafts in a browser, figures marked by verdict."""
    from ..web import Desk, create_app, is_loopback

    if not is_loopback(host) and not token:
        raise fail(f"--host {host} is not a loopback address: give --token SECRET too")
    where = folder or Path(".")
    if not where.is_dir():
        raise fail(f"{where}: --folder must be a folder")
    try:
        desk = Desk(store=store, folder=where, config=config, rules=rules, token=token)
    except CheckerError as exc:
        raise fail(exc) from None
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"checker: the editor's desk is at {url} (store {desk.store_path}; Ctrl+C stops)",
               err=True)  # fmt: skip
    uvicorn.run(create_app(desk), host=host, port=port, log_level="warning")
