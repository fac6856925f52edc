"""Run the extractor on Spark: ``df.mapInPandas(partition_extractor(actors, lineage), RELATION_SCHEMA)``.

The extractor is a pure function of ``(id, text)``, so each executor builds it once (from the
actors and lineage shipped with the function) and maps batches of documents to relation rows.
With ``new_groups=True`` the claims about possible new groups (``new_group_relations``, ADR 019)
come as well, flagged by a ``new_group`` column (:data:`NEW_GROUP_SCHEMA`).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

RELATION_COLUMNS = ["id", "source", "target", "type", "polarity", "confidence", "evidence", "start", "end"]
RELATION_SCHEMA = ("id string, source string, target string, type string, polarity string, "
                   "confidence double, evidence string, start int, end int")
#: the relation rows plus ``new_group``: true for a claim whose one side is a possible new group
NEW_GROUP_SCHEMA = RELATION_SCHEMA + ", new_group boolean"


def partition_extractor(actors: Iterable, lineage: Iterable = (), *, new_groups: bool = False,
                        **options) -> Callable:
    """A ``mapInPandas`` function: batches with ``id``/``text`` columns → one row per relation
    (and per claim about a possible new group with ``new_groups``)."""
    actors, lineage = list(actors), list(lineage)
    columns = RELATION_COLUMNS + (["new_group"] if new_groups else [])
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
                result = extractor.extract(str(doc_id), text or "")
                claims = [(rel, False) for rel in result.relations]
                if new_groups:
                    claims += [(rel, True) for rel in result.new_group_relations]
                for rel, new in claims:
                    row = [str(doc_id), rel.source, rel.target, rel.type, rel.polarity,
                           float(rel.confidence), rel.evidence, rel.start, rel.end]
                    rows.append(row + [new] if new_groups else row)
            yield pd.DataFrame(rows, columns=columns).astype({"start": "int32", "end": "int32"})

    return run


def extract_dataframe(df, actors: Iterable, lineage: Iterable = (), *, new_groups: bool = False, **options):
    """Relations of a Spark DataFrame of documents (columns ``id``, ``text``); with ``new_groups``
    also the claims about possible new groups, flagged in a ``new_group`` column."""
    schema = NEW_GROUP_SCHEMA if new_groups else RELATION_SCHEMA
    return df.select("id", "text").mapInPandas(
        partition_extractor(actors, lineage, new_groups=new_groups, **options), schema)
