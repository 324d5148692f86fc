"""``checker serve``: the editor's desk, a local web page over the same api (see
:mod:`checker.web`)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import CheckerError, one_line
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
    create: Annotated[
        bool,
        typer.Option(
            "--create", help="Start an empty store when the store file does not exist yet."
        ),
    ] = False,
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
        desk = Desk(
            store=store, folder=where, config=config, rules=rules, token=token, create=create
        )
    except CheckerError as exc:
        raise fail(exc) from None
    import uvicorn

    for line in addresses(host, port, token):
        typer.echo(one_line(f"checker: {line}"), err=True)
    typer.echo(one_line(f"checker: store {desk.store_path}; Ctrl+C stops"), err=True)
    uvicorn.run(create_app(desk), host=host, port=port, log_level="warning")


def addresses(host: str, port: int, token: str | None) -> list[str]:
    """Where the desk can be opened: this machine's address and, when it listens on every
    interface, one a colleague can open (the machine's name and its LAN address; 0.0.0.0 is
    no address a browser elsewhere can reach)."""
    query = f"?token={token}" if token else ""

    def url(name: str) -> str:
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/{query}"

    if host not in ("0.0.0.0", "::", ""):
        return [f"the editor's desk is at {url(host)}"]
    here = url("127.0.0.1" if host != "::" else "::1")
    others = [url(name) for name in dict.fromkeys((socket.gethostname(), lan_address())) if name]
    lines = [f"the editor's desk is at {here} on this machine"]
    if others:
        lines.append(f"colleagues on this network open {' or '.join(others)}")
    return lines


def lan_address() -> str | None:
    """The address this machine would reach the network from (a UDP socket's own address:
    nothing is sent), or None without a route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet leaves
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
