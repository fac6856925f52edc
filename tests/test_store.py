import pytest

from coalition_watch import api
from coalition_watch.store import kb_writer
from coalition_watch.store.migrations import MIGRATIONS

from .conftest import SMALL_KB

TABLES = ("actors", "aliases", "lineage", "relations", "sources", "cases", "ingests")


def snapshot(store):
    return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}


def test_migrations_are_recorded_and_idempotent(tmp_path):
    store = api.init_store(tmp_path / "a.duckdb")
    assert store.schema_version() == MIGRATIONS[-1][0]
    assert store.migrate() == []
    store.close()
    reopened = api.init_store(tmp_path / "a.duckdb")
    assert [r["version"] for r in reopened.query("SELECT version FROM schema_migrations ORDER BY 1")] == \
        [m[0] for m in MIGRATIONS]


def test_kb_load_writes_everything(small_store):
    assert small_store.count("actors") == 12
    assert small_store.count("lineage") == 2
    rel = small_store.query("SELECT * FROM relations WHERE type = 'rivalry'")[0]
    assert (rel["sign"], rel["directed"], rel["status"]) == (-1, False, "curated")
    assert rel["provenance"].startswith("kb:kb_small/kb.yaml:")
    sanctuary = small_store.query("SELECT * FROM relations WHERE type = 'sanctuary'")[0]
    assert (sanctuary["sign"], sanctuary["directed"], str(sanctuary["valid_from_date"])) == (1, True, "1996-01-01")


def test_reload_replaces_curated_rows_but_keeps_extracted(small_store):
    small_store.con.execute(
        "INSERT INTO relations (id, source_id, target_id, type, sign, directed, confidence, status, provenance) "
        "VALUES ('x1', 'taliban', 'isis', 'rivalry', -1, false, 0.6, 'extracted-pending', 'doc:1')")
    api.load_kb(small_store, SMALL_KB)
    assert small_store.count("actors") == 12
    assert small_store.query("SELECT status, count(*) AS n FROM relations GROUP BY 1 ORDER BY 1") == [
        {"status": "curated", "n": 4}, {"status": "extracted-pending", "n": 1}]


def test_failed_load_leaves_store_unchanged(small_store, monkeypatch):
    before = snapshot(small_store)
    calls = {"n": 0}
    real_insert = kb_writer.insert_frame

    def insert_then_fail(con, table, frame):
        calls["n"] += 1
        if table == "lineage":  # sources, actors and aliases are already written by now
            raise RuntimeError("disk full (simulated)")
        real_insert(con, table, frame)

    monkeypatch.setattr(kb_writer, "insert_frame", insert_then_fail)
    with pytest.raises(RuntimeError, match="simulated"):
        api.load_kb(small_store, SMALL_KB)
    assert calls["n"] == 4
    assert snapshot(small_store) == before


def test_one_connection_per_thread(small_store):
    from concurrent.futures import ThreadPoolExecutor

    def count(_):
        return small_store.count("actors")

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(count, range(8))) == [12] * 8


from .conftest import held_open_elsewhere as _held_open_elsewhere  # noqa: E402


def test_a_store_another_process_writes_to_gets_the_lock_hint(tmp_path):
    """DuckDB raises ``IOException`` for a lock held elsewhere (as for any file it cannot open);
    only that one gets the hint."""
    from coalition_watch.errors import StoreError
    from coalition_watch.store import StoreOpenInOtherMode, open_store

    db = tmp_path / "held.duckdb"
    api.init_store(db).close()
    child = _held_open_elsewhere(db)
    try:
        for read_only in (False, True):
            with pytest.raises(StoreError, match="in use by another process .*cwatch serve") as info:
                open_store(db, read_only=read_only)
            assert not isinstance(info.value, StoreOpenInOtherMode)
    finally:
        child.communicate("")
    folder = tmp_path / "blocked-lockers"       # "lock" in the path is no lock
    folder.mkdir()
    (folder / "not.duckdb").write_text("not a database " * 100)
    with pytest.raises(StoreError) as info:
        open_store(folder / "not.duckdb")
    assert "not a valid DuckDB database" in str(info.value) and "another process" not in str(info.value)


