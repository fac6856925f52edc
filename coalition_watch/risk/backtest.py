"""Rolling-origin backtest: fit any estimators per partition, score them, and report per event.

The loop knows nothing about the estimators beyond the scikit-learn contract (``clone``, ``fit``,
``predict_proba``). Metrics are pooled over all test rows of a horizon; event-level results
(first alarm, lead time, rank at origin) are reported next to them because positives are few and
their months are correlated.

Alarm threshold: for each refit, the 95th percentile of the model's predictions on its own
training rows; a row is an alarm when its probability is strictly above it, so alarms cover at
most 5 % of training country-months.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from threadpoolctl import threadpool_limits

from coalition_watch.risk.data import month_label
from coalition_watch.risk.partitions import ALARM_QUANTILE, Partition

CASE_LOOKBACK_MONTHS = 12
RANK_ORIGINS_BEFORE = 6
RELIABILITY_EDGES = (0.0, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


def _fit_predict_partition(features: pd.DataFrame, labels: pd.Series, estimators: dict,
                           part: Partition) -> pd.DataFrame:
    month = features["month"].to_numpy()
    train = (month >= part.train_start) & (month <= part.train_end)
    test = (month >= part.test_start) & (month <= part.test_end)
    X_train, y_train, X_test = features[train], labels[train].to_numpy(), features[test]
    frames = []
    for name, estimator in estimators.items():
        # one BLAS thread per fit: the small dense problems run slower with thread contention,
        # and the partitions themselves run in parallel
        with threadpool_limits(limits=1):
            model = clone(estimator).fit(X_train, y_train)
        threshold = float(np.quantile(model.predict_proba(X_train)[:, 1], ALARM_QUANTILE))
        prob = model.predict_proba(X_test)[:, 1]
        frames.append(pd.DataFrame({
            "country": X_test["country"].to_numpy(), "month": X_test["month"].to_numpy(),
            "horizon": part.horizon, "origin_year": part.origin_year, "model": name,
            "prob": prob, "label": labels[test].to_numpy(), "threshold": threshold,
            "alarm": prob > threshold,
        }))
    return pd.concat(frames, ignore_index=True)


def predict_rolling(features: pd.DataFrame, labels_by_horizon: dict[int, pd.Series], estimators: dict,
                    partitions: list[Partition], n_jobs: int | None = None) -> pd.DataFrame:
    """Out-of-sample predictions of every estimator for every partition.

    ``labels_by_horizon[h]`` is aligned with ``features``; each partition uses the labels of its
    own horizon. Returns one row per (model, test country-month, horizon) with ``prob, label,
    threshold, alarm, origin_year``.
    """
    n_jobs = n_jobs if n_jobs is not None else min(2, os.cpu_count() or 1)
    tasks = [delayed(_fit_predict_partition)(features, labels_by_horizon[p.horizon], estimators, p)
             for p in partitions]
    if n_jobs == 1:
        results = [fn(*args, **kw) for fn, args, kw in tasks]
    else:
        results = Parallel(n_jobs=n_jobs)(tasks)
    return pd.concat(results, ignore_index=True)


def score_models(preds: pd.DataFrame, reference: str = "climatology") -> dict[str, dict[str, float]]:
    """Pooled AUC-ROC, AUC-PR (average precision), Brier score and Brier skill vs ``reference``
    for each model in ``preds`` (one horizon)."""
    brier_ref = None
    if reference in set(preds["model"]):
        ref = preds[preds["model"] == reference]
        brier_ref = brier_score_loss(ref["label"], ref["prob"])
    scores = {}
    for name, rows in preds.groupby("model", sort=False):
        y, p = rows["label"].to_numpy(), rows["prob"].to_numpy()
        has_both = 0 < y.sum() < len(y)
        brier = brier_score_loss(y, p)
        scores[name] = {
            "auc_roc": float(roc_auc_score(y, p)) if has_both else float("nan"),
            "auc_pr": float(average_precision_score(y, p)) if has_both else float("nan"),
            "brier": float(brier),
            "brier_skill": float(1 - brier / brier_ref) if brier_ref else float("nan"),
            "alarm_rate": float(rows["alarm"].mean()),
        }
    return scores


def reliability(preds: pd.DataFrame, edges=RELIABILITY_EDGES) -> dict[str, list[dict]]:
    """Reliability curve per model: mean predicted vs observed frequency in probability bins."""
    out = {}
    for name, rows in preds.groupby("model", sort=False):
        bins = np.digitize(rows["prob"], edges[1:-1])
        curve = []
        for b, grp in rows.groupby(bins):
            curve.append({"bin": f"{edges[b]:g}-{edges[b + 1]:g}", "n": int(len(grp)),
                          "mean_predicted": float(grp["prob"].mean()),
                          "observed": float(grp["label"].mean())})
        out[name] = curve
    return out


def ranks_by_month(preds: pd.DataFrame) -> pd.Series:
    """Rank of each row's probability among all countries of the same data month (1 = highest)."""
    return preds.groupby("month")["prob"].rank(ascending=False, method="min").astype(int)


