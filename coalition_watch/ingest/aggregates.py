"""Event aggregates as Ibis expressions: the same code runs on DuckDB, PySpark and BigQuery.

Backends are named by URL: ``duckdb://path/to/store.duckdb``, ``pyspark://local`` (the store's
``events``, ``actors`` and the capitals table are exported to Parquet and registered as Spark
views), ``bigquery://project/dataset`` (tables of the same names must exist there).

Measures (per country and calendar month, ``ym`` = year·100 + month):

* ``events``, ``fatalities`` = Σ deaths_best, ``civilian_deaths`` = Σ deaths_civilians;
* ``distinct_actors`` = |⋃ side_a ∪ side_b| over the month's events;
* ``actors_fighting_government`` = distinct non-state actors on the side opposite a state actor
  (registry kind ``state`` or ``state_force``) in the same event;
* distance to the capital, great-circle (haversine, R = 6371.0088 km):
  d = 2R·asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2))); ``min_km``, ``mean_km`` and the
  fatality-weighted mean ``weighted_km`` = Σ dᵢ·bᵢ / Σ bᵢ over events with coordinates.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import ibis

from . import duckdb_compat  # noqa: F401  (Ibis 12 on DuckDB 2)

from ..countries import to_iso3
from ..errors import InputError
from ..store.database import LOCK_WAIT, connect_duckdb, connect_ibis
from ..vocabulary import STATE_KINDS
from .geography import EARTH_RADIUS_KM, capitals

AGGREGATES = ("country-month", "admin1-month", "violence-type", "distinct-actors",
              "fighting-government", "distance-to-capital")


def connect(url: str):
    """An Ibis backend from ``duckdb://path``, ``pyspark://local`` or ``bigquery://project/dataset``."""
    scheme, _, rest = url.partition("://")
    if scheme == "duckdb":
        if not rest or not Path(rest).exists():
            raise InputError(f"no DuckDB store at '{rest}'", field="url")
        return connect_ibis(rest, read_only=True, wait=LOCK_WAIT)
    if scheme == "pyspark":
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise InputError("PySpark is not installed: pip install 'coalition-watch[spark]'",
                             field="url") from None
        master = "local[2]" if rest in ("", "local") else rest
        session = SparkSession.builder.master(master).appName("coalition-watch").getOrCreate()
        return ibis.pyspark.connect(session)
    if scheme == "bigquery":
        project, _, dataset = rest.partition("/")
        if not project or not dataset:
            raise InputError("use bigquery://PROJECT/DATASET", field="url")
        try:
            return ibis.bigquery.connect(project_id=project, dataset_id=dataset)
        except (ImportError, AttributeError):
            raise InputError("the BigQuery backend needs: pip install 'ibis-framework[bigquery]'",
                             field="url") from None
    raise InputError(f"unknown backend '{url}' (use duckdb://, pyspark://local or bigquery://)",
                     field="url")


