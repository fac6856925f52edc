"""The coalition graph of one country as plain data: nodes, edges with evidence and sources.

The graph holds the actors that operate in, come from, or are party to a case in the country, plus
every actor one relation away from them (sponsors, foreign fighters, rivals abroad). Every edge
keeps its validity interval, so a time slider can show the graph at any month without asking the
server again. Nodes carry a ``coalition`` label and a ``strength``; both come from the network
analytics when those are installed, otherwise from :func:`fallback_coalitions` and
:func:`fallback_strength`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..store import Store
from ..store.actors import sources_by_id

#: Relation types whose positive sign ties two actors into one bloc for the fallback grouping.
BLOC_TYPES = ("alliance", "pledge", "merger")


def country_actor_ids(store: Store, country: str) -> list[str]:
    """Actors that operate in or come from ``country`` (ISO3), or take part in one of its cases."""
    rows = store.query(
        "SELECT id FROM actors WHERE origin = ? OR list_contains(operates_in, ?) "
        "UNION SELECT unnest(coalition) FROM cases WHERE country = ? "
        "UNION SELECT unnest(government) FROM cases WHERE country = ? ORDER BY 1",
        [country, country, country, country])
    return [r["id"] for r in rows]


def _relations_touching(store: Store, actor_ids: list[str], statuses: tuple[str, ...]) -> list[dict]:
    return store.query(
        "SELECT r.id, r.source_id, r.target_id, r.type, r.sign, r.directed, r.valid_from, r.valid_to, "
        "r.valid_from_date, r.valid_to_date, r.confidence, r.status, r.provenance, r.sources, "
        "r.evidence, r.note FROM relations r "
        "WHERE (r.source_id IN (SELECT unnest(?)) OR r.target_id IN (SELECT unnest(?))) "
        "AND r.status IN (SELECT unnest(?)) ORDER BY r.valid_from_date NULLS FIRST, r.id",
        [actor_ids, actor_ids, list(statuses)])


def is_active(edge: dict, day: dt.date | None) -> bool:
    """Whether an edge's validity interval contains ``day`` (open ends count as open)."""
    if day is None:
        return True
    start, end = edge.get("from_date"), edge.get("to_date")
    return (start is None or start <= day.isoformat()) and (end is None or end >= day.isoformat())


def fallback_coalitions(nodes: list[dict], edges: list[dict], as_of: dt.date | None,
                        case: dict | None) -> dict[str, str]:
    """Coalition label per actor when no network analytics are installed.

    The case's coalition and government sides, when a case exists, come first; every other actor
    joins the bloc it is tied to by an active alliance, pledge or merger (connected components of
    those ties), named after its best-connected member; isolated actors are ``unaligned``.
    """
    labels: dict[str, str] = {}
    if case:
        for actor in case.get("coalition") or []:
            labels[actor] = "case coalition"
        for actor in case.get("government") or []:
            labels.setdefault(actor, "government side")
    ids = {n["id"] for n in nodes}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e["type"] in BLOC_TYPES and e["sign"] > 0 and is_active(e, as_of):
            neighbours[e["source"]].add(e["target"])
            neighbours[e["target"]].add(e["source"])
    names = {n["id"]: n["name"] for n in nodes}
    seen: set[str] = set()
    for start in sorted(ids):
        if start in seen:
            continue
        component, stack = [], [start]
        seen.add(start)
        while stack:
            current = stack.pop()
            component.append(current)
            for nxt in neighbours[current]:
                if nxt in ids and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        inherited = {labels[a] for a in component if a in labels}
        if len(inherited) == 1:
            label = inherited.pop()
        elif len(component) == 1:
            label = "unaligned"
        else:
            hub = max(component, key=lambda a: (len(neighbours[a]), a))
            label = f"bloc around {names.get(hub, hub)}"
        for actor in component:
            labels.setdefault(actor, label)
    return labels


