"""The extraction API checks its arguments as the command line did: a subject it does not know,
an unknown review status, a bad limit or a missing gold file is an InputError naming it."""

from __future__ import annotations

import pytest

from coalition_watch import api
from coalition_watch.errors import InputError
from coalition_watch.extract import api as extract_api

TEXT = "The group was founded in 2011 in Idlib. It clashed with HTS in July 2017."


@pytest.fixture(scope="module")
def store():
    store = api.open_default_store(":memory:")
    yield store
    store.close()


def _relations(store, subject):
    doc = extract_api.extract_texts([("d", TEXT, subject)], store=store, workers=1)["documents"][0]
    return [(r["source"], r["type"], r["target"]) for r in doc["relations"]]


def test_extract_texts_resolves_a_subject_given_by_name(store):
    by_id = _relations(store, "ahrar-al-sham")
    assert by_id == [("ahrar-al-sham", "rivalry", "hts")]
    assert _relations(store, "Ahrar al-Sham") == by_id


def test_extract_texts_refuses_a_subject_it_does_not_know(store):
    with pytest.raises(InputError) as caught:
        _relations(store, "Free Idlib Brigade")
    assert caught.value.field == "items" and "'Free Idlib Brigade' matches no group" in caught.value.reason
    # pairs and a subject of None still extract without one
    assert extract_api.extract_texts([("d", TEXT), ("e", TEXT, None)], store=store, workers=1)["documents"]


def test_review_list_checks_status_and_limit(store):
    with pytest.raises(InputError) as caught:
        extract_api.review_list(store, status="pending")
    assert (caught.value.field, caught.value.reason) == (
        "status", "must be extracted-pending, accepted, rejected or all")
    with pytest.raises(InputError) as caught:
        extract_api.review_list(store, limit=-1)
    assert caught.value.field == "limit"
    assert extract_api.review_list(store, status="all") == extract_api.review_list(store, status=None)


@pytest.mark.parametrize("evaluate", [extract_api.evaluate_extraction, extract_api.evaluate_mmp])
def test_a_missing_gold_file_is_an_input_error(store, tmp_path, evaluate):
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(InputError) as caught:
        evaluate(missing, store=store)
    assert (caught.value.field, caught.value.reason) == ("path", f"file not found: {missing}")
