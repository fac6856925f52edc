"""A fitted linear risk model reduced to its arrays, for fast forecasts without scikit-learn.

``cwatch risk`` caches one :class:`LinearScorer` per origin year and horizon; a forecast for any
month of that year then needs only the month's features and this object (numpy and pandas), not a
refit or an import of scikit-learn. The arithmetic is the one of the fitted estimator
(:class:`coalition_watch.risk.models.CollapseRiskModel`):

``z_j = (x_j - mean_j) / sd_j`` (a missing ``x_j`` is replaced by the training median),
``logit p = Σ_j coef_j z_j + intercept``, and the contribution of feature ``j`` is ``coef_j z_j``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coalition_watch.risk.logistic import fit_logistic, standardisation_stats, standardise


@dataclass(frozen=True)
class LinearScorer:
    """Standardisation and coefficients of a fitted linear model, plus its alarm threshold."""

    features: tuple[str, ...]
    medians: np.ndarray
    means: np.ndarray
    scales: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def from_model(cls, model, threshold: float) -> "LinearScorer":
        """From a fitted ``_StandardisedLogit`` (``medians_, means_, scales_, coef_, intercept_``)."""
        return cls(tuple(model.features), np.asarray(model.medians_), np.asarray(model.means_),
                   np.asarray(model.scales_), np.asarray(model.coef_), float(model.intercept_),
                   float(threshold))

    @classmethod
    def fit(cls, X: pd.DataFrame, y, features: tuple[str, ...], C: float,
            threshold_quantile: float) -> "LinearScorer":
        """Standardise ``features`` of the training rows ``X`` and fit the L2 logistic regression
        with inverse penalty ``C`` (:func:`coalition_watch.risk.logistic.fit_logistic`); the alarm
        threshold is the ``threshold_quantile`` of the fitted probabilities of ``X``."""
        values = X[list(features)].to_numpy(dtype=float)
        medians, means, scales = standardisation_stats(values)
        coef, intercept = fit_logistic(standardise(values, medians, means, scales), y, C)
        scorer = cls(tuple(features), medians, means, scales, coef, intercept, float("nan"))
        threshold = float(np.quantile(scorer.predict_proba(X)[:, 1], threshold_quantile))
        return dataclasses.replace(scorer, threshold=threshold)

    def _standardise(self, X: pd.DataFrame) -> np.ndarray:
        return standardise(X[list(self.features)].to_numpy(dtype=float), self.medians, self.means,
                           self.scales)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probabilities of a fall, ``(n, 2)`` like scikit-learn (column 1 = fall)."""
        p = 1.0 / (1.0 + np.exp(-(self._standardise(X) @ self.coef + self.intercept)))
        return np.column_stack([1 - p, p])

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-row, per-feature contribution ``coef_j z_j`` to the log-odds."""
        return pd.DataFrame(self._standardise(X) * self.coef, columns=list(self.features), index=X.index)
