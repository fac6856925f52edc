from __future__ import annotations

import pytest

from coalition_watch import api
from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.registry.knowledge_base import read_kb
from coalition_watch.store.kb_writer import write_kb

from coalition_watch.ingest.api import ingest
from tests.conftest import console_script  # noqa: F401 - used by this package's tests


def _kb_store():
    # KB validity is tested in tests/test_knowledge_base.py; these tests need only its content.
    store = api.init_store(":memory:")
    write_kb(store, read_kb()[0])
    return store


@pytest.fixture(scope="package")
def kb_analysis():
    store = _kb_store()
    yield CoalitionAnalysis.from_store(store)
    store.close()


@pytest.fixture(scope="package")
def ged_store(shared):
    store = _kb_store()
    ucdp = shared / "data" / "ucdp"
    ingest(store, "ucdp-ged", [ucdp / "ged_syria_2016_2017.csv", ucdp / "ged_syria_2018_2019.csv"])
    yield store
    store.close()


