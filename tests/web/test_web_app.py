import pytest
from fastapi.testclient import TestClient

from coalition_watch.outputs.web import UnsafeBindError, check_bind, create_app
from tests.web.conftest import IMG_PAYLOAD, JS_URL, PENDING_ID, SCRIPT_PAYLOAD

PAGES = ["/", "/search?q=taliban", "/groups/taliban", "/countries/AFG?as_of=2021-08-15", "/coalitions/afg-2021",
         "/risk", "/review"]


@pytest.fixture()
def client(hostile_store):
    return TestClient(create_app(hostile_store, use=()))


def test_every_page_renders_and_escapes_hostile_text(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.text
        assert SCRIPT_PAYLOAD not in body and IMG_PAYLOAD not in body, path
        assert f'href="{JS_URL}' not in body and "href=\"javascript:" not in body, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert 'src="http' not in body and "href=\"https://cdn" not in body, path
    assert "&lt;img src=x onerror" in client.get("/groups/taliban").text


def test_missing_parts_explain_what_to_run(client):
    assert "no event data loaded" in client.get("/countries/AFG?as_of=2021-08-15").text
    assert client.get("/countries/Atlantis").status_code == 404
    # a wrong parameter is no missing page, and the message names the web app's parameter
    wrong = client.get("/countries/SYR", params={"as_of": "garbage"})
    assert wrong.status_code == 400 and "Not found" not in wrong.text
    assert "as_of must be a date" in wrong.text and "--as-of" not in wrong.text
    assert client.get("/groups/nobody").status_code == 404


def test_writes_need_csrf_token_and_same_origin(client, hostile_store):
    body = {"action": "accept", "reviewer": "ana"}
    assert client.post(f"/api/review/{PENDING_ID}", json=body).status_code == 403
    assert client.post(f"/review/{PENDING_ID}/accept", data={"reviewer": "ana"}).status_code == 403
    csrf = client.app.state.csrf
    cross = client.post(f"/api/review/{PENDING_ID}", json=body,
                        headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert hostile_store.query("SELECT status FROM relations WHERE id = ?", [PENDING_ID])[0]["status"] == "extracted-pending"
    ok = client.post(f"/api/review/{PENDING_ID}", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    audit = client.get("/api/review/audit", params={"relation_id": PENDING_ID}).json()
    assert audit[0]["reviewer"] == "ana" and audit[0]["new_status"] == "accepted"
    graph = client.get("/api/graph", params={"country": "AFG", "as_of": "2021-08-15"}).json()
    assert PENDING_ID in {e["id"] for e in graph["edges"]}


def test_form_review_with_csrf_field(client, hostile_store):
    response = client.post(f"/review/{PENDING_ID}/reject", data={"reviewer": "ana", "csrf_token": client.app.state.csrf},
                           follow_redirects=False)
    assert response.status_code == 303
    assert hostile_store.query("SELECT status FROM relations WHERE id = ?", [PENDING_ID])[0]["status"] == "rejected"


def test_token_required_beyond_loopback(hostile_store):
    with pytest.raises(UnsafeBindError):
        check_bind("0.0.0.0", None)
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "s3cret")
    client = TestClient(create_app(hostile_store, token="s3cret", use=()))
    assert client.get("/api/cases").status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/cases", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = client.get("/?token=s3cret")
    assert first.status_code == 200 and "cwatch_token" in first.headers["set-cookie"]
    assert client.get("/review").status_code == 200  # the cookie now carries the token


def test_api_and_exports(client):
    assert client.get("/api/search", params={"q": "Pakistani Taliban"}).json()[0]["id"] == "ttp"
    briefing = client.get("/api/countries/AFG/briefing", params={"as_of": "2021-08-15"}).json()
    assert briefing["sections"]["map"]["status"] == "missing"
    assert client.get("/api/countries/AFG/briefing", params={"as_of": "nonsense"}).status_code == 422
    # a month, as the command line takes it, is the month's last day
    month = client.get("/api/countries/AFG/briefing", params={"as_of": "2021-08"})
    assert month.status_code == 200 and month.json()["as_of"].startswith("2021-08-31")
    assert client.get("/api/risk", params={"as_of": "2021-05"}).status_code == 200
    assert client.get("/api/graph", params={"country": "AFG", "as_of": "2021-08"}).status_code == 200
    wrong = client.get("/api/graph", params={"country": "AFG", "as_of": "2021-13"})
    assert wrong.status_code == 422 and "as_of" in wrong.json()["detail"] and "--as-of" not in wrong.json()["detail"]
    schema = client.get("/openapi.json").json()
    assert "/api/graph" in schema["paths"] and "/api/review/{relation_id}" in schema["paths"]
    graphml = client.get("/export/AFG/graph.graphml", params={"as_of": "2021-08-15"})
    assert graphml.status_code == 200 and b"<graphml" in graphml.content
    assert client.get("/export/AFG/relations.csv").text.startswith("id,source_id")
    assert client.get("/export/AFG/graph.exe").status_code == 400
