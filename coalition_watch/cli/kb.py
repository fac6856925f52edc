"""``cwatch kb``: validate and load the knowledge base."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from .. import api
from .common import DbOption, JsonOption, KbDirOption, console, print_json

app = typer.Typer(help="Validate and load the curated knowledge base.", no_args_is_help=True)


@app.command("validate")
def validate(kb: KbDirOption = None, json_out: JsonOption = False) -> None:
    """Check the KB files: ids, dates, sources, aliases. Example: cwatch kb validate"""
    problems = api.validate_kb(kb)
    if json_out:
        print_json({"valid": not problems, "problems": [p.__dict__ for p in problems]})
    else:
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        if not problems:
            console.print("knowledge base is valid")
    if problems:
        raise typer.Exit(1)


@app.command("load")
def load(db: DbOption = None, kb: KbDirOption = None, json_out: JsonOption = False) -> None:
    """Validate the KB and write it into the store (one transaction). Example: cwatch kb load --db my.duckdb"""
    knowledge = api.read_kb(kb)  # a bad folder stops here, before a store file is created
    store = api.init_store(db)
    summary = api.load_kb(store, knowledge)
    if json_out:
        print_json(summary.__dict__)
        return
    table = Table("what", "rows", title=f"Knowledge base loaded into {store.path}")
    for key in ("sources", "actors", "aliases", "lineage", "relations", "cases"):
        table.add_row(key, str(getattr(summary, key)))
    console.print(table)
