"""A stored document keeps where it came from, and every view of an accepted claim shows it:
the file read (absolute path), a JSONL record's URL, title, date and publisher (user audit:
'doc:<id>' alone could not be traced)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app
from coalition_watch.extract import api as extract_api
from coalition_watch.store.actors import sources_by_id

NOTE = "The Taliban provided weapons to the TTP in 2021."
RECORD = {"id": "idlib-0618", "text": "Hayat Tahrir al-Sham clashed with Ahrar al-Sham in Idlib in 2018.",
          "source_url": "https://news.example.org/2018/06/idlib-clashes", "title": "Clashes in Idlib",
          "published_at": "2018-06-18", "publisher": "Example Wire", "lang": "en"}
URL = RECORD["source_url"]


def _run(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture()
def accepted(small_store, tmp_path, monkeypatch):
    """A .txt file and a JSONL record extracted with --store (paths given relative to the working
    folder, as an analyst types them), both claims accepted through the CLI."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "kabul-note.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "inbox" / "wire.jsonl").write_text(
        json.dumps({"id": "filler", "text": "No group is named here."}) + "\n" + json.dumps(RECORD) + "\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    db = small_store.path
    small_store.close()
    runner = CliRunner()
    _run(runner, "extract", "inbox/kabul-note.txt", "inbox/wire.jsonl", "--store", "--workers", "1", "--db", db)
    pending = json.loads(_run(runner, "review", "list", "--json", "--db", db))
    ids = {(r["source_id"], r["target_id"]): r["id"] for r in pending}
    for pair in (("taliban", "ttp"), ("hts", "ahrar-al-sham")):
        _run(runner, "review", "accept", ids[pair], "--reviewer", "ana", "--db", db)
    return runner, db, tmp_path, ids


def test_stored_documents_keep_their_file_and_record_metadata(accepted):
    runner, db, folder, _ = accepted
    store = api.open_store(db, read_only=True)
    rows = {r["id"]: r for r in store.query("SELECT id, url, title, date, publisher, path, line FROM documents")}
    store.close()
    assert rows["kabul-note"] == {"id": "kabul-note", "url": None, "title": None, "date": None, "publisher": None,
                                  "path": str(folder / "inbox" / "kabul-note.txt"), "line": None}
    assert rows["idlib-0618"] == {"id": "idlib-0618", "url": URL, "title": "Clashes in Idlib", "date": "2018-06-18",
                                  "publisher": "Example Wire", "path": str(folder / "inbox" / "wire.jsonl"), "line": 2}


def test_review_list_shows_the_document(accepted, monkeypatch):
    from coalition_watch.cli.common import console

    runner, db, folder, ids = accepted
    rows = json.loads(_run(runner, "review", "list", "--status", "accepted", "--json", "--db", db))
    by_id = {r["id"]: r for r in rows}
    record = by_id[ids[("hts", "ahrar-al-sham")]]
    assert record["sources"] == ["doc:idlib-0618"] and record["document_id"] == "idlib-0618"  # keys kept
    assert record["source_details"] == [{
        "id": "doc:idlib-0618", "kind": "document", "title": "Clashes in Idlib", "publisher": "Example Wire",
        "date": "2018-06-18", "url": URL, "document_id": "idlib-0618", "path": str(folder / "inbox" / "wire.jsonl"),
        "line": 2}]
    note = by_id[ids[("taliban", "ttp")]]["source_details"][0]
    assert (note["title"], note["path"], note["url"]) == ("kabul-note.txt", str(folder / "inbox" / "kabul-note.txt"),
                                                          None)
    monkeypatch.setattr(console, "_width", 250)  # one line a row
    table = _run(runner, "review", "list", "--status", "accepted", "--db", db)
    assert f"(document idlib-0618, Clashes in Idlib, 2018-06-18, {URL})" in table
    assert "(document kabul-note, kabul-note.txt)" in table


def test_briefing_csv_and_group_page_cite_the_document(accepted):
    runner, db, folder, ids = accepted
    brief = json.loads(_run(runner, "brief", "SYR", "--as-of", "2019-01", "--json", "--skip", "risk",
                            "--skip", "network", "--db", db))
    panel = brief["sections"]["graph"]["data"]["sources"]["doc:idlib-0618"]  # the evidence panel's catalogue
    assert (panel["kind"], panel["title"], panel["url"], panel["date"], panel["publisher"]) == (
        "document", "Clashes in Idlib", URL, "2018-06-18", "Example Wire")
    listed = {s["id"]: s for s in brief["sections"]["sources"]["data"]}
    assert listed["doc:idlib-0618"]["title"] == "Clashes in Idlib" and listed["doc:idlib-0618"]["url"] == URL

    afg = json.loads(_run(runner, "brief", "AFG", "--as-of", "2022-01", "--json", "--skip", "risk",
                          "--skip", "network", "--db", db))
    note = {s["id"]: s for s in afg["sections"]["sources"]["data"]}["doc:kabul-note"]
    assert (note["title"], note["path"]) == ("kabul-note.txt", str(folder / "inbox" / "kabul-note.txt"))

    out = folder / "syr.html"
    _run(runner, "brief", "SYR", "--as-of", "2019-01", "--skip", "risk", "--skip", "network", "--out", out, "--db", db)
    html = out.read_text(encoding="utf-8")
    entry = html[html.index('id="src-doc:idlib-0618"'):]
    entry = entry[:entry.index("</li>")]
    assert f'<a href="{URL}"' in entry and "Clashes in Idlib" in entry and "2018-06-18" in entry

    for country, relation, where in (("SYR", ids[("hts", "ahrar-al-sham")], URL),
                                     ("AFG", ids[("taliban", "ttp")], str(folder / "inbox" / "kabul-note.txt"))):
        path = folder / f"{country}.csv"
        _run(runner, "export", country, "--format", "relations-csv", "--as-of", "2022-01", "--out", path, "--db", db)
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
        assert rows[relation]["source_locations"] == where, country
    assert rows[ids[("taliban", "ttp")]]["source_titles"] == "kabul-note.txt"

    from fastapi.testclient import TestClient

    from coalition_watch.outputs.web import create_app

    store = api.open_store(db)
    try:
        page = TestClient(create_app(store, use=())).get("/groups/ahrar-al-sham").text
    finally:
        store.close()
    row = page[page.index("Hayat Tahrir al-Sham clashed with Ahrar al-Sham"):]
    assert f'<a href="{URL}"' in row[:row.index("</tr>")] and "Example Wire" in row[:row.index("</tr>")]


def test_same_text_again_keeps_its_first_file_and_gains_what_it_lacked(small_store, tmp_path):
    first = tmp_path / "copy.txt"
    first.write_text(RECORD["text"], encoding="utf-8")
    extract_api.extract_paths([first], store=small_store, save=True, workers=1)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({**RECORD, "id": "again"}) + "\n", encoding="utf-8")
    again = extract_api.extract_paths([feed], store=small_store, save=True, workers=1)
    assert again["documents"][0]["document_id"] == "copy"
    [row] = small_store.query("SELECT path, line, url, title, publisher FROM documents")
    assert row == {"path": str(first), "line": None, "url": URL, "title": "Clashes in Idlib",
                   "publisher": "Example Wire"}


