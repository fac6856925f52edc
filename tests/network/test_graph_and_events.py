import datetime as dt

import pandas as pd

from coalition_watch.network.event_edges import event_edges
from coalition_watch.network.evaluation import (GADE_CODE_GED_NAMES, infighting_agreement,
                                                read_fight_matrix)
from coalition_watch.network.export import export_network
from coalition_watch.network.load import network_from_store
from coalition_watch.registry.resolver import Resolver
from coalition_watch.store.actors import read_actors, read_lineage


def test_graph_at_respects_intervals_and_lineage(kb_analysis):
    net = kb_analysis.net
    g2015 = net.graph_at("2015-06-01")
    assert g2015.has_node("jabhat-al-nusra") and not g2015.has_node("hts")
    collapsed = net.graph_between("2015-01", "2015-12", collapse_lineage=True)
    assert collapsed.has_node("hts") and not collapsed.has_node("jabhat-al-nusra")
    before, after = net.graph_at("2021-07-15"), net.graph_at("2021-09-01")
    assert any(d["type"] == "rivalry" for _, v, d in before.edges("taliban", data=True) if v == "afg-government") \
        or any(d["type"] == "rivalry" for u, _, d in before.in_edges("taliban", data=True) if u == "afg-government")
    sanctuary_after = [d for u, v, d in after.edges(data=True) if d["type"] == "sanctuary" and u == "taliban"]
    sanctuary_before = [d for u, v, d in before.edges(data=True) if d["type"] == "sanctuary" and u == "taliban"]
    assert len(sanctuary_after) > len(sanctuary_before)
    assert all(d["sources"] for d in sanctuary_after)


def test_event_edges_from_synthetic_events():
    events = pd.DataFrame([
        {"id": "e1", "dataset": "t", "date_start": dt.date(2017, 3, 2), "country": "SYR", "admin1": "Idlib",
         "violence_type": "2", "side_a": ["a", "b"], "side_b": ["c"], "side_a_names": ["A", "B"],
         "side_b_names": ["C"], "unresolved": [], "associated": [], "deaths_best": 4.0},
        {"id": "e2", "dataset": "t", "date_start": dt.date(2017, 3, 9), "country": "SYR", "admin1": "Idlib",
         "violence_type": "1", "side_a": ["gov"], "side_b": ["c"], "side_a_names": ["Gov"],
         "side_b_names": ["C", "Unknown Brigade"], "unresolved": ["Unknown Brigade"], "associated": [],
         "deaths_best": 1.0},
        {"id": "e3", "dataset": "t", "date_start": dt.date(2017, 3, 20), "country": "SYR", "admin1": "Idlib",
         "violence_type": "1", "side_a": ["gov"], "side_b": ["a"], "side_a_names": ["Gov"],
         "side_b_names": ["A"], "unresolved": [], "associated": [], "deaths_best": 2.0},
    ])
    edges = event_edges(events, state_ids={"gov"})
    kinds = {(r.type, r.source, r.target): r for r in edges.itertuples()}
    assert ("co_side", "a", "b") in kinds and kinds[("co_side", "a", "b")].sign == 1
    assert ("fought", "a", "c") in kinds and kinds[("fought", "a", "c")].sign == -1
    assert ("co_side", "c", "name:unknown brigade") in kinds
    inferred = kinds[("common_enemy", "a", "c")]
    assert inferred.origin == "inferred" and inferred.weight < kinds[("fought", "a", "c")].weight
    assert not any(t == "common_enemy" and "gov" in (s, d) for t, s, d in kinds)


def test_ged_syria_edges_agree_with_infighting_matrix(ged_store, shared):
    net = network_from_store(ged_store)
    ev = net.edges[(net.edges["origin"] == "event") & (net.edges["start"] <= dt.date(2018, 6, 30).toordinal())]
    assert set(ev["type"]) == {"co_side", "fought"}
    resolver = Resolver(read_actors(ged_store), read_lineage(ged_store))
    code_nodes = {code: {(resolver.resolve(n, date=str(y), country="SYR").actor_id or "name:" + n.lower())
                         for n in names for y in (2016, 2017, 2018)}
                  for code, names in GADE_CODE_GED_NAMES.items()}
    matrix = read_fight_matrix(shared / "data/syria_rebels/fullfighting_Matrix_all44_8June2018.csv")
    report = infighting_agreement(ev, matrix, code_nodes, permutations=500)
    print("agreement with Gade-Hafez-Gabbay infighting matrix:", report)
    assert report["pairs_with_signal"] >= 20
    assert report["kappa"] > 0
    assert report["p_value"] < 0.1
    assert report["fought_precision"] > report["base_rate_fought"]


def test_exports_keep_intervals(kb_analysis, tmp_path):
    gexf = export_network(kb_analysis.net, tmp_path / "net.gexf")
    text = gexf.read_text()
    assert 'mode="dynamic"' in text and 'end="2021-08-15"' in text
    graphml = export_network(kb_analysis.net, tmp_path / "net.graphml")
    assert "afg-government" in graphml.read_text()
    frame = pd.read_parquet(export_network(kb_analysis.net, tmp_path / "edges.parquet"))
    assert {"source", "target", "type", "sign", "start", "end", "sources"} <= set(frame.columns)
    assert len(pd.read_csv(export_network(kb_analysis.net, tmp_path / "edges.csv"))) == len(frame)


def test_cache_key_changes_with_the_graph(kb_analysis):
    from coalition_watch.network.cache import graph_digest
    net = kb_analysis.net
    changed = net.with_edges(net.edges.head(1).assign(weight=0.123))
    assert graph_digest(net) == graph_digest(net) != graph_digest(changed)


def test_event_edges_accept_null_lists():
    events = pd.DataFrame([
        {"id": "e1", "dataset": "t", "date_start": dt.date(2017, 3, 2), "country": "SYR", "admin1": None,
         "violence_type": "2", "side_a": ["a", "b"], "side_b": ["c"], "side_a_names": None,
         "side_b_names": None, "unresolved": None, "associated": float("nan"), "deaths_best": None},
    ])
    edges = event_edges(events, state_ids=set())
    assert {(r.type, r.source, r.target) for r in edges.itertuples()} == {
        ("co_side", "a", "b"), ("fought", "a", "c"), ("fought", "b", "c")}
