"""UCDP Georeferenced Event Dataset (GED): the three CSV layouts in circulation.

* the 49-column release and candidate files (``id, relid, year, ... best, high, low, gwnoa, gwnob``);
* the older layout with ``best_est, high_est, low_est`` and no ``gwnoa/gwnob``, whose rows carry
  one trailing empty field (accepted when empty, quarantined when not);
* the 34-column subsets without source-text columns (ids written as ``214797.0``).

Reference: Sundberg & Melander (2013), "Introducing the UCDP Georeferenced Event Dataset",
Journal of Peace Research 50(4); codebook at ucdp.uu.se. Violence types: 1 state-based,
2 non-state, 3 one-sided. Date precision 1–5 and location precision 1–7 follow the codebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from ..errors import InputError
from .base import EventAdapter, Staged, line_break_checks
from .csvscan import collect_rejects, csv_sql, decode_every_column, read_header

GED_49 = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
          "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
          "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
          "source_date,source_headline,source_original,where_prec,where_coordinates,where_description,"
          "adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,"
          "date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,"
          "gwnoa,gwnob").split(",")
GED_OLD = GED_49[:44] + ["best_est", "high_est", "low_est"]
GED_34 = ("id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,dyad_name,"
          "side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,where_prec,adm_1,adm_2,"
          "latitude,longitude,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,"
          "date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,low,best,high").split(",")

#: numeric columns the adapter reads; the others are read as text (only their UTF-8 is checked)
_NUMERIC = {"id", "type_of_violence", "where_prec", "latitude", "longitude", "date_prec",
            "deaths_civilians", "best", "high", "low", "best_est", "high_est", "low_est"}
#: the only columns that hold line breaks in real GED files (the others never do, so a line break
#: in one of them means a stray quote joined lines into one record; see ``line_break_checks``)
_TEXT_FIELDS = ("source_article", "source_headline", "source_original", "where_description")
VIOLENCE_TYPES = {1: "state-based", 2: "non-state", 3: "one-sided"}
DATE_PRECISION = {1: "day", 2: "days", 3: "week", 4: "month", 5: "year"}


def ged_layout(header: list[str]) -> tuple[str, list[str]]:
    """Name and column list of a GED header; raises InputError for anything else."""
    for name, cols in (("ged-49", GED_49), ("ged-34", GED_34), ("ged-old", GED_OLD)):
        if header == cols:
            return name, cols
    raise InputError(f"not a UCDP GED file: header has {len(header)} columns "
                     f"({', '.join(header[:4])}, ...), expected the 49-, 34-column or old GED layout",
                     line=1)


def _trailing_extra_field(path: Path, ncols: int) -> bool:
    """Whether data rows carry one field more than the header (the old layout's trailing comma)."""
    import csv
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        sample = [len(r) for _, r in zip(range(200), reader)]
    return bool(sample) and sum(n == ncols + 1 for n in sample) > len(sample) // 2


class GEDAdapter(EventAdapter):
    """UCDP GED CSV → canonical events (sides split at ", ")."""

    dataset = "ucdp-ged"
    split_sides = True

    def infer_version(self, path: Path) -> str | None:
        name = path.name.lower()
        if m := re.search(r"candidate[_-]?(\d{4})[_-](\d{1,2})", name):
            return f"{int(m.group(1)) % 100}.0.{int(m.group(2))}"
        if m := re.search(r"ged[_-]?v?(\d{2})[_.-](\d)", name):
            return f"{int(m.group(1))}.{int(m.group(2))}"
        return None

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, version: str | None,
              rejects: str, utf8: bool | None = None, lines: int | None = None) -> Staged:
        try:
            layout, cols = ged_layout(read_header(path, ","))
        except InputError as exc:
            raise InputError(exc.reason, file=str(path), line=exc.line) from None
        types = {c: ("DOUBLE" if c in _NUMERIC else "VARCHAR") for c in cols}
        types["date_start"] = types["date_end"] = "TIMESTAMP"
        trailing = layout == "ged-old" and _trailing_extra_field(path, len(cols))
        if trailing:
            types["_trailing"] = "VARCHAR"
        fmt = "%m/%d/%Y %H:%M:%S" if layout == "ged-old" else None
        best, high, low = (("best_est", "high_est", "low_est") if layout == "ged-old"
                           else ("best", "high", "low"))
        text_fields = [c for c in _TEXT_FIELDS if c in cols]
        source_text = ("json_object(" + ", ".join(f"'{c}', {c}" for c in text_fields) + ")"
                       if text_fields else "NULL")
        vt = "CASE CAST(type_of_violence AS INTEGER) " + " ".join(
            f"WHEN {k} THEN '{v}'" for k, v in VIOLENCE_TYPES.items()) + " END"
        dp = "CASE CAST(date_prec AS INTEGER) " + " ".join(
            f"WHEN {k} THEN '{v}'" for k, v in DATE_PRECISION.items()) + " END"
        extra_check = ()
        if trailing:
            extra_check = (("_trailing IS NOT NULL", "_trailing",
                            "unexpected value in the trailing extra field"),)
        con.execute(f"""
            CREATE TEMP TABLE _stage AS SELECT
                CASE WHEN id = floor(id) THEN CAST(CAST(id AS BIGINT) AS VARCHAR) ELSE CAST(id AS VARCHAR) END
                    AS source_row_id,
                CAST(date_start AS DATE) AS date_start, CAST(date_end AS DATE) AS date_end,
                {dp} AS date_precision, country AS country, adm_1 AS admin1, adm_2 AS admin2,
                latitude AS lat, longitude AS lon, CAST(where_prec AS INTEGER) AS geo_precision,
                {vt} AS violence_type, CAST(NULL AS VARCHAR) AS event_type,
                [side_a] AS side_a_raw, [side_b] AS side_b_raw, CAST([] AS VARCHAR[]) AS assoc_raw,
                {best} AS deaths_best, {low} AS deaths_low, {high} AS deaths_high,
                deaths_civilians AS deaths_civilians, {source_text} AS source_text,
                type_of_violence AS _tov, side_a AS _side_a, side_b AS _side_b
                {", _trailing" if trailing else ""}
            FROM {csv_sql(path, types, rejects=rejects, timestampformat=fmt)} {decode_every_column(types, path, utf8)}""")
        rejected, count = collect_rejects(con, path, rejects)
        staged = Staged(version=version, rejected=rejected, rejected_records=count)
        staged.checks = staged.checks + (
            ("_tov IS NULL OR _tov NOT IN (1, 2, 3)", "type_of_violence", "violence type not 1, 2 or 3"),
            ("_side_a IS NULL OR trim(_side_a) = ''", "side_a", "missing side A"),
        ) + extra_check
        staged.rejected_record_numbers = {r for r in _rejected_records(con, rejects)}
        staged.checks = line_break_checks(con, path, types, _TEXT_FIELDS, staged, lines, utf8=utf8,
                                          timestampformat=fmt) + staged.checks
        return staged


def _rejected_records(con: duckdb.DuckDBPyConnection, rejects: str) -> list[int]:
    try:
        return [int(r[0]) - 1 for r in con.execute(f"SELECT DISTINCT line FROM {rejects}").fetchall()]
    except duckdb.CatalogException:
        return []
