"""The web review API on extracted claims and on relations proposed without one: it decides as
``cwatch review`` does (a denied claim is refused; a data set's proposed link can be accepted)."""

import pytest
from fastapi.testclient import TestClient

from coalition_watch import api
from coalition_watch.extract import api as extract_api
from coalition_watch.ingest import api as ingest
from coalition_watch.network.load import network_from_store
from coalition_watch.outputs.web import create_app

DENIAL = "Bamako, 2021. It is not true that the Taliban allied with ISIS, a regional analyst said."


@pytest.fixture()
def client(small_store):
    return TestClient(create_app(small_store, use=()))


def _post(client, relation_id, **body):
    return client.post(f"/api/review/{relation_id}", json={"reviewer": "ana", **body},
                       headers={"X-CSRF-Token": client.app.state.csrf})


def _in_network(store, relation_id):
    return relation_id in set(network_from_store(store, with_events=False).edges["relation_id"])


def test_web_refuses_to_accept_a_denied_claim_until_its_polarity_is_edited(client, small_store, tmp_path):
    path = tmp_path / "note1.txt"
    path.write_text(DENIAL, encoding="utf-8")
    relation = extract_api.extract_paths([path], store=small_store, save=True, workers=1)["documents"][0]["relations"][0]
    assert relation["polarity"] == "denied"
    refused = _post(client, relation["relation_id"], action="accept")
    assert refused.status_code == 400 and "denied claim" in refused.json()["detail"]
    assert not _in_network(small_store, relation["relation_id"])
    assert "<select name=\"polarity\">" in client.get("/review").text
    bad_dates = _post(client, relation["relation_id"], action="edit", changes={"valid_from": "2021", "valid_to": "2019"})
    assert bad_dates.status_code == 400 and "valid_from, valid_to" in bad_dates.json()["detail"]
    assert _post(client, relation["relation_id"], action="edit", changes={"polarity": "asserted"}).status_code == 200
    assert _post(client, relation["relation_id"], action="accept").json()["status"] == "accepted"
    assert _in_network(small_store, relation["relation_id"])


def test_web_accepts_a_link_proposed_by_the_ucdp_actor_list(client, small_store, shared):
    ingest.ingest(small_store, "ucdp-actors", [shared / "data/ucdp/actor_list_v22_1.csv"])
    api.import_external_actors(small_store)
    queue = client.get("/api/review", params={"limit": 1000}).json()
    link = next(r for r in queue if r["id"].startswith("ucdp-actors:") and not r["claims"])
    assert "source ucdp-actor-list-22.1" in client.get("/review").text
    accepted = _post(client, link["id"], action="accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert _in_network(small_store, link["id"])
