"""``cwatch cases``: government falls and near misses with their coalitions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .. import api
from .common import DbOption, JsonOption, console, names_options, print_json, sources_text, store_for, usage_errors

app = typer.Typer(help="Government falls to armed coalitions, and near misses.", no_args_is_help=True)


@app.command("list")
def list_cases(db: DbOption = None,
               outcome: Annotated[Optional[str], typer.Option(help="fall or near_miss")] = None,
               json_out: JsonOption = False) -> None:
    """All cases, oldest first. Example: cwatch cases list --outcome fall"""
    with usage_errors(outcome="--outcome"):
        rows = api.list_cases(store=store_for(db), outcome=outcome)
    if json_out:
        print_json(rows)
        return
    table = Table("id", "date", "country", "capital", "outcome", "coalition")
    for c in rows:
        table.add_row(c["id"], c["date"], c["country"], c["capital"] or "", c["outcome"], ", ".join(c["coalition"]))
    console.print(table)


@app.command("show")
@names_options()
def show(case_id: Annotated[str, typer.Argument(metavar="CASE", help="Case id, e.g. afg-2021.")],
         db: DbOption = None, json_out: JsonOption = False) -> None:
    """A case's coalition members and the sourced relations among them. Example: cwatch cases show syr-2024"""
    profile = api.case_profile(case_id, store=store_for(db))
    if json_out:
        print_json(profile)
        return
    console.print(Text.assemble("\n", (profile["id"], "bold"), f": {profile['country']} – {profile['capital'] or ''}, "
                                f"{profile['date']} ({profile['outcome'].replace('_', ' ')})"))
    if profile["note"]:
        console.print(profile["note"], markup=False)
    members = Table("member", "kind", "ideology", "origin", title="Coalition")
    for m in profile["members"]:
        members.add_row(f"{m['name']} ({m['id']})", m["kind"], ", ".join(m["ideology"]), m["origin"] or "")
    console.print(members)
    relations = Table("type", "between", "period", "sources", title="Relations among members")
    for r in profile["relations"]:
        relations.add_row(r["type"], f"{r['source_name']} – {r['target_name']}",
                          f"{r['valid_from'] or '?'} – {r['valid_to'] or 'present'}", Text(sources_text(r["source_details"])))
    console.print(relations)
    console.print(f"case sources: {sources_text(profile['source_details'])}", markup=False)
