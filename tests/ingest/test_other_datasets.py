"""ACLED, GTD and GDELT fixtures in their published layouts; GDELT's BigQuery SQL."""

from __future__ import annotations

import pandas as pd

from coalition_watch.ingest import api as ingest
from coalition_watch.sources.gdelt import GDELT_COLUMNS, bigquery_sql
from coalition_watch.sources.gtd import GTD_COLUMNS

from .conftest import FIXTURES


def _quarantine(store):
    return [(r["line"], r["field"]) for r in store.query("SELECT line, field FROM quarantine ORDER BY line")]


def test_acled_export(store):
    [s] = ingest.ingest(store, "acled", [FIXTURES / "acled_export_sample.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (7, 4, 3)
    # line 6 is AFG2 ("not-a-number" fatalities); DuckDB reports its offset 0-based here
    assert _quarantine(store) == [(6, "fatalities"), (7, "event_date"), (8, "latitude")]
    row = store.query("SELECT * FROM events WHERE id = 'acled:SYR1'")[0]
    assert row["side_a"] == ["hts"] and row["associated"] == ["ahrar-al-sham"]
    assert "Jaish al-Izza" in row["unresolved"] and row["country"] == "SYR"
    two = store.query("SELECT date_start FROM events WHERE id = 'acled:SYR2'")[0]
    assert str(two["date_start"]) == "2024-11-29"          # "29 November 2024" export format


def test_gtd_export_csv_and_xlsx(store, tmp_path):
    [s] = ingest.ingest(store, "gtd", [FIXTURES / "gtd_export_sample.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (5, 3, 2)
    assert _quarantine(store) == [(5, "country"), (6, "imonth")]
    pak = store.query("SELECT * FROM events WHERE id = 'gtd:201506000002'")[0]
    assert pak["side_a"] == ["ttp", "lashkar-e-jhangvi", "al-qaeda"]        # coalition of perpetrators
    assert (str(pak["date_start"]), str(pak["date_end"]), pak["date_precision"]) == ("2015-06-01", "2015-06-30", "month")
    frame = pd.read_csv(FIXTURES / "gtd_export_sample.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == GTD_COLUMNS and len(GTD_COLUMNS) == 135
    frame.loc[0, "eventid"] = "201501019999"
    frame.loc[1, "nkill"] = "many"
    xlsx = tmp_path / "gtd.xlsx"
    frame.to_excel(xlsx, index=False)
    [x] = ingest.ingest(store, "gtd", [xlsx])
    assert x.rows_read == 5 and x.rows_quarantined == 3
    assert (3, "nkill") in [(r["line"], r["field"]) for r in store.query(
        "SELECT line, field FROM quarantine WHERE ingest_id = ?", [x.ingest_id])]


def test_gdelt_event_file(store):
    [s] = ingest.ingest(store, "gdelt", [FIXTURES / "gdelt_sample.export.CSV"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (4, 3, 1)
    assert _quarantine(store) == [(4, None)]
    row = store.query("SELECT * FROM events WHERE id = 'gdelt:1200000001'")[0]
    assert row["country"] == "SYR" and row["violence_type"] == "cameo:19" and row["side_a"] == ["hts"]


def test_gdelt_bigquery_sql_is_compiled_from_the_same_expression():
    sql = bigquery_sql(cameo_roots=("18", "19", "20"))
    assert "`gdelt-bq`.`gdeltv2`.`events`" in sql or "gdelt-bq.gdeltv2.events" in sql
    assert "ActionGeo_CountryCode" in sql and "EventRootCode" in sql and "IN ('18', '19', '20')" in sql
    assert len(GDELT_COLUMNS) == 61


def test_acled_and_ged_state_forces_are_stored_against_the_state(tmp_path, ucdp):
    """With the embedded knowledge base (coup factions and foreign units of kind state_force
    among its actors) ACLED's "Military Forces of X (…)" and GED's "Government of X" are the state."""
    from coalition_watch import api

    store = api.init_store(tmp_path / "kb.duckdb")
    try:
        api.load_kb(store)
        ingest.ingest(store, "acled", [FIXTURES / "acled_export_sample.csv"])
        ingest.ingest(store, "ucdp-ged", [ucdp / "ged_syria_2016_2017.csv"])
        acled = {r["id"]: r["side_b"] for r in store.query(
            "SELECT id, side_b FROM events WHERE dataset = 'acled' AND side_b_names[1] LIKE 'Military Forces of %'")}
        assert acled == {"acled:AFG1": ["afg-government"], "acled:SYR1": ["syr-government"],
                         "acled:SYR2": ["syr-government"]}
        ged = store.query("SELECT side_a, count(*) AS n FROM events WHERE dataset = 'ucdp-ged' "
                          "AND side_a_names = ['Government of Syria'] GROUP BY side_a")
        assert [(r["side_a"], r["n"]) for r in ged] == [(["syr-government"], 8299)]
    finally:
        store.close()
