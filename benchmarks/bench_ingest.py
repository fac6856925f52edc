"""Benchmark event ingestion and aggregates; prints a table, writes benchmarks/results/ingest.json.

1. Ratio: ingest of the real GED Syria file (split, resolve, quarantine checks, write) against
   DuckDB's plain ``read_csv`` of the same file into a table, same run, medians of N runs.
2. Scale: a synthetic 5M-row GED file (34-column layout) made by resampling the real rows with
   new ids, under /tmp; ingest rows/s and peak memory (child process max RSS).
3. Country-month aggregate over the 5M rows on DuckDB (Ibis) and on PySpark local mode.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from coalition_watch.paths import shared_dir  # noqa: E402

SOURCE = shared_dir() / "data" / "ucdp" / "ged_syria_2016_2017.csv"
KB = ROOT / "tests" / "fixtures" / "kb_small"
ROWS = int(os.environ.get("BENCH_ROWS", 5_000_000))
RUNS = int(os.environ.get("BENCH_RUNS", 5))

_CHILD = """
import sys, time, resource
from coalition_watch import api
from coalition_watch.ingest import api as ingest
store = api.init_store(sys.argv[1]); api.load_kb(store, sys.argv[3])
t = time.perf_counter()
[s] = ingest.ingest(store, 'ucdp-ged', [sys.argv[2]])
print(time.perf_counter() - t, s.rows_read, s.rows_stored, s.rows_quarantined,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def plain_read_csv(path: Path, folder: Path) -> float:
    db = folder / f"plain-{time.perf_counter_ns()}.duckdb"
    con = duckdb.connect(str(db))
    t = time.perf_counter()
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{path}')").fetchall()
    elapsed = time.perf_counter() - t
    con.close()
    db.unlink()
    return elapsed


def ingest_child(path: Path, folder: Path) -> dict:
    db = folder / f"store-{time.perf_counter_ns()}.duckdb"
    out = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(path), str(KB)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    seconds, read, stored, quarantined, rss_kb = out.stdout.strip().splitlines()[-1].split()
    db.unlink(missing_ok=True)
    return {"seconds": float(seconds), "read": int(read), "stored": int(stored),
            "quarantined": int(quarantined), "peak_mb": int(rss_kb) / 1024}


def make_synthetic(path: Path, rows: int) -> None:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE src AS SELECT * FROM read_csv('{SOURCE}', all_varchar=true)")
    n = con.execute("SELECT count(*) FROM src").fetchall()[0][0]
    con.execute(f"""COPY (SELECT (10000000 + i)::VARCHAR || '.0' AS id, s.* EXCLUDE (id, k)
                     FROM range({rows}) r(i) JOIN (SELECT row_number() OVER () - 1 AS k, * FROM src) s
                     ON s.k = hash(i) % {n}) TO '{path}' (HEADER, DELIMITER ',')""")
    con.close()


def main() -> None:
    results: dict = {"date": time.strftime("%Y-%m-%d"), "source": SOURCE.name, "runs": RUNS}
    with tempfile.TemporaryDirectory(prefix="cwatch-bench-", dir="/tmp") as tmp:
        folder = Path(tmp)
        plain = [plain_read_csv(SOURCE, folder) for _ in range(RUNS)]
        ours = [ingest_child(SOURCE, folder) for _ in range(RUNS)]
        rows = ours[0]["read"]
        results["real_file"] = {
            "rows": rows, "plain_read_csv_s": statistics.median(plain),
            "ingest_s": statistics.median(o["seconds"] for o in ours),
        }
        results["real_file"]["speed_ratio"] = results["real_file"]["plain_read_csv_s"] / results["real_file"]["ingest_s"]
        big = folder / "ged_synthetic.csv"
        make_synthetic(big, ROWS)
        plain_big = plain_read_csv(big, folder)
        db = folder / "big.duckdb"
        out = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(big), str(KB)], capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
        seconds, read, stored, quarantined, rss_kb = out.stdout.strip().splitlines()[-1].split()
        results["synthetic"] = {"rows": int(read), "stored": int(stored), "quarantined": int(quarantined),
                                "ingest_s": float(seconds), "rows_per_s": int(read) / float(seconds),
                                "peak_mb": int(rss_kb) / 1024, "plain_read_csv_s": plain_big,
                                "speed_ratio": plain_big / float(seconds)}
        from coalition_watch.ingest import aggregates
        con = aggregates.connect(f"duckdb://{db}")
        times = []
        for _ in range(3):
            t = time.perf_counter()
            aggregates.aggregate(con, "country-month").execute()
            times.append(time.perf_counter() - t)
        results["country_month_duckdb_s"] = statistics.median(times)
        con.disconnect()
        try:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            import ibis
            from pyspark.sql import SparkSession
            session = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false") \
                .config("spark.driver.memory", "2g").getOrCreate()
            spark = ibis.pyspark.connect(session)
            aggregates.register_store_in_spark(db, spark, folder / "parquet")
            t = time.perf_counter()
            aggregates.aggregate(spark, "country-month").execute()
            results["country_month_pyspark_s"] = time.perf_counter() - t
            session.stop()
        except Exception as exc:  # report, do not hide
            results["country_month_pyspark_error"] = str(exc).splitlines()[0]
    out = ROOT / "benchmarks" / "results" / "ingest.json"
    out.write_text(json.dumps(results, indent=2))
    r, s = results["real_file"], results["synthetic"]
    print(f"{'measure':40} {'value':>14}")
    print(f"{'real GED file rows':40} {r['rows']:>14}")
    print(f"{'plain read_csv (median s)':40} {r['plain_read_csv_s']:>14.3f}")
    print(f"{'ingest with resolution (median s)':40} {r['ingest_s']:>14.3f}")
    print(f"{'speed ratio (read_csv time / ingest)':40} {r['speed_ratio']:>14.2f}")
    print(f"{'synthetic rows':40} {s['rows']:>14}")
    print(f"{'synthetic ingest rows/s':40} {s['rows_per_s']:>14.0f}")
    print(f"{'synthetic speed ratio':40} {s['speed_ratio']:>14.2f}")
    print(f"{'synthetic peak memory (MB)':40} {s['peak_mb']:>14.0f}")
    print(f"{'country-month DuckDB (median s)':40} {results['country_month_duckdb_s']:>14.3f}")
    print(f"{'country-month PySpark (s)':40} {results.get('country_month_pyspark_s', float('nan')):>14.3f}")


if __name__ == "__main__":
    main()
