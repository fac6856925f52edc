"""The label rule: KB cases, filtered automatic sources, merging, and the row labels."""

from __future__ import annotations

import pandas as pd
import pytest

from coalition_watch.risk.data import month_index, data_file, gw_to_iso3
from coalition_watch.risk.labels import (candidate_positives, fall_events, label_rows, load_cases,
                                         load_exclusions, near_miss_events)

from .conftest import FIXTURES

KB = FIXTURES / "kb"


def test_loader_reads_cases_recursively_and_ignores_other_files():
    cases = load_cases(KB)
    ids = {c.id for c in cases}
    assert ids == {"afg-2021", "syr-2024", "car-2003-kb", "mli-2013", "yem-2014", "irq-2014"}
    afg = next(c for c in cases if c.id == "afg-2021")
    assert (afg.country, afg.date, afg.outcome, afg.capital) == ("AFG", "2021-08-15", "fall", "Kabul")
    assert afg.coalition == ("taliban",)


def test_loader_rejects_unknown_outcome_naming_the_file():
    with pytest.raises(ValueError, match=r"kb_bad.*outcome"):
        load_cases(FIXTURES / "kb_bad")


def test_fixture_falls_merge_kb_and_automatic_records():
    falls = fall_events(kb_dir=KB)
    car = falls[(falls["country"] == "CAF") & (falls["month"] == month_index("2003-03"))]
    assert len(car) == 1
    assert set(car.iloc[0]["sources"]) == {"kb", "archigos", "ucdp_termination"}
    assert car.iloc[0]["date"] == "2003-03"  # the KB date wins
    # the UCDP CAR episode ended 2002-12 and merged into the same event
    assert not ((falls["country"] == "CAF") & (falls["month"] == month_index("2002-12"))).any()
    assert ((falls["country"] == "YEM") & (falls["date"] == "2014-09-21")).any()
    near = near_miss_events(kb_dir=KB)
    assert set(near["country"]) == {"MLI", "IRQ"}
    assert not falls["country"].isin(["MLI", "IRQ"]).any()


def test_events_are_at_least_a_merge_window_apart():
    falls = fall_events(kb_dir=KB)
    for _, grp in falls.groupby("country"):
        gaps = grp["month"].sort_values().diff().dropna()
        assert (gaps > 12).all()


def test_real_kb_labels_include_afghanistan_2021_and_syria_2024():
    falls = fall_events()
    dates = set(zip(falls["country"], falls["date"]))
    assert ("AFG", "2021-08-15") in dates
    assert ("SYR", "2024-12-08") in dates


def _coups() -> pd.DataFrame:
    coups = pd.read_csv(data_file("leaders/powell_thyne_coups_country_month.csv"))
    coups = coups[coups["pt_coup_successful"] > 0]
    return coups.assign(month=[month_index(m) for m in coups["year_month"]])


def test_successful_coups_are_not_positives_unless_listed_as_rebel_takeovers():
    """Automatic positives must not be coups; a KB fall case is the curators' explicit decision."""
    falls = fall_events()
    falls = falls[[("kb" not in s) for s in falls["sources"]]]
    kept = {(k["country"], month_index(str(k["date"]))) for k in load_exclusions()["kept_despite_coup_coding"]}
    for coup in _coups().itertuples(index=False):
        near = falls[(falls["country"] == coup.country_iso3) & ((falls["month"] - coup.month).abs() <= 1)]
        for fall in near.itertuples(index=False):
            assert (fall.country, fall.month) in kept, f"coup {coup.country_iso3} {coup.year_month} is a positive"


@pytest.mark.parametrize("country,month", [("PRY", "1989-02"), ("BFA", "1987-10"), ("HTI", "1991-10"),
                                           ("GNB", "1999-05"), ("COM", "1989-11"), ("UKR", "2014-02"),
                                           ("DZA", "1992-06"), ("LBN", "1989-11")])
def test_known_traps_are_excluded(country, month):
    falls = fall_events()
    m = month_index(month)
    assert not ((falls["country"] == country) & ((falls["month"] - m).abs() <= 2)).any()


def test_every_exclusion_names_a_real_source_record_with_a_reason():
    cand = candidate_positives(kb_dir=KB)
    records = set(zip(cand["source"], cand["record"]))
    for entry in load_exclusions()["exclusions"]:
        assert (entry["source"], str(entry["record"])) in records, entry
        assert len(entry["reason"]) > 10
    assert cand.loc[cand["excluded"], "reason"].str.len().gt(0).all()


def test_archigos_rebel_exits_map_to_iso3():
    gw = gw_to_iso3()
    assert gw[700] == "AFG" and gw[652] == "SYR" and gw[678] == "YEM"


def test_label_rows_mark_the_h_months_before_a_fall():
    events = pd.DataFrame({"country": ["AAA"], "month": [month_index("2021-08")]})
    months = pd.Series(range(month_index("2020-12"), month_index("2021-12")))
    countries = pd.Series(["AAA"] * len(months))
    labels = label_rows(countries, months, events, horizon=6)
    positive = {m for m, y in zip(months, labels) if y}
    assert positive == set(range(month_index("2021-02"), month_index("2021-08")))
    other = label_rows(pd.Series(["BBB"] * len(months)), months, events, horizon=6)
    assert other.sum() == 0
    with pytest.raises(ValueError):
        label_rows(countries, months, events, horizon=0)
