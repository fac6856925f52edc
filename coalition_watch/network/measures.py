"""Measures of one coalition on one snapshot: pure functions of a graph, its members and events.

Every function takes a snapshot from :meth:`TemporalSignedGraph.graph_at`/``graph_between``
(a ``MultiDiGraph`` whose edges carry ``sign``, ``weight`` and ``type``) and returns numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

import networkx as nx
import pandas as pd

from ..models import Actor
from ..vocabulary import STATE_KINDS

SPONSOR_TYPES = ("state_support", "support", "sanctuary")


def signed_simple_graph(graph: nx.MultiDiGraph, nodes: Iterable[str] | None = None, *,
                        sign: int = 1) -> nx.Graph:
    """Undirected simple graph of the ties of one ``sign``; weight = sum of edge weights."""
    keep = set(nodes) if nodes is not None else None
    out = nx.Graph()
    if keep is not None:
        out.add_nodes_from(sorted(keep))  # a set's order varies with the hash seed; sums must not
    for u, v, data in graph.edges(data=True):
        if data["sign"] != sign or u == v or (keep is not None and (u not in keep or v not in keep)):
            continue
        w = out[u][v]["weight"] + data["weight"] if out.has_edge(u, v) else data["weight"]
        out.add_edge(u, v, weight=w)
    return out


def blau_index(categories: Iterable[object]) -> float:
    """Blau's heterogeneity ``1 − Σ_k p_k²`` (Blau 1977), p_k the share of members in category k.

    0 when every member is in one category; the maximum for K categories is ``1 − 1/K``.
    Members whose category is empty or None are ignored.
    """
    counts = Counter(c for c in categories if c)
    total = sum(counts.values())
    return 1.0 - sum((v / total) ** 2 for v in counts.values()) if total else 0.0


def ideological_heterogeneity(members: Iterable[str], actors: dict[str, Actor]) -> float:
    """Blau index over the members' ideology profiles.

    A profile is the set of ideology families a member is coded with (the Taliban's
    {jihadist, deobandi} differs from al-Qaeda's {jihadist, salafist} and the IMU's {jihadist}),
    so one group alone scores 0 and a coalition of differently-coded groups scores higher.
    """
    return blau_index(frozenset(actors[m].ideology) or None for m in members if m in actors)


def national_heterogeneity(members: Iterable[str], actors: dict[str, Actor]) -> float:
    """Blau index over the members' countries of origin."""
    return blau_index(actors[m].origin for m in members if m in actors)


def transnational_share(members: Iterable[str], actors: dict[str, Actor], target_country: str | None) -> float:
    """Share of members (with a known origin) whose origin differs from the target state."""
    origins = [actors[m].origin for m in members if m in actors and actors[m].origin]
    if not origins or not target_country:
        return 0.0
    return sum(o != target_country for o in origins) / len(origins)


def cohesion(graph: nx.MultiDiGraph, members: list[str]) -> dict:
    """Positive density ``2·P/(n(n−1))`` and internal rivalry ``2·N/(n(n−1))``.

    P (N) = member pairs joined by at least one positive (negative) tie in the snapshot
    (Wasserman & Faust 1994, density).
    """
    n = len(members)
    if n < 2:
        return {"positive_density": 0.0, "internal_rivalry": 0.0, "rival_pairs": []}
    pos = signed_simple_graph(graph, members, sign=1)
    neg = signed_simple_graph(graph, members, sign=-1)
    pairs = n * (n - 1) / 2
    return {"positive_density": pos.number_of_edges() / pairs,
            "internal_rivalry": neg.number_of_edges() / pairs,
            "rival_pairs": sorted(tuple(sorted(e)) for e in neg.edges())}


def pairwise_connectivity(graph: nx.Graph) -> float:
    """Share of node pairs joined by a path: ``Σ_c s_c(s_c−1) / (n(n−1))`` over components c."""
    n = graph.number_of_nodes()
    if n < 2:
        return 0.0
    return sum(len(c) * (len(c) - 1) for c in nx.connected_components(graph)) / (n * (n - 1))


