"""A coalition holds together by positive ties: on the UCDP GED Syria 2018–2019 events (UCDP GED,
CC BY 4.0) and the knowledge base, the Islamic State, which only fought the Syrian National Army's
groups, is never placed in their bloc (the negative layer's null model had put it there in eleven
months), and every detected community is connected by its members' positive ties."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.network.coalitions import month_end, month_start, split_by_positive_ties
from coalition_watch.store import open_store
from tests.web.conftest import kb_store_with_ged

MONTHS = [f"{y}-{m:02d}" for y in (2018, 2019) for m in range(1, 13) if (y, m) <= (2019, 11)]
#: the Islamic State and the group that pledged to it in the Yarmouk Basin
IS_SIDE = {"isis", "jaysh-khalid-ibn-al-walid"}


@pytest.fixture(scope="module")
def syria_2018(tmp_path_factory, shared):
    store = kb_store_with_ged(tmp_path_factory.mktemp("syria-2018"), shared, "ged_syria_2018_2019.csv")
    path = store.path
    store.close()
    store = open_store(path, read_only=True)
    yield CoalitionAnalysis.from_store(store)
    store.close()


def test_the_islamic_state_is_never_in_the_syrian_national_armys_bloc(syria_2018):
    sna_months = 0
    for month in MONTHS:
        blocs = syria_2018.coalitions_for_country("SYR", month, tracked=False)["coalitions"]
        for bloc in blocs:
            ids = {m["id"] for m in bloc["members"]}
            if ids & IS_SIDE:
                assert ids <= IS_SIDE, (month, sorted(ids))
                assert bloc["label_id"] == "isis"
            if "sna" in ids:
                sna_months += 1
                assert bloc["label_id"] == "sna" and bloc["measures"]["size"] >= 10, month
    # the SNA's bloc itself is still found (from its founding in 2017-12 on, in most months)
    assert sna_months >= 10


def test_every_community_is_connected_by_its_positive_ties(syria_2018):
    scope, detector = syria_2018.scope("SYR"), syria_2018.detector
    for month in MONTHS:
        ms = month_start(month)
        # the positive ties the detector reads for the month (curated ones in force, event ties
        # of the trailing window, declared coalitions' member ties)
        chosen = detector.window_mask(ms, month_end(ms)) & (detector.sign > 0)
        positive = nx.Graph(zip(detector.nodes[detector.src[chosen]], detector.nodes[detector.dst[chosen]]))
        for community in scope.detect(ms):
            if len(community.members) > 1:
                inside = positive.subgraph(community.members)
                assert inside.number_of_nodes() == len(community.members), (month, community.members)
                assert nx.is_connected(inside), (month, community.members)


def test_a_member_without_a_positive_tie_inside_stands_alone():
    # one community of four: 0–1 and 2–3 allied, no positive tie between the pairs
    labels = split_by_positive_ties(np.array([7, 7, 7, 7, 5]), np.array([0, 2, 1]), np.array([1, 3, 4]))
    assert labels[0] == labels[1] != labels[2] == labels[3]
    # a positive tie across two communities (1–4) does not join them
    assert labels[4] not in (labels[0], labels[2])
