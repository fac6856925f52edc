"""A reason resting on a GED country-month row that fails a consistency check says so; the
ranking's probabilities and the JSON's other keys do not change."""

from __future__ import annotations

import csv
import math

from coalition_watch.risk.data import month_index
from coalition_watch.risk.panel_checks import failing_rows, reason_caveats


def test_ethiopia_january_2021_reasons_carry_the_best_above_high_caveat(tmp_path, monkeypatch):
    """GED's country-month row for Ethiopia 2021-01 gives 115,738 deaths (best) against a high
    estimate of 82,093; the ranking issued 2021-02 cites that month's deaths."""
    from coalition_watch.risk.api import risk_ranking

    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    ranking = risk_ranking("2021-02", top=5)
    eth = next(c for c in ranking["countries"] if c["country"] == "ETH")
    deaths = next(r for r in eth["contributions"] if r["feature"] == "fat_1m")
    assert [(c["check"], c["months"]) for c in deaths["caveats"]] == [("best_above_high", ["2021-01"])]
    assert "best estimate of deaths exceeds its high estimate for 2021-01 (115,738 vs 82,093)" in deaths["text"]
    assert eth["reasons"] == [r["text"] for r in eth["contributions"]]
    # every reason has the key; a reason on clean rows has no caveat and its usual sentence
    assert all("caveats" in r for c in ranking["countries"] for r in c["contributions"])
    clean = [r for c in ranking["countries"] if c["country"] != "ETH" for r in c["contributions"]]
    assert clean and all(r["caveats"] == [] and "caveat" not in r["text"] for r in clean)


def test_a_caveat_covers_the_months_a_feature_reads():
    """fat_12m reads the data month and the 11 before: Ethiopia 2021-01 is in its window through
    2021-12, not from 2022-01; fat_1m of 2020-12 precedes it."""
    value = math.log1p(100_000)
    months = [c["months"] for c in reason_caveats("ETH", month_index("2021-12"), "fat_12m", value)]
    assert ["2021-01" in m for m in months] == [True]
    later = reason_caveats("ETH", month_index("2022-01"), "fat_12m", value)
    assert all("2021-01" not in c["months"] for c in later)
    assert reason_caveats("ETH", month_index("2020-12"), "fat_1m", value) == []
    # a feature on another column is not caveated by a deaths check
    assert reason_caveats("ETH", month_index("2021-01"), "sb_events_12m", value) == []


def test_civilian_deaths_above_all_deaths_is_caveated(tmp_path, shared):
    """The bundled file has no such row; a copy with one (Syria 2016-05: civilian deaths raised
    above the best estimate) gives civ_12m reasons a caveat."""
    folder = tmp_path / "data" / "ucdp"
    folder.mkdir(parents=True)
    source = shared / "data" / "ucdp" / "ged_country_month_1985_2024.csv"
    with open(source, newline="", encoding="utf-8") as f, open(folder / source.name, "w", newline="",
                                                                  encoding="utf-8") as out:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if (row["country_iso3"], row["year_month"]) == ("SYR", "2016-05"):
                row["ucdp_civilian_deaths"] = str(float(row["ucdp_fatalities_best"]) + 10)
            writer.writerow(row)
    assert "SYR" not in failing_rows(str(shared)) or all(
        check != "civilians_above_best" for _, check, _, _ in failing_rows(str(shared))["SYR"])
    (caveat,) = reason_caveats("SYR", month_index("2016-08"), "civ_12m", 8.0, str(tmp_path))
    assert caveat["check"] == "civilians_above_best" and caveat["months"] == ["2016-05"]
    assert caveat["text"].startswith("UCDP GED's civilian deaths exceed its best estimate of all deaths for 2016-05")
