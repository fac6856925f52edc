"""The early-warning cache keeps plain data (JSON and Arrow IPC files) and gives back what was built."""

import json
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from coalition_watch.risk import api, cache


def test_dataset_scorer_and_ranking_read_back_equal(dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    cache.save("dataset-test", dataset)
    back = cache.load("dataset-test")
    for name in cache.FRAMES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(dataset, name), check_exact=True)
    assert isinstance(back.falls["sources"].iloc[0], list)
    pd.testing.assert_series_equal(back.labels(6), dataset.labels(6))

    scorer = api._fit_for_origin(dataset, api.month_index("2021-05"), 6)
    cache.save("model-test", scorer)
    again = cache.load("model-test")
    rows = dataset.features[dataset.features["month"] == api.month_index("2021-04")]
    assert again.features == scorer.features and again.threshold == scorer.threshold
    np.testing.assert_array_equal(again.predict_proba(rows), scorer.predict_proba(rows))

    first = api.risk_ranking("2021-05", top=5)  # built, then written
    assert any(p.name.startswith("ranking-") for p in (tmp_path / "risk").glob("*.json"))
    assert api.risk_ranking("2021-05", top=5) == first  # read back


def test_files_are_plain_data_and_a_damaged_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    cache.save("ranking-x", {"as_of": "2021-05", "countries": [{"rank": 1, "probability": 0.01}]})
    path = tmp_path / "risk" / "ranking-x.json"
    assert json.loads(path.read_text())["value"]["countries"][0]["rank"] == 1
    assert not list((tmp_path / "risk").glob("*.pkl"))
    path.write_text('{"kind": "dict", "val')
    assert cache.load("ranking-x") is None
    built = []
    assert cache.cached("ranking-x", lambda: built.append(1) or {"rebuilt": True}) == {"rebuilt": True}
    assert built == [1] and cache.load("ranking-x") == {"rebuilt": True}


def test_a_ranking_is_cached_under_its_model_configuration(tmp_path, monkeypatch):
    from coalition_watch.risk import logistic

    monkeypatch.setenv("CWATCH_CACHE", str(tmp_path))
    first = api.risk_ranking("2021-05", top=3)
    # another configuration (rebound, as the constant cannot be changed in place) is another entry
    monkeypatch.setattr(logistic, "MAIN_MODEL_PARAMS",
                        MappingProxyType({**logistic.MAIN_MODEL_PARAMS, "C_grid": (1.0,)}))
    weaker_penalty = api.risk_ranking("2021-05", top=3)
    assert weaker_penalty == api.risk_ranking("2021-05", top=3, use_cache=False)
    assert [c["probability"] for c in weaker_penalty["countries"]] != [c["probability"] for c in first["countries"]]
    monkeypatch.setattr(api, "ALARM_QUANTILE", 0.5)
    assert api.risk_ranking("2021-05", top=3)["threshold"] < weaker_penalty["threshold"]
    with pytest.raises(TypeError):
        logistic.MAIN_MODEL_PARAMS["C_grid"] = (0.5,)
    monkeypatch.undo()
    with pytest.raises(TypeError):
        logistic.MAIN_MODEL_PARAMS["C_grid"] = (0.5,)
