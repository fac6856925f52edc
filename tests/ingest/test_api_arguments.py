"""Reading events back through the Python API: the filters of ``events_frame`` take what every
other API function takes (a country name, a partial date) and refuse what would select nothing
without a word; its list columns are Python lists; ``aggregate`` is the library call behind
``cwatch events aggregate``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coalition_watch import api
from coalition_watch.dates import DateError
from coalition_watch.errors import InputError
from coalition_watch.ingest import api as ingest
from coalition_watch.store import StoreMissing
from tests.conftest import SMALL_KB


@pytest.fixture(scope="module")
def ged_path(tmp_path_factory, shared):
    path = tmp_path_factory.mktemp("frame") / "ged.duckdb"
    store = api.init_store(path)
    api.load_kb(store, SMALL_KB)
    ingest.ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_syria_2016_2017.csv"])
    store.close()
    return path


@pytest.fixture(scope="module")
def ged(ged_path):
    store = api.open_existing_store(ged_path, read_only=True)
    yield store
    store.close()


def test_a_country_is_an_iso3_code_or_a_name(ged):
    every = len(ingest.events_frame(ged, country="SYR"))
    assert every == len(ingest.events_frame(ged)) > 10_000
    for country in ("syr", "Syria", " Syria "):
        assert len(ingest.events_frame(ged, country=country)) == every, country
    with pytest.raises(InputError) as caught:
        ingest.events_frame(ged, country="Atlantis")
    assert caught.value.field == "country"


def test_an_unknown_dataset_is_refused(ged):
    assert len(ingest.events_frame(ged, dataset="ucdp-ged")) == len(ingest.events_frame(ged))
    with pytest.raises(InputError) as caught:
        ingest.events_frame(ged, dataset="ged")
    assert (caught.value.field, caught.value.reason) == (
        "dataset", "unknown event dataset 'ged' (known: ucdp-ged, acled, gtd, gdelt)")


def test_partial_dates_cover_their_whole_period(ged):
    frame = ingest.events_frame(ged)
    days = frame["date_start"].dt.date
    in_2017 = ingest.events_frame(ged, start="2017")
    through_2016 = ingest.events_frame(ged, end="2016")
    december = ingest.events_frame(ged, start="2016-12", end="2016-12")
    assert len(in_2017) == int((days >= dt.date(2017, 1, 1)).sum()) > 0
    assert len(through_2016) == int((days <= dt.date(2016, 12, 31)).sum()) > 0
    assert len(in_2017) + len(through_2016) == len(frame)
    assert len(december) == int(((days >= dt.date(2016, 12, 1)) & (days <= dt.date(2016, 12, 31))).sum()) > 0
    assert len(ingest.events_frame(ged, start=dt.date(2016, 12, 1), end="2016-12-31")) == len(december)
    for field, value in (("start", "2017-13-01"), ("start", "June 2017"), ("end", "2017-02-30")):
        with pytest.raises(DateError) as caught:
            ingest.events_frame(ged, **{field: value})
        assert caught.value.field == field


def test_list_columns_are_lists(ged):
    frame = ingest.events_frame(ged, start="2017-06-01", end="2017-06-30")
    for column in ("side_a", "side_b", "side_a_names", "side_b_names", "unresolved", "associated"):
        assert all(isinstance(v, list) for v in frame[column]), column
    assert any(frame["side_a"].map(len))
    json.dumps(frame.to_dict(orient="records"), default=str)   # arrays made this fail


def test_aggregate_is_a_library_call(ged_path, tmp_path):
    by_country = ingest.aggregate("country-month", db=ged_path, country="Syria")
    assert set(by_country["country"]) == {"SYR"} and len(by_country) == 24
    same = ingest.aggregate("country-month", backend=f"duckdb://{ged_path}", dataset="ucdp-ged")
    assert same["events"].sum() == by_country["events"].sum() > 10_000
    with pytest.raises(InputError) as caught:
        ingest.aggregate("country-month", db=ged_path, dataset="ged")
    assert caught.value.field == "dataset"
    with pytest.raises(StoreMissing):
        ingest.aggregate("country-month", db=tmp_path / "typo.duckdb")
    assert not (tmp_path / "typo.duckdb").exists()


def test_the_command_line_refuses_an_unknown_dataset(ged_path, capsys, monkeypatch):
    from coalition_watch.cli import main

    monkeypatch.setattr("sys.argv", ["cwatch", "events", "aggregate", "country-month", "--dataset", "ged",
                                     "--db", str(ged_path)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert (exit_info.value.code, capsys.readouterr().err) == (
        2, "error: field '--dataset': unknown event dataset 'ged' (known: ucdp-ged, acled, gtd, gdelt)\n")
