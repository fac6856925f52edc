"""The "pledged to another member" rule (:func:`coalition_watch.network.graph.pledged_members`)
and its two users: coalition labels (``fighting_core``) and the hosts of a fall (``local_winners``).
Also the data span, whose "no dated data" answer is computed once."""

from __future__ import annotations

import pytest

from coalition_watch.models import Actor, Case
from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.network.graph import TemporalSignedGraph, pledged_members, relation_edges, to_date
from coalition_watch.network.takeover import local_winners

ACTORS = [
    Actor(id="taliban", name="Taliban", origin="AFG"),
    Actor(id="haqqani-network", name="Haqqani Network", origin="AFG"),
    Actor(id="al-qaeda", name="al-Qaeda", origin="AFG"),  # coded as in the knowledge base
    Actor(id="ttp", name="Tehrik-i-Taliban Pakistan", origin="PAK"),
    Actor(id="jamaat-ul-ahrar", name="Jamaat-ul-Ahrar", origin="PAK"),
    Actor(id="jnim", name="JNIM", kind="coalition", origin="MLI"),
    Actor(id="katiba-macina", name="Katiba Macina", origin="MLI"),
    Actor(id="aqim", name="AQIM", origin="DZA"),
    Actor(id="afg-government", name="Islamic Republic of Afghanistan", kind="state", origin="AFG"),
    Actor(id="mali", name="Mali", kind="state", origin="MLI"),
]
#: (source, type, target, from, to)
TIES = [
    ("haqqani-network", "pledge", "taliban", "1995", None),
    ("al-qaeda", "pledge", "taliban", "1996", None),
    ("ttp", "pledge", "taliban", "2007-12", None),
    ("haqqani-network", "alliance", "al-qaeda", "2001", None),
    ("jamaat-ul-ahrar", "merger", "ttp", "2020-08", None),
    ("jnim", "pledge", "al-qaeda", "2017-03", None),
    ("jnim", "pledge", "aqim", "2017-03", None),
    ("katiba-macina", "merger", "jnim", "2017-03", None),
    ("taliban", "rivalry", "afg-government", "2001-11", "2021-08-15"),
    ("haqqani-network", "rivalry", "afg-government", "2001-11", "2021-08-15"),
    ("jnim", "rivalry", "mali", "2017-03", None),
]
SIGNS = {"pledge": 1, "merger": 1, "alliance": 1, "rivalry": -1}


@pytest.fixture(scope="module")
def net():
    rows = [{"source_id": s, "target_id": t, "type": kind, "sign": SIGNS[kind], "directed": kind != "alliance",
             "valid_from": start, "valid_to": end, "confidence": 0.9, "status": "curated", "id": f"r{i}"}
            for i, (s, kind, t, start, end) in enumerate(TIES)]
    return TemporalSignedGraph({a.id: a for a in ACTORS}, relation_edges(rows))


def _ties(net):
    return list(zip(net.edges["source"], net.edges["target"], net.edges["type"]))


def test_a_pledge_to_another_member_makes_a_member_subordinate(net):
    afghan = {"taliban", "haqqani-network", "al-qaeda"}
    assert pledged_members(net, _ties(net), afghan) == {"haqqani-network", "al-qaeda"}
    assert pledged_members(net, _ties(net), afghan, patron_origin="AFG") == {"haqqani-network", "al-qaeda"}
    # the patron must be a member: without the Taliban, nobody in the bloc is under anybody
    assert pledged_members(net, _ties(net), {"haqqani-network", "ttp"}) == set()


def test_a_pledge_to_a_declared_coalition_or_a_foreign_patron_does_not_count(net):
    mali = {"jnim", "katiba-macina", "al-qaeda", "aqim"}
    # Katiba Macina's merger is into JNIM, a declared coalition: never counts
    assert pledged_members(net, _ties(net), mali, types=("pledge", "merger")) == {"jnim"}
    # JNIM's pledges go to al-Qaeda (AFG) and AQIM (DZA): not to a member of Mali's origin
    assert pledged_members(net, _ties(net), mali, types=("pledge", "merger"), patron_origin="MLI") == set()


def test_a_merger_counts_only_when_asked_for(net):
    bloc = {"ttp", "jamaat-ul-ahrar"}
    assert pledged_members(net, _ties(net), bloc) == set()
    assert pledged_members(net, _ties(net), bloc, types=("pledge", "merger"), patron_origin="PAK") == {"jamaat-ul-ahrar"}


