"""The arithmetic of the main model's fit with numpy and SciPy only, so that ``cwatch risk`` can refit
without importing scikit-learn (whose import alone takes longer than the 2 s answer target).

Standardisation (learned on the training rows): ``m_j`` = median of feature ``j`` ignoring missing
values (0 if all are missing), a missing ``x_j`` is replaced by ``m_j``, then
``z_j = (x_j - mean_j) / sd_j`` with ``sd_j`` the population standard deviation (1 where it is 0).

Fit: L2-penalised logistic regression, the intercept ``b`` not penalised,

    minimise  L(w, b) = (1/n) Σ_i [log(1 + exp(r_i)) - y_i r_i] + ||w||² / (2 C n),   r_i = z_i·w + b,

by L-BFGS-B (:func:`scipy.optimize.minimize`) from ``w = 0, b = 0`` with at most ``max_iter``
iterations, gradient tolerance ``tol``, relative-reduction tolerance ``64 ε`` and up to 50 line-search
steps. Objective, scaling, start point and solver settings are those of scikit-learn's
``LogisticRegression(C=C, solver="lbfgs", max_iter=max_iter, tol=tol)`` (see
``sklearn/linear_model/_logistic.py``), so both stop at the same iterate; the fitted probabilities
agree to rounding error (about 1e-15), which ``tests/risk/test_ranking_fast_path.py`` checks against
the estimator for every refit year.

The backtest keeps fitting the scikit-learn estimators of :mod:`coalition_watch.risk.models`; this
module serves the ranking when the main model is a plain fit (``inner="none"``), see
:func:`plain_fit_C`.
"""

from __future__ import annotations

import numpy as np

from coalition_watch.risk.features import CONFLICT_FEATURES

#: The main model's configuration, chosen on the development backtest (origins 1992-1999, labels
#: known through 1999-12; see docs/risk.md "Selection protocol"): the conflict-history features
#: with a strong L2 penalty, fitted on all training rows, no inner selection, no Platt map.
#: Defined here so that ``cwatch risk`` reads it without importing scikit-learn;
#: :mod:`coalition_watch.risk.models` uses it for :func:`~coalition_watch.risk.models.main_model`.
MAIN_MODEL_PARAMS = {"features": tuple(CONFLICT_FEATURES), "C_grid": (0.001,), "inner": "none",
                     "calibrate": False}


def standardisation_stats(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(medians, means, scales)`` of the training matrix ``values`` (rows × features)."""
    medians = np.nanmedian(values, axis=0)
    medians = np.where(np.isnan(medians), 0.0, medians)
    values = np.where(np.isnan(values), medians, values)
    scale = values.std(axis=0)
    return medians, values.mean(axis=0), np.where(scale > 0, scale, 1.0)


def standardise(values: np.ndarray, medians: np.ndarray, means: np.ndarray,
                scales: np.ndarray) -> np.ndarray:
    """``z = (x - mean) / sd`` with missing values replaced by the training median."""
    values = np.where(np.isnan(values), medians, values)
    return (values - means) / scales


def _loss_and_gradient(params: np.ndarray, Z: np.ndarray, y: np.ndarray, l2: float):
    """``L`` and its gradient; the log-loss terms use ``log(1 + e^r) = max(r, 0) + log1p(e^{-|r|})``."""
    n, p = Z.shape
    coef, intercept = params[:p], params[p]
    raw = Z @ coef + intercept
    e = np.exp(-np.abs(raw))
    loss = np.maximum(raw, 0.0) + np.log1p(e) - y * raw
    prob = np.where(raw >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    residual = (prob - y) / n
    grad = np.empty_like(params)
    grad[:p] = Z.T @ residual + l2 * coef
    grad[p] = residual.sum()
    return float(loss.sum() / n) + float(0.5 * l2 * (coef @ coef)), grad


def fit_logistic(Z: np.ndarray, y: np.ndarray, C: float, max_iter: int = 500,
                 tol: float = 1e-4) -> tuple[np.ndarray, float]:
    """``(coef, intercept)`` of the L2-penalised logistic regression of 0/1 ``y`` on ``Z`` (see the
    module docstring). Raises ``ValueError`` when ``y`` holds a single class."""
    from scipy.optimize import minimize

    y = np.asarray(y).astype(float)
    if not 0 < y.sum() < len(y):
        raise ValueError("the training rows contain a single class; a logistic fit needs both")
    n, p = Z.shape
    result = minimize(_loss_and_gradient, np.zeros(p + 1), args=(Z, y, 1.0 / (C * n)),
                      method="L-BFGS-B", jac=True,
                      options={"maxiter": max_iter, "maxls": 50, "gtol": tol,
                               "ftol": 64 * np.finfo(float).eps})
    return result.x[:p].copy(), float(result.x[p])


def plain_fit_C(params: dict) -> float | None:
    """The ``C`` of a :class:`~coalition_watch.risk.models.CollapseRiskModel` configuration that is
    a single logistic fit on all training rows (``inner="none"``: the middle of ``C_grid``, no blend,
    no Platt map), else None (inner validation needs the estimator)."""
    if params.get("inner") != "none":
        return None
    grid = sorted(params.get("C_grid", ()))
    return float(grid[len(grid) // 2]) if grid else None
