"""Which input an error names (``InputError.field``): the library names the parameter of the public
function that refused it; the command line names the option or argument that gives it; the web
app, its parameter."""

from __future__ import annotations

import inspect

import pytest

from coalition_watch import api
from coalition_watch.errors import InputError


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = api.open_default_store(tmp_path_factory.mktemp("fields") / "s.duckdb")
    api.add_actor(store, "Free Idlib Brigade", reviewer="a")   # no country: it has no home country
    yield store
    store.close()


@pytest.fixture(scope="module")
def analysis(store):
    from coalition_watch.network.api import CoalitionAnalysis

    return CoalitionAnalysis.from_store(store)


@pytest.fixture(scope="module")
def events_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("events") / "e.duckdb"
    api.init_store(path).close()
    return f"duckdb://{path}"


def _cases(store, analysis, events_url, tmp_path):
    """(function, positional args, keyword args, the parameter it should name) for bad inputs."""
    from coalition_watch.extract import api as extract_api
    from coalition_watch.extract import review
    from coalition_watch.ingest import aggregates
    from coalition_watch.ingest import api as ingest_api
    from coalition_watch.outputs import api as outputs_api
    from coalition_watch.outputs import review_queue
    from coalition_watch.risk.api import risk_ranking

    track = max(analysis.timeline("AFG").tracks.values(), key=lambda t: t.first_seen)
    before = f"{int(track.first_seen[:4]) - 1}{track.first_seen[4:]}"
    no_skip = ("network", "risk")
    curated = store.query("SELECT id FROM relations WHERE status = 'curated' ORDER BY id LIMIT 1")[0]["id"]
    return [
        (api.search_actors, (" ",), {"store": store}, "query"),
        (api.actor_profile, ("no-such-id",), {"store": store}, "actor_id"),
        (api.case_profile, ("zzz",), {"store": store}, "case_id"),
        (api.resolve_names, (["Daesh"],), {"store": store, "country": "XYZ"}, "country"),
        (api.add_actor, (store, "Idlib Hills Front"), {"reviewer": ""}, "reviewer"),
        (api.add_actor, (store, "Idlib Hills Front"), {"reviewer": "a", "countries": ["Atlantis"]}, "countries"),
        (api.import_external_actors, (store, "nope"), {}, "dataset"),
        (analysis.coalitions_for_country, ("Atlantis", "2021-07"), {}, "country"),
        (analysis.coalition_show, ("afg:no-such-coalition",), {}, "coalition"),
        (analysis.coalition_show, (track.id, before), {}, "as_of"),
        (analysis.coalition_show, ("taliban",), {"country": "XYZ"}, "country"),
        (analysis.coalition_show, ("free-idlib-brigade",), {}, "country"),
        (analysis.linchpins, ("no-such-actor",), {}, "coalition"),
        (analysis.export, (tmp_path / "graph.foo",), {}, "fmt"),
        (outputs_api.briefing, (store, "AFG", "15/08/2021"), {"skip": no_skip}, "as_of"),
        (outputs_api.briefing, (store, "AFG", "2031-01"), {"skip": no_skip}, "as_of"),
        (outputs_api.briefing, (store, "Atlantis"), {"skip": no_skip}, "country"),
        (outputs_api.briefing, (store, "AFG"), {"skip": ("everything",)}, "skip"),
        (outputs_api.export, (store, "AFG", "2021-08", "bogus", tmp_path / "x.bin"), {}, "fmt"),
        (outputs_api.export, (store, "AFG", "2021-08", "gexf", tmp_path / "missing" / "x.gexf"), {}, "path"),
        (outputs_api.check_output, (tmp_path / "missing" / "x.html",), {}, "path"),
        (ingest_api.ingest, (store, "bogus", ["x.csv"]), {}, "dataset"),
        (ingest_api.ingest_file, (store, "bogus", "x.csv"), {}, "dataset"),
        (aggregates.connect, ("duckdb:///no/such/store.duckdb",), {}, "url"),
        (aggregates.connect, ("bigquery://project-only",), {}, "url"),
        (aggregates.aggregate, (aggregates.connect(events_url), "bogus"), {}, "name"),
        (aggregates.aggregate, (aggregates.connect(events_url), "country-month"), {"country": "Atlantis"}, "country"),
        (extract_api.review_accept, (store, curated), {"reviewer": "a"}, "relation_id"),
        (review.set_status, (store, "no-such-relation", "accepted", ""), {}, "reviewer"),
        (review.edit_claim, (store, "no-such-relation", ""), {"type": "alliance"}, "reviewer"),
        (review.list_claims, (store,), {"order": "bogus"}, "order"),
        (review_queue.decide, (store, "no-such-relation", "accept"), {"reviewer": "a"}, "relation_id"),
        (review_queue.decide, (store, "no-such-relation", "bogus"), {"reviewer": "a"}, "action"),
        (review_queue.edit, (store, "no-such-relation", {"colour": "red"}), {"reviewer": "a"}, "changes"),
        (risk_ranking, ("2021-05",), {"top": 0}, "top"),
    ]


