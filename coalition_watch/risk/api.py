"""Public functions of the early-warning module; they return plain dicts in the CLI's JSON shapes.

- :func:`risk_ranking` — countries ranked by the probability that the government falls to armed
  non-state actors within ``horizon`` months of an origin month, with reasons.
- :func:`run_backtest` — the rolling-origin evaluation of the main model and every baseline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coalition_watch import __version__
from coalition_watch.arguments import is_whole
from coalition_watch.errors import InputError
from coalition_watch.risk import store_panel
from coalition_watch.risk.data import AS_OF, RiskDataError, data_file, month_index, month_label, shared_dir
from coalition_watch.risk.labels import fall_events, kb_folder, label_rows, load_cases, near_miss_events
from coalition_watch.risk.partitions import (ALARM_QUANTILE, DEFAULT_HORIZON, FIRST_TRAIN_MONTH, HORIZONS,
                                             LABELS_KNOWN_THROUGH, forecast_partition,
                                             rolling_origin)

# scikit-learn and the model modules are imported inside the functions that fit, so that a
# `cwatch risk` answered from the cache starts quickly.
MAIN_MODEL = "collapse_risk"
#: the baseline the AUC-PR goal is stated against
REFERENCE_MODEL = "conflict_history"
#: ranking order: probabilities are compared rounded to this many decimals
RANK_TIE_DECIMALS = 12


@dataclass
class Dataset:
    """Everything the models read: features per country-month, falls and near misses."""

    features: pd.DataFrame
    falls: pd.DataFrame
    near_misses: pd.DataFrame

    def labels(self, horizon: int) -> pd.Series:
        """The target for ``horizon`` months, aligned with :attr:`features`' rows: 1 where the
        row's country has a fall in the ``horizon`` months after the row's month, else 0
        (:func:`~coalition_watch.risk.labels.label_rows`)."""
        return label_rows(self.features["country"], self.features["month"], self.falls, horizon)


def _fingerprint(shared: Path, kb_dir: Path, *extra: object) -> str:
    """Hash of the inputs (data files, KB files, this package's source) that a cached result used."""
    digest = hashlib.sha1(__version__.encode())
    paths = sorted((shared / "data").rglob("*.csv")) + sorted(kb_dir.rglob("*.yaml"))
    paths += sorted(Path(__file__).parent.glob("*.py")) + sorted(Path(__file__).parent.glob("*.yaml"))
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for item in extra:
        digest.update(repr(item).encode())
    return digest.hexdigest()[:16]


def _model_config() -> tuple:
    """What a refit and a ranking depend on besides the data, the KB and this package's source:
    the main model's configuration (:data:`~coalition_watch.risk.logistic.MAIN_MODEL_PARAMS`, as
    the fit reads it) and the alarm quantile. Part of their cache keys, so a cached result is never
    one of another configuration."""
    from coalition_watch.risk import logistic

    return ("main-model", tuple(sorted(logistic.MAIN_MODEL_PARAMS.items())), "alarm-quantile", ALARM_QUANTILE)


def _cached(key: str, build):
    """The cached value under ``key`` (:mod:`coalition_watch.risk.cache`, plain data, no pickle) or
    ``build()``, stored and returned. Failures to read or write the cache never fail the call."""
    from coalition_watch.risk import cache

    return cache.cached(key, build)


def _panel_and_events(root: Path, kb: Path, db: str | os.PathLike | None = None,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The GED panel (extended by the event store ``db`` if given), the falls in its countries,
    and the KB near misses."""
    cases = load_cases(kb)
    falls = fall_events(cases=cases, shared=str(root))
    panel = store_panel.merged_panel(str(root), db)
    falls = falls[falls["country"].isin(panel["country"].unique())].reset_index(drop=True)
    return panel, falls, near_miss_events(cases=cases)


def _store_key(root: Path, db, sources: "store_panel.PanelSources | None" = None) -> tuple:
    """The cache-key part for the event store ``db`` (empty without one): its content fingerprint,
    from ``sources`` when the caller has already read them."""
    if db is None:
        return ()
    return ("store", (sources or store_panel.panel_sources(str(root), db)).fingerprint)


def load_ranking_data(shared: str | None = None, kb_dir: str | os.PathLike | None = None,
                      use_cache: bool = True, db: str | os.PathLike | None = None,
                      sources: "store_panel.PanelSources | None" = None) -> Dataset:
    """What :func:`risk_ranking` reads: the conflict-history features (the main model's feature
    group, built by the same function as in :func:`load_dataset`, so the values are the same) with
    the falls for the labels; ``db`` as in :func:`load_dataset` (``sources``: its
    :func:`~coalition_watch.risk.store_panel.panel_sources`, if already read). Falls back to the
    full :func:`load_dataset` if the main model reads other features."""
    from coalition_watch.risk.features import CONFLICT_FEATURES, conflict_history_features
    from coalition_watch.risk.logistic import MAIN_MODEL_PARAMS

    if not set(MAIN_MODEL_PARAMS["features"]) <= set(CONFLICT_FEATURES):
        return load_dataset(shared, kb_dir, use_cache=use_cache, db=db)
    root = shared_dir(shared)
    kb = kb_folder(kb_dir)
    store_key = _store_key(root, db, sources)

    def build() -> Dataset:
        panel, falls, near_misses = _panel_and_events(root, kb, db)
        return Dataset(conflict_history_features(panel), falls, near_misses)

    return _cached("ranking-data-" + _fingerprint(root, kb, *store_key), build) if use_cache else build()


def load_dataset(shared: str | None = None, kb_dir: str | os.PathLike | None = None,
                 extra_features: list[pd.DataFrame] | tuple = (), use_cache: bool = True,
                 db: str | os.PathLike | None = None) -> Dataset:
    """Build (or read from the cache) the features and labels from the shared data and the KB.

    ``extra_features`` are frames keyed by ``country, month`` joined onto the features (for
    example coalition measures computed elsewhere); they bypass the cache. With ``db`` (an event
    store) the GED events it holds for months after the bundled panel extend the panel
    (:mod:`coalition_watch.risk.store_panel`); the cache key then includes the store's content.
    """
    root = shared_dir(shared)
    kb = kb_folder(kb_dir)
    store_key = _store_key(root, db)

    def build() -> Dataset:
        from coalition_watch.risk.features import build_features

        panel, falls, near_misses = _panel_and_events(root, kb, db)
        return Dataset(build_features(panel, falls, shared=str(root)), falls, near_misses)

    if use_cache and not extra_features:
        dataset = _cached("dataset-" + _fingerprint(root, kb, *store_key), build)
    else:
        dataset = build()
        if extra_features:
            from coalition_watch.risk.features import join_feature_frames
            dataset.features = join_feature_frames(dataset.features, *extra_features)
    return dataset


#: the horizons (months) a forecast or a backtest may ask for
MAX_HORIZON = 24


def _check_horizon(value, field: str) -> int:
    """``value`` as an int; refuses a horizon that is not a whole number of months from 1 to
    :data:`MAX_HORIZON`."""
    if not is_whole(value) or not 1 <= value <= MAX_HORIZON:
        raise InputError(f"{{field}} must be a whole number of months from 1 to {MAX_HORIZON}, got {value!r}",
                         field=field)
    return int(value)


def _check_backtest_years(first_year, last_year) -> tuple[int, int]:
    """The origin years as ints; refuses years that are not whole numbers, or a ``first_year``
    after ``last_year``."""
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not is_whole(year):
            raise InputError(f"{{field}} must be a year (a whole number), got {year!r}", field=field)
    if first_year > last_year:
        raise InputError(f"first_year ({first_year}) is after last_year ({last_year})", field="first_year")
    return int(first_year), int(last_year)


def _backtest_year_span(data: Dataset, labels: dict[int, pd.Series]) -> tuple[int, int]:
    """The origin years every horizon of ``labels`` can be backtested on with ``data``: from the
    first whose refit has a fall and a quiet country-month among its training rows (an earlier
    refit has nothing to learn from) to the last with test rows (data months of that year whose
    outcome is known)."""
    month = data.features["month"].to_numpy()
    first_data, last_data = int(month.min()), int(month.max())
    low, high = FIRST_TRAIN_MONTH // 12 + 1, last_data // 12
    for horizon, series in labels.items():
        y = series.to_numpy()
        year = low
        while year <= high:
            train = y[(month >= FIRST_TRAIN_MONTH) & (month <= year * 12 - 1 - horizon)]
            if 0 < train.sum() < len(train):
                break
            year += 1
        low = year
        last_test = min(last_data, LABELS_KNOWN_THROUGH - horizon)
        high = min(high, last_test // 12 if last_test >= first_data else low - 1)
    return low, high


def _json_float(value: float, digits: int = 5) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), digits)


def run_backtest(horizon: int = DEFAULT_HORIZON, out_dir: str | os.PathLike | None = None,
                 horizons: tuple[int, ...] = HORIZONS, shared: str | None = None,
                 kb_dir: str | os.PathLike | None = None, first_year: int = 2000, last_year: int = 2024,
                 n_jobs: int | None = None, dataset: Dataset | None = None, ci: bool = True,
                 ci_resamples: int = 300, ci_seed: int = 0) -> dict:
    """Rolling-origin backtest of every model for ``horizons``; the result is reported for ``horizon``.

    For each origin year from ``first_year`` to ``last_year`` every model is refitted on the rows
    known at the start of that year and predicts its months (see
    :mod:`coalition_watch.risk.partitions`). Returns::

        {"horizon": int, "models": {name: {"auc_roc", "auc_pr", "brier", "brier_skill", ...}},
         "base_rate": float, "threshold": float, "cases": [...], "near_misses": [...],
         "false_alarms_per_100_country_years": float, "horizons": {h: {...}}, ...}

    ``threshold`` is the main model's alarm threshold of the last refit; ``thresholds_by_year``
    holds the threshold of every refit by origin year (``{"2000": t, ...}``), and each near miss
    its ``peak_threshold`` (the threshold in force at its peak origin). With ``out_dir`` the
    table (Markdown, CSV), per-case CSV and a reliability plot are written there.

    With ``ci`` every model entry also has ``auc_roc_ci`` and ``auc_pr_ci`` ([lo, hi], 95 %
    country-resampled bootstrap, ``ci_resamples`` resamples, see
    :mod:`coalition_watch.risk.bootstrap`), and the main model ``auc_pr_ratio`` (its AUC-PR over
    the conflict-history baseline's) with ``auc_pr_ratio_ci`` (paired resamples).

    ``test_falls`` counts the falls whose data month before the fall lies in the test months (the
    falls ``cases`` can report). Raises :class:`~coalition_watch.errors.InputError` naming the
    parameter for a horizon that is not a whole number of months from 1 to 24, origin years that
    are not whole numbers or run backwards, and years outside those the data allow (before the
    first refit with a fall to learn from, after the last year with test rows).
    """
    from coalition_watch.risk import backtest as bt
    from coalition_watch.risk.models import make_models

    horizon = _check_horizon(horizon, "horizon")
    try:
        horizons = tuple(_check_horizon(h, "horizons") for h in horizons)
    except TypeError:
        raise InputError(f"horizons must be a list of horizons in months, got {horizons!r}",
                         field="horizons") from None
    first_year, last_year = _check_backtest_years(first_year, last_year)
    if horizon not in horizons:
        horizons = tuple(sorted(set(horizons) | {horizon}))
    data = dataset or load_dataset(shared, kb_dir)
    labels = {h: data.labels(h) for h in horizons}
    low, high = _backtest_year_span(data, labels)
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not low <= year <= high:
            raise InputError(f"{{field}} must be an origin year from {low} to {high} with these data "
                             f"(horizons {', '.join(map(str, horizons))} months), got {year}", field=field)
    partitions = [p for h in horizons for p in rolling_origin(h, first_year, last_year)]
    preds = bt.predict_rolling(data.features, labels, make_models(), partitions, n_jobs=n_jobs)
    blocks, curves = {}, {}
    for h in horizons:
        ph = preds[preds["horizon"] == h].copy()
        ph["rank"] = 0
        for name, rows in ph.groupby("model"):
            ph.loc[rows.index, "rank"] = bt.ranks_by_month(rows)
        main = ph[ph["model"] == MAIN_MODEL]
        # falls whose data month before the fall is a test month (those case_results can report)
        fall_data_month = data.falls["month"] - 1
        falls = data.falls[(fall_data_month >= main["month"].min()) & (fall_data_month <= main["month"].max())]
        scores = bt.score_models(ph)
        models = {n: {k: _json_float(v) for k, v in s.items()} for n, s in scores.items()}
        if REFERENCE_MODEL in scores and MAIN_MODEL in scores and scores[REFERENCE_MODEL]["auc_pr"] > 0:
            models[MAIN_MODEL]["auc_pr_ratio"] = _json_float(
                scores[MAIN_MODEL]["auc_pr"] / scores[REFERENCE_MODEL]["auc_pr"], 4)
        if ci:
            from coalition_watch.risk.bootstrap import model_intervals

            intervals = model_intervals(ph, reference=REFERENCE_MODEL, main=MAIN_MODEL,
                                        n_resamples=ci_resamples, seed=ci_seed)
            for name, fields in intervals.items():
                models[name].update({k: [_json_float(v) for v in lo_hi] for k, lo_hi in fields.items()})
        curves[h] = bt.reliability(ph)
        blocks[h] = {
            "horizon": h,
            "models": models,
            "base_rate": _json_float(float(main["label"].mean()), 6),
            "threshold": _json_float(float(main.sort_values("month")["threshold"].iloc[-1]), 6),
            "thresholds_by_year": bt.thresholds_by_year(main),
            "cases": bt.case_results(main, falls),
            "near_misses": bt.near_miss_results(main, data.near_misses),
            "false_alarms_per_100_country_years": _json_float(
                bt.false_alarms_per_100_country_years(main, data.falls), 3),
            "test_rows": int(len(main)), "test_falls": len(falls),
            "positive_rows": int(main["label"].sum()),
            "reliability": curves[h],
            "per_model_cases": {n: bt.case_results(ph[ph["model"] == n], falls)
                                for n in scores if n != MAIN_MODEL},
        }
    result = dict(blocks[horizon])
    result["horizons"] = {h: {"models": b["models"], "base_rate": b["base_rate"],
                              "false_alarms_per_100_country_years": b["false_alarms_per_100_country_years"]}
                          for h, b in blocks.items()}
    result["main_model"] = MAIN_MODEL
    params = make_models()[MAIN_MODEL].get_params()
    result["main_model_params"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}
    result["origins"] = [first_year, last_year]
    if ci:
        result["bootstrap"] = {"unit": "country", "resamples": ci_resamples, "level": 0.95,
                               "seed": ci_seed, "interval": "percentile"}
    result["labels_known_through"] = month_label(LABELS_KNOWN_THROUGH)
    result["generated"] = dt.date.today().isoformat()
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        summary = {"horizons": {h: b for h, b in blocks.items()}, "cases": blocks[horizon]["cases"]}
        written = bt.write_tables(summary, out)
        written.append(bt.plot_reliability(curves, out / "reliability.png"))
        result["written"] = [str(p) for p in written]
    return result


def _fit_for_origin(data: Dataset, as_of: int, horizon: int):
    """The main model of the refit that serves origin month ``as_of``, as a
    :class:`~coalition_watch.risk.scorer.LinearScorer` with its alarm threshold.

    A plain main model (no inner validation) is fitted by :mod:`coalition_watch.risk.logistic`
    (the estimator's arithmetic without importing scikit-learn); otherwise by the estimator."""
    from threadpoolctl import threadpool_limits

    from coalition_watch.risk.logistic import MAIN_MODEL_PARAMS, plain_fit_C
    from coalition_watch.risk.scorer import LinearScorer

    part = forecast_partition(as_of, horizon)
    month = data.features["month"]
    train = (month >= part.train_start) & (month <= part.train_end)
    C = plain_fit_C(MAIN_MODEL_PARAMS)
    if C is not None:
        y = data.labels(horizon)[train].to_numpy()
        if not 0 < y.sum() < len(y):
            raise RiskDataError(f"the {part.origin_year} refit has no fall within {horizon} months "
                                f"of its training rows ({month_label(part.train_start)} to "
                                f"{month_label(part.train_end)}); choose a later {AS_OF}")
        with threadpool_limits(limits=1):  # small dense products run slower with BLAS threads
            return LinearScorer.fit(data.features[train], y, MAIN_MODEL_PARAMS["features"], C,
                                    ALARM_QUANTILE)

    from coalition_watch.risk.models import make_models

    with threadpool_limits(limits=1):  # small dense fits run slower with BLAS threads
        model = make_models()[MAIN_MODEL].fit(data.features[train],
                                              data.labels(horizon)[train].to_numpy())
    threshold = float(np.quantile(model.predict_proba(data.features[train])[:, 1], ALARM_QUANTILE))
    return LinearScorer.from_model(model, threshold)


def _scorer_for_origin(data: Dataset, origin: int, horizon: int, root: Path, kb: Path, use_cache: bool,
                       *extra: object):
    """Cached per refit year and horizon (keyed by the input fingerprint and ``extra``): every
    month of a year is served by one fit, so a new month costs features and a matrix product only."""
    year = forecast_partition(origin, horizon).origin_year
    if not use_cache:
        return _fit_for_origin(data, origin, horizon)
    key = f"model-{_fingerprint(root, kb, 'refit-year', year, horizon, *_model_config(), *extra)}"
    return _cached(key, lambda: _fit_for_origin(data, origin, horizon))


def risk_ranking(as_of: str, top: int | None = None, horizon: int = DEFAULT_HORIZON,
                 shared: str | None = None, kb_dir: str | os.PathLike | None = None,
                 n_reasons: int = 3, use_cache: bool = True, db: str | os.PathLike | None = None) -> dict:
    """Countries ranked by the main model's probability of a fall within ``horizon`` months of the
    origin month ``as_of`` ('YYYY-MM'), using data through the month before ``as_of``.

    The model is the backtest's refit for the calendar year of the data month (fitted only on rows
    whose outcome was known at the start of that year), cached per year. Returns::

        {"as_of": "YYYY-MM", "data_through": "YYYY-MM", "horizon": int, "model": str,
         "threshold": float, "base_rate": float, "training_country_months": int,
         "countries": [{"rank", "country", "probability", "alarm",
         "reasons": [str], "contributions": [...]}], "supplementary": [...],
         "data_sources": [{"source", "months", ...}], "refit": {"year", "train", ...}}

    Each entry of ``contributions`` has ``caveats``: the consistency checks failed by a GED
    country-month its feature reads (:mod:`coalition_watch.risk.panel_checks`; also in its text).

    With ``db`` (an event store holding newer GED releases) the panel is extended past the
    bundled file by the store's covered months (rules in :mod:`coalition_watch.risk.store_panel`);
    ``data_sources`` says which months came from where. Origins past the curated labels use the
    latest refit whose labels are known (:func:`~coalition_watch.risk.partitions.forecast_partition`).

    Raises :class:`RiskDataError` when the data do not reach the month before ``as_of``; with
    ``db``, the message names the months no ingested global GED release covers.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise InputError(f"top must be a whole number of 1 or more, got {top!r}", field="top")
    horizon = _check_horizon(horizon, "horizon")
    origin = month_index(as_of, field="as_of")
    root = shared_dir(shared)
    kb = kb_folder(kb_dir)
    # --- event store (store_panel): coverage check before any work; store content in the key
    sources = None if db is None else store_panel.panel_sources(str(root), db)
    if sources is not None:
        sources.require(origin - 1)
    fingerprint = _fingerprint(root, kb, origin, horizon, top, n_reasons, *_model_config(),
                               *_store_key(root, db, sources))
    key = f"ranking-{fingerprint}"
    if use_cache:
        return _cached(key, lambda: _rank(origin, top, horizon, root, kb, n_reasons, use_cache, db, sources))
    return _rank(origin, top, horizon, root, kb, n_reasons, use_cache, db, sources)


def _rank(origin: int, top: int | None, horizon: int, root: Path, kb: Path, n_reasons: int,
          use_cache: bool, db=None, sources=None) -> dict:
    from coalition_watch.risk.explain import top_reasons_by_row
    from coalition_watch.risk.panel_checks import add_caveats
    from coalition_watch.risk.territory import district_control_signal

    if sources is None and db is not None:
        sources = store_panel.panel_sources(str(root), db)
    data = load_ranking_data(str(root), kb, use_cache=use_cache, db=db, sources=sources)
    data_month = origin - 1
    first, last = int(data.features["month"].min()), int(data.features["month"].max())
    if sources is None:  # the bundled panel alone: its months are the features' (one row per month)
        sources = store_panel.PanelSources(str(data_file(store_panel.PANEL_FILE, root)), first, last)
    earliest = _earliest_origin(data, horizon, first + 37, last + 1)
    if not earliest <= origin <= last + 1:
        raise RiskDataError(f"the conflict data run from {month_label(first)} to {month_label(last)}; "
                            f"choose {AS_OF} between {month_label(earliest)} and {month_label(last + 1)}"
                            + (f" (before {month_label(earliest)} the yearly refit has no fall within "
                               f"{horizon} months to learn from)" if earliest > first + 37 else ""))
    # --- event store (store_panel): a refit trained on store months depends on the store's content
    trained_on_store = db is not None and forecast_partition(origin, horizon).train_end > sources.csv_last
    model = _scorer_for_origin(data, origin, horizon, root, kb, use_cache,
                               *((sources.fingerprint,) if trained_on_store else ()))
    threshold = model.threshold
    rows = data.features[data.features["month"] == data_month]
    prob = model.predict_proba(rows)[:, 1]
    contrib = model.contributions(rows)
    # probabilities equal to 1e-12 are a tie (their order would otherwise hang on rounding error of
    # the fit); ties keep the rows' order, which is by country code
    order = np.argsort(-np.round(prob, RANK_TIE_DECIMALS), kind="stable")
    if top is not None:
        order = order[:top]
    reasons = top_reasons_by_row(contrib.iloc[order], rows.iloc[order], n=n_reasons)
    names = rows["country"].to_numpy()
    add_caveats(reasons, names[order], data_month, str(root))
    countries = []
    for rank, (i, why) in enumerate(zip(order, reasons), start=1):
        countries.append({"rank": rank, "country": names[i],
                          "probability": round(float(prob[i]), 6), "alarm": bool(prob[i] > threshold),
                          "reasons": [r["text"] for r in why], "contributions": why})
    part = forecast_partition(origin, horizon)
    trained = (data.features["month"] >= part.train_start) & (data.features["month"] <= part.train_end)
    labels = data.labels(horizon)[trained]
    return {"as_of": month_label(origin), "data_through": month_label(data_month), "horizon": horizon,
            "model": MAIN_MODEL, "threshold": round(threshold, 5), "countries": countries,
            # what a probability is measured against: the share of the refit's training
            # country-months followed by a fall within the horizon
            "base_rate": round(float(labels.mean()), 6) if len(labels) else None,
            "training_country_months": int(len(labels)),
            # countries with a conflict-data row for the data month: only they are ranked
            "countries_ranked": int(len(rows)),
            "supplementary": district_control_signal(origin, shared=str(root)) + _spread(db, origin),
            "data_sources": sources.as_json(),
            "citations": list(RANKING_CITATIONS),
            "refit": _refit_json(origin, horizon)}


#: what a ranking is computed from, cited in every ranking
RANKING_CITATIONS = (
    "UCDP Georeferenced Event Dataset, aggregated to country-months (Sundberg & Melander 2013; "
    "Uppsala Conflict Data Program), CC BY 4.0: the features",
    "Labels: Coalition Watch knowledge-base cases, UCDP Conflict Termination dataset (Kreutz 2010) and "
    "Archigos 4.1 (Goemans, Gleditsch & Chiozza 2009), coded as in docs/risk.md",
)


def _earliest_origin(data, horizon: int, low: int, high: int) -> int:
    """The first origin month from ``low`` whose yearly refit has both a fall and a quiet
    country-month among its training rows (before it, no model can be fitted); ``high + 1``
    when none has."""
    labels = data.labels(horizon).to_numpy()
    month = data.features["month"].to_numpy()
    seen: dict[tuple[int, int], bool] = {}
    for origin in range(low, high + 1):
        part = forecast_partition(origin, horizon)
        key = (part.train_start, part.train_end)
        if key not in seen:
            y = labels[(month >= part.train_start) & (month <= part.train_end)]
            seen[key] = bool(0 < y.sum() < len(y))
        if seen[key]:
            return origin
    return high + 1


def _spread(db, origin: int) -> list[dict]:
    """Spread and proximity notes from the store's geocoded events (none without a store)."""
    if db is None:
        return []
    from coalition_watch.risk.spread import spread_signal

    return spread_signal(db, origin)


def _refit_json(origin: int, horizon: int) -> dict:
    """Which refit served the forecast: its year, training months and the label cut-off."""
    part = forecast_partition(origin, horizon)
    return {"year": part.origin_year, "train": f"{month_label(part.train_start)}..{month_label(part.train_end)}",
            "labels_known_through": month_label(LABELS_KNOWN_THROUGH),
            "capped_at_known_labels": part.origin_year < (origin - 1) // 12}
