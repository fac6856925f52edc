"""``cwatch brief``, ``cwatch serve`` and ``cwatch export``: briefings, the web app and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from .common import DbOption, JsonOption, console, print_json, store_for


def _outputs_api():
    """The outputs API, imported on use: it pulls in networkx and Jinja2, which other commands
    do not need at start-up."""
    from ..outputs import api

    return api

CountryArg = Annotated[str, typer.Argument(metavar="COUNTRY", help="ISO3 code or name, e.g. AFG or Syria.")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Briefing date YYYY-MM-DD, or YYYY-MM for the month's last day (default today).")]


def brief(country: CountryArg, as_of: AsOfOption = None,
          out: Annotated[Optional[Path], typer.Option("--out", help="Write a self-contained HTML file.")] = None,
          skip: Annotated[Optional[list[str]], typer.Option("--skip", help="Leave out an optional part: network or risk (repeatable).")] = None,
          db: DbOption = None, json_out: JsonOption = False) -> None:
    """A country briefing in the terminal, and optionally as one offline HTML file.

    Example: cwatch brief AFG --as-of 2021-08-15 --out afg-2021.html
    """
    if out is not None and out.suffix.lower() not in (".html", ".htm"):
        raise InputError("a briefing is one HTML file: give --out a name ending in .html "
                         "(for images or tables of the graph use 'cwatch export')", file=str(out), field="--out")
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
    _outputs_api().serve(store_for(db), host=host, port=port, token=token)


def export(country: CountryArg,
           fmt: Annotated[str, typer.Option("--format", help="graphml, gexf, png, svg, members-csv or relations-csv.")],
           out: Annotated[Path, typer.Option("--out", help="Output file.")],
           as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Export a country's coalition graph or tables. Example: cwatch export SYR --format gexf --out syr.gexf"""
    path = _outputs_api().export(store_for(db), country, as_of, fmt, out)
    console.print(f"{fmt} written to {path}")
