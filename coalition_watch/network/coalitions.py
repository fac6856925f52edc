"""Coalitions: signed community detection per window, and their identity through time.

Detection (:func:`detect_coalitions`) runs Leiden (Traag, Waltman & van Eck 2019) on two layers
over the same actors: positive ties with layer weight +1 and negative ties with layer weight −1,
maximising ``Q = Q⁺ − Q⁻`` with the configuration-model quality of each layer — the signed
modularity of Gómez, Jensen & Arenas (2009) as implemented by ``leidenalg``'s multiplex optimiser.
Positive ties pull actors into one coalition; negative ties push them apart. Each community is
then cut into the connected components of its members' positive ties
(:func:`split_by_positive_ties`): hostility alone never makes two actors one coalition.

Foreign state sponsors (kind ``state``) are left out of detection: one sponsor backing several
blocs would otherwise glue them together; :mod:`.measures` reports them as sponsors instead.
Contagion signals (:data:`SIGNAL_TYPES`: a group abroad celebrating, visiting or emulating the
winners of a takeover) are public reactions, not fighting membership: they are left out of
detection too and reported by :func:`coalition_watch.network.takeover.contagion` and as external
ties.
Declared coalitions (actors of kind ``coalition``, e.g. an operations room) are nodes, tied to
their declared ``members`` by ``member`` edges over the coalition's active period.

Tracking (:func:`track_coalitions`) matches each month's communities to the tracks of earlier
months by Jaccard overlap of lineage-collapsed members (Jabhat al-Nusra, Jabhat Fatah al-Sham and
HTS count as one organisation) plus a bonus of :data:`ANCHOR_BONUS` when both are led by the same
organisation (the member with the largest positive weighted degree), with a memory of
``memory_months``, so a coalition has a history:
formed, grew, shrank, split, merged, won (a member took the capital in a ``fall`` case), dissolved.
``grew``/``shrank`` list the member ids added or removed against the track's previous month, as the
monthly member lists show them (a rename shows as the new name added and the old one removed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .graph import (EDGE_COLUMNS, OPEN_END, OPEN_START, TemporalSignedGraph, lineage_map, start_precision,
                    to_date)

EXCLUDED_FROM_DETECTION = ("state",)
#: A dataset's catch-all side name: UCDP codes the many small rebel groups it cannot tell apart as
#: one collective actor, "<people or place> insurgents" ("Syrian insurgents", "Kashmir insurgents",
#: "Patani insurgents"), or "... rebels"/"... militants" (the lower-case generic noun closes the
#: name; a real organisation's name, "United Tajik Opposition", is capitalised). Such an actor is
#: not a group: it is left out of coalition detection (it would glue every group fighting the same
#: government into one bloc by common-enemy ties, label it and take its events), like a state.
CATCH_ALL_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,2} (?:insurgents|rebels|militants)$")


def is_catch_all(actor) -> bool:
    """Whether ``actor`` (an :class:`~coalition_watch.models.Actor`) is a dataset's collective label
    for unnamed groups rather than one group (:data:`CATCH_ALL_NAME`); a declared coalition, a state
    or a state force never is."""
    return (actor is not None and actor.kind in ("armed_group", "militia")
            and bool(CATCH_ALL_NAME.match(actor.name or "")))


def catch_all_ids(actors: dict) -> set[str]:
    """The ids of the catch-all actors (:func:`is_catch_all`) among ``actors`` (id -> actor)."""
    return {a for a, actor in actors.items() if is_catch_all(actor)}
#: relation types that signal contagion after a takeover; never ties of coalition membership
SIGNAL_TYPES = ("celebration", "visit", "emulation")
MEMBER_EDGE_WEIGHT = 0.7
#: added to the overlap score when a community and a track share their leading organisation
ANCHOR_BONUS = 1.0


def month_start(value: object) -> dt.date:
    d = to_date(value)
    return dt.date(d.year, d.month, 1)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_end(d: dt.date) -> dt.date:
    return add_months(month_start(d), 1) - dt.timedelta(days=1)


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def declared_member_edges(net: TemporalSignedGraph) -> pd.DataFrame:
    """``member`` edges from each declared coalition's members to it, over its active period."""
    rows = []
    for actor in net.actors.values():
        if actor.kind != "coalition" or not actor.members:
            continue
        start = to_date(actor.active_from).toordinal() if actor.active_from else OPEN_START
        end = to_date(actor.active_to, end=True).toordinal() if actor.active_to else OPEN_END
        for member in actor.members:
            m = net.actors.get(member)
            m_start = to_date(m.active_from).toordinal() if m and m.active_from else OPEN_START
            m_end = to_date(m.active_to, end=True).toordinal() if m and m.active_to else OPEN_END
            if max(start, m_start) > min(end, m_end):
                continue
            rows.append({"source": member, "target": actor.id, "type": "member", "sign": 1,
                         "directed": True, "start": max(start, m_start), "end": min(end, m_end),
                         "confidence": MEMBER_EDGE_WEIGHT,
                         "weight": MEMBER_EDGE_WEIGHT, "origin": "curated",
                         "provenance": f"declared members of {actor.id}", "sources": list(actor.sources),
                         "evidence": f"{member} is a declared member of {actor.name}",
                         "relation_id": None, "events": 0, "fatalities": 0.0,
                         "start_precision": start_precision(m.active_from if m and m.active_from and m_start >= start
                                                            else actor.active_from)})
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS))


