"""A store error names no command-line option; the command line adds its own."""

from __future__ import annotations

import pytest

from coalition_watch import api
from coalition_watch.cli import main
from coalition_watch.store import StoreBusy, open_store
from tests.conftest import held_open_elsewhere


def test_a_busy_store_is_worded_for_the_python_api_and_the_command_line(tmp_path, capsys, monkeypatch):
    db = tmp_path / "held.duckdb"
    api.init_store(db).close()
    child = held_open_elsewhere(db)
    try:
        with pytest.raises(StoreBusy) as caught:
            open_store(db)
        assert "in use by another process" in str(caught.value) and "--db" not in str(caught.value)
        monkeypatch.setattr("coalition_watch.cli.common.LOCK_WAIT", 0.2)
        monkeypatch.setattr("sys.argv", ["cwatch", "actors", "unresolved", "--db", str(db)])
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        child.communicate("")
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1
    assert "in use by another process" in err and err.rstrip().endswith("or open another store (pass it as --db PATH)")
