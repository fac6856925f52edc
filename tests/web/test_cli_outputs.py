import json
import re

from typer.testing import CliRunner

from coalition_watch.cli import app
from tests.conftest import SMALL_KB  # noqa: F401  (the store below is loaded from it)

runner = CliRunner()


def test_brief_writes_one_self_contained_file(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    out = tmp_path / "afg.html"
    result = runner.invoke(app, ["brief", "AFG", "--as-of", "2021-08-15", "--db", db, "--out", str(out), "--skip", "risk"])
    assert result.exit_code == 0, result.output
    assert "Afghanistan" in result.output and "no event data loaded" in result.output
    html = out.read_text()
    assert out.stat().st_size < 5_000_000
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert "cytoscape" in html and 'id="briefing-data"' in html


def test_brief_json_and_errors(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["brief", "SYR", "--as-of", "2016-01-01", "--db", db, "--json", "--skip", "risk", "--skip", "network"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["country"] == "SYR" and set(data["sections"]) >= {"graph", "members", "risk", "map", "timeline"}
    bad = runner.invoke(app, ["brief", "Atlantis", "--db", db])
    assert bad.exit_code != 0


def test_export_formats(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    for fmt, name in (("gexf", "g.gexf"), ("relations-csv", "r.csv"), ("svg", "g.svg")):
        result = runner.invoke(app, ["export", "AFG", "--format", fmt, "--out", str(tmp_path / name), "--db", db])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 100


def test_serve_refuses_open_bind_without_token(small_store):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", db], env={"CWATCH_TOKEN": ""})
    assert result.exit_code != 0 and "token" in str(result.exception or result.output)


def test_serve_refuses_a_port_out_of_range(small_store):
    db = str(small_store.path)
    small_store.close()
    result = runner.invoke(app, ["serve", "--port", "99999", "--db", db])
    assert result.exit_code == 2 and "65535" in result.output and result.exception.__class__ is SystemExit


def test_unknown_part_to_skip_is_an_input_error(small_store):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["brief", "AFG", "--db", db, "--skip", "everything"])
    assert result.exit_code != 0 and "cannot skip" in str(result.exception)


def test_briefing_file_must_be_html(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    out = tmp_path / "afg.pdf"
    result = runner.invoke(app, ["brief", "AFG", "--db", db, "--out", str(out), "--skip", "risk"])
    assert result.exit_code != 0 and ".html" in str(result.exception) and "--out" in str(result.exception)
    assert not out.exists()
