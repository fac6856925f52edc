"""Consistency checks on the rows of the bundled GED country-month file, and the caveat a reason
carries when it rests on a row that fails one.

A reason (:mod:`coalition_watch.risk.explain`) reports a feature computed over a window of one
country's months (:data:`FEATURE_WINDOWS`). When a month in that window fails one of the checks
below on a column the feature reads, the reason gets a short caveat naming the month and the
figures. Features, model and probabilities are unchanged. Each check compares columns of one row
of ``ucdp/ged_country_month_1985_2024.csv`` (UCDP GED v25.1 aggregated to country-months); months
that only an event store supplies are not checked (its panel has no high estimate).

- ``best_above_high``: the best estimate of deaths exceeds the high estimate (74 rows of the
  file, e.g. Ethiopia 2021-01: best 115,738, high 82,093; GED defines low <= best <= high);
- ``peak_above_high``: the deadliest single event's best estimate exceeds the month's high
  estimate (23 rows);
- ``civilians_above_best``: civilian deaths exceed the best estimate of all deaths (none);
- ``peak_above_best``: the deadliest single event's deaths exceed the month's best estimate (none).
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from coalition_watch.risk.data import data_file, month_label
from coalition_watch.risk.features import MONTHS_CAP
from coalition_watch.risk.momentum import HISTORY_MONTHS
from coalition_watch.risk.panel import year_month_index
from coalition_watch.risk.store_panel import PANEL_FILE

#: check -> (panel columns whose value it puts in doubt, file column compared, file column
#: compared with, what the failing row shows)
CHECKS: dict[str, tuple[frozenset[str], str, str, str]] = {
    "best_above_high": (frozenset({"fatalities"}), "ucdp_fatalities_best", "ucdp_fatalities_high",
                        "UCDP GED's best estimate of deaths exceeds its high estimate"),
    "peak_above_high": (frozenset({"peak_event_fatalities"}), "ucdp_peak_event_fatalities", "ucdp_fatalities_high",
                        "one UCDP GED event's best estimate exceeds the month's high estimate"),
    "civilians_above_best": (frozenset({"civilian_deaths", "fatalities"}), "ucdp_civilian_deaths",
                             "ucdp_fatalities_best",
                             "UCDP GED's civilian deaths exceed its best estimate of all deaths"),
    "peak_above_best": (frozenset({"peak_event_fatalities", "fatalities"}), "ucdp_peak_event_fatalities",
                        "ucdp_fatalities_best", "one UCDP GED event's deaths exceed the month's best estimate"),
}

#: feature -> (panel columns it reads, months of the country's history it reads up to and
#: including the data month); ``None``: the months since the last calm month (from its value)
FEATURE_WINDOWS: dict[str, tuple[frozenset[str], int | None]] = {
    "fat_1m": (frozenset({"fatalities"}), 1),
    "fat_3m": (frozenset({"fatalities"}), 3),
    "fat_12m": (frozenset({"fatalities"}), 12),
    "fat_60m": (frozenset({"fatalities"}), 60),
    "sb_events_12m": (frozenset({"sb_events"}), 12),
    "ns_events_12m": (frozenset({"ns_events"}), 12),
    "os_events_12m": (frozenset({"os_events"}), 12),
    "civ_12m": (frozenset({"civilian_deaths"}), 12),
    "events_3m": (frozenset({"events"}), 3),
    "fat_change_3m": (frozenset({"fatalities"}), 6),
    "fat_change_6m": (frozenset({"fatalities"}), 12),
    "fat_change_12m": (frozenset({"fatalities"}), 24),
    "fat_accel": (frozenset({"fatalities"}), 9),
    "peak_event_12m": (frozenset({"peak_event_fatalities"}), 12),
    "months_since_calm": (frozenset({"fatalities"}), None),
    "gov_conflict_x_fat12": (frozenset({"fatalities"}), 12),
    "gov_conflict_x_fat60": (frozenset({"fatalities"}), 60),
    "gov_conflict_x_change6": (frozenset({"fatalities"}), 12),
    "fat_surge_z": (frozenset({"fatalities"}), HISTORY_MONTHS + 3),
    "sb_surge_z": (frozenset({"sb_events"}), HISTORY_MONTHS + 3),
    "fat_rate_vs_60m": (frozenset({"fatalities"}), 60),
    "sb_share_12m": (frozenset({"sb_events", "events"}), 12),
}

#: failing months named in one caveat; more are counted
MONTHS_NAMED = 3


@functools.lru_cache(maxsize=4)
def failing_rows(shared: str | None = None) -> dict[str, list[tuple[int, str, float, float]]]:
    """Rows of the bundled file that fail a check: country -> [(month, check, value, compared
    value)], by month (read with pyarrow, a quarter of the time pandas takes)."""
    import pyarrow.compute as pc
    from pyarrow import csv

    columns = sorted({c for _, a, b, _ in CHECKS.values() for c in (a, b)})
    table = csv.read_csv(data_file(PANEL_FILE, shared), convert_options=csv.ConvertOptions(
        include_columns=["country_iso3", "year_month", *columns]))
    out: dict[str, list[tuple[int, str, float, float]]] = {}
    for check, (_, value, limit, _) in CHECKS.items():
        rows = table.filter(pc.greater(table[value], table[limit]))
        months = year_month_index(pd.Series(rows["year_month"].to_pylist(), dtype=object))
        for country, month, got, bound in zip(rows["country_iso3"].to_pylist(), months,
                                              rows[value].to_pylist(), rows[limit].to_pylist()):
            out.setdefault(country, []).append((int(month), check, float(got), float(bound)))
    for rows in out.values():
        rows.sort()
    return out


def _window(feature: str, value: float) -> tuple[frozenset[str], int] | None:
    """(columns, months) a feature's value rests on; None for a feature not computed from the panel."""
    if feature not in FEATURE_WINDOWS:
        return None
    columns, months = FEATURE_WINDOWS[feature]
    if months is None:  # months since calm: that calm month through the data month
        months = (min(round(math.expm1(value)), MONTHS_CAP) if not math.isnan(value) else MONTHS_CAP) + 1
    return columns, months


