"""UCDP actor list: actor names and ids, and the alliance / join-group / splinter links.

Each link becomes a proposed relation (status ``extracted-pending``) between the registry actors
the two UCDP actors resolve to: ``Alliance`` → ``alliance``, ``JoinGroup`` → ``merger`` (the
actor joined the group), ``Splinter`` → ``split`` (the actor split from the previous group).
UCDP ids are matched first through the registry's ``external_ids.ucdp``, then by name.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..vocabulary import is_directed, relation_sign
from .ucdp_country_year import parse_int

ACTOR_LIST = ("ActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,"
              "NewNameFullMotherTongue,NewNameFullEng,Org,ConflictId,DyadId,PrimaryParty,OSID,OSCoalition,"
              "OSCoalitionID,NSID,NSCoalition,NSCoalitionID,Splinter,NamePrev,ActorIdPrev,SplitTemp,"
              "NameSplitTemp,ActorIdSplitTemp,Alliance,NameAlliance,ActorIdAlliance,JoinGroup,GroupName,"
              "ActorIdGroup,Location,GWNOLoc,Region,Version").split(",")

#: full names in the original language or its translation: the only columns that may hold line breaks
#: (two such names in the v22.1 list do); a line break elsewhere means a stray quote joined lines
ACTOR_MULTILINE = ("NameOrigFull", "NameOrigFullEng", "NewNameFullMotherTongue", "NewNameFullEng")

#: flag column → (names column, ids column, relation type)
LINKS = {
    "Alliance": ("NameAlliance", "ActorIdAlliance", "alliance"),
    "JoinGroup": ("GroupName", "ActorIdGroup", "merger"),
    "Splinter": ("NamePrev", "ActorIdPrev", "split"),
}


def _ids(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def link_relations(actors: Iterable[tuple[str, str, Mapping]], resolved: Mapping[str, str | None],
                   source_id: str) -> tuple[dict[str, dict], int]:
    """Pending relations from the links of ``actors`` — ``(UCDP id, name, row fields)`` — between
    the registry actors in ``resolved`` (UCDP id → actor id or None), keyed by relation id, and the
    number of links left out because one side is not resolved. Fields are already validated."""
    relations: dict[str, dict] = {}
    unresolved_links = 0
    for uid, name, fields in actors:
        for flag, (names_col, ids_col, rel_type) in LINKS.items():
            if parse_int(fields, flag) != 1:
                continue
            for other in _ids(fields.get(ids_col) or ""):
                a, b = resolved.get(uid), resolved.get(other)
                if a is None or b is None or a == b:
                    unresolved_links += a is None or b is None
                    continue
                src, dst = (a, b) if is_directed(rel_type) else tuple(sorted((a, b)))
                rid = f"ucdp-actors:{rel_type}:{src}:{dst}"
                relations.setdefault(rid, {
                    "id": rid, "source_id": src, "target_id": dst, "type": rel_type,
                    "sign": relation_sign(rel_type), "directed": is_directed(rel_type), "confidence": 0.7,
                    "status": "extracted-pending", "provenance": f"ucdp-actors:{uid}->{other}",
                    "sources": [source_id],
                    "evidence": f"UCDP actor list: {name} ({uid}) {flag} {fields.get(names_col) or ''} ({other})"})
    return relations, unresolved_links
