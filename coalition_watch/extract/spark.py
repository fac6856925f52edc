"""Run the extractor on Spark: ``df.mapInPandas(partition_extractor(actors, lineage), RELATION_SCHEMA)``.

The extractor is a pure function of ``(id, text)``, so each executor builds it once (from the
actors and lineage shipped with the function) and maps batches of documents to relation rows.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

RELATION_COLUMNS = ["id", "source", "target", "type", "polarity", "confidence", "evidence", "start", "end"]
RELATION_SCHEMA = ("id string, source string, target string, type string, polarity string, "
                   "confidence double, evidence string, start int, end int")


def partition_extractor(actors: Iterable, lineage: Iterable = (), **options) -> Callable:
    """A ``mapInPandas`` function: batches with ``id``/``text`` columns → one row per relation."""
    actors, lineage = list(actors), list(lineage)
    state: dict = {}

    def run(batches: Iterator) -> Iterator:
        import pandas as pd

        from ..registry.resolver import Resolver
        from .pipeline import Extractor

        if "extractor" not in state:
            state["extractor"] = Extractor(Resolver(actors, lineage), **options)
        extractor = state["extractor"]
        for batch in batches:
            rows = []
            for doc_id, text in zip(batch["id"], batch["text"]):
                for rel in extractor.extract(str(doc_id), text or "").relations:
                    rows.append([str(doc_id), rel.source, rel.target, rel.type, rel.polarity,
                                 float(rel.confidence), rel.evidence, rel.start, rel.end])
            yield pd.DataFrame(rows, columns=RELATION_COLUMNS).astype({"start": "int32", "end": "int32"})

    return run


def extract_dataframe(df, actors: Iterable, lineage: Iterable = (), **options):
    """Relations of a Spark DataFrame of documents (columns ``id``, ``text``)."""
    return df.select("id", "text").mapInPandas(partition_extractor(actors, lineage, **options), RELATION_SCHEMA)
