"""The temporal signed multigraph of actors: typed, signed, dated edges with their evidence.

Nodes are actors (armed groups, militias, declared coalitions, states, state forces). Edges are
relations with a type, a sign (+1 cooperative, -1 hostile), a validity interval, a confidence,
a weight, the sources behind them and their origin:

* ``curated`` — from the knowledge base;
* ``accepted`` — extracted claims an analyst accepted;
* ``event`` — derived from event data (co-side participation, fighting each other);
* ``inferred`` — a weaker signal computed from event data (a common enemy).

Snapshots (:meth:`TemporalSignedGraph.graph_at`, :meth:`graph_between`) are networkx
``MultiDiGraph`` objects; symmetric relation types keep their stored orientation with
``directed=False`` on the edge. Interval tests run on integer day ordinals held in numpy arrays,
so a snapshot costs one vectorised comparison plus building the small graph that results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ..dates import as_date, parse_partial_date
from ..models import Actor, Case, Lineage

#: ordinal used for an open start / open end of an interval
OPEN_START = dt.date(1800, 1, 1).toordinal()
OPEN_END = dt.date(2200, 12, 31).toordinal()

#: edge columns of :attr:`TemporalSignedGraph.edges`
EDGE_COLUMNS = ("source", "target", "type", "sign", "directed", "start", "end", "confidence",
                "weight", "origin", "provenance", "sources", "evidence", "relation_id", "events",
                "fatalities", "start_precision")

#: lineage link types along which a predecessor is the same organisation as its successor
COLLAPSING_LINEAGE = ("renamed", "merged")


def to_date(value: object, *, end: bool = False) -> dt.date:
    """A concrete date from a date, a datetime or a partial date text (start, or end, of it)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return as_date(value, end=end)


def lineage_map(lineage: Iterable[Lineage], types: tuple[str, ...] = COLLAPSING_LINEAGE) -> dict[str, str]:
    """Each predecessor id -> its final successor id, following links of ``types`` (cycles cut)."""
    step = {l.from_id: l.to_id for l in lineage if l.type in types}
    final = {}
    for start in step:
        node, seen = start, {start}
        while node in step and step[node] not in seen:
            node = step[node]
            seen.add(node)
        final[start] = node
    return final


