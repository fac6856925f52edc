"""Groups added by hand next to the curated registry, and the loop from a possible new group to a stored claim."""

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app
from coalition_watch.errors import InputError
from coalition_watch.extract import api as extract_api
from coalition_watch.models import Actor
from coalition_watch.registry.knowledge_base import load_kb
from coalition_watch.store.kb_writer import write_kb

from .conftest import SMALL_KB

TEXT = "The Free Idlib Brigade fought alongside Ahrar al-Sham against the regime in 2016."


def test_a_possible_new_group_becomes_a_stored_claim_once_added(small_store, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(TEXT, encoding="utf-8")
    before = extract_api.extract_paths([note], store=small_store, save=True, workers=1)
    assert (before["stored"]["new"], before["stored"]["new_group_names"]) == (0, 1)
    # the possible new group is listed for review, once per document that names it
    assert [(r["name"], r["context"], r["count"]) for r in api.unresolved_names(small_store)] == [
        ("Free Idlib Brigade", "extract:new-group", 1)]
    assert [(r["source"], r["target"]) for r in before["documents"][0]["new_group_relations"]] == [
        ("new:free-idlib-brigade", "ahrar-al-sham")]
    added = api.add_actor(small_store, "Free Idlib Brigade", reviewer="analyst", aliases=["FIB"],
                          countries=["Syria"], source="https://example.org/report", note="seen in note.txt")
    assert (added["id"], added["operates_in"], added["curation"]) == ("free-idlib-brigade", ["SYR"], "added")
    assert added["note"].startswith("Added by analyst on ") and added["note"].endswith("seen in note.txt")
    assert api.resolve_names(["FIB"], store=small_store)[0].actor_id == "free-idlib-brigade"
    after = extract_api.extract_paths([note], store=small_store, save=True, workers=1)
    assert after["stored"]["new"] == 1 and after["documents"][0]["new_group_relations"] == []
    assert api.unresolved_names(small_store)[0]["count"] == 1  # a document stored again is not counted again
    small_store.con.execute("INSERT INTO unresolved_names (name, context, count) VALUES ('Jaish X', 'ucdp-ged:side_b', 9)")
    assert [r["name"] for r in api.unresolved_names(small_store)] == ["Jaish X", "Free Idlib Brigade"]
    assert [r["name"] for r in api.unresolved_names(small_store, context="extract")] == ["Free Idlib Brigade"]
    claim = extract_api.review_list(small_store)[0]
    assert (claim["source_id"], claim["target_id"], claim["type"], claim["valid_from"]) == (
        "free-idlib-brigade", "ahrar-al-sham", "alliance", "2016")


def test_names_the_registry_answers_are_refused(small_store):
    with pytest.raises(InputError, match="already in the registry as hts") as err:
        api.add_actor(small_store, "Hay'at Tahrir al-Sham", reviewer="analyst")
    assert err.value.field == "name"  # the Python API's parameter; the command line words it NAME
    with pytest.raises(InputError, match="already in the registry as ttp") as err:
        api.add_actor(small_store, "Free Idlib Brigade", reviewer="analyst", aliases=["TTP"])
    assert err.value.field == "aliases"
    for kwargs, field in (({"kind": "gang"}, "kind"), ({"countries": ["Atlantis"]}, "countries"),
                          ({"reviewer": ""}, "reviewer")):
        with pytest.raises(InputError) as err:
            api.add_actor(small_store, "Free Idlib Brigade", **{"reviewer": "analyst", **kwargs})
        assert err.value.field == field and "--" not in str(err.value)
    api.add_actor(small_store, "Free Idlib Brigade", reviewer="analyst")
    with pytest.raises(InputError, match="already in the registry"):
        api.add_actor(small_store, "Free Idlib Brigade", reviewer="analyst")
    # a name that only resembles one is added, with the resemblance reported
    similar = api.add_actor(small_store, "Free Idlib Brigades", reviewer="analyst")
    assert similar["similar"][0]["actor_id"] == "free-idlib-brigade"
    with pytest.raises(InputError, match="exists") as err:
        api.add_actor(small_store, "Liwa Shuhada Idlib", reviewer="analyst", actor_id="free-idlib-brigade")
    assert err.value.field == "actor_id" and "--id" not in str(err.value)
    assert len(small_store.query("SELECT id FROM actors WHERE curation = 'added'")) == 2


def test_loading_the_knowledge_base_keeps_added_groups_and_folds_covered_ones(small_store):
    api.add_actor(small_store, "Free Idlib Brigade", reviewer="analyst", aliases=["FIB"])
    small_store.con.execute(
        "INSERT INTO relations (id, source_id, target_id, type, sign, directed, confidence, status, provenance) "
        "VALUES ('r1', 'free-idlib-brigade', 'hts', 'rivalry', -1, false, 0.5, 'accepted', 'test')")
    kb = load_kb(SMALL_KB)
    write_kb(small_store, kb)
    assert api.resolve_names(["FIB"], store=small_store)[0].actor_id == "free-idlib-brigade"
    covered = dataclasses.replace(kb, actors={**kb.actors, "liwa-idlib-al-hurra": Actor(
        id="liwa-idlib-al-hurra", name="Liwa Idlib al-Hurra", aliases=["Free Idlib Brigade"])})
    write_kb(small_store, covered)
    assert api.resolve_names(["Free Idlib Brigade"], store=small_store)[0].actor_id == "liwa-idlib-al-hurra"
    assert not small_store.query("SELECT 1 FROM actors WHERE id = 'free-idlib-brigade'")
    assert small_store.query("SELECT source_id FROM relations WHERE id = 'r1'")[0]["source_id"] == "liwa-idlib-al-hurra"


def test_cli_add(small_store):
    db = small_store.path
    small_store.close()
    runner = CliRunner()
    out = runner.invoke(app, ["actors", "add", "Free Idlib Brigade", "--alias", "FIB", "--country", "SYR",
                              "--reviewer", "analyst", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "added free-idlib-brigade: Free Idlib Brigade (also FIB), armed_group, in SYR" in out.output
    shown = json.loads(runner.invoke(app, ["actors", "add", "Free Idlib Brigades", "--json", "--reviewer", "a",
                                           "--db", str(db)]).output)
    assert shown["similar"][0]["actor_id"] == "free-idlib-brigade"
    full = json.loads(runner.invoke(app, [
        "actors", "add", "Nyatura Brigade", "--kind", "militia", "--ideology", "ethnic", "--country", "COD",
        "--source", "https://example.org/kivu", "--note", "seen in a UN report", "--id", "nyatura-kivu",
        "--reviewer", "a", "--json", "--db", str(db)]).output)
    assert (full["id"], full["kind"], full["ideology"], full["operates_in"], full["sources"]) == (
        "nyatura-kivu", "militia", ["ethnic"], ["COD"], ["https://example.org/kivu"])
    assert full["note"].startswith("Added by a on ") and full["note"].endswith("seen in a UN report")
    refused = runner.invoke(app, ["actors", "add", "Hay'at Tahrir al-Sham", "--reviewer", "a", "--db", str(db)])
    assert isinstance(refused.exception, InputError) and refused.exception.field == "NAME"  # main() prints it, exit 2
    # an ideology outside the vocabulary would enter the heterogeneity measures unnoticed
    refused = runner.invoke(app, ["actors", "add", "Test Group", "--ideology", "flat-earther", "--reviewer", "a",
                                  "--db", str(db)])
    assert isinstance(refused.exception, InputError) and refused.exception.field == "--ideology"
    assert "jihadist" in str(refused.exception)


def test_cli_add_names_its_options_in_errors(small_store, capsys, monkeypatch):
    """The library names the parameter at fault (``reviewer``, ``actor_id``); ``cwatch actors add``
    prints the option that gives it."""
    from coalition_watch.cli import main

    db = small_store.path
    small_store.close()

    def run(*argv):
        monkeypatch.setattr("sys.argv", ["cwatch", "actors", "add", *argv, "--db", db])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out = capsys.readouterr()
        return exit_info.value.code, out.out, out.err

    assert run("Free Idlib Brigade", "--reviewer", "a")[0] == 0
    code, _, err = run("Liwa Shuhada Idlib", "--id", "free-idlib-brigade", "--reviewer", "a")
    assert code == 2 and err.strip() == "error: field '--id': an actor with id 'free-idlib-brigade' exists; choose another id"
    code, _, err = run("Idlib Hills Front", "--alias", "TTP", "--reviewer", "a")
    assert code == 2 and err.startswith("error: field '--alias': 'TTP' is already in the registry as ttp")
    code, _, err = run("Idlib Hills Front", "--country", "Atlantis", "--reviewer", "a")
    assert code == 2 and err.startswith("error: field '--country': unknown country 'Atlantis'")
    # no --reviewer and no login name to default to
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.setattr("coalition_watch.cli.common.getpass.getuser", lambda: "")
    code, _, err = run("Idlib Hills Front")
    assert code == 2 and err.strip() == "error: field '--reviewer': a reviewer name is needed"


def test_sources_an_analyst_gives_are_shown(small_store, tmp_path, monkeypatch):
    """'actors add --source' was saved but shown nowhere (user audit): show, show --json, the
    group page and briefings now give it, as a link when it is an http(s) URL."""
    from fastapi.testclient import TestClient

    from coalition_watch.cli.common import console
    from coalition_watch.outputs.web import create_app

    db = small_store.path
    small_store.close()
    runner = CliRunner()
    url, citation = "https://example.org/idlib/free-brigade", "Interview with a commander, Idlib, March 2016"
    for name, source in (("Free Idlib Brigade", url), ("Idlib Hills Front", citation)):
        added = runner.invoke(app, ["actors", "add", name, "--country", "SYR", "--source", source,
                                    "--reviewer", "ana", "--db", db])
        assert added.exit_code == 0, added.output
    shown = json.loads(runner.invoke(app, ["actors", "show", "free-idlib-brigade", "--json", "--db", db]).stdout)
    assert shown["sources"] == [url]  # kept as it was
    assert shown["source_details"] == [{"id": url, "kind": "analyst", "title": url, "publisher": None,
                                        "date": None, "url": url}]
    other = json.loads(runner.invoke(app, ["actors", "show", "idlib-hills-front", "--json", "--db", db]).stdout)
    assert [(d["kind"], d["title"], d["url"]) for d in other["source_details"]] == [("analyst", citation, None)]
    monkeypatch.setattr(console, "_width", 250)
    text = runner.invoke(app, ["actors", "show", "free-idlib-brigade", "--db", db]).stdout
    assert f"sources: {url} (given by an analyst)" in text

    brief = json.loads(runner.invoke(app, ["brief", "SYR", "--as-of", "2017-01", "--json", "--skip", "risk",
                                           "--skip", "network", "--db", db]).stdout)
    members = {m["id"]: m for m in brief["sections"]["members"]["data"]}
    assert [s["url"] for s in members["free-idlib-brigade"]["sources"]] == [url]
    assert [s["title"] for s in members["idlib-hills-front"]["sources"]] == [citation]
    listed = {s["id"]: s for s in brief["sections"]["sources"]["data"]}
    assert listed[url]["kind"] == listed[citation]["kind"] == "analyst"
    out = tmp_path / "syr.html"
    written = runner.invoke(app, ["brief", "SYR", "--as-of", "2017-01", "--skip", "risk", "--skip", "network",
                                  "--out", str(out), "--db", db])
    assert written.exit_code == 0, written.output
    html = out.read_text(encoding="utf-8")
    entry = html[html.index(f'id="src-{url}"'):]
    assert entry[:entry.index("</li>")].startswith(f'id="src-{url}"><a href="{url}"')
    assert 'id="src-Interview_with_a_commander,_Idlib,_March_2016">' in html

    store = api.open_store(db)
    try:
        client = TestClient(create_app(store, use=()))
        page = client.get("/groups/free-idlib-brigade").text
        plain = client.get("/groups/idlib-hills-front").text
    finally:
        store.close()
    sources = page[page.index("<h2>Sources</h2>"):]
    assert f'<a href="{url}" rel="noopener noreferrer" target="_blank">{url}</a>' in sources
    assert citation in plain[plain.index("<h2>Sources</h2>"):]