def test_the_library_names_the_parameter_of_the_function_that_refused_the_input(store, analysis, events_url,
                                                                                 tmp_path):
    wrong = []
    for function, args, kwargs, parameter in _cases(store, analysis, events_url, tmp_path):
        with pytest.raises(InputError) as caught:
            function(*args, **kwargs)
        error = caught.value
        # the message names no option of the command line either: a Python user has none to pass
        if (error.field not in inspect.signature(function).parameters or error.field != parameter
                or "--" in str(error) or "$USER" in str(error) or "cwatch actors" in str(error)):
            wrong.append((function.__qualname__, parameter, str(error)))
    assert not wrong, wrong


def test_a_message_names_its_input_as_each_surface_does():
    error = InputError("{field} must be a date YYYY-MM-DD or a month YYYY-MM, got '15/08/2021'", field="as_of")
    assert str(error) == "field 'as_of': as_of must be a date YYYY-MM-DD or a month YYYY-MM, got '15/08/2021'"
    assert error.reason == "as_of must be a date YYYY-MM-DD or a month YYYY-MM, got '15/08/2021'"
    option = error.named({"as_of": "--as-of"})
    assert (option.field, str(option)) == (
        "--as-of", "field '--as-of': --as-of must be a date YYYY-MM-DD or a month YYYY-MM, got '15/08/2021'")
    hinted = InputError("a reviewer name is needed", field="reviewer").named(
        {"reviewer": "--reviewer"}, {"reviewer": "(--reviewer or $USER)"})
    assert str(hinted) == "field '--reviewer': a reviewer name is needed (--reviewer or $USER)"
    # a field of a file is the file's: no surface renames it
    in_file = InputError("missing or empty", file="texts.jsonl", line=3, field="subject")
    assert in_file.named({"subject": "--subject"}) is in_file
    assert error.named({"country": "COUNTRY"}) is error


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "s.duckdb"
    store = api.open_default_store(path)
    api.add_actor(store, "Free Idlib Brigade", reviewer="a")
    store.close()
    return str(path)


