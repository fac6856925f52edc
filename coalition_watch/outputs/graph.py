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
import json
from collections import defaultdict

from ..store import Store
from ..store.actors import sources_by_id

COALITION_FALLBACK = "fallback: case sides, then blocs of active alliance/pledge/merger ties"
STRENGTH_FALLBACK = "fallback: confidence-weighted degree over active cooperative ties"

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


EDGE_COLUMNS = ("id", "source", "target", "type", "sign", "directed", "valid_from", "valid_to", "from_date",
                "to_date", "confidence", "status", "provenance", "evidence", "note", "sources", "active")


def _relations_touching(store: Store, actor_ids: list[str], statuses: tuple[str, ...],
                        as_of: dt.date | None) -> list[tuple]:
    """Rows in :data:`EDGE_COLUMNS` order, dates as ISO text, ``active`` computed for ``as_of``."""
    return store.con.execute(
        "SELECT r.id, r.source_id, r.target_id, r.type, CAST(r.sign AS INTEGER), r.directed, r.valid_from, "
        "r.valid_to, CAST(r.valid_from_date AS VARCHAR), CAST(r.valid_to_date AS VARCHAR), r.confidence, "
        "r.status, r.provenance, r.evidence, r.note, r.sources, "
        "(? IS NULL OR ((r.valid_from_date IS NULL OR r.valid_from_date <= ?) AND "
        "(r.valid_to_date IS NULL OR r.valid_to_date >= ?))) "
        "FROM relations r WHERE r.id IN (SELECT id FROM relations WHERE source_id IN (SELECT unnest(?)) "
        "UNION SELECT id FROM relations WHERE target_id IN (SELECT unnest(?))) "
        "AND r.status IN (SELECT unnest(?)) ORDER BY r.valid_from_date NULLS FIRST, r.id",
        [as_of, as_of, as_of, actor_ids, actor_ids, list(statuses)]).fetchall()


def is_active(edge: dict, day: dt.date | str | None) -> bool:
    """Whether an edge's validity interval contains ``day`` (open ends count as open)."""
    if day is None:
        return True
    day = day if isinstance(day, str) else day.isoformat()
    start, end = edge.get("from_date"), edge.get("to_date")
    return (start is None or start <= day) and (end is None or end >= day)


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
    day = as_of.isoformat() if as_of else None
    for e in edges:
        if e["type"] in BLOC_TYPES and e["sign"] > 0 and is_active(e, day):
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
    day = as_of.isoformat() if as_of else None
    for e in edges:
        if e["sign"] > 0 and is_active(e, day):
            for end in (e["source"], e["target"]):
                if end in strength:
                    strength[end] += float(e["confidence"])
    return strength


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


_BASE: dict[tuple, tuple] = {}


def store_revision(store: Store) -> tuple:
    """Changes whenever actors, relations, reviews, events or ingests change (a cache key)."""
    return tuple(store.con.execute(
        "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM relations), "
        "(SELECT max(created_at) FROM relations), (SELECT count(*) FROM review_audit), "
        "(SELECT count(*) FROM events), (SELECT count(*) FROM ingests)").fetchone())


def _base_graph(store: Store, country: str, statuses: tuple[str, ...]) -> tuple[list, list, dict]:
    """Nodes, edge rows and source catalogue of a country, read once per store revision."""
    key = (id(store), store.path, country, statuses, store_revision(store))
    if key in _BASE:
        return _BASE[key]
    core = country_actor_ids(store, country)
    rows = _relations_touching(store, core, statuses, None)
    ids = set(core)
    for row in rows:
        ids.add(row[1])
        ids.add(row[2])
    actors = store.con.execute(
        "SELECT id, name, kind, ideology, origin FROM actors WHERE id IN (SELECT unnest(?)) ORDER BY id",
        [sorted(ids)]).fetchall()
    known = {a[0] for a in actors}
    catalogue = {sid: {k: row.get(k) for k in ("id", "title", "publisher", "date", "url")}
                 for sid, row in sources_by_id(store, {s for r in rows for s in (r[15] or [])}).items()}
    core_set = set(core)
    nodes = [{"id": a[0], "name": a[1], "kind": a[2], "ideology": a[3] or [], "origin": a[4],
              "core": a[0] in core_set} for a in actors]
    edges = []
    for row in rows:
        if row[1] in known and row[2] in known:
            edge = dict(zip(EDGE_COLUMNS, row))
            edge["sources"] = edge["sources"] or []
            del edge["active"]  # depends on the date asked for; added per call
            edges.append(edge)
    if len(_BASE) >= 16:
        _BASE.pop(next(iter(_BASE)))
    _BASE[key] = (nodes, edges, catalogue)
    return _BASE[key]