def test_a_store_this_process_has_open_in_the_other_mode(tmp_path):
    """DuckDB raises ``ConnectionException`` for it; read-only commands then use the open store."""
    from coalition_watch.cli.common import store_for
    from coalition_watch.store import StoreOpenInOtherMode, open_store

    db = tmp_path / "mine.duckdb"
    writer = api.open_default_store(db)
    try:
        with pytest.raises(StoreOpenInOtherMode, match="different configuration"):
            open_store(db, read_only=True)
        reader = store_for(db, read_only=True)
        assert not reader.read_only and reader.count("actors") > 0
        reader.close()
    finally:
        writer.close()
    with open_store(db, read_only=True) as reader:
        with pytest.raises(StoreOpenInOtherMode, match="different configuration"):
            open_store(db)


def test_a_read_only_store_in_a_read_only_folder_opens_read_only(tmp_path):
    """Nothing is written next to a store opened read-only (meaningful when not run as root)."""
    from coalition_watch.store import open_store

    folder = tmp_path / "shelf"
    folder.mkdir()
    db = folder / "kb.duckdb"
    api.open_default_store(db).close()
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        with open_store(db, read_only=True) as store:
            assert store.count("actors") > 0
        assert sorted(p.name for p in folder.iterdir()) == ["kb.duckdb"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)



def test_no_connection_draws_a_progress_bar(tmp_path):
    # DuckDB draws one on stdout for a query over two seconds (on a connection; its cursors
    # have it off), which broke --json output
    import duckdb

    from coalition_watch.ingest import aggregates
    from coalition_watch.risk.store_panel import connect_store
    from coalition_watch.store import open_store

    setting = "select current_setting('enable_progress_bar')"
    plain = str(tmp_path / "plain.duckdb")  # a file no store connection of this process has set up
    duckdb.connect(plain).close()
    seen = [aggregates.connect(f"duckdb://{plain}").raw_sql(setting).fetchone()[0],
            connect_store(plain).raw_sql(setting).fetchone()[0]]
    store = open_store(str(tmp_path / "s.duckdb"))
    seen.append(store._root.execute(setting).fetchone()[0])
    store.close()
    assert seen == [False, False, False]


def test_a_lock_released_within_the_wait_is_waited_for_and_other_threads_are_not_held(tmp_path):
    """``wait``: a store another process holds for a moment opens once it is released; while a
    session waits for that lock, another thread of the app is not blocked on the store's own lock
    beyond its wait (it gives up with StoreBusy in time)."""
    import threading
    import time

    from coalition_watch.store import SessionStore, StoreBusy, open_store

    db = tmp_path / "held.duckdb"
    api.init_store(db).close()
    sessions = SessionStore(str(db), wait=4.0)
    child = _held_open_elsewhere(db)
    threading.Timer(2.0, child.communicate, args=("",)).start()
    started = time.monotonic()
    opened = []
    waiter = threading.Thread(target=lambda: opened.append(sessions.open_session()))
    waiter.start()
    time.sleep(0.2)  # the waiter is now attaching, retrying on the other process's lock
    sessions.wait, patience = 0.3, time.monotonic()
    with pytest.raises(StoreBusy):
        sessions.open_session(write=True)  # the other mode: must wait for the attaching reader
    assert time.monotonic() - patience < 1.0  # not held until the attach ends (about 1.8 s later)
    waiter.join()
    assert opened and time.monotonic() - started >= 1.9
    sessions.close_session(opened[0])
    store = open_store(db, wait=3.0)  # the plain store waits the same way
    store.close()


def test_connections_come_from_one_helper_with_the_progress_bar_off(tmp_path):
    """``connect_duckdb`` (raw) and ``connect_ibis`` (Ibis on it), file or in-memory."""
    from coalition_watch.store.database import connect_duckdb, connect_ibis

    setting = "select current_setting('enable_progress_bar')"
    plain = tmp_path / "plain.duckdb"
    raw, memory = connect_duckdb(plain), connect_duckdb()
    ibis_file, ibis_memory = connect_ibis(plain), connect_ibis(":memory:")
    try:
        seen = [raw.execute(setting).fetchone()[0], memory.execute(setting).fetchone()[0],
                ibis_file.raw_sql(setting).fetchone()[0], ibis_memory.raw_sql(setting).fetchone()[0]]
    finally:
        for con in (raw, memory):
            con.close()
        for con in (ibis_file, ibis_memory):
            con.disconnect()
    assert seen == [False, False, False, False]