def brokers(graph: nx.MultiDiGraph, members: list[str]) -> list[dict]:
    """Betweenness centrality on the members' positive ties, and bridging ties to outsiders.

    Betweenness ``c_B(v) = Σ_{s≠v≠t} σ_st(v)/σ_st`` normalised by ``(n−1)(n−2)/2`` (Brandes 2001);
    ``bridging`` counts positive ties from v to actors outside the coalition (Burt's brokerage).
    """
    pos = signed_simple_graph(graph, members, sign=1)
    between = nx.betweenness_centrality(pos, normalized=True) if len(members) > 2 else {m: 0.0 for m in members}
    inside = set(members)
    out = []
    for m in members:
        outside = set()
        if m in graph:
            for _, v, d in graph.out_edges(m, data=True):
                if d["sign"] > 0 and v not in inside:
                    outside.add(v)
            for u, _, d in graph.in_edges(m, data=True):
                if d["sign"] > 0 and u not in inside:
                    outside.add(u)
        out.append({"actor_id": m, "betweenness": round(between.get(m, 0.0), 4),
                    "bridging": len(outside), "bridges_to": sorted(outside)})
    return sorted(out, key=lambda r: (-r["betweenness"], -r["bridging"], r["actor_id"]))


def linchpins(graph: nx.MultiDiGraph, members: list[str], strength: dict[str, dict] | None = None) -> list[dict]:
    """Members ranked by how much their removal would fragment or weaken the coalition.

    ``connectivity_loss(v) = PC(G) − PC(G − v)`` with PC the pairwise connectivity of the
    positive-tie graph among members (critical-node detection, Arulselvan et al. 2009), counting
    pairs among the n−1 remaining members; ``tie_share(v)`` = v's share of the coalition's
    internal positive tie weight; ``strength_share(v)`` = v's events over the members' events
    summed (an event between two members counts for each, so the shares add up to 1; 0 when the
    coalition had none). ``impact = connectivity_loss + ½·tie_share + ½·strength_share``.
    When no event data are loaded (``strength`` is None or its counts are None, see :func:`strength`)
    ``strength_share`` is None and the impact is ``connectivity_loss + ½·tie_share``.
    """
    pos = signed_simple_graph(graph, members, sign=1)
    base = pairwise_connectivity(pos)
    # (fsum: the same total in any edge order, so a share on a rounding boundary rounds one way)
    total_w = math.fsum(d["weight"] for _, _, d in pos.edges(data=True)) or 1.0
    known = bool(strength) and all(s.get("events") is not None for s in strength.values())
    total_events = sum(s.get("events") or 0 for s in strength.values()) if known else 0
    rows = []
    for m in members:
        rest = pos.copy()
        rest.remove_node(m)
        loss = base - pairwise_connectivity(rest)
        tie_share = math.fsum(d["weight"] for _, _, d in pos.edges(m, data=True)) / total_w
        s_share = (strength.get(m, {}).get("events") or 0) / total_events if total_events else 0.0
        rows.append({"actor_id": m, "connectivity_loss": round(loss, 4), "tie_share": round(tie_share, 4),
                     "strength_share": round(s_share, 4) if known else None,
                     "components_after_removal": nx.number_connected_components(rest) if len(rest) else 0,
                     "impact": round(loss + 0.5 * tie_share + 0.5 * s_share, 4)})
    return sorted(rows, key=lambda r: (-r["impact"], r["actor_id"]))


def sponsors(graph: nx.MultiDiGraph, members: list[str], actors: dict[str, Actor]) -> list[dict]:
    """States (kind state or state_force) with support, state_support or sanctuary ties to members."""
    found: dict[str, set] = {}
    inside = set(members)
    for u, v, d in graph.edges(data=True):
        if d["type"] in SPONSOR_TYPES and v in inside and u in actors and actors[u].kind in STATE_KINDS:
            found.setdefault(u, set()).add(v)
    return [{"actor_id": s, "supports": sorted(t)} for s, t in sorted(found.items())]


def foreign_fighter_inflows(graph: nx.MultiDiGraph, members: list[str]) -> list[dict]:
    """``foreign_fighters`` ties into members: who sends fighters to whom."""
    inside = set(members)
    return sorted(({"from": u, "to": v} for u, v, d in graph.edges(data=True)
                   if d["type"] == "foreign_fighters" and v in inside), key=lambda r: (r["to"], r["from"]))


