"""Country-resampled bootstrap: each resample equals scikit-learn's weighted scores with every row
weighted by its country's multiplicity, and the intervals are well formed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from coalition_watch.risk.bootstrap import (bootstrap_scores, country_resample_weights,
                                            model_intervals, percentile_interval)


@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(11)
    n = 4000
    countries = rng.choice([f"C{i:02d}" for i in range(30)], n)
    y = (rng.random(n) < 0.03).astype(int)
    score = np.round(rng.random(n) + 0.6 * y, 2)  # rounded: many ties, also between classes
    return countries, y, score


def test_each_resample_equals_sklearn_with_country_weights(toy):
    countries, y, score = toy
    order = sorted(set(countries))
    W = country_resample_weights(len(order), 40, seed=5)
    assert W.shape == (40, len(order)) and (W.sum(axis=1) == len(order)).all()
    draws = bootstrap_scores(countries, y, score, W, order)
    index = {c: i for i, c in enumerate(order)}
    codes = np.array([index[c] for c in countries])
    for b in range(0, 40, 7):
        w = W[b, codes]  # every row of a country carries that country's multiplicity
        assert draws["auc_roc"][b] == pytest.approx(roc_auc_score(y, score, sample_weight=w), abs=1e-12)
        assert draws["auc_pr"][b] == pytest.approx(average_precision_score(y, score, sample_weight=w), abs=1e-12)


def test_unit_weights_reproduce_the_point_estimate(toy):
    countries, y, score = toy
    order = sorted(set(countries))
    draws = bootstrap_scores(countries, y, score, np.ones((1, len(order))), order)
    assert draws["auc_roc"][0] == pytest.approx(roc_auc_score(y, score))
    assert draws["auc_pr"][0] == pytest.approx(average_precision_score(y, score))


def test_intervals_reflect_country_clustering():
    # positives and their signal come in country clusters: resampling countries must give a much
    # wider interval than resampling rows (each row its own unit), and contain the point estimate
    rng = np.random.default_rng(2)
    rows = []
    for c in range(20):
        n = 300
        y = (rng.random(n) < (0.10 if c < 4 else 0.005)).astype(int)
        signal = 1.5 if c < 2 else -0.3
        rows.append(pd.DataFrame({"country": f"K{c}", "label": y,
                                  "prob": rng.random(n) + signal * y, "model": "m"}))
    preds = pd.concat(rows, ignore_index=True)
    by_country = model_intervals(preds, n_resamples=300)["m"]["auc_roc_ci"]
    by_row = model_intervals(preds.assign(country=np.arange(len(preds))), n_resamples=300)["m"]["auc_roc_ci"]
    point = roc_auc_score(preds["label"], preds["prob"])
    assert by_country[0] <= point <= by_country[1]
    assert by_country[1] - by_country[0] > 1.5 * (by_row[1] - by_row[0])


def test_paired_ratio_interval_and_nan_resamples():
    assert percentile_interval(np.array([np.nan, 1.0, 2.0, 3.0]), 0.5) == [1.5, 2.5]
    rng = np.random.default_rng(4)
    base = pd.DataFrame({"country": np.repeat([f"K{i}" for i in range(15)], 100),
                         "label": (rng.random(1500) < 0.05).astype(int)})
    a = base.assign(model="main", prob=rng.random(1500) + base["label"])
    b = base.assign(model="ref", prob=rng.random(1500) + 0.3 * base["label"])
    ci = model_intervals(pd.concat([a, b]), reference="ref", main="main", n_resamples=200)
    lo, hi = ci["main"]["auc_pr_ratio_ci"]
    point = average_precision_score(a["label"], a["prob"]) / average_precision_score(b["label"], b["prob"])
    assert lo <= point <= hi and lo > 1
    assert "auc_pr_ratio_ci" not in ci["ref"]
