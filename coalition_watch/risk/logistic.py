"""The arithmetic of the main model's fit in numpy, so that ``cwatch risk`` can refit without
importing scikit-learn (whose import alone takes longer than the 2 s answer target) or
``scipy.optimize`` (0.4-0.6 s; used only as a fallback).

Standardisation (learned on the training rows): ``m_j`` = median of feature ``j`` ignoring missing
values (0 if all are missing), a missing ``x_j`` is replaced by ``m_j``, then
``z_j = (x_j - mean_j) / sd_j`` with ``sd_j`` the population standard deviation (1 where it is 0).
The estimators of :mod:`coalition_watch.risk.models` use the same two functions.

Fit: L2-penalised logistic regression, the intercept ``b`` not penalised,

    minimise  L(w, b) = (1/n) Σ_i [log(1 + exp(r_i)) - y_i r_i] + ||w||² / (2 C n),   r_i = z_i·w + b,

by the L-BFGS-B iteration (:func:`lbfgs_unbounded`) from ``w = 0, b = 0`` with at most ``max_iter``
iterations, gradient tolerance ``tol``, relative-reduction tolerance ``64 ε``, memory 10 and up to
50 line-search steps. Objective, scaling, start point and solver settings are those of
scikit-learn's ``LogisticRegression(C=C, solver="lbfgs", max_iter=max_iter, tol=tol)`` (which calls
SciPy's L-BFGS-B), so both stop at the same iterate and the fitted probabilities agree to rounding
error (about 1e-15); ``tests/risk/test_ranking_fast_path.py`` checks this against the estimator
on the shared data and the iteration against SciPy's.

The backtest keeps fitting the scikit-learn estimators; this module serves the ranking when the
main model is a plain fit (``inner="none"``), see :func:`plain_fit_C`.
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
    module docstring). Raises ``ValueError`` when ``y`` holds a single class.

    The minimisation runs :func:`lbfgs_unbounded`; when that leaves its ordinary path (a failed
    line search, an L-BFGS reset, the iteration limit) the fit is redone by SciPy's L-BFGS-B."""
    y = np.asarray(y).astype(float)
    if not 0 < y.sum() < len(y):
        raise ValueError("the training rows contain a single class; a logistic fit needs both")
    n, p = Z.shape
    args = (Z, y, 1.0 / (C * n))
    ftol = 64 * np.finfo(float).eps
    x = lbfgs_unbounded(lambda w: _loss_and_gradient(w, *args), np.zeros(p + 1), max_iter=max_iter,
                        gtol=tol, ftol=ftol)
    if x is None:
        from scipy.optimize import minimize

        x = minimize(_loss_and_gradient, np.zeros(p + 1), args=args, method="L-BFGS-B", jac=True,
                     options={"maxiter": max_iter, "maxls": MAX_LINE_SEARCH_STEPS, "gtol": tol,
                              "ftol": ftol, "maxcor": MEMORY}).x
    return x[:p].copy(), float(x[p])


#: L-BFGS memory (correction pairs) and line-search step limit, SciPy's defaults as scikit-learn sets them
MEMORY, MAX_LINE_SEARCH_STEPS = 10, 50
#: Moré–Thuente line-search constants of L-BFGS-B: sufficient decrease, curvature, interval width
_LS_FTOL, _LS_GTOL, _LS_XTOL = 1e-3, 0.9, 0.1
_BIG_STEP = 1e10


