"""Features for the collapse-risk model, one row per country-month, each known at the end of that month.

Every feature is documented in :data:`FEATURE_DOCS` with its formula. Notation: for a country,
``x_t`` is a monthly count in month ``t`` (row month), ``S_k(x)_t = x_{t-k+1} + … + x_t`` the sum of
the last ``k`` months including ``t``. Nothing after month ``t`` enters the row for ``t``:
rolling windows look backwards only, and a yearly indicator for year ``y`` is used only from
January of ``y + 1`` (one-year lag), because such indicators are published after the year ends.

Groups (:data:`CONFLICT_FEATURES`, :data:`STRUCTURAL_FEATURES`, :data:`COALITION_FEATURES`,
:data:`~coalition_watch.risk.coalition_signals.SIGNAL_FEATURES`, :data:`HISTORY_FEATURES`) are the feature sets of the baselines and the main model. Extra feature
frames keyed by ``country, month`` (for example coalition measures from the network module) can be
joined with :func:`join_feature_frames`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalition_watch.risk.coalition_signals import SIGNAL_DOCS, SIGNAL_FEATURES, coalition_signal_features
from coalition_watch.risk.data import data_file, gw_to_iso3, month_index
from coalition_watch.risk.momentum import MOMENTUM_DOCS, MOMENTUM_FEATURES, momentum_features

CALM_FATALITIES = 5
MONTHS_CAP = 240

FEATURE_DOCS: dict[str, str] = {
    # conflict history (UCDP GED country-month)
    "fat_1m": "log1p(fatalities_t), best estimate",
    "fat_3m": "log1p(S_3(fatalities)_t)",
    "fat_12m": "log1p(S_12(fatalities)_t)",
    "fat_60m": "log1p(S_60(fatalities)_t): long-run intensity (5 years)",
    "sb_events_12m": "log1p(S_12(state-based events)_t): government vs organised armed group or state",
    "ns_events_12m": "log1p(S_12(non-state events)_t): armed groups fighting each other",
    "os_events_12m": "log1p(S_12(one-sided events)_t): violence against civilians",
    "civ_12m": "log1p(S_12(civilian deaths)_t)",
    "events_3m": "log1p(S_3(events)_t)",
    "fat_change_3m": "log1p(S_3(fat)_t) - log1p(S_3(fat)_{t-3})",
    "fat_change_6m": "log1p(S_6(fat)_t) - log1p(S_6(fat)_{t-6})",
    "fat_change_12m": "log1p(S_12(fat)_t) - log1p(S_12(fat)_{t-12})",
    "fat_accel": "fat_change_3m_t - fat_change_3m_{t-3}: acceleration of the 3-month change",
    "peak_event_12m": "log1p(max of the largest single-event death toll over t-11..t)",
    "months_since_calm": f"log1p(months since the last month with < {CALM_FATALITIES} fatalities), "
                         f"capped at {MONTHS_CAP}",
    # structural (yearly, lagged one year)
    "polyarchy": "V-Dem electoral democracy index v2x_polyarchy of year y-1",
    "polity2": "Polity5 polity2 of year y-1 (last known value carried forward after 2020)",
    "polity_interregnum": "1 if Polity5 'polity' of year y-1 is -77 (interregnum/collapse) or -88 "
                          "(transition), else 0",
    "regime_age": "log1p(months since the current regime began): REIGN spell start, or the last "
                  "fall to armed non-state actors if later",
    "ethfrac": "CREG ethnic fractionalisation of year y-1 (last known value carried forward)",
    # coalition measures (UCDP Dyadic v24.1, yearly, lagged one year)
    "gov_conflict": "1 if any dyad over government (incompatibility 2) against this government was "
                    "active in year y-1",
    "gov_conflict_groups": "log1p(number of distinct armed groups in dyads over government, y-1)",
    "rebel_groups": "log1p(number of distinct armed groups fighting this government in intrastate "
                    "dyads, any incompatibility, y-1)",
    "gov_conflict_war": "1 if a dyad over government reached war intensity (1,000+ deaths) in y-1",
    "rebel_sponsor_share": "share of y-1 dyads over government in which the armed group had an "
                           "external state supporter (side_b_2nd)",
    "gov_foreign_backing": "1 if the government had foreign warring supporters (side_a_2nd) in any "
                           "intrastate dyad in y-1",
    "gov_conflict_years": "log1p(consecutive years up to y-1 with an active conflict over government)",
    # fall history (dated label events, known when they happen)
    "months_since_fall": f"log1p(months since the last fall to armed non-state actors in the country, "
                         f"up to t), capped at {MONTHS_CAP}",
    # interactions for the linear main model
    "gov_conflict_x_fat12": "gov_conflict * fat_12m",
    "gov_conflict_x_fat60": "gov_conflict * fat_60m",
    "gov_conflict_x_change6": "gov_conflict * fat_change_6m",
    # coalition signals (UCDP Dyadic + GED; coalition_signals.py)
    **SIGNAL_DOCS,
    # momentum and support shifts (GED panel + UCDP Dyadic; momentum.py)
    **MOMENTUM_DOCS,
}

CONFLICT_FEATURES = ["fat_1m", "fat_3m", "fat_12m", "fat_60m", "sb_events_12m", "ns_events_12m",
                     "os_events_12m", "civ_12m", "events_3m", "fat_change_3m", "fat_change_6m",
                     "fat_change_12m", "fat_accel", "peak_event_12m", "months_since_calm"]
STRUCTURAL_FEATURES = ["polyarchy", "polity2", "polity_interregnum", "regime_age", "ethfrac"]
COALITION_FEATURES = ["gov_conflict", "gov_conflict_groups", "rebel_groups", "gov_conflict_war",
                      "rebel_sponsor_share", "gov_foreign_backing", "gov_conflict_years"]
HISTORY_FEATURES = ["months_since_fall"]
INTERACTION_FEATURES = ["gov_conflict_x_fat12", "gov_conflict_x_fat60", "gov_conflict_x_change6"]
MAIN_FEATURES = (CONFLICT_FEATURES + STRUCTURAL_FEATURES + COALITION_FEATURES + SIGNAL_FEATURES
                 + HISTORY_FEATURES + INTERACTION_FEATURES)


def _grid(panel: pd.DataFrame, column: str) -> np.ndarray:
    """A complete, sorted panel column as a (countries × months) array."""
    n_countries = panel["country"].nunique()
    return panel[column].to_numpy(dtype=float).reshape(n_countries, -1)


def _window_sum(x: np.ndarray, k: int) -> np.ndarray:
    """S_k along months (axis 1), summing only the months available since the panel start."""
    c = np.cumsum(x, axis=1)
    out = c.copy()
    out[:, k:] = c[:, k:] - c[:, :-k]
    return out


def _window_max(x: np.ndarray, k: int) -> np.ndarray:
    out = x.copy()
    for lag in range(1, k):
        out[:, lag:] = np.maximum(out[:, lag:], x[:, :-lag])
    return out


def _shift(x: np.ndarray, k: int) -> np.ndarray:
    """Value k months earlier; NaN before the panel start."""
    out = np.full_like(x, np.nan)
    out[:, k:] = x[:, :-k]
    return out


def _months_since_flag(flag: np.ndarray) -> np.ndarray:
    """Months since the last month (up to and including t) where ``flag`` is true; before any flagged
    month, months since the panel start plus one (a lower bound). Capped at MONTHS_CAP."""
    n_months = flag.shape[1]
    idx = np.where(flag, np.arange(n_months)[None, :], -1)
    last = np.maximum.accumulate(idx, axis=1)
    return np.minimum(np.arange(n_months)[None, :] - last, MONTHS_CAP).astype(float)


def conflict_history_features(panel: pd.DataFrame) -> pd.DataFrame:
    """Conflict-history features for every panel row (see :data:`FEATURE_DOCS`).

    ``panel`` must be complete and sorted by country then month (as :func:`load_panel` returns).
    Returns a frame on the panel's index with ``country``, ``month`` and :data:`CONFLICT_FEATURES`.
    """
    counts = panel.groupby("country", sort=False)["month"].size()
    codes, _ = pd.factorize(panel["country"], sort=True)  # codes follow the names' sort order
    ordered = (codes[:-1] <= codes[1:]).all()
    if counts.nunique() != 1 or not ordered:
        raise ValueError("panel must be complete and sorted by country, then month")
    fat = _grid(panel, "fatalities")
    s3, s6, s12, s60 = (np.log1p(_window_sum(fat, k)) for k in (3, 6, 12, 60))
    cols: dict[str, np.ndarray] = {
        "fat_1m": np.log1p(fat), "fat_3m": s3, "fat_12m": s12, "fat_60m": s60,
        "sb_events_12m": np.log1p(_window_sum(_grid(panel, "sb_events"), 12)),
        "ns_events_12m": np.log1p(_window_sum(_grid(panel, "ns_events"), 12)),
        "os_events_12m": np.log1p(_window_sum(_grid(panel, "os_events"), 12)),
        "civ_12m": np.log1p(_window_sum(_grid(panel, "civilian_deaths"), 12)),
        "events_3m": np.log1p(_window_sum(_grid(panel, "events"), 3)),
    }
    change3 = np.nan_to_num(s3 - _shift(s3, 3))
    cols["fat_change_3m"] = change3
    cols["fat_change_6m"] = np.nan_to_num(s6 - _shift(s6, 6))
    cols["fat_change_12m"] = np.nan_to_num(s12 - _shift(s12, 12))
    cols["fat_accel"] = np.nan_to_num(change3 - _shift(change3, 3))
    cols["peak_event_12m"] = np.log1p(_window_max(_grid(panel, "peak_event_fatalities"), 12))
    cols["months_since_calm"] = np.log1p(_months_since_flag(fat < CALM_FATALITIES))
    out = pd.DataFrame({"country": panel["country"].array, "month": panel["month"].to_numpy(),
                        **{k: v.ravel() for k, v in cols.items()}}, index=panel.index)
    return out


def _yearly_lagged(rows: pd.DataFrame, yearly: pd.DataFrame, columns: list[str],
                   carry_forward: bool = True) -> pd.DataFrame:
    """Join yearly values (``country, year, columns``) so that month ``t`` of year ``y`` sees year
    ``y-1``; with ``carry_forward`` the latest earlier year fills gaps (never a later year)."""
    yearly = yearly.dropna(subset=["country"]).groupby(["country", "year"], as_index=False)[columns].mean()
    countries = rows["country"].unique()
    years = np.arange(int(rows["month"].min()) // 12 - 1, int(rows["month"].max()) // 12 + 1)
    grid = pd.MultiIndex.from_product([countries, years], names=["country", "year"])
    full = yearly.set_index(["country", "year"]).reindex(
        yearly.set_index(["country", "year"]).index.union(grid)).sort_index()
    if carry_forward:
        full = full.groupby(level=0).ffill()
    full = full.reset_index()
    full["year"] = full["year"] + 1  # value of y-1 is used in year y
    key = pd.DataFrame({"country": rows["country"].to_numpy(), "year": rows["month"].to_numpy() // 12})
    merged = key.merge(full, on=["country", "year"], how="left")
    merged.index = rows.index
    return merged[columns]


def structural_features(rows: pd.DataFrame, shared: str | None = None,
                        falls: pd.DataFrame | None = None) -> pd.DataFrame:
    """Structural features (V-Dem, Polity5, REIGN, CREG) for ``rows`` (``country, month``).

    Yearly indicators are lagged one year. ``regime_age`` uses REIGN spell start dates up to month
    ``t`` and, when ``falls`` (``country, month``) is given, restarts at a fall.
    """
    out = pd.DataFrame(index=rows.index)
    vdem = pd.read_csv(data_file("governance/vdem_simple_1946on_core.csv", shared),
                       usecols=["country_text_id", "year", "v2x_polyarchy"])
    vdem = vdem.rename(columns={"country_text_id": "country", "v2x_polyarchy": "polyarchy"})
    out["polyarchy"] = _yearly_lagged(rows, vdem, ["polyarchy"])["polyarchy"]

    gw = gw_to_iso3(shared)
    polity = pd.read_csv(data_file("governance/polity5.csv", shared),
                         usecols=["GWn", "ccode" if False else "polity_annual_ccode", "year", "polity", "polity2"])
    code = polity["GWn"].fillna(polity["polity_annual_ccode"])
    polity["country"] = [gw.get(int(c)) if pd.notna(c) else None for c in code]
    polity["polity_interregnum"] = polity["polity"].isin([-77, -88]).astype(float)
    joined = _yearly_lagged(rows, polity, ["polity2", "polity_interregnum"])
    out["polity2"], out["polity_interregnum"] = joined["polity2"], joined["polity_interregnum"]

    creg = pd.read_csv(data_file("governance/creg_fractionalisation.csv", shared),
                       usecols=["gwcode", "year", "ethfrac"])
    creg["country"] = [gw.get(int(c)) if pd.notna(c) else None for c in creg["gwcode"]]
    out["ethfrac"] = _yearly_lagged(rows, creg, ["ethfrac"])["ethfrac"]

    out["regime_age"] = np.log1p(regime_age_months(rows, shared, falls))
    return out


def regime_age_months(rows: pd.DataFrame, shared: str | None = None,
                      falls: pd.DataFrame | None = None) -> pd.Series:
    """Months since the start of the regime in power at month ``t`` (REIGN spell starts ≤ t, or the
    latest fall ≤ t), capped at :data:`MONTHS_CAP` × 3; NaN when no start is known."""
    reign = pd.read_csv(data_file("leaders/reign.csv", shared), usecols=["GWn", "cown", "Start"])
    gw = gw_to_iso3(shared)
    code = reign["GWn"].fillna(reign["cown"])
    starts = pd.DataFrame({"country": [gw.get(int(c)) if pd.notna(c) else None for c in code],
                           "start": [month_index(s) for s in reign["Start"]]}).dropna().drop_duplicates()
    if falls is not None and len(falls):
        starts = pd.concat([starts, falls[["country", "month"]].rename(columns={"month": "start"})])
    starts = starts.sort_values("start")
    probe = rows[["country", "month"]].reset_index().sort_values("month")
    merged = pd.merge_asof(probe, starts, left_on="month", right_on="start", by="country",
                           direction="backward")
    merged = merged.set_index("index").reindex(rows.index)
    return (merged["month"] - merged["start"]).clip(upper=MONTHS_CAP * 3).astype(float)


def coalition_features(rows: pd.DataFrame, shared: str | None = None) -> pd.DataFrame:
    """Coalition measures from UCDP Dyadic v24.1 (yearly, lagged one year) for ``rows``.

    The government's country is ``gwno_a`` of intrastate dyads (type 3 and 4). See
    :data:`FEATURE_DOCS` for each measure.
    """
    dy = pd.read_csv(data_file("ucdp/dyadic_v24_1.csv", shared))
    dy = dy[dy["type_of_conflict"].isin([3, 4])].copy()
    gw = gw_to_iso3(shared)
    dy["country"] = [gw.get(int(str(c).split(",")[0])) for c in dy["gwno_a"]]
    dy["rebel_backed"] = dy["side_b_2nd"].notna() & (dy["side_b_2nd"].astype(str).str.strip() != "")
    dy["gov_backed"] = dy["side_a_2nd"].notna() & (dy["side_a_2nd"].astype(str).str.strip() != "")
    gov = dy[dy["incompatibility"] == 2]
    yearly = pd.DataFrame({
        "rebel_groups": dy.groupby(["country", "year"])["side_b_id"].nunique(),
        "gov_foreign_backing": dy.groupby(["country", "year"])["gov_backed"].max().astype(float),
        "gov_conflict_groups": gov.groupby(["country", "year"])["side_b_id"].nunique(),
        "gov_conflict_war": (gov.groupby(["country", "year"])["intensity_level"].max() == 2).astype(float),
        "rebel_sponsor_share": gov.groupby(["country", "year"])["rebel_backed"].mean(),
    }).reset_index()
    yearly["gov_conflict"] = (yearly["gov_conflict_groups"].fillna(0) > 0).astype(float)
    yearly = yearly.fillna(0.0).sort_values(["country", "year"])
    # consecutive years with an active conflict over government, up to and including the year
    run = []
    for _, grp in yearly.groupby("country"):
        count, prev = 0, None
        for year, active in zip(grp["year"], grp["gov_conflict"]):
            count = (count + 1 if prev == year - 1 else 1) if active else 0
            prev = year if active else None
            run.append(count)
    yearly["gov_conflict_years"] = run
    cols = ["gov_conflict", "gov_conflict_groups", "rebel_groups", "gov_conflict_war",
            "rebel_sponsor_share", "gov_foreign_backing", "gov_conflict_years"]
    # a country-year without a dyad row has no such conflict: zero, not missing
    out = _yearly_lagged(rows, yearly, cols, carry_forward=False)
    last_year = int(dy["year"].max())
    stale = rows["month"].to_numpy() // 12 - 1 > last_year
    if stale.any():  # after the dataset ends, carry its last year forward rather than claim peace
        carried = _yearly_lagged(rows, yearly, cols, carry_forward=True)
        out.loc[stale] = carried.loc[stale]
    out = out.fillna(0.0)
    for col in ("gov_conflict_groups", "rebel_groups", "gov_conflict_years"):
        out[col] = np.log1p(out[col])
    return out


def fall_history_features(rows: pd.DataFrame, falls: pd.DataFrame) -> pd.DataFrame:
    """``months_since_fall`` for ``rows`` from dated falls (``country, month``) at or before ``t``."""
    out = pd.DataFrame(index=rows.index)
    probe = rows[["country", "month"]].reset_index().sort_values("month")
    if falls is None or not len(falls):
        out["months_since_fall"] = np.log1p(float(MONTHS_CAP))
        return out
    events = falls[["country", "month"]].rename(columns={"month": "fall"}).sort_values("fall")
    merged = pd.merge_asof(probe, events, left_on="month", right_on="fall", by="country",
                           direction="backward").set_index("index").reindex(rows.index)
    since = (merged["month"] - merged["fall"]).fillna(MONTHS_CAP).clip(upper=MONTHS_CAP)
    out["months_since_fall"] = np.log1p(since.astype(float))
    return out


def join_feature_frames(base: pd.DataFrame, *extra: pd.DataFrame) -> pd.DataFrame:
    """Left-join extra feature frames keyed by ``country, month`` onto ``base`` (same row order).

    Each extra frame's non-key columns become features; rows it does not cover are NaN, which the
    models fill with the training median.
    """
    out = base
    for frame in extra:
        cols = [c for c in frame.columns if c not in ("country", "month")]
        out = out.merge(frame[["country", "month", *cols]], on=["country", "month"], how="left",
                        validate="many_to_one")
        out.index = base.index
    return out


def build_features(panel: pd.DataFrame, falls: pd.DataFrame | None = None, shared: str | None = None,
                   extra: list[pd.DataFrame] | tuple = ()) -> pd.DataFrame:
    """All feature groups for every panel row: ``country, month`` plus :data:`MAIN_FEATURES`
    (and any columns of ``extra`` frames)."""
    base = conflict_history_features(panel)
    rows = base[["country", "month"]]
    falls = falls if falls is not None else pd.DataFrame(columns=["country", "month"])
    parts = [base, structural_features(rows, shared, falls), coalition_features(rows, shared),
             coalition_signal_features(rows, panel, shared), momentum_features(rows, panel, shared),
             fall_history_features(rows, falls)]
    out = pd.concat(parts, axis=1)
    out["gov_conflict_x_fat12"] = out["gov_conflict"] * out["fat_12m"]
    out["gov_conflict_x_fat60"] = out["gov_conflict"] * out["fat_60m"]
    out["gov_conflict_x_change6"] = out["gov_conflict"] * out["fat_change_6m"]
    return join_feature_frames(out, *extra) if extra else out
