"""Open items of a code review, on the embedded knowledge base (and UCDP GED Syria 2018-2019):
the members table reads activity off the graph; foreign fighters, the coalitions table's sponsors
and fighter inflows, and GraphML/GEXF follow the as-of date; events are read once per briefing;
``open_default_store`` waits for a lock; web errors are worded for the web app."""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from coalition_watch import api
from coalition_watch.outputs import briefing as briefing_module
from coalition_watch.outputs import parts
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.exports import export_bytes, to_networkx
from coalition_watch.outputs.web import create_app
from coalition_watch.store import SessionStore, StoreBusy
from tests.conftest import held_open_elsewhere
from .conftest import active_on, kb_store_with_ged

needs_network = pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
needs_risk = pytest.mark.skipif(parts.load(parts.RISK) is None, reason="early-warning model not installed")


@pytest.fixture(scope="module")
def kb_store(tmp_path_factory, shared):
    """As `cwatch init` and `cwatch ingest ucdp-ged ged_syria_2018_2019.csv` leave a store."""
    store = kb_store_with_ged(tmp_path_factory.mktemp("kb"), shared, "ged_syria_2018_2019.csv")
    yield store
    store.close()


class _Recorder:
    """A connection that records the SQL run through it (and runs it on the real one)."""

    def __init__(self, con) -> None:
        self._con, self.sql = con, []

    def execute(self, sql, *args, **kwargs):
        self.sql.append(" ".join(sql.split()))
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.fixture()
def recorded(kb_store):
    """The SQL ``kb_store`` runs in this thread while the test's block runs."""
    real = kb_store.con
    recorder = _Recorder(real)
    kb_store._local.con = recorder
    yield recorder
    kb_store._local.con = real


# ---------------------------------------------------------------- 1. members off the graph
def test_members_table_reads_activity_off_the_graph(kb_store, recorded):
    graph = build_graph_for(kb_store, "AFG", "2021-08-15")
    recorded.sql.clear()
    section = briefing_module._members_section(kb_store, graph, None, dt.date(2021, 8, 15))
    assert not [q for q in recorded.sql if "active_from" in q], recorded.sql  # no second reading of periods
    nodes = {n["id"]: n for n in graph["nodes"]}
    expected = [n["id"] for n in graph["nodes"] if n["core"] and n["kind"] != "state" and n["active"]]
    assert sorted(m["id"] for m in section.data) == sorted(expected)
    inactive = [n for n in graph["nodes"] if n["core"] and n["kind"] != "state" and not n["active"]]
    assert inactive and section.message.startswith(f"{len(inactive)} groups of the country not active")
    for m in section.data:
        node = nodes[m["id"]]
        assert (m["active_from"], m["active_to"]) == (node["active_from"], node["active_to"])
        assert active_on(m["active_from"], m["active_to"], dt.date(2021, 8, 15))


def build_graph_for(store, country: str, day: str) -> dict:
    return build_briefing(store, country, day, use=()).sections["graph"].data


# ---------------------------------------------------------------- 2. foreign fighters, sponsors, exports
def test_members_foreign_fighters_leave_out_a_group_not_founded_yet(kb_store):
    """AQIS (founded 2014-09) sends fighters to the Taliban by a tie coded from 2014: in June 2014
    the group does not exist yet, by December it does."""
    june = build_briefing(kb_store, "AFG", "2014-06-30", use=())
    taliban = next(m for m in june.sections["members"].data if m["id"] == "taliban")
    senders = {f["id"] for f in taliban["foreign_fighters"]}
    assert "aqis" not in senders and senders  # others (the IMU, Lashkar-e-Taiba …) stay
    edges = {e["id"]: e for e in june.sections["graph"].data["edges"]}
    assert all(edges[f["edge"]]["active"] for f in taliban["foreign_fighters"])
    members_csv = export_bytes(june.sections["graph"].data, june.sections["members"].data, "members-csv").decode()
    assert "aqis" not in next(line for line in members_csv.splitlines() if line.startswith("taliban,"))
    december = build_briefing(kb_store, "AFG", "2014-12-31", use=())
    taliban = next(m for m in december.sections["members"].data if m["id"] == "taliban")
    assert "aqis" in {f["id"] for f in taliban["foreign_fighters"]}


