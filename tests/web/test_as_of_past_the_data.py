"""A month later than any the web app takes (``?as_of=2030-01``) is refused in the app's own words:
the month is past the data, and the last month available is named; no command-line option. A
month it takes but after the data (``?as_of=2027-06``) is shown, with a notice at the top naming
the data that end before it (the events, the risk panel) and their last month."""

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
    last = f"{dt.date.today().year + 1}-12"
    assert f"2030-01 is past the months this app shows (the last is {last})" in text
    assert f"the conflict data run to {data_end}, so the last month with risk scores is {latest}" in text
    assert "--as-of" not in text and "must fall between" not in text


@needs_risk
def test_the_json_api_words_it_the_same_way(small_store):
    latest, data_end = _last_risk_month()
    client = TestClient(create_app(small_store, use=("risk",)))
    answer = client.get("/api/risk", params={"as_of": "2030-01"})
    assert answer.status_code == 422 and answer.json()["field"] == "as_of"
    last = f"{dt.date.today().year + 1}-12"
    assert answer.json()["detail"] == (f"field 'as_of': 2030-01 is past the months this app shows (the last is "
                                       f"{last}): the conflict data run to {data_end}, so the last month with "
                                       f"risk scores is {latest} — choose as_of={latest} or earlier for a "
                                       f"briefing with risk scores")


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


@pytest.fixture(scope="module")
def syria_events(tmp_path_factory, shared):
    """The embedded knowledge base and the UCDP GED Syria 2018–2019 events (CC BY 4.0)."""
    from tests.web.conftest import kb_store_with_ged
    store = kb_store_with_ged(tmp_path_factory.mktemp("past"), shared, "ged_syria_2018_2019.csv")
    yield store
    store.close()


def _past_data_notice(page) -> str | None:
    """The text of the page's past-the-data notice; None when it has none."""
    import re
    found = re.search(r'<p class="notice" id="past-data">(.*?)</p>', page.text.replace("&#39;", "'"))
    return found.group(1) if found else None


@needs_risk
def test_a_month_after_the_data_is_shown_with_a_notice_at_the_top(syria_events):
    latest, data_end = _last_risk_month()
    last_event = syria_events.con.execute("SELECT strftime(max(coalesce(date_end, date_start)), '%Y-%m') FROM events "
                                          "WHERE country = 'SYR'").fetchone()[0]
    client = TestClient(create_app(syria_events, use=("risk",)))
    page = client.get("/countries/SYR", params={"as_of": "2027-06"})
    assert page.status_code == 200
    notice = _past_data_notice(page)
    assert notice == (f"2027-06 is after the data: the events loaded for Syrian Arab Republic run to {last_event}; "
                      f"the risk panel's conflict data run to {data_end}, so the last month with risk scores is "
                      f"{latest}. The relations of the knowledge base are shown as coded for 2027-06-30, those "
                      "without an end taken to continue.")
    assert last_event == "2019-12"  # GED Syria 2018–2019: events to 2019-11, some ending in December
    # at the top: before every section of the briefing, the risk section's own message among them
    assert page.text.index('id="past-data"') < page.text.index("no risk scores for SYR")


def test_without_the_early_warning_part_the_notice_names_the_events(syria_events):
    client = TestClient(create_app(syria_events, use=()))
    notice = _past_data_notice(client.get("/countries/SYR", params={"as_of": "2024-06"}))
    assert notice.startswith("2024-06 is after the data: the events loaded for Syrian Arab Republic run to 2019-12. ")
    assert "risk panel" not in notice
    # a month inside the events has no notice, nor has a country without events when the part is not used
    assert _past_data_notice(client.get("/countries/SYR", params={"as_of": "2019-06"})) is None
    assert _past_data_notice(client.get("/countries/AFG", params={"as_of": "2027-06"})) is None