def events_known(events: pd.DataFrame | None) -> bool:
    """Whether event data were read at all (None: the store holds no events). An empty frame is a
    window without events: zero. Whether a country's data cover the window is the caller's to say
    (``known``; see :meth:`.api.CoalitionAnalysis.events_loaded`)."""
    return events is not None


def strength(events: pd.DataFrame | None, members: list[str], known: bool | None = None) -> dict[str, dict]:
    """Fighting-strength proxies per member from events in the window.

    events = events with the member on either side; fatalities = Σ ``deaths_best`` of those
    events (the canonical model keeps no per-side deaths, so this bounds fatalities inflicted
    from above); admin1 = distinct first-level regions of those events. When no event data are
    loaded for the window (``known`` False; by default :func:`events_known` of ``events``) the
    three figures are None: missing data, not an inactive member.
    """
    if known is None:
        known = events_known(events)
    if not known:
        return {m: {"events": None, "fatalities": None, "admin1": None} for m in members}
    out = {m: {"events": 0, "fatalities": 0.0, "admin1": set()} for m in members}
    if events is None or events.empty:
        return {m: {"events": 0, "fatalities": 0.0, "admin1": 0} for m in members}
    inside = set(members)
    for sa, sb, deaths, admin1 in zip(events["side_a"], events["side_b"], events["deaths_best"], events["admin1"]):
        actors_here = set(sa if sa is not None else []) | set(sb if sb is not None else [])
        for m in actors_here & inside:
            out[m]["events"] += 1
            out[m]["fatalities"] += 0.0 if deaths is None or deaths != deaths else float(deaths)
            if admin1:
                out[m]["admin1"].add(admin1)
    return {m: {**v, "admin1": len(v["admin1"])} for m, v in out.items()}


def coalition_events(events: pd.DataFrame | None, members: list[str]) -> dict:
    """A coalition's events in the window, each counted once: events = distinct events with at
    least one member on either side (two members on one side, or on opposite sides, make one
    event, not two); fatalities = Σ ``deaths_best`` over those events, each event's deaths once;
    admin1 = distinct first-level regions of those events."""
    count, deaths_total, regions = 0, 0.0, set()
    if events is not None and not events.empty:
        inside = set(members)
        for sa, sb, deaths, admin1 in zip(events["side_a"], events["side_b"], events["deaths_best"],
                                          events["admin1"]):
            if not (set(sa if sa is not None else []) | set(sb if sb is not None else [])) & inside:
                continue
            count += 1
            deaths_total += 0.0 if deaths is None or deaths != deaths else float(deaths)
            if admin1:
                regions.add(admin1)
    return {"events": count, "fatalities": deaths_total, "admin1": len(regions)}


def coalition_measures(graph: nx.MultiDiGraph, members: list[str], actors: dict[str, Actor], *,
                       target_country: str | None = None, events: pd.DataFrame | None = None,
                       known: bool | None = None) -> dict:
    """Every measure of one coalition on one snapshot (see the functions above for formulas).

    ``events``: the window's events located in the coalition's country
    (:meth:`.api.MonthData.events_in`); a member's events elsewhere belong to another theatre.
    ``known``: whether event data are loaded for the window (default :func:`events_known` of
    ``events``); when not, ``events``, ``fatalities`` and ``admin1_active`` are None and
    ``events_loaded`` is False."""
    groups = [m for m in members if m not in actors or actors[m].kind not in ("state",)]
    if known is None:
        known = events_known(events)
    per_member = strength(events, groups, known)
    together = coalition_events(events, groups) if known else None
    return {
        "size": len(groups),
        "events": together["events"] if known else None,
        "fatalities": together["fatalities"] if known else None,
        "admin1_active": together["admin1"] if known else None,
        "events_loaded": known,
        "ideological_heterogeneity": round(ideological_heterogeneity(groups, actors), 4),
        "national_heterogeneity": round(national_heterogeneity(groups, actors), 4),
        "transnational_share": round(transnational_share(groups, actors, target_country), 4),
        **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in cohesion(graph, groups).items()},
        "foreign_fighter_inflows": foreign_fighter_inflows(graph, groups),
        "state_sponsors": sponsors(graph, groups, actors),
        "brokers": brokers(graph, groups)[:5],
        "linchpins": linchpins(graph, groups, per_member)[:5],
    }