def test_an_ibis_store_connection_waits_for_a_lock_released_within_the_wait(tmp_path, monkeypatch):
    """The Ibis connections to a store file (``cwatch risk --db``, ``cwatch events aggregate``)
    wait for another process's lock as the store does; beyond the wait, the one-line hint."""
    import threading
    import time

    from coalition_watch.errors import StoreError
    from coalition_watch.ingest import aggregates
    from coalition_watch.risk import store_panel
    from coalition_watch.risk.data import RiskDataError
    from coalition_watch.store.database import StoreBusy, connect_ibis

    db = tmp_path / "held.duckdb"
    api.init_store(db).close()
    child = _held_open_elsewhere(db)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="in use by another process"):
            connect_ibis(db, read_only=True, wait=0.3)
        assert time.monotonic() - started >= 0.25
        with monkeypatch.context() as patch:  # shorter waits than the default, to give up
            patch.setattr(store_panel, "LOCK_WAIT", 0.2)
            patch.setattr(aggregates, "LOCK_WAIT", 0.2)
            with pytest.raises(RiskDataError, match="cannot read the event store .*in use by another process"):
                store_panel.connect_store(db)
            with pytest.raises(StoreError, match="in use by another process"):
                aggregates.connect(f"duckdb://{db}")
    finally:
        child.communicate("")
    for opening in (lambda: store_panel.connect_store(db), lambda: aggregates.connect(f"duckdb://{db}")):
        child = _held_open_elsewhere(db)
        threading.Timer(1.0, child.communicate, args=("",)).start()
        started = time.monotonic()
        con = opening()  # the default wait (3 s) outlasts the lock
        try:
            assert time.monotonic() - started >= 0.9
            assert "events" in con.list_tables()
        finally:
            con.disconnect()


def test_source_details_in_citation_order_with_one_lookup_and_the_id_fallback(small_store, monkeypatch):
    """``source_details`` (one list) and ``source_details_lists`` (one lookup for many) turn cited
    source ids into display entries everywhere (API profiles, briefings, the review list)."""
    from coalition_watch.store import actors

    cited = ["src-ucdp", "src-un-mt", "src-ucdp", "https://example.org/report"]
    details = actors.source_details(small_store, cited)
    assert [(d["id"], d["kind"]) for d in details] == [("src-ucdp", "catalogue"), ("src-un-mt", "catalogue"),
                                                      ("src-ucdp", "catalogue"),
                                                      ("https://example.org/report", "analyst")]
    assert [d["id"] for d in actors.source_details(small_store, cited, once=True)] == [
        "src-ucdp", "src-un-mt", "https://example.org/report"]
    assert actors.source_details(small_store, None) == []
    # an actor's (and a case's) own sources are listed once each; a relation's, one per citation
    small_store.con.execute("UPDATE actors SET sources = ? WHERE id = 'hts'", [cited[:3]])
    small_store.con.execute("UPDATE relations SET sources = ? WHERE source_id = 'hts' OR target_id = 'hts'",
                            [cited[:3]])
    profile = api.actor_profile("hts", store=small_store)
    assert [d["id"] for d in profile["source_details"]] == ["src-ucdp", "src-un-mt"]
    assert profile["relations"] and all([d["id"] for d in r["source_details"]] == cited[:3]
                                        for r in profile["relations"])
    asked = []

    def partial(store, ids):  # a lookup without an entry for "gone"
        asked.append(ids)
        return {"src-ucdp": {"id": "src-ucdp", "kind": "catalogue"}}

    monkeypatch.setattr(actors, "sources_by_id", partial)
    assert actors.source_details_lists(small_store, [["src-ucdp", "gone"], None, ["gone", "gone"]], once=True) == [
        [{"id": "src-ucdp", "kind": "catalogue"}, {"id": "gone"}], [], [{"id": "gone"}]]
    assert asked == [{"src-ucdp", "gone"}]