def case_results(preds: pd.DataFrame, events: pd.DataFrame) -> list[dict]:
    """Per fall: first alarm (origin month) within the lookback window, lead time in months (with
    ``lead_capped`` when the alarm was on at the window's first origin), the last alarmed origin
    and how many of the window's origins alarmed (an alarm that lapsed before the fall shows), and
    the country's rank at each origin month from ``fall - 6`` to the fall month.

    ``preds`` holds one model and one horizon, with a ``rank`` column. Origin month = data month + 1.
    Only falls whose lookback window is covered by test rows are reported.
    """
    out = []
    covered = set(preds["month"])
    for ev in events.itertuples(index=False):
        fall = int(ev.month)
        if (fall - 1) not in covered:
            continue
        rows = preds[(preds["country"] == ev.country) & (preds["month"] >= fall - 1 - CASE_LOOKBACK_MONTHS)
                     & (preds["month"] <= fall - 1)].sort_values("month")
        if rows.empty:
            continue
        alarms = rows[rows["alarm"]]
        first = int(alarms["month"].iloc[0]) + 1 if len(alarms) else None
        last = int(alarms["month"].iloc[-1]) + 1 if len(alarms) else None
        ranks = {month_label(int(m) + 1): int(r) for m, r in zip(rows["month"], rows["rank"])
                 if int(m) + 1 >= fall - RANK_ORIGINS_BEFORE}
        probs = {month_label(int(m) + 1): round(float(p), 5) for m, p in zip(rows["month"], rows["prob"])
                 if int(m) + 1 >= fall - RANK_ORIGINS_BEFORE}
        out.append({"country": ev.country, "fall": ev.date, "event_id": ev.event_id,
                    "first_alarm": month_label(first) if first is not None else None,
                    "lead_months": (fall - first) if first is not None else None,
                    # an alarm at the window's first origin may have begun earlier: the lead is a floor
                    "lead_capped": first is not None and first == fall - CASE_LOOKBACK_MONTHS,
                    "last_alarm": month_label(last) if last is not None else None,
                    "alarmed_origins": int(len(alarms)), "origins": int(len(rows)),
                    "rank_at_origin": ranks, "prob_at_origin": probs,
                    "threshold": round(float(rows["threshold"].iloc[-1]), 5)})
    return out


def thresholds_by_year(preds: pd.DataFrame) -> dict[str, float]:
    """The alarm threshold of each refit, by origin year (``{"2000": t, ...}``; one model, one horizon).

    A row alarms against the threshold of its own refit, so alarms are read against these, not
    against the last refit's threshold alone."""
    firsts = preds.groupby("origin_year")["threshold"].first()
    return {str(int(year)): round(float(t), 6) for year, t in sorted(firsts.items())}


