"""Timing of the early-warning module: full backtest and `cwatch risk`, medians of several runs.

Each figure is reported next to a baseline measured in the same run (reading the GED country-month
CSV with pandas, starting a Python process that imports pandas, and `cwatch --help`, the start-up
cost every command pays), so machines can be compared.

`cwatch risk` is timed in three states: *empty cache* (dataset build and one refit), *new month*
(dataset and the refit of the month's year cached, the month itself never asked for: features
and a matrix product), and *repeat* (the ranking itself cached).

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

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    csv = data_file("ucdp/ged_country_month_1985_2024.csv")
    read_csv, _ = _median_time(lambda: pd.read_csv(csv), 5)

    cache = tempfile.mkdtemp(prefix="cwatch-bench-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CWATCH_CACHE": cache}
    python_pandas, _ = _median_time(lambda: _run([sys.executable, "-c", "import pandas"], env), args.risk_runs)

    cli_help, _ = _median_time(lambda: _run([sys.executable, "-m", "coalition_watch.cli", "--help"], env),
                               args.risk_runs)

    def backtest(ci=True):
        run_backtest(horizon=6, dataset=load_dataset(use_cache=False), ci=ci)

    bt_median, bt_times = _median_time(backtest, args.backtest_runs)
    bt_noci, bt_noci_times = _median_time(lambda: backtest(ci=False), args.backtest_runs)

    risk_cmd = [sys.executable, "-m", "coalition_watch.cli", "risk", "--as-of", "2024-11", "--top", "10", "--json"]

    def risk_cold():
        for f in Path(cache).glob("risk/*.pkl"):
            f.unlink()
        _run(risk_cmd, env)

    cold, cold_times = _median_time(risk_cold, args.risk_runs)
    _run(risk_cmd, env)  # warm the cache
    # new months of 2024: the dataset and the 2024 refit are cached, the months are not
    fresh_months = iter(f"2024-{m:02d}" for m in range(2, 11))

    def risk_new_month():
        cmd = list(risk_cmd)
        cmd[cmd.index("--as-of") + 1] = next(fresh_months)
        _run(cmd, env)

    new_month, new_month_times = _median_time(risk_new_month, min(args.risk_runs, 9))
    warm, warm_times = _median_time(lambda: _run(risk_cmd, env), args.risk_runs)

    report = {
        "cpus": os.cpu_count(),
        "load_average_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()],
        "baseline_read_ged_csv_s": round(read_csv, 3),
        "baseline_python_import_pandas_s": round(python_pandas, 3),
        "baseline_cwatch_help_s": round(cli_help, 3),
        "backtest_full_s": round(bt_median, 2), "backtest_runs_s": [round(t, 2) for t in bt_times],
        "backtest_full_no_ci_s": round(bt_noci, 2), "backtest_no_ci_runs_s": [round(t, 2) for t in bt_noci_times],
        "risk_cli_new_month_s": round(new_month, 2),
        "risk_cli_new_month_runs_s": [round(t, 2) for t in new_month_times],
        "risk_cli_new_month_over_cwatch_help": round(new_month / cli_help, 2),
        "risk_cli_cold_cache_s": round(cold, 2), "risk_cli_cold_runs_s": [round(t, 2) for t in cold_times],
        "risk_cli_warm_cache_s": round(warm, 2), "risk_cli_warm_runs_s": [round(t, 2) for t in warm_times],
        "load_average_1_5_15_at_start": load_at_start,
        "targets": {"backtest_full_s": 60, "risk_cli_s": 2},
    }
    print(json.dumps(report, indent=2))
    out = ROOT / "benchmarks" / "results" / "risk.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
