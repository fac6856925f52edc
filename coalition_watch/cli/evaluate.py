"""``cwatch eval``: measure the resolver (and, later, extraction) on real public data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .. import api
from ..paths import shared_dir
from ..registry.coverage import mmp_coverage, ucdp_coverage
from .common import DbOption, JsonOption, console, print_json, store_for

app = typer.Typer(help="Measure resolution and extraction quality on public data.", no_args_is_help=True)


@app.command("resolver")
def resolver(db: DbOption = None,
             mmp: Annotated[Optional[Path], typer.Option(help="MMP groups.csv")] = None,
             ucdp: Annotated[Optional[Path], typer.Option(help="UCDP actor list CSV")] = None,
             json_out: JsonOption = False) -> None:
    """Share of MMP and UCDP actor-list names that resolve. Example: cwatch eval resolver --json"""
    mmp = mmp or shared_dir() / "data/mmp/groups.csv"
    ucdp = ucdp or shared_dir() / "data/ucdp/actor_list_v22_1.csv"
    for path in (mmp, ucdp):
        if not path.is_file():
            raise typer.BadParameter(f"file not found: {path}")
    index = api.resolver(store_for(db))
    report = {"mmp": mmp_coverage(index, mmp), "ucdp": ucdp_coverage(index, ucdp)}
    if json_out:
        print_json(report)
        return
    m, u = report["mmp"], report["ucdp"]
    console.print(f"MMP: {m['resolved']}/{m['names']} names resolve ({m['resolved_rate']:.0%}); "
                  f"{m['linked_correct']}/{m['linked_by_id']} KB-linked groups resolve to the right actor")
    table = Table("theatre", "names", "resolved", "rate", title="UCDP actor list")
    for iso3, t in u["theatres"].items():
        table.add_row(iso3, str(t["names"]), str(t["resolved"]), f"{t['resolved_rate']:.0%}")
    table.add_row("all", str(u["names"]), str(u["resolved"]), f"{u['resolved_rate']:.0%}")
    console.print(table)