def reason_caveats(country: str, data_month: int, feature: str, value: float,
                   shared: str | None = None) -> list[dict]:
    """The caveats of a reason about ``feature`` (value ``value``) for ``country`` with data
    through ``data_month``: one per check failed by a month the feature reads, as dicts with
    ``check``, ``months`` ('YYYY-MM', all failing months) and ``text``."""
    window = _window(feature, value)
    if window is None:
        return []
    columns, months = window
    failing: dict[str, list[tuple[int, float, float]]] = {}
    for month, check, got, limit in failing_rows(shared).get(country, ()):
        if data_month - months < month <= data_month and CHECKS[check][0] & columns:
            failing.setdefault(check, []).append((month, got, limit))
    return [{"check": check, "months": [month_label(m) for m, _, _ in rows], "text": _caveat_text(check, rows)}
            for check, rows in failing.items()]


def _caveat_text(check: str, rows: list[tuple[int, float, float]]) -> str:
    shown = [f"{month_label(m)} ({got:,.0f} vs {limit:,.0f})" for m, got, limit in rows[-MONTHS_NAMED:]]
    more = len(rows) - len(shown)
    where = ", ".join(shown) + (f" and {more} earlier month{'s' if more > 1 else ''}" if more else "")
    return f"{CHECKS[check][3]} for {where}"


def add_caveats(reasons: list[list[dict]], countries, data_month: int, shared: str | None = None) -> None:
    """Give each reason of each country (``reasons[i]`` of ``countries[i]``, as
    :func:`~coalition_watch.risk.explain.top_reasons_by_row` returns them) its ``caveats`` (see
    :func:`reason_caveats`; empty when none) and add them to its ``text``."""
    for country, why in zip(countries, reasons):
        for reason in why:
            caveats = reason_caveats(str(country), data_month, reason["feature"], reason["value"], shared)
            reason["caveats"] = caveats
            if caveats:
                reason["text"] += " (caveat: " + "; ".join(c["text"] for c in caveats) + ")"
