"""Load a dataset file into the store: one transaction, idempotent, nothing dropped silently.

A load (1) hashes the file; if the same dataset was already loaded from identical bytes it is a
no-op; (2) parses the file with DuckDB into a temporary table, sending unreadable rows and rows
that fail a check to the ``quarantine`` table with file, physical line, field and reason;
(3) resolves the *distinct* (side, country, date) keys to registry actor ids; (4) writes events:
new ids are inserted, ids already stored are replaced when their content changed and the stored
version is not newer, and every replacement is recorded in ``event_revisions`` with the changed
fields; (5) records the ingest with ``N read, N stored, N quarantined``. Any failure rolls the
whole load back, so a store is never half-written.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.base import EventAdapter, Staged, version_key
from ..sources.csvscan import Rejected, drop_rejects, file_sha256, record_start_lines
from ..store import Store
from ..store.actors import read_actors, read_lineage
from .geography import country_iso3
from .sides import SideResolver

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
    relations_proposed: int = 0
    unresolved_names: int = 0
    already_loaded: bool = False
    seconds: float = 0.0
    quarantine_sample: list[dict] = field(default_factory=list)

    def line(self) -> str:
        if self.already_loaded:
            return (f"{self.file}: already loaded as ingest {self.ingest_id} (same file hash); "
                    f"nothing changed")
        extra = []
        if self.rows_revised:
            extra.append(f"{self.rows_revised} revised")
        if self.rows_unchanged:
            extra.append(f"{self.rows_unchanged} unchanged")
        if self.rows_kept_newer:
            extra.append(f"{self.rows_kept_newer} kept (stored version newer)")
        tail = f" ({', '.join(extra)})" if extra else ""
        return (f"{self.rows_read} read, {self.rows_stored} stored, "
                f"{self.rows_quarantined} quarantined{tail}")

    def as_dict(self) -> dict:
        return asdict(self)


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


def quarantine_frame(ingest_id: int, rejected: list[Rejected]) -> pa.Table:
    return pa.table({
        "ingest_id": pa.array([ingest_id] * len(rejected), pa.int64()),
        "file": pa.array([r.file for r in rejected], pa.string()),
        "line": pa.array([r.line for r in rejected], pa.int64()),
        "field": pa.array([r.field for r in rejected], pa.string()),
        "reason": pa.array([r.reason for r in rejected], pa.string()),
        "raw": pa.array([(r.raw[:10000].encode("utf-8", "replace").decode("utf-8") if r.raw else r.raw) for r in rejected], pa.string()),
    })


def write_quarantine(con: duckdb.DuckDBPyConnection, ingest_id: int, rejected: list[Rejected]) -> None:
    if not rejected:
        return
    frame = quarantine_frame(ingest_id, rejected)
    con.register("_quarantine_rows", frame)
    con.execute("INSERT INTO quarantine SELECT * FROM _quarantine_rows").fetchall()
    con.unregister("_quarantine_rows")


def write_unresolved(con: duckdb.DuckDBPyConnection, counts: dict[str, int], context: str) -> None:
    """Add unresolved-name counts inside the caller's transaction."""
    if not counts:
        return
    frame = pa.table({"name": list(counts), "context": [context] * len(counts),
                      "count": pa.array(list(counts.values()), pa.int64())})
    con.register("_unresolved_rows", frame)
    con.execute("INSERT INTO unresolved_names (name, context, count) SELECT name, context, count "
                "FROM _unresolved_rows ON CONFLICT (name, context) DO UPDATE "
                "SET count = unresolved_names.count + excluded.count").fetchall()
    con.unregister("_unresolved_rows")


def _map_ordinals(ordinals: list[int], rejected_records: set[int]) -> dict[int, int]:
    """0-based positions among accepted rows → 1-based record numbers, skipping rejected records."""
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


def _run_checks(con, path: Path, staged: Staged) -> list[Rejected]:
    """Apply the adapter's row checks (and duplicate ids); delete failing rows from ``_stage``."""
    con.execute("CREATE OR REPLACE TEMP TABLE _bad (rid BIGINT, field VARCHAR, reason VARCHAR, raw VARCHAR)")
    fields = " ".join(f"WHEN ({c}) THEN {_sql_text(f)}" for c, f, _ in staged.checks)
    reasons = " ".join(f"WHEN ({c}) THEN {_sql_text(r)}" for c, _, r in staged.checks)
    con.execute(f"INSERT INTO _bad SELECT rid, field, reason, raw FROM (SELECT rowid AS rid, "
                f"CASE {fields} END AS field, CASE {reasons} END AS reason, source_row_id AS raw FROM _stage) "
                f"WHERE field IS NOT NULL").fetchall()
    duplicated = con.execute("SELECT count(*) FROM (SELECT source_row_id FROM _stage GROUP BY 1 "
                             "HAVING count(*) > 1)").fetchall()[0][0]
    if duplicated:
        con.execute("INSERT INTO _bad SELECT rowid, 'id', 'duplicate id ' || source_row_id || ' in the file', "
                    "source_row_id FROM (SELECT rowid, source_row_id, row_number() OVER "
                    "(PARTITION BY source_row_id ORDER BY rowid) AS n FROM _stage) WHERE n > 1 "
                    "AND rowid NOT IN (SELECT rid FROM _bad)").fetchall()
    bad = con.execute("SELECT rid - (SELECT min(rowid) FROM _stage), field, reason, raw FROM _bad "
                      "ORDER BY rid").fetchall()
    if not bad:
        return []
    records = _map_ordinals([b[0] for b in bad], staged.rejected_record_numbers)
    if staged.line_of_record is not None:
        lines = {r: staged.line_of_record(r) for r in records.values()}
    else:
        lines = record_start_lines(path, records.values(), delimiter=staged.delimiter,
                                   skip=staged.header_lines)
    con.execute("DELETE FROM _stage WHERE rowid IN (SELECT rid FROM _bad)")
    return [Rejected(str(path), lines.get(records[o]), f, r, f"id={raw}" if raw else None)
            for o, f, r, raw in bad]


