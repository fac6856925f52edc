"""Timing of the early-warning module: full backtest and `cwatch risk`, medians of several runs.

Each figure is reported next to a baseline measured in the same run (reading the GED country-month
CSV with pandas, and starting a Python process that imports pandas), so machines can be compared.

    python benchmarks/bench_risk.py [--backtest-runs 3] [--risk-runs 5]

Targets (issue): full backtest (25 yearly refits, all horizons, all models) < 60 s on 2 cores;
`cwatch risk` < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_time(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def _run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backtest-runs", type=int, default=3)
    parser.add_argument("--risk-runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import pandas as pd

    from coalition_watch.risk.api import load_dataset, run_backtest
    from coalition_watch.risk.data import data_file

    csv = data_file("ucdp/ged_country_month_1985_2024.csv")
    read_csv, _ = _median_time(lambda: pd.read_csv(csv), 5)

    cache = tempfile.mkdtemp(prefix="cwatch-bench-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CWATCH_CACHE": cache}
    python_pandas, _ = _median_time(lambda: _run([sys.executable, "-c", "import pandas"], env), args.risk_runs)

    def backtest():
        run_backtest(horizon=6, dataset=load_dataset(use_cache=False))

    bt_median, bt_times = _median_time(backtest, args.backtest_runs)

    risk_cmd = [sys.executable, "-m", "coalition_watch.cli", "risk", "--as-of", "2024-11", "--top", "10", "--json"]

    def risk_cold():
        for f in Path(cache).glob("risk/*.pkl"):
            f.unlink()
        _run(risk_cmd, env)

    cold, cold_times = _median_time(risk_cold, args.risk_runs)
    _run(risk_cmd, env)  # warm the cache
    warm, warm_times = _median_time(lambda: _run(risk_cmd, env), args.risk_runs)

    report = {
        "cpus": os.cpu_count(),
        "baseline_read_ged_csv_s": round(read_csv, 3),
        "baseline_python_import_pandas_s": round(python_pandas, 3),
        "backtest_full_s": round(bt_median, 2), "backtest_runs_s": [round(t, 2) for t in bt_times],
        "risk_cli_cold_cache_s": round(cold, 2), "risk_cli_cold_runs_s": [round(t, 2) for t in cold_times],
        "risk_cli_warm_cache_s": round(warm, 2), "risk_cli_warm_runs_s": [round(t, 2) for t in warm_times],
        "targets": {"backtest_full_s": 60, "risk_cli_s": 2},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
