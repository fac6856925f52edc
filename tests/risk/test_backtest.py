"""Partitions, the backtest loop and its report on real data."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import pandas as pd
from sklearn.dummy import DummyClassifier

from coalition_watch.risk import backtest as bt
from coalition_watch.risk.data import month_index
from coalition_watch.risk.partitions import LABELS_KNOWN_THROUGH, forecast_partition, rolling_origin

MONTH = re.compile(r"^\d{4}-\d{2}$")


def test_partitions_train_only_on_outcomes_known_at_the_origin():
    for h in (3, 6, 12):
        parts = rolling_origin(h)
        assert [p.origin_year for p in parts] == list(range(2000, 2025))
        for p in parts:
            assert p.train_end + h < p.test_start  # every training label window closed before the origin
            assert p.test_end + h <= LABELS_KNOWN_THROUGH
    live = forecast_partition("2021-05", 6)
    assert live.test_start == live.test_end == month_index("2021-04")
    # the refit of 2021, as in the backtest: every training label window closed by 2020-12
    assert live.train_end + 6 == month_index("2020-12")
    assert forecast_partition("2021-01", 6).train_end + 6 == month_index("2019-12")


def test_the_loop_accepts_any_estimator(dataset):
    parts = rolling_origin(6, 2010, 2011)
    labels = {6: dataset.labels(6)}
    preds = bt.predict_rolling(dataset.features, labels, {"prior": DummyClassifier(strategy="prior")},
                               parts, n_jobs=1)
    assert set(preds["origin_year"]) == {2010, 2011}
    assert preds["prob"].between(0, 1).all()


def test_backtest_json_shape(backtest_h6):
    result, _ = backtest_h6
    text = json.dumps({k: v for k, v in result.items()})  # plain JSON types only
    assert text
    assert result["horizon"] == 6
    assert set(result["models"]) == {"climatology", "conflict_history", "structural", "collapse_risk"}
    for scores in result["models"].values():
        assert set(scores) >= {"auc_roc", "auc_pr", "brier", "brier_skill", "auc_roc_ci", "auc_pr_ci"}
        assert all(isinstance(v, float) for k, v in scores.items() if not k.endswith("_ci"))
        for key in ("auc_roc", "auc_pr"):
            lo, hi = scores[f"{key}_ci"]
            assert lo <= scores[key] <= hi and lo < hi
    main = result["models"]["collapse_risk"]
    lo, hi = main["auc_pr_ratio_ci"]
    assert lo <= main["auc_pr_ratio"] <= hi
    assert result["bootstrap"]["unit"] == "country" and result["bootstrap"]["resamples"] >= 200
    assert 0 < result["base_rate"] < 0.05
    assert 0 < result["threshold"] < 1
    assert isinstance(result["false_alarms_per_100_country_years"], float)
    for case in result["cases"]:
        assert set(case) >= {"country", "fall", "first_alarm", "lead_months", "rank_at_origin"}
        assert case["first_alarm"] is None or MONTH.match(case["first_alarm"])
        assert (case["lead_months"] is None) == (case["first_alarm"] is None)
        assert all(MONTH.match(k) and isinstance(v, int) and v >= 1 for k, v in case["rank_at_origin"].items())
    assert isinstance(result["near_misses"], list)
    by_year = result["thresholds_by_year"]
    assert list(by_year) == [str(y) for y in range(2000, 2025)]
    assert by_year["2024"] == pytest.approx(result["threshold"], abs=1e-6)
    for miss in result["near_misses"]:
        assert miss["peak_threshold"] in by_year.values()
        # an alarm at the peak is judged against the threshold of the peak's refit
        if miss["peak_probability"] > miss["peak_threshold"]:
            assert miss["alarmed"]
    params = result["main_model_params"]
    assert params["inner"] == "none" and list(params["C_grid"]) == [0.001]


def test_backtest_reports_afghanistan_2021_and_syria_2024(backtest_h6):
    result, _ = backtest_h6
    cases = {(c["country"], c["fall"]): c for c in result["cases"]}
    afg, syr = cases[("AFG", "2021-08-15")], cases[("SYR", "2024-12-08")]
    assert "2021-05" in afg["rank_at_origin"] and "2024-11" in syr["rank_at_origin"]
    # printed so the run log shows the behaviour the issue asks about
    print("AFG 2021:", afg["first_alarm"], afg["lead_months"], afg["rank_at_origin"])
    print("SYR 2024:", syr["first_alarm"], syr["lead_months"], syr["rank_at_origin"])


def test_main_model_ranks_better_than_climatology(backtest_h6):
    models = backtest_h6[0]["models"]
    assert models["collapse_risk"]["auc_roc"] > models["climatology"]["auc_roc"]


def test_outputs_are_written(backtest_h6):
    _, out = backtest_h6
    table = (out / "backtest_table.md").read_text()
    assert "collapse_risk" in table and "| 6 |" in table
    assert pd.read_csv(out / "backtest_table.csv")["model"].nunique() == 4
    assert (out / "reliability.png").stat().st_size > 5000
    assert (out / "backtest_cases.csv").exists()


def test_near_miss_reports_the_threshold_of_its_peak_refit():
    """Alarms use each refit's threshold: a near miss whose peak is above its own year's threshold
    but below the last refit's alarmed, and the report shows the threshold it was judged by."""
    date = month_index("2021-03")
    months = np.arange(date - 30, date + 12)
    preds = pd.DataFrame({"country": "AAA", "month": months, "prob": 0.05, "label": 0, "rank": 3,
                          "origin_year": [2019 if m < date - 3 else 2020 for m in months]})
    preds["threshold"] = np.where(preds["origin_year"] == 2019, 0.2, 0.5)
    preds.loc[preds["month"] == date - 6, ["prob", "rank"]] = [0.3, 1]   # the peak, in the 2019 refit
    preds["alarm"] = preds["prob"] > preds["threshold"]
    near = pd.DataFrame({"country": ["AAA"], "month": [date], "date": ["2021-03-10"], "event_id": ["nm"]})
    (miss,) = bt.near_miss_results(preds, near)
    assert miss["peak_probability"] == 0.3 and miss["alarmed"]
    assert miss["peak_threshold"] == 0.2
    assert bt.thresholds_by_year(preds) == {"2019": 0.2, "2020": 0.5}


