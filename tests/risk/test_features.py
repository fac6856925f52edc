"""Features: documented, computed without look-ahead, yearly indicators lagged a year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coalition_watch.risk.data import data_file, month_index
from coalition_watch.risk.explain import FEATURE_PHRASES
from coalition_watch.risk.features import (FEATURE_DOCS, MAIN_FEATURES, build_features,
                                           conflict_history_features, fall_history_features,
                                           join_feature_frames)
from coalition_watch.risk.panel import load_panel


@pytest.fixture(scope="module")
def panel():
    return load_panel()


def test_every_model_feature_is_documented_and_phrased():
    assert set(MAIN_FEATURES) <= set(FEATURE_DOCS)
    assert set(MAIN_FEATURES) <= set(FEATURE_PHRASES)


def test_panel_is_complete_with_zero_filled_months(panel):
    counts = panel.groupby("country").size()
    assert counts.nunique() == 1
    assert panel[["country", "month"]].duplicated().sum() == 0
    assert len(counts) > 100


@pytest.mark.parametrize("cutoff", ["1999-06", "2021-04", "2024-10"])
def test_perturbing_the_future_leaves_earlier_features_unchanged(panel, cutoff):
    cut = month_index(cutoff)
    rng = np.random.default_rng(7)
    future = panel["month"] > cut
    changed = panel.copy()
    for col in ("events", "fatalities", "civilian_deaths", "sb_events", "ns_events", "os_events",
                "peak_event_fatalities"):
        changed.loc[future, col] = rng.integers(0, 5000, future.sum()).astype(float)
    before = conflict_history_features(panel)
    after = conflict_history_features(changed)
    past = ~future.to_numpy()
    pd.testing.assert_frame_equal(before[past], after[past])
    assert not before[~past].equals(after[~past])  # the perturbation did reach the features


def test_a_future_fall_does_not_change_earlier_rows(panel):
    rows = panel[["country", "month"]]
    falls = pd.DataFrame({"country": ["SYR"], "month": [month_index("2024-12")]})
    with_fall = fall_history_features(rows, falls)["months_since_fall"]
    without = fall_history_features(rows, falls.iloc[:0])["months_since_fall"]
    early = (rows["month"] < month_index("2024-12")).to_numpy()
    assert (with_fall[early] == without[early]).all()
    at_fall = (rows["country"] == "SYR") & (rows["month"] == month_index("2024-12"))
    assert with_fall[at_fall].iloc[0] == 0.0


def test_yearly_indicators_are_lagged_one_year(dataset):
    vdem = pd.read_csv(data_file("governance/vdem_simple_1946on_core.csv"))
    value_2019 = vdem[(vdem["country_text_id"] == "AFG") & (vdem["year"] == 2019)]["v2x_polyarchy"].iloc[0]
    value_2020 = vdem[(vdem["country_text_id"] == "AFG") & (vdem["year"] == 2020)]["v2x_polyarchy"].iloc[0]
    f = dataset.features
    row = f[(f["country"] == "AFG") & (f["month"] == month_index("2020-12"))]
    assert row["polyarchy"].iloc[0] == pytest.approx(value_2019)
    row = f[(f["country"] == "AFG") & (f["month"] == month_index("2021-01"))]
    assert row["polyarchy"].iloc[0] == pytest.approx(value_2020)


def test_regime_age_restarts_at_a_fall(dataset):
    f = dataset.features
    age = f[(f["country"] == "AFG")].set_index("month")["regime_age"]
    assert age[month_index("2021-09")] == pytest.approx(np.log1p(1))
    assert age[month_index("2021-07")] > np.log1p(60)


def test_extra_feature_frames_join_by_country_and_month(panel):
    base = build_features(panel.iloc[:2400])
    extra = pd.DataFrame({"country": ["AFG"], "month": [int(base["month"].iloc[5])], "coalition_size": [4.0]})
    joined = join_feature_frames(base, extra)
    assert joined["coalition_size"].notna().sum() == 1
    assert len(joined) == len(base) and (joined.index == base.index).all()
