"""The estimators follow the scikit-learn contract and learn signal from synthetic data."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

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
