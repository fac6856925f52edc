"""Write the curated knowledge base into the store, replacing the previous curated copy."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from ..dates import parse_partial_date
from ..registry.knowledge_base import KnowledgeBase
from ..vocabulary import is_directed, relation_sign
from .alias_rows import alias_rows
from .database import Store, insert_frame
from .imported_actors import fold_into_curated


@dataclass(frozen=True)
class KBLoadSummary:
    """What one ``kb load`` wrote."""

    sources: int
    actors: int
    aliases: int
    lineage: int
    relations: int
    cases: int
    digest: str


def _day(value: str | None, *, end: bool = False):
    if not value:
        return None
    partial = parse_partial_date(value)
    return partial.end() if end else partial.start()


def write_kb(store: Store, kb: KnowledgeBase) -> KBLoadSummary:
    """Replace the store's curated sources, actors, aliases, lineage, relations and cases by ``kb``.

    One transaction: on any failure the store keeps its previous content. Extracted, accepted and
    rejected relations, events and documents are left alone, and so are actors imported from an
    external list or added by hand, except those the knowledge base now covers (folded into the
    curated actor).
    """
    actors = pd.DataFrame([{
        "id": a.id, "name": a.name, "kind": a.kind, "ideology": a.ideology, "origin": a.origin,
        "operates_in": a.operates_in, "active_from": a.active_from, "active_to": a.active_to,
        "external_ids": json.dumps(a.external_ids, ensure_ascii=False), "members": a.members,
        "note": a.note, "sources": a.sources} for a in kb.actors.values()])
    aliases = pd.DataFrame([row for actor in kb.actors.values() for row in alias_rows(actor.id, (actor.name, *actor.aliases))])
    sources = pd.DataFrame([{**s.model_dump(), "origin": "kb"} for s in kb.sources.values()])
    lineage = pd.DataFrame([{"from_id": l.from_id, "to_id": l.to_id, "type": l.type, "date": l.date,
                             "sources": l.sources, "note": l.note} for l in kb.lineage])
    relations = pd.DataFrame([{
        "id": r.id, "source_id": r.source_id, "target_id": r.target_id, "type": r.type,
        "sign": relation_sign(r.type), "directed": is_directed(r.type), "valid_from": r.valid_from,
        "valid_to": r.valid_to, "valid_from_date": _day(r.valid_from),
        "valid_to_date": _day(r.valid_to, end=True), "confidence": r.confidence, "status": r.status,
        "provenance": r.provenance, "sources": r.sources, "evidence": r.evidence, "note": r.note}
        for r in kb.relations])
    cases = pd.DataFrame([c.model_dump() for c in kb.cases])
    with store.transaction() as con:
        # imported and added actors (:mod:`.imported_actors`, :mod:`.added_actors`) stay; the curated ones are replaced
        con.execute("DELETE FROM aliases WHERE actor_id IN (SELECT id FROM actors WHERE curation = 'curated')")
        con.execute("DELETE FROM actors WHERE curation = 'curated'")
        for table in ("lineage", "cases"):
            con.execute(f"DELETE FROM {table}")
        con.execute("DELETE FROM sources WHERE origin = 'kb'")
        con.execute("DELETE FROM relations WHERE status = 'curated'")
        for table, frame in (("sources", sources), ("actors", actors), ("aliases", aliases),
                             ("lineage", lineage), ("relations", relations), ("cases", cases)):
            insert_frame(con, table, frame)
        fold_into_curated(con)
        con.execute(
            "INSERT INTO ingests (id, dataset, version, file, file_hash, rows_read, rows_stored, rows_quarantined) "
            "VALUES (nextval('ingest_ids'), 'kb', ?, ?, ?, ?, ?, 0)",
            [kb.digest[:12], ",".join(p.name for p in kb.files), kb.digest,
             len(kb.actors) + len(kb.relations), len(kb.actors) + len(kb.relations)])
    return KBLoadSummary(len(sources), len(actors), len(aliases), len(lineage), len(relations),
                         len(cases), kb.digest)
