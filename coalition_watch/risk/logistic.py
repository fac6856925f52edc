"""The arithmetic of the main model's fit in numpy, so that ``cwatch risk`` can refit without
importing scikit-learn or ``scipy.optimize`` (together longer than the 2 s answer target).

Standardisation (learned on the training rows): ``m_j`` = median of feature ``j`` ignoring missing
values (0 if all are missing), a missing ``x_j`` is replaced by ``m_j``, then
``z_j = (x_j - mean_j) / sd_j`` with ``sd_j`` the population standard deviation (1 where it is 0).
The estimators of :mod:`coalition_watch.risk.models` use the same two functions.

Fit: L2-penalised logistic regression, the intercept ``b`` not penalised,

    minimise  L(w, b) = (1/n) Σ_i [log(1 + exp(r_i)) - y_i r_i] + ||w||² / (2 C n),   r_i = z_i·w + b,

the objective of scikit-learn's ``LogisticRegression(C=C)``. ``L`` is strictly convex, so it has
one minimiser; :func:`fit_logistic` finds it by Newton's method (gradient
``g = Zᵀ(p - y)/n + λw``, Hessian ``Zᵀ diag(p(1-p)) Z / n + λI`` with ``λ = 1/(C n)`` on the
coefficients and 0 on the intercept), halving a step that does not lower ``L``, until
``max |g| <= tol``. The main model's estimator fits the same objective with scikit-learn's Newton
solver (``solver="newton-cholesky"``) to the same tolerance, so both reach the minimiser and their
probabilities agree to rounding error; ``tests/risk/test_ranking_fast_path.py`` checks this on the
shared data.

The backtest keeps fitting the scikit-learn estimators; this module serves the ranking when the
main model is a plain fit (``inner="none"``), see :func:`plain_fit_C`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from coalition_watch.risk.features import CONFLICT_FEATURES

#: The main model's configuration, chosen on the development backtest (origins 1992-1999, labels
#: known through 1999-12; see docs/risk.md "Selection protocol"): the conflict-history features
#: with a strong L2 penalty, fitted on all training rows, no inner selection, no Platt map.
#: Defined here so that ``cwatch risk`` reads it without importing scikit-learn;
#: :mod:`coalition_watch.risk.models` uses it for :func:`~coalition_watch.risk.models.main_model`.
#: Read-only (a mapping proxy of immutable values): another configuration is a model of its own,
#: made with ``main_model(**overrides)``; the ranking's cache keys include these values.
MAIN_MODEL_PARAMS: Mapping[str, object] = MappingProxyType(
    {"features": tuple(CONFLICT_FEATURES), "C_grid": (0.001,), "inner": "none", "calibrate": False})


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


#: gradient tolerance and step limit of the main model's fit (numpy here, scikit-learn in the
#: estimator): the minimiser to rounding error
NEWTON_TOL, NEWTON_MAX_ITER = 1e-10, 100


def _loss(raw: np.ndarray, y: np.ndarray, coef: np.ndarray, l2: float) -> float:
    """``L`` from the linear predictor; ``log(1 + e^r) = max(r, 0) + log1p(e^{-|r|})``."""
    terms = np.maximum(raw, 0.0) + np.log1p(np.exp(-np.abs(raw))) - y * raw
    return float(terms.sum() / len(y)) + float(0.5 * l2 * (coef @ coef))


def fit_logistic(Z: np.ndarray, y: np.ndarray, C: float, tol: float = NEWTON_TOL,
                 max_iter: int = NEWTON_MAX_ITER) -> tuple[np.ndarray, float]:
    """``(coef, intercept)`` minimising ``L`` for 0/1 ``y`` on ``Z`` (see the module docstring).
    Raises ``ValueError`` when ``y`` holds a single class or the fit does not converge."""
    y = np.asarray(y).astype(float)
    if not 0 < y.sum() < len(y):
        raise ValueError("the training rows contain a single class; a logistic fit needs both")
    n, p = Z.shape
    design = np.column_stack([Z, np.ones(n)])
    l2 = 1.0 / (C * n)
    penalty = np.full(p + 1, l2)
    penalty[p] = 0.0  # the intercept is not penalised
    params = np.zeros(p + 1)
    raw = design @ params
    loss = _loss(raw, y, params[:p], l2)
    for _ in range(max_iter):
        e = np.exp(-np.abs(raw))
        prob = np.where(raw >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        grad = design.T @ (prob - y) / n + penalty * params
        if np.abs(grad).max() <= tol:
            return params[:p].copy(), float(params[p])
        hessian = (design * (prob * (1.0 - prob) / n)[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, grad)
        t = 1.0
        while True:  # a full Newton step almost always lowers L; halve it when it does not
            trial = params - t * step
            trial_raw = design @ trial
            trial_loss = _loss(trial_raw, y, trial[:p], l2)
            if trial_loss <= loss or t < 1e-10:
                break
            t /= 2
        params, raw, loss = trial, trial_raw, trial_loss
    raise ValueError(f"the logistic fit did not converge in {max_iter} Newton steps")


def plain_fit_C(params: Mapping[str, object]) -> float | None:
    """The ``C`` of a :class:`~coalition_watch.risk.models.CollapseRiskModel` configuration that is
    a single logistic fit on all training rows (``inner="none"``: the middle of ``C_grid``, no blend,
    no Platt map), else None (inner validation needs the estimator)."""
    if params.get("inner") != "none":
        return None
    grid = sorted(params.get("C_grid", ()))
    return float(grid[len(grid) // 2]) if grid else None
