"""Country-resampled (cluster) bootstrap intervals for pooled AUC-ROC and AUC-PR.

Test rows of one country are strongly correlated (a war lasts years; a fall labels up to H
consecutive months), so rows are not independent draws. The resampling unit is the **country**:
each resample draws the ``n`` countries with replacement (multinomial counts ``w_c``) and every
row of country ``c`` enters with weight ``w_c``. The statistics are then the weighted AUC-ROC and
weighted average precision, exactly as :func:`sklearn.metrics.roc_auc_score` and
:func:`sklearn.metrics.average_precision_score` compute them with ``sample_weight``.

Vectorised. With positives ``i`` (few) and countries ``c``, precompute per country the number of
negative rows scoring below / tied with / at or above each positive's score, and the number of
positive rows at or above it. For resample weights ``W`` (resamples × countries):

- AUC-ROC_b = Σ_i W[b, c_i] · (W[b] · below[:, i] + ½ W[b] · tied[:, i]) / (P_b · N_b)
- AP_b = Σ_i W[b, c_i] · tp_bi / (tp_bi + fp_bi) / P_b, with tp_bi = W[b] · pos_at_or_above[:, i],
  fp_bi = W[b] · neg_at_or_above[:, i] (the precision at the threshold of positive i; tied rows
  share one threshold, as in scikit-learn)

where P_b, N_b are the weighted numbers of positive and negative rows. So a resample costs a few
small matrix products, not a sort. Intervals are percentile intervals (Efron & Tibshirani 1993,
ch. 13); the cluster bootstrap follows Field & Welsh (2007), "Bootstrapping clustered data",
JRSS B 69(3).
"""

from __future__ import annotations

import numpy as np

DEFAULT_RESAMPLES = 300
DEFAULT_LEVEL = 0.95
DEFAULT_SEED = 0


def country_resample_weights(n_countries: int, n_resamples: int = DEFAULT_RESAMPLES,
                             seed: int = DEFAULT_SEED) -> np.ndarray:
    """(n_resamples × n_countries) multiplicities: each row draws ``n_countries`` countries with
    replacement."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_countries, np.full(n_countries, 1.0 / n_countries), size=n_resamples).astype(float)


class _RankTables:
    """Per-country counts of rows relative to each positive's score (see module docstring)."""

    def __init__(self, codes: np.ndarray, y: np.ndarray, score: np.ndarray, n_countries: int):
        pos = np.flatnonzero(y == 1)
        self.pos_country = codes[pos]
        s_pos = score[pos]
        k = len(pos)
        self.below = np.zeros((n_countries, k))
        self.tied = np.zeros((n_countries, k))
        self.neg_at_or_above = np.zeros((n_countries, k))
        self.pos_at_or_above = np.zeros((n_countries, k))
        self.n_pos = np.bincount(codes[y == 1], minlength=n_countries).astype(float)
        self.n_neg = np.bincount(codes[y == 0], minlength=n_countries).astype(float)
        order = np.lexsort((score, codes))
        codes_s, score_s, y_s = codes[order], score[order], y[order]
        bounds = np.searchsorted(codes_s, np.arange(n_countries + 1))
        for c in range(n_countries):
            sl = slice(bounds[c], bounds[c + 1])
            sc, yc = score_s[sl], y_s[sl]
            neg, posc = sc[yc == 0], sc[yc == 1]
            left, right = np.searchsorted(neg, s_pos, "left"), np.searchsorted(neg, s_pos, "right")
            self.below[c] = left
            self.tied[c] = right - left
            self.neg_at_or_above[c] = len(neg) - left
            self.pos_at_or_above[c] = len(posc) - np.searchsorted(posc, s_pos, "left")

    def auc_roc(self, W: np.ndarray) -> np.ndarray:
        wi = W[:, self.pos_country]
        num = (wi * (W @ self.below + 0.5 * (W @ self.tied))).sum(axis=1)
        den = (W @ self.n_pos) * (W @ self.n_neg)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, np.nan)

    def auc_pr(self, W: np.ndarray) -> np.ndarray:
        wi = W[:, self.pos_country]
        tp, fp = W @ self.pos_at_or_above, W @ self.neg_at_or_above
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
            total = W @ self.n_pos
            return np.where(total > 0, (wi * precision).sum(axis=1) / total, np.nan)


def bootstrap_scores(countries, y, score, weights: np.ndarray,
                     country_order: list | np.ndarray) -> dict[str, np.ndarray]:
    """Weighted AUC-ROC and AUC-PR of ``score`` for every resample (row of ``weights``, columns in
    ``country_order``). Returns ``{"auc_roc": (B,), "auc_pr": (B,)}``."""
    lookup = {c: i for i, c in enumerate(country_order)}
    codes = np.array([lookup[c] for c in np.asarray(countries)], dtype=int)
    tables = _RankTables(codes, np.asarray(y).astype(int), np.asarray(score, dtype=float), len(lookup))
    return {"auc_roc": tables.auc_roc(weights), "auc_pr": tables.auc_pr(weights)}


def percentile_interval(values: np.ndarray, level: float = DEFAULT_LEVEL) -> list[float]:
    """[lo, hi] percentile interval of the finite ``values`` (NaN resamples, with no positive
    row, are dropped)."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return [float("nan"), float("nan")]
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return [float(lo), float(hi)]


def model_intervals(preds, reference: str = "conflict_history", main: str | None = None,
                    n_resamples: int = DEFAULT_RESAMPLES, level: float = DEFAULT_LEVEL,
                    seed: int = DEFAULT_SEED) -> dict[str, dict[str, list[float]]]:
    """Country-bootstrap intervals for every model in ``preds`` (one horizon; columns ``model,
    country, label, prob``). Every model is scored on the *same* resamples, so the interval of
    the ratio ``AUC-PR(main) / AUC-PR(reference)`` is paired; it is added to ``main``'s entry as
    ``auc_pr_ratio_ci`` (with the point ratio as ``auc_pr_ratio``)."""
    countries = sorted(set(preds["country"]))
    W = country_resample_weights(len(countries), n_resamples, seed)
    out, draws = {}, {}
    for name, rows in preds.groupby("model", sort=False):
        d = bootstrap_scores(rows["country"].to_numpy(), rows["label"].to_numpy(),
                             rows["prob"].to_numpy(), W, countries)
        draws[name] = d
        out[name] = {"auc_roc_ci": percentile_interval(d["auc_roc"], level),
                     "auc_pr_ci": percentile_interval(d["auc_pr"], level)}
    if main in draws and reference in draws and main != reference:
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = draws[main]["auc_pr"] / draws[reference]["auc_pr"]
        out[main]["auc_pr_ratio_ci"] = percentile_interval(ratio, level)
    return out