def _countries(con) -> dict[str, str | None]:
    """Map the staged country names to ISO3 in the temporary table ``_country_codes``."""
    names = [r[0] for r in con.execute("SELECT DISTINCT country FROM _stage WHERE country IS NOT NULL").fetchall()]
    mapping = {n: country_iso3(n) for n in names}
    frame = pa.table({"name": pa.array(list(mapping), pa.string()),
                      "iso3": pa.array([mapping[n] for n in mapping], pa.string())})
    con.register("_country_arrow", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE _country_codes AS SELECT * FROM _country_arrow").fetchall()
    con.unregister("_country_arrow")
    return mapping


def _resolve_sides(con, sides: SideResolver, countries: dict, progress: Progress) -> None:
    """Resolve the distinct (side list, country, date) keys into the temporary table ``_res``."""
    keys = con.execute(
        "SELECT k, c, d, sum(n) FROM (SELECT side_a_raw AS k, country AS c, date_start AS d, 1 AS n FROM _stage "
        "UNION ALL SELECT side_b_raw, country, date_start, 1 FROM _stage "
        "UNION ALL SELECT assoc_raw, country, date_start, 1 FROM _stage WHERE len(assoc_raw) > 0) "
        "GROUP BY ALL").fetchall()
    out = {"k": [], "c": [], "d": [], "ids": [], "names": [], "unresolved": [], "umbrellas": []}
    total = max(1, len(keys))
    for i, (k, c, d, n) in enumerate(keys):
        res = sides.resolve(k, countries.get(c), d, rows=int(n))
        out["k"].append(k)
        out["c"].append(c or "")
        out["d"].append(d or dt.date(1, 1, 1))
        out["ids"].append(res.ids)
        out["names"].append(res.names)
        out["unresolved"].append(res.unresolved)
        out["umbrellas"].append(res.umbrellas)
        if i % 5000 == 0:
            progress("resolving actors", i / total)
    table = pa.table({"k": pa.array(out["k"], pa.list_(pa.string())), "c": out["c"],
                      "d": pa.array(out["d"], pa.date32()),
                      **{name: pa.array(out[name], pa.list_(pa.string()))
                         for name in ("ids", "names", "unresolved", "umbrellas")}})
    con.register("_res_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _res AS SELECT * FROM _res_arrow").fetchall()
    con.unregister("_res_arrow")


def _sql_text(value: str | None) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _final_view(con, dataset: str, version: str | None, ingest_id: int) -> None:
    def join(alias: str, column: str) -> str:
        return (f"LEFT JOIN _res {alias} ON {alias}.k = s.{column} AND {alias}.c = coalesce(s.country, '') "
                f"AND {alias}.d = coalesce(s.date_start, DATE '0001-01-01')")

    con.execute("CREATE OR REPLACE TEMP VIEW _final AS SELECT "
                f"'{dataset}:' || s.source_row_id AS id, '{dataset}' AS dataset, "
                f"CAST({_sql_text(version)} AS VARCHAR) AS version, s.source_row_id, s.date_start, s.date_end, s.date_precision, "
                "cc.iso3 AS country, s.admin1, s.admin2, s.lat, s.lon, s.geo_precision, s.violence_type, s.event_type, "
                "coalesce(ra.ids, []) AS side_a, coalesce(rb.ids, []) AS side_b, "
                "coalesce(ra.names, []) AS side_a_names, coalesce(rb.names, []) AS side_b_names, "
                "list_distinct(flatten([coalesce(ra.unresolved, []), coalesce(rb.unresolved, []), "
                "coalesce(rc.unresolved, [])])) AS unresolved, coalesce(rc.ids, []) AS associated, "
                "s.deaths_best, s.deaths_low, s.deaths_high, s.deaths_civilians, s.source_text, "
                "coalesce(ra.umbrellas, []) AS side_a_umbrellas, coalesce(rb.umbrellas, []) AS side_b_umbrellas, "
                f"CAST({int(ingest_id)} AS BIGINT) AS ingest_id "
                f"FROM _stage s LEFT JOIN _country_codes cc ON cc.name = s.country {join('ra', 'side_a_raw')} {join('rb', 'side_b_raw')} {join('rc', 'assoc_raw')}")


def _write_events(con, summary: IngestSummary) -> None:
    """Insert new events, replace revised ones (recording what changed), keep the rest."""
    newer = [v for (v,) in con.execute("SELECT DISTINCT version FROM events WHERE dataset = ?",
                                        [summary.dataset]).fetchall()
             if version_key(v) > version_key(summary.version)]
    changed = ", ".join(f"CASE WHEN f.{c} IS DISTINCT FROM e.{c} THEN '{c}' END" for c in CONTENT_COLUMNS)
    con.execute("CREATE OR REPLACE TEMP TABLE _match AS SELECT f.id, e.version AS old_version, "
                f"e.ingest_id AS old_ingest, list_filter([{changed}], lambda x: x IS NOT NULL) AS changed, "
                "e.version IN (SELECT unnest(?)) AS keep_newer "
                "FROM _final f JOIN events e ON e.id = f.id", [newer])
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
    columns = ", ".join(EVENT_COLUMNS)
    con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM _final "
                "WHERE id NOT IN (SELECT id FROM _match WHERE len(changed) = 0 OR keep_newer)")
    total = con.execute("SELECT count(*) FROM _stage").fetchall()[0][0]
    summary.rows_revised, summary.rows_unchanged, summary.rows_kept_newer = revised, unchanged, kept
    summary.rows_stored = total - unchanged - kept