@pytest.fixture()
def analyst_ties(tmp_path):
    """The embedded KB plus two analyst relations: the Assad government supporting Palestinian
    Islamic Jihad from 2000 without an end (the government fell 2024-12-08), and Katibat Imam
    al-Bukhari sending fighters to HTS from 2024-12-10."""
    store = api.init_store(tmp_path / "ties.duckdb")
    api.load_kb(store)
    with store.transaction() as con:
        for rid, source, target, kind, start in (
                ("rel-analyst-syr-pij", "syr-government", "pij", "state_support", "2000"),
                ("rel-analyst-kib-hts", "katibat-imam-bukhari", "hts", "foreign_fighters", "2024-12-10")):
            con.execute(
                "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_from_date, "
                "confidence, status, provenance, sources, evidence, note) VALUES (?, ?, ?, ?, 1, true, ?, ?, 0.7, "
                "'accepted', 'analyst', [], 'analyst note', '')",
                [rid, source, target, kind, start, dt.date.fromisoformat(start if len(start) == 10 else f"{start}-01-01")])
    yield store
    store.close()


def _coalition_with(b, member: str) -> dict:
    return next(c for c in b.sections["graph"].data["coalitions"] if member in c["members"])


@needs_network
def test_coalitions_table_sponsors_and_fighters_follow_the_day(analyst_ties):
    on_fall = _coalition_with(build_briefing(analyst_ties, "ISR", "2024-12-08", use=("network",)), "pij")
    assert "pij" in next(s for s in on_fall["state_sponsors"] if s["actor_id"] == "syr-government")["supports"]
    after = _coalition_with(build_briefing(analyst_ties, "ISR", "2024-12-20", use=("network",)), "pij")
    sponsors = {s["actor_id"]: s["supports"] for s in after["state_sponsors"]}
    assert "syr-government" not in sponsors and "pij" in sponsors["iran"]  # Iran's support goes on
    before = _coalition_with(build_briefing(analyst_ties, "SYR", "2024-12-08", use=("network",)), "hts")
    assert {"from": "katibat-imam-bukhari", "to": "hts"} not in before["foreign_fighter_inflows"]
    later = _coalition_with(build_briefing(analyst_ties, "SYR", "2024-12-20", use=("network",)), "hts")
    assert {"from": "katibat-imam-bukhari", "to": "hts"} in later["foreign_fighter_inflows"]


def test_graphml_and_gexf_hold_the_graph_at_its_date(kb_store):
    b = build_briefing(kb_store, "AFG", "2021-08-15", use=())
    graph, members = b.sections["graph"].data, b.sections["members"].data
    inactive = {n["id"] for n in graph["nodes"] if not n["active"]}
    assert inactive  # groups that ended (or began) outside the date
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        g = reader(io.BytesIO(export_bytes(graph, members, fmt)))
        assert not set(g.nodes) & inactive, fmt
        assert set(g.nodes) == {n["id"] for n in graph["nodes"] if n["active"]}, fmt
        assert g.nodes["taliban"]["active"] is True and g.nodes["taliban"]["from_date"] == "1994-01-01", fmt
        assert all(d["active"] is True and "from_date" in d and "to_date" in d for *_, d in g.edges(data=True)), fmt
        assert g.number_of_edges() == sum(e["active"] for e in graph["edges"]), fmt
    history = to_networkx(graph, active_only=False)  # the full history, marked
    assert set(history.nodes) == {n["id"] for n in graph["nodes"]}
    assert {n for n, d in history.nodes(data=True) if not d["active"]} == inactive
    assert history.number_of_edges() == len(graph["edges"])


# ---------------------------------------------------------------- 3. events read once
def test_briefing_reads_the_events_of_its_window_once(kb_store, recorded):
    recorded.sql.clear()
    section = briefing_module._map_section(kb_store, "SYR", dt.date(2019, 6, 30))
    reads = [q for q in recorded.sql if "FROM events" in q]
    assert len(reads) == 1, reads
    start, end = briefing_module.event_window(dt.date(2019, 6, 30))
    in_window = kb_store.con.execute("SELECT count(*) FROM events WHERE country IN ('Syria', 'SYR') AND "
                                     "date_start BETWEEN ? AND ? AND coalesce(date_end, date_start) <= ?",
                                     [start, end, end]).fetchone()[0]
    datasets = section.data["datasets"]
    assert [d["id"] for d in datasets] == ["dataset-ucdp-ged-events"]
    monthly = sum(m["events"] for m in section.data["monthly"])
    assert datasets[0]["events"] == in_window == monthly + section.data["spanning"]["events"]
    assert datasets[0]["files"] == ["ged_syria_2018_2019.csv"] and datasets[0]["versions"] == []
    recorded.sql.clear()  # a country without events: the window's read, then one count to say which
    assert briefing_module._map_section(kb_store, "AFG", dt.date(2021, 8, 15)).status == "missing"
    assert len([q for q in recorded.sql if "FROM events" in q]) == 2


