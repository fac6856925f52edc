"""The GED country-month panel from the event store, and its merge with the bundled panel.

The bundled panel (``data/ucdp/ged_country_month_1985_2024.csv``, GED v25.1) ends 2024-12. An
early-warning desk loads each newer UCDP GED release (for example the monthly *candidate*
releases) into the store with ``cwatch ingest ucdp-ged FILE --db PATH``; ``cwatch risk --db PATH``
then forecasts past the bundled panel with the rules below.

Aggregation (GED country-month definitions, ``ged_country_month_columns.csv``), per ISO3 country
``c`` and month ``m`` of the event's ``date_start``, over the store's ``ucdp-ged`` events ``E(c, m)``:

* ``events`` = |E|, ``fatalities`` = Σ deaths_best, ``civilian_deaths`` = Σ deaths_civilians,
* ``peak_event_fatalities`` = max deaths_best (the largest single event),
* ``sb_events``, ``ns_events``, ``os_events`` = events of violence type state-based, non-state,
  one-sided (GED ``type_of_violence`` 1, 2, 3).

Missing death counts count as zero. The aggregation is one Ibis expression
(:func:`ged_country_month`), so it runs unchanged on DuckDB or Spark; the pandas entry point
:func:`coalition_watch.risk.panel.panel_from_events` runs the same expression.

Coverage. A month counts as *covered* when one GED release in the store holds events starting in
that month in at least :data:`MIN_COUNTRIES` countries spread over at least :data:`MIN_REGIONS`
of UCDP's five regions (Africa, Americas, Asia, Europe, Middle East; from the Gleditsch-Ward code
of the country). A release is the events of one GED version (UCDP candidate files get
``YY.0.M``); events loaded from a file without a version form a release per ingest. Every month of
GED v25.1 (1989-2024) has at least 22 countries in at least 4 regions, while a country or regional
extract has far fewer, so only a global release covers a month. Only in a covered month does
"no event for a country" mean zero; a candidate release's few events that started in the previous
month (the January 2026 release has three countries in December 2025) do not cover that month.

Merge. The bundled CSV is the reference: its months are kept as they are and store events for
them are ignored. The store adds the covered months that follow the CSV's last month without a
break (``data_through`` is the last of them). Covered months after an uncovered month are not used,
and a forecast that needs an uncovered month after the CSV fails with :class:`RiskDataError`
naming the missing months. The panel keeps the CSV's countries: a country absent from the CSV has
no history there (Niger, NER, is absent from the bundled file), so its store events are reported
in ``countries_outside_panel`` and not used.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coalition_watch.store.database import LOCK_WAIT, StoreBusy, StoreError, StoreOpenInOtherMode, connect_ibis
from coalition_watch.risk.data import AS_OF, DB, INGEST, RiskDataError, data_file, gw_to_iso3, month_label
from coalition_watch.risk.panel import GED_COLUMNS, complete_panel, load_panel, year_month_index

PANEL_FILE = "ucdp/ged_country_month_1985_2024.csv"
GED_DATASET = "ucdp-ged"
#: a month is covered by a release with events in at least this many countries ...
MIN_COUNTRIES = 15
#: ... spread over at least this many of UCDP's five regions
MIN_REGIONS = 3
VIOLENCE_COLUMNS = {"sb_events": "state-based", "ns_events": "non-state", "os_events": "one-sided"}
PANEL_VALUE_COLUMNS = list(GED_COLUMNS)


def _ibis():
    import ibis

    from coalition_watch.ingest import duckdb_compat  # noqa: F401  (Ibis 12 on DuckDB 2)
    return ibis


def _month(date):
    """Integer month index (``year * 12 + month - 1``) of an Ibis date column."""
    return date.year() * 12 + date.month() - 1


def ged_country_month(events):
    """Ibis expression: the panel columns per ``country`` (ISO3) and ``month`` (integer index)
    from events in the store's canonical layout (``country, date_start, deaths_best,
    deaths_civilians, violence_type``); see the module docstring for the definitions."""
    ibis = _ibis()
    t = events.filter(events.country.notnull() & events.date_start.notnull())
    t = t.mutate(month=_month(t.date_start), _best=t.deaths_best.fill_null(0.0),
                 _civ=t.deaths_civilians.fill_null(0.0))
    counts = {name: (t.violence_type == kind).ifelse(1, 0).sum() for name, kind in VIOLENCE_COLUMNS.items()}
    return (t.group_by(["country", "month"])
            .aggregate(events=t.count(), fatalities=t._best.sum(), civilian_deaths=t._civ.sum(),
                       peak_event_fatalities=t._best.max(), **counts)
            .mutate(month=ibis._.month.cast("int64"))
            .order_by(["country", "month"]))


def ged_release_months(events, regions):
    """Ibis expression: per GED release and month, the countries and regions with events
    starting in that month (``release, month, countries, regions``). ``regions`` is a table
    ``iso3, region``."""
    ibis = _ibis()
    t = events.mutate(month=_month(events.date_start),
                      release=ibis.coalesce(events.version,
                                            ibis.literal("ingest ") + events.ingest_id.cast("string")))
    t = t.filter(t.country.notnull() & t.date_start.notnull())
    j = t.left_join(regions, t.country == regions.iso3)
    return (j.group_by(["release", "month"])
            .aggregate(countries=j.country.nunique(), regions=j.region.nunique())
            .order_by(["month", "release"]))


def ged_region(gw: int) -> str:
    """UCDP region of a Gleditsch-Ward state code (UCDP's code ranges)."""
    if gw < 200:
        return "Americas"
    if gw < 400:
        return "Europe"
    if gw < 627:
        return "Africa"
    if gw < 700:
        return "Middle East"
    return "Asia"


def country_regions(shared: str | None = None) -> pd.DataFrame:
    """``iso3, region`` for every country with a Gleditsch-Ward code (lowest code per ISO3)."""
    lowest: dict[str, int] = {}
    for gw, iso3 in gw_to_iso3(shared).items():
        lowest[iso3] = min(gw, lowest.get(iso3, gw))
    return pd.DataFrame({"iso3": list(lowest), "region": [ged_region(g) for g in lowest.values()]})


@functools.lru_cache(maxsize=4)
def _csv_extent(path: str, mtime_ns: int) -> tuple[int, int, tuple[str, ...]]:
    frame = pd.read_csv(path, usecols=["country_iso3", "year_month"])
    months = year_month_index(frame["year_month"])
    return int(months.min()), int(months.max()), tuple(sorted(frame["country_iso3"].unique()))


def csv_extent(shared: str | None = None) -> tuple[int, int, tuple[str, ...]]:
    """First month, last month and countries of the bundled panel file."""
    path = data_file(PANEL_FILE, shared)
    return _csv_extent(str(path), path.stat().st_mtime_ns)


def _ranges(months: list[int]) -> list[str]:
    """'YYYY-MM..YYYY-MM' runs of consecutive months."""
    out: list[str] = []
    start = prev = None
    for m in sorted(months):
        if prev is not None and m == prev + 1:
            prev = m
            continue
        if start is not None:
            out.append(_span(start, prev))
        start = prev = m
    if start is not None:
        out.append(_span(start, prev))
    return out


def _span(first: int, last: int) -> str:
    return month_label(first) if first == last else f"{month_label(first)}..{month_label(last)}"


@dataclass
class PanelSources:
    """Where each month of the merged panel comes from, and what the store could not supply."""

    csv_file: str
    csv_first: int
    csv_last: int
    db: str | None = None
    #: covered months after the CSV's last month, with the releases covering each
    store_covered: dict[int, list[str]] = field(default_factory=dict)
    #: the store months used: csv_last+1 .. store_last (empty when store_last == csv_last)
    store_last: int | None = None
    countries_outside_panel: dict[str, int] = field(default_factory=dict)
    fingerprint: str = ""

    @property
    def last(self) -> int:
        """Last month of the merged panel."""
        return self.store_last if self.store_last is not None else self.csv_last

    def require(self, data_month: int) -> None:
        """Raise :class:`RiskDataError` unless the merged panel reaches ``data_month``; the message
        names the months without data and how to fill them."""
        if data_month <= self.last:
            return
        ask = f"choose {AS_OF} {month_label(self.last + 1)} or earlier"
        if self.db is None:
            raise RiskDataError(
                f"the bundled conflict panel ends {month_label(self.csv_last)}; to forecast later "
                f"months ingest newer global GED releases into an event store ({INGEST}) and pass it "
                f"as {DB}, or {ask}")
        later = sorted(m for m in self.store_covered if m > self.last)
        if later and later[0] <= data_month:
            missing = [m for m in range(self.last + 1, data_month + 1) if m not in self.store_covered]
            where = (f"the bundled panel ends {month_label(self.csv_last)}" if self.store_last is None
                     else f"the data run to {month_label(self.store_last)}")
            raise RiskDataError(
                f"{where} and the event store {self.db} next covers {month_label(later[0])}: months "
                f"{', '.join(_ranges(missing))} have no data (no global GED release in the store); "
                f"ingest GED releases for them with {INGEST}, or {ask}", db=self.db)
        have = (f"the bundled panel ends {month_label(self.csv_last)}" if self.store_last is None else
                f"the data run to {month_label(self.store_last)} (bundled panel to "
                f"{month_label(self.csv_last)}, event store {_span(self.csv_last + 1, self.store_last)})")
        raise RiskDataError(
            f"{have} and the event store {self.db} holds no global GED release for "
            f"{_span(self.last + 1, data_month)}; ingest GED releases for those months with "
            f"{INGEST}, or {ask}", db=self.db)

    def as_json(self) -> list[dict]:
        """The ``data_sources`` entries of a ranking."""
        out = [{"source": "bundled panel", "file": self.csv_file,
                "months": _span(self.csv_first, self.csv_last)}]
        if self.db is not None:
            used = [] if self.store_last is None else list(range(self.csv_last + 1, self.store_last + 1))
            releases = sorted({r for m in used for r in self.store_covered[m]})
            out.append({"source": "event store", "db": self.db,
                        "months": _span(used[0], used[-1]) if used else None,
                        "releases": releases,
                        "covered_months_not_used": _ranges([m for m in self.store_covered if m > self.last]),
                        "countries_outside_panel": dict(sorted(self.countries_outside_panel.items()))})
        return out


def connect_store(db: str | os.PathLike):
    """An Ibis connection to the store ``db`` (read-only unless this process already has it open
    read-write), from :func:`~coalition_watch.store.database.connect_ibis`: a lock another process
    holds is waited for up to :data:`~coalition_watch.store.database.LOCK_WAIT` seconds, as a
    command's store is; :class:`RiskDataError` when it is missing, unreadable or still locked."""
    path = Path(db)
    if not path.is_file():
        raise RiskDataError(f"no event store at {path}")
    _ibis()  # Ibis 12 on DuckDB 2
    try:
        try:
            return connect_ibis(path, read_only=True, wait=LOCK_WAIT)
        except StoreOpenInOtherMode:  # already open read-write in this process
            return connect_ibis(path, wait=LOCK_WAIT)
    except StoreError as exc:
        text = str(exc).replace("cannot open store", "cannot read the event store", 1)
        raise RiskDataError(text + (f" (pass it as {DB})" if isinstance(exc, StoreBusy) else "")) from None


def ged_events(con, db):
    """The store's UCDP GED events as an Ibis table; :class:`RiskDataError` for a file that is not
    a Coalition Watch store."""
    if "events" not in con.list_tables():
        raise RiskDataError(f"{db} is not a Coalition Watch store (no events table)")
    events = con.table("events")
    return events.filter(events.dataset == GED_DATASET)


def _store_fingerprint(con, events) -> str:
    """Hash of the GED ingests (ids, file hashes) and of the stored GED events' totals, so that a
    new ingest or a revision changes every cache key that depends on the store."""
    ingests = con.table("ingests")
    rows = ingests.filter(ingests.dataset == GED_DATASET).select("id", "file_hash").order_by("id").execute()
    totals = events.aggregate(n=events.count(), best=events.deaths_best.sum(),
                              last=events.date_start.max()).execute()
    digest = hashlib.sha1(rows.to_csv(index=False).encode())
    digest.update(totals.to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def _read_store(db, shared) -> tuple[PanelSources, pd.DataFrame]:
    first, last, countries = csv_extent(shared)
    sources = PanelSources(str(data_file(PANEL_FILE, shared)), first, last, db=str(db))
    con = connect_store(db)
    try:
        events = ged_events(con, db)
        sources.fingerprint = _store_fingerprint(con, events)
        after = events.filter(_month(events.date_start) > last)
        regions = _ibis().memtable(country_regions(shared))
        per = ged_release_months(after, regions).execute()
        ok = per[(per["countries"] >= MIN_COUNTRIES) & (per["regions"] >= MIN_REGIONS)]
        for month, release in zip(ok["month"].astype(int), ok["release"]):
            sources.store_covered.setdefault(month, []).append(str(release))
        end = last
        while end + 1 in sources.store_covered:
            end += 1
        if end == last:
            return sources, pd.DataFrame(columns=["country", "month", *PANEL_VALUE_COLUMNS])
        sources.store_last = end
        used = after.filter(_month(after.date_start) <= end)
        panel = ged_country_month(used).execute()
    finally:
        con.disconnect()
    outside = panel[~panel["country"].isin(set(countries))]
    sources.countries_outside_panel = {str(c): int(n) for c, n in outside.groupby("country")["events"].sum().items()}
    return sources, panel[panel["country"].isin(set(countries))]


def panel_sources(shared: str | None = None, db: str | os.PathLike | None = None) -> PanelSources:
    """The months the merged panel covers and where they come from (reads the store: its GED
    releases per month and the months it adds). Without ``db``, the bundled panel only."""
    if db is None:
        first, last, _ = csv_extent(shared)
        return PanelSources(str(data_file(PANEL_FILE, shared)), first, last)
    return _read_store(db, shared)[0]


def merged_panel(shared: str | None = None, db: str | os.PathLike | None = None) -> pd.DataFrame:
    """The bundled panel extended by the store's covered months after it (see the module
    docstring), complete and sorted like :func:`~coalition_watch.risk.panel.load_panel`."""
    base = load_panel(shared)
    if db is None:
        return base
    sources, extension = _read_store(db, shared)
    if sources.store_last is None:
        return base
    extension = extension.astype({c: float for c in PANEL_VALUE_COLUMNS})
    return complete_panel(pd.concat([base, extension], ignore_index=True),
                          first=sources.csv_first, last=sources.store_last)
