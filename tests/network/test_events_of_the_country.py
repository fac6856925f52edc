"""A coalition is measured on the events located in its country: in a store holding the UCDP GED
Syria 2016–2017 events and the GED candidate release of January 2026 (events in 47 countries;
UCDP GED, CC BY 4.0), the Islamic State's blocs in Syria, Iraq, Nigeria, Mali and DR Congo count
their own country's events, not the group's 89 events in 13 countries in the 12 months to 2026-01."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from coalition_watch.ingest.api import ingest
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.store import open_store
from tests.network.conftest import console_script
from tests.web.conftest import kb_store_with_ged

#: the twelve months of events the coalition figures of 2026-01 read
WINDOW = ("2025-02-01", "2026-01-31")
_ON_A_SIDE = ("date_start BETWEEN ? AND ? AND list_has_any(list_concat(coalesce(side_a, []::VARCHAR[]), "
              "coalesce(side_b, []::VARCHAR[])), ?)")


@pytest.fixture(scope="module")
def two_files_db(tmp_path_factory, shared):
    """A store file after `cwatch ingest ucdp-ged` of the Syria 2016–2017 file and of the candidate
    release of January 2026."""
    store = kb_store_with_ged(tmp_path_factory.mktemp("two"), shared, "ged_syria_2016_2017.csv")
    ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_candidate_2026_01.csv"])
    path = store.path
    store.close()
    return path


def _groups(coalition: dict) -> list[str]:
    return [m["id"] for m in coalition["members"] if m["kind"] != "state"]


def _located(db, ids: list[str], country: str | None) -> tuple[int, float]:
    """Distinct events of the window with one of ``ids`` on a side (located in ``country``, or
    anywhere for None), and their deaths, each event's once: SQL on the store file ``db``."""
    where = _ON_A_SIDE + (" AND country = ?" if country else "")
    params = [*WINDOW, ids] + ([country] if country else [])
    con = duckdb.connect(str(db), read_only=True)
    try:
        events, deaths = con.execute(f"SELECT count(*), coalesce(sum(deaths_best), 0) FROM (SELECT DISTINCT id, "
                                     f"deaths_best FROM events WHERE {where})", params).fetchone()
    finally:
        con.close()
    return events, float(deaths)


def _run(two_files_db, capsys, monkeypatch, *argv) -> dict:
    monkeypatch.setenv("CWATCH_DB", str(two_files_db))
    code, out, err = console_script(capsys, monkeypatch)(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_syrian_bloc_of_the_islamic_state_counts_syrian_events_only(two_files_db, capsys, monkeypatch):
    view = _run(two_files_db, capsys, monkeypatch, "coalition", "show", "isis", "--country", "SYR",
                "--as-of", "2026-01")
    assert view["country"] == "SYR" and "isis" in _groups(view)
    events, deaths = _located(two_files_db, _groups(view), "SYR")
    assert view["measures"]["events"] == events and view["measures"]["fatalities"] == pytest.approx(deaths)
    # the group's events elsewhere in the window, which a count over every country gave the bloc
    assert _located(two_files_db, _groups(view), None)[0] > 50 > events


@pytest.mark.parametrize("country", ["SYR", "IRQ", "NGA", "MLI"])
def test_every_coalition_counts_the_events_located_in_its_country(two_files_db, capsys, monkeypatch, country):
    result = _run(two_files_db, capsys, monkeypatch, "coalitions", country, "--as-of", "2026-01")
    assert result["events_loaded"] and result["coalitions"]
    for coalition in result["coalitions"]:
        events, deaths = _located(two_files_db, _groups(coalition), country)
        assert coalition["measures"]["events"] == events, coalition["id"]
        assert coalition["measures"]["fatalities"] == pytest.approx(deaths), coalition["id"]
    # the Islamic State's bloc in Iraq, Nigeria and Mali has members with events in other countries
    if country != "SYR":
        bloc = next(c for c in result["coalitions"] if "isis" in _groups(c))
        assert _located(two_files_db, _groups(bloc), None)[0] > bloc["measures"]["events"]


def test_strength_shares_count_the_members_events_in_the_country(two_files_db, capsys, monkeypatch):
    # the Islamic State's bloc in DR Congo: 11 of the group's 89 events of the window were there
    result = _run(two_files_db, capsys, monkeypatch, "linchpins", "isis", "--country", "COD", "--as-of", "2026-01")
    rows = {r["actor_id"]: r for r in result["linchpins"]}
    own = {m: _located(two_files_db, [m], "COD")[0] for m in rows}
    total = sum(own.values())
    assert own["isis"] < _located(two_files_db, ["isis"], None)[0]
    assert sum(1 for n in own.values() if n) >= 2
    for member, row in rows.items():
        assert row["strength_share"] == pytest.approx(own[member] / total, abs=1e-4), member


def test_the_briefing_reads_the_same_figures(two_files_db):
    store = open_store(two_files_db, read_only=True)
    try:
        briefing = build_briefing(store, "IRQ", dt.date(2026, 1, 31), use=("network",)).to_dict()
    finally:
        store.close()
    bloc = next(c for c in briefing["sections"]["graph"]["data"]["coalitions"] if "isis" in c["members"])
    # one Iraqi event in the window (GED candidate, January 2026); the group had 89 in 13 countries
    assert bloc["measures"]["events"] == _located(two_files_db, ["isis"], "IRQ")[0] == 1
