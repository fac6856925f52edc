"""Armed groups imported from an external actor list (the UCDP actor list) next to the curated
registry: the groups the list knows and the registry lacks, so that their names resolve in data
and text. Imported actors are marked ``curation = 'imported:<dataset>'``; loading the knowledge
base keeps them, and folds an imported actor into a curated one that takes over its UCDP id or
one of its names (its relations and external-list rows follow)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import pandas as pd

from ..countries import to_iso3
from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.ucdp_actors import link_relations
from .actors import read_actors, read_lineage
from .alias_rows import alias_rows
from .database import Store, insert_frame

#: UCDP actor list ``Org`` code of rebel groups and other organised non-state armed actors (the
#: other codes are governments, supporters of political parties and communal identity groups)
UCDP_ARMED_GROUP = "1"
_NOT_A_NAME = {"", "n/a", "na", "none"}


@dataclass
class ImportSummary:
    """What one import added and why the other rows were left out."""

    dataset: str
    version: str | None
    imported: int
    already_in_registry: int
    not_armed_groups: int
    relations_proposed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _names(fields: dict) -> list[str]:
    names = []
    for column in ("NameData", "NameOrigFullEng", "NameOrig", "NameOrigFull"):
        name = " ".join(str(fields.get(column) or "").split())
        if name.lower() not in _NOT_A_NAME and name not in names:
            names.append(name)
    return names


def _countries(location: str | None) -> list[str]:
    out = []
    for part in (location or "").split(","):
        code = to_iso3(part.strip())
        if code and code not in out:
            out.append(code)
    return out


def import_external_groups(store: Store, dataset: str = "ucdp-actors") -> ImportSummary:
    """Add the armed groups of an ingested external actor list that no registry name resolves.

    A group is left out when any of its names resolves (or is ambiguous) in the current registry:
    the registry's answer stands. Running it again adds nothing new."""
    if dataset != "ucdp-actors":
        raise InputError(f"unknown actor list {dataset!r}; known: ucdp-actors", field="dataset")
    rows = store.query("SELECT external_id, name, version, location, attributes FROM external_actors "
                       "WHERE dataset = ? AND actor_id IS NULL ORDER BY TRY_CAST(external_id AS BIGINT)", [dataset])
    if not rows and not store.query("SELECT 1 FROM external_actors WHERE dataset = ? LIMIT 1", [dataset]):
        raise InputError("no UCDP actor list in the store; load it first: cwatch ingest ucdp-actors FILE",
                         field="dataset")
    resolver = Resolver(read_actors(store), read_lineage(store))
    actors, aliases, links = [], [], []
    summary = ImportSummary(dataset, rows[0]["version"] if rows else None, 0, 0, 0)
    for row in rows:
        fields = json.loads(row["attributes"] or "{}")
        if str(fields.get("Org", "")).strip() != UCDP_ARMED_GROUP:
            summary.not_armed_groups += 1
            continue
        names = _names(fields) or [row["name"]]
        if any(resolver.resolve(n).method != "unresolved" for n in names):
            summary.already_in_registry += 1
            continue
        actor_id = f"ucdp-{row['external_id']}"
        english = " ".join(str(fields.get("NameOrigFullEng") or "").split())
        name = english if english.lower() not in _NOT_A_NAME else names[0]
        countries = _countries(row["location"])
        source = f"ucdp-actor-list-{row['version'] or 'unknown'}"
        actors.append({"id": actor_id, "name": name, "kind": "armed_group", "ideology": [],
                       "origin": countries[0] if countries else None, "operates_in": countries,
                       "active_from": None, "active_to": None,
                       "external_ids": json.dumps({"ucdp": int(row["external_id"])}), "members": [],
                       "note": f"Imported from the UCDP actor list {row['version'] or ''}; not curated.".replace("  ", " "),
                       "sources": [source], "curation": f"imported:{dataset}"})
        aliases.extend(alias_rows(actor_id, [name, *names]))
        links.append((actor_id, row["external_id"]))
    summary.imported = len(actors)
    if not actors:
        return summary
    with store.transaction() as con:
        for table, frame in (("actors", pd.DataFrame(actors)), ("aliases", pd.DataFrame(aliases))):
            insert_frame(con, table, frame)
        con.executemany("UPDATE external_actors SET actor_id = ?, method = 'imported' "
                        "WHERE dataset = ? AND external_id = ?", [[a, dataset, e] for a, e in links])
        # the list's links whose other side was unknown at ingest can now be proposed
        listed = con.execute("SELECT external_id, name, actor_id, version, attributes FROM external_actors "
                             "WHERE dataset = ?", [dataset]).fetchall()
        relations, _ = link_relations(((uid, name, json.loads(attrs or "{}")) for uid, name, _, _, attrs in listed),
                                      {uid: actor_id for uid, _, actor_id, _, _ in listed},
                                      f"ucdp-actor-list-{summary.version or 'unknown'}")
        existing = {row[0] for row in con.execute("SELECT id FROM relations WHERE id LIKE 'ucdp-actors:%'").fetchall()}
        new = [r for rid, r in relations.items() if rid not in existing]
        insert_frame(con, "relations", pd.DataFrame(new))
        summary.relations_proposed = len(new)
    return summary


def fold_into_curated(con) -> int:
    """Inside the knowledge-base load: fold each actor that is not curated (imported from a list,
    or added by hand: :mod:`.added_actors`) that a curated actor now covers (same UCDP id, or a
    name with the same normalised key) into that actor. Returns how many."""
    imported = con.execute("SELECT a.id, a.external_ids, list(al.normalized) AS keys FROM actors a "
                           "JOIN aliases al ON al.actor_id = a.id WHERE a.curation <> 'curated' "
                           "GROUP BY a.id, a.external_ids").fetchall()
    if not imported:
        return 0
    by_key, by_ucdp = {}, {}
    for actor_id, normalized in con.execute(
            "SELECT al.actor_id, al.normalized FROM aliases al JOIN actors a ON a.id = al.actor_id "
            "WHERE a.curation = 'curated'").fetchall():
        by_key.setdefault(normalized, set()).add(actor_id)
    for actor_id, external in con.execute("SELECT id, external_ids FROM actors WHERE curation = 'curated'").fetchall():
        ucdp = json.loads(external or "{}").get("ucdp")
        if ucdp not in (None, ""):
            by_ucdp[str(ucdp)] = actor_id
    folded = 0
    for old_id, external, keys in imported:
        ucdp = str(json.loads(external or "{}").get("ucdp", ""))
        targets = {by_ucdp[ucdp]} if ucdp in by_ucdp else set().union(*(by_key.get(k, set()) for k in keys))
        if len(targets) != 1:
            continue  # not covered, or covered by two curated actors: left for review as it is
        new_id = next(iter(targets))
        con.execute("UPDATE relations SET source_id = ? WHERE source_id = ?", [new_id, old_id])
        con.execute("UPDATE relations SET target_id = ? WHERE target_id = ?", [new_id, old_id])
        con.execute("UPDATE external_actors SET actor_id = ? WHERE actor_id = ?", [new_id, old_id])
        con.execute("DELETE FROM aliases WHERE actor_id = ?", [old_id])
        con.execute("DELETE FROM actors WHERE id = ?", [old_id])
        folded += 1
    return folded
