"""What every dataset adapter provides to the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from .csvscan import Rejected

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
              rejects: str, utf8: bool | None = None) -> Staged:
        """Parse ``path`` into ``_stage``, unreadable rows into the rejects table ``rejects``.
        ``utf8``: whether the whole file decodes as UTF-8, as the load's hashing pass found (an
        adapter reading only some columns then reads every column when it does not, see
        :func:`~coalition_watch.sources.csvscan.decode_every_column`); None: not known yet."""
        raise NotImplementedError

    def infer_version(self, path: Path) -> str | None:
        return None


_VERSION_NUMBERS = re.compile(r"\d+")


def version_key(version: str | None) -> tuple[int, ...]:
    """Sort key of a dataset version string ("25.1" < "26.0.1"); unknown versions sort first."""
    if not version:
        return ()
    return tuple(int(n) for n in _VERSION_NUMBERS.findall(version))