@dataclass
class Community:
    """One detected coalition in one window: its actors and internal tie weights."""

    members: tuple[str, ...]
    positive_weight: float = 0.0
    negative_weight: float = 0.0
    anchor: str = ""


class SignedDetector:
    """Precomputed integer arrays over a graph's edges for fast per-window detection."""

    def __init__(self, net: TemporalSignedGraph, *, event_window_months: int = 6,
                 resolution: float = 1.0, seed: int = 0) -> None:
        self.net = net
        self.event_window_months = event_window_months
        self.resolution = resolution
        self.seed = seed
        edges = pd.concat([net.edges, declared_member_edges(net)], ignore_index=True)
        edges = edges[~edges["type"].isin(SIGNAL_TYPES)].reset_index(drop=True)
        excluded = {a for a, actor in net.actors.items() if actor.kind in EXCLUDED_FROM_DETECTION}
        excluded |= catch_all_ids(net.actors)
        nodes = pd.Index(sorted(set(edges["source"]) | set(edges["target"])))
        self.nodes = np.array(nodes, dtype=object)
        self.src = nodes.get_indexer(edges["source"])
        self.dst = nodes.get_indexer(edges["target"])
        self.excluded_node = np.array([n in excluded for n in nodes], dtype=bool)
        self.sign = edges["sign"].to_numpy(dtype=np.int64)
        self.weight = edges["weight"].to_numpy(dtype=float)
        self.start = edges["start"].to_numpy(dtype=np.int64)
        self.end = edges["end"].to_numpy(dtype=np.int64)
        self.from_events = edges["origin"].isin(["event", "inferred"]).to_numpy()
        self.start_precision = edges["start_precision"].to_numpy(dtype=object)

    def window_mask(self, start: dt.date, end: dt.date) -> np.ndarray:
        a, b = start.toordinal(), end.toordinal()
        ev_a = add_months(month_start(end), -(self.event_window_months - 1)).toordinal()
        lo = np.where(self.from_events, min(a, ev_a), a)
        return (self.start <= b) & (self.end >= lo)

    def detect(self, start: object, end: object | None = None, *,
               nodes: np.ndarray | None = None, edges: np.ndarray | None = None) -> list[Community]:
        """Coalitions among the actors with a tie in force in [start, end].

        ``nodes``, a boolean mask over :attr:`nodes`, restricts detection to the ties between
        those actors (a country's theatre, see :mod:`.scope`); ``edges``, a boolean mask over the
        detector's edges, leaves out the ties it marks False.
        """
        start_d = to_date(start)
        end_d = to_date(end, end=True) if end is not None else start_d
        mask = self.window_mask(start_d, end_d)
        if nodes is not None:
            mask &= nodes[self.src] & nodes[self.dst]
        if edges is not None:
            mask &= edges
        src, dst = self.src[mask], self.dst[mask]
        present = np.unique(np.concatenate([src, dst]))
        present = present[~self.excluded_node[present]]
        if len(present) == 0:
            return []
        keep = ~(self.excluded_node[src] | self.excluded_node[dst]) & (src != dst)
        src, dst = src[keep], dst[keep]
        sign, weight = self.sign[mask][keep], self.weight[mask][keep]
        local = np.full(len(self.nodes), -1, dtype=np.int64)
        local[present] = np.arange(len(present))
        lo, hi = np.minimum(local[src], local[dst]), np.maximum(local[src], local[dst])
        # igraph pulls in matplotlib (about 1 s): imported when a detection actually runs,
        # so commands answered from the network cache start quickly.
        import igraph as ig
        import leidenalg as la

        n = len(present)
        layers, layer_weights, totals = [], [], {}
        for s in (1, -1):
            sel = sign == s
            key = lo[sel] * n + hi[sel]
            pairs, inverse = np.unique(key, return_inverse=True)
            w = np.bincount(inverse, weights=weight[sel]) if len(pairs) else np.array([])
            totals[s] = (pairs, w)
            if len(pairs):
                g = ig.Graph(n=n, edges=list(zip((pairs // n).tolist(), (pairs % n).tolist())))
                g.es["weight"] = w.tolist()
                layers.append(g)
                layer_weights.append(float(s))
        if not layers or layer_weights == [-1.0]:
            membership = list(range(n))
        else:
            partitions = [la.RBConfigurationVertexPartition(g, weights="weight",
                                                            resolution_parameter=self.resolution)
                          for g in layers]
            optimiser = la.Optimiser()
            optimiser.set_rng_seed(self.seed)
            optimiser.optimise_partition_multiplex(partitions, layer_weights=layer_weights)
            membership = partitions[0].membership
        pos_pairs, pos_w = totals[1]
        membership = split_by_positive_ties(np.asarray(membership), pos_pairs // n, pos_pairs % n)
        degree = np.zeros(n)
        if len(pos_pairs):
            np.add.at(degree, pos_pairs // n, pos_w)
            np.add.at(degree, pos_pairs % n, pos_w)
        communities = []
        names = self.nodes[present]
        for label in np.unique(membership):
            idx = np.flatnonzero(membership == label)
            members = tuple(sorted(names[idx]))
            declared = np.array([self.net.kind(x) == "coalition" for x in names[idx]])
            anchor = names[idx[np.lexsort((names[idx], -degree[idx], declared))[0]]]
            weights = {}
            for s in (1, -1):
                pairs, w = totals[s]
                sel = np.isin(pairs // n, idx) & np.isin(pairs % n, idx) if len(pairs) else np.array([], bool)
                weights[s] = float(w[sel].sum()) if len(pairs) else 0.0
            communities.append(Community(members, weights[1], weights[-1], anchor))
        return communities


def split_by_positive_ties(membership: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Community labels with each community cut into the connected components of its internal
    positive ties (pairs ``a[k]``–``b[k]``); a member without a positive tie inside stands alone.

    The negative layer's null model rewards putting two actors together when they fight each
    other less than their hostility to everyone else predicts, so a group with only negative ties
    to a bloc could be placed inside it (the Islamic State in the Syrian National Army's bloc in
    eleven months of 2018–2019, which it only fought); a coalition holds together by positive ties.
    """
    parent = np.arange(len(membership))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for u, v in zip(a.tolist(), b.tolist()):
        if membership[u] == membership[v]:
            ru, rv = root(u), root(v)
            if ru != rv:
                parent[max(ru, rv)] = min(ru, rv)
    return np.array([root(i) for i in range(len(membership))])


def detect_coalitions(net: TemporalSignedGraph, start: object, end: object | None = None, **options) -> list[Community]:
    """Signed communities among actors tied in [start, end]; see the module docstring."""
    return SignedDetector(net, **options).detect(start, end)


@dataclass
class CoalitionTrack:
    """A coalition through time: its members each month and the events of its history."""

    id: str
    anchor: str
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)
    last_key: frozenset = frozenset()
    last_seen: str = ""
    closed: bool = False

    @property
    def first_seen(self) -> str:
        return next(iter(self.members))

    def as_dict(self) -> dict:
        return {"id": self.id, "anchor": self.anchor, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "history": self.history}


@dataclass
class Timeline:
    """Tracked coalitions over a run of months."""

    tracks: dict[str, CoalitionTrack]
    by_month: dict[str, list[tuple[str, Community]]]
    months: list[str]

    def at(self, when: object) -> list[tuple[str, Community]]:
        """(track id, community) pairs detected in the month of ``when``."""
        return self.by_month.get(month_key(month_start(when)), [])

    def track_of(self, actor_id: str, when: object) -> str | None:
        for track_id, community in self.at(when):
            if actor_id in community.members:
                return track_id
        return None


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def track_coalitions(net: TemporalSignedGraph, start: object, end: object, *,
                     memory_months: int = 12, threshold: float = 0.3,
                     detector: SignedDetector | None = None, scope=None, id_prefix: str = "",
                     **options) -> Timeline:
    """Detect coalitions every month from ``start`` to ``end`` and link them into tracks.

    ``scope`` (a :class:`~coalition_watch.network.scope.CountryScope`) restricts each month's
    detection to a country's theatre; ``id_prefix`` is put before every track id.
    """
    detector = detector or SignedDetector(net, **options)
    collapse = lineage_map(net.lineage)
    falls = defaultdict(list)
    for case in net.cases:
        if case.outcome == "fall":
            falls[month_key(month_start(case.date))].append(case)
    tracks: dict[str, CoalitionTrack] = {}
    live: dict[str, CoalitionTrack] = {}
    by_member: dict[str, set[str]] = defaultdict(set)
    by_month: dict[str, list[tuple[str, Community]]] = {}
    months = []
    month, last = month_start(start), month_start(end)
    while month <= last:
        key_m = month_key(month)
        months.append(key_m)
        communities = (scope.detect(month) if scope is not None
                       else detector.detect(month, month_end(month)))
        keys = [frozenset(collapse.get(m, m) for m in c.members) for c in communities]
        candidates = []
        for ci, key in enumerate(keys):
            seen = set()
            for member in key:
                for tid in by_member.get(member, ()):
                    if tid in seen or tid not in live:
                        continue
                    seen.add(tid)
                    score = _jaccard(key, live[tid].last_key)
                    if collapse.get(live[tid].anchor, live[tid].anchor) == \
                            collapse.get(communities[ci].anchor, communities[ci].anchor):
                        score += ANCHOR_BONUS
                    if score >= threshold:
                        candidates.append((score, ci, tid))
        candidates.sort(key=lambda x: (-x[0], x[1], x[2]))
        assigned_c, assigned_t = {}, {}
        for score, ci, tid in candidates:
            if ci not in assigned_c and tid not in assigned_t:
                assigned_c[ci], assigned_t[tid] = tid, ci
        # anchor continuity: a community led by an organisation (or its lineage successor) that
        # belonged to an otherwise unmatched track continues that track
        for ci, community in enumerate(communities):
            if ci in assigned_c:
                continue
            lead = collapse.get(community.anchor, community.anchor)
            options = [(_jaccard(keys[ci], live[t].last_key), t) for t in by_member.get(lead, ())
                       if t in live and t not in assigned_t and lead in live[t].last_key]
            if options:
                _, tid = max(options)
                assigned_c[ci], assigned_t[tid] = tid, ci
        month_rows = []
        for ci, community in enumerate(communities):
            key = keys[ci]
            tid = assigned_c.get(ci)
            if tid is None:
                parent = next((t for s, c, t in candidates if c == ci), None)
                tid = f"{id_prefix}{community.anchor}-{key_m}"
                suffix = 2
                while tid in tracks:
                    tid, suffix = f"{id_prefix}{community.anchor}-{key_m}-{suffix}", suffix + 1
                track = tracks[tid] = live[tid] = CoalitionTrack(tid, community.anchor)
                if parent:
                    track.history.append({"month": key_m, "event": "split", "from": parent,
                                          "members": list(community.members)})
                    tracks[parent].history.append({"month": key_m, "event": "split", "into": tid,
                                                   "members": list(community.members)})
                else:
                    track.history.append({"month": key_m, "event": "formed", "members": list(community.members)})
            else:
                # changes of the members themselves, as listed month by month (the lineage-collapsed
                # keys only match communities: Ahrar al-Sham is not the SNA it merged into in 2019)
                track = tracks[tid]
                before, now = set(track.members[track.last_seen]), set(community.members)
                added, removed = now - before, before - now
                if added:
                    track.history.append({"month": key_m, "event": "grew", "added": sorted(added)})
                if removed:
                    track.history.append({"month": key_m, "event": "shrank", "removed": sorted(removed)})
            for case in falls.get(key_m, ()):
                # a fall is won in its own country: al-Qaeda in Mali's theatre did not take Kabul
                if scope is not None and getattr(scope, "country", case.country) != case.country:
                    continue
                if set(case.coalition) & set(community.members):
                    track.history.append({"month": key_m, "event": "won", "case": case.id,
                                          "country": case.country})
            track.members[key_m] = community.members
            track.anchor = community.anchor
            track.last_key, track.last_seen = key, key_m
            for member in key:
                by_member[member].add(tid)
            month_rows.append((tid, community))
        for score, ci, tid in candidates:
            if tid not in assigned_t and tid in live and live[tid].last_seen != key_m:
                target = assigned_c.get(ci)
                if target and target != tid:
                    live[tid].history.append({"month": key_m, "event": "merged", "into": target})
                    tracks[target].history.append({"month": key_m, "event": "absorbed", "from": tid})
                    live.pop(tid).closed = True
        cutoff = month_key(add_months(month, -memory_months))
        for tid in [t for t, tr in live.items() if tr.last_seen < cutoff]:
            track = live.pop(tid)
            track.closed = True
            gone = month_key(add_months(month_start(track.last_seen), 1))
            track.history.append({"month": gone, "event": "dissolved"})
        by_month[key_m] = month_rows
        month = add_months(month, 1)
    return Timeline(tracks, by_month, months)