@pytest.mark.parametrize("argv, line", [
    (["actors", "search", " "], "error: field 'NAME': search needs a non-empty name"),
    (["actors", "show", "no-such-id"],
     "error: field 'ID': no actor with id 'no-such-id' (try 'cwatch actors search NAME')"),
    (["actors", "resolve", "Daesh", "--country", "XYZ"], "error: field '--country': unknown country 'XYZ'"),
    (["actors", "import", "nope"], "error: field 'DATASET': unknown actor list 'nope'"),
    (["cases", "show", "zzz"], "error: field 'CASE': no case 'zzz'"),
    (["ingest", "bogus", "x.csv"], "error: field 'DATASET': unknown dataset 'bogus' (known: ucdp-ged, acled, gtd, "
                                   "gdelt, ucdp-acd, ucdp-dyadic, ucdp-termination, ucdp-actors)"),
    (["coalitions", "Atlantis", "--as-of", "2021-07"], "error: field 'COUNTRY': unknown country 'Atlantis'"),
    (["coalition", "show", "taliban", "--country", "XYZ"], "error: field '--country': unknown country 'XYZ'"),
    (["coalition", "show", "free-idlib-brigade"],
     "error: field '--country': actor 'free-idlib-brigade' has no home country; pass --country"),
    (["linchpins", "no-such-actor"], "error: field 'COALITION': no coalition or actor with id 'no-such-actor'"),
    (["brief", "AFG", "--as-of", "15/08/2021"],
     "error: field '--as-of': --as-of must be a date YYYY-MM-DD or a month YYYY-MM, got '15/08/2021'"),
    (["brief", "Atlantis"], "error: field 'COUNTRY': unknown country 'Atlantis'"),
    (["brief", "AFG", "--skip", "everything"], "error: field '--skip': cannot skip everything"),
    (["export", "AFG", "--format", "gexf", "--out", "/no/such/folder/x.gexf"],
     "error: field '--out': cannot write /no/such/folder/x.gexf"),
    (["events", "aggregate", "country-month", "--country", "Atlantis"],
     "error: field '--country': unknown country 'Atlantis'"),
    (["events", "aggregate", "country-month", "--backend", "bigquery://project-only"],
     "error: field '--backend': use bigquery://PROJECT/DATASET"),
    (["review", "accept", "no-such-relation", "--reviewer", "a"],
     "error: field 'ID': no extracted claim or proposed relation with id 'no-such-relation'"),
    (["review", "list", "--order", "bogus"], "error: field '--order': unknown order 'bogus'"),
])
def test_the_command_line_names_the_option_or_argument(cli_db, capsys, monkeypatch, tmp_path, argv, line):
    from coalition_watch.cli import main

    if argv[0] == "events":  # read-only on a file no other command of this process holds open
        db = str(tmp_path / "events.duckdb")
        api.init_store(db).close()
    else:
        db = cli_db
    monkeypatch.setattr("sys.argv", ["cwatch", *argv, "--db", db])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.startswith(line) and err.count("\n") == 1, err


def test_the_command_line_says_where_a_reviewer_name_comes_from(cli_db, capsys, monkeypatch, tmp_path):
    """The library asks for a reviewer; ``cwatch review`` adds how to give one, ``cwatch actors
    add`` names its option alone."""
    from coalition_watch.cli import main

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.setattr("coalition_watch.cli.common.getpass.getuser", lambda: "")
    for argv, line in ((["review", "accept", "no-such-relation"],
                        "error: field '--reviewer': a reviewer name is needed (--reviewer or $USER)"),
                       (["review", "edit", "no-such-relation", "--type", "alliance"],
                        "error: field '--reviewer': a reviewer name is needed (--reviewer or $USER)"),
                       (["actors", "add", "Idlib Hills Front"], "error: field '--reviewer': a reviewer name is needed")):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv, "--db", cli_db])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 2 and capsys.readouterr().err == line + "\n", argv


def test_the_web_app_names_its_parameter_without_the_command_lines_hints(store):
    from fastapi.testclient import TestClient

    from coalition_watch.outputs.web import create_app

    client = TestClient(create_app(store))
    search = client.get("/api/search", params={"q": " "}).json()
    assert search == {"detail": "field 'q': search needs a non-empty name", "field": "q"}
    actor = client.get("/api/actors/no-such-id").json()
    assert actor == {"detail": "field 'actor_id': no actor with id 'no-such-id'", "field": "actor_id"}
    day = client.get("/api/countries/AFG/briefing", params={"as_of": "15/08/2021"}).json()
    assert day["field"] == "as_of" and day["detail"].startswith("field 'as_of': as_of must be a date")
