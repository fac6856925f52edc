"""Dates in text with their precision (year, month or day).

Candidate expressions are found with patterns (``7 March 2015``, ``March 7, 2015``, ``March 2015``,
``mid-2009``, ``2021-08-15``, a bare year) and read by dateparser with ``RETURN_TIME_AS_PERIOD``;
the precision comes from the expression, so "1996" stays the year 1996 and never becomes a full
date. Dates are returned as :class:`~coalition_watch.dates.PartialDate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..dates import PartialDate
from .coverage import Coverage

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_YEAR = r"(?:1[89]\d{2}|20\d{2})"
# (leading look-aheads let the scan skip positions that cannot start an expression)
_PATTERNS = [
    ("day", re.compile(rf"(?=\d)\b\d{{4}}-\d{{2}}-\d{{2}}\b")),
    ("day", re.compile(rf"(?=\d)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s*{_YEAR}\b")),
    ("day", re.compile(rf"(?=[JFMASOND])\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}\b")),
    ("month", re.compile(rf"(?=[JFMASONDeml])\b(?:(?:early|mid|late)[-\s])?{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("year", re.compile(rf"(?=[12eml])\b(?:(?:early|mid|late)[-\s])?{_YEAR}\b(?!-\d)")),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text and what it denotes."""

    start: int
    end: int
    text: str
    value: PartialDate

    @property
    def precision(self) -> str:
        return self.value.precision

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "value": str(self.value),
                "precision": self.precision}


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RETURN_TIME_AS_PERIOD": True,
                                                      "PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=50_000)
def parse_date_expression(expression: str, precision: str) -> PartialDate | None:
    """A partial date for one expression at the given precision, or None if it does not parse."""
    cleaned = re.sub(r"^(?:early|mid|late)[-\s]", "", expression.strip(), flags=re.I)
    if precision == "year":
        return PartialDate(int(cleaned[-4:]))
    data = _parser().get_date_data(cleaned)
    if data is None or data.date_obj is None:
        return None
    when = data.date_obj
    if precision == "month" or data.period == "month":
        return PartialDate(when.year, when.month)
    return PartialDate(when.year, when.month, when.day)


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text``, most precise reading first where expressions overlap."""
    taken = Coverage()
    out = []
    for precision, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            value = parse_date_expression(match.group(0), precision)
            if value is None:
                continue
            taken.add(start, end)
            out.append(DateMention(start, end, match.group(0), value))
    return sorted(out, key=lambda d: d.start)
