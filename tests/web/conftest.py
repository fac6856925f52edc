"""Fixtures for the outputs tests: a small store with hostile text, a live server, a browser."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coalition_watch import api
from coalition_watch.dates import parse_partial_date
from coalition_watch.outputs.html import vendor_missing
from tests.conftest import SMALL_KB

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCRIPT_PAYLOAD = "<script>window.__pwned = 1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned = 2">'
JS_URL = "javascript:window.__pwned = 3"
PENDING_ID = "rel-pending-let-taliban"


def add_hostile_content(store) -> None:
    """An article, an alias, a note and a source carrying script and javascript: URLs, plus one
    pending extracted relation (with its claim and document) waiting for review."""
    with store.transaction() as con:
        con.execute("INSERT INTO aliases VALUES ('taliban', ?, 'img src x onerror', false)", [IMG_PAYLOAD])
        con.execute("INSERT INTO sources (id, title, publisher, date, url, origin) VALUES "
                    "('src-evil', ?, 'Hostile Wire', '2021-08-01', ?, 'test')", [SCRIPT_PAYLOAD, JS_URL])
        con.execute("UPDATE relations SET note = ? WHERE source_id = 'taliban' AND target_id = 'ttp'",
                    [f"Shared fighters {IMG_PAYLOAD}"])
        con.execute("UPDATE relations SET sources = list_append(sources, 'src-evil') "
                    "WHERE source_id = 'taliban' AND target_id = 'ttp'")
        con.execute("INSERT INTO documents (id, url, title, date, text) VALUES ('doc-evil', ?, ?, '2021-07-30', ?)",
                    [JS_URL, f"Report {SCRIPT_PAYLOAD}", f"Lashkar-e-Jhangvi fought with the Taliban. {SCRIPT_PAYLOAD}"])
        con.execute(
            "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_from_date, "
            "confidence, status, provenance, sources, evidence, note) VALUES (?, 'lashkar-e-jhangvi', 'taliban', "
            "'alliance', 1, false, '2021-07', ?, 0.6, 'extracted-pending', 'extract:doc-evil', [], ?, ?)",
            [PENDING_ID, dt.date(2021, 7, 1), f"Lashkar-e-Jhangvi fought with the Taliban {SCRIPT_PAYLOAD}", IMG_PAYLOAD])
        con.execute(
            "INSERT INTO claims (id, document_id, relation_id, source_id, target_id, type, polarity, confidence, "
            "evidence, start_offset, end_offset) VALUES ('claim-1', 'doc-evil', ?, 'lashkar-e-jhangvi', 'taliban', "
            "'alliance', 'asserted', 0.6, ?, 0, 45)", [PENDING_ID, f"fought with the Taliban {IMG_PAYLOAD}"])


def add_events(store) -> None:
    """A few AFG events in two provinces in the months before the fall of Kabul."""
    rows = [("e1", dt.date(2021, 6, 2), "Kandahar province", 31.61, 65.71, 12),
            ("e2", dt.date(2021, 7, 9), "Kandahar province", 31.50, 65.80, 30),
            ("e3", dt.date(2021, 8, 1), "Kabul province", 34.52, 69.18, 5),
            ("e4", dt.date(2019, 1, 1), "Kabul province", 34.52, 69.18, 99)]
    with store.transaction() as con:
        for eid, day, admin1, lat, lon, deaths in rows:
            con.execute("INSERT INTO events (id, dataset, source_row_id, date_start, date_end, country, admin1, lat, lon, "
                        "violence_type, side_a, side_b, side_a_names, side_b_names, unresolved, associated, deaths_best) VALUES "
                        "(?, 'ucdp-ged', ?, ?, ?, 'AFG', ?, ?, ?, 'state-based', ['afg-government'], ['taliban'], "
                        "['Government of Afghanistan'], ['Taleban'], [], [], ?)", [eid, eid, day, day, admin1, lat, lon, deaths])


@pytest.fixture()
def hostile_store(small_store):
    add_hostile_content(small_store)
    return small_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served_store(tmp_path_factory):
    store = api.init_store(tmp_path_factory.mktemp("web") / "served.duckdb")
    api.load_kb(store, SMALL_KB)
    add_hostile_content(store)
    add_events(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The web app on a free loopback port, in a thread, as ``cwatch serve`` runs it (a store
    file of the served store's content, attached per request); yields its base URL."""
    import uvicorn

    from coalition_watch.outputs.web import create_app
    path = tmp_path_factory.mktemp("live") / "live.duckdb"
    store = api.init_store(path)
    api.load_kb(store, SMALL_KB)
    add_hostile_content(store)
    add_events(store)
    store.close()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(api.open_session_store(path), use=("network",)), host="127.0.0.1",
                                           port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "web app did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class OfflineBrowser:
    """A Chromium page whose every non-local request is aborted and recorded."""

    def __init__(self, context) -> None:
        self.context = context
        self.blocked: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob") or parts.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def page(self):
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing — run 'make browser' (apt-get install chromium)")
    if vendor_missing():
        pytest.fail("browser libraries missing — run 'make vendor'")
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1300, "height": 900}, accept_downloads=True)
        context.set_default_timeout(15000)
        yield OfflineBrowser(context)
        context.close()


def kb_store_with_ged(folder, shared, filename: str):
    """A store as `cwatch init` and `cwatch ingest ucdp-ged FILENAME` leave it (a GED file of
    ``shared/data/ucdp``), in ``folder``; the caller closes it."""
    from coalition_watch.ingest.api import ingest
    store = api.init_store(folder / "s.duckdb")
    api.load_kb(store)
    ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / filename])
    return store


def active_on(active_from: str | None, active_to: str | None, day: dt.date) -> bool:
    """An independent reading of coded activity for the briefing tests: whether an actor coded
    ``active_from``–``active_to`` (partial dates, either may be unknown) is active on ``day``: it started on or before the day (its coded period's first day) and did not
    end before it (its coded period's last day), as the resolver reads the same fields. Unknown or
    unreadable ends count as open."""
    try:
        if active_from and parse_partial_date(active_from).start() > day:
            return False
    except ValueError:
        pass
    try:
        if active_to and parse_partial_date(active_to).end() < day:
            return False
    except ValueError:
        pass
    return True
