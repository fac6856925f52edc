from __future__ import annotations

from pathlib import Path

import pytest

from coalition_watch import api
from coalition_watch.paths import shared_dir
from coalition_watch.registry.knowledge_base import load_kb
from coalition_watch.registry.resolver import Resolver

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_KB = FIXTURES / "kb_small"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "data").is_dir():
        pytest.fail(f"shared data folder not found at {path}; set CWATCH_SHARED")
    return path


@pytest.fixture(scope="session")
def small_kb():
    return load_kb(SMALL_KB)


@pytest.fixture(scope="session")
def small_resolver(small_kb) -> Resolver:
    return Resolver(small_kb.actors.values(), small_kb.lineage)


@pytest.fixture()
def small_store(tmp_path):
    store = api.init_store(tmp_path / "test.duckdb")
    api.load_kb(store, SMALL_KB)
    yield store
    store.close()


@pytest.fixture(scope="session")
def spark():
    """One local-mode SparkSession for the whole run (the JVM start is the slow part)."""
    import os
    import sys

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="the spark extra is installed by make test")
    session = (pyspark_sql.SparkSession.builder.master("local[2]").appName("cwatch-tests")
               .config("spark.ui.enabled", "false").config("spark.pyspark.python", sys.executable)
               .config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
               .config("spark.sql.adaptive.enabled", "false").getOrCreate())
    yield session
    session.stop()


def held_open_elsewhere(path, seconds: float | None = None):
    """A child process holding a read-write DuckDB connection to ``path``, returned once it holds
    it: until it is ended (``child.communicate("")``), or for ``seconds`` when given (then
    ``child.wait()``)."""
    import subprocess
    import sys

    hold = f"time.sleep({seconds}); con.close()" if seconds is not None else "sys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                              f"print('open', flush=True); {hold}", str(path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "open"
    return child


def console_script(capsys, monkeypatch, *, rejoin: bool = False):
    """A function that runs ``cwatch ARGS`` as the console script does and returns (exit code,
    stdout, stderr); with ``rejoin``, stdout's lines as Rich wrapped them are joined back."""
    from coalition_watch.cli import main as cli_main

    def run(*argv):
        monkeypatch.setattr("sys.argv", ["cwatch", *argv])
        with pytest.raises(SystemExit) as exit_info:
            cli_main()
        out = capsys.readouterr()
        return exit_info.value.code, (" ".join(out.out.split()) if rejoin else out.out), out.err
    return run
