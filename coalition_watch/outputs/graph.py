"""The coalition graph of one country as plain data: nodes, edges with evidence and sources.

The graph holds the actors that operate in, come from, or are party to a case in the country, plus
every actor one relation away from them (sponsors, foreign fighters, rivals abroad). Every edge
keeps its validity interval, so a time slider can show the graph at any month without asking the
server again; every node keeps its actor's active period the same way (``from_date``/``to_date``),
so the slider hides a group outside it, with its edges. Nodes carry a ``coalition`` label and a
``strength``; both come from the network analytics when those are installed, otherwise from
:func:`fallback_coalitions` and :func:`fallback_strength`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import numpy as np

from ..dates import parse_partial_date
from ..store import Store
from ..store.actors import sources_by_id

COALITION_FALLBACK = "fallback: case sides, then blocs of active alliance/pledge/merger ties"
STRENGTH_FALLBACK = "fallback: confidence-weighted degree over active cooperative ties"

#: Relation types whose positive sign ties two actors into one bloc for the fallback grouping.
BLOC_TYPES = ("alliance", "pledge", "merger")


_CORE_SQL = """core AS (
    SELECT id FROM actors WHERE origin = $country OR list_contains(operates_in, $country)
    UNION SELECT unnest(coalition) FROM cases WHERE country = $country
    UNION SELECT unnest(government) FROM cases WHERE country = $country)"""


def country_actor_ids(store: Store, country: str) -> list[str]:
    """Actors that operate in or come from ``country`` (ISO3), or take part in one of its cases."""
    rows = store.con.execute(f"WITH {_CORE_SQL} SELECT id FROM core ORDER BY 1", {"country": country}).fetchall()
    return [r[0] for r in rows]


#: What a graph's ``sources`` keep of each cited source (:func:`~coalition_watch.store.actors.sources_by_id`):
#: ``kind`` tells a catalogued source, a stored document (with the ``path`` of the file it was
#: read from) and a citation an analyst gave apart.
CATALOGUE_KEYS = ("id", "kind", "title", "publisher", "date", "url", "path")

EDGE_COLUMNS = ("id", "source", "target", "type", "sign", "directed", "valid_from", "valid_to", "from_date",
                "to_date", "confidence", "status", "provenance", "evidence", "note", "sources")

#: Relations touching the country's actors, each also as a JSON object with the keys of
#: :data:`EDGE_COLUMNS` (written by DuckDB), validity as YYYYMMDD numbers for the date rules.
_EDGES_SQL = f"""WITH {_CORE_SQL}
SELECT r.source_id AS source, r.target_id AS target, r.type, CAST(r.sign AS INTEGER) AS sign,
       coalesce(r.confidence, 0) AS confidence,
       coalesce(CAST(strftime(r.valid_from_date, '%Y%m%d') AS INTEGER), 0) AS from_day,
       coalesce(CAST(strftime(r.valid_to_date, '%Y%m%d') AS INTEGER), 99999999) AS to_day,
       array_to_string(coalesce(r.sources, []::VARCHAR[]), chr(31)) AS cited,
       to_json(struct_pack(id := r.id, source := r.source_id, target := r.target_id, type := r.type,
           sign := CAST(r.sign AS INTEGER), directed := r.directed, valid_from := r.valid_from,
           valid_to := r.valid_to, from_date := CAST(r.valid_from_date AS VARCHAR),
           to_date := CAST(r.valid_to_date AS VARCHAR), confidence := r.confidence, status := r.status,
           provenance := r.provenance, evidence := r.evidence, note := r.note,
           sources := coalesce(r.sources, []::VARCHAR[])))::VARCHAR AS json
FROM relations r
WHERE list_contains($statuses, r.status)
  AND (r.source_id IN (SELECT id FROM core) OR r.target_id IN (SELECT id FROM core))
ORDER BY r.valid_from_date NULLS FIRST, r.id"""

#: Every actor as a JSON object without its ``core`` flag and the ISO days of its active period
#: (spliced in per country), with the period as coded (partial dates) also as columns.
_ACTORS_SQL = """SELECT a.id, a.name, a.active_from, a.active_to, to_json(struct_pack(id := a.id, name := a.name,
       kind := a.kind, ideology := coalesce(a.ideology, []::VARCHAR[]), origin := a.origin,
       active_from := a.active_from, active_to := a.active_to))::VARCHAR AS json
