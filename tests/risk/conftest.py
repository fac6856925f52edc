"""Shared fixtures: real data from the shared directory, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def dataset():
    from coalition_watch.risk.api import load_dataset

    return load_dataset(use_cache=False)


@pytest.fixture(scope="session")
def backtest_h6(dataset, tmp_path_factory):
    """The rolling-origin backtest at horizon 6 only (all models), with its files written."""
    from coalition_watch.risk.api import run_backtest

    out = tmp_path_factory.mktemp("backtest")
    return run_backtest(horizon=6, horizons=(6,), out_dir=out, dataset=dataset), out
