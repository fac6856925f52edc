"""Briefings on real data (the embedded knowledge base and UCDP GED Syria 2018-2019 events):
nothing after the date, a whole-month events window, the events' dataset cited, the timeline kept
to the country, sponsors by name; and the risk dashboard's default month and links."""

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from coalition_watch import api
from coalition_watch.dates import parse_partial_date
from coalition_watch.outputs import parts
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.html import render_briefing_file
from coalition_watch.outputs.web import create_app

GED_SYRIA = "ucdp/ged_syria_2018_2019.csv"


@pytest.fixture(scope="module")
def syria_store(tmp_path_factory, shared):
    """A file store with the embedded KB and GED Syria 2018-2019 loaded, as `cwatch init` and
    `cwatch ingest ucdp-ged` leave it."""
    store = api.init_store(tmp_path_factory.mktemp("syria") / "syria.duckdb")
    api.load_kb(store)
    from coalition_watch.ingest.api import ingest
    ingest(store, "ucdp-ged", [shared / "data" / GED_SYRIA])
    yield store
    store.close()


@pytest.fixture(scope="module")
def syr_2019(syria_store):
    return build_briefing(syria_store, "SYR", "2019-06-30", use=())


def _count(store, start: str, end: str, *, where: str = "TRUE") -> int:
    """Events of Syria that start in [start, end] and end by ``end`` (a briefing's window), with ``where``."""
    return store.con.execute("SELECT count(*) FROM events WHERE country IN ('Syria', 'SYR') AND date_start "
                             "BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) AND coalesce(date_end, date_start) <= "
                             f"CAST(? AS DATE) AND ({where})", [start, end, end]).fetchone()[0]


ONE_MONTH = "strftime(date_start, '%Y-%m') = strftime(coalesce(date_end, date_start), '%Y-%m')"


def test_a_briefing_knows_no_later_case_and_no_group_not_active_on_its_date(syria_store, syr_2019):
    assert [c["id"] for c in syr_2019.sections["cases"].data] == ["syr-2012"]  # not the fall of 2024-12-08
    members = {m["id"]: m for m in syr_2019.sections["members"].data}
    for gone in ("deterrence-of-aggression", "liwa-al-islam", "abu-nidal-organization"):
        assert gone not in members, gone
    assert not [m for m in members.values() if "Dawn of Freedom" in m["name"]]
    assert {"hts", "sna"} <= set(members)
    assert any(m["active_from"] is None and m["active_to"] is None for m in members.values())  # unknown dates stay
    assert "not active on 2019-06-30 left out" in syr_2019.sections["members"].message

    early = build_briefing(syria_store, "SYR", "1985-03", use=())
    assert early.sections["cases"].status == "missing" and early.sections["cases"].data == []
    day = dt.date(1985, 3, 31)
    for m in early.sections["members"].data:
        assert not m["active_from"] or parse_partial_date(m["active_from"]).start() <= day, m
        assert not m["active_to"] or parse_partial_date(m["active_to"]).end() >= day, m
    assert "syr-2024" in {c["id"] for c in build_briefing(syria_store, "SYR", "2024-12-08", use=()).sections["cases"].data}


def test_graph_marks_groups_outside_their_active_period_as_the_members_table_does(syr_2019):
    from .conftest import active_on
    graph = syr_2019.sections["graph"].data
    nodes = {n["id"]: n for n in graph["nodes"]}
    day = dt.date(2019, 6, 30)
    doa = nodes["deterrence-of-aggression"]  # in the graph for the slider, but not active in 2019
    assert (doa["from_date"], doa["active"]) == ("2024-11-27", False)
    assert nodes["liwa-al-islam"]["active"] is False and nodes["hts"]["active"] is True
    for n in nodes.values():
        assert n["active"] == active_on(n["active_from"], n["active_to"], day), n["id"]
    members = {m["id"] for m in syr_2019.sections["members"].data}
    assert members <= {i for i, n in nodes.items() if n["active"]}
    for e in graph["edges"]:  # no relation is in force at the date with a group not active then
        assert not e["active"] or (nodes[e["source"]]["active"] and nodes[e["target"]]["active"]), e["id"]


def test_events_window_is_twelve_whole_months_for_map_chart_and_provinces(syria_store, syr_2019):
    data = syr_2019.sections["map"].data
    assert (data["window"]["start"], data["window"]["end"]) == ("2018-07-01", "2019-06-30")
    assert not data["window"]["last_month_partial"]
    monthly = {m["month"]: m["events"] for m in data["monthly"]}
    assert min(monthly) == "2018-07" and max(monthly) == "2019-06" and len(monthly) == 12
    # a whole month, not a day (events dated only to a span of months are shown apart)
    assert monthly["2018-07"] == _count(syria_store, "2018-07-01", "2018-07-31", where=ONE_MONTH)
    in_window = _count(syria_store, "2018-07-01", "2019-06-30")
    assert sum(monthly.values()) + data["spanning"]["events"] == in_window == data["events_total"]
    assert sum(a["events"] for a in data["admin1"]) + data["country_level"]["events"] == in_window

    mid = build_briefing(syria_store, "SYR", "2019-06-15", use=()).sections["map"].data
    assert mid["window"]["start"] == "2018-07-01" and mid["window"]["last_month_partial"]
    assert [m["month"] for m in mid["monthly"] if m["partial"]] == ["2019-06"]
    assert "2019-06 only through 2019-06-15" in mid["window"]["text"]