FROM actors a ORDER BY a.id"""


def _day_number(day: dt.date | None) -> int | None:
    return day.year * 10000 + day.month * 100 + day.day if day else None


def active_period(active_from: str | None, active_to: str | None) -> tuple[str | None, str | None]:
    """An actor's coded active period (partial dates) as ISO days: the first day of ``active_from``'s
    period and the last day of ``active_to``'s, as the members table and the resolver read them.
    An unknown or unreadable end is ``None`` (open)."""
    def day(value: str | None, end: bool) -> str | None:
        try:
            partial = parse_partial_date(value) if value else None
        except ValueError:
            return None
        return (partial.end() if end else partial.start()).isoformat() if partial else None
    return day(active_from, False), day(active_to, True)


class _Base:
    """A country's graph as read once per graph revision: numpy columns for the per-date rules,
    each node and edge already serialised (by DuckDB), dict copies made only when asked for.

    Nodes are the actors among the country's actors and the ends of the relations touching them
    (sorted by id); edges are those relations whose both ends are actors. A node's active period
    is kept as YYYYMMDD numbers too (open ends: 0 and 99999999)."""

    def __init__(self, store: Store, country: str, statuses: tuple[str, ...]) -> None:
        core = set(country_actor_ids(store, country))
        edges = store.con.execute(_EDGES_SQL, {"country": country, "statuses": list(statuses)}).fetchnumpy()
        actors = store.con.execute(_ACTORS_SQL).fetchnumpy()
        sources, targets = edges["source"].tolist(), edges["target"].tolist()
        actor_ids = actors["id"].tolist()
        wanted = core.union(sources, targets)
        chosen = [i for i, a in enumerate(actor_ids) if a in wanted]
        self.node_ids = [actor_ids[i] for i in chosen]
        self.node_names = [actors["name"][i] for i in chosen]
        starts, ends = actors["active_from"].tolist(), actors["active_to"].tolist()  # None where unknown
        periods = [active_period(starts[i], ends[i]) for i in chosen]
        self.node_from_day = np.array([int(f.replace("-", "")) if f else 0 for f, _ in periods], dtype=np.int64)
        self.node_to_day = np.array([int(t.replace("-", "")) if t else 99999999 for _, t in periods], dtype=np.int64)
        self.node_json = ['{"core":' + ("true," if actor_ids[i] in core else "false,")
                          + '"from_date":' + json.dumps(f) + ',"to_date":' + json.dumps(t) + "," + actors["json"][i][1:]
                          for i, (f, t) in zip(chosen, periods)]
        position = {a: n for n, a in enumerate(self.node_ids)}
        kept = np.array([s in position and t in position for s, t in zip(sources, targets)], dtype=bool)
        self.src = np.array([position[s] for s, k in zip(sources, kept) if k], dtype=np.int64)
        self.tgt = np.array([position[t] for t, k in zip(targets, kept) if k], dtype=np.int64)
        self.bloc_type = np.isin(edges["type"][kept], BLOC_TYPES)
        self.sign = np.asarray(edges["sign"][kept], dtype=np.int64)
        self.confidence = np.asarray(edges["confidence"][kept], dtype=float)
        self.from_day = np.asarray(edges["from_day"][kept], dtype=np.int64)
        self.to_day = np.asarray(edges["to_day"][kept], dtype=np.int64)
        self.edge_json = edges["json"][kept].tolist()
        self.edge_json_active = ['{"active":true,' + t[1:] for t in self.edge_json]
        self.edge_json_inactive = ['{"active":false,' + t[1:] for t in self.edge_json]
        cited = {s for joined in edges["cited"][kept].tolist() if joined for s in joined.split("\x1f")}
        self.catalogue = {sid: {k: row.get(k) for k in CATALOGUE_KEYS}
                          for sid, row in sources_by_id(store, cited).items()}
        self.catalogue_json = json.dumps(self.catalogue, ensure_ascii=False, separators=(",", ":"))
        self._dicts: tuple[list, list] | None = None
        self.texts: dict[tuple, str] = {}  # graph_json's answers for the last few dates

    def dicts(self) -> tuple[list[dict], list[dict]]:
        if self._dicts is None:
            self._dicts = ([json.loads(t) for t in self.node_json], [json.loads(t) for t in self.edge_json])
        return self._dicts

    def node_active(self, as_of: dt.date | None) -> np.ndarray:
        """Whether each node's actor is within its active period on ``as_of`` (all without a date)."""
        day = _day_number(as_of)
        if day is None:
            return np.ones(len(self.node_ids), dtype=bool)
        return (self.node_from_day <= day) & (self.node_to_day >= day)

    def active(self, as_of: dt.date | None, nodes: np.ndarray | None = None) -> np.ndarray:
        """Whether each edge is in force on ``as_of`` with both its ends active then (``nodes``:
        :meth:`node_active` for the same date, if already computed)."""
        day = _day_number(as_of)
        if day is None:
            return np.ones(len(self.edge_json), dtype=bool)
        nodes = self.node_active(as_of) if nodes is None else nodes
        return (self.from_day <= day) & (self.to_day >= day) & nodes[self.src] & nodes[self.tgt]

    def strength(self, active: np.ndarray) -> list[float]:
        """:func:`fallback_strength` over the columns, summed in the same order (exact same floats)."""
        weights = np.repeat(np.where(active & (self.sign > 0), self.confidence, 0.0), 2)
        ends = np.column_stack([self.src, self.tgt]).ravel()
        return np.bincount(ends, weights=weights, minlength=len(self.node_ids)).tolist()

    def coalitions(self, active: np.ndarray, case: dict | None) -> list[str]:
        """:func:`fallback_coalitions` over the columns: connected components of the active bloc
        ties, case sides first, each bloc named after its member with most distinct bloc partners."""
        from scipy.sparse import coo_matrix  # imported here: half a second, needed only by the API
        from scipy.sparse.csgraph import connected_components
        n = len(self.node_ids)
        tie = active & (self.sign > 0) & self.bloc_type
        a, b = np.minimum(self.src[tie], self.tgt[tie]), np.maximum(self.src[tie], self.tgt[tie])
        pairs = np.unique(a * n + b)
        a, b = pairs // n, pairs % n
        partners = np.bincount(a, minlength=n) + np.bincount(b[a != b], minlength=n)
        count, component = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n)), directed=False)
        order = np.lexsort((np.arange(n), partners, component))  # by component, then partners, then id
        hub = order[np.r_[np.flatnonzero(np.diff(component[order])), n - 1]] if n else order
        size = np.bincount(component, minlength=count)
        case_label: dict[int, str] = {}
        if case:
            position = {a: i for i, a in enumerate(self.node_ids)}
            for actor in case.get("government") or []:
                if actor in position:
                    case_label[position[actor]] = "government side"
            for actor in case.get("coalition") or []:
                if actor in position:
                    case_label[position[actor]] = "case coalition"
        inherited: dict[int, set[str]] = defaultdict(set)
        for i, label in case_label.items():
            inherited[component[i]].add(label)
        names = []
        for c in range(count):
            if len(inherited[c]) == 1:
                names.append(next(iter(inherited[c])))
            elif size[c] == 1:
                names.append("unaligned")
            else:
                names.append(f"bloc around {self.node_names[hub[c]]}")
        return [case_label.get(i) or names[c] for i, c in enumerate(component.tolist())]


