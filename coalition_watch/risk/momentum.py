"""Momentum and support-shift features: what separates a war that is being won from one that endures.

Long wars over government that do not end in a fall (Colombia, Sudan, Syria 2013–16) sit at the
top of any ranking built on death counts. Falls more often come with a break from the country's
own pattern: an offensive far above the war's usual level, fighting that turns into battles with
the government, a new challenger, or foreign backers who stop fighting for the government.

Monthly measures come from the GED country-month panel and use months ``≤ t`` only; the yearly
dyad measures of year ``y`` (UCDP Dyadic v24.1) are used from January of ``y + 1``, and after the
dataset's last year its last year is carried forward (as for the other Dyadic features).

Not used, and why: the share of fatalities by violence type (the aggregated panel has fatalities
by type only as civilian deaths, so event counts stand in), the rebel side's share of the fighting
(the panel has no actor ids), and spread or proximity to the capital from geocoded events (event
files exist for six countries only, none with a fall in the test years; see ``docs/risk.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalition_watch.risk.coalition_signals import _codes, _read_dyads, previous_year_values
from coalition_watch.risk.data import gw_to_iso3

#: months of a country's own history the surge is measured against, and the minimum needed
HISTORY_MONTHS, MIN_HISTORY_MONTHS = 120, 24
#: floor of the historical standard deviation (log units) so quiet countries do not explode
SD_FLOOR = 0.5

MOMENTUM_DOCS: dict[str, str] = {
    "fat_surge_z": f"(v_t - mean(v_s)) / max(sd(v_s), {SD_FLOOR}), v = log1p(S_3(fatalities)), "
                   f"s = t-{HISTORY_MONTHS + 2} … t-3 (the country's own last {HISTORY_MONTHS} "
                   f"months before the current window; NaN with < {MIN_HISTORY_MONTHS} months)",
    "sb_surge_z": "the same z-score for state-based events: v = log1p(S_3(state-based events))",
    "fat_rate_vs_60m": "log1p(S_3(fatalities)/3) - log1p(S_60(fatalities)/60): the monthly death "
                       "rate of the last quarter against the last five years",
    "sb_share_12m": "S_12(state-based events) / S_12(all events); 0 without events: how much of "
                    "the violence is fighting with the state rather than against civilians or "
                    "between armed groups",
    "gov_war_dyads": "log1p(number of dyads over government at war intensity, 1,000+ deaths, y-1)",
    "new_gov_challenger": "number of armed groups in a dyad over government in y-1 that had no "
                          "such dyad in y-2 (log1p)",
    "gov_patron_loss": "log1p(number of states that backed the government with troops, "
                       "side_a_2nd, in y-2 but no longer in y-1, while a conflict went on in y-1): "
                       "withdrawal of external support",
    "rebel_sponsor_gain": "log1p(number of states that backed an armed group fighting this "
                          "government, side_b_2nd, in y-1 but not in y-2)",
}
MOMENTUM_FEATURES = list(MOMENTUM_DOCS)
MONTHLY_MOMENTUM = ["fat_surge_z", "sb_surge_z", "fat_rate_vs_60m", "sb_share_12m"]
YEARLY_MOMENTUM = ["gov_war_dyads", "new_gov_challenger", "gov_patron_loss", "rebel_sponsor_gain"]


def _grid(panel: pd.DataFrame, column: str) -> np.ndarray:
    return panel[column].to_numpy(dtype=float).reshape(panel["country"].nunique(), -1)


def _sum(x: np.ndarray, k: int) -> np.ndarray:
    c = np.cumsum(x, axis=1)
    out = c.copy()
    out[:, k:] = c[:, k:] - c[:, :-k]
    return out


def surge_z(v: np.ndarray, skip: int = 3, history: int = HISTORY_MONTHS,
            min_history: int = MIN_HISTORY_MONTHS, sd_floor: float = SD_FLOOR) -> np.ndarray:
    """Row-wise z-score of ``v[:, t]`` against ``v[:, t-skip-history+1 … t-skip]`` (past only).

    ``v`` is (countries × months); the window holds at most ``history`` values and must hold at
    least ``min_history``, else NaN. The standard deviation is floored at ``sd_floor``.
    """
    n = v.shape[1]
    c1 = np.concatenate([np.zeros((v.shape[0], 1)), np.cumsum(v, axis=1)], axis=1)
    c2 = np.concatenate([np.zeros((v.shape[0], 1)), np.cumsum(v * v, axis=1)], axis=1)
    t = np.arange(n)
    hi = t - skip + 1                     # exclusive end of the window in cumulative-sum index
    lo = np.maximum(hi - history, 0)
    count = hi - lo
    ok = count >= min_history
    hi_c, lo_c = np.clip(hi, 0, n), np.clip(lo, 0, n)
    s1 = c1[:, hi_c] - c1[:, lo_c]
    s2 = c2[:, hi_c] - c2[:, lo_c]
    cnt = np.maximum(count, 1)[None, :]
    mean = s1 / cnt
    var = np.maximum(s2 / cnt - mean * mean, 0.0)
    z = (v - mean) / np.maximum(np.sqrt(var), sd_floor)
    z[:, ~ok] = np.nan
    return z


def monthly_momentum_features(panel: pd.DataFrame) -> pd.DataFrame:
    """:data:`MONTHLY_MOMENTUM` for every row of the complete, sorted panel (see
    :data:`MOMENTUM_DOCS`); returns a frame on the panel's index."""
    fat, sb, ev = _grid(panel, "fatalities"), _grid(panel, "sb_events"), _grid(panel, "events")
    s3, s60 = _sum(fat, 3), _sum(fat, 60)
    sb12, ev12 = _sum(sb, 12), _sum(ev, 12)
    cols = {
        "fat_surge_z": surge_z(np.log1p(s3)),
        "sb_surge_z": surge_z(np.log1p(_sum(sb, 3))),
        "fat_rate_vs_60m": np.log1p(s3 / 3) - np.log1p(s60 / 60),
        "sb_share_12m": np.divide(sb12, ev12, out=np.zeros_like(sb12), where=ev12 > 0),
    }
    return pd.DataFrame({k: v.ravel() for k, v in cols.items()}, index=panel.index)