def test_record_metadata_reads_the_usual_fields():
    from coalition_watch.extract.readers import record_metadata

    assert record_metadata({"link": " https://a.example/x ", "published": 2019, "source": "Wire", "title": ""}) == \
        {"url": "https://a.example/x", "title": None, "date": "2019", "publisher": "Wire"}
    assert record_metadata({"url": {"href": "x"}, "source_url": "https://b.example", "date": None,
                            "published_at": "2020-01-02", "publisher": "P", "source": ["not", "text"]}) == \
        {"url": "https://b.example", "title": None, "date": "2020-01-02", "publisher": "P"}


def test_a_store_from_before_migrates_and_its_documents_are_still_cited(tmp_path, monkeypatch):
    """A store at migration 6 with a stored document and an accepted claim citing it."""
    from coalition_watch.store import database
    from coalition_watch.store.migrations import MIGRATIONS
    from tests.conftest import SMALL_KB

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 6])
    old = api.init_store(path)
    api.load_kb(old, SMALL_KB)
    with old.transaction() as con:
        con.execute("INSERT INTO documents (id, title, text, text_sha1) VALUES ('old-note', NULL, ?, sha1(?))",
                    [NOTE, NOTE])
        con.execute("INSERT INTO relations (id, source_id, target_id, type, sign, directed, confidence, status, "
                    "provenance, sources) VALUES ('x-old', 'taliban', 'ttp', 'support', 1, true, 0.8, 'accepted', "
                    "'doc:old-note:0-48', ['doc:old-note'])")
    assert old.schema_version() == 6
    old.close()
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    store = api.open_store(path)
    assert store.schema_version() == MIGRATIONS[-1][0]
    assert store.query("SELECT path, line, publisher FROM documents") == [{"path": None, "line": None,
                                                                          "publisher": None}]
    detail = sources_by_id(store, {"doc:old-note"})["doc:old-note"]
    assert (detail["kind"], detail["title"], detail["path"], detail["url"]) == ("document", "old-note", None, None)
    # read again from a file: the document gains its path
    note = tmp_path / "old-note.txt"
    note.write_text(NOTE, encoding="utf-8")
    extract_api.extract_paths([note], store=store, save=True, workers=1)
    assert store.query("SELECT path FROM documents") == [{"path": str(note)}]
    store.close()
