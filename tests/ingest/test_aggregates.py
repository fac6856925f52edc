"""The same Ibis aggregates on DuckDB and on PySpark (local mode) give identical results."""

from __future__ import annotations

import pandas as pd
import pytest

from coalition_watch import api
from coalition_watch.ingest import aggregates
from coalition_watch.ingest import api as ingest
from coalition_watch.ingest.geography import haversine_km
from tests.conftest import SMALL_KB


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory, shared):
    path = tmp_path_factory.mktemp("agg") / "agg.duckdb"
    store = api.init_store(path)
    api.load_kb(store, SMALL_KB)
    ingest.ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_candidate_2026_01.csv"])
    store.con.execute("UPDATE actors SET kind = 'state' WHERE id = 'afg-government'").fetchall()
    store.close()
    return path


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype.kind in "iuf":
            frame[column] = frame[column].astype("float64").round(6)
        else:
            frame[column] = frame[column].astype(object)
    return frame


def test_duckdb_aggregates_are_right(loaded_store):
    con = aggregates.connect(f"duckdb://{loaded_store}")
    cm = aggregates.aggregate(con, "country-month", country="SYR").execute()
    import duckdb
    with duckdb.connect(str(loaded_store), read_only=True) as raw:
        expected = raw.execute("SELECT count(*), sum(deaths_best) FROM events WHERE country = 'SYR'").fetchall()[0]
    assert (int(cm["events"].sum()), float(cm["fatalities"].sum())) == (expected[0], expected[1])
    assert expected[0] == 53             # the candidate file's Syrian events
    dist = aggregates.aggregate(con, "distance-to-capital", country="SYR").execute()
    damascus = (33.51, 36.29)
    assert dist["min_km"].min() >= 0 and dist["mean_km"].max() < 700 and int(dist["events"].sum()) == 53
    assert haversine_km(*damascus, 36.2, 37.15) == pytest.approx(309, abs=5)   # Damascus → Aleppo


@pytest.mark.slow
def test_same_results_on_duckdb_and_pyspark(loaded_store, spark):
    import ibis
    duck = aggregates.connect(f"duckdb://{loaded_store}")
    spark_con = ibis.pyspark.connect(spark)
    aggregates.register_store_in_spark(loaded_store, spark_con)
    for name in aggregates.AGGREGATES:
        left = _normalise(aggregates.aggregate(duck, name).execute())
        right = _normalise(aggregates.aggregate(spark_con, name).execute())
        assert len(left) > 0 or name == "fighting-government"
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)
