import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app
from coalition_watch.errors import InputError
from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.network.graph import OPEN_END
from coalition_watch.network.measures import blau_index, coalition_measures, linchpins
from coalition_watch.network.replication import GovernanceData
from coalition_watch.registry.knowledge_base import read_kb
from coalition_watch.store.kb_writer import write_kb

from .conftest import console_script


def _members(coalition):
    return {m["id"] for m in coalition["members"]}


def test_blau_index_formula():
    assert blau_index(["jihadist", "jihadist"]) == 0
    assert abs(blau_index(["a", "b"]) - 0.5) < 1e-9
    assert abs(blau_index(["a", "a", "b", None]) - (1 - ((2 / 3) ** 2 + (1 / 3) ** 2))) < 1e-9


def test_linchpin_is_the_hub_of_a_star():
    g = nx.MultiDiGraph()
    for leaf in ("b", "c", "d"):
        g.add_edge("hub", leaf, sign=1, weight=0.9, type="alliance")
    rows = linchpins(g, ["hub", "b", "c", "d"])
    assert rows[0]["actor_id"] == "hub" and rows[0]["connectivity_loss"] == 1.0
    assert all(r["connectivity_loss"] == 0 for r in rows[1:])


def test_afghanistan_2021_coalition_around_taliban(kb_analysis):
    result = kb_analysis.coalitions_for_country("AFG", "2021-07")
    main = next(c for c in result["coalitions"] if "taliban" in _members(c))
    members = _members(main)
    assert {"haqqani-network", "al-qaeda", "ttp"} <= members
    central_asian = {a.id for a in kb_analysis.net.actors.values()
                     if a.origin in ("UZB", "TJK", "CHN", "KGZ", "TKM", "KAZ") and a.kind == "armed_group"}
    snap = kb_analysis.snapshot("2021-07")
    tied_to_taliban = {v for u, v, d in snap.edges(data=True) if u == "taliban" and d["sign"] > 0} | \
                      {u for u, v, d in snap.edges(data=True) if v == "taliban" and d["sign"] > 0}
    expected = central_asian & tied_to_taliban
    assert expected and expected <= members, (expected - members)
    assert {"iju", "tip"} <= members
    # a single-group insurgency (the NRF against the Taliban in 2022) scores no heterogeneity
    snap = kb_analysis.snapshot("2022-06")
    lone = coalition_measures(snap, ["nrf"], kb_analysis.net.actors, target_country="AFG")
    assert lone["size"] == 1
    assert main["measures"]["ideological_heterogeneity"] > lone["ideological_heterogeneity"]
    assert main["measures"]["national_heterogeneity"] > lone["national_heterogeneity"]
    assert main["measures"]["transnational_share"] > 0.3


def test_syria_2024_offensive_coalition_and_separate_sna(kb_analysis):
    for month in ("2024-11", "2024-12"):
        result = kb_analysis.coalitions_for_country("SYR", month)
        hts = next(c for c in result["coalitions"] if "hts" in _members(c))
        assert {"ahrar-al-sham", "jaish-al-izza", "tip-syria"} <= _members(hts)
        sna = next(c for c in result["coalitions"] if "sna" in _members(c))
        assert sna["id"] != hts["id"] and "hts" not in _members(sna)
        assert any(x["id"] == sna["id"] for x in hts["cooperating_with"])
    assert any(d["id"] == "deterrence-of-aggression" for d in result["declared"])


def test_nusra_history_follows_into_hts(kb_analysis):
    view = kb_analysis.coalition_show("hts", "2024-11")
    assert view["id"].startswith("syr:") and view["country"] == "SYR"
    assert any(e["event"] == "won" and e["case"] == "syr-2024" for e in view["history"])
    # one coalition identity across the rename (2016-07) and the merger into HTS (2017-01)
    assert view["first_seen"] < "2016-07"
    timeline = kb_analysis.timeline("SYR")
    for actor, month in (("jabhat-al-nusra", "2014-06"), ("jabhat-al-nusra", "2015-06"),
                         ("jabhat-fatah-al-sham", "2016-10"), ("hts", "2017-06"), ("hts", "2024-11")):
        assert timeline.track_of(actor, month) == view["id"], (actor, month)
    assert {"jabhat-al-nusra", "jabhat-fatah-al-sham", "hts"} <= {m["id"] for m in view["membership"]}


