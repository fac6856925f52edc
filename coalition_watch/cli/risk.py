"""``cwatch risk`` and ``cwatch backtest``: the early-warning commands, thin over risk.api."""

from __future__ import annotations

import atexit
import gc
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

_console = Console(markup=False)


def _fail(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(code=2)


def _risk_data_message(exc) -> str:
    """A :class:`~coalition_watch.risk.data.RiskDataError` worded with this command line's options."""
    return exc.worded({"as_of": "--as-of", "db": "--db PATH",
                       "ingest": f"cwatch ingest ucdp-ged FILE --db {exc.db or 'PATH'}"})


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _leave_objects_to_exit() -> None:
    """Freeze the garbage collector's view of the objects alive when the process exits
    (``gc.freeze`` at exit), so that the interpreter's final collections do not walk and tear down
    the modules of pandas, pyarrow and the ranking's data one object by one: that took about 0.2 s
    after the answer was printed. The memory goes back to the operating system as for any exiting
    process; the cache files are closed by then and standard output is still flushed. In a process
    that carries on (tests calling the command) nothing changes until it exits."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def risk(
    as_of: Annotated[str, typer.Option("--as-of", help="Origin month YYYY-MM; data through the month before are used.")],
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Show only the N highest-risk countries.")] = None,
    horizon: Annotated[int, typer.Option("--horizon", min=1, max=24, help="Forecast window in months.")] = 6,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    db: Annotated[Optional[Path], typer.Option(
        "--db", help="Event store whose ingested GED releases extend the bundled panel past its last "
                     "month and give the spread signals (default: the bundled panel only; unlike other "
                     "commands, ./cwatch.duckdb and $CWATCH_DB are not read: switching data is explicit).",
        show_default=False)] = None,
) -> None:
    """Rank countries by the probability that armed non-state actors overthrow the government or
    force it out of the capital within the horizon. Example: cwatch risk --as-of 2021-05 --top 10"""
    from coalition_watch.risk.api import risk_ranking
    from coalition_watch.risk.data import RiskDataError, month_index
    from coalition_watch.risk.partitions import HORIZONS

    _leave_objects_to_exit()
    try:
        month_index(as_of)
    except ValueError as exc:
        _fail(f"--as-of: {exc}")
    try:
        result = risk_ranking(as_of, top=top, horizon=horizon, db=db)
    except RiskDataError as exc:
        _fail(_risk_data_message(exc))
    except ValueError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(result)
        return
    months = "month" if result["horizon"] == 1 else "months"
    table = Table(title=f"Risk of a fall within {result['horizon']} {months}, issued {result['as_of']} "
                        f"(data through {result['data_through']}); alarm above {result['threshold']:.2%}")
    table.add_column("#", justify="right")
    table.add_column("country")
    table.add_column("probability", justify="right")
    table.add_column("alarm")
    table.add_column("main reasons")
    for row in result["countries"]:
        table.add_row(str(row["rank"]), row["country"], f"{row['probability']:.2%}",
                      "yes" if row["alarm"] else "", "\n".join(row["reasons"]))
    _console.print(table)
    for source in result.get("data_sources", []):
        if source.get("months"):
            _console.print(f"{source['source']}: {source['months']}")
        elif "db" in source:
            _console.print(f"event store {source['db']}: no months after the bundled panel used")
    refit = result.get("refit")
    if refit:
        _console.print(f"model refit {refit['year']} (training data months {refit['train']})")
    if "countries_ranked" in result:
        _console.print(f"{result['countries_ranked']} countries ranked: those with a row in the conflict data for "
                       f"{result['data_through']} (a country the UCDP GED panel lacks is not ranked)")
    for citation in result.get("citations", []):
        _console.print(f"source: {citation}")
    if result["horizon"] not in HORIZONS:
        _console.print(f"note: only horizons {', '.join(map(str, HORIZONS))} are backtested (docs/risk.md); "
                       f"the {result['horizon']}-month model is fitted the same way but its record is not measured")
    if result.get("base_rate") is not None:
        _console.print(f"base rate: {result['base_rate']:.2%} of the refit's {result['training_country_months']:,} "
                       f"training country-months were followed by a fall within {result['horizon']} months; "
                       "read a probability against it (how backtested probabilities compare with observed "
                       "rates: docs/risk.md, Calibration)")
    for note in result.get("supplementary", []):
        label = "spread and proximity" if note.get("signal") == "spread_proximity" else "territorial momentum"
        _console.print(Text.assemble((note["country"], "bold"), f" {label} (not in the model): {note['text']}"))


def backtest(
    horizon: Annotated[int, typer.Option("--horizon", help="Horizon (months) to report: 3, 6 or 12.")] = 6,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for the table (Markdown, CSV) and reliability plot.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    ci: Annotated[bool, typer.Option("--ci/--no-ci", help="Country-bootstrap 95% intervals for AUC-ROC and AUC-PR (300 resamples).")] = True,
    db: Annotated[Optional[Path], typer.Option("--db", hidden=True, show_default=False)] = None,
) -> None:
    """Rolling-origin backtest 2000-2024 of the main model and every baseline, all horizons.
    Example: cwatch backtest --horizon 6 --out out/backtest"""
    from coalition_watch.risk.api import run_backtest
    from coalition_watch.risk.data import RiskDataError

    if db is not None:
        _fail("--db: backtest reads no store; it evaluates on the bundled panel, origins 2000-2024, whose "
              "outcomes are known (store months come after 2024 and have none yet); see docs/risk.md")
    if horizon not in (3, 6, 12):
        _fail("--horizon must be 3, 6 or 12")
    try:
        result = run_backtest(horizon=horizon, out_dir=out, ci=ci)
    except RiskDataError as exc:
        _fail(_risk_data_message(exc))
    except ValueError as exc:
        _fail(str(exc))
    if as_json:
        result = {k: v for k, v in result.items() if k not in ("reliability", "per_model_cases")}
        _print_json(result)
        return
    table = Table(title=f"Backtest, horizon {horizon} months, origins 2000-2024 "
                        f"(base rate {result['base_rate']:.3%}, {result['test_falls']} falls)")
    for col in ("model", "AUC-ROC", "AUC-PR", "Brier", "Brier skill"):
        table.add_column(col, justify="left" if col == "model" else "right")

    def with_ci(value: float, interval, fmt: str) -> str:
        text = format(value, fmt)
        return text if not interval or None in interval else f"{text} [{interval[0]:{fmt}}, {interval[1]:{fmt}}]"

    for name, s in result["models"].items():
        table.add_row(name, with_ci(s["auc_roc"], s.get("auc_roc_ci"), ".3f"),
                      with_ci(s["auc_pr"], s.get("auc_pr_ci"), ".4f"), f"{s['brier']:.5f}",
                      f"{s['brier_skill']:+.4f}")
    _console.print(table)
    main = result["models"].get(result["main_model"], {})
    if main.get("auc_pr_ratio") is not None:
        _console.print(f"AUC-PR of {result['main_model']} / conflict_history: "
                       f"{with_ci(main['auc_pr_ratio'], main.get('auc_pr_ratio_ci'), '.2f')}"
                       + (" (95% country bootstrap)" if main.get("auc_pr_ratio_ci") else ""))
    cases = Table(title=f"Falls ({result['main_model']}); alarm threshold of the last refit "
                        f"{result['threshold']:.2%} (each origin year has its refit's: --json thresholds_by_year)")
    for col in ("country", "fall", "first alarm", "lead (months)", "last alarm", "alarmed origins",
                "rank at origin, 6 months before → fall month"):
        cases.add_column(col)
    for c in result["cases"]:
        lead = "" if c["lead_months"] is None else f"{c['lead_months']}" + (" (window start)" if c.get("lead_capped") else "")
        cases.add_row(c["country"], c["fall"], c["first_alarm"] or "none", lead, c.get("last_alarm") or "none",
                      f"{c.get('alarmed_origins', 0)} of {c.get('origins', 0)}",
                      " ".join(str(r) for r in c["rank_at_origin"].values()))
    _console.print(cases)
    if result["near_misses"]:
        nm = Table(title="Near misses (negatives)")
        for col in ("country", "date", "peak probability", "at origin", "threshold then", "alarmed"):
            nm.add_column(col)
        for n in result["near_misses"]:
            nm.add_row(n["country"], n["date"], f"{n['peak_probability']:.2%}", n["peak_origin"],
                       f"{n['peak_threshold']:.2%}" if "peak_threshold" in n else "",
                       "yes" if n["alarmed"] else "no")
        _console.print(nm)
    _console.print(f"false-alarm months per 100 country-years: {result['false_alarms_per_100_country_years']:.1f} "
                   "(alarmed country-months with no fall within the horizon, outside the months before a fall)")
    for path in result.get("written", []):
        _console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add the ``risk`` and ``backtest`` commands to the ``cwatch`` app."""
    app.command("risk")(risk)
    app.command("backtest")(backtest)
