"""``cwatch ingest DATASET FILE_OR_URL...`` and ``cwatch events aggregate``."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .common import DbOption, JsonOption, console, err_console, names_options, print_json, require_store, store_for

events_app = typer.Typer(no_args_is_help=True, help="Read events back: aggregates on DuckDB, Spark or BigQuery.")


@names_options()
def ingest(dataset: Annotated[str, typer.Argument(help="One of: ucdp-ged, ucdp-acd, ucdp-dyadic, ucdp-termination, ucdp-actors, acled, gtd, gdelt.")],
           sources: Annotated[List[str], typer.Argument(help="Files or URLs (UCDP API, ACLED API, downloads).")],
           version: Annotated[Optional[str], typer.Option("--version", help="Dataset version (default: from the file).")] = None,
           db: DbOption = None, as_json: JsonOption = False) -> None:
    """Load dataset files into the store. Example: cwatch ingest ucdp-ged ged_syria_2016_2017.csv"""
    from ..ingest import api as ingest_api  # heavy (ibis, pandas): load on use

    ingest_api.check_sources(dataset, sources)  # a bad dataset or file creates no store
    store = store_for(db, create=True)  # ingesting creates the store (README: ingest, then risk --db)
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=as_json or not err_console.is_terminal) as bar:
        task = bar.add_task("loading", total=1.0)

        # each file's summary is printed when its load ends, so an error in a later file does
        # not hide what the earlier ones stored
        summaries = ingest_api.ingest(store, dataset, sources, version=version,
                                      progress=lambda step, frac: bar.update(task, description=step, completed=frac),
                                      loaded=None if as_json else print_summary)
    if as_json:
        print_json([s.as_dict() for s in summaries])


#: quarantined rows printed under a file's summary
SHOWN_QUARANTINED = 5


def print_summary(summary) -> None:
    """A file's one-line summary and up to :data:`SHOWN_QUARANTINED` of its quarantined rows."""
    console.print(f"{summary.file}: {summary.line()}")
    shown = summary.quarantine_sample[:SHOWN_QUARANTINED]
    for q in shown:
        last = q.get("last_line")
        where = f"lines {q['line']}–{last}" if last and q["line"] is not None and last > q["line"] else f"line {q['line']}"
        console.print(f"  quarantined {where}: {q['field'] or '-'}: {q['reason']}")
    more = summary.rows_quarantined - len({q["line"] for q in shown})
    if shown and more > 0:
        console.print(f"  and {more} more quarantined (all in the store's quarantine table)")


@events_app.command("aggregate")
@names_options(url="--backend")
def aggregate(name: Annotated[str, typer.Argument(help="country-month, admin1-month, violence-type, distinct-actors, "
                                                       "fighting-government or distance-to-capital.")],
              backend: Annotated[Optional[str], typer.Option("--backend", help="duckdb://PATH, pyspark://local or bigquery://PROJECT/DATASET.")] = None,
              country: Annotated[Optional[str], typer.Option("--country", help="ISO3 code or name, e.g. SYR or Syria.")] = None,
              dataset: Annotated[Optional[str], typer.Option(
                  "--dataset", help="Only events of this ingested dataset: ucdp-ged, acled, gtd or gdelt (default: all).")] = None,
              db: DbOption = None, as_json: JsonOption = False) -> None:
    """Run an event aggregate. Example: cwatch events aggregate country-month --country SYR"""
    from ..ingest import api as ingest_api  # heavy (ibis, pandas): load on use

    # the store named by --db/$CWATCH_DB or the default one is read (by Spark, a copy of it)
    # unless another backend is named; a missing one is a one-line error before Spark starts
    store_path = require_store(db) if backend is None or backend.startswith("pyspark://") else None
    frame = ingest_api.aggregate(name, db=store_path, backend=backend, dataset=dataset, country=country)
    if as_json:
        print_json(frame.to_dict(orient="records"))
        return
    table = Table(*[str(c) for c in frame.columns])
    for row in frame.head(200).itertuples(index=False):
        table.add_row(*[f"{v:.1f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
