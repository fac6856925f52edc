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


def test_review_list_says_when_the_limit_leaves_relations_out(stored):
    import json

    from typer.testing import CliRunner

    from coalition_watch.cli import app

    store, _, _ = stored
    db = ["--db", str(store.path)]
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["review", "list", "--limit", "1", *db], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "1 extracted-pending relations: the first 1, more are left out (--limit N)" in result.output
    assert "left out" not in runner.invoke(app, ["review", "list", "--limit", "2", *db], env={"COLUMNS": "120"}).output
    assert len(json.loads(runner.invoke(app, ["review", "list", "--limit", "1", "--json", *db]).stdout)) == 1


# --- polarity: a denied or hypothetical claim never becomes a tie in the network

DENIAL = ("Kabul, March 2019. The Taliban did not join the latest ISIS offensive against government positions, "
          "a spokesman said.")


def _network_relation_ids(store):
    from coalition_watch.network.load import network_from_store

    return set(network_from_store(store, with_events=False).edges["relation_id"])


def _only_claim(store, tmp_path, text, name="note1.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    extract_api.extract_paths([path], store=store, save=True, workers=1)
    rows = extract_api.review_list(store)
    assert len(rows) == 1
    return rows[0]


def test_denied_claim_cannot_be_accepted_into_the_network(small_store, tmp_path):
    claim = _only_claim(small_store, tmp_path, DENIAL)
    assert (claim["source_id"], claim["target_id"], claim["polarity"]) == ("taliban", "isis", "denied")
    with pytest.raises(InputError, match="denied claim.*cannot be accepted.*--polarity asserted"):
        extract_api.review_accept(small_store, claim["id"], reviewer="ana")
    assert small_store.query("SELECT status FROM relations WHERE id = ?", [claim["id"]])[0]["status"] == \
        "extracted-pending"
    assert extract_api.review.audit_trail(small_store, claim["id"]) == []
    assert claim["id"] not in _network_relation_ids(small_store)
    # rejecting records the reviewed denial; it stays out of the network
    extract_api.review_reject(small_store, claim["id"], reviewer="ana", note="denial read correctly")
    assert claim["id"] not in _network_relation_ids(small_store)


def test_misread_polarity_is_edited_then_accepted(small_store, tmp_path):
    claim = _only_claim(small_store, tmp_path, "The Taliban may provide weapons to the TTP next year.")
    assert claim["polarity"] == "hypothetical"
    with pytest.raises(InputError, match="hypothetical claim"):
        extract_api.review_accept(small_store, claim["id"], reviewer="ana")
    with pytest.raises(InputError, match="unknown polarity"):
        extract_api.review_edit(small_store, claim["id"], reviewer="ana", polarity="maybe")
    extract_api.review_edit(small_store, claim["id"], reviewer="ana", polarity="asserted", note="a plan announced")
    assert extract_api.review_list(small_store)[0]["polarity"] == "asserted"
    extract_api.review_accept(small_store, claim["id"], reviewer="ana")
    assert claim["id"] in _network_relation_ids(small_store)
    # an accepted claim cannot be turned into a denial that stays in the network
    with pytest.raises(InputError, match="reject it"):
        extract_api.review_edit(small_store, claim["id"], reviewer="ana", polarity="denied")


def test_cli_refuses_to_accept_a_denied_claim(small_store, tmp_path):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    claim = _only_claim(small_store, tmp_path, DENIAL)
    result = CliRunner().invoke(app, ["review", "accept", claim["id"], "--reviewer", "ana", "--db", small_store.path])
    assert result.exit_code != 0 and "denied claim" in str(result.exception)
    assert claim["id"] not in _network_relation_ids(small_store)


def test_cli_edits_the_polarity_of_a_misread_claim_then_accepts_it(small_store, tmp_path):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    claim = _only_claim(small_store, tmp_path, DENIAL)
    db = ["--reviewer", "ana", "--db", small_store.path]
    wrong = CliRunner().invoke(app, ["review", "edit", claim["id"], "--polarity", "maybe", *db])
    assert wrong.exit_code != 0 and "polarity" in str(wrong.exception)
    edited = CliRunner().invoke(app, ["review", "edit", claim["id"], "--polarity", "asserted", *db])
    assert edited.exit_code == 0, edited.output
    accepted = CliRunner().invoke(app, ["review", "accept", claim["id"], *db])
    assert accepted.exit_code == 0, accepted.output
    assert claim["id"] in _network_relation_ids(small_store)


def test_migration_finds_documents_stored_before_by_the_hash_of_their_text(tmp_path, monkeypatch):
    from coalition_watch import api
    from coalition_watch.extract.review import document_id_for
    from coalition_watch.store import database
    from coalition_watch.store.migrations import MIGRATIONS

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 5])
    old = api.init_store(path)
    with old.transaction() as con:
        con.execute("INSERT INTO documents (id, text) VALUES ('note1', ?)", [TEXT])
    old.close()
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    store = api.init_store(path)
    assert document_id_for(store.con, "copy-of-note1", TEXT) == ("note1", False)
    assert document_id_for(store.con, "note1", TEXT + " More.")[1] is True


