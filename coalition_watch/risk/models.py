"""Estimators for the collapse-risk task, following the scikit-learn contract.

Configuration goes in ``__init__`` (stored unchanged, no work done there); ``fit(X, y)`` learns
state into attributes ending in ``_`` and returns ``self``; ``predict_proba`` has no side effects.
All are picklable and work with :func:`sklearn.base.clone`.

``X`` is a DataFrame of features (see :mod:`coalition_watch.risk.features`); each estimator picks
its own columns from its ``features`` parameter. ``CollapseRiskModel`` also reads the ``month``
column of ``X`` to form inner time blocks for hyperparameter selection and calibration.

- :class:`Climatology`: the training base rate for every row.
- :class:`ConflictHistoryLogit`: logistic regression on conflict history only (ViEWS-style
  "conflictology" baseline).
- :class:`StructuralLogit`: logistic regression on structural indicators only.
- :class:`CollapseRiskModel`: the main model, L2-regularised logistic regression on all feature
  groups, ``C`` chosen by inner blocked time cross-validation on the training rows, and Platt
  calibration on the out-of-fold scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from coalition_watch.risk.features import CONFLICT_FEATURES, MAIN_FEATURES, STRUCTURAL_FEATURES


def _as_frame(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame with named feature columns")
    return X


class Climatology(ClassifierMixin, BaseEstimator):
    """Predicts the training base rate for every row: the reference for Brier skill."""

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.array([0, 1])
        self.base_rate_ = float(y.mean()) if len(y) else 0.0
        self.n_features_in_ = _as_frame(X).shape[1]
        return self

    def predict_proba(self, X):
        p = np.full(len(X), self.base_rate_)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


class _StandardisedLogit(ClassifierMixin, BaseEstimator):
    """Shared machinery: median imputation and standardisation learned on the training rows."""

    def _prepare(self, X: pd.DataFrame, learn: bool) -> np.ndarray:
        X = _as_frame(X)
        missing = [f for f in self.features if f not in X.columns]
        if missing:
            raise ValueError(f"X lacks feature columns: {', '.join(missing)}")
        values = X[list(self.features)].to_numpy(dtype=float)
        if learn:
            medians = np.nanmedian(values, axis=0)
            self.medians_ = np.where(np.isnan(medians), 0.0, medians)
        values = np.where(np.isnan(values), self.medians_, values)
        if learn:
            self.means_ = values.mean(axis=0)
            scale = values.std(axis=0)
            self.scales_ = np.where(scale > 0, scale, 1.0)
        return (values - self.means_) / self.scales_

    def _logit(self, Z: np.ndarray) -> np.ndarray:
        return Z @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        Z = self._prepare(X, learn=False)
        p = 1.0 / (1.0 + np.exp(-self._logit(Z)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X) -> pd.DataFrame:
        """Per-row, per-feature contribution to the log-odds, relative to a training-average row:
        ``coef_j * (x_j - mean_j) / sd_j`` (standardised value times coefficient)."""
        Z = self._prepare(X, learn=False)
        return pd.DataFrame(Z * self.coef_, columns=list(self.features), index=_as_frame(X).index)

    def _fit_logit(self, Z: np.ndarray, y: np.ndarray, C: float) -> LogisticRegression:
        model = LogisticRegression(C=C, max_iter=500, tol=1e-4)
        return model.fit(Z, y)


class ConflictHistoryLogit(_StandardisedLogit):
    """Logistic regression on conflict-history features only (ViEWS-style conflictology baseline).

    Parameters
    ----------
    features : tuple of str
        Feature columns (default: :data:`~coalition_watch.risk.features.CONFLICT_FEATURES`).
    C : float
        Inverse L2 regularisation strength.
    """

    def __init__(self, features: tuple = tuple(CONFLICT_FEATURES), C: float = 1.0):
        self.features = features
        self.C = C

    def fit(self, X, y):
        y = np.asarray(y).astype(int)
        Z = self._prepare(X, learn=True)
        model = self._fit_logit(Z, y, self.C)
        self.coef_, self.intercept_ = model.coef_[0], float(model.intercept_[0])
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = Z.shape[1]
        return self


class StructuralLogit(ConflictHistoryLogit):
    """Logistic regression on structural indicators only (V-Dem, Polity5, regime age, CREG)."""

    def __init__(self, features: tuple = tuple(STRUCTURAL_FEATURES), C: float = 1.0):
        super().__init__(features=features, C=C)


class CollapseRiskModel(_StandardisedLogit):
    """Main model: calibrated, L2-regularised logistic regression on all feature groups.

    ``fit`` splits the training rows into ``n_blocks`` contiguous blocks of years (from the
    ``month`` column of ``X``); for each ``C`` in ``C_grid`` it fits on all blocks but one and
    scores the held-out block, choosing the ``C`` with the lowest pooled out-of-fold log loss.
    The model is then refitted on all training rows with that ``C``, and a Platt (sigmoid) map
    ``p = 1 / (1 + exp(-(a * s + b)))`` is fitted to the out-of-fold scores ``s`` of the chosen
    ``C`` — so calibration never sees scores of rows the model was trained on. Only training rows
    are used; nothing of the test period enters.

    Parameters
    ----------
    features : tuple of str
        Feature columns (default: :data:`~coalition_watch.risk.features.MAIN_FEATURES`).
    C_grid : tuple of float
        Candidate inverse regularisation strengths.
    n_blocks : int
        Number of contiguous time blocks for inner validation.
    calibrate : bool
        Apply the Platt map; if False the raw logistic probabilities are returned.
    """

    def __init__(self, features: tuple = tuple(MAIN_FEATURES), C_grid: tuple = (0.003, 0.03, 0.3),
                 n_blocks: int = 3, calibrate: bool = True):
        self.features = features
        self.C_grid = C_grid
        self.n_blocks = n_blocks
        self.calibrate = calibrate

    def _blocks(self, X: pd.DataFrame) -> np.ndarray:
        if "month" not in X.columns:
            raise ValueError("CollapseRiskModel needs a 'month' column in X for its inner time blocks")
        years = X["month"].to_numpy() // 12
        edges = np.quantile(years, np.linspace(0, 1, self.n_blocks + 1)[1:-1])
        return np.searchsorted(edges, years, side="right")

    def fit(self, X, y):
        X = _as_frame(X)
        y = np.asarray(y).astype(int)
        Z = self._prepare(X, learn=True)
        blocks = self._blocks(X)
        grid = sorted(self.C_grid)
        oof = {C: np.zeros(len(y)) for C in grid}
        usable = True
        for b in np.unique(blocks):
            train = blocks != b
            if y[train].sum() == 0:
                usable = False
                break
            # one solver per fold, warm-started along the increasing C path
            solver = LogisticRegression(max_iter=500, tol=1e-4, warm_start=True)
            for C in grid:
                solver.set_params(C=C).fit(Z[train], y[train])
                oof[C][~train] = solver.decision_function(Z[~train])
        best = None
        if usable:
            for C in grid:
                loss = log_loss(y, 1 / (1 + np.exp(-oof[C])), labels=[0, 1])
                if best is None or loss < best[0]:
                    best = (loss, C, oof[C])
        if best is None:  # too few positives for inner validation: middle of the grid, no calibration
            best = (np.nan, grid[len(grid) // 2], None)
        self.inner_log_loss_, self.C_, oof = best
        model = self._fit_logit(Z, y, self.C_)
        coef, intercept = model.coef_[0], float(model.intercept_[0])
        a, b = 1.0, 0.0
        if self.calibrate and oof is not None and 0 < y.sum() < len(y):
            platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), y)
            a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        self.calibration_slope_, self.calibration_intercept_ = a, b
        # fold the Platt map into the linear predictor: logit p = a * (Z @ coef + intercept) + b
        self.coef_ = coef * a
        self.intercept_ = intercept * a + b
        self.raw_coef_, self.raw_intercept_ = coef, intercept
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = Z.shape[1]
        return self


#: name → estimator factory; the order is the order of the evaluation table
MODELS = {
    "climatology": Climatology,
    "conflict_history": ConflictHistoryLogit,
    "structural": StructuralLogit,
    "collapse_risk": CollapseRiskModel,
}
MAIN_MODEL = "collapse_risk"


def make_models() -> dict[str, BaseEstimator]:
    """Fresh, unfitted instances of every registered model."""
    return {name: factory() for name, factory in MODELS.items()}