@dataclass
class TemporalSignedGraph:
    """Actors, lineage, cases and every dated signed edge between actors.

    ``edges`` is a DataFrame with :data:`EDGE_COLUMNS`; ``start``/``end`` are day ordinals
    (open ends use :data:`OPEN_START`/:data:`OPEN_END`).
    """

    actors: dict[str, Actor]
    edges: pd.DataFrame
    lineage: list[Lineage] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.edges = self.edges.reset_index(drop=True)
        self._start = self.edges["start"].to_numpy(dtype=np.int64)
        self._end = self.edges["end"].to_numpy(dtype=np.int64)
        self._records = None

    # -- snapshots -------------------------------------------------------------------------
    def active_mask(self, start: object, end: object | None = None, *,
                    origins: Iterable[str] | None = None) -> np.ndarray:
        """Boolean mask of edges whose interval overlaps [start, end] (a single day if no end)."""
        a = to_date(start).toordinal()
        b = to_date(end, end=True).toordinal() if end is not None else a
        mask = (self._start <= b) & (self._end >= a)
        if origins is not None:
            mask &= self.edges["origin"].isin(list(origins)).to_numpy()
        return mask

    def graph_at(self, date: object, *, collapse_lineage: bool = False,
                 origins: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The relations in force on ``date`` (a date or 'YYYY[-MM[-DD]]', taken at its start)."""
        return self._snapshot(self.active_mask(date, origins=origins), collapse_lineage)

    def graph_between(self, start: object, end: object, *, collapse_lineage: bool = False,
                      origins: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The relations in force at any time between ``start`` and ``end`` (inclusive)."""
        return self._snapshot(self.active_mask(start, end, origins=origins), collapse_lineage)

    def _edge_records(self) -> list[dict]:
        if self._records is None:
            self._records = self.edges.to_dict("records")
        return self._records

    def _snapshot(self, mask: np.ndarray, collapse_lineage: bool) -> nx.MultiDiGraph:
        rename = lineage_map(self.lineage) if collapse_lineage else {}
        graph = nx.MultiDiGraph()
        records = self._edge_records()
        for i in np.flatnonzero(mask):
            rec = records[i]
            s, t = rename.get(rec["source"], rec["source"]), rename.get(rec["target"], rec["target"])
            if s == t:
                continue
            attrs = {k: rec[k] for k in EDGE_COLUMNS if k not in ("source", "target")}
            attrs["start"] = dt.date.fromordinal(int(rec["start"])).isoformat() if rec["start"] > OPEN_START else None
            attrs["end"] = dt.date.fromordinal(int(rec["end"])).isoformat() if rec["end"] < OPEN_END else None
            graph.add_edge(s, t, key=i, **attrs)
        for node in graph.nodes:
            actor = self.actors.get(node)
            graph.nodes[node].update(node_attributes(actor, node))
        return graph

    # -- helpers ---------------------------------------------------------------------------
    def kind(self, actor_id: str) -> str:
        """The actor's kind; ids not in the KB (unresolved event names) count as armed groups."""
        actor = self.actors.get(actor_id)
        return actor.kind if actor else "armed_group"

    def name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        if actor:
            return actor.name
        return actor_id.removeprefix("name:")

    def with_edges(self, extra: pd.DataFrame) -> "TemporalSignedGraph":
        """A new graph with ``extra`` edges appended (same columns)."""
        if extra is None or extra.empty:
            return self
        edges = pd.concat([self.edges, extra[list(EDGE_COLUMNS)]], ignore_index=True)
        return TemporalSignedGraph(self.actors, edges, self.lineage, self.cases)

    def date_range(self) -> tuple[dt.date, dt.date]:
        """First start and last end among the edges with known dates."""
        starts = self._start[self._start > OPEN_START]
        ends = self._end[self._end < OPEN_END]
        lo = dt.date.fromordinal(int(starts.min())) if len(starts) else dt.date(1990, 1, 1)
        hi = dt.date.fromordinal(int(ends.max())) if len(ends) else dt.date.today()
        return lo, hi


def pledged_members(net: TemporalSignedGraph, ties: Iterable[tuple[str, str, str]], members: Iterable[str], *,
                    types: tuple[str, ...] = ("pledge",), patron_origin: str | None = None,
                    fighting: Iterable[str] = ()) -> set[str]:
    """The members with a tie of ``types`` to another member: the Haqqani Network's pledge to the
    Taliban makes it subordinate. ``ties`` are (source, target, type), already cut to the
    caller's period. A tie to a declared coalition (an operations room, JNIM) never counts; with
    ``patron_origin``, only one to a member of that origin does, or to a member among ``fighting``
    (a foreign patron that fights in the country itself: the Islamic State in Syria, which the
    Khalid ibn al-Walid Army pledged to, unlike al-Qaeda for JNIM in Mali)."""
    inside, fighting = set(members), set(fighting)
    return {source for source, target, kind in ties
            if kind in types and source in inside and target in inside and source != target
            and net.kind(target) != "coalition"
            and (patron_origin is None or target in fighting
                 or getattr(net.actors.get(target), "origin", None) == patron_origin)}


def node_attributes(actor: Actor | None, node_id: str) -> dict:
    """Attributes stored on a node: name, kind, ideology and origin (flattened for export)."""
    if actor is None:
        return {"name": node_id.removeprefix("name:"), "kind": "armed_group", "ideology": "",
                "origin": "", "in_kb": False}
    return {"name": actor.name, "kind": actor.kind, "ideology": ";".join(actor.ideology),
            "origin": actor.origin or "", "in_kb": True}


def start_precision(value: object) -> str | None:
    """'day', 'month' or 'year': how precisely a coded start date is known (None when open)."""
    if value is None or value == "":
        return None
    try:
        return parse_partial_date(value).precision
    except (TypeError, ValueError):
        return None


def relation_edges(rows: list[dict]) -> pd.DataFrame:
    """Edge rows from relations-table rows (curated or accepted)."""
    out = []
    for r in rows:
        start = r.get("valid_from_date") or (to_date(r["valid_from"]) if r.get("valid_from") else None)
        end = r.get("valid_to_date") or (to_date(r["valid_to"], end=True) if r.get("valid_to") else None)
        out.append({
            "source": r["source_id"], "target": r["target_id"], "type": r["type"], "sign": int(r["sign"]),
            "directed": bool(r["directed"]),
            "start": start.toordinal() if start else OPEN_START,
            "end": end.toordinal() if end else OPEN_END,
            "confidence": float(r["confidence"]), "weight": float(r["confidence"]),
            "origin": "curated" if r["status"] == "curated" else "accepted",
            "provenance": r.get("provenance") or "", "sources": list(r.get("sources") or []),
            "evidence": r.get("evidence") or r.get("note") or "", "relation_id": r["id"],
            "events": 0, "fatalities": 0.0,
            "start_precision": start_precision(r.get("valid_from") or r.get("valid_from_date"))})
    return pd.DataFrame(out, columns=list(EDGE_COLUMNS))


def empty_edges() -> pd.DataFrame:
    """An edge frame with no rows."""
    return pd.DataFrame(columns=list(EDGE_COLUMNS))
