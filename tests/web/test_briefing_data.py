import datetime as dt
import json

import numpy as np
import pytest

from coalition_watch.errors import InputError
from coalition_watch.outputs.briefing import build_briefing, normalise_country
from coalition_watch.outputs.graph import build_graph, fallback_coalitions, is_active
from tests.web.conftest import add_events


def test_sections_report_missing_parts_with_the_command_to_run(small_store):
    b = build_briefing(small_store, "AFG", "2021-08-15", use=())
    data = b.to_dict()
    assert list(data["sections"])[:3] == ["graph", "members", "risk"]
    events = b.sections["map"]
    assert events.status == "missing" and "cwatch ingest" in events.message
    assert events.data["capital"]["name"] == "Kabul"
    for key in ("risk", "contagion"):
        if b.sections[key].status == "missing":
            assert "cwatch" in b.sections[key].message
    json.dumps(data, default=str)


def test_graph_holds_country_actors_with_sources_and_case_sides(small_store):
    b = build_briefing(small_store, "Afghanistan", "2021-08-15", use=())
    graph = b.sections["graph"].data
    ids = {n["id"] for n in graph["nodes"]}
    assert {"taliban", "ttp", "al-qaeda", "afg-government"} <= ids
    assert "hts" not in ids  # Syrian group with no tie to an Afghan actor
    coalition = {n["id"]: n["coalition"] for n in graph["nodes"]}
    if b.sections["graph"].status == "fallback":
        assert coalition["taliban"] == coalition["ttp"] == "case coalition"
        assert coalition["afg-government"] == "government side"
    edge = next(e for e in graph["edges"] if e["type"] == "alliance" and {e["source"], e["target"]} == {"taliban", "ttp"})
    assert graph["sources"][edge["sources"][0]]["url"].startswith("http")
    members = {m["id"] for m in b.sections["members"].data}
    assert "afg-government" not in members and "taliban" in members


def test_as_of_filters_relations_by_validity(small_store):
    graph = build_graph(small_store, "SYR", as_of=dt.date(2017, 1, 1))
    alliance = next(e for e in graph["edges"] if e["type"] == "alliance")
    assert alliance["active"] is False  # Ahrar al-Sham – Nusra ended in 2016-07
    assert is_active(alliance, dt.date(2016, 1, 1))
    timeline = build_briefing(small_store, "SYR", "2016-01-01", use=()).sections["timeline"].data
    assert all(item["sort"] <= "2016-01-01" for item in timeline)


def test_nodes_carry_their_active_period_and_edges_need_both_ends_active(small_store):
    from coalition_watch.outputs.graph import fallback_strength, graph_json
    with small_store.transaction() as con:  # a Syrian group with no known dates
        con.execute("INSERT INTO actors (id, name, kind, ideology, origin, operates_in, sources) VALUES "
                    "('undated', 'Undated Brigade', 'armed_group', [], 'SYR', ['SYR'], [])")
    graph = build_graph(small_store, "SYR", as_of=dt.date(2016, 1, 1))
    nodes = {n["id"]: n for n in graph["nodes"]}
    old_keys = {"id", "name", "kind", "ideology", "origin", "core"}  # only fields were added
    assert all(old_keys <= set(n) for n in nodes.values())
    assert {k: nodes["hts"][k] for k in ("active_from", "active_to", "from_date", "to_date", "active")} == {
        "active_from": "2017-01-28", "active_to": None, "from_date": "2017-01-28", "to_date": None, "active": False}
    nusra = nodes["jabhat-al-nusra"]  # coded 2012-01 to 2016-07-27: from the month's first day
    assert (nusra["active_from"], nusra["from_date"], nusra["to_date"], nusra["active"]) == (
        "2012-01", "2012-01-01", "2016-07-27", True)
    assert nodes["jabhat-fatah-al-sham"]["active"] is False  # active only later (2016-07-28)
    undated = nodes["undated"]
    assert (undated["from_date"], undated["to_date"], undated["active"]) == (None, None, True)
    assert is_active(nusra, dt.date(2016, 7, 27)) and not is_active(nusra, dt.date(2016, 7, 28))
    for day in (dt.date(2016, 1, 1), dt.date(2016, 8, 1), dt.date(2018, 1, 1)):
        fast = json.loads(graph_json(small_store, "SYR", as_of=day, case=None))
        assert {n["id"] for n in fast["nodes"] if n["active"]} == {
            n["id"] for n in fast["nodes"] if is_active(n, day)}
        assert {n["id"] for n in fast["nodes"] if n["active"]} >= {"undated", "ahrar-al-sham"}

    # the Taliban–TTP alliance is coded from 2007, the TTP from 2007-12: no tie before the TTP exists
    early = build_graph(small_store, "AFG", as_of=dt.date(2007, 6, 30))
    alliance = next(e for e in early["edges"] if e["type"] == "alliance" and e["target"] == "ttp")
    assert is_active(alliance, dt.date(2007, 6, 30)) and alliance["active"] is False
    assert next(n for n in early["nodes"] if n["id"] == "ttp")["active"] is False
    assert fallback_strength(early["nodes"], early["edges"], dt.date(2007, 6, 30))["ttp"] == 0.0
    later = build_graph(small_store, "AFG", as_of=dt.date(2007, 12, 1))
    assert next(e for e in later["edges"] if e["id"] == alliance["id"])["active"] is True
    assert fallback_strength(later["nodes"], later["edges"], dt.date(2007, 12, 1))["ttp"] > 0
    assert all(e["active"] for e in build_graph(small_store, "AFG")["edges"])  # no date: everything


