import pytest

from coalition_watch.errors import InputError
from coalition_watch.extract import api as extract_api

TEXT = "The Taliban provided weapons to the TTP in 2021. ISIS clashed with the Taliban in Kunar."


@pytest.fixture()
def stored(small_store, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    return small_store, path, result


def test_store_writes_pending_claims_with_provenance(stored):
    store, _, result = stored
    assert result["stored"]["new"] == 2
    rows = extract_api.review_list(store)
    assert {r["type"] for r in rows} == {"support", "rivalry"}
    support = next(r for r in rows if r["type"] == "support")
    assert support["status"] == "extracted-pending"
    assert support["provenance"] == "doc:note:0-48"
    assert support["evidence"] == TEXT[:48]
    assert support["valid_from"] == "2021"
    assert store.count("claims") == 2 and store.count("documents") == 1


def test_accept_reject_edit_with_audit(stored):
    store, path, _ = stored
    rows = {r["type"]: r for r in extract_api.review_list(store)}
    extract_api.review_accept(store, rows["support"]["id"], reviewer="ana")
    extract_api.review_reject(store, rows["rivalry"]["id"], reviewer="ben", note="wrong pair")
    assert extract_api.review_list(store) == []
    assert [r["id"] for r in extract_api.review_list(store, "accepted")] == [rows["support"]["id"]]
    edited = extract_api.review_edit(store, rows["support"]["id"], reviewer="ana", type="state_support",
                                     valid_from="2021-08", reverse=True)
    assert edited["type"] == "state_support" and edited["source_id"] == "ttp" and edited["valid_from"] == "2021-08"
    audit = store.query("SELECT relation_id, action, reviewer, old_status, new_status FROM review_audit ORDER BY reviewed_at")
    assert [(a["action"], a["reviewer"], a["new_status"]) for a in audit] == [
        ("accept", "ana", "accepted"), ("reject", "ben", "rejected"), ("edit", "ana", "accepted")]


def test_rejected_claim_is_never_reproposed(stored):
    store, path, _ = stored
    rejected = next(r for r in extract_api.review_list(store) if r["type"] == "rivalry")
    extract_api.review_reject(store, rejected["id"], reviewer="ben")
    again = extract_api.extract_paths([path], store=store, save=True, workers=1)
    assert again["stored"] == {"documents": 1, "new": 0, "already_proposed": 1, "previously_rejected": 1,
                               "new_group_names": 0}
    assert store.count("relations WHERE status = 'rejected'".split()[0]) >= 2
    assert len(store.query("SELECT * FROM relations WHERE status = 'rejected'")) == 1


def test_review_errors(stored):
    store, _, _ = stored
    with pytest.raises(InputError, match="no extracted claim"):
        extract_api.review_accept(store, "x-nope", reviewer="ana")
    some = extract_api.review_list(store)[0]["id"]
    with pytest.raises(InputError, match="unknown relation type"):
        extract_api.review_edit(store, some, reviewer="ana", type="friendship")
    with pytest.raises(InputError, match="nothing to change"):
        extract_api.review_edit(store, some, reviewer="ana")
    with pytest.raises(InputError, match="reviewer"):
        extract_api.review_accept(store, some, reviewer="")


def test_review_list_by_confidence_and_threshold(stored):
    store, _, _ = stored
    rows = extract_api.review_list(store, order="confidence")
    assert [r["confidence"] for r in rows] == sorted((r["confidence"] for r in rows), reverse=True)
    top = rows[0]["confidence"]
    assert [r["id"] for r in extract_api.review_list(store, min_confidence=top)] == \
        [r["id"] for r in rows if r["confidence"] >= top]
    assert extract_api.review_list(store, min_confidence=top + 0.01) == []
    with pytest.raises(InputError):
        extract_api.review_list(store, order="oldest")


def test_extract_leaves_out_claims_under_the_threshold(small_store, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    everything = extract_api.extract_paths([path], store=small_store, workers=1)["documents"][0]["relations"]
    cut = max(r["confidence"] for r in everything)
    kept = extract_api.extract_paths([path], store=small_store, save=True, workers=1,
                                     min_confidence=cut)
    assert [r["confidence"] for r in kept["documents"][0]["relations"]] == [r["confidence"] for r in everything
                                                                             if r["confidence"] >= cut]
    assert kept["stored"]["new"] == len(kept["documents"][0]["relations"]) < len(everything)


def test_cli_confidence_options(small_store, tmp_path):
    import json

    from typer.testing import CliRunner

    from coalition_watch.cli import app

    runner = CliRunner()
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    db = ["--db", str(small_store.path)]
    everything = json.loads(runner.invoke(app, ["extract", str(path), "--json", "--workers", "1", *db]).stdout)
    confidences = sorted(r["confidence"] for r in everything["documents"][0]["relations"])
    result = runner.invoke(app, ["extract", str(path), "--json", "--store", "--workers", "1",
                                 "--min-confidence", str(confidences[-1]), *db])
    assert result.exit_code == 0, result.output
    assert [r["confidence"] for r in json.loads(result.stdout)["documents"][0]["relations"]] == confidences[-1:]
    result = runner.invoke(app, ["review", "list", "--json", "--order", "confidence", "--min-confidence", "0", *db])
    assert result.exit_code == 0, result.output
    assert [r["confidence"] for r in json.loads(result.stdout)] == confidences[-1:]  # only the stored one
    result = runner.invoke(app, ["review", "list", "--order", "oldest", *db])
    assert result.exit_code != 0 and "unknown order 'oldest'" in str(result.exception)
    result = runner.invoke(app, ["extract", str(path), "--min-confidence", "1.5", *db])
    assert result.exit_code != 0 and "--min-confidence" in result.output