def _cleanup(con, rejects: str) -> None:
    for name in ("_stage", "_res", "_match", "_bad", "_country_codes"):
        con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute("DROP VIEW IF EXISTS _final")
    drop_rejects(con, rejects)


def load_events(store: Store, adapter: EventAdapter, path: str | Path, *, version: str | None = None,
                resolver: Resolver | None = None, progress: Progress | None = None) -> IngestSummary:
    """Load one event file with ``adapter`` (see the module docstring for the semantics)."""
    progress = progress or _noop
    path = Path(path)
    started = time.perf_counter()
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    file_hash = file_sha256(path, lambda done, size: progress("hashing", done / max(size, 1)))
    version = version or adapter.infer_version(path)
    summary = IngestSummary(adapter.dataset, str(path), version, file_hash)
    earlier = previous_load(store, adapter.dataset, file_hash)
    if earlier is not None:
        summary.ingest_id, summary.already_loaded = earlier, True
        return summary
    resolver = resolver or Resolver(read_actors(store), read_lineage(store))
    sides = SideResolver(resolver, known_names=known_names(store), split=adapter.split_sides)
    rejects = "_rejects_" + uuid.uuid4().hex[:8]
    con = store.con
    try:
        with store.transaction() as tx:
            ingest_id = tx.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
            summary.ingest_id = ingest_id
            progress("reading", 0.0)
            try:
                staged = adapter.stage(tx, path, version=version, rejects=rejects)
            except duckdb.Error as exc:
                message = str(exc).splitlines()[0]
                raise InputError(f"cannot read file: {message}", file=str(path)) from None
            progress("reading", 1.0)
            summary.version = staged.version
            accepted = tx.execute("SELECT count(*) FROM _stage").fetchall()[0][0]
            summary.rows_read = accepted + staged.rejected_records
            countries = _countries(tx)
            staged.checks = staged.checks + ((
                "country IS NOT NULL AND country NOT IN (SELECT name FROM _country_codes WHERE iso3 IS NOT NULL)",
                "country", "unknown country name"),)
            rejected = list(staged.rejected) + _run_checks(tx, path, staged)
            _resolve_sides(tx, sides, countries, progress)
            progress("writing", 0.0)
            _final_view(tx, adapter.dataset, staged.version, ingest_id)
            _write_events(tx, summary)
            write_quarantine(tx, ingest_id, rejected)
            summary.rows_quarantined = staged.rejected_records + (len(rejected) - len(staged.rejected))
            write_unresolved(tx, sides.unresolved_counts, f"ingest:{adapter.dataset}")
            summary.unresolved_names = len(sides.unresolved_counts)
            tx.execute("INSERT INTO ingests (id, dataset, version, file, file_hash, rows_read, rows_stored, "
                       "rows_quarantined, rows_unchanged, rows_revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [ingest_id, adapter.dataset, staged.version, str(path), file_hash, summary.rows_read,
                        summary.rows_stored, summary.rows_quarantined, summary.rows_unchanged,
                        summary.rows_revised])
            _cleanup(tx, rejects)
            progress("writing", 1.0)
    finally:
        try:
            _cleanup(con, rejects)
        except duckdb.Error:
            pass
    summary.quarantine_sample = [{"file": r.file, "line": r.line, "field": r.field, "reason": r.reason}
                                 for r in rejected[:20]]
    summary.seconds = time.perf_counter() - started
    return summary
