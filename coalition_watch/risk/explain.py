"""Explanations in words: which features moved a country-month's probability most.

For the linear models, the contribution of feature ``j`` to the log-odds of a row is
``coef_j * (x_j - mean_j) / sd_j``: the standardised distance from the average training row times
the (calibrated) coefficient. Positive contributions raise the probability relative to a
training-average country-month, negative ones lower it. The sentences report the feature's value
in its natural unit (counts back-transformed from log1p, months, indices).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: feature → (phrase, unit kind). Kinds: count (log1p of a count), change (difference of log1p
#: sums), months (log1p of months), index, flag, share.
FEATURE_PHRASES: dict[str, tuple[str, str]] = {
    "fat_1m": ("conflict deaths in the latest data month", "count"),
    "fat_3m": ("conflict deaths in the last 3 months", "count"),
    "fat_12m": ("conflict deaths in the last 12 months", "count"),
    "fat_60m": ("conflict deaths in the last 5 years", "count"),
    "sb_events_12m": ("state-based violent events in the last 12 months", "count"),
    "ns_events_12m": ("clashes between armed groups in the last 12 months", "count"),
    "os_events_12m": ("attacks on civilians in the last 12 months", "count"),
    "civ_12m": ("civilian deaths in the last 12 months", "count"),
    "events_3m": ("violent events in the last 3 months", "count"),
    "fat_change_3m": ("change in deaths, last 3 months vs the 3 before", "change"),
    "fat_change_6m": ("change in deaths, last 6 months vs the 6 before", "change"),
    "fat_change_12m": ("change in deaths, last 12 months vs the 12 before", "change"),
    "fat_accel": ("acceleration of the 3-month change in deaths", "change"),
    "peak_event_12m": ("largest death toll of one GED event record in the last 12 months", "count"),
    "months_since_calm": ("months since the last calm month", "months"),
    "polyarchy": ("electoral democracy index (V-Dem, previous year)", "index"),
    "polity2": ("Polity score (previous year)", "index"),
    "polity_interregnum": ("state collapse or transition coded by Polity (previous year)", "flag"),
    "regime_age": ("age of the regime in months", "months"),
    "ethfrac": ("ethnic fractionalisation", "index"),
    "gov_conflict": ("armed conflict over government (previous year)", "flag"),
    "gov_conflict_groups": ("armed groups fighting over government (previous year)", "count"),
    "rebel_groups": ("armed groups fighting the government (previous year)", "count"),
    "gov_conflict_war": ("war-level conflict over government (previous year)", "flag"),
    "rebel_sponsor_share": ("share of rebel dyads with a foreign state sponsor (previous year)", "share"),
    "gov_foreign_backing": ("government relied on foreign troops (previous year)", "flag"),
    "gov_conflict_years": ("consecutive years of conflict over government", "count"),
    "months_since_fall": ("months since the last government fell to armed groups", "months"),
    "gov_conflict_x_fat12": ("deaths in the last 12 months within a conflict over government", "count"),
    "gov_conflict_x_fat60": ("deaths in the last 5 years within a conflict over government", "count"),
    "gov_conflict_x_change6": ("6-month change in deaths within a conflict over government", "change"),
    "gov_conflict_groups_change": ("change in the number of armed groups fighting over government "
                                   "(previous year vs the year before)", "index"),
    "sponsor_balance": ("foreign state backers of the armed groups vs of the government, log ratio "
                        "(previous year)", "index"),
    "gov_patron_at_war": ("a foreign backer of the government was at war elsewhere (previous year)", "flag"),
    "gov_patron_war_fat_12m": ("conflict deaths in the last 12 months where the government's foreign "
                               "backers fight elsewhere", "count"),
    "fat_surge_z": ("deaths in the last 3 months against the country's own last 10 years "
                    "(standard deviations)", "index"),
    "sb_surge_z": ("state-based events in the last 3 months against the country's own last "
                   "10 years (standard deviations)", "index"),
    "fat_rate_vs_60m": ("monthly death rate, last 3 months vs last 5 years", "change"),
    "sb_share_12m": ("share of violent events involving the state, last 12 months", "share"),
    "gov_war_dyads": ("war-level dyads over government (previous year)", "count"),
    "new_gov_challenger": ("new armed groups fighting over government (previous year)", "count"),
    "gov_patron_loss": ("foreign states that stopped fighting for the government (previous year)", "count"),
    "rebel_sponsor_gain": ("new foreign state backers of the armed groups (previous year)", "count"),
}


def display_value(feature: str, value: float) -> str:
    """The feature's value in its natural unit, as text."""
    kind = FEATURE_PHRASES.get(feature, (feature, "index"))[1]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if kind in ("count", "months"):
        return f"{math.expm1(value):,.0f}"
    if kind == "change":
        # the ratio of (deaths + 1) over the two periods: "×40.0" from 0 to 39 deaths
        factor = math.exp(value)
        return f"×{factor:.1f}" if factor >= 1 else f"÷{1 / factor:.1f}"
    if kind == "flag":
        return "yes" if value >= 0.5 else "no"
    if kind == "share":
        return f"{value:.0%}"
    return f"{value:.2f}"


