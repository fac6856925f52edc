"""Estimators for the collapse-risk task, following the scikit-learn contract.

Configuration goes in ``__init__`` (stored unchanged, no work done there); ``fit(X, y)`` learns
state into attributes ending in ``_`` and returns ``self``; ``predict_proba`` has no side effects.
All are picklable and work with :func:`sklearn.base.clone`.

``X`` must be a DataFrame of features (see :mod:`coalition_watch.risk.features`), not an array:
each estimator picks its own columns by name from its ``features`` parameter, so ``X`` may hold
more columns than it reads (the backtest passes the whole feature table to every model), in any
order. ``CollapseRiskModel`` also reads the ``month`` column of ``X`` to form inner time blocks
for hyperparameter selection and calibration. ``y`` holds 0 (no fall within the horizon) and 1
(a fall); ``classes_`` is always ``[0, 1]`` and column 1 of ``predict_proba`` is the probability
of a fall. ``fit`` refuses other labels (a continuous ``y``, -1/+1 labels), ``X`` and ``y`` of
different lengths, and a ``y`` that is not one column; ``predict_proba``, ``predict`` and
``contributions`` raise :class:`~sklearn.exceptions.NotFittedError` before ``fit``. As in
scikit-learn, ``n_features_in_`` and ``feature_names_in_`` describe all the columns of the ``X``
given to ``fit``; the columns a model reads are its ``features``.

- :class:`Climatology`: the training base rate for every row.
- :class:`ConflictHistoryLogit`: logistic regression on conflict history only (ViEWS-style
  "conflictology" baseline).
- :class:`StructuralLogit`: logistic regression on structural indicators only.
- :class:`CollapseRiskModel`: regularised logistic regression with optional inner time
  validation of ``C`` and Platt calibration. The main model is this class configured by
  :data:`MAIN_MODEL_PARAMS` (:func:`main_model`); its class defaults are the earlier main model,
  kept for ablations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, log_loss
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_consistent_length, check_is_fitted, column_or_1d

from coalition_watch.risk.features import CONFLICT_FEATURES, MAIN_FEATURES, STRUCTURAL_FEATURES
from coalition_watch.risk.logistic import (MAIN_MODEL_PARAMS, NEWTON_MAX_ITER, NEWTON_TOL, standardisation_stats,
                                          standardise)


def _as_frame(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame with named feature columns")
    return X


#: the labels a model is fitted on: 0 = no fall within the horizon, 1 = a fall
CLASSES = (0, 1)


def _fit_inputs(X, y) -> tuple[pd.DataFrame, np.ndarray]:
    """``X`` (a DataFrame) and ``y`` as 0/1 integers, checked as scikit-learn's contract asks: one
    label per row, classification targets, labels 0 and 1 only."""
    X = _as_frame(X)
    y = column_or_1d(y, warn=True)
    check_consistent_length(X, y)
    check_classification_targets(y)
    if not np.isin(y, CLASSES).all():
        found = ", ".join(map(repr, np.unique(y)[:5].tolist()))
        raise ValueError(f"y must hold 0 (no fall) and 1 (a fall) only; found {found}")
    return X, y.astype(int)


def _fitted_on(estimator: BaseEstimator, X: pd.DataFrame) -> BaseEstimator:
    """``estimator`` with ``classes_``, ``n_features_in_`` and ``feature_names_in_`` (all the
    columns of the training ``X``, as scikit-learn counts them), set at the end of a fit."""
    estimator.classes_ = np.array(CLASSES)
    estimator.n_features_in_ = X.shape[1]
    if all(isinstance(c, str) for c in X.columns):
        estimator.feature_names_in_ = np.asarray(X.columns, dtype=object)
    elif hasattr(estimator, "feature_names_in_"):
        del estimator.feature_names_in_
    return estimator


class Climatology(ClassifierMixin, BaseEstimator):
    """Predicts the training base rate for every row: the reference for Brier skill.

    ``X`` must be a DataFrame (its columns are not read); ``y`` holds 0 and 1 (see the module
    docstring)."""

    def fit(self, X, y):
        X, y = _fit_inputs(X, y)
        self.base_rate_ = float(y.mean()) if len(y) else 0.0
        return _fitted_on(self, X)

    def predict_proba(self, X):
        check_is_fitted(self, "base_rate_")
        p = np.full(len(_as_frame(X)), self.base_rate_)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


class _StandardisedLogit(ClassifierMixin, BaseEstimator):
    """Shared machinery: median imputation and standardisation learned on the training rows."""

    def _prepare(self, X: pd.DataFrame, learn: bool) -> np.ndarray:
        if not learn:
            check_is_fitted(self, ("coef_", "intercept_"))
        X = _as_frame(X)
        missing = [f for f in self.features if f not in X.columns]
        if missing:
            raise ValueError(f"X lacks feature columns: {', '.join(missing)}")
        values = X[list(self.features)].to_numpy(dtype=float)
        if learn:
            self.medians_, self.means_, self.scales_ = standardisation_stats(values)
        return standardise(values, self.medians_, self.means_, self.scales_)

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

    ``X`` must be a DataFrame holding the ``features`` columns (by name; other columns are
    ignored); ``y`` holds 0 and 1 (see the module docstring).

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
        X, y = _fit_inputs(X, y)
        Z = self._prepare(X, learn=True)
        model = self._fit_logit(Z, y, self.C)
        self.coef_, self.intercept_ = model.coef_[0], float(model.intercept_[0])
        return _fitted_on(self, X)


class StructuralLogit(ConflictHistoryLogit):
    """Logistic regression on structural indicators only (V-Dem, Polity5, regime age, CREG)."""

    def __init__(self, features: tuple = tuple(STRUCTURAL_FEATURES), C: float = 1.0):
        super().__init__(features=features, C=C)


class CollapseRiskModel(_StandardisedLogit):
    """Main model: calibrated, regularised logistic regression on all feature groups.

    Hyperparameters are chosen by **inner validation on the training rows only**. With
    ``inner="rolling"`` (default) the later ``inner_fraction`` of the training years is cut into
    ``n_blocks`` consecutive blocks; each block is predicted by a model fitted on the rows before
    it, minus a gap of ``gap_months`` (so that no training label window reaches into the block) —
    the outer rolling origin in miniature. ``inner="blocks"`` is the earlier scheme: ``n_blocks``
    contiguous blocks of years, each predicted by a model fitted on all the others (past and future).

    For each ``C`` in ``C_grid`` the held-out scores are pooled and scored by ``selection``:
    ``"log_loss"`` (lower is better) or ``"average_precision"`` (higher is better; the area under
    the precision-recall curve, which weighs the top of the ranking). The model is refitted on all
    training rows with the chosen ``C``; a Platt map ``p = 1 / (1 + exp(-(a * s + b)))`` is fitted
    to the held-out scores ``s`` of that ``C`` — calibration never sees scores of rows the model
    was trained on. Nothing of the test period enters.

    ``X`` must be a DataFrame holding the ``features`` columns and, unless ``inner="none"``, a
    ``month`` column (by name; other columns are ignored); ``y`` holds 0 and 1 (see the module
    docstring).

    Parameters
    ----------
    features : tuple of str
        Feature columns (default: :data:`~coalition_watch.risk.features.MAIN_FEATURES`).
    C_grid : tuple of float
        Candidate inverse regularisation strengths.
    n_blocks : int
        Number of inner validation blocks.
    calibrate : bool
        Apply the Platt map; if False the raw logistic probabilities are returned.
    inner : {"rolling", "blocks", "none"}
        Inner validation scheme (see above); ``"none"`` fits the middle value of ``C_grid`` (give
        one value) on all training rows, without calibration.
    selection : {"log_loss", "average_precision"}
        Criterion for ``C`` on the pooled held-out scores.
    inner_fraction : float
        Share of the training years used as inner validation years (``inner="rolling"``).
    gap_months : int
        Months left out between inner training rows and the block they predict (≥ the horizon).
    """

    def __init__(self, features: tuple = tuple(MAIN_FEATURES),
                 C_grid: tuple = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.3),
                 n_blocks: int = 3, calibrate: bool = True, inner: str = "rolling",
                 selection: str = "average_precision", inner_fraction: float = 0.5,
                 gap_months: int = 12, history_features: tuple = tuple(CONFLICT_FEATURES),
                 history_C: float = 1.0, blend_grid: tuple = (1.0,)):
        self.features = features
        self.C_grid = C_grid
        self.n_blocks = n_blocks
        self.calibrate = calibrate
        self.inner = inner
        self.selection = selection
        self.inner_fraction = inner_fraction
        self.gap_months = gap_months
        self.history_features = history_features
        self.history_C = history_C
        self.blend_grid = blend_grid

    def _fit_logit(self, Z: np.ndarray, y: np.ndarray, C: float) -> LogisticRegression:
        # Newton's method to the minimiser, as risk.logistic.fit_logistic (the ranking's refit) does
        model = LogisticRegression(C=C, solver="newton-cholesky", tol=NEWTON_TOL, max_iter=NEWTON_MAX_ITER)
        return model.fit(Z, y)

    def _inner_splits(self, X: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
        """(train mask, validation mask) pairs of the inner validation scheme."""
        if self.inner == "none":
            return []
        if "month" not in X.columns:
            raise ValueError("CollapseRiskModel needs a 'month' column in X for its inner time blocks")
        months = X["month"].to_numpy()
        years = months // 12
        if self.inner == "blocks":
            edges = np.quantile(years, np.linspace(0, 1, self.n_blocks + 1)[1:-1])
            blocks = np.searchsorted(edges, years, side="right")
            return [(blocks != b, blocks == b) for b in np.unique(blocks)]
        if self.inner != "rolling":
            raise ValueError(f"inner must be 'rolling', 'blocks' or 'none', got {self.inner!r}")
        first, last = int(years.min()), int(years.max()) + 1
        start = first + (last - first) * (1 - self.inner_fraction)
        edges = np.linspace(start, last, self.n_blocks + 1)
        splits = []
        for a, b in zip(edges[:-1], edges[1:]):
            val = (years >= a) & (years < b)
            train = months < int(np.ceil(a)) * 12 - self.gap_months
            if val.any() and train.any():
                splits.append((train, val))
        return splits

    def _score(self, y: np.ndarray, s: np.ndarray) -> float:
        """Selection loss on held-out scores (lower is better)."""
        if self.selection == "log_loss":
            return log_loss(y, 1 / (1 + np.exp(-s)), labels=[0, 1])
        if self.selection == "average_precision":
            return -average_precision_score(y, s)
        raise ValueError(f"selection must be 'log_loss' or 'average_precision', got {self.selection!r}")

    def _blend_score(self, full: np.ndarray, history: np.ndarray, w: float) -> np.ndarray:
        return w * full + (1 - w) * history

    def fit(self, X, y):
        X, y = _fit_inputs(X, y)
        Z = self._prepare(X, learn=True)
        missing = [f for f in self.history_features if f not in self.features]
        if missing:
            raise ValueError(f"history_features must be among features; missing: {', '.join(missing)}")
        hist_idx = [list(self.features).index(f) for f in self.history_features]
        grid = sorted(self.C_grid)
        weights = sorted(self.blend_grid)
        oof = {C: np.full(len(y), np.nan) for C in grid}
        oof_history = np.full(len(y), np.nan)
        held_out = np.zeros(len(y), dtype=bool)
        for train, val in self._inner_splits(X):
            if y[train].sum() == 0:
                continue
            history = self._fit_logit(Z[train][:, hist_idx], y[train], self.history_C)
            oof_history[val] = history.decision_function(Z[val][:, hist_idx])
            # one solver per fold, warm-started along the increasing C path
            solver = LogisticRegression(max_iter=500, tol=1e-4, warm_start=True)
            for C in grid:
                solver.set_params(C=C).fit(Z[train], y[train])
                oof[C][val] = solver.decision_function(Z[val])
            held_out |= val
        best = None
        if 0 < y[held_out].sum() < held_out.sum():
            for C in grid:
                for w in weights:
                    score = self._blend_score(oof[C][held_out], oof_history[held_out], w)
                    loss = self._score(y[held_out], score)
                    if best is None or loss < best[0] - 1e-12:
                        best = (loss, C, w, score)
        if best is None:  # no inner validation (or too few positives): middle of the grid, no blend, no calibration
            best = (np.nan, grid[len(grid) // 2], 1.0, None)
        self.inner_loss_, self.C_, self.blend_weight_, held_score = best
        model = self._fit_logit(Z, y, self.C_)
        coef, intercept = model.coef_[0] * self.blend_weight_, float(model.intercept_[0]) * self.blend_weight_
        if self.blend_weight_ < 1:
            history = self._fit_logit(Z[:, hist_idx], y, self.history_C)
            coef[hist_idx] += (1 - self.blend_weight_) * history.coef_[0]
            intercept += (1 - self.blend_weight_) * float(history.intercept_[0])
        a, b = 1.0, 0.0
        if self.calibrate and held_score is not None:
            platt = LogisticRegression(C=1e6, max_iter=1000).fit(held_score.reshape(-1, 1), y[held_out])
            a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        self.calibration_slope_, self.calibration_intercept_ = a, b
        # fold the Platt map into the linear predictor: logit p = a * (Z @ coef + intercept) + b
        self.coef_ = coef * a
        self.intercept_ = intercept * a + b
        self.raw_coef_, self.raw_intercept_ = coef, intercept
        return _fitted_on(self, X)


def main_model(**overrides) -> "CollapseRiskModel":
    """A fresh, unfitted main model (:data:`MAIN_MODEL_PARAMS`, with ``overrides``)."""
    return CollapseRiskModel(**{**MAIN_MODEL_PARAMS, **overrides})


#: name → estimator factory; the order is the order of the evaluation table
MODELS = {
    "climatology": Climatology,
    "conflict_history": ConflictHistoryLogit,
    "structural": StructuralLogit,
    "collapse_risk": main_model,
}
MAIN_MODEL = "collapse_risk"


def make_models() -> dict[str, BaseEstimator]:
    """Fresh, unfitted instances of every registered model."""
    return {name: factory() for name, factory in MODELS.items()}
