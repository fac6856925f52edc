"""The briefing calls the network analytics and the early-warning model when they are installed."""

import pytest
from fastapi.testclient import TestClient

from coalition_watch.outputs import parts
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.web import create_app


@pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
def test_network_colours_coalitions_and_fills_sanctuary_and_contagion(small_store):
    small_store.con.execute(
        "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_to, valid_from_date, "
        "valid_to_date, confidence, status, provenance, sources) VALUES ('r-insurgency', 'taliban', 'afg-government', "
        "'rivalry', -1, false, '2002', '2021-08-15', DATE '2002-01-01', DATE '2021-08-15', 0.9, 'curated', 'test', ['src-un-mt'])")
    b = build_briefing(small_store, "AFG", "2021-08-15", use=("network",))
    graph = b.sections["graph"]
    assert graph.status == "live", graph.message
    labels = {n["id"]: n["coalition"] for n in graph.data["nodes"]}
    assert labels["afg-government"] == "government side"
    assert labels["taliban"].startswith("coalition: ")
    assert any({"taliban", "ttp"} <= set(c["members"]) for c in graph.data["coalitions"])
    assert b.sections["sanctuary"].status == "live"
    sanctuary = b.sections["sanctuary"].data
    assert sanctuary["after"] == "2021-08-15"
    assert any(r["source"] == "taliban" and r["target"] == "al-qaeda" for r in sanctuary["kb_relations"])
    assert b.sections["contagion"].status == "live"
    before = build_briefing(small_store, "AFG", "2021-06-01", use=("network",))
    assert "after" not in before.sections["sanctuary"].data  # no post-fall view before the fall


@pytest.mark.skipif(parts.load(parts.RISK) is None, reason="early-warning model not installed")
def test_risk_curve_threshold_and_reasons(small_store, shared):
    section = build_briefing(small_store, "AFG", "2021-08-15", use=("risk",), risk_months=2).sections["risk"]
    assert section.status == "live", section.message
    assert [p["month"] for p in section.data["series"]] == ["2021-07", "2021-08"]
    assert 0 < section.data["threshold"] < 1 and section.data["reasons"][0]["text"]
    page = TestClient(create_app(small_store, use=("risk",))).get("/risk", params={"as_of": "2021-08-01"})
    assert page.status_code == 200 and "Afghanistan" in page.text and 'id="risk-table"' in page.text