def lbfgs_unbounded(fun, x0: np.ndarray, max_iter: int, gtol: float, ftol: float,
                    memory: int = MEMORY, max_ls: int = MAX_LINE_SEARCH_STEPS) -> np.ndarray | None:
    """Minimise ``fun(x) -> (f, grad)`` without bounds by the iteration of L-BFGS-B (Byrd, Lu,
    Nocedal & Zhu 1995, the algorithm of :func:`scipy.optimize.minimize` with ``method="L-BFGS-B"``)
    as it runs when no variable has a bound: first direction ``-g`` with trial step ``1/||g||``,
    then the limited-memory quasi-Newton direction ``-H g`` (``H_0 = (s'y / y'y) I`` from the latest
    pair, at most ``memory`` pairs; a pair with ``s'y <= ε (-g'd)`` is skipped) with trial step 1;
    the Moré–Thuente line search (sufficient decrease 1e-3, curvature 0.9) on each direction.
    Stops when ``max |g_i| <= gtol`` or ``(f_old - f) <= ftol * max(|f_old|, |f|, 1)``.

    Returns None instead of an answer where L-BFGS-B would leave this path (a line search that
    fails or needs more than ``max_ls`` evaluations, which triggers a memory reset there; more
    than ``max_iter`` iterations), so that the caller can defer to SciPy.
    """
    x = np.array(x0, dtype=float)
    f, g = fun(x)
    if np.abs(g).max() <= gtol:
        return x
    eps = np.finfo(float).eps
    pairs: list[tuple[np.ndarray, np.ndarray, float]] = []  # (s, y, s'y)
    for iteration in range(max_iter):
        if pairs:
            z = x + _two_loop(g, pairs)
            d = z - x
            stp = 1.0
        else:
            d = -g
            z = x + d
            stp = min(1.0 / np.sqrt(d @ d), _BIG_STEP)
        x_old, g_old, f_old = x, g, f
        gd_old = g @ d
        if gd_old >= 0:
            return None
        search = _MoreThuente(f, gd_old, stp, _BIG_STEP)
        for _ in range(max_ls):
            x = z.copy() if stp == 1.0 else stp * d + x_old
            f, g = fun(x)
            gd = g @ d
            stp, status = search.step(f, gd, stp)
            if status != "FG":
                break
        else:
            return None
        if status != "CONVERGENCE":
            return None
        if np.abs(g).max() <= gtol:
            return x
        if f_old - f <= ftol * max(abs(f_old), abs(f), 1.0):
            return x
        y = g - g_old
        if stp == 1.0:
            s, sy, scale = d, gd - gd_old, -gd_old
        else:
            s, sy, scale = stp * d, (gd - gd_old) * stp, -gd_old * stp
        if sy <= eps * scale:
            continue
        pairs.append((s, y, sy))
        if len(pairs) > memory:
            pairs.pop(0)
    return None


