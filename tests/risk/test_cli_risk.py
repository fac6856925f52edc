"""The `cwatch risk` and `cwatch backtest` commands and the reasons they print."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app
from coalition_watch.risk.explain import display_value, reason_sentence, top_reasons, top_reasons_by_row

runner = CliRunner()


def test_risk_json_ranks_countries_with_reasons(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    result = runner.invoke(app, ["risk", "--as-of", "2024-11", "--top", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-11" and data["data_through"] == "2024-10"
    probs = [c["probability"] for c in data["countries"]]
    assert len(probs) == 5 and probs == sorted(probs, reverse=True)
    assert all(c["reasons"] and isinstance(c["reasons"][0], str) for c in data["countries"])
    human = runner.invoke(app, ["risk", "--as-of", "2024-11", "--top", "3"])
    assert human.exit_code == 0 and data["countries"][0]["country"] in human.stdout


def test_risk_outside_the_data_is_one_sentence_error():
    result = runner.invoke(app, ["risk", "--as-of", "2031-01"])
    assert result.exit_code == 2
    assert "choose --as-of between" in result.output


def test_the_python_api_names_its_parameter_not_the_option():
    from coalition_watch.risk.api import risk_ranking
    from coalition_watch.risk.data import RiskDataError

    with pytest.raises(RiskDataError) as caught:
        risk_ranking("2031-01")
    assert "choose as_of between" in str(caught.value) and "--" not in str(caught.value)


def test_the_earliest_month_named_is_one_a_model_can_be_fitted_for(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    result = runner.invoke(app, ["risk", "--as-of", "1988-02"])
    assert result.exit_code == 2
    earliest = result.output.split("choose --as-of between ")[1].split(" ")[0]
    assert earliest > "1988-02" and "no fall within 6 months to learn from" in result.output
    assert runner.invoke(app, ["risk", "--as-of", earliest, "--top", "1", "--json"]).exit_code == 0


def test_a_ranking_says_what_its_probabilities_are_measured_against(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    data = json.loads(runner.invoke(app, ["risk", "--as-of", "2021-05", "--top", "2", "--json"]).stdout)
    assert 0 < data["base_rate"] < 0.01 and data["training_country_months"] > 40_000
    human = runner.invoke(app, ["risk", "--as-of", "2021-05", "--top", "2"], env={"COLUMNS": "200"}).stdout
    assert "base rate: " in human and f"{data['training_country_months']:,}" in human
    assert any("UCDP Georeferenced Event Dataset" in c and "CC BY 4.0" in c for c in data["citations"])
    assert "source: " in human
    assert data["countries_ranked"] > 100 and f"{data['countries_ranked']} countries ranked" in human


@pytest.mark.parametrize("kwargs, field", [({"top": 0}, "top"), ({"top": -2}, "top"), ({"horizon": 30}, "horizon"),
                                           ({"horizon": "6"}, "horizon")])
def test_the_python_api_refuses_what_the_command_refuses(kwargs, field):
    from coalition_watch.errors import InputError
    from coalition_watch.risk.api import risk_ranking

    with pytest.raises(InputError) as caught:
        risk_ranking("2021-05", **kwargs)
    assert caught.value.field == field


def test_district_control_change_is_in_percentage_points_over_its_real_span():
    from coalition_watch.risk.territory import district_control_signal

    (july,) = district_control_signal("2021-07")
    assert "percentage points since 2021-05-12 (49 days)" in july["text"] and july["days"] == 49
    (june,) = district_control_signal("2021-06")
    assert "percentage points" not in june["text"] and "no 30-day change yet" in june["text"]


@pytest.mark.parametrize("month", ["2024-13", "2024/05", "May 2024"])
def test_malformed_as_of_names_the_option(month):
    result = runner.invoke(app, ["risk", "--as-of", month])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --as-of: ") and result.stderr.count("\n") == 1


def test_risk_shows_territorial_momentum_for_afghanistan_2021(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    data = json.loads(runner.invoke(app, ["risk", "--as-of", "2021-08", "--top", "3", "--json"]).stdout)
    (note,) = [n for n in data["supplementary"] if n["country"] == "AFG"]
    assert note["report_date"] < "2021-08-01" and note["momentum_30d"] > 0


def test_backtest_command_prints_the_contract(backtest_h6, monkeypatch):
    import coalition_watch.risk.api as api

    monkeypatch.setattr(api, "run_backtest", lambda **kw: backtest_h6[0])
    result = runner.invoke(app, ["backtest", "--horizon", "6", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("horizon", "models", "base_rate", "threshold", "cases", "near_misses",
                "false_alarms_per_100_country_years"):
        assert key in data
    human = runner.invoke(app, ["backtest"])
    assert "collapse_risk" in human.stdout and "AFG" in human.stdout
    assert runner.invoke(app, ["backtest", "--horizon", "5"]).exit_code == 2
    for near in data["near_misses"]:
        assert f"{near['peak_threshold']:.2%}" in human.stdout


def test_backtest_db_says_why_no_store_is_read(monkeypatch):
    import coalition_watch.risk.api as api

    monkeypatch.setattr(api, "run_backtest", lambda **kw: pytest.fail("the backtest ran"))
    result = runner.invoke(app, ["backtest", "--db", "store.duckdb"])
    assert result.exit_code == 2
    assert "backtest reads no store" in result.output and "No such option" not in result.output


def test_backtest_ci_option_reaches_the_backtest(backtest_h6, monkeypatch):
    import coalition_watch.risk.api as api

    seen = []
    monkeypatch.setattr(api, "run_backtest", lambda **kw: seen.append(kw["ci"]) or backtest_h6[0])
    assert runner.invoke(app, ["backtest", "--json"]).exit_code == 0
    assert runner.invoke(app, ["backtest", "--no-ci", "--json"]).exit_code == 0
    assert seen == [True, False]


def test_reasons_in_words():
    assert display_value("fat_12m", 0.0) == "0"
    assert display_value("fat_change_6m", 0.6931471805599453) == "×2.0"
    assert display_value("gov_conflict", 1.0) == "yes"
    assert "raised the risk (odds ×1.49 against an average country-month)" in reason_sentence("fat_12m", 5.0, 0.4)
    assert "lowered the risk (odds ÷2.46 against an average country-month)" in reason_sentence("polyarchy", 0.8, -0.9)
    assert "log-odds" not in reason_sentence("fat_12m", 5.0, 0.4)
    contrib = pd.Series({"fat_12m": 0.4, "polyarchy": -0.9, "gov_conflict": 0.1})
    values = pd.Series({"fat_12m": 5.0, "polyarchy": 0.8, "gov_conflict": 1.0})
    reasons = top_reasons(contrib, values, n=2)
    assert [r["feature"] for r in reasons] == ["polyarchy", "fat_12m"]
    assert "lowered the risk" in reasons[0]["text"]
    assert [r["feature"] for r in top_reasons(contrib, values, n=2, direction="up")] == ["fat_12m", "gov_conflict"]


def test_reasons_by_row_are_the_reasons_of_each_row():
    """The array version used by the ranking gives each row's top_reasons, in the same order when
    contributions are equal in size or missing."""
    rng = np.random.default_rng(7)
    features = ["fat_1m", "fat_12m", "polyarchy", "gov_conflict", "fat_change_6m", "months_since_calm"]
    contrib = pd.DataFrame(rng.normal(size=(40, len(features))).round(1), columns=features)
    contrib.iloc[:10, 1:4] = 0.5  # equal sizes, both signs
    contrib.iloc[5:10, 1:3] = -0.5
    contrib.iloc[10:15, [0, 4]] = np.nan
    values = pd.DataFrame(rng.uniform(0, 5, size=(40, len(features))), columns=features)
    values.insert(0, "country", [f"C{i:02d}" for i in range(40)])
    for n in (3, len(features)):
        by_row = top_reasons_by_row(contrib, values, n=n)
        one_by_one = [top_reasons(contrib.iloc[i], values.iloc[i], n=n) for i in range(len(contrib))]
        assert json.dumps(by_row) == json.dumps(one_by_one)  # as text: NaN equals NaN


def test_a_horizon_that_was_not_backtested_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    result = runner.invoke(app, ["risk", "--as-of", "2021-05", "--top", "1", "--horizon", "4"], env={"COLUMNS": "250"})
    assert result.exit_code == 0 and "only horizons 3, 6, 12 are backtested" in result.stdout
    result = runner.invoke(app, ["risk", "--as-of", "2021-05", "--top", "1"], env={"COLUMNS": "250"})
    assert "are backtested" not in result.stdout
