import json

import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app, main
from coalition_watch.errors import InputError

from .conftest import FIXTURES, SMALL_KB, console_script

runner = CliRunner()


def run(*args, db=None):
    argv = list(args)
    return runner.invoke(app, argv, env={"CWATCH_DB": str(db)} if db else None)


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("init", "kb", "actors", "cases", "eval"):
        assert command in result.output


def test_kb_validate_and_load_small(tmp_path):
    assert run("kb", "validate", "--kb", str(SMALL_KB)).exit_code == 0
    result = run("kb", "load", "--kb", str(SMALL_KB), "--json", db=tmp_path / "s.duckdb")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["actors"] == 12


def test_kb_validate_reports_file_line_field(tmp_path):
    result = run("kb", "validate", "--kb", str(FIXTURES / "kb_bad"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["valid"] is False
    assert {"file": "kb_bad/bad.yaml", "line": 16, "field": "sources",
            "message": "unknown source id 'nope'"} in data["problems"]


def _loaded(tmp_path):
    db = tmp_path / "s.duckdb"
    assert run("kb", "load", "--kb", str(SMALL_KB), db=db).exit_code == 0
    return db


def test_actors_resolve_json_contract(tmp_path):
    db = _loaded(tmp_path)
    result = run("actors", "resolve", "Hayat Tahrir as-Sham", "Jabhat al-Nusra", "nobody", "--date", "2018",
                 "--json", db=db)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [set(r) for r in rows] == [{"query", "actor_id", "name", "score", "method"}] * 3
    assert [r["actor_id"] for r in rows] == ["hts", "hts", None]
    unresolved = json.loads(run("actors", "unresolved", "--json", db=db).output)
    assert unresolved[0]["name"] == "nobody" and unresolved[0]["context"] == "cli"
    # the country may be a name; an unknown one is refused, not silently ignored
    named = json.loads(run("actors", "resolve", "Ansar al-Sharia", "--country", "Tunisia", "--json", db=db).output)
    assert named[0]["actor_id"] == "ansar-al-sharia-tunisia"
    refused = run("actors", "resolve", "Ansar al-Sharia", "--country", "XYZ", db=db)
    assert isinstance(refused.exception, InputError) and refused.exception.field == "--country"  # its option


def test_actors_search_and_show(tmp_path):
    db = _loaded(tmp_path)
    hits = json.loads(run("actors", "search", "Taliban", "--json", db=db).output)
    assert [h["id"] for h in hits][:2] == ["taliban", "ttp"]
    profile = json.loads(run("actors", "show", "hts", "--json", db=db).output)
    assert [l["from_id"] for l in profile["lineage"]["ancestors"]] == ["jabhat-fatah-al-sham", "jabhat-al-nusra"]
    assert profile["relations"][0]["type"] == "rivalry"
    assert profile["relations"][0]["source_details"][0]["publisher"] == "Uppsala Conflict Data Program"
    human = run("actors", "show", "ttp", db=db)
    assert human.exit_code == 0 and "Tehreek-e-Taliban Pakistan" in human.output


def test_cases_show(tmp_path):
    db = _loaded(tmp_path)
    profile = json.loads(run("cases", "show", "afg-2021", "--json", db=db).output)
    assert [m["id"] for m in profile["members"]] == ["taliban", "ttp", "al-qaeda"]
    assert {r["type"] for r in profile["relations"]} == {"alliance", "sanctuary"}


def test_bad_input_gives_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    db = _loaded(tmp_path)
    monkeypatch.setenv("CWATCH_DB", str(db))
    for argv in (["actors", "show", "no-such-id"], ["cases", "show", "zzz"],
                 ["kb", "load", "--kb", str(FIXTURES / "kb_bad")], ["ingest", "ucdp-ged", str(tmp_path)],
                 ["extract", str(tmp_path)]):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv])
        try:
            main()
        except SystemExit as exc:
            assert exc.code == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, err


def test_bad_date_options_give_one_line_naming_the_option(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CWATCH_DB", str(tmp_path / "never-created.duckdb"))
    for argv, option in ((["actors", "resolve", "Daesh", "--date", "2018-13"], "--date"),
                         (["coalitions", "AFG", "--as-of", "July 2021"], "--as-of"),
                         (["linchpins", "taliban", "--as-of", "2021-7-x"], "--as-of"),
                         (["sanctuary", "AFG", "--after", "yesterday"], "--after"),
                         (["contagion", "--since", "2021-02-30"], "--since"),
                         (["replication-risk", "--as-of", "24-12"], "--as-of")):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv])
        try:
            main()
        except SystemExit as exc:
            assert exc.code == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"error: field '{option}': ") and err.count("\n") == 1, err


