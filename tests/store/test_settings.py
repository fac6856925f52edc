"""Settings held for a piece of work are per DuckDB instance: shared by the stores open on one
file, separate for two files, and restored when the last holder ends."""

from __future__ import annotations

from coalition_watch.store import SessionStore, open_store
from coalition_watch.store.settings import held_settings

THREADS = "SELECT current_setting('threads')"


def _threads(store) -> int:
    return store.con.execute(THREADS).fetchall()[0][0]


def test_stores_on_two_files_keep_their_own_settings(tmp_path):
    """Two files are two DuckDB instances: a load's settings on one cannot reach the other."""
    one, other = open_store(tmp_path / "one.duckdb"), open_store(tmp_path / "other.duckdb")
    try:
        one.con.execute("SET threads = 3")
        other.con.execute("SET threads = 2")
        assert one.instance_key != other.instance_key
        with held_settings(one.con, one.instance_key, {"threads": 1}):
            assert (_threads(one), _threads(other)) == (1, 2)
        assert (_threads(one), _threads(other)) == (3, 2)
    finally:
        one.close()
        other.close()


def test_stores_on_one_file_share_settings_restored_by_the_last_holder(tmp_path):
    """Two stores open on one file share its instance; holds through either nest, and the value
    from before the first comes back only when both have ended, in any order."""
    path = tmp_path / "shared.duckdb"
    first, second = open_store(path), open_store(path)
    try:
        first.con.execute("SET threads = 3")
        assert first.instance_key == second.instance_key
        hold_first = held_settings(first.con, first.instance_key, {"threads": 1})
        hold_second = held_settings(second.con, second.instance_key, {"threads": 1})
        hold_first.__enter__()
        hold_second.__enter__()
        hold_first.__exit__(None, None, None)
        assert _threads(second) == 1                     # the second still holds it
        hold_second.__exit__(None, None, None)
        assert (_threads(first), _threads(second)) == (3, 3)
    finally:
        first.close()
        second.close()


def test_a_session_store_has_its_own_instance(tmp_path):
    """A SessionStore attaches the file to an in-memory instance of its own, so its settings are
    not those of a store open on the file."""
    path = tmp_path / "web.duckdb"
    open_store(path).close()
    web = SessionStore(path)
    try:
        with web.session():
            before = _threads(web)
            with held_settings(web.con, web.instance_key, {"threads": 1}):
                assert _threads(web) == 1
            assert _threads(web) == before
    finally:
        web.close()
    plain = open_store(path)
    try:
        assert web.instance_key != plain.instance_key
    finally:
        plain.close()
