from __future__ import annotations

import pytest

from coalition_watch.extract.pipeline import Extractor


@pytest.fixture(scope="session")
def extractor(small_resolver) -> Extractor:
    return Extractor(small_resolver)


def relations_of(extractor: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    """(source, target, type, polarity) of every relation extracted from ``text``."""
    return {(r.source, r.target, r.type, r.polarity) for r in extractor.extract("t", text).relations}


@pytest.fixture(scope="session")
def spark():
    import os
    import sys

    pyspark = pytest.importorskip("pyspark.sql")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (pyspark.SparkSession.builder.master("local[2]").appName("cwatch-extract-test")
               .config("spark.ui.enabled", "false").config("spark.pyspark.python", sys.executable).config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield session
    session.stop()
