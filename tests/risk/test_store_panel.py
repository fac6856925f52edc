"""The country-month panel from the event store and forecasts past the bundled panel.

Real files: GED Syria 2018-19 (a country subset), the GED candidate release of January 2026
(global). The months right after the bundled panel (2025-01..03) have no shared GED file, so the
real January 2026 candidate events, re-dated month by month, stand in for three monthly
candidate releases: real countries, counts and death tolls, only the calendar moved.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from coalition_watch import api
from coalition_watch.cli import app
from coalition_watch.countries import to_iso3
from coalition_watch.ingest import api as ingest
from coalition_watch.risk import store_panel
from coalition_watch.risk.data import RiskDataError, month_index
from coalition_watch.risk.panel import load_panel, panel_from_events
from coalition_watch.risk.partitions import LABELS_KNOWN_THROUGH, forecast_partition
from tests.conftest import SMALL_KB

runner = CliRunner()
COUNTS = ["events", "fatalities", "civilian_deaths", "peak_event_fatalities", "sb_events", "ns_events",
          "os_events"]


def _store_with(path, *files) -> str:
    """A store at ``path`` (small test KB) with the GED ``files`` ingested; closed again."""
    store = api.init_store(path)
    api.load_kb(store, SMALL_KB)
    ingest.ingest(store, "ucdp-ged", [str(f) for f in files])
    store.close()
    return str(path)


def _pandas_panel(frame: pd.DataFrame) -> pd.DataFrame:
    """Independent GED country-month aggregation of a GED-schema frame (country as ISO3)."""
    frame = frame.assign(month=[month_index(d) for d in frame["date_start"]])
    kind = frame["type_of_violence"].astype(int)
    frame = frame.assign(sb=(kind == 1).astype(int), ns=(kind == 2).astype(int), os=(kind == 3).astype(int))
    grouped = frame.groupby(["country", "month"])
    return pd.DataFrame({"events": grouped.size(), "fatalities": grouped["best"].sum(),
                         "civilian_deaths": grouped["deaths_civilians"].sum(),
                         "peak_event_fatalities": grouped["best"].max(), "sb_events": grouped["sb"].sum(),
                         "ns_events": grouped["ns"].sum(), "os_events": grouped["os"].sum()}).astype(float)


def _redated_candidate(ucdp, folder, months=(1, 2, 3)) -> list:
    """The January 2026 candidate events (those starting in January) moved to 2025-01, -02, -03,
    one file each, named like candidate releases (version 25.0.M); ids made unique per file."""
    raw = pd.read_csv(ucdp / "ged_candidate_2026_01.csv", dtype=str, keep_default_na=False)
    raw = raw[raw["date_start"].str[:7] == "2026-01"]
    files = []
    for m in months:
        shift = pd.DateOffset(months=m - 13)
        f = raw.copy()
        for col in ("date_start", "date_end"):
            f[col] = (pd.to_datetime(f[col].str[:10]) + shift).dt.strftime("%Y-%m-%d 00:00:00.000")
        f["year"] = "2025"
        f["id"] = (f["id"].astype(int) + 10_000_000 * m).astype(str)
        path = folder / f"ged_candidate_2025_{m:02d}.csv"
        f.to_csv(path, index=False)
        files.append(path)
    return files


@pytest.fixture(scope="module")
def syria_store(tmp_path_factory, shared):
    folder = tmp_path_factory.mktemp("syria")
    return _store_with(folder / "store.duckdb", shared / "data/ucdp/ged_syria_2018_2019.csv")


@pytest.fixture(scope="module")
def candidate_store(tmp_path_factory, shared):
    folder = tmp_path_factory.mktemp("candidate")
    return _store_with(folder / "store.duckdb", shared / "data/ucdp/ged_candidate_2026_01.csv")


@pytest.fixture(scope="module")
def three_months(tmp_path_factory, shared):
    """A store holding three monthly releases right after the bundled panel, and a cache folder."""
    folder = tmp_path_factory.mktemp("months")
    files = _redated_candidate(shared / "data/ucdp", folder)
    return _store_with(folder / "store.duckdb", *files), files, folder / "cache"


# --- (a) aggregation -------------------------------------------------------------------------

def test_store_aggregation_equals_pandas_and_is_close_to_the_bundled_panel(syria_store, shared):
    import ibis

    con = ibis.duckdb.connect(syria_store, read_only=True)
    got = store_panel.ged_country_month(con.table("events")).execute().set_index(["country", "month"])
    con.disconnect()
    raw = pd.read_csv(shared / "data/ucdp/ged_syria_2018_2019.csv").assign(country="SYR")
    expected = _pandas_panel(raw)
    assert len(got) == 23
    pd.testing.assert_frame_equal(got[COUNTS].astype(float).sort_index(), expected[COUNTS].sort_index(),
                                  check_names=False)
    # the pandas entry point runs the same expression
    via_pandas = panel_from_events(raw).set_index(["country", "month"])
    pd.testing.assert_frame_equal(via_pandas[COUNTS], expected[COUNTS].sort_index(), check_names=False)

    # against GED v25.1 as aggregated in the bundled panel: this file is an earlier GED version,
    # later releases added events (2018-01: 380 here, 564 in v25.1) but the totals agree closely
    csv = load_panel().set_index(["country", "month"]).loc[got.index]
    assert np.isclose(got["fatalities"].sum(), csv["fatalities"].sum(), rtol=0.08)  # 30,311 vs 32,003
    assert (np.abs(got["fatalities"] / csv["fatalities"] - 1) < 0.15).all()
    late = got.index.get_level_values("month") >= month_index("2019-06")
    assert np.allclose(got.loc[late, "events"], csv.loc[late, "events"], rtol=0.05)
    assert (got.loc[late, "peak_event_fatalities"] == csv.loc[late, "peak_event_fatalities"]).all()


def test_store_months_the_bundled_panel_covers_are_ignored(syria_store):
    sources = store_panel.panel_sources(db=syria_store)
    assert sources.store_last is None and sources.store_covered == {}
    pd.testing.assert_frame_equal(store_panel.merged_panel(db=syria_store), load_panel())


def test_ged_aggregation_runs_on_spark(syria_store, spark):
    import ibis

    duck = ibis.duckdb.connect(syria_store, read_only=True)
    events = duck.table("events")
    events = events.filter(events.date_start < ibis.date(2018, 3, 1))  # two months keep it quick
    expected = store_panel.ged_country_month(events).execute().set_index(["country", "month"])
    columns = ["country", "date_start", "deaths_best", "deaths_civilians", "violence_type"]
    frame = events.select(columns).execute()
    duck.disconnect()
    spark.createDataFrame(frame).createOrReplaceTempView("store_panel_events")
    con = ibis.pyspark.connect(spark)
    got = store_panel.ged_country_month(con.table("store_panel_events")).to_pandas()
    pd.testing.assert_frame_equal(got.set_index(["country", "month"])[COUNTS].astype(float),
                                  expected[COUNTS].astype(float))


# --- (b) coverage and the gap error ----------------------------------------------------------

def test_global_candidate_release_covers_its_month_not_the_spillover(candidate_store):
    sources = store_panel.panel_sources(db=candidate_store)
    # the January release also holds a few events that started in December 2025 (3 countries)
    assert list(sources.store_covered) == [month_index("2026-01")]
    assert sources.store_covered[month_index("2026-01")] == ["26.0.1"]
    assert sources.store_last is None


def test_forecast_after_a_gap_names_the_missing_months(candidate_store):
    with pytest.raises(RiskDataError) as err:
        from coalition_watch.risk.api import risk_ranking

        risk_ranking("2026-02", db=candidate_store)
    message = str(err.value)
    assert "2025-01..2025-12 have no data" in message and "next covers 2026-01" in message
    # the Python API's words: its parameters and ingest function, no command-line options
    assert "coalition_watch.ingest.api.ingest(store, 'ucdp-ged', files)" in message
    assert "choose as_of 2025-01 or earlier" in message and "--" not in message


def test_a_regional_extract_covers_no_month(tmp_path, shared):
    raw = pd.read_csv(shared / "data/ucdp/ged_candidate_2026_01.csv", dtype=str, keep_default_na=False)
    africa = raw[raw["region"] == "Africa"]
    assert africa["country"].nunique() >= MIN_AFRICA_COUNTRIES
    path = tmp_path / "ged_candidate_2026_01_africa.csv"
    africa.to_csv(path, index=False)
    sources = store_panel.panel_sources(db=_store_with(tmp_path / "store.duckdb", path))
    assert sources.store_covered == {}
    with pytest.raises(RiskDataError, match="holds no global GED release for 2025-01..2026-01"):
        sources.require(month_index("2026-01"))


MIN_AFRICA_COUNTRIES = 15  # the extract passes the country count; the regions rule rejects it


def test_messages_name_the_months_between_covered_runs():
    sources = store_panel.PanelSources("panel.csv", month_index("1985-01"), month_index("2024-12"), db="s.duckdb",
                                       store_covered={month_index(m): ["r"] for m in
                                                      ("2025-01", "2025-02", "2025-05")},
                                       store_last=month_index("2025-02"))
    sources.require(month_index("2025-02"))
    with pytest.raises(RiskDataError, match=r"data run to 2025-02 .* months 2025-03..2025-04 have no data"):
        sources.require(month_index("2025-05"))
    with pytest.raises(RiskDataError, match=r"no global GED release for 2025-03; .* choose as_of 2025-03 or earlier"):
        sources.require(month_index("2025-03"))


# --- (c) forecasting past the bundled panel --------------------------------------------------

def test_ranking_after_the_panel_uses_the_store_months(three_months, monkeypatch):
    from coalition_watch.risk.api import load_dataset, risk_ranking

    db, files, cache = three_months
    monkeypatch.setenv("CWATCH_CACHE", str(cache))
    result = risk_ranking("2025-04", top=5, db=db)
    assert result["data_through"] == "2025-03" and len(result["countries"]) == 5
    bundled, store = result["data_sources"]
    assert bundled["months"] == "1985-01..2024-12"
    assert store["months"] == "2025-01..2025-03" and store["releases"] == ["25.0.1", "25.0.2", "25.0.3"]
    assert "NER" in store["countries_outside_panel"]  # Niger is not in the bundled panel
    assert result["refit"] == {"year": 2025, "train": "1986-01..2024-06", "labels_known_through": "2025-12",
                               "capped_at_known_labels": False}

    # the features of those months are computed from the store's events
    features = load_dataset(db=db).features.set_index(["country", "month"])
    raw = pd.concat(pd.read_csv(f) for f in files)
    raw["country"] = raw["country"].map(to_iso3)
    expected = _pandas_panel(raw[raw["country"].isin(set(features.index.get_level_values("country")))])
    got = features.loc[expected.index]
    assert len(expected) > 100
    assert np.allclose(got["fat_1m"], np.log1p(expected["fatalities"]))
    assert features.loc[("SYR", month_index("2025-03")), "events_3m"] == pytest.approx(
        np.log1p(expected.loc["SYR", "events"].sum()))
    # a panel country without events in a covered month reads as zero there
    quiet = sorted(set(features.index.get_level_values("country")) - set(raw["country"]))[0]
    assert features.loc[(quiet, month_index("2025-02")), "fat_1m"] == 0.0


def test_a_new_ingest_is_never_served_from_the_cache(tmp_path, shared, monkeypatch):
    from coalition_watch.risk.api import risk_ranking

    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path / "cache"))
    files = _redated_candidate(shared / "data/ucdp", tmp_path, months=(1,))
    db = _store_with(tmp_path / "store.duckdb", *files)
    before = store_panel.panel_sources(db=db)
    with pytest.raises(RiskDataError):
        risk_ranking("2025-03", top=1, db=db)
    more = _redated_candidate(shared / "data/ucdp", tmp_path, months=(2,))
    store = api.init_store(db)
    ingest.ingest(store, "ucdp-ged", [str(more[0])])
    store.close()
    after = store_panel.panel_sources(db=db)
    assert after.fingerprint != before.fingerprint and after.store_last == month_index("2025-02")


def test_origins_past_the_known_labels_use_the_latest_refit():
    assert forecast_partition("2026-02", 6).origin_year == 2026
    late = forecast_partition("2027-03", 6)
    assert late.origin_year == 2026 and late.train_end + 6 == LABELS_KNOWN_THROUGH
    assert late.test_start == month_index("2027-02")
    assert forecast_partition("2027-03", 12).train_end + 12 == LABELS_KNOWN_THROUGH
    assert forecast_partition("2021-05", 6).origin_year == 2021


# --- (d) the command ---------------------------------------------------------------------------

def test_cli_risk_with_db(three_months, candidate_store, monkeypatch):
    db, _, cache = three_months
    monkeypatch.setenv("CWATCH_CACHE", str(cache))
    result = runner.invoke(app, ["risk", "--as-of", "2025-04", "--top", "3", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["data_through"] == "2025-03" and data["data_sources"][1]["months"] == "2025-01..2025-03"
    human = runner.invoke(app, ["risk", "--as-of", "2025-04", "--top", "3", "--db", db])
    assert human.exit_code == 0 and "event store: 2025-01..2025-03" in human.stdout

    gap = runner.invoke(app, ["risk", "--as-of", "2026-02", "--db", candidate_store])
    assert gap.exit_code == 2
    assert gap.stderr.startswith("error: ") and gap.stderr.count("\n") == 1
    assert "months 2025-01..2025-12 have no data" in gap.stderr
    # the command line words the remedy with its command and options
    remedy = f"with cwatch ingest ucdp-ged FILE --db {candidate_store}, or choose --as-of 2025-01 or earlier"
    assert remedy in gap.stderr

    missing = runner.invoke(app, ["risk", "--as-of", "2025-04", "--db", str(cache / "nowhere.duckdb")])
    assert missing.exit_code == 2 and "no event store at" in missing.stderr


# --- spread and proximity beside the forecast ------------------------------------------------

def test_spread_and_proximity_from_the_store_match_the_events(syria_store, shared):
    from coalition_watch.ingest.geography import capitals, haversine_km
    from coalition_watch.risk.spread import spread_signal

    notes = spread_signal(syria_store, "2019-07")  # data through 2019-06
    assert [n["country"] for n in notes] == ["SYR"] and notes[0]["data_through"] == "2019-06"
    note = notes[0]
    # the same measures computed independently from the file
    raw = pd.read_csv(shared / "data/ucdp/ged_syria_2018_2019.csv")
    raw = raw[raw["latitude"].notna()]
    month = pd.to_datetime(raw["date_start"]).dt.to_period("M").astype(str)
    damascus = capitals().set_index("iso3").loc["SYR"]

    def regions(first, last):
        rows = raw[(month >= first) & (month <= last) & raw["adm_1"].notna() & (raw["where_prec"] <= 4)]
        return rows["adm_1"].nunique()

    def nearest(first, last):
        rows = raw[(month >= first) & (month <= last) & (raw["type_of_violence"] == 1) & (raw["where_prec"] <= 2)]
        return min(haversine_km(a, b, damascus["lat"], damascus["lon"])
                   for a, b in zip(rows["latitude"], rows["longitude"]))

    assert note["admin1_3m"] == regions("2019-04", "2019-06") > 0
    assert note["admin1_prev_3m"] == regions("2019-01", "2019-03")
    assert note["nearest_km_3m"] == pytest.approx(nearest("2019-04", "2019-06"), abs=0.06)
    assert note["nearest_km_prev_12m"] == pytest.approx(nearest("2018-04", "2019-03"), abs=0.06)
    assert "province(s)" in note["text"] and "km from the capital" in note["text"]
    # fighting inside the capital (0.4 km) is not worded as "0 km"
    assert note["nearest_km_3m"] < 10
    assert f"fighting with the government {note['nearest_km_3m']:.1f} km from the capital" in note["text"]
    # a forecast whose window holds no geocoded event of the store has no note
    assert spread_signal(syria_store, "2015-01") == []


def test_cli_shows_spread_beside_the_ranking(syria_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    out = CliRunner().invoke(app, ["risk", "--as-of", "2019-07", "--top", "3", "--db", syria_store, "--json"])
    assert out.exit_code == 0, out.output
    notes = json.loads(out.output)["supplementary"]
    assert [n["signal"] for n in notes] == ["spread_proximity"] and notes[0]["country"] == "SYR"
    table = CliRunner().invoke(app, ["risk", "--as-of", "2019-07", "--top", "3", "--db", syria_store])
    assert "spread and proximity (not in the model)" in " ".join(table.output.split())