def test_theatre_keeps_foreign_affiliates_outside_as_external_ties(kb_analysis):
    result = kb_analysis.coalitions_for_country("AFG", "2021-07")
    main = next(c for c in result["coalitions"] if "taliban" in _members(c))
    affiliates = {"jnim", "aqap", "al-shabaab", "aqim"} & set(kb_analysis.net.actors)
    assert affiliates and not affiliates & _members(main)
    external = {x["actor_id"]: x for x in main["external_ties"]}
    assert affiliates <= set(external) and all(external[a]["members"] == ["al-qaeda"] for a in affiliates)
    theatre = kb_analysis.scope("AFG").members("2021-07")
    assert "jnim" not in theatre and {"taliban", "ttp", "al-qaeda"} <= theatre
    assert "al-qaeda" not in kb_analysis.scope("SYR").members("2001-06")


def test_sanctuary_afg_after_fall_lists_hosted_groups_with_sources(kb_analysis):
    hosted = {h["actor_id"]: h for h in kb_analysis.sanctuary("AFG", "2021-08-15")["hosted"]}
    assert {"al-qaeda", "ttp", "imu", "tip"} <= set(hosted)
    assert all(h["sources"] and h["host"] == ["taliban"] for h in hosted.values())
    assert not kb_analysis.sanctuary("AFG", "2021-08-15")["hosted"][0]["relations"][0]["type"] == "rivalry"


def test_countries_are_taken_by_name_and_unknown_ones_refused(kb_analysis):
    assert kb_analysis.sanctuary("Afghanistan", "2021-08-15") == kb_analysis.sanctuary("AFG", "2021-08-15")
    for call in (lambda: kb_analysis.sanctuary("Atlantis", "2021-08-15"),
                 lambda: kb_analysis.sanctuary("XYZ", "2021-08-15"),
                 lambda: kb_analysis.coalitions_for_country("Narnia", "2021-07")):
        with pytest.raises(InputError, match="unknown country"):
            call()


