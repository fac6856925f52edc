import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app
from coalition_watch.errors import InputError
from coalition_watch.network.measures import blau_index, coalition_measures, linchpins
from coalition_watch.network.replication import GovernanceData
from coalition_watch.registry.knowledge_base import read_kb
from coalition_watch.store.kb_writer import write_kb


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
