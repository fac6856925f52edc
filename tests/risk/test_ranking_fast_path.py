"""The ranking's fast path (light dataset, refit without scikit-learn) against the reference:
the full feature build and the backtest's estimator, on the shared data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coalition_watch.risk import api
from coalition_watch.risk.logistic import MAIN_MODEL_PARAMS, fit_logistic
from coalition_watch.risk.models import main_model
from coalition_watch.risk.partitions import ALARM_QUANTILE, forecast_partition

# origin months across the panel and horizons
ORIGINS = [("2001-03", 6), ("2014-06", 6), ("2021-05", 6), ("2025-01", 6), ("1992-04", 3),
           ("2009-02", 12)]


@pytest.fixture(scope="module")
def ranking_data():
    return api.load_ranking_data(use_cache=False)


def test_light_dataset_equals_the_full_build(ranking_data, dataset):
    features = list(MAIN_MODEL_PARAMS["features"])
    pd.testing.assert_frame_equal(ranking_data.features[["country", "month", *features]],
                                  dataset.features[["country", "month", *features]], check_exact=True)
    pd.testing.assert_frame_equal(ranking_data.falls, dataset.falls)
    for h in (3, 6, 12):
        pd.testing.assert_series_equal(ranking_data.labels(h), dataset.labels(h))


@pytest.mark.parametrize("as_of,horizon", ORIGINS)
def test_fast_refit_equals_the_backtest_estimator(ranking_data, dataset, as_of, horizon):
    origin = api.month_index(as_of)
    fast = api._fit_for_origin(ranking_data, origin, horizon)

    part = forecast_partition(origin, horizon)
    month = dataset.features["month"]
    train = (month >= part.train_start) & (month <= part.train_end)
    model = main_model().fit(dataset.features[train], dataset.labels(horizon)[train].to_numpy())
    threshold = float(np.quantile(model.predict_proba(dataset.features[train])[:, 1], ALARM_QUANTILE))

    rows = dataset.features[month == origin - 1]
    expected, got = model.predict_proba(rows)[:, 1], fast.predict_proba(rows)[:, 1]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(fast.coef, model.coef_, rtol=1e-7, atol=1e-10)
    assert fast.threshold == pytest.approx(threshold, abs=1e-9)
    assert ((got > fast.threshold) == (expected > threshold)).all()
    order = np.argsort(-np.round(expected, api.RANK_TIE_DECIMALS), kind="stable")
    assert (np.argsort(-np.round(got, api.RANK_TIE_DECIMALS), kind="stable") == order).all()
    np.testing.assert_allclose(fast.contributions(rows).to_numpy(), model.contributions(rows).to_numpy(),
                               rtol=0, atol=1e-9)


def test_ranking_reports_the_estimators_probabilities(ranking_data, dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    result = api.risk_ranking("2021-05", top=15)
    origin = api.month_index("2021-05")
    part = forecast_partition(origin, 6)
    month = dataset.features["month"]
    train = (month >= part.train_start) & (month <= part.train_end)
    model = main_model().fit(dataset.features[train], dataset.labels(6)[train].to_numpy())
    rows = dataset.features[month == origin - 1]
    prob = pd.Series(model.predict_proba(rows)[:, 1], index=rows["country"].to_numpy())
    assert [c["country"] for c in result["countries"]] == list(prob.sort_values(ascending=False).index[:15])
    for entry in result["countries"]:
        assert entry["probability"] == round(float(prob[entry["country"]]), 6)
    again = api.risk_ranking("2021-05", top=15)  # from the cache
    assert again == result


def test_single_class_refit_is_a_data_error(ranking_data):
    with pytest.raises(api.RiskDataError, match="no fall"):
        api._fit_for_origin(ranking_data, api.month_index("1989-05"), 6)


def test_newton_fit_reaches_the_minimiser_of_scikit_learns_objective():
    """With weak and strong penalties both implementations stop at the same point, and that point
    has a zero gradient."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    Z = rng.normal(size=(400, 5))
    y = (Z @ np.array([1.5, -2.0, 0.0, 0.5, 3.0]) + rng.logistic(size=400) > 2.0).astype(int)
    for C in (1e-3, 1.0, 100.0):
        coef, intercept = fit_logistic(Z, y, C)
        ref = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(Z, y)
        np.testing.assert_allclose(coef, ref.coef_[0], rtol=1e-9, atol=1e-11)
        assert intercept == pytest.approx(ref.intercept_[0], abs=1e-10)
        p = 1 / (1 + np.exp(-(Z @ coef + intercept)))
        gradient = Z.T @ (p - y) / len(y) + coef / (C * len(y))
        assert np.abs(gradient).max() < 1e-9 and abs((p - y).mean()) < 1e-9
    with pytest.raises(ValueError, match="single class"):
        fit_logistic(Z, np.zeros(400), 1.0)