# ---------------------------------------------------------------- 4. open_default_store waits
def test_open_default_store_waits_for_a_lock_held_for_a_moment(tmp_path):
    db = tmp_path / "held.duckdb"
    api.open_default_store(db).close()
    child = held_open_elsewhere(db, seconds=0.8)
    try:
        store = api.open_default_store(db)  # waits (LOCK_WAIT) instead of failing at once
        assert store.count("actors") > 0
        store.close()
    finally:
        child.wait(timeout=30)
    child = held_open_elsewhere(db)
    try:
        with pytest.raises(StoreBusy):
            api.open_default_store(db, wait=0.2)
    finally:
        child.communicate("")


# ---------------------------------------------------------------- 5. web errors worded for the web
def test_a_busy_store_is_worded_for_the_web_app(tmp_path):
    db = tmp_path / "web.duckdb"
    api.open_default_store(db).close()
    web = TestClient(create_app(SessionStore(db, wait=0.3), use=()))
    child = held_open_elsewhere(db)
    try:
        answer = web.get("/api/cases")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
        assert "in use by another process" in answer.json()["detail"] and "--db" not in answer.json()["detail"]
        page = web.get("/review")
        assert page.status_code == 503 and "in use by another process" in page.text and "--db" not in page.text
    finally:
        child.communicate("")


def test_web_errors_name_the_parameter_at_fault(kb_store):
    client = TestClient(create_app(kb_store, use=()))
    wrong = client.get("/api/countries/AFG/briefing", params={"as_of": "soon"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "as_of" and "--as-of" not in wrong.json()["detail"]
    unknown = client.get("/api/graph", params={"country": "Atlantis"})
    assert unknown.status_code == 404 and unknown.json()["field"] == "country"
    assert "unknown country 'Atlantis'" in unknown.json()["detail"]
    missing = client.get("/api/actors/no-such-group")
    assert missing.status_code == 404 and missing.json()["field"] == "actor_id"


@needs_risk
def test_risk_messages_are_worded_for_the_web_not_rewritten(kb_store, monkeypatch):
    from coalition_watch.risk import api as risk_api
    from coalition_watch.risk.data import RiskDataError
    from coalition_watch.risk.store_panel import csv_extent

    first = csv_extent()[0] + 37
    earliest = f"{first // 12:04d}-{first % 12 + 1:02d}"  # 1988-02 for the bundled panel from 1985-01
    client = TestClient(create_app(kb_store, use=("risk",)))
    early = client.get("/api/risk", params={"as_of": "1986-05"}).json()
    assert early["status"] == "missing" and f"as_of={earliest} or later" in early["message"]
    assert "--" not in early["message"]

    def refuses(month, *args, **kwargs):  # a refusal that advises command-line options
        raise RiskDataError("no model for it; choose a later --as-of, or pass --db PATH")
    monkeypatch.setattr(risk_api, "risk_ranking", refuses)
    refused = client.get("/api/risk", params={"as_of": "2010-05"}).json()
    assert refused["status"] == "missing" and refused["message"].startswith("no risk ranking for 2010-05")
    assert "--" not in refused["message"] and "db PATH" not in refused["message"]
    assert "choose a later as_of" in client.get("/risk", params={"as_of": "2010-05"}).text


def test_an_input_error_is_worded_with_the_web_parameter(kb_store):
    client = TestClient(create_app(kb_store, use=()))
    unknown = client.get("/api/graph", params={"country": "Atlantis"}).json()
    assert unknown["detail"].startswith("field 'country': unknown country 'Atlantis'") and "COUNTRY" not in unknown["detail"]
    page = client.get("/countries/Atlantis")
    assert page.status_code == 404 and "field &#39;country&#39;" in page.text and "COUNTRY" not in page.text
