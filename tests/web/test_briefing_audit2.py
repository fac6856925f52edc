"""Findings of the second analyst audit of the briefings and the web app, on the embedded knowledge
base and the UCDP GED Syria 2016–2017 file: events that end after the briefing date, year-long and
country-level GED records, a dataset's catch-all actor, coalition sizes, month-only relations,
capped map points, empty sections, the country page's default date, coalition colours and a few
small ones (integers, favicon, month control, lineage names, review rows, timeline order)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coalition_watch import api
from coalition_watch.outputs import parts
from coalition_watch.outputs.briefing import (CATCH_ALL_LABEL, MAX_EVENT_POINTS, build_briefing,
                                              start_uncertain)
from coalition_watch.outputs.html import count_text, internal_note, render_briefing_file
from .conftest import kb_store_with_ged

NETWORK = pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
STATIC = Path(__file__).resolve().parents[2] / "coalition_watch" / "outputs" / "static"


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared):
    """As `cwatch init` and `cwatch ingest ucdp-ged ged_syria_2016_2017.csv` leave it."""
    store = kb_store_with_ged(tmp_path_factory.mktemp("audit2"), shared, "ged_syria_2016_2017.csv")
    yield store
    store.close()


@pytest.fixture(scope="module")
def syr_2017(store):
    return build_briefing(store, "SYR", "2017-06-30", use=("network",))


def _section(html: str, key: str) -> str:
    start = html.index(f'id="sec-{key}"')
    return html[start:html.index("</section>", start)]


def _scalar(store, sql: str, params=()) -> int:
    return store.con.execute(sql, list(params)).fetchone()[0]


# ---------------------------------------------------------------- 1. event dates and places
def test_events_that_end_after_the_date_are_left_out(store, syr_2017):
    data = syr_2017.sections["map"].data
    later = _scalar(store, "SELECT count(*) FROM events WHERE date_start BETWEEN '2016-07-01' AND '2017-06-30' "
                           "AND date_end > '2017-06-30'")
    everything = _scalar(store, "SELECT count(*) FROM events WHERE date_start BETWEEN '2016-07-01' AND '2017-06-30'")
    assert later == 11
    assert data["datasets"][0]["events"] == everything - later
    assert data["events_total"] == everything - later
    shown = [e["id"] for e in data["points"]] + [e["id"] for e in data["key_events"]]
    ends = dict(store.con.execute("SELECT id, date_end FROM events WHERE id IN (SELECT unnest(?))", [shown]).fetchall())
    assert max(ends.values()) <= dt.date(2017, 6, 30)


def test_country_level_events_are_no_points_and_in_no_province(store, syr_2017):
    data = syr_2017.sections["map"].data
    national = _scalar(store, "SELECT count(*) FROM events WHERE date_start BETWEEN '2016-07-01' AND '2017-06-30' "
                              "AND date_end <= '2017-06-30' AND geo_precision >= 6")
    assert national and data["country_level"]["events"] == national
    points = [p["id"] for p in data["points"]]
    assert _scalar(store, "SELECT count(*) FROM events WHERE id IN (SELECT unnest(?)) AND geo_precision >= 6",
                   [points]) == 0
    assert sum(a["events"] for a in data["admin1"]) + national == data["events_total"]
    key = [i for i in syr_2017.sections["timeline"].data if i["kind"] == "key event"]
    national_keys = [i["text"] for i in key if i["text"].startswith("(location: country)")]
    assert national_keys, [i["text"] for i in key]
    assert not [i for i in key if i["text"].startswith(":") or i["text"].startswith(" ")]
    html = render_briefing_file(syr_2017)
    assert "KEY EVENT : " not in html.upper() and "</span> : " not in _section(html, "timeline")


def test_year_long_records_stay_out_of_their_first_month(store):
    b = build_briefing(store, "SYR", "2017-12-31", use=())
    data = b.sections["map"].data
    january = next(m for m in data["monthly"] if m["month"] == "2017-01")
    assert january["events"] == _scalar(
        store, "SELECT count(*) FROM events WHERE date_start BETWEEN '2017-01-01' AND '2017-01-31' "
               "AND date_end <= '2017-01-31'")
    spanning = _scalar(store, "SELECT count(*) FROM events WHERE date_start >= '2017-01-01' AND date_end <= "
                              "'2017-12-31' AND strftime(date_start, '%Y-%m') <> strftime(date_end, '%Y-%m')")
    assert data["spanning"]["events"] == spanning
    assert sum(m["events"] for m in data["monthly"]) + spanning == data["events_total"]
    assert all(isinstance(m["deaths"], int) for m in data["monthly"])
    texts = [i["text"] for i in b.sections["timeline"].data if i["kind"] == "key event"]
    assert "(location: country) Government of Syria – IS (1,049 deaths, ucdp-ged; dated only to 2017-01-01 – 2017-12-28)" in texts
    caption = _section(render_briefing_file(b), "map")
    assert "dated only to a span of more than one calendar month" in caption


# ---------------------------------------------------------------- 2. catch-all actors, coalition sizes
def test_catch_all_names():
    from coalition_watch.models import Actor
    from coalition_watch.network.coalitions import is_catch_all
    assert is_catch_all(Actor(id="x", name="Syrian insurgents"))
    assert is_catch_all(Actor(id="y", name="Kashmir insurgents"))
    assert not is_catch_all(Actor(id="z", name="United Tajik Opposition"))
    assert not is_catch_all(Actor(id="w", name="Syrian insurgents", kind="coalition"))


@NETWORK
def test_a_catch_all_actor_labels_no_coalition_and_takes_no_events(syr_2017):
    graph = syr_2017.sections["graph"].data
    assert graph["catch_all"] == ["syrian-insurgents"]
    for c in graph["coalitions"]:
        assert c["label"] != "Syrian insurgents" and "syrian-insurgents" not in c["members"]
    node = next(n for n in graph["nodes"] if n["id"] == "syrian-insurgents")
    assert node["coalition"] == CATCH_ALL_LABEL and node["catch_all"]
    total = syr_2017.sections["map"].data["events_total"]
    assert all(c["measures"]["events"] < total / 2 for c in graph["coalitions"])


@NETWORK
def test_coalition_size_counts_the_members_table_and_names_the_others(syr_2017):
    graph = syr_2017.sections["graph"].data
    members = syr_2017.sections["members"].data
    hts = next(c for c in graph["coalitions"] if "hts" in c["members"])
    rows = [m for m in members if m["coalition"] == f"coalition: {hts['label']}"]
    assert hts["members_listed"] == len(rows) == 14
    others = {o["id"]: o["reason"] for o in hts["members_not_listed"]}
    assert set(others) == {"jabhat-fatah-al-sham", "name:jaysh asoud al-sharqiya"}
    assert "not active on 2017-06-30" in others["jabhat-fatah-al-sham"]
    assert hts["size"] == 16  # the measure is unchanged
    table = render_briefing_file(syr_2017)
    table = table[table.index('id="coalitions-table"'):]
    table = table[:table.index("</table>")]
    deaths = hts["measures"]["fatalities"]  # a float: the table shows it as a whole number
    assert "<td>14 <span" in table and "+2 not in the Members table" in table
    assert deaths > 1000 and str(deaths) not in table and f"{deaths:,.0f}" in table


# ---------------------------------------------------------------- 4. month-only relations
def test_month_only_relations_on_a_day_inside_their_month_are_marked(store):
    b = build_briefing(store, "AFG", "2021-08-15", use=("network",))
    html = render_briefing_file(b)
    mark = "month only — may be after the date"
    if parts.load(parts.NETWORK) is not None:
        celebrations = [c for c in b.sections["contagion"].data if c["type"] == "celebration"]
        assert celebrations and all(c["start_uncertain"] == mark for c in celebrations)
        assert mark in _section(html, "contagion")
    assert mark in _section(html, "sanctuary") and mark in _section(html, "timeline")
    later = render_briefing_file(build_briefing(store, "AFG", "2021-08-31", use=("network",)))
    assert mark not in later
    assert start_uncertain("2021-08", None, dt.date(2021, 8, 15)) == mark
    assert start_uncertain("2021-08-01", "month", dt.date(2021, 8, 15)) == mark
    assert start_uncertain("2021-08-01", "day", dt.date(2021, 8, 15)) is None
    assert start_uncertain("2021", None, dt.date(2021, 8, 15)) == "year only — may be after the date"


# ---------------------------------------------------------------- 5. capped points
def test_the_map_caption_says_when_points_are_capped(syr_2017):
    data = syr_2017.sections["map"].data
    assert data["points_capped"] and len(data["points"]) == MAX_EVENT_POINTS < data["points_total"]
    caption = _section(render_briefing_file(syr_2017), "map")
    assert f"points: the 1,500 deadliest of {data['points_total']:,} located events" in caption
    assert "count the same events" not in caption


# ---------------------------------------------------------------- 6. empty sections
def test_empty_sections_say_none_recorded(store):
    hti = render_briefing_file(build_briefing(store, "HTI", "2024-06-30", use=("network",)))
    sanctuary = _section(hti, "sanctuary")
    assert "none recorded as of 2024-06-30" in sanctuary
    afg = render_briefing_file(build_briefing(store, "AFG", "2021-08-15", use=("network",)))
    resistance = _section(afg, "resistance")
    support = resistance[resistance.index("Support to the government side"):]
    assert "none recorded as of 2021-08-15" in support and "<tbody>\n</tbody>" not in support
    for html in (hti, afg):
        for table in re.findall(r"<table.*?</table>", html, re.S):
            assert re.search(r"<tbody>\s*</tbody>", table) is None, table[:200]


# ---------------------------------------------------------------- 8. events outside the window
@NETWORK
def test_coalition_events_outside_the_loaded_span_say_where_the_events_end(store):
    b = build_briefing(store, "SYR", "2024-12-08", use=("network",))
    coalitions = b.sections["graph"].data["coalitions"]
    assert coalitions and all(c["events_loaded"] is False for c in coalitions)
    assert all(c["events_span"] == {"first": "2016-01", "last": "2017-12"} for c in coalitions)
    html = render_briefing_file(b)
    table = html[html.index('id="coalitions-table"'):]
    table = table[:table.index("</table>")]
    assert "n/a — loaded events end 2017-12" in table and "no events loaded" not in table


# ---------------------------------------------------------------- 7 and 10: the web app
@pytest.fixture(scope="module")
def client(store):
    from coalition_watch.outputs.web import create_app
    return TestClient(create_app(store))


def test_country_page_defaults_to_the_latest_month_the_data_allow(client):
    from coalition_watch.outputs.web import _latest_risk_month
    latest = _latest_risk_month(parts.OPTIONAL)
    page = client.get("/countries/SYR")
    assert page.status_code == 200
    if latest is None:
        pytest.skip("no early-warning part or data: the page keeps today's date")
    assert f'name="as_of" value="{latest.isoformat()}"' in page.text and 'id="date-default"' in page.text
    assert "choose --as-of" not in page.text
    late = client.get("/countries/SYR", params={"as_of": "2026-11-29"})
    risk = _section(late.text, "risk")
    assert f"choose a briefing date up to {latest:%Y-%m}" in risk and "--as-of" not in risk


def test_favicon_month_control_and_lineage_names(client):
    risk = client.get("/risk").text
    assert '<link rel="icon" href="data:,">' in risk and 'type="month" name="as_of"' in risk
    hts = client.get("/groups/hts").text
    lineage = hts[hts.index("<h2>Lineage</h2>"):hts.index("<h2>Relations")]
    assert "Jabhat Fatah al-Sham</a> → <a" in lineage and ">jtj</a>" not in lineage
    assert ">jabhat-fatah-al-sham</a>" not in lineage


def test_counts_are_whole_numbers():
    assert count_text(3365.0) == "3,365" and count_text(12) == "12" and count_text(2.5) == "2.5"
    assert count_text(None) == ""


def test_timeline_puts_year_only_entries_at_the_start_of_their_year(store):
    b = build_briefing(store, "SYR", "2017-06-30", use=())
    items = b.sections["timeline"].data
    year_only = [len(str(i["date"])) == 4 for i in items]
    assert any(year_only), "the knowledge base has year-only relations for Syria"
    for k, item in enumerate(items):
        if year_only[k]:
            # newest first: nothing after a year-only entry is dated inside its year
            assert not [j for j, y in zip(items[k + 1:], year_only[k + 1:])
                        if str(j["date"])[:4] == str(item["date"])[:4] and not y], item
    assert [i.get("precision") == "year" for i in items] == year_only
    assert "(year)</time>" in _section(render_briefing_file(b), "timeline")


# ---------------------------------------------------------------- 9. coalition colours
def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _distance(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def test_coalition_palette_keeps_clear_of_government_edges_and_greys():
    js = (STATIC / "briefing.js").read_text(encoding="utf-8")
    palette = re.findall(r"#[0-9A-Fa-f]{6}", re.search(r"var PALETTE = \[(.*?)\];", js).group(1))
    fixed = re.findall(r"#[0-9A-Fa-f]{6}", re.search(r"var FIXED = \{(.*?)\};", js, re.S).group(1))
    edges = re.findall(r"e\.sign > 0 \? '(#[0-9a-f]{6})' : '(#[0-9a-f]{6})'", js)[0]
    assert len(palette) >= 6 and "Okabe" in js
    for colour in palette:
        lightness, a, b = _lab(colour)
        assert (a * a + b * b) ** 0.5 > 25, f"{colour} is a grey"
        for other in fixed + list(edges):
            assert _distance(colour, other) > 30, (colour, other)
    assert min(_distance(p, q) for i, p in enumerate(palette) for q in palette[i + 1:]) > 20


# ---------------------------------------------------------------- 3 and 10: the review queue
@pytest.fixture()
def review_store(tmp_path):
    """The knowledge base plus one pending relation as extraction writes it: its evidence is its
    claim's, its note extraction's own record."""
    store = api.init_store(tmp_path / "review.duckdb")
    api.load_kb(store)
    evidence = "The Taliban have supplied weapons to TTP, including rifles."
    with store.transaction() as con:
        con.execute("INSERT INTO documents (id, url, title, date, text) VALUES ('doc-a', 'https://example.org/a', "
                    "'Report', '2023-06-01', ?)", [evidence])
        con.execute(
            "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_from_date, "
            "confidence, status, provenance, sources, evidence, note) VALUES ('x-1', 'taliban', 'ttp', "
            "'state_support', 1, true, '2023-06', ?, 0.6, 'extracted-pending', 'doc:doc-a:0-60', [], ?, "
            "'polarity=asserted; cue=including')", [dt.date(2023, 6, 1), evidence])
        con.execute("INSERT INTO claims (id, document_id, relation_id, source_id, target_id, type, polarity, "
                    "confidence, evidence, start_offset, end_offset) VALUES ('c-1', 'doc-a', 'x-1', 'taliban', "
                    "'ttp', 'state_support', 'asserted', 0.6, ?, 0, 60)", [evidence])
    yield store
    store.close()


def test_review_row_shows_evidence_once_and_hides_extraction_notes(review_store):
    from coalition_watch.outputs.web import create_app
    from coalition_watch.vocabulary import RELATION_TYPES
    client = TestClient(create_app(review_store))
    page = client.get("/review").text
    row = page[page.index('id="rev-x-1"'):]
    row = row[:row.index("</tr>")]
    assert row.count("supplied weapons to TTP") == 1
    assert "cue=including" not in row
    assert client.get("/api/review").json()[0]["note"] == "polarity=asserted; cue=including"
    select = re.search(r'<select name="type">(.*?)</select>', row, re.S).group(1)
    assert re.findall(r'<option value="([a-z_]+)"', select) == list(RELATION_TYPES)
    assert '<option value="state_support" selected>' in select
    assert 'class="row-error' in row
    assert internal_note("polarity=asserted; cue=including") and not internal_note("Checked with a second source.")


def test_a_refused_edit_is_shown_in_its_row(live_server, browser):
    """The app refuses an edit with 400 {"detail": ...}; HTMX swaps nothing on an error, so the
    row's own message line must show it."""
    page = browser.page()
    page.goto(f"{live_server}/review")
    row = page.locator("tr.review-row").first
    row.locator('input[name="reviewer"]').fill("analyst")
    row.locator("summary").click()
    row.locator('input[name="valid_from"]').fill("not a date")
    with page.expect_response(lambda r: "/edit" in r.url) as answer:
        row.locator("button.edit").click()
    assert answer.value.status == 400
    message = row.locator(".row-error")
    message.wait_for(state="visible")
    assert "not a date" in message.inner_text() or "valid_from" in message.inner_text()
    assert row.locator('select[name="type"] option').count() > 5
    page.close()


def test_risk_is_shown_as_a_percentage_with_its_alarm_threshold(store):
    """The terminal briefing, the HTML briefing and the web risk page give one format: a
    percentage, and the threshold the alarm is measured against."""
    from typer.testing import CliRunner

    from coalition_watch.cli import app
    from coalition_watch.outputs.web import create_app

    if parts.load(parts.RISK) is None:
        pytest.skip("early-warning model not installed")
    result = CliRunner().invoke(app, ["brief", "AFG", "--as-of", "2021-05-31", "--skip", "network",
                                      "--db", str(store.path)])
    line = next(l for l in result.output.splitlines() if l.startswith("risk of a fall"))
    assert re.search(r": \d+\.\d\d% \(rank \d+; (alarm: above|no alarm \(threshold) \d+\.\d\d%", line), line
    page = TestClient(create_app(store)).get("/risk", params={"as_of": "2021-05"}).text
    assert re.search(r"alarm above \d+\.\d\d%", page) and "0.0140" not in page