def is_active(edge: dict, day: dt.date | str | None) -> bool:
    """Whether an edge's validity interval contains ``day`` (open ends count as open); for a node,
    whether its actor's active period (the same ``from_date``/``to_date`` keys) does."""
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
    those ties), named after its best-connected member; isolated actors are ``unaligned``. A tie
    counts only while both its ends are within their active periods (:func:`live_edge`).
    """
    day = as_of.isoformat() if as_of else None
    by_id = {n["id"]: n for n in nodes}
    return _bloc_labels([n["id"] for n in nodes], [n["name"] for n in nodes],
                        [(e["source"], e["target"]) for e in edges
                         if e["type"] in BLOC_TYPES and e["sign"] > 0 and live_edge(e, day, by_id)], case)


def live_edge(edge: dict, day: dt.date | str | None, nodes: dict[str, dict]) -> bool:
    """Whether ``edge`` is in force on ``day`` and both its ends (looked up in ``nodes`` by id;
    an end not there counts as active) are within their actors' active periods then."""
    if day is None:
        return True
    return is_active(edge, day) and all(is_active(nodes.get(edge[end]) or {}, day) for end in ("source", "target"))


def _bloc_labels(ids: list[str], names: list[str], bloc_ties: list[tuple[str, str]],
                 case: dict | None) -> dict[str, str]:
    labels: dict[str, str] = {}
    if case:
        for actor in case.get("coalition") or []:
            labels[actor] = "case coalition"
        for actor in case.get("government") or []:
            labels.setdefault(actor, "government side")
    id_set = set(ids)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in bloc_ties:
        neighbours[a].add(b)
        neighbours[b].add(a)
    name_of = dict(zip(ids, names))
    seen: set[str] = set()
    for start in sorted(id_set):
        if start in seen:
            continue
        if start not in neighbours:  # no active bloc tie: its own component
            seen.add(start)
            labels.setdefault(start, "unaligned")
            continue
        component, stack = [], [start]
        seen.add(start)
        while stack:
            current = stack.pop()
            component.append(current)
            for nxt in neighbours[current]:
                if nxt in id_set and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        inherited = {labels[a] for a in component if a in labels}
        if len(inherited) == 1:
            label = inherited.pop()
        elif len(component) == 1:
            label = "unaligned"
        else:
            hub = max(component, key=lambda a: (len(neighbours[a]), a))
            label = f"bloc around {name_of.get(hub, hub)}"
        for actor in component:
            labels.setdefault(actor, label)
    return labels