def build_graph(store: Store, country: str, *, as_of: dt.date | None = None, case: dict | None = None,
                statuses: tuple[str, ...] = ("curated", "accepted"), max_nodes: int | None = None) -> dict:
    """The country's coalition graph: ``{"nodes": [...], "edges": [...], "as_of": ...}``.

    Nodes: id, name, kind, ideology, origin, core (operates in the country), coalition, strength.
    Edges: id, source, target, type, sign, directed, valid_from/valid_to (as coded), from_date/to_date
    (ISO days), active (at ``as_of``), confidence, status, evidence, note, sources (ids).
    ``sources`` maps each cited source id to its id, title, publisher, date and url. The rows are
    read from the store once per store revision; each call returns fresh copies.
    """
    base_nodes, base_edges, catalogue = _base_graph(store, country, tuple(statuses))
    day = as_of.isoformat() if as_of else None
    nodes = [dict(n) for n in base_nodes]
    edges = []
    for e in base_edges:
        edge = dict(e)
        edge["active"] = day is None or ((e["from_date"] is None or e["from_date"] <= day) and
                                         (e["to_date"] is None or e["to_date"] >= day))
        edges.append(edge)
    if max_nodes and len(nodes) > max_nodes:
        degree: dict[str, int] = defaultdict(int)
        for e in edges:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
        keep = {n["id"] for n in sorted(nodes, key=lambda n: (not n["core"], -degree[n["id"]], n["id"]))[:max_nodes]}
        nodes = [n for n in nodes if n["id"] in keep]
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return {"country": country, "as_of": _iso(as_of), "nodes": nodes, "edges": edges, "sources": dict(catalogue)}


def edge_sources(graph: dict, edge: dict) -> list[dict]:
    """The source rows (id, title, publisher, date, url) an edge cites."""
    catalogue = graph.get("sources") or {}
    return [catalogue.get(s) or {"id": s, "title": s, "url": None} for s in edge["sources"]]


def annotate_fallback(graph: dict, as_of: dt.date | None, case: dict | None) -> dict:
    """Fill ``coalition`` and ``strength`` on every node with the fallback rules."""
    labels = fallback_coalitions(graph["nodes"], graph["edges"], as_of, case)
    strength = fallback_strength(graph["nodes"], graph["edges"], as_of)
    for node in graph["nodes"]:
        node["coalition"] = labels.get(node["id"], "unaligned")
        node["strength"] = round(strength.get(node["id"], 0.0), 3)
    graph["coalition_method"] = COALITION_FALLBACK
    graph["strength_method"] = STRENGTH_FALLBACK
    return graph


_FRAGMENTS: dict[int, tuple[list, list[str], list[str], str]] = {}


def graph_json(store: Store, country: str, *, as_of: dt.date | None, case: dict | None,
               statuses: tuple[str, ...] = ("curated", "accepted")) -> str:
    """The fallback-annotated graph of :func:`build_graph` + :func:`annotate_fallback` as JSON text.

    Each node and edge is serialised once per store revision; a request only adds ``active``,
    ``coalition`` and ``strength``, so no per-request copies of thousands of dicts are made.
    """
    nodes, edges, catalogue = _base_graph(store, country, tuple(statuses))
    base_id = id(edges)
    if base_id not in _FRAGMENTS or _FRAGMENTS[base_id][0] is not edges:
        if len(_FRAGMENTS) >= 16:
            _FRAGMENTS.pop(next(iter(_FRAGMENTS)))
        _FRAGMENTS[base_id] = (edges, [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in edges],
                               [json.dumps(n, ensure_ascii=False, separators=(",", ":")) for n in nodes],
                               json.dumps(catalogue, ensure_ascii=False, separators=(",", ":")))
    _, edge_text, node_text, sources_text = _FRAGMENTS[base_id]
    day = as_of.isoformat() if as_of else None
    labels = fallback_coalitions(nodes, edges, as_of, case)
    strength = fallback_strength(nodes, edges, as_of)
    edge_parts = []
    for e, text in zip(edges, edge_text):
        active = day is None or ((e["from_date"] is None or e["from_date"] <= day) and
                                 (e["to_date"] is None or e["to_date"] >= day))
        edge_parts.append(('{"active":true,' if active else '{"active":false,') + text[1:])
    node_parts = ['{"coalition":' + json.dumps(labels.get(n["id"], "unaligned"), ensure_ascii=False)
                  + ',"strength":' + repr(round(strength.get(n["id"], 0.0), 3)) + "," + text[1:]
                  for n, text in zip(nodes, node_text)]
    head = json.dumps({"country": country, "as_of": _iso(as_of), "coalition_method": COALITION_FALLBACK,
                       "strength_method": STRENGTH_FALLBACK}, ensure_ascii=False, separators=(",", ":"))
    return (head[:-1] + ',"nodes":[' + ",".join(node_parts) + '],"edges":[' + ",".join(edge_parts)
            + '],"sources":' + sources_text + "}")
