"""The country-month panel of organised violence (UCDP GED), complete and keyed by ISO3 and month.

Each row is one country and one calendar month (integer month index, see
:func:`coalition_watch.risk.data.month_index`). A country present in the source has a row for every
month from the first to the last month of the source; months without a source row count as zero
events and zero fatalities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalition_watch.risk.data import data_file, month_index

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
    text = frame.pop("year_month").astype(str)
    frame["month"] = text.str[:4].astype(int) * 12 + text.str[5:7].astype(int) - 1
    return complete_panel(frame)


def panel_from_events(events: pd.DataFrame) -> pd.DataFrame:
    """Aggregate GED-schema events (one row each) to the panel.

    ``events`` needs ``country`` (ISO3), ``date_start``, ``best``, ``type_of_violence`` (1 state-based,
    2 non-state, 3 one-sided) and optionally ``deaths_civilians``. Used when the event store is
    loaded instead of the aggregated CSV.
    """
    ev = events.copy()
    ev["month"] = [month_index(d) for d in ev["date_start"]]
    ev["fatalities"] = pd.to_numeric(ev["best"], errors="coerce").fillna(0)
    ev["civilian_deaths"] = pd.to_numeric(ev.get("deaths_civilians", 0), errors="coerce").fillna(0)
    kind = pd.to_numeric(ev["type_of_violence"], errors="coerce")
    ev["sb_events"], ev["ns_events"], ev["os_events"] = (kind == 1) * 1, (kind == 2) * 1, (kind == 3) * 1
    ev["events"] = 1
    grouped = ev.groupby(["country", "month"])
    out = grouped[["events", "fatalities", "civilian_deaths", "sb_events", "ns_events", "os_events"]].sum()
    out["peak_event_fatalities"] = grouped["fatalities"].max()
    return complete_panel(out.reset_index())


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