def reason_sentence(feature: str, value: float, contribution: float) -> str:
    """One sentence: '<phrase>: <value> — raised the risk (odds ×1.72 against an average
    country-month)': the contribution to the log-odds as a factor on the odds, against the
    training-average country-month it is measured from."""
    phrase = FEATURE_PHRASES.get(feature, (feature.replace("_", " "), "index"))[0]
    factor = math.exp(contribution)
    if contribution > 0:
        effect = f"raised the risk (odds ×{factor:.2f} against an average country-month)"
    else:
        effect = f"lowered the risk (odds ÷{1 / factor:.2f} against an average country-month)"
    return f"{phrase}: {display_value(feature, value)} — {effect}"


def top_reasons(contributions: pd.Series, values: pd.Series, n: int = 3,
                direction: str = "both") -> list[dict]:
    """The ``n`` features with the largest absolute contribution for one row.

    ``direction`` = 'up' keeps only features that raised the risk, 'down' only those that lowered
    it. Returns dicts with ``feature, value, display, contribution, text``.
    """
    contrib = contributions.copy()
    if direction == "up":
        contrib = contrib[contrib > 0]
    elif direction == "down":
        contrib = contrib[contrib < 0]
    ordered = contrib.reindex(contrib.abs().sort_values(ascending=False).index)[:n]
    return [{"feature": f, "value": float(values[f]), "display": display_value(f, float(values[f])),
             "contribution": round(float(c), 3), "text": reason_sentence(f, float(values[f]), float(c))}
            for f, c in ordered.items()]


def _largest_first(contributions: np.ndarray) -> np.ndarray:
    """Positions of ``contributions`` by absolute size, largest first, missing values last: the
    order :func:`top_reasons` takes from a descending pandas sort, computed as that sort computes it
    (the sizes reversed, sorted ascending with the same algorithm, the result reversed), so that
    equal sizes come out in the same order."""
    size = np.abs(contributions)
    missing = np.isnan(size)
    positions = np.arange(len(size))
    present = positions[~missing][::-1]
    order = present[size[~missing][::-1].argsort(kind="quicksort")][::-1]
    return np.concatenate([order, positions[missing]])


def top_reasons_by_row(contributions: pd.DataFrame, values: pd.DataFrame, n: int = 3) -> list[list[dict]]:
    """:func:`top_reasons` (both directions) for every row of ``contributions`` (rows × features),
    with the feature ``values`` of the same rows (a frame holding at least those features);
    computed on arrays, not one pandas row at a time, so ranking every country stays cheap."""
    features = list(contributions.columns)
    contrib = contributions.to_numpy(dtype=float)
    value = values[features].to_numpy(dtype=float)
    out = []
    for c_row, v_row in zip(contrib, value):
        reasons = []
        for j in _largest_first(c_row)[:n]:
            f, v, c = features[j], float(v_row[j]), float(c_row[j])
            reasons.append({"feature": f, "value": v, "display": display_value(f, v),
                            "contribution": round(c, 3), "text": reason_sentence(f, v, c)})
        out.append(reasons)
    return out


def explain_row(model, row: pd.DataFrame, n: int = 3) -> list[dict]:
    """Reasons for one country-month (a one-row feature frame) from a fitted linear model that
    offers ``contributions(X)``; the features that moved its probability most, in words."""
    contrib = model.contributions(row).iloc[0]
    values = row[list(contrib.index)].iloc[0]
    return top_reasons(contrib, values, n=n)
