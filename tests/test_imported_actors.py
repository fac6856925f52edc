"""Armed groups imported from the UCDP actor list next to the curated registry."""

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app, main
from coalition_watch.errors import InputError
from coalition_watch.extract.api import extractor_for
from coalition_watch.ingest import api as ingest
from coalition_watch.models import Actor
from coalition_watch.registry.knowledge_base import load_kb
from coalition_watch.store.kb_writer import write_kb

from .conftest import SMALL_KB


@pytest.fixture()
def imported(small_store, shared):
    ingest.ingest(small_store, "ucdp-actors", [shared / "data/ucdp/actor_list_v22_1.csv"])
    summary = api.import_external_actors(small_store)
    return small_store, summary


def test_groups_the_registry_lacks_are_imported_and_resolve(imported):
    store, summary = imported
    assert summary["imported"] > 400 and summary["not_armed_groups"] > 100
    match = api.resolve_names(["Palestinian Islamic Jihad"], store=store)[0]
    assert (match.actor_id, match.method) == ("ucdp-208", "exact")
    assert api.resolve_names(["PIJ"], store=store)[0].actor_id == "ucdp-208"
    row = store.query("SELECT curation, origin, sources FROM actors WHERE id = 'ucdp-208'")[0]
    assert row["curation"] == "imported:ucdp-actors" and row["origin"] is not None
    assert row["sources"] == ["ucdp-actor-list-22.1"]
    # curated names keep their answer; governments and communal groups are not imported
    assert api.resolve_names(["Jabhat al-Nusra"], store=store)[0].actor_id == "jabhat-al-nusra"
    assert not store.query("SELECT 1 FROM actors WHERE name = 'Government of Canada'")
    # links of the list between imported groups become pending relations, with the list as source
    assert summary["relations_proposed"] > 0
    rels = store.query("SELECT * FROM relations WHERE provenance LIKE 'ucdp-actors:%' "
                       "AND (source_id LIKE 'ucdp-%' OR target_id LIKE 'ucdp-%')")
    assert len(rels) == summary["relations_proposed"]
    assert all(r["status"] == "extracted-pending" and r["sources"] == ["ucdp-actor-list-22.1"] for r in rels)
    # a second run adds nothing
    again = api.import_external_actors(store)
    assert (again["imported"], again["relations_proposed"]) == (0, 0)


def test_loading_the_knowledge_base_keeps_imported_groups_and_folds_covered_ones(imported):
    store, _ = imported
    store.con.execute(
        "INSERT INTO relations (id, source_id, target_id, type, sign, directed, confidence, status, provenance) "
        "VALUES ('r1', 'ucdp-208', 'ucdp-209', 'alliance', 1, false, 0.5, 'extracted-pending', 'test')")
    kb = load_kb(SMALL_KB)
    write_kb(store, kb)  # reload: the imported groups stay
    assert api.resolve_names(["Palestinian Islamic Jihad"], store=store)[0].actor_id == "ucdp-208"
    covered = dataclasses.replace(kb, actors={**kb.actors, "pij": Actor(
        id="pij", name="Palestinian Islamic Jihad", aliases=["Harakat al-Jihad al-Islami fi Filastin"])})
    write_kb(store, covered)  # the curated registry now has the group: the import folds into it
    assert api.resolve_names(["Palestinian Islamic Jihad", "PIJ"], store=store)[0].actor_id == "pij"
    assert not store.query("SELECT 1 FROM actors WHERE id = 'ucdp-208'")
    assert store.query("SELECT source_id, target_id FROM relations WHERE id = 'r1'")[0] == {
        "source_id": "pij", "target_id": "ucdp-209"}
    assert store.query("SELECT actor_id FROM external_actors WHERE external_id = '208'")[0]["actor_id"] == "pij"


def test_extraction_reads_imported_groups(imported):
    store, _ = imported
    result = extractor_for(store).extract(
        "d", "In Gaza, Hamas and Palestinian Islamic Jihad fought side by side in May 2021.")
    assert {m.actor_id for m in result.mentions} >= {"ucdp-208", "ucdp-209"}
    assert {(r.source, r.target, r.type) for r in result.relations} & {
        ("ucdp-208", "ucdp-209", "alliance"), ("ucdp-209", "ucdp-208", "alliance")}


def test_import_without_an_actor_list_says_what_to_load(small_store, tmp_path, monkeypatch, capsys):
    with pytest.raises(InputError, match="cwatch ingest ucdp-actors"):
        api.import_external_actors(small_store)
    api.open_default_store(tmp_path / "cli.duckdb").close()  # a store with the KB, no actor list
    monkeypatch.setenv("CWATCH_DB", str(tmp_path / "cli.duckdb"))
    monkeypatch.setattr("sys.argv", ["cwatch", "actors", "import", "ucdp-actors"])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.startswith("error: ") and "cwatch ingest ucdp-actors" in err


def test_cli_import_reports_counts(shared, tmp_path):
    db = tmp_path / "fresh.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "ucdp-actors", str(shared / "data/ucdp/actor_list_v22_1.csv"), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["actors", "import", "ucdp-actors", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["imported"] > 400
    again = runner.invoke(app, ["actors", "import", "--db", str(db)])  # the dataset defaults to ucdp-actors
    assert again.exit_code == 0 and "0 groups imported" in again.output and "0 links" in again.output
    store = api.open_default_store(db)
    imported_id = store.query("SELECT id FROM actors WHERE curation LIKE 'imported:%' ORDER BY id LIMIT 1")[0]["id"]
    store.close()
    shown = runner.invoke(app, ["actors", "show", imported_id, "--db", str(db)])
    assert shown.exit_code == 0 and "not curated" in shown.output
