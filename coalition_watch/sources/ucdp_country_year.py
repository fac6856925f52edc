"""UCDP country-year datasets: Armed Conflict Dataset, Dyadic, Conflict Termination.

References: Gleditsch et al. (2002), "Armed Conflict 1946–2001: A New Dataset", JPR 39(5);
Harbom, Melander & Wallensteen (2008), "Dyadic Dimensions of Armed Conflict", JPR 45(5);
Kreutz (2010), "How and when armed conflicts end", JPR 47(2). Side names with several actors
come with a parallel list of UCDP actor ids ("182, 183, 184"), which fixes how many names the
side has; ``side_*_2nd`` lists external supporters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .csvscan import Rejected
from .records import Record, read_records

ACD = ("conflict_id;location;side_a;side_a_id;side_a_2nd;side_b;side_b_id;side_b_2nd;incompatibility;"
       "territory_name;year;intensity_level;cumulative_intensity;type_of_conflict;start_date;start_prec;"
       "start_date2;start_prec2;ep_end;ep_end_date;ep_end_prec;gwno_a;gwno_a_2nd;gwno_b;gwno_b_2nd;"
       "gwno_loc;region;version").split(";")
DYADIC = ("dyad_id,conflict_id,location,side_a,side_a_id,side_a_2nd,side_b,side_b_id,side_b_2nd,"
          "incompatibility,territory_name,year,intensity_level,type_of_conflict,start_date,start_prec,"
          "start_date2,start_prec2,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,gwno_loc,region,version").split(",")
TERMINATION = ("conflictep_id,conflictepisode,type_of_conflict2,dyadcount,confterm,ependdate,ependprec,"
               "outcome,recur,version,conflict_id,year,location,side_a,side_a_id,side_a_2nd,side_b,"
               "side_b_id,side_b_2nd,incompatibility,territory_name,intensity_level,type_of_conflict,"
               "start_date,start_prec,start_date2,start_prec2,gwno_loc,region").split(",")


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_int(fields: dict, name: str, required: bool = False) -> int | None:
    value = (fields.get(name) or "").strip()
    if not value:
        if required:
            raise FieldError(name, "missing value")
        return None
    try:
        number = float(value)
    except ValueError:
        raise FieldError(name, f"not a number: {value[:40]!r}") from None
    if number != int(number):
        raise FieldError(name, f"not a whole number: {value[:40]!r}")
    return int(number)


_DATE_PATTERNS = {
    "dmy": re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"),
    "ymd": re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    "mdy": re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"),
}


def parse_date(fields: dict, name: str, order: str) -> dt.date | None:
    value = (fields.get(name) or "").strip()
    if not value:
        return None
    m = _DATE_PATTERNS[order].match(value)
    if not m:
        raise FieldError(name, f"not a date in {order} order: {value[:40]!r}")
    a, b, c = (int(x) for x in m.groups())
    y, mo, d = {"dmy": (c, b, a), "ymd": (a, b, c), "mdy": (c, a, b)}[order]
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise FieldError(name, f"impossible date {value!r}") from None


def split_by_ids(names: str, ids: str) -> list[str]:
    """Split a UCDP side name list using its parallel id list to know how many names there are."""
    names, ids = (names or "").strip(), (ids or "").strip()
    if not names:
        return []
    count = len([i for i in ids.split(",") if i.strip()]) if ids else 0
    pieces = [p.strip() for p in names.split(", ") if p.strip()]
    if count <= 1:
        return [names] if count == 1 or len(pieces) == 1 else pieces
    return pieces if len(pieces) == count else pieces


@dataclass
class CountryYearSpec:
    """How one country-year dataset maps onto the ``conflict_years`` table."""

    dataset: str
    columns: list[str]
    delimiter: str
    date_order: str
    key: tuple[str, ...]
    split_key: str | None = None
    split_required: str | None = None

    def read(self, path: Path) -> tuple[list[Record], list[Rejected], int]:
        return read_records(path, delimiter=self.delimiter, expected=self.columns,
                            key=self.split_key, required=self.split_required)

    def convert(self, rec: Record) -> dict:
        """One canonical row (raises FieldError naming the bad field)."""
        f = rec.fields
        year = parse_int(f, "year", required=True)
        conflict_id = parse_int(f, "conflict_id", required=True)
        start = parse_date(f, "start_date", self.date_order)
        start2 = parse_date(f, "start_date2", self.date_order)
        end = (parse_date(f, "ep_end_date", self.date_order) if "ep_end_date" in f
               else parse_date(f, "ependdate", self.date_order) if "ependdate" in f else None)
        key = "-".join(str(parse_int(f, k, required=True)) for k in self.key)
        return {
            "source_row_id": key, "conflict_id": str(conflict_id),
            "dyad_id": f.get("dyad_id") or None, "year": year, "location": f.get("location") or None,
            "side_a_names": split_by_ids(f.get("side_a"), f.get("side_a_id")),
            "side_b_names": split_by_ids(f.get("side_b"), f.get("side_b_id")),
            "side_a_2nd_names": [p.strip() for p in (f.get("side_a_2nd") or "").split(", ") if p.strip()],
            "side_b_2nd_names": [p.strip() for p in (f.get("side_b_2nd") or "").split(", ") if p.strip()],
            "incompatibility": parse_int(f, "incompatibility"),
            "territory": f.get("territory_name") or None,
            "intensity_level": parse_int(f, "intensity_level"),
            "type_of_conflict": parse_int(f, "type_of_conflict"),
            "start_date": start, "start_date2": start2, "episode_end_date": end,
            "outcome": parse_int(f, "outcome") if "outcome" in f else None,
            "version": (f.get("version") or "").strip() or None,
            "attributes": json.dumps(f, ensure_ascii=False),
        }


ACD_SPEC = CountryYearSpec("ucdp-acd", ACD, ";", "dmy", ("conflict_id", "year"),
                           split_key="conflict_id", split_required="year")
DYADIC_SPEC = CountryYearSpec("ucdp-dyadic", DYADIC, ",", "ymd", ("dyad_id", "year"))
TERMINATION_SPEC = CountryYearSpec("ucdp-termination", TERMINATION, ",", "mdy",
                                   ("conflict_id", "year", "conflictepisode"))
