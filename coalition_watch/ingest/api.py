"""Public API of event ingestion: load files or URLs, read events back.

Example::

    from coalition_watch import api
    from coalition_watch.ingest import api as ingest
    store = api.open_default_store("cwatch.duckdb")
    [summary] = ingest.ingest(store, "ucdp-ged", ["ged_syria_2016_2017.csv"])
    print(summary.line())                       # "11757 read, 11757 stored, 0 quarantined"
    frame = ingest.events_frame(store, country="SYR")
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable, Sequence

import httpx
import pandas as pd

from .. import arguments
from ..countries import require_iso3
from ..dates import parse_partial_date
from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.acled import ACLEDAdapter
from ..sources.acled_api import download_acled, is_acled_api
from ..sources.gdelt import GDELTAdapter
from ..sources.gtd import GTDAdapter
from ..sources.ucdp_api import download_ged, is_ucdp_api
from ..sources.ucdp_country_year import ACD_SPEC, DYADIC_SPEC, TERMINATION_SPEC
from ..sources.ucdp_ged import GEDAdapter
from ..store import Store
from ..store.actors import read_actors, read_lineage
from .loader import IngestSummary, Progress, load_events
from .tables import load_actor_list, load_country_years

EVENT_ADAPTERS = {"ucdp-ged": GEDAdapter, "acled": ACLEDAdapter, "gtd": GTDAdapter, "gdelt": GDELTAdapter}
COUNTRY_YEAR = {"ucdp-acd": ACD_SPEC, "ucdp-dyadic": DYADIC_SPEC, "ucdp-termination": TERMINATION_SPEC}
DATASETS = (*EVENT_ADAPTERS, *COUNTRY_YEAR, "ucdp-actors")


def _fetch(dataset: str, url: str, folder: Path) -> Path:
    target = folder / ("download.xlsx" if url.lower().endswith(".xlsx") else "download.csv")
    if dataset == "ucdp-ged" and is_ucdp_api(url):
        download_ged(url, target)
    elif dataset == "acled" and is_acled_api(url):
        download_acled(url, target)
    else:
        try:
            with httpx.stream("GET", url, follow_redirects=True, timeout=120.0) as response:
                if response.status_code != 200:
                    raise InputError(f"download failed (HTTP {response.status_code})", file=url)
                with open(target, "wb") as fh:
                    for chunk in response.iter_bytes():
                        fh.write(chunk)
        except httpx.HTTPError as exc:
            raise InputError(f"download failed: {exc}", file=url) from None
    return target


def ingest_file(store: Store, dataset: str, path: str | Path, *, version: str | None = None,
                resolver: Resolver | None = None, progress: Progress | None = None,
                display: str | None = None) -> IngestSummary:
    """Load one local file of ``dataset`` into ``store`` (one transaction). ``display``: the name
    errors, the summary and the store give the file (default: its path), e.g. a URL."""
    _dataset(dataset)
    if dataset in EVENT_ADAPTERS:
        return load_events(store, EVENT_ADAPTERS[dataset](), path, version=version, resolver=resolver,
                           progress=progress, display=display)
    if dataset in COUNTRY_YEAR:
        return load_country_years(store, COUNTRY_YEAR[dataset], path, version=version, resolver=resolver,
                                  progress=progress, display=display)
    return load_actor_list(store, path, version=version, resolver=resolver, progress=progress, display=display)


def _dataset(dataset: str) -> str:
    """``dataset`` when it is one of :data:`DATASETS`; else an :class:`InputError` naming it."""
    return arguments.choice(dataset, DATASETS, "dataset",
                            wording=f"unknown dataset '{dataset}' (known: {', '.join(DATASETS)})")


def check_sources(dataset: str, sources: Sequence[str | Path]) -> None:
    """Refuse, before anything is loaded or a store is made, an unknown ``dataset`` and a local
    source that is missing, a folder or unreadable (URLs are checked when fetched)."""
    _dataset(dataset)
    for source in sources:
        text = str(source)
        if text.startswith(("http://", "https://")):
            continue
        if not Path(text).is_file():
            what = "is a folder; name its files, e.g. FOLDER/*.csv" if Path(text).is_dir() else "file not found"
            raise InputError(f"{what} (nothing was loaded)", file=text)
        try:
            open(text, "rb").close()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc} (nothing was loaded)", file=text) from None


def ingest(store: Store, dataset: str, sources: Sequence[str | Path], *, version: str | None = None,
           progress: Progress | None = None,
           loaded: Callable[[IngestSummary], None] | None = None) -> list[IngestSummary]:
    """Load files or URLs of one dataset; each is its own transaction. URLs are downloaded first
    (UCDP API and ACLED API addresses through their clients) and named by their URL.

    ``loaded(summary)`` is called as each file's load ends. An error in a file after the first
    says which earlier files were loaded (they stay loaded)."""
    check_sources(dataset, sources)
    resolver = Resolver(read_actors(store), read_lineage(store))
    out: list[IngestSummary] = []
    for source in sources:
        try:
            summary = _ingest_source(store, dataset, str(source), version, resolver, progress)
        except InputError as exc:
            if not out:
                raise
            raise InputError(f"{exc.reason} (nothing of this file was stored; {_loaded_before(out)})",
                             file=exc.file, line=exc.line, field=exc.field) from None
        out.append(summary)
        if loaded is not None:
            loaded(summary)
    return out


def _ingest_source(store: Store, dataset: str, text: str, version: str | None, resolver: Resolver,
                   progress: Progress | None) -> IngestSummary:
    if not text.startswith(("http://", "https://")):
        return ingest_file(store, dataset, text, version=version, resolver=resolver, progress=progress)
    with tempfile.TemporaryDirectory(prefix="cwatch-") as folder:
        path = _fetch(dataset, text, Path(folder))
        return ingest_file(store, dataset, path, version=version, resolver=resolver, progress=progress,
                           display=text)


def _loaded_before(summaries: list[IngestSummary]) -> str:
    """The files loaded before an error, with their counts, for its message."""
    return "loaded before it: " + "; ".join(f"{s.file}: {s.line()}" for s in summaries)


#: the list columns of ``events``, returned as Python lists by :func:`events_frame`
_LIST_COLUMNS = ("side_a", "side_b", "side_a_names", "side_b_names", "unresolved", "associated")


def _event_dataset(dataset: str | None) -> str | None:
    """``dataset`` when it is an event dataset (:data:`EVENT_ADAPTERS`) or None; else an
    :class:`InputError` naming ``dataset`` (an unknown name would select no event, silently)."""
    if dataset is None:
        return None
    return arguments.choice(dataset, EVENT_ADAPTERS, "dataset",
                            wording=f"unknown event dataset {dataset!r} (known: {', '.join(EVENT_ADAPTERS)})")


def events_frame(store: Store, *, dataset: str | None = None, country: str | None = None,
                 start: object | None = None, end: object | None = None) -> pd.DataFrame:
    """Events as a pandas DataFrame (canonical columns), optionally filtered, by start date.

    ``dataset``: an event dataset (``ucdp-ged``, ``acled``, ``gtd``, ``gdelt``); ``country``: an
    ISO3 code or a country name; ``start``/``end``: dates YYYY, YYYY-MM or YYYY-MM-DD (or date
    objects), from the first day of ``start``'s period to the last of ``end``'s (``end="2017"``
    is through 31 December 2017). A value outside those is an :class:`InputError` naming it.

    ``side_a`` / ``side_b`` are lists of registry actor ids; ``side_a_names`` / ``side_b_names``
    the names as the dataset lists them; ``unresolved`` the names that did not resolve (Python
    lists, as ``associated``; an empty list where the store has none).
    """
    dataset = _event_dataset(dataset)
    if country is not None:
        country = require_iso3(country)
    first = parse_partial_date(start, field="start").start() if start is not None else None
    last = parse_partial_date(end, field="end").end() if end is not None else None
    clauses, params = [], []
    for column, op, value in (("dataset", "=", dataset), ("country", "=", country),
                              ("date_start", ">=", first), ("date_start", "<=", last)):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    frame = store.con.execute(f"SELECT * FROM events{where} ORDER BY date_start, id", params).df()
    for column in _LIST_COLUMNS:
        if column in frame:
            frame[column] = [list(v) if v is not None and not isinstance(v, float) else [] for v in frame[column]]
    return frame


def aggregate(name: str, *, db: str | Path | None = None, backend: str | None = None,
              dataset: str | None = None, country: str | None = None) -> pd.DataFrame:
    """The event aggregate ``name`` (:data:`~coalition_watch.ingest.aggregates.AGGREGATES`) as a
    pandas DataFrame, over the events of ``dataset`` (an event dataset) in ``country`` (ISO3 or
    name), or all.

    ``backend``: ``duckdb://PATH`` (default: the store ``db``, else the default store),
    ``pyspark://local`` (the ``events``, ``actors`` and capitals tables of the store ``db`` are
    copied to Parquet in a temporary folder, registered in Spark and removed afterwards) or
    ``bigquery://PROJECT/DATASET``. A store that does not exist is a
    :class:`~coalition_watch.store.StoreMissing`; a bad value an :class:`InputError` naming it."""
    from ..store import StoreMissing, default_db_path
    from . import aggregates  # ibis: imported on use

    dataset = _event_dataset(dataset)
    path = str(db or default_db_path())
    url = backend or f"duckdb://{path}"
    # the store is read unless another backend is named (duckdb://PATH is checked by connect)
    if (backend is None or url.startswith("pyspark://")) and path != ":memory:" and not Path(path).exists():
        raise StoreMissing(f"no store at {path}")
    con = aggregates.connect(url)
    if not url.startswith("pyspark://"):
        return aggregates.aggregate(con, name, dataset=dataset, country=country).execute()
    with tempfile.TemporaryDirectory(prefix="cwatch-spark-") as folder:   # the copy Spark reads
        aggregates.register_store_in_spark(path, con, folder)
        return aggregates.aggregate(con, name, dataset=dataset, country=country).execute()


def quarantine_rows(store: Store, ingest_id: int | None = None, limit: int = 1000) -> list[dict]:
    """Quarantined rows (file, line, field, reason), of one ingest or all."""
    where = "WHERE ingest_id = ?" if ingest_id is not None else ""
    return store.query(f"SELECT ingest_id, file, line, field, reason FROM quarantine {where} "
                       f"ORDER BY ingest_id, line LIMIT {int(limit)}", [ingest_id] if ingest_id is not None else [])


def ingest_history(store: Store, limit: int = 50) -> list[dict]:
    """Recent loads, newest first."""
    return store.query("SELECT id, dataset, version, file, rows_read, rows_stored, rows_quarantined, "
                       "rows_unchanged, rows_revised, started_at FROM ingests WHERE dataset <> 'kb' "
                       "ORDER BY id DESC LIMIT ?", [limit])
