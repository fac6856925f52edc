"""The same Ibis aggregates on DuckDB and on PySpark (local mode) give identical results."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from coalition_watch import api
from coalition_watch.ingest import aggregates
from coalition_watch.ingest import api as ingest
from coalition_watch.ingest.geography import haversine_km
from tests.conftest import SMALL_KB, console_script


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
    frame = frame.sort_values(list(frame.columns[:4])).reset_index(drop=True)
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


def test_country_filter_takes_a_name_and_rejects_an_unknown_country(loaded_store):
    from coalition_watch.errors import InputError

    con = aggregates.connect(f"duckdb://{loaded_store}")
    by_name = aggregates.aggregate(con, "country-month", country="Syria").execute()
    assert int(by_name["events"].sum()) == 53 and set(by_name["country"]) == {"SYR"}
    with pytest.raises(InputError, match="field 'country': unknown country 'Atlantis'"):  # the parameter
        aggregates.aggregate(con, "country-month", country="Atlantis")


def _long_form(con) -> ibis.Table:
    """Every aggregate as rows (aggregate, key1..3, measure1..4) in one union: one query per backend."""
    parts = []
    for name in aggregates.AGGREGATES:
        expr = aggregates.aggregate(con, name)
        keys = [c for c in expr.columns if c in ("country", "admin1", "ym", "year", "violence_type")]
        measures = [c for c in expr.columns if c not in keys]
        row = {"aggregate": ibis.literal(name)}
        row.update({f"k{i}": (expr[keys[i]].cast("string") if i < len(keys) else ibis.null("string"))
                    for i in range(3)})
        row.update({f"m{i}": (expr[measures[i]].cast("float64") if i < len(measures) else ibis.null("float64"))
                    for i in range(4)})
        parts.append(expr.select(**row))
    return ibis.union(*parts)


@pytest.mark.slow
def test_same_results_on_duckdb_and_pyspark(loaded_store, spark):
    duck = aggregates.connect(f"duckdb://{loaded_store}")
    spark_con = ibis.pyspark.connect(spark)
    aggregates.register_store_in_spark(loaded_store, spark_con)
    left = _normalise(_long_form(duck).execute())
    right = _normalise(_long_form(spark_con).execute())
    counts = left.groupby("aggregate").size()
    assert all(counts.get(name, 0) > 0 for name in aggregates.AGGREGATES if name != "fighting-government")
    pd.testing.assert_frame_equal(left, right, check_dtype=False)


def _cli(monkeypatch, capsys, *argv):
    """``cwatch`` as the console script runs it: (exit code, stdout, stderr)."""
    return console_script(capsys, monkeypatch)(*argv)


@pytest.mark.slow
def test_spark_backend_reads_the_default_store(loaded_store, spark, tmp_path, monkeypatch, capsys):
    """Without --db, pyspark://local aggregates the default ./cwatch.duckdb as DuckDB does."""
    import json
    import shutil

    import tempfile

    monkeypatch.delenv("CWATCH_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))   # where the Spark copy goes: removed after
    shutil.copy(loaded_store, tmp_path / "cwatch.duckdb")
    args = ("events", "aggregate", "country-month", "--country", "SYR", "--json")
    code, duck, err = _cli(monkeypatch, capsys, *args)
    assert code in (0, None) and not err, err
    code, on_spark, err = _cli(monkeypatch, capsys, *args, "--backend", "pyspark://local")
    assert code in (0, None), err
    assert json.loads(on_spark) == json.loads(duck) and len(json.loads(duck)) > 0
    assert list(temp.iterdir()) == []


def test_spark_backend_without_a_store_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CWATCH_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(monkeypatch, capsys, "events", "aggregate", "country-month", "--backend", "pyspark://local")
    assert (code, err) == (2, "error: no store at cwatch.duckdb (create it with: cwatch init)\n")
    assert list(tmp_path.iterdir()) == []