def test_labels_skip_members_pledged_to_a_local_member_only(net):
    analysis = CoalitionAnalysis(net)
    graph = net.graph_at("2021-07-01")
    # without the rule the Haqqani Network, as connected as the Taliban, would win on its id
    assert analysis.fighting_core(["taliban", "haqqani-network", "al-qaeda"], graph, "AFG") == "taliban"
    # JNIM's pledge to al-Qaeda, a foreign patron, leaves JNIM the core of its Malian bloc
    assert analysis.fighting_core(["jnim", "katiba-macina", "al-qaeda"], graph, "MLI") == "jnim"


def test_the_hosts_of_a_fall_are_the_local_winners_pledged_to_nobody(net):
    case = Case(id="afg-2021", country="AFG", date="2021-08-15", outcome="fall",
                coalition=["taliban", "haqqani-network", "al-qaeda", "ttp"], government=["afg-government"])
    day = to_date(case.date).toordinal()
    assert local_winners(net, case, set(case.coalition), day) == {"taliban"}


def test_a_pledge_to_a_foreign_winner_leaves_a_local_group_a_host(net):
    # a fall of Mali (made up for the test) to JNIM, with al-Qaeda and AQIM among the winners:
    # JNIM's pledges go abroad, so JNIM still rules; Katiba Macina, merged into JNIM, is a host
    # only because JNIM is a declared coalition (a merger into a declared coalition never counts)
    case = Case(id="mli-test", country="MLI", date="2024-12-01", outcome="fall",
                coalition=["jnim", "katiba-macina", "al-qaeda", "aqim"], government=["mali"])
    day = to_date(case.date).toordinal()
    assert local_winners(net, case, set(case.coalition), day) == {"jnim", "katiba-macina"}


class _CountingStore:
    """A store without events that counts how often it is asked for them."""

    def __init__(self):
        self.asked = 0

    def count(self, table):
        self.asked += 1
        return 0


def test_no_dated_data_is_an_answer_computed_once():
    undated = relation_edges([{"source_id": "haqqani-network", "target_id": "taliban", "type": "pledge", "sign": 1,
                               "directed": True, "confidence": 0.9, "status": "curated", "id": "r0"}])
    store = _CountingStore()
    analysis = CoalitionAnalysis(TemporalSignedGraph({a.id: a for a in ACTORS}, undated), store=store)
    assert analysis.data_span() is None
    assert analysis.span_warnings("2021-08") == [
        "the store holds no dated relations or events; 2021-08 is answered from undated ties only"]
    assert store.asked == 1


class _EventsStore:
    """Events in Mali (stored by name and by code) and one, the latest, without a country; records
    the queries asked of it."""

    def __init__(self):
        self.queries = []
        store = self

        class _Con:
            def execute(self, sql):
                import datetime as dt

                store.queries.append(sql)

                class _Rows:
                    def fetchall(self):
                        return [("Mali", dt.date(2015, 1, 5), dt.date(2015, 3, 1)),
                                ("MLI", dt.date(2019, 5, 1), dt.date(2019, 6, 30)),
                                (None, dt.date(2016, 2, 1), dt.date(2020, 4, 2))]
                return _Rows()

        self.con = _Con()

    def count(self, table):
        return 3


def test_data_span_and_the_country_spans_come_from_one_query():
    """``data_span`` reads the store's event dates with the per-country spans' query (once): its
    span covers events without a country too, which the country spans leave out."""
    import datetime as dt

    undated = relation_edges([{"source_id": "haqqani-network", "target_id": "taliban", "type": "pledge", "sign": 1,
                               "directed": True, "confidence": 0.9, "status": "curated", "id": "r0"}])
    store = _EventsStore()
    analysis = CoalitionAnalysis(TemporalSignedGraph({a.id: a for a in ACTORS}, undated), store=store)
    assert analysis.data_span() == ("2015-01", "2020-04")
    assert analysis._event_spans() == {"MLI": (dt.date(2015, 1, 5), dt.date(2019, 6, 30))}
    assert analysis._covered_countries(dt.date(2017, 6, 1)) == frozenset({"MLI"})
    assert analysis.data_span() == ("2015-01", "2020-04")
    assert len(store.queries) == 1 and "GROUP BY country" in store.queries[0]
