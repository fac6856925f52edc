"""A coalition's events and fatalities count each event once, and a bloc is labelled by the member
its affiliates pledged to when that member fights the government itself (the Islamic State in
Syria), on the UCDP GED Syria 2016–2017 events (UCDP GED, CC BY 4.0) and the knowledge base."""

from __future__ import annotations

import json

import duckdb
import pytest

from coalition_watch.models import Actor
from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.network.graph import TemporalSignedGraph, pledged_members, relation_edges
from coalition_watch.store import open_store
from tests.network.conftest import console_script
from tests.web.conftest import kb_store_with_ged

#: the twelve months of events the coalition figures of 2017-06 read
WINDOW = ("2016-07-01", "2017-06-30")


@pytest.fixture(scope="module")
def syria_db(tmp_path_factory, shared):
    """A store file as `cwatch init` and `cwatch ingest ucdp-ged ged_syria_2016_2017.csv` leave it."""
    store = kb_store_with_ged(tmp_path_factory.mktemp("syria"), shared, "ged_syria_2016_2017.csv")
    path = store.path
    store.close()
    return path


@pytest.fixture(scope="module")
def syria(syria_db):
    store = open_store(syria_db, read_only=True)
    yield CoalitionAnalysis.from_store(store)
    store.close()


def _groups(coalition: dict) -> list[str]:
    """The member ids the coalition's figures count (states are left out of them)."""
    return [m["id"] for m in coalition["members"] if m["kind"] != "state"]


_ON_A_SIDE = ("date_start BETWEEN ? AND ? AND list_has_any(list_concat(coalesce(side_a, []::VARCHAR[]), "
              "coalesce(side_b, []::VARCHAR[])), ?)")


def test_cli_counts_each_event_of_a_coalition_once(syria_db, capsys, monkeypatch):
    monkeypatch.setenv("CWATCH_DB", str(syria_db))
    code, out, err = console_script(capsys, monkeypatch)("coalitions", "SYR", "--as-of", "2017-06", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["events_loaded"] and len(result["coalitions"]) >= 3
    con = duckdb.connect(str(syria_db), read_only=True)
    try:
        for coalition in result["coalitions"]:
            ids = _groups(coalition)
            # distinct event ids with a member on either side, and their deaths once each
            events, deaths = con.execute(
                f"SELECT count(*), coalesce(sum(deaths_best), 0) FROM (SELECT DISTINCT id, deaths_best FROM events "
                f"WHERE {_ON_A_SIDE})", [*WINDOW, ids]).fetchone()
            assert coalition["measures"]["events"] == events, coalition["id"]
            assert coalition["measures"]["fatalities"] == pytest.approx(float(deaths)), coalition["id"]
        # the HTS bloc's members share many events (HTS and Ahrar al-Sham on one side): the members'
        # counts add up to more than its events, which a sum over members would have reported
        hts = next(c for c in result["coalitions"] if "hts" in _groups(c))
        summed = sum(con.execute(f"SELECT count(DISTINCT id) FROM events WHERE {_ON_A_SIDE}",
                                 [*WINDOW, [member]]).fetchone()[0] for member in _groups(hts))
        assert summed > hts["measures"]["events"] > 0
    finally:
        con.close()


def test_the_islamic_states_syrian_bloc_is_named_after_it(syria_db, capsys, monkeypatch):
    monkeypatch.setenv("CWATCH_DB", str(syria_db))
    code, out, err = console_script(capsys, monkeypatch)("coalitions", "SYR", "--as-of", "2017-06", "--json")
    assert code == 0, err
    bloc = next(c for c in json.loads(out)["coalitions"] if "isis" in _groups(c))
    # the Khalid ibn al-Walid Army, the bloc's only Syrian member, pledged to the Islamic State
    assert "jaysh-khalid-ibn-al-walid" in _groups(bloc)
    assert bloc["label_id"] == "isis" and bloc["label"] == "Islamic State (ISIL/ISIS)"


def test_every_month_of_the_islamic_state_bloc_has_its_label(syria):
    months = [f"{y}-{m:02d}" for y, first in ((2016, 6), (2017, 1)) for m in range(first, 13)]
    seen = 0
    for month in months:
        for bloc in syria.coalitions_for_country("SYR", month, tracked=False)["coalitions"]:
            ids = _groups(bloc)
            if "isis" in ids and "jaysh-khalid-ibn-al-walid" in ids:
                assert bloc["label_id"] == "isis", (month, ids)
                seen += 1
    assert seen == len(months)


def test_a_pledge_counts_when_the_patron_fights_the_government_there():
    actors = [Actor(id="isis", name="Islamic State", origin="IRQ"),
              Actor(id="jkbw", name="Khalid ibn al-Walid Army", origin="SYR"),
              Actor(id="jnim", name="JNIM", origin="MLI"),
              Actor(id="al-qaeda", name="al-Qaeda", origin="AFG")]
    rows = [{"source_id": s, "target_id": t, "type": "pledge", "sign": 1, "directed": True, "valid_from": "2016-05",
             "valid_to": None, "confidence": 0.9, "status": "curated", "id": f"r{i}"}
            for i, (s, t) in enumerate((("jkbw", "isis"), ("jnim", "al-qaeda")))]
    net = TemporalSignedGraph({a.id: a for a in actors}, relation_edges(rows))
    ties = list(zip(net.edges["source"], net.edges["target"], net.edges["type"]))
    # a foreign patron alone does not make the pledger subordinate in the pledger's country ...
    assert pledged_members(net, ties, {"jkbw", "isis"}, patron_origin="SYR") == set()
    # ... one that fights the government there does; al-Qaeda, not fighting in Mali, still does not
    assert pledged_members(net, ties, {"jkbw", "isis"}, patron_origin="SYR", fighting={"isis", "jkbw"}) == {"jkbw"}
    assert pledged_members(net, ties, {"jnim", "al-qaeda"}, patron_origin="MLI", fighting={"jnim"}) == set()


@pytest.mark.parametrize("country, month, member, label", [
    ("SYR", "2017-06", "jaysh-khalid-ibn-al-walid", "isis"),  # the knowledge base alone, without events
    ("TUR", "2020-06", "pkk", "pkk"),  # the SDF, a declared coalition from Syria, heads no bloc in Turkey
    ("MLI", "2024-12", "jnim", "jnim"),  # al-Qaeda does not fight Mali's government: JNIM's pledge does not count
    ("MMR", "2024-12", "arakan-army", "three-brotherhood-alliance"),  # the declared alliance its members pledged to
])
def test_labels_on_the_knowledge_base(kb_analysis, country, month, member, label):
    result = kb_analysis.coalitions_for_country(country, month, tracked=False)
    bloc = next(c for c in result["coalitions"] if member in _groups(c))
    assert bloc["label_id"] == label
