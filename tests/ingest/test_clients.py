"""UCDP and ACLED API clients against local servers that replay pages (no live calls)."""

from __future__ import annotations

import csv
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from coalition_watch.ingest import api as ingest
from coalition_watch.sources.acled_api import ACLEDClient, download_acled

from .conftest import FIXTURES


class _Server:
    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _json(handler, status, body):
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture()
def ucdp_server(ucdp):
    with open(ucdp / "ged_candidate_2026_01.csv", encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    size, seen = 500, []
    pages = [records[i:i + size] for i in range(0, len(records), size)]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            seen.append(self.headers.get("x-ucdp-access-token"))
            page = int(parse_qs(urlsplit(self.path).query).get("page", ["0"])[0])
            nxt = f"{server.url}/api/gedevents/26.0.1?pagesize={size}&page={page + 1}" if page + 1 < len(pages) else ""
            _json(self, 200, {"TotalCount": len(records), "TotalPages": len(pages), "PreviousPageUrl": "",
                              "NextPageUrl": nxt, "Result": pages[page]})

    server = _Server(Handler)
    server.seen = seen
    yield server
    server.close()


def test_ucdp_api_pages_load_like_the_csv(store, ucdp_server, monkeypatch):
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", "test-token")
    url = f"{ucdp_server.url}/api/gedevents/26.0.1?pagesize=500&page=0"
    [s] = ingest.ingest(store, "ucdp-ged", [url], version="26.0.1")
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (1727, 1727, 0)
    assert ucdp_server.seen == ["test-token"] * 4


@pytest.fixture()
def acled_server():
    with open(FIXTURES / "acled_export_sample.csv", encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))[:4]
    state = {"tokens": [], "grants": []}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode())
            state["grants"].append(form["grant_type"][0])
            assert form["client_id"] == ["acled"]
            if form["grant_type"] == ["password"] and form.get("password") != ["secret"]:
                return _json(self, 400, {"error": "invalid_grant"})
            token = f"token-{len(state['grants'])}"
            state["tokens"].append(token)
            _json(self, 200, {"access_token": token, "refresh_token": "refresh-1", "expires_in": 86400,
                              "token_type": "Bearer"})

        def do_GET(self):
            auth = self.headers.get("Authorization", "")
            if auth != f"Bearer {state['tokens'][-1]}" or len(state["grants"]) == 1:
                return _json(self, 401, {"message": "token expired"})   # first token: force a refresh
            query = parse_qs(urlsplit(self.path).query)
            limit, page = int(query["limit"][0]), int(query["page"][0])
            _json(self, 200, {"status": 200, "success": True,
                              "data": records[(page - 1) * limit: page * limit]})

    server = _Server(Handler)
    server.state = state
    yield server
    server.close()


def test_acled_oauth_password_then_refresh(store, acled_server, tmp_path):
    client = ACLEDClient("analyst@example.org", "secret", base=acled_server.url)
    target = tmp_path / "acled.csv"
    count = download_acled(f"{acled_server.url}/api/acled/read?country=Syria", target, client=client, limit=3)
    assert count == 4
    assert acled_server.state["grants"] == ["password", "refresh_token"]
    [s] = ingest.ingest(store, "acled", [target])
    assert (s.rows_read, s.rows_stored) == (4, 4)


def _refused_url(path: str) -> str:
    """An address on localhost where nothing listens (the port was free a moment ago)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


@pytest.mark.parametrize("dataset, path", [
    ("ucdp-ged", "/api/gedevents/25.1?pagesize=1"),
    ("acled", "/api/acled/read?country=Syria"),
])
def test_api_connection_refused_is_one_clean_error(store, monkeypatch, dataset, path):
    from coalition_watch.errors import InputError

    monkeypatch.setenv("ACLED_USERNAME", "analyst@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", "secret")
    url, loads = _refused_url(path), store.count("ingests")
    with pytest.raises(InputError) as err:
        ingest.ingest(store, dataset, [url])
    message = str(err.value)
    assert "download failed" in message and "refused" in message.lower() and "\n" not in message
    assert store.count("ingests") == loads and store.count("events") == 0
