import io

import networkx as nx
import pytest

from coalition_watch.errors import InputError
from coalition_watch.outputs import review_queue
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.exports import export_bytes
from tests.web.conftest import PENDING_ID


@pytest.fixture()
def afg(small_store):
    b = build_briefing(small_store, "AFG", "2021-08-15", use=())
    return b.sections["graph"].data, b.sections["members"].data


def test_graphml_and_gexf_round_trip(afg):
    graph, members = afg
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        g = reader(io.BytesIO(export_bytes(graph, members, fmt)))
        assert "taliban" in g.nodes and g.nodes["taliban"]["coalition"]
        assert any(d.get("relation") == "alliance" for *_, d in g.edges(data=True))


def test_csv_and_images(afg):
    graph, members = afg
    relations = export_bytes(graph, members, "relations-csv").decode().splitlines()
    assert relations[0].startswith("id,source_id,source,target_id") and len(relations) > 1
    assert export_bytes(graph, members, "members-csv").decode().splitlines()[0].startswith("id,name,kind,coalition")
    assert export_bytes(graph, members, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in export_bytes(graph, members, "svg")[:2000]
    with pytest.raises(InputError):
        export_bytes(graph, members, "pdf")


def test_accept_moves_claim_into_graph_with_audit_row(hostile_store):
    queue = review_queue.list_queue(hostile_store)
    assert [r["id"] for r in queue] == [PENDING_ID]
    assert queue[0]["claims"][0]["document_id"] == "doc-evil"
    before = build_briefing(hostile_store, "AFG", "2021-08-15", use=()).sections["graph"].data
    assert PENDING_ID not in {e["id"] for e in before["edges"]}
    review_queue.decide(hostile_store, PENDING_ID, "accept", reviewer="ana", note="checked")
    after = build_briefing(hostile_store, "AFG", "2021-08-15", use=()).sections["graph"].data
    assert PENDING_ID in {e["id"] for e in after["edges"]}
    trail = review_queue.audit_trail(hostile_store, PENDING_ID)
    assert trail[0]["action"] == "accept" and trail[0]["old_status"] == "extracted-pending"
    assert trail[0]["new_status"] == "accepted" and trail[0]["reviewer"] == "ana"
    with pytest.raises(InputError, match="not pending"):
        review_queue.decide(hostile_store, PENDING_ID, "reject", reviewer="ana")


def test_edit_validates_and_records_changes(hostile_store):
    with pytest.raises(InputError, match="unknown relation type"):
        review_queue.edit(hostile_store, PENDING_ID, {"type": "friendship"}, reviewer="ana")
    with pytest.raises(InputError, match="cannot edit"):
        review_queue.edit(hostile_store, PENDING_ID, {"status": "accepted"}, reviewer="ana")
    review_queue.edit(hostile_store, PENDING_ID, {"type": "rivalry", "valid_from": "2021-06"}, reviewer="ana")
    row = hostile_store.query("SELECT type, sign, valid_from_date FROM relations WHERE id = ?", [PENDING_ID])[0]
    assert row["type"] == "rivalry" and row["sign"] == -1 and str(row["valid_from_date"]) == "2021-06-01"
    note = review_queue.audit_trail(hostile_store, PENDING_ID)[0]["note"]
    assert "rivalry" in note and "2021-06" in note
    with pytest.raises(InputError, match="nothing to change"):
        review_queue.edit(hostile_store, PENDING_ID, {"valid_to": "  "}, reviewer="ana")