def test_fallback_coalitions_group_allied_components():
    nodes = [{"id": i, "name": i.upper()} for i in "abcde"]
    edges = [{"source": "a", "target": "b", "type": "alliance", "sign": 1, "from_date": None, "to_date": None},
             {"source": "b", "target": "c", "type": "pledge", "sign": 1, "from_date": None, "to_date": None},
             {"source": "c", "target": "d", "type": "rivalry", "sign": -1, "from_date": None, "to_date": None}]
    labels = fallback_coalitions(nodes, edges, None, None)
    assert labels["a"] == labels["b"] == labels["c"] == "bloc around B"
    assert labels["d"] == labels["e"] == "unaligned"


def test_events_fill_map_and_timeline(small_store):
    add_events(small_store)
    b = build_briefing(small_store, "AFG", "2021-08-15", use=())
    section = b.sections["map"]
    assert section.status == "live"
    provinces = {a["admin1"]: a for a in section.data["admin1"]}
    assert provinces["Kandahar"]["events"] == 2 and provinces["Kandahar"]["deaths"] == 42
    assert provinces["Kandahar"]["shape"] == "AF.KD" and provinces["Kabul"]["shape"] == "AF.KB"
    shapes = {g["id"] for g in section.data["provinces"]["objects"]["provinces"]["geometries"]}
    assert {"AF.KD", "AF.KB", "AF.HM"} <= shapes and len(shapes) >= 30  # only Afghanistan's provinces
    assert "e4" not in {p["id"] for p in section.data["points"]}  # outside the 12-month window
    assert [m["month"] for m in section.data["monthly"]] == ["2021-06", "2021-07", "2021-08"]
    assert any(i["kind"] == "key event" for i in b.sections["timeline"].data)


def test_bad_country_and_date_are_input_errors(small_store):
    with pytest.raises(InputError, match="unknown country"):
        normalise_country(small_store, "Atlantis")
    # the library names its parameter (the command line words it --as-of)
    with pytest.raises(InputError, match="field 'as_of': as_of must be a date"):
        build_briefing(small_store, "AFG", "15/08/2021", use=())
    with pytest.raises(InputError, match="field 'as_of': as_of must be a date"):
        build_briefing(small_store, "AFG", "2021", use=())


def test_as_of_takes_a_month_as_its_last_day():
    from coalition_watch.outputs.briefing import parse_as_of

    assert parse_as_of("2024-12") == dt.date(2024, 12, 31)
    assert parse_as_of("2024-02") == dt.date(2024, 2, 29)
    assert parse_as_of("2021-08-15") == dt.date(2021, 8, 15)


def test_graph_json_fast_path_equals_built_graph(small_store):
    from coalition_watch.outputs.briefing import case_for
    from coalition_watch.outputs.graph import annotate_fallback, graph_json
    for country, day in (("AFG", dt.date(2021, 8, 15)), ("SYR", dt.date(2016, 1, 1)), ("SYR", dt.date(2015, 6, 1))):
        case = case_for(small_store, country, day)
        fast = json.loads(graph_json(small_store, country, as_of=day, case=case))
        slow = annotate_fallback(build_graph(small_store, country, as_of=day, case=case), day, case)
        assert fast == json.loads(json.dumps(slow, default=str))


