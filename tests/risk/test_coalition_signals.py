"""Coalition signals: no look-ahead (perturbing later data leaves earlier rows unchanged) and
plausible values on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coalition_watch.risk.coalition_signals import (SIGNAL_FEATURES, _read_dyads,
                                                    coalition_signal_features, winner_ties_frame)
from coalition_watch.risk.data import month_index
from coalition_watch.risk.panel import load_panel


@pytest.fixture(scope="module")
def panel():
    return load_panel()


@pytest.fixture(scope="module")
def rows(panel):
    keep = panel["country"].isin(["SYR", "AFG", "RUS", "UKR", "IRN", "IRQ", "CAF", "MLI", "YEM"])
    return panel.loc[keep, ["country", "month"]]


@pytest.fixture(scope="module")
def signals(rows, panel):
    return coalition_signal_features(rows, panel)


def test_later_fatalities_do_not_reach_earlier_rows(rows, panel, signals):
    cut = month_index("2022-03")
    changed = panel.copy()
    future = changed["month"] > cut
    changed.loc[future, "fatalities"] = np.random.default_rng(3).integers(0, 50000, future.sum())
    after = coalition_signal_features(rows, changed)
    past = (rows["month"] <= cut).to_numpy()
    pd.testing.assert_frame_equal(signals[past], after[past])
    assert not signals[~past].equals(after[~past])


def test_a_dyad_year_is_used_only_from_the_next_january(rows, panel, signals):
    dyads = _read_dyads(None)
    truncated = dyads[dyads["year"] <= 2021]
    after = coalition_signal_features(rows, panel, dyads=truncated)
    known = (rows["month"] <= month_index("2022-12")).to_numpy()
    pd.testing.assert_frame_equal(signals[known], after[known])
    assert not signals[~known].equals(after[~known])


def test_syrian_government_patrons_at_war_elsewhere_after_2022(rows, signals):
    frame = rows.join(signals).set_index(["country", "month"])
    before = frame.loc[("SYR", month_index("2021-06"))]  # before the invasion of Ukraine
    during = frame.loc[("SYR", month_index("2024-10"))]
    assert during["gov_patron_at_war"] == 1.0
    # Russia is a party to the conflict in Ukraine (supporter 2014-2021, primary party from 2022),
    # so the monthly deaths there enter the Syrian row once they happen
    assert during["gov_patron_war_fat_12m"] > np.log1p(10_000)
    assert during["gov_patron_war_fat_12m"] > before["gov_patron_war_fat_12m"] + np.log(10)
    assert set(SIGNAL_FEATURES) <= set(signals.columns)
    assert signals.notna().all().all()


def test_winner_ties_count_only_ties_in_force_with_recent_winners():
    months = [month_index("2019-06"), month_index("2024-10")]
    frame = winner_ties_frame(months).set_index(["country", "month"])["kb_winner_ties"]
    # after Afghanistan 2021, more groups in Syria hold ties in force with the Taliban's coalition
    assert frame.get(("SYR", months[1]), 0.0) > frame.get(("SYR", months[0]), 0.0)
    # a country's own winners are not "a recent winner elsewhere": Afghanistan's groups after 2021
    assert frame.get(("AFG", months[1]), 0.0) == 0.0
