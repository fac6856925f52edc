"""The core Python API checks its arguments itself (:mod:`coalition_watch.arguments`): a notebook
user gets an :class:`InputError` naming the parameter, not a wrong answer, a database error or
junk written into the store; the command line, which now leaves these checks to the library,
prints the same lines as before."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coalition_watch import api
from coalition_watch.dates import DateError, parse_partial_date
from coalition_watch.errors import InputError
from coalition_watch.store import StoreMissing


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = api.open_default_store(tmp_path_factory.mktemp("arguments") / "s.duckdb")
    yield store
    store.close()


def _unresolved(store) -> list[str]:
    return sorted(r["name"] for r in store.query("SELECT name FROM unresolved_names"))


def test_resolve_names_in_a_read_session_answers_and_writes_nothing(tmp_path):
    path = tmp_path / "s.duckdb"
    api.open_default_store(path).close()
    store = api.open_session_store(path)
    try:
        with store.session():
            matches = api.resolve_names(["Taliban", "Free Idlib Brigade"], store=store)
            assert [m.actor_id for m in matches] == ["taliban", None]
            assert _unresolved(store) == []
        with store.session(write=True):   # a write session records, as a store open for writing does
            api.resolve_names(["Free Idlib Brigade"], store=store)
            assert _unresolved(store) == ["Free Idlib Brigade"]
    finally:
        store.close()
    # a read-only store: the same
    readonly = api.open_existing_store(path, read_only=True)
    try:
        assert api.resolve_names(["Idlib Hills Front"], store=readonly)[0].actor_id is None
        assert _unresolved(readonly) == ["Free Idlib Brigade"]
    finally:
        readonly.close()


def test_resolve_names_records_only_when_asked():
    store = api.open_default_store(":memory:")
    api.resolve_names(["Free Idlib Brigade"], store=store, record=False)
    assert _unresolved(store) == []
    api.resolve_names(["Free Idlib Brigade"], store=store, context="notebook")
    assert [(r["name"], r["context"]) for r in api.unresolved_names(store)] == [("Free Idlib Brigade", "notebook")]


def test_a_bare_string_is_one_name_not_its_letters():
    store = api.open_default_store(":memory:")
    matches = api.resolve_names("Taliban", store=store)
    assert [(m.query, m.actor_id) for m in matches] == [("Taliban", "taliban")]
    added = api.add_actor(store, "Free Idlib Brigade", reviewer="analyst", aliases="FIB", countries="Syria",
                          ideology="jihadist")
    assert (added["aliases"], added["operates_in"], added["ideology"]) == (["FIB"], ["SYR"], ["jihadist"])
    assert api.resolve_names(["FIB", "B"], store=store)[0].actor_id == "free-idlib-brigade"
    assert api.resolve_names(["B"], store=store)[0].actor_id is None
    assert _unresolved(store) == ["B"]


@pytest.mark.parametrize("names, reason", [
    (None, "names must be a list of names (or one name as a string), got None"),
    ([None], "names must hold strings only, got None"),
    (["Taliban", 123], "names must hold strings only, got 123"),
    (42, "names must be a list of strings (or one string), got int"),
])
def test_resolve_names_refuses_what_is_not_a_list_of_names(store, names, reason):
    before = _unresolved(store)
    with pytest.raises(InputError) as caught:
        api.resolve_names(names, store=store)
    assert (caught.value.field, caught.value.reason) == ("names", reason)
    assert _unresolved(store) == before


def test_add_actor_refuses_an_alias_that_is_not_a_string(store):
    with pytest.raises(InputError) as caught:
        api.add_actor(store, "Idlib Hills Front", reviewer="a", aliases=["IHF", 7])
    assert caught.value.field == "aliases"
    assert not store.query("SELECT 1 FROM actors WHERE name = 'Idlib Hills Front'")


@pytest.mark.parametrize("date", ["2021-13", "June 2017", "2021-02-30", 3.5])
def test_a_bad_date_is_a_date_error_naming_the_parameter(store, date):
    with pytest.raises(DateError) as caught:
        api.resolve_names(["Taliban"], store=store, date=date)
    assert caught.value.field == "date"
    # an InputError for `except CoalitionWatchError`, and still the ValueError it was
    assert isinstance(caught.value, InputError) and isinstance(caught.value, ValueError)


def test_parse_partial_date_names_the_field_when_told():
    with pytest.raises(ValueError) as caught:
        parse_partial_date("2021-13")
    assert isinstance(caught.value, DateError) and caught.value.field is None
    assert str(caught.value) == "month out of range in '2021-13'"
    with pytest.raises(DateError) as caught:
        parse_partial_date("2021-13", field="as_of")
    assert str(caught.value) == "field 'as_of': month out of range in '2021-13'"
    assert str(parse_partial_date(dt.date(2021, 8, 15))) == "2021-08-15"


def test_search_actors_checks_query_and_limit(store):
    with pytest.raises(InputError) as caught:
        api.search_actors(None, store=store)
    assert caught.value.field == "query"
    for limit in (-1, "5", 2.0, True):
        with pytest.raises(InputError) as caught:
            api.search_actors("Taliban", store=store, limit=limit)
        assert caught.value.field == "limit", limit
    assert api.search_actors("Taliban", store=store, limit=0) == []


def test_search_actors_reads_percent_and_underscore_as_plain_characters(store):
    # as LIKE wildcards, '%' matched every alias and '_' any one character
    assert api.search_actors("%", store=store) == []
    assert api.search_actors("_", store=store) == []
    assert api.search_actors("T_liban", store=store) == []
    assert api.search_actors("Tahrir", store=store, limit=3)  # substrings still match


def test_unresolved_names_checks_its_limit(store):
    for limit in (-1, "x"):
        with pytest.raises(InputError) as caught:
            api.unresolved_names(store, limit)
        assert caught.value.field == "limit"


def test_list_cases_refuses_an_unknown_outcome(store):
    with pytest.raises(InputError) as caught:
        api.list_cases(store=store, outcome="falls")
    assert (caught.value.field, caught.value.reason) == ("outcome", "must be 'fall' or 'near_miss'")
    falls = api.list_cases(store=store, outcome="fall")
    assert falls and {c["outcome"] for c in falls} == {"fall"}


def test_an_existing_store_only_is_opened_when_asked(tmp_path):
    typo = tmp_path / "typo.duckdb"
    for open_it in (lambda: api.open_existing_store(typo), lambda: api.open_default_store(typo, create=False),
                    lambda: api.open_session_store(typo, create=False)):
        with pytest.raises(StoreMissing) as caught:
            open_it()
        assert str(caught.value) == f"no store at {typo}"
        assert not typo.exists()
    api.open_default_store(typo).close()  # the default still creates
    store = api.open_existing_store(typo)
    assert store.count("actors") > 1000
    store.close()


def test_evaluate_resolver_and_kb_relations_are_library_calls(store, shared, tmp_path):
    report = api.evaluate_resolver(store)
    assert set(report) == {"mmp", "ucdp"} and 0 < report["mmp"]["resolved"] <= report["mmp"]["names"]
    agreement = api.evaluate_kb_relations()
    assert 0 < agreement["compatible"] <= agreement["pair_found"] <= agreement["between_kb_groups"]
    missing = tmp_path / "missing.csv"
    for call, field in ((lambda: api.evaluate_resolver(store, mmp=missing), "mmp"),
                        (lambda: api.evaluate_resolver(store, ucdp=missing), "ucdp"),
                        (lambda: api.evaluate_kb_relations(mmp=missing), "mmp")):
        with pytest.raises(InputError) as caught:
            call()
        assert (caught.value.field, caught.value.reason) == (field, f"file not found: {missing}")


@pytest.fixture()
def cli(tmp_path, capsys, monkeypatch):
    """Runs ``cwatch ARGS --db`` on a fresh store; returns (exit code, stdout, stderr)."""
    from coalition_watch.cli import main

    db = tmp_path / "cli.duckdb"
    api.open_default_store(db).close()

    def run(*argv, db_option=True):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv, *(["--db", str(db)] if db_option else [])])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out = capsys.readouterr()
        # the program name Click shows depends on how the tests were started ('python -m pytest')
        return exit_info.value.code, out.out, re.sub(r"\(see '.*?cwatch ", "(see 'cwatch ", out.err)
    return run


def test_the_command_line_prints_the_librarys_checks_as_before(cli, tmp_path):
    missing = tmp_path / "missing.csv"
    for argv, line in (
            (["cases", "list", "--outcome", "falls"],
             "error: Invalid value for --outcome: must be 'fall' or 'near_miss' (see 'cwatch cases list --help')"),
            (["review", "list", "--status", "pending"],
             "error: Invalid value for --status: must be extracted-pending, accepted, rejected or all "
             "(see 'cwatch review list --help')"),
            (["eval", "resolver", "--mmp", str(missing)],
             f"error: Invalid value: file not found: {missing} (see 'cwatch eval resolver --help')"),
            (["eval", "extraction", str(missing)],
             f"error: Invalid value: file not found: {missing} (see 'cwatch eval extraction --help')"),
            (["eval", "mmp", str(missing)],
             f"error: Invalid value: file not found: {missing} (see 'cwatch eval mmp --help')"),
            (["actors", "search", "Taliban", "--limit", "-1"],
             "error: field '--limit': --limit must be a whole number of 0 or more, got -1"),
            (["actors", "unresolved", "--limit", "-1"],
             "error: field '--limit': --limit must be a whole number of 0 or more, got -1"),
            (["review", "list", "--limit", "-1"],
             "error: field '--limit': --limit must be a whole number of 0 or more, got -1")):
        code, out, err = cli(*argv)
        assert (code, err) == (2, line + "\n"), argv
    code, out, err = cli("eval", "kb-relations", "--mmp", str(missing), db_option=False)
    assert (code, err) == (2, f"error: Invalid value: file not found: {missing} "
                              "(see 'cwatch eval kb-relations --help')\n")
    code, out, err = cli("cases", "list", "--outcome", "near_miss", "--json")
    assert code == 0 and '"outcome": "near_miss"' in out and '"outcome": "fall"' not in out
