"""GDELT 2.0 event files (tab-separated, no header, 61 columns) and the BigQuery table.

Reference: Leetaru & Schrodt (2013), "GDELT: Global Data on Events, Location and Tone";
GDELT 2.0 Event Codebook; CAMEO codebook (Schrodt 2012). The mapping to the canonical event model
is one Ibis expression, :func:`gdelt_events`: the loader compiles it to DuckDB SQL over a local
file, and the same expression over ``gdelt-bq.gdeltv2.events`` compiles to BigQuery SQL.
``violence_type`` is ``cameo:<root code>`` (18 assault, 19 fight, 20 unconventional mass
violence); ``country`` comes from ``ActionGeo_CountryCode`` (FIPS 10-4) mapped to ISO3 with the
complete FIPS 10-4 table (:func:`~coalition_watch.ingest.geography.fips_codes`); a code that is not
in it, or names an area without an ISO 3166 country, is never read as an ISO code (FIPS ``GQ`` is
Guam, ISO ``GQ`` Equatorial Guinea): the row is quarantined naming the field and the code.
A ``SQLDATE`` that is not a date of the calendar (20210230) quarantines its row too.
GDELT records no fatalities.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import ibis.expr.datatypes as dt

from ..errors import InputError
from ..ingest.geography import fips_codes, fips_to_iso3
from .base import EventAdapter, Staged
from .csvscan import collect_rejects, csv_sql, read_header

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: list[str] = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"])
_TYPES = {"GLOBALEVENTID": "int64", "SQLDATE": "int64", "MonthYear": "int64", "Year": "int64",
          "FractionDate": "float64", "IsRootEvent": "int64", "QuadClass": "int64", "GoldsteinScale": "float64",
          "NumMentions": "int64", "NumSources": "int64", "NumArticles": "int64", "AvgTone": "float64",
          "DATEADDED": "int64"}
for _prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
    _TYPES.update({f"{_prefix}Type": "int64", f"{_prefix}Lat": "float64", f"{_prefix}Long": "float64"})
GDELT_SCHEMA = ibis.schema({c: _TYPES.get(c, "string") for c in GDELT_COLUMNS})
BIGQUERY_TABLE = "gdelt-bq.gdeltv2.events"
_DUCKDB_TYPES = {"int64": "BIGINT", "float64": "DOUBLE", "string": "VARCHAR"}
#: prefix of a staged ``country`` holding a FIPS code without an ISO3 country
UNMAPPED = "fips:"


def gdelt_events(raw: ibis.Table, *, cameo_roots: tuple[str, ...] | None = None) -> ibis.Table:
    """Raw GDELT 2.0 events → the canonical staging columns (an Ibis expression, any backend)."""
    if cameo_roots:
        raw = raw.filter(raw.EventRootCode.isin(list(cameo_roots)))
    day = raw.SQLDATE
    date = ibis.date((day // 10000).cast("int32"), ((day // 100) % 100).cast("int32"),
                     (day % 100).cast("int32"))
    code = raw.ActionGeo_CountryCode
    # a code without an ISO3 country stays visible as "fips:<code>" (the loader quarantines it)
    country = code.substitute(fips_to_iso3(), else_=ibis.literal(UNMAPPED) + code)

    def side(name):
        return ibis.ifelse(name.isnull(), ibis.literal([], type=dt.Array(dt.string)), ibis.array([name]))

    return raw.select(
        source_row_id=raw.GLOBALEVENTID.cast("string"),
        date_start=date, date_end=date, date_precision=ibis.literal("day"),
        country=country, admin1=raw.ActionGeo_ADM1Code, admin2=raw.ActionGeo_ADM2Code,
        lat=raw.ActionGeo_Lat, lon=raw.ActionGeo_Long, geo_precision=raw.ActionGeo_Type.cast("int32"),
        violence_type=ibis.literal("cameo:") + raw.EventRootCode, event_type=raw.EventCode,
        side_a_raw=side(raw.Actor1Name), side_b_raw=side(raw.Actor2Name),
        assoc_raw=ibis.literal([], type=dt.Array(dt.string)),
        deaths_best=ibis.null(dt.float64), deaths_low=ibis.null(dt.float64),
        deaths_high=ibis.null(dt.float64), deaths_civilians=ibis.null(dt.float64),
        source_text=raw.SOURCEURL,
    )


def _country_checks(con: duckdb.DuckDBPyConnection) -> tuple:
    """Checks quarantining staged rows whose ``ActionGeo_CountryCode`` has no ISO3 country, one per
    code, each naming the code."""
    codes = con.execute("SELECT DISTINCT country FROM _stage WHERE starts_with(country, ?) ORDER BY 1",
                        [UNMAPPED]).fetchall()
    checks = []
    for (value,) in codes:
        code = value[len(UNMAPPED):]
        known = fips_codes().get(code)
        reason = (f"FIPS 10-4 code {code!r} ({known[1]}) names no ISO 3166 country" if known
                  else f"not a FIPS 10-4 country code: {code!r}")
        checks.append((f"country = '{value.replace(chr(39), chr(39) * 2)}'", "ActionGeo_CountryCode", reason))
    return tuple(checks)


#: ``SQLDATE`` when it is a date of the calendar, else NULL (the row then fails the date check).
_REAL_SQLDATE = ("CASE WHEN try(make_date(CAST(SQLDATE // 10000 AS INTEGER), CAST(SQLDATE // 100 % 100 AS INTEGER), "
                 "CAST(SQLDATE % 100 AS INTEGER))) IS NOT NULL THEN SQLDATE END")
_DATE_CHECK = ("date_start IS NULL", "SQLDATE", "missing, or not a date of the calendar (YYYYMMDD)")


def bigquery_sql(*, cameo_roots: tuple[str, ...] | None = ("18", "19", "20")) -> str:
    """BigQuery SQL for the public GDELT events table, from the same expression the loader uses."""
    raw = ibis.table(GDELT_SCHEMA, name=BIGQUERY_TABLE)
    return ibis.to_sql(gdelt_events(raw, cameo_roots=cameo_roots), dialect="bigquery")



def _first_record(path: Path) -> tuple[list[str], int]:
    """The fields of the first non-blank line of a headerless tab-separated file, and its line
    number (blank lines are skipped when the file is read, so they may stand before it)."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            text = raw.rstrip(b"\r\n")
            if text:
                return text.decode("utf-8-sig", errors="replace").split("\t"), number
    return [], 1

