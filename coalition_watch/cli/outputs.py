"""``cwatch brief``, ``cwatch serve`` and ``cwatch export``: briefings, the web app and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import api
from ..errors import InputError
from .common import DbOption, JsonOption, console, names_options, print_json, require_store, store_for


def _outputs_api():
    """The outputs API, imported on use: it pulls in networkx and Jinja2, which other commands
    do not need at start-up."""
    from ..outputs import api

    return api

CountryArg = Annotated[str, typer.Argument(metavar="COUNTRY", help="ISO3 code or name, e.g. AFG or Syria.")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Briefing date YYYY-MM-DD, or YYYY-MM for the month's last day (default today).")]


@names_options(path="--out")
def brief(country: CountryArg, as_of: AsOfOption = None,
          out: Annotated[Optional[Path], typer.Option("--out", help="Write a self-contained HTML file.")] = None,
          skip: Annotated[Optional[list[str]], typer.Option("--skip", help="Leave out an optional part: network or risk (repeatable).")] = None,
          db: DbOption = None, json_out: JsonOption = False) -> None:
    """A country briefing in the terminal, and optionally as one offline HTML file.

    Example: cwatch brief AFG --as-of 2021-08-15 --out afg-2021.html
    """
    if out is not None and not out.is_dir() and out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"cannot write {out}: a briefing is one HTML file, give a name ending in .html "
                         "(for images or tables of the graph use 'cwatch export')", field="--out")
    if out is not None:
        _outputs_api().check_output(out)  # before the terminal summary, as 'cwatch export' does
    briefing = _outputs_api().briefing(store_for(db), country, as_of, skip=tuple(skip or ()))
    if json_out:
        print_json(briefing.to_dict())
    else:
        _outputs_api().print_briefing(briefing, console)
    if out is not None:
        path = _outputs_api().write_briefing(briefing, out)
        (typer.echo if json_out else console.print)(f"briefing written to {path} ({path.stat().st_size / 1e6:.1f} MB)",
                                                    **({"err": True} if json_out else {}))


def serve(host: Annotated[str, typer.Option(help="Address to bind; anything but loopback needs --token.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8765,
          token: Annotated[Optional[str], typer.Option(envvar="CWATCH_TOKEN", help="Access token required on every request.")] = None,
          db: DbOption = None) -> None:
    """Run the web app (search, groups, countries, coalitions, risk, review queue, JSON API).

    Example: cwatch serve --port 8765, then open http://127.0.0.1:8765/
    """
    from ..outputs.web import check_bind

    check_bind(host, token)
    path = require_store(db)
    check_port_free(host, port)
    # the app attaches the store per request and holds no lock in between (SessionStore), so
    # other cwatch commands keep working on the same file while it runs
    _outputs_api().serve(api.open_session_store(path, create=False), host=host, port=port, token=token)


def check_port_free(host: str, port: int) -> None:
    """A one-line :class:`InputError` when nothing can listen on ``host``:``port`` (another
    ``cwatch serve`` on it, say), instead of the server's start-up trace. Binds the way uvicorn
    does (``SO_REUSEADDR``), so a port left in TIME_WAIT by a server just stopped counts as free."""
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot listen on {host}: {getattr(exc, 'strerror', None) or exc}", field="--host") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {host} is already in use (another cwatch serve?); stop that "
                                 "server or pick another --port", field="--port") from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port") from None


@names_options(path="--out")
def export(country: CountryArg,
           fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, png, svg, members-csv or relations-csv.")],
           out: Annotated[Path, typer.Option("--out", help="Output file.")],
           as_of: AsOfOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Export a country's coalition graph or tables. Example: cwatch export SYR --format gexf --out syr.gexf"""
    path = _outputs_api().export(store_for(db), country, as_of, fmt, out)
    if json_out:
        print_json({"format": fmt, "path": str(path), "bytes": Path(path).stat().st_size})
        return
    console.print(f"{fmt} written to {path}", markup=False)