def test_false_alarms_and_case_lead_time_on_a_toy_prediction():
    fall = month_index("2021-08")
    months = np.arange(fall - 30, fall + 6)
    preds = pd.DataFrame({"country": "AAA", "month": months, "prob": 0.1, "label": 0, "threshold": 0.5,
                          "rank": 1})
    preds.loc[preds["month"] >= fall - 4, "prob"] = 0.9       # alarms from data month fall-4
    preds.loc[preds["month"] == fall - 25, "prob"] = 0.9      # one alarm long before: a false alarm
    preds["alarm"] = preds["prob"] > preds["threshold"]
    events = pd.DataFrame({"country": ["AAA"], "month": [fall], "date": ["2021-08-15"], "event_id": ["x"]})
    (case,) = bt.case_results(preds, events)
    assert case["first_alarm"] == "2021-05" and case["lead_months"] == 3
    assert not case["lead_capped"] and case["last_alarm"] == "2021-08"
    assert (case["alarmed_origins"], case["origins"]) == (4, 13)
    rate = bt.false_alarms_per_100_country_years(preds, events)
    after = int((preds["month"] >= fall).sum())  # alarms at and after the fall month are false too
    assert rate == 100 * (1 + after) / (len(preds) / 12)
    # an alarm on at the window's first origin that lapses before the fall: the lead is a floor,
    # and the last alarm shows the lapse
    preds["prob"] = 0.1
    preds.loc[preds["month"].between(fall - 13, fall - 10), "prob"] = 0.9
    preds["alarm"] = preds["prob"] > preds["threshold"]
    (case,) = bt.case_results(preds, events)
    assert (case["first_alarm"], case["lead_months"], case["lead_capped"]) == ("2020-08", 12, True)
    assert case["last_alarm"] == "2020-11" and case["alarmed_origins"] == 4


def test_live_forecast_equals_the_backtest_refit_of_its_year(dataset, tmp_path, monkeypatch):
    from coalition_watch.risk.api import risk_ranking
    from coalition_watch.risk.models import make_models

    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    parts = rolling_origin(6, 2024, 2024)
    preds = bt.predict_rolling(dataset.features, {6: dataset.labels(6)},
                               {"collapse_risk": make_models()["collapse_risk"]}, parts, n_jobs=1)
    month = preds[preds["month"] == month_index("2024-10")].set_index("country")["prob"]
    live = risk_ranking("2024-11", top=5)
    for row in live["countries"]:
        assert row["probability"] == pytest.approx(month[row["country"]], abs=1e-5)
    # a second month of the same year reuses the cached refit: one model file, two rankings
    risk_ranking("2024-06", top=5)
    assert len(list((tmp_path / "risk").glob("model-*.json"))) == 1


def test_a_backtest_of_some_years_counts_only_the_falls_it_can_report(dataset):
    from coalition_watch.risk.api import run_backtest

    result = run_backtest(horizon=6, horizons=(6,), first_year=2010, last_year=2012, dataset=dataset,
                          ci=False, n_jobs=1)
    assert result["origins"] == [2010, 2012]
    # falls after the last test month (CAR 2013, Yemen 2014/15, Afghanistan 2021 …) are not test falls
    assert [(c["country"], c["fall"]) for c in result["cases"]] == [("CIV", "2011-04-11"), ("LBY", "2011-08-23")]
    assert result["test_falls"] == len(result["cases"]) == 2


@pytest.mark.parametrize("kwargs, field", [
    ({"first_year": 2012, "last_year": 2010}, "first_year"),      # backwards: nothing to concatenate
    ({"first_year": 1900, "last_year": 1900}, "first_year"),      # no training rows at all
    ({"first_year": 1990, "last_year": 1990}, "first_year"),      # training rows without a fall
    ({"first_year": 2010, "last_year": 2026}, "last_year"),       # no test rows after 2024
    ({"first_year": 2010.0, "last_year": 2010}, "first_year"),
    ({"horizon": "6"}, "horizon"),
    ({"horizon": 0, "horizons": (0,)}, "horizon"),
    ({"horizons": (6, 0)}, "horizons"),
])
def test_run_backtest_refuses_what_it_cannot_run_naming_the_parameter(dataset, kwargs, field):
    from coalition_watch.errors import InputError
    from coalition_watch.risk.api import run_backtest

    arguments = {"horizon": 6, "horizons": (6,), "first_year": 2010, "last_year": 2010, **kwargs}
    with pytest.raises(InputError) as caught:
        run_backtest(**arguments, dataset=dataset, ci=False, n_jobs=1)
    assert caught.value.field == field
    if kwargs.get("first_year") in (1900, 1990):
        assert "from 1991 to 2024" in str(caught.value)  # the span the data allow at H = 6
