"""Build the temporal signed graph from the store: curated and accepted relations, plus events."""

from __future__ import annotations

import pandas as pd

from ..store import Store
from ..store.actors import read_actors, read_cases, read_lineage
from ..vocabulary import STATE_KINDS
from .event_edges import event_edges, read_events
from .graph import (COLLAPSING_LINEAGE, OPEN_END, OPEN_START, TemporalSignedGraph, relation_edges,
                    to_date)



def network_from_store(store: Store, *, statuses: tuple[str, ...] = ("curated", "accepted"),
                       with_events: bool = True, include_unresolved: bool = True,
                       common_enemy: bool = True) -> TemporalSignedGraph:
    """The knowledge base's actors and relations (``statuses``) and, if present, event edges.

    Works on the knowledge base alone: an empty ``events`` table adds no edges.
    """
    actors = {a.id: a for a in read_actors(store)}
    rows = store.query("SELECT * FROM relations WHERE status IN (SELECT unnest(?))", [list(statuses)])
    lineage = read_lineage(store)
    edges = clip_to_active_periods(carry_over_lineage(relation_edges(rows), actors, lineage), actors)
    graph = TemporalSignedGraph(actors, edges, lineage, read_cases(store))
    if with_events and store.count("events"):
        states = {a.id for a in actors.values() if a.kind in STATE_KINDS}
        graph = graph.with_edges(event_edges(read_events(store), state_ids=states,
                                             include_unresolved=include_unresolved,
                                             common_enemy=common_enemy))
    return graph


def clip_to_active_periods(edges, actors: dict) -> pd.DataFrame:
    """Edges cut to the period when both endpoints existed; edges left empty are dropped.

    A relation coded "2012 to 2016" with a group dissolved in July 2016 ends in July 2016.
    """
    if edges.empty:
        return edges
    def bounds(actor_id):
        actor = actors.get(actor_id)
        lo = to_date(actor.active_from).toordinal() if actor and actor.active_from else OPEN_START
        hi = to_date(actor.active_to, end=True).toordinal() if actor and actor.active_to else OPEN_END
        return lo, hi
    span = {a: bounds(a) for a in set(edges["source"]) | set(edges["target"])}
    edges = edges.copy()
    edges["start"] = [max(s, span[a][0], span[b][0]) for s, a, b in zip(edges["start"], edges["source"], edges["target"])]
    edges["end"] = [min(e, span[a][1], span[b][1]) for e, a, b in zip(edges["end"], edges["source"], edges["target"])]
    return edges[edges["start"] <= edges["end"]].reset_index(drop=True)


def carry_over_lineage(edges: pd.DataFrame, actors: dict, lineage) -> pd.DataFrame:
    """Relations coded past an organisation's end carried over to its renamed/merged successor.

    A relation of Jabhat al-Nusra coded to 2017-01 continues, after the July 2016 rename, as a
    relation of Jabhat Fatah al-Sham (same organisation, new name) and, past January 2017, of HTS,
    so the organisation's ties do not vanish across a rename. Carried rows keep the relation id
    and sources, and say so in ``provenance``; a successor's own relation of the same type with
    the same counterpart wins (no duplicate is added).
    """
    if edges.empty:
        return edges
    step = {l.from_id: l.to_id for l in lineage if l.type in COLLAPSING_LINEAGE}
    def end_of(actor_id):
        actor = actors.get(actor_id)
        return to_date(actor.active_to, end=True).toordinal() if actor and actor.active_to else OPEN_END
    existing = {(r.source, r.target, r.type) for r in edges.itertuples()}
    pending = edges.to_dict("records")
    carried = []
    while pending:
        nxt = []
        for row in pending:
            for side in ("source", "target"):
                actor_id = row[side]
                succ = step.get(actor_id)
                stop = end_of(actor_id)
                if succ is None or row["end"] <= stop:
                    continue
                new = {**row, side: succ, "start": max(row["start"], stop + 1),
                       "provenance": f"{row['provenance'] or 'relation'}; carried over from {actor_id} "
                                     f"to its successor {succ} (lineage)"}
                key = (new["source"], new["target"], new["type"])
                if new["source"] == new["target"] or key in existing:
                    continue
                existing.add(key)
                carried.append(new)
                nxt.append(new)
        pending = nxt
    if not carried:
        return edges
    return pd.concat([edges, pd.DataFrame(carried, columns=edges.columns)], ignore_index=True)
