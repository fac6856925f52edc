"""The ``cwatch`` command line: a thin layer over :mod:`coalition_watch.api`."""

from __future__ import annotations

import sys

import typer

from .. import __version__, api
from ..errors import CoalitionWatchError
from . import actors, cases, evaluate, extract, ingest, kb, network, outputs, risk
from .common import DbOption, console

app = typer.Typer(
    name="cwatch", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Coalition Watch: armed-group coalitions, their relations with evidence, and early warning.")
app.add_typer(kb.app, name="kb")
app.add_typer(actors.app, name="actors")
app.add_typer(cases.app, name="cases")
app.add_typer(evaluate.app, name="eval")
app.command("ingest")(ingest.ingest)
app.add_typer(ingest.events_app, name="events")
network.register(app)
app.command("extract")(extract.extract)
app.add_typer(extract.review_app, name="review")
risk.register(app)
app.command("brief")(outputs.brief)
app.command("serve")(outputs.serve)
app.command("export")(outputs.export)


@app.command("init")
def init(db: DbOption = None) -> None:
    """Create or migrate the store and load the embedded knowledge base. Example: cwatch init --db my.duckdb"""
    store = api.init_store(db)
    summary = api.load_kb(store)
    console.print(f"store {store.path} at schema version {store.schema_version()}: "
                  f"{summary.actors} actors, {summary.relations} relations, {summary.cases} cases")


@app.command("version")
def version() -> None:
    """Print the version."""
    console.print(__version__)


def main() -> None:
    """Entry point: run the app; library errors become one line on stderr and exit code 2."""
    try:
        app()
    except CoalitionWatchError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