def fallback_strength(nodes: list[dict], edges: list[dict], as_of: dt.date | None) -> dict[str, float]:
    """Confidence-weighted degree over active cooperative ties: ``s_i = sum_j c_ij`` for sign > 0."""
    strength = {n["id"]: 0.0 for n in nodes}
    for e in edges:
        if e["sign"] > 0 and is_active(e, as_of):
            for end in (e["source"], e["target"]):
                if end in strength:
                    strength[end] += float(e["confidence"])
    return strength


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _source_view(row: dict) -> dict:
    return {k: row.get(k) for k in ("id", "title", "publisher", "date", "url")}


def build_graph(store: Store, country: str, *, as_of: dt.date | None = None, case: dict | None = None,
                statuses: tuple[str, ...] = ("curated", "accepted"), max_nodes: int | None = None) -> dict:
    """The country's coalition graph: ``{"nodes": [...], "edges": [...], "as_of": ...}``.

    Nodes: id, name, kind, ideology, origin, core (operates in the country), coalition, strength.
    Edges: id, source, target, type, sign, directed, valid_from/valid_to (as coded), from_date/to_date
    (ISO days), active (at ``as_of``), confidence, status, evidence, note, sources (id, title,
    publisher, date, url).
    """
    core = country_actor_ids(store, country)
    relations = _relations_touching(store, core, statuses)
    ids = set(core) | {r["source_id"] for r in relations} | {r["target_id"] for r in relations}
    actors = store.query(
        "SELECT id, name, kind, ideology, origin, operates_in FROM actors WHERE id IN (SELECT unnest(?)) "
        "ORDER BY id", [sorted(ids)])
    known = {a["id"] for a in actors}
    catalogue = sources_by_id(store, {s for r in relations for s in (r["sources"] or [])})
    core_set = set(core)
    nodes = [{"id": a["id"], "name": a["name"], "kind": a["kind"], "ideology": a["ideology"] or [],
              "origin": a["origin"], "core": a["id"] in core_set} for a in actors]
    edges = []
    for r in relations:
        if r["source_id"] not in known or r["target_id"] not in known:
            continue
        edge = {"id": r["id"], "source": r["source_id"], "target": r["target_id"], "type": r["type"],
                "sign": int(r["sign"]), "directed": bool(r["directed"]), "valid_from": r["valid_from"],
                "valid_to": r["valid_to"], "from_date": _iso(r["valid_from_date"]),
                "to_date": _iso(r["valid_to_date"]), "confidence": float(r["confidence"]),
                "status": r["status"], "provenance": r["provenance"], "evidence": r["evidence"],
                "note": r["note"],
                "sources": [_source_view(catalogue.get(s, {"id": s})) for s in (r["sources"] or [])]}
        edge["active"] = is_active(edge, as_of)
        edges.append(edge)
    if max_nodes and len(nodes) > max_nodes:
        degree = defaultdict(int)
        for e in edges:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
        keep = {n["id"] for n in sorted(nodes, key=lambda n: (not n["core"], -degree[n["id"]], n["id"]))[:max_nodes]}
        nodes = [n for n in nodes if n["id"] in keep]
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return {"country": country, "as_of": _iso(as_of), "nodes": nodes, "edges": edges}


def annotate_fallback(graph: dict, as_of: dt.date | None, case: dict | None) -> dict:
    """Fill ``coalition`` and ``strength`` on every node with the fallback rules."""
    labels = fallback_coalitions(graph["nodes"], graph["edges"], as_of, case)
    strength = fallback_strength(graph["nodes"], graph["edges"], as_of)
    for node in graph["nodes"]:
        node["coalition"] = labels.get(node["id"], "unaligned")
        node["strength"] = round(strength.get(node["id"], 0.0), 3)
    graph["coalition_method"] = "fallback: case sides, then blocs of active alliance/pledge/merger ties"
    graph["strength_method"] = "fallback: confidence-weighted degree over active cooperative ties"
    return graph
