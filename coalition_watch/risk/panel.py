"""The country-month panel of organised violence (UCDP GED), complete and keyed by ISO3 and month.

Each row is one country and one calendar month (integer month index, see
:func:`coalition_watch.risk.data.month_index`). A country present in the source has a row for every
month from the first to the last month of the source; months without a source row count as zero
events and zero fatalities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalition_watch.risk.data import data_file
from coalition_watch.store.database import connect_ibis

#: panel column → GED country-month column (UCDP GED v25.1 aggregated to country-month)
GED_COLUMNS = {
    "events": "ucdp_event_count",
    "fatalities": "ucdp_fatalities_best",
    "civilian_deaths": "ucdp_civilian_deaths",
    "peak_event_fatalities": "ucdp_peak_event_fatalities",
    "sb_events": "ucdp_state_based_events",
    "ns_events": "ucdp_non_state_events",
    "os_events": "ucdp_one_sided_events",
}
PANEL_COLUMNS = ["country", "month", *GED_COLUMNS]


def load_panel(shared: str | None = None) -> pd.DataFrame:
    """The GED country-month panel from ``data/ucdp/ged_country_month_1985_2024.csv``.

    Returns columns ``country`` (ISO3), ``month`` (int), and the counts in :data:`GED_COLUMNS`,
    sorted by country then month, with no gaps.
    """
    raw = pd.read_csv(data_file("ucdp/ged_country_month_1985_2024.csv", shared),
                      usecols=["country_iso3", "year_month", *GED_COLUMNS.values()])
    frame = raw.rename(columns={"country_iso3": "country", **{v: k for k, v in GED_COLUMNS.items()}})
    frame["month"] = year_month_index(frame.pop("year_month"))
    return complete_panel(frame)


def year_month_index(text: pd.Series) -> np.ndarray:
    """Integer month indices (``year * 12 + month - 1``) of 'YYYY-MM' strings; each distinct
    string is parsed once (a panel repeats every month once per country)."""
    codes, distinct = pd.factorize(text.astype(str))
    months = np.array([int(t[:4]) * 12 + int(t[5:7]) - 1 for t in distinct], dtype=np.int64)
    return months[codes]


def panel_from_events(events: pd.DataFrame) -> pd.DataFrame:
    """Aggregate GED-schema events (one row each) to the panel, with the same Ibis expression the
    event store is aggregated with (:func:`coalition_watch.risk.store_panel.ged_country_month`).

    ``events`` needs ``country`` (ISO3), ``date_start``, ``best``, ``type_of_violence`` (1 state-based,
    2 non-state, 3 one-sided) and optionally ``deaths_civilians``. Returns the complete panel over
    the events' countries and months.
    """
    import ibis

    from coalition_watch.risk.store_panel import VIOLENCE_COLUMNS, ged_country_month

    kinds = dict(zip((1, 2, 3), VIOLENCE_COLUMNS.values()))
    civilians = events["deaths_civilians"] if "deaths_civilians" in events else 0.0
    canonical = pd.DataFrame({
        "country": events["country"].astype(str).to_numpy(),
        "date_start": pd.to_datetime(events["date_start"]).dt.date.to_numpy(),
        "deaths_best": pd.to_numeric(events["best"], errors="coerce").to_numpy(dtype=float),
        "deaths_civilians": pd.to_numeric(pd.Series(civilians, index=events.index),
                                          errors="coerce").to_numpy(dtype=float),
        "violence_type": pd.to_numeric(events["type_of_violence"], errors="coerce").map(kinds).to_numpy(),
    })
    con = connect_ibis()
    try:
        frame = con.execute(ged_country_month(ibis.memtable(canonical)))
    finally:
        con.disconnect()
    return complete_panel(frame)


def complete_panel(frame: pd.DataFrame, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """Every country × every month between ``first`` and ``last`` (default: the frame's range),
    zeros where the frame has no row."""
    first = int(frame["month"].min()) if first is None else first
    last = int(frame["month"].max()) if last is None else last
    countries = sorted(frame["country"].unique())
    index = pd.MultiIndex.from_product([countries, np.arange(first, last + 1)], names=["country", "month"])
    values = frame.set_index(["country", "month"])[list(GED_COLUMNS)]
    values = values.groupby(level=[0, 1]).sum().reindex(index, fill_value=0.0).astype(float)
    return values.reset_index()[PANEL_COLUMNS]