def register_store_in_spark(store_path: str | Path, con, folder: str | Path | None = None) -> None:
    """Export ``events``, ``actors`` and ``capitals`` from a DuckDB store to Parquet files in ``folder``
    (a new temporary folder when none is given; the caller removes it) and register them in Spark."""
    folder = Path(folder or tempfile.mkdtemp(prefix="cwatch-spark-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = connect_duckdb(store_path, read_only=True, wait=LOCK_WAIT)
    try:
        for table in ("events", "actors"):
            source.execute(f"COPY (SELECT * EXCLUDE (external_ids) FROM {table}) TO '{folder / table}.parquet' "
                           f"(FORMAT parquet)" if table == "actors" else
                           f"COPY {table} TO '{folder / table}.parquet' (FORMAT parquet)").fetchall()
        source.register("_capitals", capitals())
        source.execute(f"COPY _capitals TO '{folder / 'capitals'}.parquet' (FORMAT parquet)").fetchall()
    finally:
        source.close()
    for table in ("events", "actors", "capitals"):
        con._session.read.parquet(str(folder / f"{table}.parquet")).createOrReplaceTempView(table)


def _month(t):
    return t.mutate(year=t.date_start.year(), ym=t.date_start.year() * 100 + t.date_start.month())


def country_month(events: ibis.Table) -> ibis.Table:
    """Events, fatalities and civilian deaths per country and month."""
    t = _month(events)
    return (t.group_by(["country", "ym"])
            .aggregate(events=t.count(), fatalities=t.deaths_best.sum(),
                       civilian_deaths=t.deaths_civilians.sum())
            .order_by(["country", "ym"]))


def admin1_month(events: ibis.Table) -> ibis.Table:
    """Events and fatalities per first-level administrative unit and month."""
    t = _month(events)
    return (t.group_by(["country", "admin1", "ym"])
            .aggregate(events=t.count(), fatalities=t.deaths_best.sum())
            .order_by(["country", "admin1", "ym"]))


def fatalities_by_violence_type(events: ibis.Table) -> ibis.Table:
    """Events and fatalities per country, year and violence type."""
    t = _month(events)
    return (t.group_by(["country", "year", "violence_type"])
            .aggregate(events=t.count(), fatalities=t.deaths_best.sum())
            .order_by(["country", "year", "violence_type"]))


def _event_actors(events: ibis.Table) -> ibis.Table:
    t = _month(events)
    a = t.select("id", "country", "ym", actor=t.side_a.unnest(), side=ibis.literal("a"))
    b = t.select("id", "country", "ym", actor=t.side_b.unnest(), side=ibis.literal("b"))
    return a.union(b)


def distinct_actors(events: ibis.Table) -> ibis.Table:
    """Distinct resolved actors (either side) per country and month."""
    pairs = _event_actors(events)
    return (pairs.group_by(["country", "ym"]).aggregate(distinct_actors=pairs.actor.nunique())
            .order_by(["country", "ym"]))


def actors_fighting_government(events: ibis.Table, actors: ibis.Table) -> ibis.Table:
    """Distinct non-state actors facing a state actor in the same event, per country and month."""
    pairs = _event_actors(events)
    kinds = actors.select(actor_id=actors.id, kind=actors.kind)
    tagged = pairs.join(kinds, pairs.actor == kinds.actor_id, how="left")
    is_state = tagged.kind.isin(list(STATE_KINDS)).fill_null(False)
    state_sides = tagged.filter(is_state).select(sid=tagged.id, sside=tagged.side).distinct()
    opponents = tagged.filter(~is_state)
    joined = opponents.join(state_sides, [opponents.id == state_sides.sid, opponents.side != state_sides.sside])
    return (joined.group_by(["country", "ym"]).aggregate(actors_fighting_government=joined.actor.nunique())
            .order_by(["country", "ym"]))


def distance_to_capital(events: ibis.Table, capital_table: ibis.Table) -> ibis.Table:
    """Distance of events to the national capital per country and month (km; see module docstring)."""
    t = _month(events).filter(lambda x: x.lat.notnull() & x.lon.notnull())
    caps = capital_table.select(cap_iso3=capital_table.iso3, cap_lat=capital_table.lat, cap_lon=capital_table.lon)
    j = t.join(caps, t.country == caps.cap_iso3)
    rad = math.pi / 180.0
    dphi = (j.lat - j.cap_lat) * rad
    dlam = (j.lon - j.cap_lon) * rad
    h = (dphi / 2).sin() ** 2 + (j.lat * rad).cos() * (j.cap_lat * rad).cos() * (dlam / 2).sin() ** 2
    j = j.mutate(km=2 * EARTH_RADIUS_KM * h.sqrt().asin(), w=j.deaths_best.fill_null(0))
    return (j.group_by(["country", "ym"])
            .aggregate(events=j.count(), min_km=j.km.min(), mean_km=j.km.mean(),
                       weighted_km=(j.km * j.w).sum() / ibis.ifelse(j.w.sum() > 0, j.w.sum(), ibis.null()))
            .order_by(["country", "ym"]))


def aggregate(con, name: str, *, dataset: str | None = None, country: str | None = None) -> ibis.Table:
    """The named aggregate (see AGGREGATES) over ``con``'s events, optionally filtered."""
    events = con.table("events")
    if dataset:
        events = events.filter(events.dataset == dataset)
    if country:
        iso3 = to_iso3(country)
        if iso3 is None:
            raise InputError(f"unknown country '{country}' (use an ISO3 code such as AFG or SYR)", field="country")
        events = events.filter(events.country == iso3)
    if name == "country-month":
        return country_month(events)
    if name == "admin1-month":
        return admin1_month(events)
    if name == "violence-type":
        return fatalities_by_violence_type(events)
    if name == "distinct-actors":
        return distinct_actors(events)
    if name == "fighting-government":
        return actors_fighting_government(events, con.table("actors"))
    if name == "distance-to-capital":
        table = con.table("capitals") if "capitals" in con.list_tables() else ibis.memtable(capitals())
        return distance_to_capital(events, table)
    raise InputError(f"unknown aggregate '{name}' (known: {', '.join(AGGREGATES)})", field="name")
