"""A month later than any the web app takes (``?as_of=2030-01``) is refused in the app's own words:
the month is past the data, and the last month available is named; no command-line option."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from coalition_watch.outputs import parts
from coalition_watch.outputs.web import create_app

needs_risk = pytest.mark.skipif(parts.load(parts.RISK) is None, reason="early-warning model not installed")


def _last_risk_month() -> tuple[str, str]:
    """The last month the early-warning part ranks and the last month of its conflict data."""
    from coalition_watch.risk.store_panel import csv_extent
    last = csv_extent()[1]  # year·12 + month − 1 of the panel's last month
    data_end = f"{last // 12:04d}-{last % 12 + 1:02d}"
    ranked = last + 1
    return f"{ranked // 12:04d}-{ranked % 12 + 1:02d}", data_end


@needs_risk
@pytest.mark.parametrize("path", ["/countries/SYR", "/risk"])
def test_a_page_past_the_data_says_so_and_names_the_last_month(small_store, path):
    latest, data_end = _last_risk_month()
    client = TestClient(create_app(small_store, use=("risk",)))
    page = client.get(path, params={"as_of": "2030-01"})
    assert page.status_code == 400 and "Not found" not in page.text
    text = page.text.replace("&#39;", "'")
    assert "2030-01 is past the data" in text
    assert f"the conflict data run to {data_end}, so the last month available is {latest}" in text
    assert "--as-of" not in text and "must fall between" not in text


@needs_risk
def test_the_json_api_words_it_the_same_way(small_store):
    latest, data_end = _last_risk_month()
    client = TestClient(create_app(small_store, use=("risk",)))
    answer = client.get("/api/risk", params={"as_of": "2030-01"})
    assert answer.status_code == 422 and answer.json()["field"] == "as_of"
    assert answer.json()["detail"] == (f"field 'as_of': 2030-01 is past the data: the conflict data run to "
                                       f"{data_end}, so the last month available is {latest} — "
                                       f"choose as_of={latest} or earlier")


def test_without_the_early_warning_part_the_last_month_the_app_takes_is_named(small_store):
    client = TestClient(create_app(small_store, use=()))
    page = client.get("/countries/AFG", params={"as_of": "2030-01-15"})
    last = f"{dt.date.today().year + 1}-12"
    assert page.status_code == 400
    assert f"2030-01 is past the months this app shows: the last month available is {last}" in page.text
    assert "--as-of" not in page.text
    # a month the app takes is still answered, and a malformed one still refused as before
    assert client.get("/countries/AFG", params={"as_of": "2021-08"}).status_code == 200
    assert "as_of must be a date" in client.get("/countries/AFG", params={"as_of": "2030-13"}).text