def yearly_support_shifts(shared: str | None = None, dyads: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per government and year (``country, year``): war-level dyads over government, new
    challengers, lost patrons and new rebel sponsors, from UCDP Dyadic intrastate dyads."""
    dy = (_read_dyads(shared) if dyads is None else dyads).copy()
    gw = gw_to_iso3(shared)
    dy = dy[dy["type_of_conflict"].isin([3, 4])]
    facts: dict[tuple[str, int], dict] = {}
    # one pass over plain Python values (grouping string columns in pandas is slow)
    for gwno_a, year, incompat, intensity, side_b, a2, b2 in zip(
            dy["gwno_a"].tolist(), dy["year"].tolist(), dy["incompatibility"].tolist(),
            dy["intensity_level"].tolist(), dy["side_b_id"].astype(str).tolist(),
            dy["gwno_a_2nd"].tolist(), dy["gwno_b_2nd"].tolist()):
        codes = _codes(gwno_a)
        country = gw.get(codes[0]) if codes else None
        if country is None:
            continue
        f = facts.setdefault((country, int(year)),
                             {"war": 0, "challengers": set(), "patrons": set(), "sponsors": set()})
        if incompat == 2:
            f["war"] += int(intensity == 2)
            f["challengers"].add(side_b)
        f["patrons"].update(_codes(a2))
        f["sponsors"].update(_codes(b2))
    empty = {"war": 0, "challengers": set(), "patrons": set(), "sponsors": set()}
    rows = []
    for (country, year), now in facts.items():
        before = facts.get((country, year - 1), empty)
        rows.append({"country": country, "year": year,
                     "gov_war_dyads": np.log1p(now["war"]),
                     "new_gov_challenger": np.log1p(len(now["challengers"] - before["challengers"])),
                     "gov_patron_loss": np.log1p(len(before["patrons"] - now["patrons"])),
                     "rebel_sponsor_gain": np.log1p(len(now["sponsors"] - before["sponsors"]))})
    out = pd.DataFrame(rows)
    return out.sort_values(["country", "year"]).reset_index(drop=True)


def yearly_momentum_features(rows: pd.DataFrame, shared: str | None = None,
                             dyads: pd.DataFrame | None = None) -> pd.DataFrame:
    """:data:`YEARLY_MOMENTUM` for ``rows`` (``country, month``): year ``y-1`` facts in year ``y``;
    absent government-years are 0; after the data end the last year is carried forward."""
    return previous_year_values(rows, yearly_support_shifts(shared, dyads), YEARLY_MOMENTUM)


def momentum_features(rows: pd.DataFrame, panel: pd.DataFrame, shared: str | None = None,
                      dyads: pd.DataFrame | None = None) -> pd.DataFrame:
    """All :data:`MOMENTUM_FEATURES` for ``rows`` (the panel's own ``country, month`` rows)."""
    monthly = monthly_momentum_features(panel)
    monthly.index = rows.index
    return pd.concat([monthly, yearly_momentum_features(rows, shared, dyads)], axis=1)