def test_migration_sends_accepted_denied_claims_back_to_review(tmp_path, monkeypatch):
    """A store written before the fix, with a denied claim accepted as a positive tie."""
    from coalition_watch import api
    from coalition_watch.store import database
    from coalition_watch.store.migrations import MIGRATIONS
    from tests.conftest import SMALL_KB

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 4])
    old = api.init_store(path)
    api.load_kb(old, SMALL_KB)
    old.con.execute("ALTER TABLE documents ADD COLUMN text_sha1 VARCHAR")  # today's writer fills it (migration 6)
    for column in ("path VARCHAR", "line INTEGER", "publisher VARCHAR"):  # and these (migration 7)
        old.con.execute(f"ALTER TABLE documents ADD COLUMN {column}")
    doc = tmp_path / "note1.txt"
    doc.write_text(DENIAL + " " + TEXT, encoding="utf-8")
    extract_api.extract_paths([doc], store=old, save=True, workers=1)
    with old.transaction() as con:  # what 'review accept' did before the fix
        con.execute("UPDATE relations SET status = 'accepted' WHERE id LIKE 'x-%'")
    accepted = {r["id"]: r["polarity"] for r in extract_api.review_list(old, "accepted")}
    assert sorted(accepted.values()) == ["asserted", "asserted", "denied"]
    old.close()
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    store = api.open_store(path)
    denied = next(rid for rid, polarity in accepted.items() if polarity == "denied")
    assert {r["id"] for r in extract_api.review_list(store)} == {denied}
    assert {r["id"] for r in extract_api.review_list(store, "accepted")} == set(accepted) - {denied}
    assert denied not in _network_relation_ids(store)
    trail = extract_api.review.audit_trail(store, denied)
    assert [(a["old_status"], a["new_status"]) for a in trail] == [("accepted", "extracted-pending")]
    store.close()


# --- relations proposed without a claim (the UCDP actor list's links) are reviewable

@pytest.fixture()
def ucdp_links(small_store, shared):
    from coalition_watch import api
    from coalition_watch.ingest import api as ingest

    ingest.ingest(small_store, "ucdp-actors", [shared / "data/ucdp/actor_list_v22_1.csv"])
    api.import_external_actors(small_store)
    return small_store


def test_relations_proposed_without_claim_are_listed_and_reviewed(ucdp_links):
    store = ucdp_links
    pending = store.query("SELECT id FROM relations WHERE status = 'extracted-pending'")
    listed = extract_api.review_list(store, None, limit=10_000)
    assert {r["id"] for r in listed} == {r["id"] for r in pending} and len(listed) > 100
    link = next(r for r in listed if r["id"].startswith("ucdp-actors:alliance:"))
    UCDP_LINK = link["id"]
    assert link["document_id"] is None and link["polarity"] == "asserted"
    assert link["sources"] == ["ucdp-actor-list-22.1"] and link["evidence"].startswith("UCDP actor list:")
    extract_api.review_edit(store, UCDP_LINK, reviewer="ana", valid_from="2013")
    assert extract_api.review_accept(store, UCDP_LINK, reviewer="ana")["changed"]
    assert UCDP_LINK in _network_relation_ids(store)
    extract_api.review_reject(store, UCDP_LINK, reviewer="ben")
    assert UCDP_LINK not in _network_relation_ids(store)
    with pytest.raises(InputError, match="without an extracted claim"):
        extract_api.review_edit(store, UCDP_LINK, reviewer="ana", polarity="denied")
    curated = store.query("SELECT id FROM relations WHERE status = 'curated' LIMIT 1")[0]["id"]
    with pytest.raises(InputError, match="curated relation"):
        extract_api.review_reject(store, curated, reviewer="ana")


