"""Territorial momentum from district-control reports (Afghanistan 2021), a signal next to the model.

The only district-control series in the shared data covers Afghanistan, 2021-05-11 to 2021-08-16
(322 districts, Taliban control 0/1 per report date, compiled from TOLOnews). One country and
one episode give a model nothing to learn a weight from without looking ahead, so the series is
reported beside the forecast (``supplementary`` in ``cwatch risk --json``) and offered as a
feature frame for later use, not fitted.

Measures, for report date ``d``: ``share_d`` = districts under armed-group control / districts
reported; ``momentum_30d`` = ``share_d - share_{d'}`` with ``d'`` the latest report at least 30 days
earlier (or the first report).
"""

from __future__ import annotations

import functools

import pandas as pd

from coalition_watch.risk.data import RiskDataError, data_file, month_index, month_label

SERIES = {"AFG": ("afghanistan_2021/district_control_2021.csv", "Taliban")}


@functools.lru_cache(maxsize=4)
def district_control_series(country: str = "AFG", shared: str | None = None) -> pd.DataFrame:
    """Daily share of districts under armed-group control: ``date, districts, controlled, share``."""
    relative, _ = SERIES[country]
    raw = pd.read_csv(data_file(relative, shared))
    raw["date"] = pd.to_datetime(raw["date"], format="%m/%d/%Y")
    daily = raw.groupby("date").agg(districts=("id", "nunique"), controlled=("taliban_control", "sum"))
    daily["share"] = daily["controlled"] / daily["districts"]
    return daily.reset_index()


def _momentum(series: pd.DataFrame, upto: pd.Timestamp) -> dict | None:
    known = series[series["date"] < upto]
    if known.empty:
        return None
    last = known.iloc[-1]
    earlier = known[known["date"] <= last["date"] - pd.Timedelta(days=30)]
    base = earlier.iloc[-1] if len(earlier) else known.iloc[0]
    return {"report_date": last["date"].date().isoformat(), "share": round(float(last["share"]), 3),
            "controlled": int(last["controlled"]), "districts": int(last["districts"]),
            "momentum_30d": round(float(last["share"] - base["share"]), 3),
            "since": base["date"].date().isoformat(), "days": int((last["date"] - base["date"]).days),
            "window_reached": bool(len(earlier))}


def district_control_signal(origin: int | str, shared: str | None = None) -> list[dict]:
    """Territorial-momentum notes for a forecast issued at ``origin`` (reports dated before it)."""
    origin = month_index(origin)
    start = pd.Timestamp(f"{month_label(origin)}-01")
    notes = []
    for country, (_, actor) in SERIES.items():
        try:
            series = district_control_series(country, shared)
        except RiskDataError:
            continue
        if start > series["date"].max() + pd.Timedelta(days=62):
            continue  # the series ended long before this forecast
        m = _momentum(series, start)
        if m is None:
            continue
        # the change is in percentage points of the districts reported, over the days between reports
        change = (f", {100 * m['momentum_30d']:+.0f} percentage points since {m['since']} ({m['days']} days)"
                  if m["window_reached"] else f" (reports start {m['since']}: no 30-day change yet)")
        m.update(country=country, signal="district_control", text=(
            f"{actor} controlled {m['controlled']} of {m['districts']} reported districts "
            f"({m['share']:.0%}) on {m['report_date']}{change}"))
        notes.append(m)
    return notes


def district_control_features(shared: str | None = None) -> pd.DataFrame:
    """Monthly feature frame ``country, month, district_share, district_momentum`` (value at the last
    report of the month), for :func:`coalition_watch.risk.features.join_feature_frames`."""
    rows = []
    for country in SERIES:
        series = district_control_series(country, shared)
        for month in sorted({month_index(d) for d in series["date"]}):
            m = _momentum(series, pd.Timestamp(f"{month_label(month + 1)}-01"))
            rows.append({"country": country, "month": month, "district_share": m["share"],
                         "district_momentum": m["momentum_30d"]})
    return pd.DataFrame(rows)