def fallback_strength(nodes: list[dict], edges: list[dict], as_of: dt.date | None) -> dict[str, float]:
    """Confidence-weighted degree over active cooperative ties: ``s_i = sum_j c_ij`` for sign > 0
    (a tie is active while in force with both ends active, :func:`live_edge`)."""
    day = as_of.isoformat() if as_of else None
    by_id = {n["id"]: n for n in nodes}
    return _strength([n["id"] for n in nodes],
                     [(e["source"], e["target"], e["confidence"]) for e in edges
                      if e["sign"] > 0 and live_edge(e, day, by_id)])


def _strength(ids: list[str], ties: list[tuple[str, str, float]]) -> dict[str, float]:
    strength = dict.fromkeys(ids, 0.0)
    for a, b, confidence in ties:
        if a in strength:
            strength[a] += float(confidence or 0)
        if b in strength:
            strength[b] += float(confidence or 0)
    return strength


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


_BASE: dict[tuple, _Base] = {}


def store_revision(store: Store) -> tuple:
    """Changes whenever actors, relations, reviews, events or ingests change (a cache key)."""
    return tuple(store.con.execute(
        "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM relations), "
        "(SELECT max(created_at) FROM relations), (SELECT count(*) FROM review_audit), "
        "(SELECT count(*) FROM events), (SELECT count(*) FROM ingests)").fetchone())


def graph_revision(store: Store) -> tuple:
    """Changes whenever actors, relations or reviews change: the graph's cache key (event and
    ingest counts, which :func:`store_revision` adds, do not touch the graph)."""
    return tuple(store.con.execute(
        "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM relations), "
        "(SELECT max(created_at) FROM relations), (SELECT count(*) FROM review_audit)").fetchone())


def _base_graph(store: Store, country: str, statuses: tuple[str, ...]) -> _Base:
    """The country's nodes, edges and source catalogue, read once per graph revision."""
    key = (id(store), store.path, country, statuses, graph_revision(store))
    base = _BASE.get(key)
    if base is None:
        base = _Base(store, country, statuses)
        if len(_BASE) >= 16:
            _BASE.pop(next(iter(_BASE)), None)
        _BASE[key] = base
    return base


def refresh_graphs(store: Store) -> int:
    """Read again every country graph cached for ``store`` (call after a write, e.g. a review
    decision, so the next request finds the new revision ready); returns how many."""
    wanted = {(k[2], k[3]) for k in list(_BASE) if k[0] == id(store) and k[1] == store.path}
    for country, statuses in wanted:
        _base_graph(store, country, statuses)
    return len(wanted)


