"""Load a dataset file into the store: one transaction, idempotent, nothing dropped silently.

A load (1) hashes the file, checking in the same pass that it is UTF-8 throughout; if the same
dataset was already loaded from identical bytes it is a no-op; (2) parses the file with DuckDB
into a temporary table (every column only when the file holds invalid UTF-8), sending unreadable
rows and rows that fail a check to the ``quarantine`` table with file, physical line, field and
reason (one scan counts rows, distinct ids and failing rows; the per-row pass runs only when one
fails);
(3) resolves each *distinct* (side A, side B, associated, country, date interval) key to registry
actor ids, the intervals being cut at the dates where a resolution can change (see
:func:`~coalition_watch.ingest.sides.resolution_boundaries`); (4) writes events with one join of
the staged rows to the resolved keys: on a dataset's first load every row is inserted; otherwise
new ids are inserted, ids already stored are replaced when their content changed and the stored
version is not newer (``event_revisions`` records the changed fields), unchanged events take the
newer version, and stored events of an older version inside the file's scope (countries and
start-date range) that the file lacks are recorded as withdrawn and removed; (5) records the
ingest with ``N read, N stored, N quarantined``. Any failure rolls the whole load back, so a
store is never half-written. DuckDB's memory is capped during the load (:func:`load_memory_limit`),
and a file of up to :data:`SINGLE_THREAD_BYTES` is loaded with one DuckDB thread; these settings
are global to the store's DuckDB instance, so loads running at once in one process share them and
the last one to end restores them (:func:`~coalition_watch.store.settings.held_settings`).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterator

import duckdb
import pyarrow as pa

from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.base import LINE_BREAKS, EventAdapter, Staged, version_key
from ..sources.csvscan import (FileScan, Rejected, accepted_row_lines, drop_rejects, first_mixed_line_ending,
                               scan_file)
from ..store import Store
from ..store.actors import read_actors, read_lineage, write_unresolved
from ..store.settings import held_settings
from .geography import country_iso3
from .sides import SideResolver, resolution_boundaries

Progress = Callable[[str, float], None]

#: Canonical event columns compared between versions of the same event.
CONTENT_COLUMNS = ("date_start", "date_end", "date_precision", "country", "admin1", "admin2", "lat",
                   "lon", "geo_precision", "violence_type", "event_type", "side_a", "side_b",
                   "side_a_names", "side_b_names", "unresolved", "associated", "deaths_best",
                   "deaths_low", "deaths_high", "deaths_civilians", "source_text")
EVENT_COLUMNS = ("id", "dataset", "version", "source_row_id") + CONTENT_COLUMNS + (
    "side_a_umbrellas", "side_b_umbrellas", "ingest_id")


@dataclass
class IngestSummary:
    """What one load did; ``line()`` is the one-line report."""

    dataset: str
    file: str
    version: str | None
    file_hash: str
    ingest_id: int | None = None
    rows_read: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    rows_unchanged: int = 0
    rows_revised: int = 0
    rows_kept_newer: int = 0
    rows_withdrawn: int = 0
    relations_proposed: int = 0
    unresolved_names: int = 0
    already_loaded: bool = False
    seconds: float = 0.0
    quarantine_sample: list[dict] = field(default_factory=list)

    def line(self) -> str:
        """The counts in one line, without the file name (callers put ``file`` in front)."""
        if self.already_loaded:
            return f"already loaded as ingest {self.ingest_id} (same file hash); nothing changed"
        extra = []
        if self.rows_revised:
            extra.append(f"{self.rows_revised} revised")
        if self.rows_unchanged:
            extra.append(f"{self.rows_unchanged} unchanged")
        if self.rows_kept_newer:
            extra.append(f"{self.rows_kept_newer} kept (stored version newer)")
        if self.rows_withdrawn:
            extra.append(f"{self.rows_withdrawn} withdrawn (missing from this newer version)")
        tail = f" ({', '.join(extra)})" if extra else ""
        return (f"{self.rows_read} read, {self.rows_stored} stored, "
                f"{self.rows_quarantined} quarantined{tail}")

    def as_dict(self) -> dict:
        return asdict(self)


#: DuckDB memory cap during a load (``CWATCH_LOAD_MEMORY_LIMIT``); larger staging spills to disk.
DEFAULT_LOAD_MEMORY_LIMIT = "1GB"


def load_memory_limit() -> str:
    """The DuckDB ``memory_limit`` applied while a file is loaded, when the store's instance has
    DuckDB's default limit (restored afterwards); a limit set on the connection is kept, since
    DuckDB reports it rounded and it could not be restored exactly."""
    return os.environ.get("CWATCH_LOAD_MEMORY_LIMIT", DEFAULT_LOAD_MEMORY_LIMIT)


#: Files up to this size are loaded with one DuckDB thread (the previous setting is restored).
#: A table scan gives a thread one row group (122,880 rows) at a time, so the staged rows of such
#: a file (about 110,000 rows of the 34-column GED layout) are scanned, joined and written by one
#: thread anyway, and a second one mostly waits and wakes: on two cores a load of the 3.4 MB
#: Syria file took about an eighth less time with one thread, one of a 35 MB file a tenth less;
#: a 72 MB file (250,000 rows) loads a quarter faster with two.
SINGLE_THREAD_BYTES = 32_000_000


def _load_settings(path: Path) -> dict[str, object]:
    """The DuckDB settings a load of ``path`` runs with (held by
    :func:`~coalition_watch.store.settings.held_settings`, which restores them)."""
    settings: dict[str, object] = {"memory_limit": load_memory_limit()}
    if path.stat().st_size <= SINGLE_THREAD_BYTES:
        settings["threads"] = 1
    return settings


def _noop(step: str, fraction: float) -> None:
    return None


def previous_load(store: Store, dataset: str, file_hash: str) -> int | None:
    """The ingest id of an earlier load of the same bytes for ``dataset``, if any."""
    row = store.con.execute("SELECT min(id) FROM ingests WHERE dataset = ? AND file_hash = ?",
                            [dataset, file_hash]).fetchall()[0]
    return row[0] if row and row[0] is not None else None


def known_names(store: Store) -> set[str]:
    """External actor names (e.g. a loaded UCDP actor list) used to keep comma names whole."""
    return {r[0] for r in store.con.execute("SELECT name FROM external_actors").fetchall()}


def quarantine_sample(rejected: list[Rejected], size: int = 20) -> list[dict]:
    """The first ``size`` rejected rows for :attr:`IngestSummary.quarantine_sample`; ``last_line`` is
    set for a record spanning several lines."""
    return [{"file": r.file, "line": r.line, "field": r.field, "reason": r.reason, "last_line": r.last_line}
            for r in rejected[:size]]


def _stored_reason(r: Rejected) -> str:
    """The reason as stored in ``quarantine``, which has one line column: a record spanning several
    lines names them all."""
    return f"{r.reason} ({r.lines()})" if r.last_line is not None else r.reason


def quarantine_frame(ingest_id: int, rejected: list[Rejected]) -> pa.Table:
    return pa.table({
        "ingest_id": pa.array([ingest_id] * len(rejected), pa.int64()),
        "file": pa.array([r.file for r in rejected], pa.string()),
        "line": pa.array([r.line for r in rejected], pa.int64()),
        "field": pa.array([r.field for r in rejected], pa.string()),
        "reason": pa.array([_stored_reason(r) for r in rejected], pa.string()),
        "raw": pa.array([(r.raw[:10000].encode("utf-8", "replace").decode("utf-8") if r.raw else r.raw) for r in rejected], pa.string()),
    })


def write_quarantine(con: duckdb.DuckDBPyConnection, ingest_id: int, rejected: list[Rejected]) -> None:
    if not rejected:
        return
    frame = quarantine_frame(ingest_id, rejected)
    con.register("_quarantine_rows", frame)
    con.execute("INSERT INTO quarantine SELECT * FROM _quarantine_rows").fetchall()
    con.unregister("_quarantine_rows")


def _map_ordinals(ordinals: list[int], rejected_records: set[int]) -> dict[int, int]:
    """0-based positions among accepted rows → 1-based record numbers, skipping rejected records.

    Only for inputs without blank records (workbooks); a delimited file's blank lines are records
    DuckDB yields no row for, which :func:`~coalition_watch.sources.csvscan.accepted_row_lines`
    skips while it scans the file."""
    out, wanted = {}, sorted(set(ordinals))
    skipped = sorted(rejected_records)
    record, accepted, j = 0, -1, 0
    for ordinal in wanted:
        while accepted < ordinal:
            record += 1
            while j < len(skipped) and skipped[j] < record:
                j += 1
            if j < len(skipped) and skipped[j] == record:
                continue
            accepted += 1
        out[ordinal] = record
    return out


def _scan_stage(con, checks: tuple) -> tuple[int, int, int, dt.date | None, dt.date | None, list[str]]:
    """One pass over ``_stage``: (rows, distinct ids, rows failing a check, min and max start date,
    the distinct country names)."""
    failing = " OR ".join(f"({c})" for c, _, _ in checks) or "false"
    return tuple(con.execute(f"SELECT count(*), count(DISTINCT source_row_id), count(*) FILTER (WHERE {failing}), "
                             "min(date_start), max(date_start), "
                             "coalesce(list(DISTINCT country) FILTER (WHERE country IS NOT NULL), []) "
                             "FROM _stage").fetchall()[0])


def _run_checks(con, path: Path, staged: Staged) -> list[Rejected]:
    """Apply the adapter's row checks (and duplicate ids); delete failing rows from ``_stage``.

    Called only when :func:`_scan_stage` found a failing row or a repeated id."""
    con.execute("CREATE OR REPLACE TEMP TABLE _bad (rid BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR)")
    fields = " ".join(f"WHEN ({c}) THEN {_sql_text(f)}" for c, f, _ in staged.checks)
    reasons = " ".join(f"WHEN ({c}) THEN {_sql_text(r)}" for c, _, r in staged.checks)
    con.execute(f"INSERT INTO _bad SELECT rid, field, reason, raw FROM (SELECT rowid AS rid, "
                f"CASE {fields} END AS field, CASE {reasons} END AS reason, source_row_id AS raw FROM _stage) "
                f"WHERE field IS NOT NULL").fetchall()
    con.execute("INSERT INTO _bad SELECT rowid, 'id', 'duplicate id ' || source_row_id || ' in the file', "
                "source_row_id FROM (SELECT rowid, source_row_id, row_number() OVER "
                "(PARTITION BY source_row_id ORDER BY rowid) AS n FROM _stage) WHERE n > 1 "
                "AND rowid NOT IN (SELECT rid FROM _bad)").fetchall()
    bad = con.execute("SELECT rid - (SELECT min(rowid) FROM _stage), field, reason, raw FROM _bad "
                      "ORDER BY rid").fetchall()
    if not bad:
        return []
    ordinals = [b[0] for b in bad]
    if staged.line_of_record is not None:
        records = _map_ordinals(ordinals, staged.rejected_record_numbers)
        spans = {o: (staged.line_of_record(r),) * 2 for o, r in records.items()}
    else:
        spans = accepted_row_lines(path, ordinals, staged.rejected_record_numbers, delimiter=staged.delimiter,
                                   skip=staged.header_lines, quote=staged.quote)
    con.execute("DELETE FROM _stage WHERE rowid IN (SELECT rid FROM _bad)")
    out = []
    for o, f, r, raw in bad:
        first, last = spans.get(o, (None, None))
        out.append(Rejected(str(path), first, f, r, f"id={raw}" if raw else None,
                            last if last is not None and first is not None and last > first else None))
    return out


def _countries(names: list[str]) -> dict[str, str | None]:
    """The staged country names and their ISO3 codes (None when unknown)."""
    return {n: country_iso3(n) for n in names}


def _unknown_country_check(countries: dict[str, str | None]) -> tuple:
    unknown = [name for name, iso3 in countries.items() if iso3 is None]
    if not unknown:
        return ()
    return ((f"country IN ({', '.join(_sql_text(n) for n in unknown)})", "country", "unknown country name"),)


def _interval_sql(boundaries: list[dt.date], column: str = "date_start") -> str:
    """SQL giving the index of the resolution interval (see ``resolution_boundaries``) of a date."""
    if not boundaries:
        return "0"
    whens = " ".join(f"WHEN {column} < DATE '{b.isoformat()}' THEN {i}" for i, b in enumerate(boundaries))
    return f"CASE WHEN {column} IS NULL THEN -1 {whens} ELSE {len(boundaries)} END"


def _boundaries_between(resolver: Resolver, low: dt.date | None, high: dt.date | None) -> list[dt.date]:
    """The resolution boundaries inside the staged date range (the others change nothing)."""
    if low is None:
        return []
    return [b for b in resolution_boundaries(resolver) if low < b <= high]


def _representative(boundaries: list[dt.date], interval: int, first: dt.date | None) -> dt.date | None:
    """A date inside resolution interval ``interval`` (all dates in it resolve alike); ``first``
    is the earliest staged date, which lies in interval 0 (with no boundary inside the staged
    range, every date does)."""
    if interval < 0:
        return None
    if interval == 0:
        return first if first is not None else (boundaries[0] - dt.timedelta(days=1) if boundaries else None)
    return boundaries[interval - 1]


def _ordered_union(*lists: list[str]) -> list[str]:
    out: list[str] = []
    for items in lists:
        out += [x for x in items if x not in out]
    return out


#: Columns of ``_stage`` that decide an event's resolution (with the date's resolution interval).
RESOLUTION_KEY = ("side_a_raw", "side_b_raw", "assoc_raw", "country")


def _resolve_sides(con, sides: SideResolver, countries: dict, boundaries: list[dt.date],
                   progress: Progress, first: dt.date | None = None) -> None:
    """Resolve each distinct (side A, side B, associated, country, date interval) into ``_res``.

    All per-event resolution output (country code, ids, names, unresolved names, umbrellas) is
    computed here once per distinct key, so writing events is one join on that key.
    """
    keys = con.execute(f"SELECT side_a_raw, side_b_raw, assoc_raw, country, {_interval_sql(boundaries)} AS iv, "
                       "count(*) FROM _stage GROUP BY ALL").fetchall()
    columns: dict[str, list] = {name: [] for name in (
        "a", "b", "x", "c", "iv", "iso3", "side_a", "side_b", "side_a_names", "side_b_names", "unresolved",
        "associated", "side_a_umbrellas", "side_b_umbrellas")}
    total = max(1, len(keys))
    for i, (a, b, x, c, iv, n) in enumerate(keys):
        iso3 = countries.get(c)
        when = _representative(boundaries, iv, first)
        ra = sides.resolve(a, iso3, when, rows=int(n))
        rb = sides.resolve(b, iso3, when, rows=int(n))
        rx = sides.resolve(x, iso3, when, rows=int(n))
        for name, value in (("a", a), ("b", b), ("x", x), ("c", c), ("iv", iv), ("iso3", iso3),
                            ("side_a", ra.ids), ("side_b", rb.ids), ("side_a_names", ra.names),
                            ("side_b_names", rb.names),
                            ("unresolved", _ordered_union(ra.unresolved, rb.unresolved, rx.unresolved)),
                            ("associated", rx.ids), ("side_a_umbrellas", ra.umbrellas),
                            ("side_b_umbrellas", rb.umbrellas)):
            columns[name].append(value)
        if i % 5000 == 0:
            progress("resolving actors", i / total)
    strings = pa.list_(pa.string())
    table = pa.table({name: pa.array(values, pa.int64() if name == "iv" else
                                     pa.string() if name in ("c", "iso3") else strings)
                      for name, values in columns.items()})
    con.register("_res_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _res AS SELECT * FROM _res_arrow").fetchall()
    con.unregister("_res_arrow")


def _sql_text(value: str | None) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _final_view(con, dataset: str, version: str | None, ingest_id: int, boundaries: list[dt.date]) -> None:
    """``_final``: staged rows in the canonical event layout, joined to their resolution."""
    on = " AND ".join(f"s.{column} IS NOT DISTINCT FROM r.{key}"
                      for column, key in zip(RESOLUTION_KEY, ("a", "b", "x", "c")))
    con.execute("CREATE OR REPLACE TEMP VIEW _final AS SELECT "
                f"{_sql_text(dataset + ':')} || s.source_row_id AS id, {_sql_text(dataset)} AS dataset, "
                f"CAST({_sql_text(version)} AS VARCHAR) AS version, s.source_row_id, s.date_start, s.date_end, "
                "s.date_precision, r.iso3 AS country, s.admin1, s.admin2, s.lat, s.lon, s.geo_precision, "
                "s.violence_type, s.event_type, r.side_a, r.side_b, r.side_a_names, r.side_b_names, r.unresolved, "
                "r.associated, s.deaths_best, s.deaths_low, s.deaths_high, s.deaths_civilians, s.source_text, "
                f"r.side_a_umbrellas, r.side_b_umbrellas, CAST({int(ingest_id)} AS BIGINT) AS ingest_id "
                f"FROM _stage s JOIN _res r ON {on} AND {_interval_sql(boundaries, 's.date_start')} = r.iv")


WITHDRAWN = "withdrawn"
ROW_GROUP_ROWS = 122_880


def _insert_events(con, rows: int, where: str = "", *, instance=None) -> None:
    """Insert ``_final`` rows into ``events``; row order is irrelevant, so for more than one row
    group DuckDB may reorder (less memory, parallel writes). ``instance``: the store's
    ``instance_key``, under which that setting is held."""
    columns = ", ".join(EVENT_COLUMNS)
    if rows < ROW_GROUP_ROWS:
        con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM _final {where}").fetchall()
        return
    with held_settings(con, instance, {"preserve_insertion_order": False}):
        con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM _final {where}").fetchall()


def _version_in(column: str) -> str:
    """SQL: whether ``column`` is one of the versions in the list parameter, NULL-safely.

    ``column IN (...)`` is NULL, neither true nor false, for a version stored as NULL (a file
    loaded without a version), so such rows would be neither replaced nor kept; this is false
    for them unless the list holds NULL."""
    return f"EXISTS (SELECT 1 FROM (SELECT unnest(?) AS v) WHERE v IS NOT DISTINCT FROM {column})"


def _write_events(con, summary: IngestSummary, *, instance=None) -> None:
    """Insert new events, replace revised ones (recording what changed), keep newer ones, and
    record stored events of older versions that the file's scope no longer contains as withdrawn
    (``instance``: see :func:`_insert_events`)."""
    dataset, prefix = summary.dataset, summary.dataset + ":%"
    total = con.execute("SELECT count(*) FROM _stage").fetchall()[0][0]
    stored = con.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE dataset = ? LIMIT 1)",
                         [dataset]).fetchall()[0][0]
    withdrawn_before = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM event_revisions WHERE event_id LIKE ? AND list_contains(changed, ?) "
        "LIMIT 1)", [prefix, WITHDRAWN]).fetchall()[0][0]
    if not stored and not withdrawn_before:   # first load of this dataset: nothing to compare
        _insert_events(con, total, instance=instance)
        summary.rows_stored = total
        return
    key = version_key(summary.version)
    newer = [v for (v,) in con.execute("SELECT DISTINCT version FROM events WHERE dataset = ? UNION "
                                        "SELECT DISTINCT version FROM event_revisions WHERE event_id LIKE ?",
                                        [dataset, prefix]).fetchall()
             if version_key(v) > key]
    changed = ", ".join(f"CASE WHEN f.{c} IS DISTINCT FROM e.{c} THEN '{c}' END" for c in CONTENT_COLUMNS)
    con.execute("CREATE OR REPLACE TEMP TABLE _match AS SELECT f.id, e.version AS old_version, "
                f"e.ingest_id AS old_ingest, list_filter([{changed}], lambda x: x IS NOT NULL) AS changed, "
                f"{_version_in('e.version')} AS keep_newer "
                "FROM _final f JOIN events e ON e.id = f.id", [newer])
    # ids a newer release withdrew stay withdrawn when an older file is loaded afterwards
    con.execute("INSERT INTO _match SELECT DISTINCT f.id, w.version, w.ingest_id, [?], true FROM _final f "
                "JOIN event_revisions w ON w.event_id = f.id AND list_contains(w.changed, ?) "
                f"AND {_version_in('w.version')} WHERE f.id NOT IN (SELECT id FROM events)",
                [WITHDRAWN, WITHDRAWN, newer])
    revised, unchanged, kept = con.execute(
        "SELECT count(*) FILTER (WHERE len(changed) > 0 AND NOT keep_newer), "
        "count(*) FILTER (WHERE len(changed) = 0), count(*) FILTER (WHERE len(changed) > 0 AND keep_newer) "
        "FROM _match").fetchall()[0]
    if revised:
        con.execute("INSERT INTO event_revisions (event_id, ingest_id, previous_ingest_id, previous_version, "
                    "version, changed) SELECT id, ?, old_ingest, old_version, ?, changed FROM _match "
                    "WHERE len(changed) > 0 AND NOT keep_newer", [summary.ingest_id, summary.version])
        con.execute("DELETE FROM events WHERE id IN (SELECT id FROM _match WHERE len(changed) > 0 "
                    "AND NOT keep_newer)")
    _insert_events(con, total, "WHERE id NOT IN (SELECT id FROM _match WHERE len(changed) = 0 OR keep_newer)",
                   instance=instance)
    older = [v for (v,) in con.execute("SELECT DISTINCT old_version FROM _match WHERE len(changed) = 0").fetchall()
             if version_key(v) < key]
    if unchanged and key and older:   # a newer release confirmed these events: it is now their version
        con.execute("UPDATE events SET version = ? WHERE id IN (SELECT id FROM _match WHERE len(changed) = 0 "
                    f"AND {_version_in('old_version')})", [summary.version, older])
    summary.rows_withdrawn = _withdraw_missing(con, summary)
    summary.rows_revised, summary.rows_unchanged, summary.rows_kept_newer = revised, unchanged, kept
    summary.rows_stored = total - unchanged - kept


def _withdraw_missing(con, summary: IngestSummary) -> int:
    """Record as withdrawn, and remove from ``events``, the stored events of an *older* version of
    the dataset that fall inside this file's scope (its countries and start-date range) but are
    not in the file. A file without a version, or a subset covering other countries or dates,
    withdraws nothing, and events stored without a version are never withdrawn (nothing says
    which release they belong to)."""
    key = version_key(summary.version)
    if not key:
        return 0
    older = [v for (v,) in con.execute("SELECT DISTINCT version FROM events WHERE dataset = ? "
                                        "AND version IS NOT NULL", [summary.dataset]).fetchall()
             if version_key(v) < key]
    if not older:
        return 0
    con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT e.id, e.version, e.ingest_id FROM events e "
                f"WHERE e.dataset = ? AND {_version_in('e.version')} "
                "AND e.country IN (SELECT DISTINCT country FROM _final) "
                "AND e.date_start BETWEEN (SELECT min(date_start) FROM _final) AND (SELECT max(date_start) FROM _final) "
                "AND e.id NOT IN (SELECT id FROM _final)", [summary.dataset, older])
    count = con.execute("SELECT count(*) FROM _gone").fetchall()[0][0]
    if count:
        con.execute("INSERT INTO event_revisions (event_id, ingest_id, previous_ingest_id, previous_version, "
                    "version, changed) SELECT id, ?, ingest_id, version, ?, [?] FROM _gone",
                    [summary.ingest_id, summary.version, WITHDRAWN])
        con.execute("DELETE FROM events WHERE id IN (SELECT id FROM _gone)")
    return count


def _cleanup(con, rejects: str) -> None:
    for name in ("_stage", "_res", "_match", "_bad", "_gone", LINE_BREAKS):
        con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute("DROP VIEW IF EXISTS _final")
    drop_rejects(con, rejects)


def _unreadable(exc: duckdb.Error, path: Path, name: str) -> InputError:
    """The error for a file DuckDB cannot read at all; for mixed line endings, which DuckDB
    reports without a line, it names the first line whose ending differs."""
    message = str(exc).splitlines()[0]
    if "state machine reached an invalid state" in message:
        mixed = first_mixed_line_ending(path)
        if mixed is not None:
            line, ending, first = mixed
            return InputError(f"this line ends with {ending}, the lines before it with {first}: the reader "
                              "cannot read a file whose line endings are mixed; convert the file to one "
                              "kind (e.g. with dos2unix)", file=name, line=line)
    return InputError(f"cannot read file: {message}", file=name)


def _load_in_transaction(store: Store, adapter: EventAdapter, path: Path, version: str | None, scan: FileScan,
                         resolver: Resolver, sides: SideResolver, rejects: str, summary: IngestSummary,
                         progress: Progress) -> list[Rejected]:
    """Steps (2) to (5) of a load as one transaction; fills ``summary`` and returns the rejected rows."""
    with store.transaction() as tx:
        ingest_id = tx.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
        summary.ingest_id = ingest_id
        progress("reading", 0.0)
        try:
            staged = adapter.stage(tx, path, version=version, rejects=rejects, utf8=scan.utf8,
                                   lines=scan.lines)
        except duckdb.Error as exc:
            raise _unreadable(exc, path, summary.file) from None
        progress("reading", 1.0)
        summary.version = staged.version
        # one scan: counts, date range, country names; a row with an unknown country fails
        accepted, distinct_ids, failing, low, high, names = _scan_stage(tx, staged.checks)
        countries = _countries(names)
        unknown = _unknown_country_check(countries)
        staged.checks = staged.checks + unknown
        summary.rows_read = accepted + staged.rejected_records
        rejected = list(staged.rejected)
        if failing or unknown or distinct_ids != accepted:
            rejected += _run_checks(tx, path, staged)
        if summary.file != str(path):      # a download: rows are found in the URL's data
            rejected = [replace(r, file=summary.file) for r in rejected]
        boundaries = _boundaries_between(resolver, low, high)
        _resolve_sides(tx, sides, countries, boundaries, progress, first=low)
        progress("writing", 0.0)
        _final_view(tx, adapter.dataset, staged.version, ingest_id, boundaries)
        _write_events(tx, summary, instance=store.instance_key)
        write_quarantine(tx, ingest_id, rejected)
        summary.rows_quarantined = staged.rejected_records + (len(rejected) - len(staged.rejected))
        write_unresolved(tx, sides.unresolved_counts, f"ingest:{adapter.dataset}")
        summary.unresolved_names = len(sides.unresolved_counts)
        tx.execute("INSERT INTO ingests (id, dataset, version, file, file_hash, rows_read, rows_stored, "
                   "rows_quarantined, rows_unchanged, rows_revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [ingest_id, adapter.dataset, staged.version, summary.file, summary.file_hash, summary.rows_read,
                    summary.rows_stored, summary.rows_quarantined, summary.rows_unchanged,
                    summary.rows_revised])
        _cleanup(tx, rejects)
        progress("writing", 1.0)
    return rejected


@contextmanager
def named_as(name: str | None, path: Path) -> Iterator[None]:
    """An :class:`InputError` about ``path`` raised inside names ``name`` instead (the URL of a
    downloaded file, not the temporary file it was saved to)."""
    try:
        yield
    except InputError as exc:
        if name and exc.file == str(path):
            raise InputError(exc.reason, file=name, line=exc.line, field=exc.field) from None
        raise


def load_events(store: Store, adapter: EventAdapter, path: str | Path, *, version: str | None = None,
                resolver: Resolver | None = None, progress: Progress | None = None,
                display: str | None = None) -> IngestSummary:
    """Load one event file with ``adapter`` (see the module docstring for the semantics).
    ``display``: the name that errors, the summary, ``ingests`` and ``quarantine`` give the file
    (default: its path), such as the URL it was downloaded from."""
    with named_as(display, Path(path)):
        return _load_events(store, adapter, Path(path), version, resolver, progress or _noop,
                            display or str(path))


def _load_events(store: Store, adapter: EventAdapter, path: Path, version: str | None,
                 resolver: Resolver | None, progress: Progress, name: str) -> IngestSummary:
    started = time.perf_counter()
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    progress("hashing", 0.0)
    # one pass over the bytes: the hash, and whether every byte is UTF-8 (see scan_file)
    scan = scan_file(path, lambda done, size: progress("hashing", done / max(size, 1)))
    file_hash = scan.sha256
    version = version or adapter.infer_version(path)
    summary = IngestSummary(adapter.dataset, name, version, file_hash)
    earlier = previous_load(store, adapter.dataset, file_hash)
    if earlier is not None:
        summary.ingest_id, summary.already_loaded = earlier, True
        return summary
    resolver = resolver or Resolver(read_actors(store), read_lineage(store))
    sides = SideResolver(resolver, known_names=known_names(store), split=adapter.split_sides)
    rejects = "_rejects_" + uuid.uuid4().hex[:8]
    con = store.con
    with held_settings(con, store.instance_key, _load_settings(path)):
        try:
            rejected = _load_in_transaction(store, adapter, path, version, scan, resolver, sides,
                                            rejects, summary, progress)
        except BaseException:
            try:
                _cleanup(con, rejects)
            except duckdb.Error:
                pass
            raise
    summary.quarantine_sample = quarantine_sample(rejected)
    summary.seconds = time.perf_counter() - started
    return summary