def near_miss_results(preds: pd.DataFrame, near_misses: pd.DataFrame) -> list[dict]:
    """Per near miss: peak probability over origin months ``date - 12 … date``, the alarm
    threshold in force at the peak (``peak_threshold``, that of the refit serving its origin
    year) and whether any origin of the window alarmed."""
    out = []
    covered = set(preds["month"])
    for nm in near_misses.itertuples(index=False):
        m = int(nm.month)
        if (m - 1) not in covered:
            continue
        rows = preds[(preds["country"] == nm.country) & (preds["month"] >= m - 1 - CASE_LOOKBACK_MONTHS)
                     & (preds["month"] <= m - 1)]
        if rows.empty:
            continue
        peak = rows.loc[rows["prob"].idxmax()]
        out.append({"country": nm.country, "date": nm.date, "event_id": nm.event_id,
                    "peak_probability": round(float(peak["prob"]), 5),
                    "peak_origin": month_label(int(peak["month"]) + 1), "rank_at_peak": int(peak["rank"]),
                    "peak_threshold": round(float(peak["threshold"]), 6),
                    "alarmed": bool(rows["alarm"].any())})
    return out


def false_alarms_per_100_country_years(preds: pd.DataFrame, events: pd.DataFrame) -> float:
    """Alarms on negative rows outside the ``CASE_LOOKBACK_MONTHS`` before any fall, per 100
    country-years of test rows (one model, one horizon). Alarms before near misses count."""
    early = np.zeros(len(preds), dtype=bool)
    for country, fall in zip(events["country"], events["month"]):
        early |= ((preds["country"] == country) & (preds["month"] >= fall - 1 - CASE_LOOKBACK_MONTHS)
                  & (preds["month"] <= fall - 1)).to_numpy()
    false = preds["alarm"].to_numpy() & (preds["label"].to_numpy() == 0) & ~early
    country_years = len(preds) / 12
    return float(100 * false.sum() / country_years) if country_years else float("nan")


def plot_reliability(curves: dict[int, dict[str, list[dict]]], path: Path) -> Path:
    """Reliability diagram (log-log), one panel per horizon, one line per model, to a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    horizons = sorted(curves)
    fig, axes = plt.subplots(1, len(horizons), figsize=(4.2 * len(horizons), 4), squeeze=False)
    for ax, h in zip(axes[0], horizons):
        for name, curve in curves[h].items():
            xs = [c["mean_predicted"] for c in curve if c["mean_predicted"] > 0]
            ys = [max(c["observed"], 1e-4) for c in curve if c["mean_predicted"] > 0]
            ax.plot(xs, ys, marker="o", label=name)
        ax.plot([1e-4, 1], [1e-4, 1], color="grey", linestyle="--", linewidth=1)
        ax.set_xscale("log"), ax.set_yscale("log")
        ax.set_xlim(1e-4, 1), ax.set_ylim(1e-4, 1)
        ax.set_title(f"horizon {h} months"), ax.set_xlabel("mean predicted probability")
        ax.set_ylabel("observed frequency (0 shown at 1e-4)")
        ax.legend(fontsize=7)
    fig.suptitle("Reliability, rolling-origin backtest 2000-2024")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_tables(summary: dict, path_dir: Path) -> list[Path]:
    """The evaluation table (all horizons, all models) as Markdown and CSV, and per-case CSVs."""
    path_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for h, block in sorted(summary["horizons"].items()):
        for name, s in block["models"].items():
            rows.append({"horizon": h, "model": name, "auc_roc": s["auc_roc"], "auc_pr": s["auc_pr"],
                         "base_rate": block["base_rate"], "brier": s["brier"],
                         "brier_skill": s["brier_skill"], "alarm_rate": s["alarm_rate"]})
    table = pd.DataFrame(rows)
    csv, md = path_dir / "backtest_table.csv", path_dir / "backtest_table.md"
    table.to_csv(csv, index=False)
    lines = ["| horizon | model | AUC-ROC | AUC-PR | base rate | Brier | Brier skill | alarm rate |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['horizon']} | {r['model']} | {r['auc_roc']:.3f} | {r['auc_pr']:.4f} | "
                     f"{r['base_rate']:.4f} | {r['brier']:.5f} | {r['brier_skill']:+.3f} | "
                     f"{r['alarm_rate']:.3f} |")
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = pd.DataFrame([{k: v for k, v in c.items() if k not in ("rank_at_origin", "prob_at_origin")}
                          | {"ranks": " ".join(f"{k}:{v}" for k, v in c["rank_at_origin"].items())}
                          for c in summary["cases"]])
    cases_csv = path_dir / "backtest_cases.csv"
    cases.to_csv(cases_csv, index=False)
    return [md, csv, cases_csv]
