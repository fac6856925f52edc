from __future__ import annotations

from pathlib import Path

import pytest

from coalition_watch import api
from tests.conftest import SMALL_KB

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def store(tmp_path):
    store = api.init_store(tmp_path / "ingest.duckdb")
    api.load_kb(store, SMALL_KB)
    yield store
    store.close()


@pytest.fixture()
def ucdp(shared) -> Path:
    return shared / "data" / "ucdp"