def test_usage_errors_give_one_line_with_the_help_command(capsys, monkeypatch):
    for argv, words in ((["risk"], "Missing option '--as-of'"),
                        (["backtest", "--horizon", "six"], "'--horizon'"),
                        (["risk", "--as-of", "2021-05", "--tpo", "3"], "--top"),
                        (["no-such-command"], "No such command")):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err
        assert err.rstrip().endswith("--help')"), err
    monkeypatch.setattr("sys.argv", ["cwatch", "version"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip()


def test_bad_kb_load_writes_nothing(tmp_path):
    db = _loaded(tmp_path)
    run("kb", "load", "--kb", str(FIXTURES / "kb_bad"), db=db)
    hits = json.loads(run("actors", "search", "Group One", "--json", db=db).output)
    assert hits == []


def test_bad_kb_load_creates_no_store(tmp_path, capsys, monkeypatch):
    """A KB folder that does not validate is refused before any store file is created, so a later
    command on the path says there is no store instead of loading the embedded KB into it."""
    fresh = tmp_path / "fresh.duckdb"
    code, _, err = _main(monkeypatch, capsys, "kb", "load", "--kb", str(FIXTURES / "kb_bad"), "--db", str(fresh))
    assert code == 2 and err.startswith("error: kb_bad/bad.yaml:") and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []
    code, _, err = _main(monkeypatch, capsys, "actors", "search", "Taliban", "--db", str(fresh))
    assert (code, err) == (2, f"error: no store at {fresh} (create it with: cwatch init --db {fresh})\n")


def test_store_folder_missing_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["cwatch", "init", "--db", str(tmp_path / "no" / "x.duckdb")])
    try:
        main()
    except SystemExit as exc:
        assert exc.code == 2
    assert "does not exist" in capsys.readouterr().err


def _main(monkeypatch, capsys, *argv):
    """Run the command line as the console script does: (exit code, stdout, stderr)."""
    return console_script(capsys, monkeypatch)(*argv)


def test_a_mistyped_db_is_refused_not_created(tmp_path, capsys, monkeypatch):
    """Only init, kb load and the commands that write new data create a store; the others name
    the missing file and how to create it, and leave nothing behind."""
    typo = tmp_path / "typo9.duckdb"
    line = f"error: no store at {typo} (create it with: cwatch init --db {typo})\n"
    for argv in (["review", "list"], ["review", "reject", "x-1"], ["brief", "AFG"], ["actors", "show", "hts"],
                 ["actors", "search", "Taliban"], ["actors", "import"], ["cases", "list"], ["serve"],
                 ["coalitions", "AFG", "--as-of", "2021-07"], ["events", "aggregate", "country-month"],
                 ["export", "SYR", "--format", "gexf", "--out", str(tmp_path / "syr.gexf")],
                 ["extract", str(tmp_path)], ["eval", "resolver"]):
        code, out, err = _main(monkeypatch, capsys, *argv, "--db", str(typo))
        assert (code, err) == (2, line), argv
        assert not typo.exists() and not (tmp_path / "typo9.duckdb.network-cache").exists(), argv
    monkeypatch.setenv("CWATCH_DB", str(typo))  # the same through the environment
    assert _main(monkeypatch, capsys, "cases", "list")[2] == line
    monkeypatch.delenv("CWATCH_DB")
    monkeypatch.chdir(tmp_path)  # the default ./cwatch.duckdb
    assert _main(monkeypatch, capsys, "cases", "list")[2] == \
        "error: no store at cwatch.duckdb (create it with: cwatch init)\n"


def test_commands_that_write_data_create_the_store_and_say_so(tmp_path, capsys, monkeypatch):
    db = tmp_path / "new.duckdb"
    code, out, err = _main(monkeypatch, capsys, "actors", "add", "Free Idlib Brigade", "--country", "SYR",
                           "--reviewer", "ana", "--db", str(db))
    assert code == 0 and db.exists() and err == f"created store {db} (knowledge base loaded)\n"
    assert _main(monkeypatch, capsys, "actors", "show", "free-idlib-brigade", "--db", str(db))[0] == 0
    assert _main(monkeypatch, capsys, "cases", "show", "afg-2021", "--db", str(db))[0] == 0


def test_serve_on_a_busy_port_is_one_line(tmp_path, capsys, monkeypatch):
    import socket

    db = _loaded(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = _main(monkeypatch, capsys, "serve", "--port", str(port), "--db", str(db))
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"error: field '--port': port {port} on 127.0.0.1 is already in use"), err


def test_brief_out_errors_have_the_shape_of_the_others(tmp_path, capsys, monkeypatch):
    db = _loaded(tmp_path)
    folder = tmp_path / "somefolder"
    for out, reason in ((folder, "a briefing is one HTML file"), (tmp_path, "it is a folder"),
                        (tmp_path / "b.txt", "a briefing is one HTML file"),
                        (tmp_path / "no" / "b.html", "does not exist")):
        code, stdout, err = _main(monkeypatch, capsys, "brief", "AFG", "--out", str(out), "--db", str(db))
        assert code == 2 and err.startswith(f"error: field '--out': cannot write {out}: ") and reason in err, err
        assert err.count("\n") == 1 and stdout == ""


def test_events_aggregate_options_have_help():
    result = run("events", "aggregate", "--help")
    assert result.exit_code == 0
    assert "Only events of this ingested dataset" in " ".join(result.output.split())


def test_ingest_of_an_unknown_dataset_or_a_missing_file_creates_no_store(tmp_path, monkeypatch, capsys):
    store = tmp_path / "new.duckdb"
    for argv, line in ((("ingest", "ucdp-xxx", "f.csv"), "error: field 'DATASET': unknown dataset 'ucdp-xxx'"),
                       (("ingest", "ucdp-ged", str(tmp_path / "none.csv")), "file not found (nothing was loaded)")):
        code, _, err = _main(monkeypatch, capsys, *argv, "--db", str(store))
        assert code == 2 and line in err
        assert not store.exists()