class GDELTAdapter(EventAdapter):
    """GDELT 2.0 ``*.export.CSV`` files (tab-separated, headerless) → canonical events."""

    dataset = "gdelt"

    def __init__(self, cameo_roots: tuple[str, ...] | None = None) -> None:
        self.cameo_roots = cameo_roots

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, version: str | None,
              rejects: str, utf8: bool | None = None, lines: int | None = None) -> Staged:
        read_header(path, "\t")  # a missing, empty or binary file is refused here
        first, line = _first_record(path)
        if len(first) != len(GDELT_COLUMNS):
            raise InputError(f"not a GDELT 2.0 event file: first record has {len(first)} tab-separated "
                             f"fields, expected {len(GDELT_COLUMNS)}", file=str(path), line=line)
        types = {c: _DUCKDB_TYPES[_TYPES.get(c, "string")] for c in GDELT_COLUMNS}
        con.execute(f"CREATE TEMP TABLE _gdelt_raw AS SELECT * REPLACE ({_REAL_SQLDATE} AS SQLDATE) FROM "
                    f"{csv_sql(path, types, delimiter=chr(9), skip=0, rejects=rejects, quote='')}")
        sql = ibis.to_sql(gdelt_events(ibis.table(GDELT_SCHEMA, name="_gdelt_raw"),
                                       cameo_roots=self.cameo_roots), dialect="duckdb")
        con.execute(f"CREATE TEMP TABLE _stage AS {sql}")
        con.execute("DROP TABLE _gdelt_raw")
        rejected, count = collect_rejects(con, path, rejects)
        staged = Staged(version=version, rejected=rejected, rejected_records=count, delimiter="\t",
                        header_lines=0, quote="")
        staged.rejected_record_numbers = {int(r[0]) for r in con.execute(
            f"SELECT DISTINCT line FROM {rejects}").fetchall()} if rejected else set()
        staged.checks = (_DATE_CHECK,) + _country_checks(con) + staged.checks
        return staged
