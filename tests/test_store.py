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


def _held_open_elsewhere(path):
    """A child process holding a read-write DuckDB connection to ``path`` until it is ended."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
                              "print('open', flush=True); sys.stdin.read()", str(path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "open"
    return child


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