def test_briefing_case_is_never_later_than_the_as_of_date(small_store):
    from coalition_watch.outputs.briefing import case_for
    assert case_for(small_store, "AFG", dt.date(2021, 7, 1)) is None
    assert case_for(small_store, "AFG", dt.date(2021, 8, 15))["id"] == "afg-2021"
    assert case_for(small_store, "AFG", dt.date(2023, 1, 1))["id"] == "afg-2021"


def test_events_are_placed_in_provinces_by_point_then_name():
    from coalition_watch.outputs.provinces import locate, points_in_rings, province_topology
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6]], dtype=float)
    inside = points_in_rings(np.array([1.0, 5.0, 11.0]), np.array([1.0, 5.0, 5.0]), [square, hole])
    assert inside.tolist() == [True, False, False]
    afg = province_topology("afg")
    placed = locate(afg, [65.71, 69.18, None, None, None], [31.61, 34.52, None, None, None],
                    ["wrong name", None, "Helmand province", "Atlantis", None])
    assert placed == ["AF.KD", "AF.KB", "AF.HM", None, None]
    assert province_topology("XXX") is None and province_topology("../x") is None


def test_graph_json_equals_built_graph_on_a_generated_graph(small_store):
    import random
    from coalition_watch.outputs.graph import annotate_fallback, graph_json
    from coalition_watch.vocabulary import RELATION_TYPES
    rng = random.Random(3)
    kinds = ["alliance", "pledge", "merger", "rivalry", "state_support"]
    with small_store.transaction() as con:
        con.executemany("INSERT INTO actors (id, name, kind, ideology, origin, operates_in, active_from, active_to, "
                        "sources) VALUES (?, ?, 'armed_group', [], 'ATA', ['ATA'], ?, ?, [])",
                        [[f"g{i}", f"Group {i}", rng.choice([None, None, "2005", "2009-03", "2012-07-14", "1999"]),
                          rng.choice([None, None, "2011", "2016-02", "2014-05-31"])] for i in range(60)])
        for j in range(150):
            a, b = rng.sample(range(60), 2)
            kind = rng.choice(kinds)
            start = dt.date(2000 + rng.randrange(20), 1, 1)
            con.execute("INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, "
                        "valid_from_date, valid_to_date, confidence, status, provenance, sources) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'curated', 'test', [])",
                        [f"gen{j}", f"g{a}", f"g{b}", kind, RELATION_TYPES[kind][0], RELATION_TYPES[kind][1],
                         str(start.year), start, rng.choice([None, dt.date(2015, 6, 1)]), rng.random()])
    case = {"id": "ata-test", "coalition": ["g1", "g2"], "government": ["g3"]}
    for day, c in ((dt.date(2010, 1, 1), None), (dt.date(2016, 1, 1), case), (None, None)):
        fast = json.loads(graph_json(small_store, "ATA", as_of=day, case=c))
        slow = annotate_fallback(build_graph(small_store, "ATA", as_of=day, case=c), day, c)
        assert fast == json.loads(json.dumps(slow, default=str))
        labels = {n["coalition"] for n in fast["nodes"]}
        assert "unaligned" in labels and any(label.startswith("bloc around") or label == "case coalition"
                                             for label in labels)


def test_review_decision_refreshes_cached_graphs(hostile_store):
    from coalition_watch.outputs import graph as graph_module
    from coalition_watch.outputs.review_queue import decide
    from tests.web.conftest import PENDING_ID
    before = json.loads(graph_module.graph_json(hostile_store, "AFG", as_of=dt.date(2021, 8, 15), case=None))
    assert PENDING_ID not in {e["id"] for e in before["edges"]}
    decide(hostile_store, PENDING_ID, "accept", reviewer="tester")
    assert graph_module.refresh_graphs(hostile_store) >= 1
    revision = graph_module.graph_revision(hostile_store)
    assert any(k[0] == id(hostile_store) and k[-1] == revision for k in graph_module._BASE)
    after = json.loads(graph_module.graph_json(hostile_store, "AFG", as_of=dt.date(2021, 8, 15), case=None))
    assert PENDING_ID in {e["id"] for e in after["edges"]}
