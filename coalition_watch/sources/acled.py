"""ACLED (Armed Conflict Location & Event Data): CSV exports and the OAuth API.

Reference: Raleigh et al. (2010), "Introducing ACLED", JPR 47(5); codebook at acleddata.com.
Columns are matched by name, so both the current export (``event_id_cnty, event_date, year,
time_precision, disorder_type, event_type, ..., tags, timestamp``) and the older one (with
``data_id``, ``event_id_no_cnty``, ``iso3``) are read. ``assoc_actor_*`` lists several actors
separated by "; ". ``event_date`` is ``YYYY-MM-DD`` or ``15 January 2024``. ``violence_type``
keeps ACLED's own ``event_type`` in lower case; ``time_precision`` 1/2/3 is day/week/month.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import InputError
from .base import EventAdapter, Staged, line_break_checks
from .csvscan import collect_rejects, csv_sql, decode_every_column, read_header

ACLED_COLUMNS = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
                 "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
                 "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
                 "source_scale,notes,fatalities,tags,timestamp").split(",")
REQUIRED = {"event_id_cnty", "event_date", "event_type", "actor1", "assoc_actor_1", "actor2",
            "assoc_actor_2", "country", "admin1", "admin2", "latitude", "longitude", "geo_precision",
            "fatalities", "notes", "source", "time_precision", "sub_event_type"}
#: the only column that holds line breaks (see ``line_break_checks``)
MULTILINE = ("notes",)
_NUMERIC = {"latitude": "DOUBLE", "longitude": "DOUBLE", "fatalities": "DOUBLE", "geo_precision": "DOUBLE",
            "time_precision": "DOUBLE"}


def assoc_list(column: str) -> str:
    return (f"list_filter(list_transform(string_split(coalesce({column}, ''), ';'), lambda x: trim(x)), "
            f"lambda x: x <> '')")


class ACLEDAdapter(EventAdapter):
    """ACLED CSV export → canonical events; actor1/actor2 are sides, assoc actors are associated."""

    dataset = "acled"

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, version: str | None,
              rejects: str, utf8: bool | None = None, lines: int | None = None) -> Staged:
        header = read_header(path, ",")
        missing = sorted(REQUIRED - set(header))
        if missing:
            raise InputError(f"not an ACLED export: missing columns {', '.join(missing[:6])}",
                             file=str(path), line=1)
        types = {c: _NUMERIC.get(c, "VARCHAR") for c in header}
        con.execute(f"""
            CREATE TEMP TABLE _stage AS SELECT
                event_id_cnty AS source_row_id,
                coalesce(try_strptime(event_date, '%Y-%m-%d'), try_strptime(event_date, '%d %B %Y'))::DATE
                    AS date_start,
                coalesce(try_strptime(event_date, '%Y-%m-%d'), try_strptime(event_date, '%d %B %Y'))::DATE
                    AS date_end,
                CASE CAST(time_precision AS INTEGER) WHEN 1 THEN 'day' WHEN 2 THEN 'week' WHEN 3 THEN 'month' END
                    AS date_precision,
                country, admin1, admin2, latitude AS lat, longitude AS lon,
                CAST(geo_precision AS INTEGER) AS geo_precision,
                lower(event_type) AS violence_type, sub_event_type AS event_type,
                CASE WHEN actor1 IS NULL THEN [] ELSE [actor1] END AS side_a_raw,
                CASE WHEN actor2 IS NULL THEN [] ELSE [actor2] END AS side_b_raw,
                list_concat({assoc_list('assoc_actor_1')}, {assoc_list('assoc_actor_2')}) AS assoc_raw,
                fatalities AS deaths_best, CAST(NULL AS DOUBLE) AS deaths_low, CAST(NULL AS DOUBLE) AS deaths_high,
                CAST(NULL AS DOUBLE) AS deaths_civilians,
                json_object('notes', notes, 'source', source) AS source_text,
                event_date AS _event_date
            FROM {csv_sql(path, types, rejects=rejects)} {decode_every_column(types, path, utf8)}""")
        rejected, count = collect_rejects(con, path, rejects)
        staged = Staged(version=version, rejected=rejected, rejected_records=count)
        staged.rejected_record_numbers = {int(r[0]) - 1 for r in con.execute(
            f"SELECT DISTINCT line FROM {rejects}").fetchall()} if rejected else set()
        staged.checks = (("date_start IS NULL AND _event_date IS NOT NULL", "event_date",
                          "event_date is neither YYYY-MM-DD nor 'D Month YYYY'"),) + staged.checks
        staged.checks = (line_break_checks(con, path, types, MULTILINE, staged, lines, utf8=utf8)
                         + staged.checks)
        return staged