def build_graph(store: Store, country: str, *, as_of: dt.date | None = None, case: dict | None = None,
                statuses: tuple[str, ...] = ("curated", "accepted"), max_nodes: int | None = None) -> dict:
    """The country's coalition graph: ``{"nodes": [...], "edges": [...], "as_of": ...}``.

    Nodes: id, name, kind, ideology, origin, core (operates in the country), coalition, strength,
    active_from/active_to (the actor's active period as coded, partial dates), from_date/to_date (the
    period as ISO days: first day of ``active_from``, last day of ``active_to``; ``None`` when
    unknown), active (within the period at ``as_of``).
    Edges: id, source, target, type, sign, directed, valid_from/valid_to (as coded), from_date/to_date
    (ISO days), active (in force at ``as_of`` with both ends active then), confidence, status,
    evidence, note, sources (ids).
    ``sources`` maps each cited source id to its id, kind, title, publisher, date, url and path
    (:data:`CATALOGUE_KEYS`; ``doc:<id>``: the stored document an extracted claim cites). The rows are
    read from the store once per store revision; each call returns fresh copies.
    """
    base = _base_graph(store, country, tuple(statuses))
    base_nodes, base_edges = base.dicts()
    node_active = base.node_active(as_of)
    nodes = [{**n, "active": active} for n, active in zip(base_nodes, node_active.tolist())]
    edges = [{**e, "active": active} for e, active in zip(base_edges, base.active(as_of, node_active).tolist())]
    if max_nodes and len(nodes) > max_nodes:
        degree: dict[str, int] = defaultdict(int)
        for e in edges:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
        keep = {n["id"] for n in sorted(nodes, key=lambda n: (not n["core"], -degree[n["id"]], n["id"]))[:max_nodes]}
        nodes = [n for n in nodes if n["id"] in keep]
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return {"country": country, "as_of": _iso(as_of), "nodes": nodes, "edges": edges, "sources": dict(base.catalogue)}


def edge_sources(graph: dict, edge: dict) -> list[dict]:
    """The source rows (id, kind, title, publisher, date, url, path) an edge cites."""
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


def graph_json(store: Store, country: str, *, as_of: dt.date | None, case: dict | None,
               statuses: tuple[str, ...] = ("curated", "accepted")) -> str:
    """The fallback-annotated graph of :func:`build_graph` + :func:`annotate_fallback` as JSON text.

    DuckDB serialises each node and edge once per store revision (in the same query that reads
    them); a request then only computes the date's ``active`` flags (nodes and edges), ``coalition`` and
    ``strength`` from plain columns and splices them into the cached text, so neither the first
    request after a change nor later ones build thousands of dicts. The answers for the last few
    dates are kept with the revision's rows.
    """
    base = _base_graph(store, country, tuple(statuses))
    key = (_iso(as_of), (case or {}).get("id"), json.dumps(case, sort_keys=True, default=str) if case else None)
    text = base.texts.get(key)
    if text is None:
        text = _annotated_json(base, country, as_of, case)
        if len(base.texts) >= 8:
            base.texts.pop(next(iter(base.texts)), None)
        base.texts[key] = text
    return text


def _annotated_json(base: _Base, country: str, as_of: dt.date | None, case: dict | None) -> str:
    node_active = base.node_active(as_of)
    active = base.active(as_of, node_active)
    labels = base.coalitions(active, case)
    strength = base.strength(active)
    label_json = {label: json.dumps(label, ensure_ascii=False) for label in set(labels)}
    node_parts = ['{"coalition":' + label_json[label] + ',"strength":' + repr(round(value, 3))
                  + (',"active":true,' if on else ',"active":false,') + text[1:]
                  for label, value, on, text in zip(labels, strength, node_active.tolist(), base.node_json)]
    edge_parts = [on_text if on else off_text
                  for on, on_text, off_text in zip(active.tolist(), base.edge_json_active, base.edge_json_inactive)]
    head = json.dumps({"country": country, "as_of": _iso(as_of), "coalition_method": COALITION_FALLBACK,
                       "strength_method": STRENGTH_FALLBACK}, ensure_ascii=False, separators=(",", ":"))
    return (head[:-1] + ',"nodes":[' + ",".join(node_parts) + '],"edges":[' + ",".join(edge_parts)
            + '],"sources":' + base.catalogue_json + "}")
