"""Spread and proximity of the fighting, from geocoded events in the store: a signal beside the model.

For a forecast whose data run through month ``t`` (the month before the origin), per country with
geocoded UCDP GED events in the event store (``cwatch ingest ucdp-ged FILE --db STORE``):

- ``admin1_3m``: distinct first-level administrative units (GED ``adm_1``) with at least one event
  located to that unit or better (GED ``where_prec`` ≤ 4) in months ``t-2 … t``;
  ``admin1_prev_3m`` the same for ``t-5 … t-3``;
- ``nearest_km_3m``: great-circle distance from the national capital (``data/capitals.csv``) to
  the nearest state-based event (fighting with the government) located within 25 km or better
  (``where_prec`` ≤ 2; coarser events sit at an area's centroid, which for the capital's own
  province is the capital) in ``t-2 … t``; ``nearest_km_prev_12m`` the same for ``t-14 … t-3``.

Spreading fighting and fighting that moves towards the capital are the territorial signals an
analyst looks for before a government falls. They are reported next to the forecast
(``supplementary`` in ``cwatch risk --json``) and not fitted: geocoded events in the shared data
cover a few countries only, none with a fall in the test years, so a weight learned for them
would only say which countries have event files (see ``docs/risk.md``). The aggregations are the
Ibis pipelines of :mod:`coalition_watch.ingest.aggregates` (``admin1-month``,
``distance-to-capital``), so they run on the store's engine.
"""

from __future__ import annotations

import os

from coalition_watch.risk.data import month_index, month_label

#: months of the recent window and of the earlier windows compared with it
RECENT, PREVIOUS_ADMIN1, PREVIOUS_DISTANCE = 3, 3, 12
#: coarsest GED location precision (``where_prec``) counted: the first-level unit, within 25 km
ADMIN1_PRECISION, DISTANCE_PRECISION = 4, 2


def _ym(month: int) -> int:
    """Month index → the aggregates' ``ym`` key (YYYYMM)."""
    return (month // 12) * 100 + month % 12 + 1


def spread_signal(db: str | os.PathLike, origin: int | str) -> list[dict]:
    """Spread and proximity notes for a forecast issued at ``origin`` from the store ``db``: one
    entry per country with geocoded GED events in the 15 months before the origin."""
    import ibis

    from coalition_watch.ingest.aggregates import admin1_month, distance_to_capital
    from coalition_watch.ingest.geography import capitals
    from coalition_watch.risk.store_panel import connect_store, ged_events

    t = month_index(origin) - 1
    first, end = t - RECENT - PREVIOUS_DISTANCE + 1, t + 1
    con = connect_store(db)
    try:
        events = ged_events(con, db)
        events = events.filter((events.date_start >= ibis.date(first // 12, first % 12 + 1, 1))
                               & (events.date_start < ibis.date(end // 12, end % 12 + 1, 1))
                               & events.lat.notnull() & events.lon.notnull())
        located = events.filter(events.admin1.notnull() & (events.admin1 != "")
                                & (events.geo_precision <= ADMIN1_PRECISION))
        regions = admin1_month(located).execute()
        fighting = events.filter((events.violence_type == "state-based")
                                 & (events.geo_precision <= DISTANCE_PRECISION))
        distances = distance_to_capital(fighting, ibis.memtable(capitals())).execute()
    finally:
        con.disconnect()
    recent = {_ym(m) for m in range(t - RECENT + 1, t + 1)}
    before_admin1 = {_ym(m) for m in range(t - RECENT - PREVIOUS_ADMIN1 + 1, t - RECENT + 1)}
    before_distance = {_ym(m) for m in range(first, t - RECENT + 1)}
    notes = []
    for country in sorted(set(distances["country"]) | set(regions["country"])):
        r = regions[regions["country"] == country]
        d = distances[distances["country"] == country]
        note = {"country": country, "signal": "spread_proximity", "data_through": month_label(t),
                "admin1_3m": int(r[r["ym"].isin(recent)]["admin1"].nunique()),
                "admin1_prev_3m": int(r[r["ym"].isin(before_admin1)]["admin1"].nunique()),
                "nearest_km_3m": _nearest(d, recent), "nearest_km_prev_12m": _nearest(d, before_distance)}
        note["text"] = _describe(note)
        notes.append(note)
    return notes


def _nearest(distances, months: set[int]) -> float | None:
    rows = distances[distances["ym"].isin(months)]
    return round(float(rows["min_km"].min()), 1) if len(rows) else None


def _km(distance: float) -> str:
    """A distance in words: one decimal under 10 km (fighting inside the capital is not "0 km")."""
    return f"{distance:.1f} km" if distance < 10 else f"{distance:.0f} km"


def _describe(n: dict) -> str:
    text = (f"violence in {n['admin1_3m']} province(s) in the last 3 months "
            f"({n['admin1_prev_3m']} in the 3 before)")
    if n["nearest_km_3m"] is not None:
        text += f"; nearest fighting with the government {_km(n['nearest_km_3m'])} from the capital"
        if n["nearest_km_prev_12m"] is not None:
            text += f" ({_km(n['nearest_km_prev_12m'])} in the 12 months before)"
    return text