def test_replication_risk_ranks_with_reasons(kb_analysis, shared):
    ranking = kb_analysis.replication_risk("2024-06")["ranking"]
    assert ranking and [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    assert all(r["reasons"] and 0 <= r["risk"] <= 1 for r in ranking)
    assert ranking == sorted(ranking, key=lambda r: -r["risk"])


def test_governance_file_in_the_wrong_format_is_a_one_line_input_error(tmp_path, shared):
    wgi = shared / "data/governance/wgi_voice_accountability.csv"
    wrong = tmp_path / "polity.csv"
    wrong.write_text("country,score\nAFG,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"polity\.csv:1: not a Polity5 CSV: missing columns scode, year"):
        GovernanceData.read(wrong, wgi)
    empty = tmp_path / "wgi.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        GovernanceData.read(shared / "data/governance/polity5.csv", empty)


def test_cli_json_contracts(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")
    store = api.init_store(db)
    write_kb(store, read_kb()[0])  # KB validity is tested elsewhere
    store.close()
    out = runner.invoke(app, ["sanctuary", "AFG", "--after", "2021-08-15", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert "ttp" in {h["actor_id"] for h in json.loads(out.output)["hosted"]}
    out = runner.invoke(app, ["linchpins", "taliban", "--as-of", "2021-07", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["linchpins"][0]["actor_id"] == "taliban"
    cached = list((tmp_path / "cli.duckdb.network-cache").glob("timeline-*.json"))
    assert len(cached) == 1  # the AFG timeline, reused by the next call
    again = runner.invoke(app, ["linchpins", "taliban", "--as-of", "2021-07", "--db", db, "--json"])
    assert again.exit_code == 0 and json.loads(again.output) == json.loads(out.output)
    assert list((tmp_path / "cli.duckdb.network-cache").glob("timeline-*.json")) == cached
    out = runner.invoke(app, ["contagion", "--since", "2021-08-15", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    signals = [s for s in json.loads(out.output)["signals"] if s["case"] == "afg-2021"]
    assert {"al-qaeda", "ttp", "hts"} <= {s["actor_id"] for s in signals} and all(s["sources"] for s in signals)
    table = runner.invoke(app, ["contagion", "--since", "2021-08-15", "--db", db])
    assert table.exit_code == 0 and "2021-08-01" not in table.output and "2021-08 " in table.output
    out = runner.invoke(app, ["coalitions", "XXX", "--as-of", "2021-07", "--db", db])
    assert out.exit_code != 0


def test_contagion_after_kabul_lists_sourced_signals(kb_analysis):
    signals = kb_analysis.contagion("2021-08-15", until="2021-12-31")["signals"]
    afg = {s["actor_id"]: s for s in signals if s["case"] == "afg-2021"}
    assert {"al-qaeda", "aqis", "al-shabaab", "hts", "ttp"} <= set(afg)
    assert all(s["sources"] and s["winner"] == "taliban" and s["target"] == "taliban" for s in afg.values())
    assert all("AFG" not in s["based_in"] for s in afg.values())
    # a tie coded to the month keeps its first day in `from` and says how it was coded
    assert afg["ttp"]["from"] == "2021-08-01" and afg["ttp"]["from_precision"] == "month"
    assert afg["hts"]["from_precision"] == "day"
    # attributed to the latest fall only, and a winner's own congratulations abroad are not its fall's signal
    assert not any(s["case"] == "afg-1996" for s in kb_analysis.contagion("2021-08-15")["signals"])
    syria = [s for s in kb_analysis.contagion("2024-12-08")["signals"] if s["case"] == "syr-2024"]
    assert any(s["actor_id"] == "taliban" and s["type"] == "celebration" and s["sources"] for s in syria)
    assert not any(s["case"].startswith("afg") and s["from"] >= "2024-12" for s in
                   kb_analysis.contagion("2024-12-08")["signals"])


def test_cached_timeline_reads_back_equal_and_a_bad_file_is_a_miss(kb_analysis, tmp_path):
    from coalition_watch.network import cache

    timeline = kb_analysis.timeline("SYR")
    assert timeline.tracks and any(timeline.by_month.values())
    cache.save(tmp_path, "k", timeline)
    assert cache.load(tmp_path, "k") == timeline
    (tmp_path / "timeline-k.json").write_text('{"months": [')
    assert cache.load(tmp_path, "k") is None


def test_fall_month_coalition_leaves_out_celebrations_and_ties_with_the_new_government(kb_analysis):
    # Kabul fell on 2021-08-15: JNIM, AQAP and al-Shabaab only cheered the Taliban afterwards
    # (celebration ties), and Jamaat Ansarullah and Hafiz Gul Bahadur are tied to the Taliban only
    # by the new government's sanctuary (coded 2021-08): none of them fought the old government.
    result = kb_analysis.coalitions_for_country("AFG", "2021-08")
    main = next(c for c in result["coalitions"] if "taliban" in _members(c))
    members = _members(main)
    assert {"haqqani-network", "al-qaeda", "aqis", "ttp", "jamaat-ul-ahrar", "iju", "tip"} <= members
    assert not {"jnim", "aqap", "al-shabaab"} & members
    assert not {"jamaat-ansarullah", "hafiz-gul-bahadur"} & members
    assert "jnim" not in kb_analysis.scope("AFG").members("2021-08")
    external = {x["actor_id"]: x for x in main["external_ties"]}
    assert {"jnim", "aqap", "al-shabaab"} <= set(external) and "celebration" in external["jnim"]["types"]
    # ties with the new government count from the next month on
    assert {"jamaat-ansarullah", "hafiz-gul-bahadur"} <= kb_analysis.scope("AFG").members("2021-09")
    july = kb_analysis.coalitions_for_country("AFG", "2021-07")
    assert main["id"] == next(c["id"] for c in july["coalitions"] if "taliban" in _members(c))


def _accepted_tie(source, target, type_, start, precision="day"):
    return {"source": source, "target": target, "type": type_, "sign": 1, "directed": True,
            "start": dt.date.fromisoformat(start).toordinal(), "end": OPEN_END, "confidence": 0.9,
            "weight": 0.9, "origin": "accepted", "provenance": "test", "sources": [], "evidence": "",
            "relation_id": None, "events": 0, "fatalities": 0.0, "start_precision": precision}


def test_a_tie_with_the_winners_that_starts_after_the_fall_counts_from_the_next_month(kb_analysis):
    # neither AQIM nor Boko Haram comes from or operates in Afghanistan; one pledges to the Taliban
    # five days after Kabul fell, the other backs them five days before
    extra = pd.DataFrame([_accepted_tie("aqim", "taliban", "pledge", "2021-08-20"),
                          _accepted_tie("boko-haram", "taliban", "support", "2021-08-10")])
    analysis = CoalitionAnalysis(kb_analysis.net.with_edges(extra))
    august, september = analysis.scope("AFG").members("2021-08"), analysis.scope("AFG").members("2021-09")
    assert "boko-haram" in august
    assert "aqim" not in august and "aqim" in september
    fighting = analysis.coalitions_for_country("AFG", "2021-08", tracked=False)["coalitions"]
    main = next(c for c in fighting if "taliban" in _members(c))
    assert "aqim" not in _members(main) and "boko-haram" in _members(main)


def test_history_changes_are_those_of_the_monthly_member_lists(kb_analysis):
    view = kb_analysis.coalition_show("hts", "2024-11")
    track = kb_analysis.timeline("SYR").tracks[view["id"]]
    changes = defaultdict(lambda: {"grew": set(), "shrank": set()})
    for event in view["history"]:
        if event["event"] in ("grew", "shrank"):
            changes[event["month"]][event["event"]] |= set(event.get("added", event.get("removed")))
    months = list(track.members)
    for previous, month in zip(months, months[1:]):
        before, now = set(track.members[previous]), set(track.members[month])
        assert changes[month]["grew"] == now - before and changes[month]["shrank"] == before - now, month
    assert set(changes) <= set(months)
    # no organisation shows up in the history before it existed (the SNA was formed in 2017)
    for event in view["history"]:
        for actor_id in [*event.get("added", []), *event.get("removed", []), *event.get("members", [])]:
            actor = kb_analysis.net.actors.get(actor_id)
            if actor is not None and actor.active_from:
                assert event["month"] >= actor.active_from[:7], (event, actor.active_from)
    november = next(e for e in view["history"] if e["month"] == "2024-11" and e["event"] == "grew")
    assert set(november["added"]) <= {m["id"] for m in view["members"]}


@pytest.fixture(scope="module")
def kb_db(tmp_path_factory):
    """A file store holding the embedded KB, as the commands open it."""
    db = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    store = api.init_store(str(db))
    write_kb(store, read_kb()[0])  # KB validity is tested elsewhere
    store.close()
    return db


@pytest.fixture()
def cwatch(kb_db, capsys, monkeypatch):
    """Run ``cwatch ARGS`` as the console script does: (exit code, stdout, stderr)."""
    monkeypatch.setenv("CWATCH_DB", str(kb_db))
    return console_script(capsys, monkeypatch)


def test_cli_warns_on_stderr_when_the_month_is_outside_the_data(cwatch):
    code, out, err = cwatch("coalitions", "AFG", "--as-of", "1850-01", "--json")
    result = json.loads(out)
    assert code == 0 and result["coalitions"] == [] and result["warnings"]
    first, last = result["data_span"]["first"], result["data_span"]["last"]
    assert err == f"warning: {result['warnings'][0]}\n" and f"from {first} to {last}" in err
    assert "1850-01 is before the store's data" in err
    code, out, err = cwatch("coalitions", "AFG", "--as-of", "2031-01")
    assert code == 0 and "warning: 2031-01 is after the store's data" in err and "2031-01" in out
    code, out, err = cwatch("coalitions", "AFG", "--as-of", "2021-07", "--json")
    assert code == 0 and err == "" and json.loads(out)["warnings"] == [] and first <= "2021-07" <= last


def test_cli_history_joins_member_ids(cwatch):
    code, out, err = cwatch("coalition", "show", "hts", "--as-of", "2024-11")
    assert code == 0, err
    assert "['" not in out and "added: " in out and "removed: " in out


def test_cli_coalition_export_to_a_path_without_a_folder_is_a_one_line_error(cwatch, tmp_path):
    for target in (tmp_path / "nodir" / "x.gexf", Path("/proc/cwatch-test.csv")):
        code, out, err = cwatch("coalition", "export", str(target))
        assert code == 2 and err.startswith(f"error: cannot write {target}") and err.count("\n") == 1, err
        assert not target.exists()
    code, out, err = cwatch("coalition", "export", str(tmp_path / "edges.csv"))
    assert code == 0 and (tmp_path / "edges.csv").stat().st_size > 1000




def test_member_graphs_are_built_in_a_fixed_order():
    # the members arrive as a set, whose order follows the hash seed; sums over the graph's edges
    # in that order could round either way on a boundary, so two runs of one command disagreed
    # (linchpins' tie_share 0.0937 or 0.0938)
    import itertools

    from coalition_watch.network.measures import signed_simple_graph

    names = ["taliban", "haqqani-network", "al-qaeda", "ttp", "imu", "iju", "tip", "aqis", "lej"]
    graph = nx.MultiDiGraph()
    for (u, v), w in zip(itertools.combinations(names, 2), itertools.cycle((0.1, 0.2, 0.3, 0.7))):
        graph.add_edge(u, v, sign=1, weight=w)
    assert list(signed_simple_graph(graph, set(names)).nodes) == sorted(names)
