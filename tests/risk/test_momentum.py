"""Momentum and support-shift features: no look-ahead, and the surge z-score by its formula."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coalition_watch.risk.coalition_signals import _read_dyads
from coalition_watch.risk.data import month_index
from coalition_watch.risk.momentum import (MOMENTUM_FEATURES, momentum_features,
                                           monthly_momentum_features, surge_z,
                                           yearly_momentum_features)
from coalition_watch.risk.panel import load_panel


@pytest.fixture(scope="module")
def panel():
    return load_panel()


@pytest.mark.parametrize("cutoff", ["1995-03", "2024-10"])
def test_later_months_do_not_change_earlier_values(panel, cutoff):
    cut = month_index(cutoff)
    before = monthly_momentum_features(panel)
    truncated = panel[panel["month"] <= cut].reset_index(drop=True)
    after = monthly_momentum_features(truncated)
    past = (panel["month"] <= cut).to_numpy()
    pd.testing.assert_frame_equal(before[past].reset_index(drop=True), after)
    changed = panel.copy()
    future = changed["month"] > cut
    changed.loc[future, ["fatalities", "sb_events", "events"]] = 7000.0
    assert not monthly_momentum_features(changed)[~past].equals(before[~past])


def test_a_dyad_year_enters_only_from_the_next_january(panel):
    rows = panel.loc[panel["country"].isin(["SYR", "AFG", "YEM", "MLI", "CAF"]), ["country", "month"]]
    dyads = _read_dyads(None)
    full = yearly_momentum_features(rows, dyads=dyads)
    cut = yearly_momentum_features(rows, dyads=dyads[dyads["year"] <= 2015])
    known = (rows["month"] <= month_index("2016-12")).to_numpy()
    pd.testing.assert_frame_equal(full[known], cut[known])
    assert not full[~known].equals(cut[~known])


def test_surge_z_matches_its_formula():
    rng = np.random.default_rng(0)
    v = rng.normal(2.0, 1.0, size=(2, 200))
    z = surge_z(v, skip=3, history=120, min_history=24, sd_floor=0.5)
    t = 150
    window = v[1, t - 3 - 120 + 1: t - 3 + 1]
    expected = (v[1, t] - window.mean()) / max(window.std(), 0.5)
    assert z[1, t] == pytest.approx(expected)
    assert np.isnan(z[0, 25]) and not np.isnan(z[0, 26])  # 24 months of history needed


def test_features_exist_for_every_row_and_flag_offensives(panel):
    rows = panel[["country", "month"]]
    frame = rows.join(momentum_features(rows, panel)).set_index(["country", "month"])
    assert list(frame.columns) == MOMENTUM_FEATURES
    # the 2011 war in Libya: deaths far above its own quiet past
    assert frame.loc[("LBY", month_index("2011-04")), "fat_surge_z"] > 3
    assert frame[MOMENTUM_FEATURES[2:]].notna().all().all()
