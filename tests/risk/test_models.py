"""The estimators follow the scikit-learn contract and learn signal from synthetic data."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score

from coalition_watch.risk.data import month_index
from coalition_watch.risk.features import MAIN_FEATURES
from coalition_watch.risk.models import MODELS, CollapseRiskModel


@pytest.fixture(scope="module")
def synthetic():
    rng = np.random.default_rng(0)
    n = 6000
    X = pd.DataFrame(rng.normal(size=(n, len(MAIN_FEATURES))), columns=MAIN_FEATURES)
    X["month"] = np.repeat(np.arange(24000, 24000 + n // 20), 20)
    X["country"] = np.tile([f"C{i:02d}" for i in range(20)], n // 20)
    logit = -5 + 1.5 * X["fat_12m"] + 1.0 * X["gov_conflict"]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int).to_numpy()
    return X, y


@pytest.mark.parametrize("name", list(MODELS))
def test_contract_clone_pickle_and_pure_predict(name, synthetic):
    X, y = synthetic
    est = MODELS[name]()
    assert clone(est).get_params() == est.get_params()
    assert est.fit(X, y) is est
    learned = [a for a in vars(est) if a.endswith("_") and not a.startswith("_")]
    assert learned
    unfitted = clone(est)
    assert not any(a.endswith("_") for a in vars(unfitted))
    state = pickle.dumps(est)
    p1 = est.predict_proba(X)
    assert pickle.dumps(est) == state  # predict_proba has no side effects
    restored = pickle.loads(state)
    np.testing.assert_allclose(restored.predict_proba(X), p1)
    assert p1.shape == (len(X), 2) and np.all((p1 >= 0) & (p1 <= 1))
    np.testing.assert_allclose(p1.sum(axis=1), 1.0)


def test_main_model_learns_signal_and_is_calibrated_on_average(synthetic):
    X, y = synthetic
    model = CollapseRiskModel().fit(X, y)
    p = model.predict_proba(X)[:, 1]
    assert roc_auc_score(y, p) > 0.85
    assert abs(p.mean() - y.mean()) < 0.5 * y.mean()
    assert model.C_ in model.C_grid
    top = model.contributions(X.iloc[[int(np.argmax(p))]]).iloc[0].sort_values()
    assert top.index[-1] in ("fat_12m", "gov_conflict")


def test_main_model_needs_the_month_column(synthetic):
    X, y = synthetic
    with pytest.raises(ValueError, match="month"):
        CollapseRiskModel().fit(X.drop(columns="month"), y)


def test_inner_rolling_validation_only_looks_back_with_a_gap(synthetic):
    X, _ = synthetic
    model = CollapseRiskModel(gap_months=6)
    splits = model._inner_splits(X)
    assert len(splits) == model.n_blocks
    months = X["month"].to_numpy()
    for train, val in splits:
        assert months[train].max() < months[val].min() - 6
    validated = np.zeros(len(X), dtype=bool)
    for _, val in splits:
        assert not (validated & val).any()  # blocks do not overlap
        validated |= val
    assert months[validated].min() > months.min()  # the earliest years are never validation


@pytest.mark.parametrize("selection", ["log_loss", "average_precision"])
def test_blend_with_conflict_history_folds_into_one_linear_predictor(synthetic, selection):
    X, y = synthetic
    model = CollapseRiskModel(blend_grid=(0.0, 0.5, 1.0), selection=selection).fit(X, y)
    assert model.blend_weight_ in (0.0, 0.5, 1.0) and model.C_ in model.C_grid
    logit = model.contributions(X).sum(axis=1).to_numpy() + model.intercept_
    p = model.predict_proba(X)[:, 1]
    np.testing.assert_allclose(1 / (1 + np.exp(-logit)), p, rtol=1e-9)
    with pytest.raises(ValueError, match="history_features"):
        CollapseRiskModel(features=("fat_12m",), history_features=("fat_3m",)).fit(X, y)


@pytest.mark.parametrize("name", list(MODELS))
def test_fit_refuses_what_is_not_one_0_or_1_label_per_row(name, dataset):
    X = dataset.features[dataset.features["month"] < month_index("2015-01")]
    y = dataset.labels(6)[X.index].to_numpy()
    est = MODELS[name]()
    for method in ("predict_proba", "predict", "contributions"):
        if hasattr(est, method):
            with pytest.raises(NotFittedError):
                getattr(est, method)(X)
    for bad in (np.where(y == 1, 1, -1),   # -1/+1 labels: Climatology gave probabilities below 0
                y + 0.7,                   # a continuous target was truncated to 0/1
                y[:-3],                    # one label short
                np.column_stack([y, y])):  # two label columns
        with pytest.raises(ValueError):
            clone(est).fit(X, bad)
    fitted = clone(est).fit(X, y)
    assert list(fitted.classes_) == [0, 1]
    # as in scikit-learn: the columns of the X given to fit, not the features the model reads
    assert fitted.n_features_in_ == X.shape[1] and list(fitted.feature_names_in_) == list(X.columns)
    np.testing.assert_array_equal(clone(est).fit(X, y.astype(bool)).predict_proba(X), fitted.predict_proba(X))