def test_cli_lists_and_accepts_a_proposed_link(ucdp_links, monkeypatch):
    import json

    from typer.testing import CliRunner

    from coalition_watch.cli import app
    from coalition_watch.cli.common import console

    runner, db = CliRunner(), ["--db", str(ucdp_links.path)]
    listed = json.loads(runner.invoke(app, ["review", "list", "--status", "all", "--json", "--limit", "1000", *db]).stdout)
    UCDP_LINK = next(r["id"] for r in listed if r["id"].startswith("ucdp-actors:alliance:"))
    monkeypatch.setattr(console, "width", 250)  # a wide terminal: no cell is cut
    table = runner.invoke(app, ["review", "list", "--status", "all", "--limit", "1000", *db])
    assert "ucdp-actor-list-22.1" in table.stdout and UCDP_LINK in table.stdout
    result = runner.invoke(app, ["review", "accept", UCDP_LINK, "--reviewer", "ana", *db])
    assert result.exit_code == 0, result.output
    assert "accepted" in result.stdout


# --- documents and claims are identified by content, not by file name

OTHER_REPORT = "Ahrar al-Sham fought against ISIS near Aleppo in 2015. The TTP allied with the Taliban in 2014."


def test_documents_sharing_a_file_name_do_not_collide(small_store, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "note1.txt", tmp_path / "b" / "note1.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(OTHER_REPORT, encoding="utf-8")
    one = extract_api.extract_paths([first], store=small_store, save=True, workers=1)
    two = extract_api.extract_paths([second], store=small_store, save=True, workers=1)
    assert two["stored"]["new"] == len(two["documents"][0]["relations"]) >= 2
    assert two["stored"]["already_proposed"] == 0
    stored = {r["id"]: r["text"] for r in small_store.query("SELECT id, text FROM documents")}
    assert stored[one["documents"][0]["document_id"]] == TEXT  # not overwritten
    assert stored[two["documents"][0]["document_id"]] == OTHER_REPORT
    assert one["documents"][0]["document_id"] == "note1" != two["documents"][0]["document_id"]
    # the first report read again is the same document: same ids, nothing new
    again = extract_api.extract_paths([first], store=small_store, save=True, workers=1)
    assert again["stored"]["new"] == 0 and again["documents"][0]["document_id"] == "note1"
    assert [r["relation_id"] for r in again["documents"][0]["relations"]] == \
        [r["relation_id"] for r in one["documents"][0]["relations"]]
    assert small_store.count("documents") == 2


def test_claim_ids_of_an_existing_store_stay_valid(small_store, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    stored = {r["id"] for r in extract_api.review_list(small_store)}
    ids = {"x-" + extract_api.review.claim_id("note", r["start_offset"], r["end_offset"], r["source_id"],
                                              r["target_id"], r["type"])
           for r in small_store.query("SELECT * FROM claims")}
    assert stored == ids  # the documented id scheme, document id = the file's name
    again = extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    assert {r["relation_id"] for r in again["documents"][0]["relations"]} == stored


def test_rejected_claim_is_not_reproposed_from_a_differently_named_copy(small_store, tmp_path):
    path = tmp_path / "note2.txt"
    path.write_text(TEXT, encoding="utf-8")
    extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    rejected = next(r for r in extract_api.review_list(small_store) if r["type"] == "rivalry")
    extract_api.review_reject(small_store, rejected["id"], reviewer="ben")
    copy = tmp_path / "note2b.html"
    first, second = TEXT.split(". ", 1)
    copy.write_text(f"<html><head><title>Kunar clashes</title></head><body><article><h1>Kunar clashes</h1>"
                    f"<p>{first}.</p>\n<p>{second}</p><p>Reported by a correspondent in the east.</p>"
                    "</article></body></html>", encoding="utf-8")
    again = extract_api.extract_paths([copy], store=small_store, save=True, workers=1)
    assert again["documents"][0]["document_id"] == "note2b"  # another text: stored as its own document
    assert again["stored"]["previously_rejected"] == 1 and again["stored"]["new"] == 0
    assert len(small_store.query("SELECT 1 FROM relations WHERE type = 'rivalry' AND status <> 'curated'")) == 1


# --- dates and repeated decisions

def test_edit_refuses_an_end_before_the_start(stored):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    store, _, _ = stored
    support = next(r for r in extract_api.review_list(store) if r["type"] == "support")
    assert support["valid_from"] == "2021"
    with pytest.raises(InputError, match="valid_from, valid_to.*valid_to 2017 .* before valid_from 2018"):
        extract_api.review_edit(store, support["id"], reviewer="ana", valid_from="2018", valid_to="2017")
    with pytest.raises(InputError, match=r"valid_to 2020 \(given\) is before valid_from 2021 \(stored\)"):
        extract_api.review_edit(store, support["id"], reviewer="ana", valid_to="2020")
    result = CliRunner().invoke(app, ["review", "edit", support["id"], "--from", "2018", "--to", "2017",
                                      "--reviewer", "ana", "--db", store.path])
    assert result.exit_code != 0 and "edited" not in result.stdout
    assert "valid_from, valid_to" in str(result.exception)
    row = store.query("SELECT valid_from, valid_to FROM relations WHERE id = ?", [support["id"]])[0]
    assert (row["valid_from"], row["valid_to"]) == ("2021", None)
    assert extract_api.review.audit_trail(store, support["id"]) == []
    extract_api.review_edit(store, support["id"], reviewer="ana", valid_from="2021-03", valid_to="2021")


def test_repeated_decision_changes_nothing_and_reversal_says_so(stored):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    store, _, _ = stored
    rid = next(r for r in extract_api.review_list(store) if r["type"] == "support")["id"]
    runner, db = CliRunner(), ["--reviewer", "ana", "--db", store.path]
    outputs = [runner.invoke(app, ["review", action, rid, *db]).stdout.strip()
               for action in ("accept", "accept", "reject", "reject", "accept")]
    assert outputs == [f"{rid}: accepted", f"{rid}: already accepted; nothing changed",
                       f"{rid}: rejected (was accepted)", f"{rid}: already rejected; nothing changed",
                       f"{rid}: accepted (was rejected)"]
    trail = extract_api.review.audit_trail(store, rid)
    assert [(a["action"], a["old_status"], a["new_status"]) for a in trail] == [
        ("accept", "extracted-pending", "accepted"), ("reject", "accepted", "rejected"),
        ("accept", "rejected", "accepted")]
    again = extract_api.review_accept(store, rid, reviewer="ben")
    assert (again["changed"], again["previous_status"]) == (False, "accepted")


LONG = ("The Taliban provided weapons, money and shelter to the TTP in 2021 after long negotiations held in "
        "the mountains of Kunar province near the border with Pakistan. ISIS clashed with the Taliban in Kunar.")


def test_review_list_is_readable_at_80_columns(small_store, tmp_path):
    """Ids whole on one line, no squeezed columns, evidence cut at a word boundary with "…"."""
    import re

    from typer.testing import CliRunner

    from coalition_watch.cli import app

    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    claims = extract_api.review_list(small_store)
    result = CliRunner().invoke(app, ["review", "list", "--db", str(small_store.path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    for claim in claims:
        assert any(claim["id"] in line for line in lines)
        assert any(f"{claim['source_id']} {claim['type']} {claim['target_id']}" in line for line in lines)
    long_evidence = next(c["evidence"] for c in claims if len(c["evidence"]) > 100)
    cut = re.search(r"(\S+)…", result.stdout)
    assert cut and cut.group(1) in long_evidence.split()


def test_review_list_of_mixed_statuses_fits_80_columns_with_its_right_border(small_store, tmp_path):
    """With a status column (statuses mixed) every row still ends in the table's border: no column
    is cropped, ids stay whole, and the status is a short word."""
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    empty = CliRunner().invoke(app, ["review", "list", "--db", str(small_store.path)])
    assert empty.exit_code == 0 and empty.stdout.strip() == "no relations with status extracted-pending"
    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    claims = extract_api.review_list(small_store)
    extract_api.review_accept(small_store, claims[0]["id"], reviewer="ana")
    result = CliRunner().invoke(app, ["review", "list", "--status", "all", "--db", str(small_store.path)],
                                env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 and line.endswith("│") for line in rows)
    assert any("│ accepted " in line for line in rows) and any("│ pending " in line for line in rows)
    for claim in claims:
        assert any(claim["id"] in line for line in rows)


def test_terminal_tables_print_square_brackets_of_the_text_as_written(small_store, tmp_path):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    path = tmp_path / "note.txt"
    path.write_text("The Taliban [tip] provided weapons to the TTP [bold] in 2021.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--workers", "1", "--db", str(small_store.path)])
    assert result.exit_code == 0, result.output
    # (the table wraps the evidence at the console's width, but never inside a short word)
    assert "[tip]" in result.output and "[bold]" in result.output
