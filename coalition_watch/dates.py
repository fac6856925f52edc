"""Partial dates: a year, a year-month or a full date, keeping the precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .errors import InputError

Precision = Literal["year", "month", "day"]

_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


class DateError(InputError, ValueError):
    """A value that is not a date YYYY, YYYY-MM or YYYY-MM-DD: an :class:`InputError` (``field``
    names the parameter when the caller knows it) that is also a ``ValueError``, as it was before."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def start(self) -> dt.date:
        """First day of the period the partial date denotes."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> dt.date:
        """Last day of the period the partial date denotes."""
        if self.day:
            return self.start()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def parse_partial_date(value: object, *, field: str | None = None) -> PartialDate:
    """Parse 2021, '2021', '2021-08', '2021-08-15' or a date object; raise :class:`DateError`
    (naming ``field``, the parameter that gave the value, when given) otherwise."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}", field=field)
    match = _PARTIAL.match(value)
    if not match:
        raise DateError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}", field=field)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month out of range in {value!r}", field=field)
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise DateError(f"invalid day in {value!r}: {exc}", field=field) from None
    if not 1000 <= year <= 2200:
        raise DateError(f"year out of range in {value!r}", field=field)
    return PartialDate(year, month, day)


def as_date(value: object, *, end: bool = False, field: str | None = None) -> dt.date:
    """A concrete date for comparisons: the start (or end) of a partial date's period
    (:class:`DateError` naming ``field`` for a value that is not a date)."""
    partial = parse_partial_date(value, field=field)
    return partial.end() if end else partial.start()


def coded_date(iso_day: str, precision: str | None) -> str:
    """``iso_day`` ('YYYY-MM-DD') cut to the precision it was coded with: '2021-08' for 'month',
    '2021' for 'year', unchanged for 'day' or None."""
    return iso_day[:4] if precision == "year" else iso_day[:7] if precision == "month" else iso_day
