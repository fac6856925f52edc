"""Global Terrorism Database (GTD): the xlsx or CSV export (135 columns).

Reference: LaFree & Dugan (2007), "Introducing the Global Terrorism Database", Terrorism and
Political Violence 19(2); codebook by START, University of Maryland. Up to three perpetrator
groups (``gname``, ``gname2``, ``gname3``) form side A, a coalition of perpetrators. ``imonth`` or
``iday`` 0 means unknown: the date becomes a month or year range with that precision.
``specificity`` (1–5) is the geo precision; ``nkill`` the fatalities; side B stays empty (GTD
records target types, not actors).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ..errors import InputError
from .base import EventAdapter, Staged, line_break_checks
from .csvscan import collect_rejects, csv_sql, decode_every_column, read_header

GTD_COLUMNS = (
    "eventid,iyear,imonth,iday,approxdate,extended,resolution,country,country_txt,region,region_txt,"
    "provstate,city,latitude,longitude,specificity,vicinity,location,summary,crit1,crit2,crit3,doubtterr,"
    "alternative,alternative_txt,multiple,success,suicide,attacktype1,attacktype1_txt,attacktype2,"
    "attacktype2_txt,attacktype3,attacktype3_txt,targtype1,targtype1_txt,targsubtype1,targsubtype1_txt,"
    "corp1,target1,natlty1,natlty1_txt,targtype2,targtype2_txt,targsubtype2,targsubtype2_txt,corp2,target2,"
    "natlty2,natlty2_txt,targtype3,targtype3_txt,targsubtype3,targsubtype3_txt,corp3,target3,natlty3,"
    "natlty3_txt,gname,gsubname,gname2,gsubname2,gname3,gsubname3,motive,guncertain1,guncertain2,"
    "guncertain3,individual,nperps,nperpcap,claimed,claimmode,claimmode_txt,claim2,claimmode2,"
    "claimmode2_txt,claim3,claimmode3,claimmode3_txt,compclaim,weaptype1,weaptype1_txt,weapsubtype1,"
    "weapsubtype1_txt,weaptype2,weaptype2_txt,weapsubtype2,weapsubtype2_txt,weaptype3,weaptype3_txt,"
    "weapsubtype3,weapsubtype3_txt,weaptype4,weaptype4_txt,weapsubtype4,weapsubtype4_txt,weapdetail,nkill,"
    "nkillus,nkillter,nwound,nwoundus,nwoundte,property,propextent,propextent_txt,propvalue,propcomment,"
    "ishostkid,nhostkid,nhostkidus,nhours,ndays,divert,kidhijcountry,ransom,ransomamt,ransomamtus,"
    "ransompaid,ransompaidus,ransomnote,hostkidoutcome,hostkidoutcome_txt,nreleased,addnotes,scite1,scite2,"
    "scite3,dbsource,INT_LOG,INT_IDEO,INT_MISC,INT_ANY,related").split(",")
#: the free-text columns of the GTD codebook, the only ones that may hold line breaks (see
#: ``line_break_checks``)
MULTILINE = ("summary", "location", "motive", "corp1", "target1", "corp2", "target2", "corp3", "target3",
             "weapdetail", "propcomment", "ransomnote", "addnotes", "scite1", "scite2", "scite3")
_NUMERIC = {"eventid", "iyear", "imonth", "iday", "latitude", "longitude", "specificity", "nkill"}

_SELECT = """
    CREATE TEMP TABLE _stage AS SELECT
        CAST(CAST(eventid AS HUGEINT) AS VARCHAR) AS source_row_id,
        try(make_date(CAST(iyear AS INTEGER), greatest(CAST(imonth AS INTEGER), 1),
                      greatest(CAST(iday AS INTEGER), 1))) AS date_start,
        CASE WHEN imonth = 0 THEN try(make_date(CAST(iyear AS INTEGER), 12, 31))
             WHEN iday = 0 THEN try(last_day(make_date(CAST(iyear AS INTEGER), CAST(imonth AS INTEGER), 1)))
             ELSE try(make_date(CAST(iyear AS INTEGER), CAST(imonth AS INTEGER), CAST(iday AS INTEGER))) END
            AS date_end,
        CASE WHEN imonth = 0 THEN 'year' WHEN iday = 0 THEN 'month' ELSE 'day' END AS date_precision,
        country_txt AS country, provstate AS admin1, CAST(NULL AS VARCHAR) AS admin2,
        latitude AS lat, longitude AS lon, CAST(specificity AS INTEGER) AS geo_precision,
        'terrorism' AS violence_type, attacktype1_txt AS event_type,
        list_filter([gname, gname2, gname3], lambda x: x IS NOT NULL AND trim(x) <> '') AS side_a_raw,
        CAST([] AS VARCHAR[]) AS side_b_raw, CAST([] AS VARCHAR[]) AS assoc_raw,
        nkill AS deaths_best, CAST(NULL AS DOUBLE) AS deaths_low, CAST(NULL AS DOUBLE) AS deaths_high,
        CAST(NULL AS DOUBLE) AS deaths_civilians,
        json_object('summary', summary, 'city', city, 'target1', target1, 'targtype1_txt', targtype1_txt,
                    'scite1', scite1, 'scite2', scite2, 'scite3', scite3) AS source_text,
        iyear AS _iyear, imonth AS _imonth, iday AS _iday
    FROM {source} {where}"""
_CHECKS = (
    ("_iyear IS NULL OR _iyear < 1900 OR _iyear > 2100", "iyear", "year missing or out of range"),
    ("_imonth < 0 OR _imonth > 12 OR _iday < 0 OR _iday > 31", "imonth", "month or day out of range"),
)


class GTDAdapter(EventAdapter):
    """GTD export (.xlsx or .csv) → canonical events; gname/gname2/gname3 form side A."""

    dataset = "gtd"

    def stage(self, con: duckdb.DuckDBPyConnection, path: Path, *, version: str | None,
              rejects: str, utf8: bool | None = None, lines: int | None = None) -> Staged:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return self._stage_xlsx(con, path, version)
        header = read_header(path, ",")
        self._check_header(header, path)
        types = {c: ("DOUBLE" if c in _NUMERIC else "VARCHAR") for c in header}
        con.execute(_SELECT.format(source=csv_sql(path, types, rejects=rejects),
                                   where=decode_every_column(types, path, utf8)))
        rejected, count = collect_rejects(con, path, rejects)
        staged = Staged(version=version, rejected=rejected, rejected_records=count)
        staged.rejected_record_numbers = {int(r[0]) - 1 for r in con.execute(
            f"SELECT DISTINCT line FROM {rejects}").fetchall()} if rejected else set()
        staged.checks = (line_break_checks(con, path, types, MULTILINE, staged, lines, utf8=utf8)
                         + _CHECKS + staged.checks)
        return staged

    @staticmethod
    def _check_header(header: list[str], path: Path) -> None:
        missing = [c for c in ("eventid", "iyear", "imonth", "iday", "country_txt", "gname", "gname2",
                               "gname3", "nkill") if c not in header]
        if missing:
            raise InputError(f"not a GTD export: missing columns {', '.join(missing)}", file=str(path), line=1)

    def _stage_xlsx(self, con, path: Path, version: str | None) -> Staged:
        try:
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for damaged workbooks
            raise InputError(f"cannot read workbook: {exc}", file=str(path)) from None
        frame.columns = [str(c).strip() for c in frame.columns]
        self._check_header(list(frame.columns), path)
        rejected = []
        for column in _NUMERIC & set(frame.columns):
            numbers = pd.to_numeric(frame[column], errors="coerce")
            bad = numbers.isna() & frame[column].notna() & (frame[column].str.strip() != "")
            for index in frame.index[bad]:
                from .csvscan import Rejected
                rejected.append(Rejected(str(path), int(index) + 2, column,
                                         f"cast: not a number: {str(frame.at[index, column])[:40]!r}", None))
            frame[column] = numbers
        bad_rows = sorted({r.line - 2 for r in rejected})
        frame = frame.drop(index=bad_rows)
        con.register("_xlsx_rows", frame)
        con.execute(_SELECT.format(source="_xlsx_rows", where=""))
        con.unregister("_xlsx_rows")
        staged = Staged(version=version, rejected=rejected, rejected_records=len(bad_rows))
        staged.rejected_record_numbers = {r + 1 for r in bad_rows}
        staged.line_of_record = lambda record: record + 1
        staged.checks = _CHECKS + staged.checks
        return staged
