"""A killed load leaves the store as it was; malformed input never crashes or half-writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition_watch import api
from coalition_watch.errors import InputError
from coalition_watch.ingest import api as ingest
from coalition_watch.sources.ucdp_country_year import ACD
from coalition_watch.sources.ucdp_ged import GED_34
from tests.conftest import SMALL_KB

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                     for t in ("events", "ingests", "quarantine", "unresolved_names", "event_revisions"))


def test_sigkill_mid_load_leaves_store_unchanged(tmp_path, shared):
    db = tmp_path / "kill.duckdb"
    store = api.init_store(db)
    api.load_kb(store, SMALL_KB)
    ingest.ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_candidate_2026_01.csv"])
    store.close()
    before = _snapshot(db)
    big = tmp_path / "ged_big.csv"
    lines = (shared / "data" / "ucdp" / "ged_syria_2016_2017.csv").read_text(encoding="utf-8").splitlines()
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(lines[0] + "\n")
        for k in range(25):
            for i, line in enumerate(lines[1:]):
                fh.write(f"{k * 10_000_000 + i}{line[line.index(','):]}\n")
    script = ("import sys\nfrom coalition_watch import api\nfrom coalition_watch.ingest import api as ingest\n"
              "store = api.open_store(sys.argv[1])\n"
              "def progress(step, frac):\n    print(step, flush=True)\n"
              "ingest.ingest(store, 'ucdp-ged', [sys.argv[2]], progress=progress)\nprint('done', flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(db), str(big)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    for line in proc.stdout:
        if line.startswith("reading"):
            break
    time.sleep(0.3)
    assert proc.poll() is None, "the load finished before it could be killed; make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _snapshot(db) == before
    store = api.open_store(db)               # and the store still accepts a load afterwards
    [s] = ingest.ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_ethiopia.csv"])
    assert s.rows_stored == 3808
    store.close()


_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1.5", "-7", "NaN", "inf", "2016-02-30", "9999-99-99", '"', '""', "\n", ",,", "Ω"]),
    st.text(min_size=2000, max_size=5000, alphabet="ab,\"\n"),
    st.integers(-10**12, 10**12).map(str),
)


def _ged_row(draw_cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n') else c for c in draw_cells)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=1, max_size=40), min_size=1, max_size=6),
       garbage=st.binary(max_size=200), truncate=st.booleans())
def test_ged_parser_survives_malformed_rows(tmp_path_factory, rows, garbage, truncate):
    folder = tmp_path_factory.mktemp("fuzz")
    store = api.init_store(folder / "f.duckdb")
    valid = "214797.0,2016,1.0,1.0,299.0,Syria: Government,11973.0,x,118.0,Government of Syria,4456.0,,Syrian insurgents,1.0,1.0,Homs,Ar Rastan,34.8,36.7,179714.0,Syria,652.0,Middle East,1.0,1.0,2016-01-01,2016-01-01,2.0,2.0,0.0,0.0,4.0,4.0,4.0"
    body = ",".join(GED_34) + "\n" + valid + "\n" + "\n".join(_ged_row(r) for r in rows) + "\n"
    data = body.encode("utf-8") + garbage
    if truncate:
        data = data[: max(len(",".join(GED_34)) + 2, len(data) * 2 // 3)]
    path = folder / "fuzz.csv"
    path.write_bytes(data)
    try:
        [s] = ingest.ingest(store, "ucdp-ged", [path])
    except InputError:
        assert store.count("events") == 0 and store.count("ingests") == 0
    else:
        assert s.rows_read == s.rows_stored + s.rows_quarantined
        assert store.count("events") == s.rows_stored
        assert store.query("SELECT count(DISTINCT line) AS n FROM quarantine")[0]["n"] <= s.rows_quarantined
    store.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=1, max_size=32), min_size=1, max_size=6), garbage=st.binary(max_size=100))
def test_acd_parser_survives_malformed_rows(tmp_path_factory, rows, garbage):
    folder = tmp_path_factory.mktemp("fuzz")
    store = api.init_store(folder / "a.duckdb")
    body = ";".join(ACD) + "\n" + "\n".join(";".join(c.replace("\n", " ") for c in r) for r in rows) + "\n"
    path = folder / "acd.csv"
    path.write_bytes(body.encode("utf-8") + garbage)
    try:
        [s] = ingest.ingest(store, "ucdp-acd", [path])
    except InputError:
        assert store.count("conflict_years") == 0
    else:
        assert s.rows_read == s.rows_stored + s.rows_quarantined
        assert store.count("conflict_years") == s.rows_stored
    store.close()