def test_event_figures_cite_the_ucdp_ged_dataset_near_them_and_in_sources(syr_2019):
    datasets = syr_2019.sections["map"].data["datasets"]
    assert len(datasets) == 1 and datasets[0]["licence"] == "CC BY 4.0"
    assert "UCDP Georeferenced Event Dataset" in datasets[0]["title"]
    assert "ged_syria_2018_2019.csv" in datasets[0]["title"]  # the file carries no version: its name is cited
    sources = syr_2019.sections["sources"].data
    assert sources[0]["id"] == datasets[0]["id"] and sources[0]["licence"] == "CC BY 4.0"
    html = render_briefing_file(syr_2019)
    events_part = html[html.index('id="sec-map"'):html.index('id="sec-timeline"')]
    assert "UCDP Georeferenced Event Dataset" in events_part and "CC BY 4.0" in events_part
    assert "2018-07-01 to 2019-06-30" in events_part
    assert f'id="src-{datasets[0]["id"]}"' in html


def test_timeline_and_sources_keep_to_the_country(syr_2019):
    timeline = syr_2019.sections["timeline"].data
    texts = [i["text"] for i in timeline]
    for other in ("Allied Democratic Forces", "Libyan National Army", "Ansar al-Sunna (Mozambique)"):
        assert not [t for t in texts if other in t], other
    one_hop = [i for i in timeline if i["scope"] == "one hop"]
    assert one_hop and all(i["kind"].endswith("(one hop)") for i in one_hop)
    assert any("Saudi Arabia – Jaysh al-Islam" in i["text"] for i in one_hop)  # a sponsor from outside
    cited = {s["id"] for s in syr_2019.sections["sources"].data}
    assert "un-goe-drc-2024" not in cited  # cited only by the ADF's pledge to the Islamic State (DRC)
    assert "ucdp-7072" not in cited  # the LNA's profile, cited only by Wagner's support to it (Libya)
    assert "mmp-533" in cited  # Saudi support to Jaysh al-Islam


@pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
def test_coalitions_table_names_state_sponsors(syria_store):
    b = build_briefing(syria_store, "SYR", "2019-06-30", use=("network",))
    sponsors = [s for c in b.sections["graph"].data["coalitions"] for s in c["state_sponsors"]]
    assert {"actor_id": "turkey", "name": "Turkey"}.items() <= next(s for s in sponsors if s["actor_id"] == "turkey").items()
    html = render_briefing_file(b)
    table = html[html.index('id="coalitions-table"'):html.index("</table>", html.index('id="coalitions-table"'))]
    assert "<td>Turkey</td>" in table and "<td>turkey</td>" not in table


@pytest.mark.skipif(parts.load(parts.RISK) is None, reason="early-warning model not installed")
def test_risk_page_defaults_to_the_latest_month_the_data_allow(small_store, shared):
    from coalition_watch.risk.store_panel import csv_extent
    last = csv_extent(str(shared))[1] + 1
    latest = f"{last // 12:04d}-{last % 12 + 1:02d}"  # 2025-01 for the bundled panel ending 2024-12
    client = TestClient(create_app(small_store, use=("risk",)))
    page = client.get("/risk")
    assert page.status_code == 200 and 'id="risk-table"' in page.text, page.text[-2000:]
    assert f"within 6 months of {latest}" in page.text and 'id="risk-default"' in page.text
    links = re.findall(r'href="/countries/[A-Z]{3}\?as_of=([^"]*)"', page.text)
    assert links and set(links) == {latest}  # YYYY-MM, which the app reads as the month's last day
    assert client.get(f"/countries/AFG?as_of={latest}").status_code == 200
    assert "UCDP" in page.text and "CC BY 4.0" in page.text
    later = client.get("/risk", params={"as_of": "2026-11"}).text
    assert "--as-of" not in later and f"as_of={latest} or earlier" in later
    # the JSON endpoint defaults the same way, not to today's month
    api = client.get("/api/risk").json()
    assert api["status"] == "live" and api["as_of"].startswith(latest) and api["rows"]


def test_sanctuary_and_support_rows_leave_out_a_group_not_founded_yet():
    """The tables of ties read the same rule as the Members table: a tie in force on the date
    whose group did not exist yet is no row."""
    import datetime as dt

    from coalition_watch.outputs.briefing import _edges_of_type

    graph = {"nodes": [{"id": "taliban", "name": "Taliban", "from_date": "1994-01-01", "to_date": None},
                       {"id": "aqis", "name": "AQIS", "from_date": "2014-09-03", "to_date": None},
                       {"id": "al-qaeda", "name": "al-Qaeda", "from_date": "1988-08-11", "to_date": None}],
             "edges": [{"id": "e1", "source": "taliban", "target": "aqis", "type": "sanctuary",
                        "from_date": "2014-01-01", "to_date": None, "sources": []},
                       {"id": "e2", "source": "taliban", "target": "al-qaeda", "type": "sanctuary",
                        "from_date": "1996-05-01", "to_date": None, "sources": []}],
             "catalogue": {}}
    rows = _edges_of_type(graph, ("sanctuary",), dt.date(2014, 6, 30))
    assert [r["target"] for r in rows] == ["al-qaeda"]
    assert [r["target"] for r in _edges_of_type(graph, ("sanctuary",), dt.date(2015, 1, 1))] == ["aqis", "al-qaeda"]
