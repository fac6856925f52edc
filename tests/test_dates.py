"""Partial dates: parsing, precision, and showing a date as precisely as it was coded."""

import datetime as dt

import pytest

from coalition_watch.dates import coded_date, parse_partial_date
from coalition_watch.outputs.html import coded_from


@pytest.mark.parametrize("text, precision, start, end", [
    ("1996", "year", dt.date(1996, 1, 1), dt.date(1996, 12, 31)),
    ("2021-08", "month", dt.date(2021, 8, 1), dt.date(2021, 8, 31)),
    ("2024-12-08", "day", dt.date(2024, 12, 8), dt.date(2024, 12, 8)),
])
def test_precision_and_bounds(text, precision, start, end):
    partial = parse_partial_date(text)
    assert (partial.precision, partial.start(), partial.end()) == (precision, start, end)
    assert coded_date(start.isoformat(), precision) == text


@pytest.mark.parametrize("bad", ["2021-13", "2021-02-30", "August 2021", ""])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_partial_date(bad)


def test_briefing_shows_a_month_coded_tie_as_a_month():
    assert coded_from({"from": "2021-08-01", "from_precision": "month"}) == "2021-08"
    assert coded_from({"from": "2021-08-16", "from_precision": "day"}) == "2021-08-16"
    assert coded_from({"from": "2021-08-16"}) == "2021-08-16"  # older output without the field
    assert coded_from({"from": None}) == "?"
