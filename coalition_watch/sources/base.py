"""What every dataset adapter provides to the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from .csvscan import LINE_BREAK_REASON, Rejected, every_record_one_line, fields_with_line_breaks

#: Columns every event adapter writes into the temporary ``_stage`` table, in this order.
STAGE_COLUMNS = (
    "source_row_id", "date_start", "date_end", "date_precision", "country", "admin1", "admin2",
    "lat", "lon", "geo_precision", "violence_type", "event_type", "side_a_raw", "side_b_raw",
    "assoc_raw", "deaths_best", "deaths_low", "deaths_high", "deaths_civilians", "source_text",
)

#: Checks run on staged rows: (SQL condition that marks a bad row, field, reason).
COMMON_CHECKS = (
    ("source_row_id IS NULL OR trim(source_row_id) = ''", "id", "missing source row id"),
    ("date_start IS NULL", "date_start", "missing or unreadable start date"),
    ("date_end < date_start", "date_end", "end date before start date"),
    ("lat IS NOT NULL AND (lat < -90 OR lat > 90 OR isnan(lat))", "latitude", "latitude outside -90..90"),
    ("lon IS NOT NULL AND (lon < -180 OR lon > 180 OR isnan(lon))", "longitude", "longitude outside -180..180"),
    ("deaths_best < 0 OR deaths_low < 0 OR deaths_high < 0 OR deaths_civilians < 0",
     "deaths", "negative fatality count"),
    ("isinf(deaths_best) OR isnan(deaths_best)", "deaths", "fatality count not finite"),
)


@dataclass
class Staged:
    """What an adapter's :meth:`EventAdapter.stage` produced."""

    version: str | None
    rejected: list[Rejected] = field(default_factory=list)
    rejected_records: int = 0
    #: record numbers (1-based, after the header; a blank line counts as one, as in the ``line`` of
    #: DuckDB's rejects table) DuckDB rejected, to map later failures to lines
    rejected_record_numbers: set[int] = field(default_factory=set)
    delimiter: str = ","
    #: quote character of the file ("" for none), to find the lines of rows that fail a check
    quote: str = '"'
    header_lines: int = 1
    checks: tuple = COMMON_CHECKS
    #: record number → physical line, when the input is not a delimited text file (a workbook)
    line_of_record: Callable[[int], int] | None = None


class EventAdapter:
    """Reads one event dataset's file into the canonical ``_stage`` table (see STAGE_COLUMNS)."""

    dataset: str = ""
    #: whether side strings list several actors separated by ", "
    split_sides: bool = False

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, version: str | None,
              rejects: str, utf8: bool | None = None, lines: int | None = None) -> Staged:
        """Parse ``path`` into ``_stage``, unreadable rows into the rejects table ``rejects``.
        ``utf8``: whether the whole file decodes as UTF-8, as the load's hashing pass found (an
        adapter reading only some columns then reads every column when it does not, see
        :func:`~coalition_watch.sources.csvscan.decode_every_column`); None: not known yet.
        ``lines``: the file's physical lines, as that pass counted them (see
        :func:`line_break_checks`); None: not known."""
        raise NotImplementedError

    def infer_version(self, path: Path) -> str | None:
        return None


#: Temporary table of the rows :func:`line_break_checks` found (dropped with the load's others).
LINE_BREAKS = "_line_breaks"

def line_break_checks(con: duckdb.DuckDBPyConnection, path: Path, columns: dict[str, str],
                      multiline: tuple[str, ...], staged: Staged, lines: int | None, *,
                      utf8: bool | None = None, timestampformat: str | None = None) -> tuple:
    """Checks that quarantine staged rows holding a line break in a column outside ``multiline``
    (the dataset's free-text columns), one per column found, for the front of ``staged.checks``.

    A stray pair of quotes joins the lines between them into one record that may still have the
    right number of fields, so the rows in between would vanish into one field unnoticed. When
    the file has as many physical lines (``lines``, from the load's hashing pass) as header lines
    plus records, no field holds a line break and the file is not read again; otherwise
    :func:`~coalition_watch.sources.csvscan.fields_with_line_breaks` reads it again with
    ``columns`` and ``timestampformat`` as the load read it (``utf8``: whether the file is UTF-8
    throughout, as the load found; None: not known)."""
    accepted, first = con.execute("SELECT count(*), min(rowid) FROM _stage").fetchall()[0]
    if every_record_one_line(lines, header_lines=staged.header_lines,
                             records=accepted + staged.rejected_records):
        return ()
    rows, found = fields_with_line_breaks(con, path, columns, multiline, delimiter=staged.delimiter,
                                          skip=staged.header_lines, quote=staged.quote,
                                          timestampformat=timestampformat, utf8=bool(utf8))
    if rows != accepted:   # both reads reject the same rows (see fields_with_line_breaks)
        raise RuntimeError(f"{path}: the line-break check read {rows} rows, the load {accepted}")
    if not found:
        return ()
    table = pa.table({"rid": pa.array([o + (first or 0) for o, _ in found], pa.int64()),
                      "field": pa.array([f for _, f in found], pa.string())})
    con.register("_line_breaks_arrow", table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {LINE_BREAKS} AS SELECT * FROM _line_breaks_arrow")
    con.unregister("_line_breaks_arrow")
    return tuple((f"rowid IN (SELECT rid FROM {LINE_BREAKS} WHERE field = '{name.replace(chr(39), chr(39) * 2)}')",
                  name, LINE_BREAK_REASON) for name in dict.fromkeys(f for _, f in found))


_VERSION_NUMBERS = re.compile(r"\d+")


def version_key(version: str | None) -> tuple[int, ...]:
    """Sort key of a dataset version string ("25.1" < "26.0.1"); unknown versions sort first."""
    if not version:
        return ()
    return tuple(int(n) for n in _VERSION_NUMBERS.findall(version))