def _two_loop(g: np.ndarray, pairs: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    """``-H g`` by the L-BFGS two-loop recursion, ``H_0 = (s'y / y'y) I`` of the newest pair."""
    q = g.copy()
    alphas = []
    for s, y, sy in reversed(pairs):
        a = (s @ q) / sy
        alphas.append(a)
        q -= a * y
    s, y, sy = pairs[-1]
    r = q * (sy / (y @ y))
    for (s, y, sy), a in zip(pairs, reversed(alphas)):
        r += s * (a - (y @ r) / sy)
    return -r


class _MoreThuente:
    """The line search of Moré & Thuente (1994, ACM TOMS 20:286), as L-BFGS-B calls it: finds a step
    with ``f(stp) <= f(0) + 1e-3 stp f'(0)`` and ``|f'(stp)| <= 0.9 |f'(0)|`` by safeguarded cubic
    and quadratic interpolation. ``step(f, g, stp)`` takes the value and directional derivative at
    the trial ``stp`` and returns the next trial and ``"FG"`` (evaluate it), ``"CONVERGENCE"`` or
    ``"WARNING"``."""

    def __init__(self, f0: float, g0: float, stp: float, stpmax: float, stpmin: float = 0.0):
        self.finit, self.ginit, self.gtest = f0, g0, _LS_FTOL * g0
        self.stpmin, self.stpmax = stpmin, stpmax
        self.brackt, self.stage = False, 1
        self.width = stpmax - stpmin
        self.width1 = self.width / 0.5
        self.stx, self.fx, self.gx = 0.0, f0, g0
        self.sty, self.fy, self.gy = 0.0, f0, g0
        self.stmin, self.stmax = 0.0, stp + 4.0 * stp

    def step(self, f: float, g: float, stp: float) -> tuple[float, str]:
        ftest = self.finit + stp * self.gtest
        if self.stage == 1 and f <= ftest and g >= 0:
            self.stage = 2
        if f <= ftest and abs(g) <= _LS_GTOL * (-self.ginit):
            return stp, "CONVERGENCE"
        if (self.brackt and (stp <= self.stmin or stp >= self.stmax
                             or self.stmax - self.stmin <= _LS_XTOL * self.stmax)
                or (stp == self.stpmax and f <= ftest and g <= self.gtest)
                or (stp == self.stpmin and (f > ftest or g >= self.gtest))):
            return stp, "WARNING"
        if self.stage == 1 and f <= self.fx and f > ftest:
            # modified function psi(stp) = f(stp) - f(0) - ftol * stp * f'(0) until stage 2
            fm, fxm, fym = f - stp * self.gtest, self.fx - self.stx * self.gtest, self.fy - self.sty * self.gtest
            gm, gxm, gym = g - self.gtest, self.gx - self.gtest, self.gy - self.gtest
            (self.stx, fxm, gxm, self.sty, fym, gym, stp) = self._interpolate(
                self.stx, fxm, gxm, self.sty, fym, gym, stp, fm, gm)
            self.fx, self.fy = fxm + self.stx * self.gtest, fym + self.sty * self.gtest
            self.gx, self.gy = gxm + self.gtest, gym + self.gtest
        else:
            (self.stx, self.fx, self.gx, self.sty, self.fy, self.gy, stp) = self._interpolate(
                self.stx, self.fx, self.gx, self.sty, self.fy, self.gy, stp, f, g)
        if self.brackt:
            if abs(self.sty - self.stx) >= 0.66 * self.width1:
                stp = self.stx + 0.5 * (self.sty - self.stx)
            self.width1 = self.width
            self.width = abs(self.sty - self.stx)
            self.stmin, self.stmax = min(self.stx, self.sty), max(self.stx, self.sty)
        else:
            self.stmin = stp + 1.1 * (stp - self.stx)
            self.stmax = stp + 4.0 * (stp - self.stx)
        stp = min(max(stp, self.stpmin), self.stpmax)
        if (self.brackt and (stp <= self.stmin or stp >= self.stmax)) or (
                self.brackt and self.stmax - self.stmin <= _LS_XTOL * self.stmax):
            stp = self.stx
        return stp, "FG"

    def _interpolate(self, stx, fx, dx, sty, fy, dy, stp, fp, dp):
        """One safeguarded step (the four cases of Moré & Thuente) within ``[stmin, stmax]``; returns
        the new interval ends with their values and derivatives and the next trial step."""
        sgnd = dp * (dx / abs(dx))
        if fp > fx:  # higher value: the minimum is bracketed
            theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            s = max(abs(theta), abs(dx), abs(dp))
            gamma = s * np.sqrt((theta / s) ** 2 - (dx / s) * (dp / s))
            if stp < stx:
                gamma = -gamma
            p = (gamma - dx) + theta
            q = ((gamma - dx) + gamma) + dp
            stpc = stx + (p / q) * (stp - stx)
            stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
            stpf = stpc if abs(stpc - stx) < abs(stpq - stx) else stpc + (stpq - stpc) / 2.0
            self.brackt = True
        elif sgnd < 0:  # lower value, derivatives of opposite sign: bracketed
            theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            s = max(abs(theta), abs(dx), abs(dp))
            gamma = s * np.sqrt((theta / s) ** 2 - (dx / s) * (dp / s))
            if stp > stx:
                gamma = -gamma
            p = (gamma - dp) + theta
            q = ((gamma - dp) + gamma) + dx
            stpc = stp + (p / q) * (stx - stp)
            stpq = stp + (dp / (dp - dx)) * (stx - stp)
            stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
            self.brackt = True
        elif abs(dp) < abs(dx):  # lower value, same sign, the derivative's magnitude decreases
            theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
            s = max(abs(theta), abs(dx), abs(dp))
            gamma = s * np.sqrt(max(0.0, (theta / s) ** 2 - (dx / s) * (dp / s)))
            if stp > stx:
                gamma = -gamma
            p = (gamma - dp) + theta
            q = (gamma + (dx - dp)) + gamma
            r = p / q
            if r < 0 and gamma != 0:
                stpc = stp + r * (stx - stp)
            elif stp > stx:
                stpc = self.stmax
            else:
                stpc = self.stmin
            stpq = stp + (dp / (dp - dx)) * (stx - stp)
            if self.brackt:
                stpf = stpc if abs(stpc - stp) < abs(stpq - stp) else stpq
                if stp > stx:
                    stpf = min(stp + 0.66 * (sty - stp), stpf)
                else:
                    stpf = max(stp + 0.66 * (sty - stp), stpf)
            else:
                stpf = stpc if abs(stpc - stp) > abs(stpq - stp) else stpq
                stpf = max(self.stmin, min(self.stmax, stpf))
        else:  # lower value, same sign, the derivative's magnitude does not decrease
            if self.brackt:
                theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp
                s = max(abs(theta), abs(dy), abs(dp))
                gamma = s * np.sqrt((theta / s) ** 2 - (dy / s) * (dp / s))
                if stp > sty:
                    gamma = -gamma
                p = (gamma - dp) + theta
                q = ((gamma - dp) + gamma) + dy
                stpf = stp + (p / q) * (sty - stp)
            elif stp > stx:
                stpf = self.stmax
            else:
                stpf = self.stmin
        if fp > fx:
            sty, fy, dy = stp, fp, dp
        else:
            if sgnd < 0:
                sty, fy, dy = stx, fx, dx
            stx, fx, dx = stp, fp, dp
        return stx, fx, dx, sty, fy, dy, stpf


def plain_fit_C(params: dict) -> float | None:
    """The ``C`` of a :class:`~coalition_watch.risk.models.CollapseRiskModel` configuration that is
    a single logistic fit on all training rows (``inner="none"``: the middle of ``C_grid``, no blend,
    no Platt map), else None (inner validation needs the estimator)."""
    if params.get("inner") != "none":
        return None
    grid = sorted(params.get("C_grid", ()))
    return float(grid[len(grid) // 2]) if grid else None
