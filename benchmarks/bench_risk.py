"""Timing of the early-warning module: full backtest and `cwatch risk`, medians of several runs.

Each figure is reported next to a baseline measured in the same run (reading the GED country-month
CSV with pandas, starting a Python process that imports pandas, and `cwatch --help`, the start-up
cost every command pays), so machines can be compared.

`cwatch risk --as-of M --top 10 --json` is timed in four cache states, each run in a fresh process:

- *empty cache*: the ranking data are built from the CSVs and the KB, one refit;
- *new year*: the ranking data are cached, the refit of M's data year is not (one refit);
- *new month*: data and the year's refit cached, the month never asked for (features of one month
  and a matrix product);
- *repeat*: the ranking itself cached.

    python benchmarks/bench_risk.py [--backtest-runs 3] [--risk-runs 5] [--no-backtest]

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


def _clear(cache: str, keep: str | None = None) -> None:
    """Delete the cached risk files (every entry's JSON and Arrow files), except those whose
    name starts with ``keep``."""
    for f in Path(cache).glob("risk/*"):
        if keep is None or not f.name.startswith(keep):
            f.unlink()


def _states(cache: str, env: dict, runs: int) -> dict[str, list[float]]:
    """Wall seconds of `cwatch risk` per cache state; the states are interleaved run by run so that
    a change of machine load hits all of them alike. Run ``i`` asks for origins in year 2010 + i."""
    times: dict[str, list[float]] = {"empty_cache": [], "new_year": [], "new_month": [], "repeat": []}

    def risk(as_of: str) -> float:
        cmd = [sys.executable, "-m", "coalition_watch.cli", "risk", "--as-of", as_of, "--top", "10", "--json"]
        start = time.perf_counter()
        _run(cmd, env)
        return time.perf_counter() - start

    for i in range(runs):
        year = 2010 + i
        _clear(cache)
        times["empty_cache"].append(risk("2024-11"))
        _clear(cache, keep="ranking-data-")
        times["new_year"].append(risk(f"{year}-05"))
        times["new_month"].append(risk(f"{year}-08"))
        times["repeat"].append(risk(f"{year}-08"))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backtest-runs", type=int, default=3)
    parser.add_argument("--risk-runs", type=int, default=5)
    parser.add_argument("--no-backtest", action="store_true",
                        help="Time only `cwatch risk` (keeps the backtest figures of the last result file).")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import pandas as pd

    from coalition_watch.risk.api import load_dataset, run_backtest
    from coalition_watch.risk.data import data_file

    out = ROOT / "benchmarks" / "results" / "risk.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    csv = data_file("ucdp/ged_country_month_1985_2024.csv")
    read_csv, _ = _median_time(lambda: pd.read_csv(csv), 5)

    cache = tempfile.mkdtemp(prefix="cwatch-bench-")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CWATCH_CACHE": cache}
    python_pandas, _ = _median_time(lambda: _run([sys.executable, "-c", "import pandas"], env), args.risk_runs)
    cli_help, help_times = _median_time(
        lambda: _run([sys.executable, "-m", "coalition_watch.cli", "--help"], env), args.risk_runs)

    states = _states(cache, env, args.risk_runs)
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "load_average_1_5_15_at_start": load_at_start,
        "baseline_read_ged_csv_s": round(read_csv, 3),
        "baseline_python_import_pandas_s": round(python_pandas, 3),
        "baseline_cwatch_help_s": round(cli_help, 3),
        "baseline_cwatch_help_runs_s": [round(t, 2) for t in help_times],
    }
    for state, times in states.items():
        median = statistics.median(times)
        report[f"risk_cli_{state}_s"] = round(median, 2)
        report[f"risk_cli_{state}_runs_s"] = [round(t, 2) for t in times]
        report[f"risk_cli_{state}_over_cwatch_help"] = round(median / cli_help, 2)

    if args.no_backtest:
        for key in ("backtest_full_s", "backtest_runs_s", "backtest_full_no_ci_s", "backtest_no_ci_runs_s"):
            if key in previous:
                report[key] = previous[key]
        report["backtest_measured"] = previous.get("backtest_measured", "earlier run")
    else:
        def backtest(ci=True):
            run_backtest(horizon=6, dataset=load_dataset(use_cache=False), ci=ci)

        bt_median, bt_times = _median_time(backtest, args.backtest_runs)
        bt_noci, bt_noci_times = _median_time(lambda: backtest(ci=False), args.backtest_runs)
        report.update({
            "backtest_full_s": round(bt_median, 2), "backtest_runs_s": [round(t, 2) for t in bt_times],
            "backtest_full_no_ci_s": round(bt_noci, 2),
            "backtest_no_ci_runs_s": [round(t, 2) for t in bt_noci_times],
            "backtest_measured": report["date"],
        })
    report["load_average_1_5_15_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["targets"] = {"backtest_full_s": 60, "risk_cli_s": 2}

    print(f"{'state':14s} {'median s':>9s} {'x --help':>9s}  runs")
    for state in states:
        print(f"{state:14s} {report[f'risk_cli_{state}_s']:9.2f} {report[f'risk_cli_{state}_over_cwatch_help']:9.2f}"
              f"  {report[f'risk_cli_{state}_runs_s']}")
    print(f"{'cwatch --help':14s} {cli_help:9.2f}")
    print(json.dumps(report, indent=2))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
