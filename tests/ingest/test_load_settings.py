"""The DuckDB settings a load changes (memory cap, one thread) come back exactly as they were:
a memory limit set on the connection, DuckDB's default one, and with two loads at once."""

from __future__ import annotations

import threading

import duckdb

from coalition_watch.ingest import api as ingest

SETTINGS = "SELECT current_setting('threads'), current_setting('memory_limit')"


def _default_memory_limit() -> str:
    con = duckdb.connect(":memory:")
    try:
        return con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    finally:
        con.close()


def test_a_memory_limit_set_on_the_connection_is_kept_exactly(store, ucdp):
    """DuckDB reports 3 GB as "2.7 GiB"; setting that back would give 2.6 GiB, so a limit chosen
    on the connection is not touched by a load (and is what it was after two loads)."""
    con = store.con
    con.execute("SET memory_limit = '3GB'")
    before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert before == "2.7 GiB"
    during = []
    for name in ("ged_el_salvador.csv", "ged_sierra_leone.csv"):
        ingest.ingest(store, "ucdp-ged", [ucdp / name],
                      progress=lambda step, fraction: during.append(con.execute(SETTINGS).fetchall()[0]))
    assert {limit for _threads, limit in during} == {"2.7 GiB"}
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == before


def test_the_default_memory_limit_is_capped_during_a_load_and_reset_after_it(store, ucdp):
    """DuckDB's default limit (80% of the memory) is lowered to the cap for the load and reset,
    not set back from its rounded report, which lost up to 0.1 GiB at every load."""
    con = store.con
    default = _default_memory_limit()
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == default
    during = []
    for name in ("ged_el_salvador.csv", "ged_sierra_leone.csv", "ged_venezuela.csv"):
        ingest.ingest(store, "ucdp-ged", [ucdp / name],
                      progress=lambda step, fraction: during.append(con.execute(SETTINGS).fetchall()[0]))
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == default
    assert during[-1] == (1, "953.6 MiB")


def test_two_loads_at_once_restore_the_settings_when_the_last_ends(store, ucdp):
    """Two threads load into one store (one DuckDB instance, whose settings both share): the
    second starts while the first holds the load settings, and ends after it. The settings stay
    the load's until the second ends, then are the connection's own again (before, the second
    put back the values it found, the first load's: one thread and the cap, for good)."""
    con = store.con
    con.execute("SET threads = 2")
    before = con.execute(SETTINGS).fetchall()[0]
    first_running, second_running, first_done = threading.Event(), threading.Event(), threading.Event()
    seen_by_second, failures = [], []

    def first_progress(step, fraction):
        if step == "reading" and not first_running.is_set():
            first_running.set()
            second_running.wait(60)

    def second_progress(step, fraction):
        if step == "reading" and not second_running.is_set():
            second_running.set()
            first_done.wait(60)
            seen_by_second.append(store.con.execute(SETTINGS).fetchall()[0])

    def load(name, progress, done=None):
        try:
            ingest.ingest(store, "ucdp-ged", [ucdp / name], progress=progress)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            if done is not None:
                done.set()

    first = threading.Thread(target=load, args=("ged_el_salvador.csv", first_progress, first_done))
    second = threading.Thread(target=load, args=("ged_sierra_leone.csv", second_progress))
    first.start()
    assert first_running.wait(60)
    second.start()
    first.join(120)
    second.join(120)
    assert not failures
    assert seen_by_second == [(1, "953.6 MiB")]           # the second load still ran with them
    assert con.execute(SETTINGS).fetchall()[0] == before
    assert store.query("SELECT count(DISTINCT country) AS n FROM events")[0]["n"] == 2
