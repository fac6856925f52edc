"""Exports of a coalition graph and the briefing tables: GraphML, GEXF, CSV, PNG and SVG.

GraphML and GEXF keep every attribute a graph tool needs (coalition, strength, kind, relation type,
sign, validity, confidence, first source URL) and hold the graph at its date, as the PNG/SVG
pictures and the relations CSV do: groups outside their active period and relations not in force
are left out; each node and edge says ``active`` and carries its period (:func:`to_networkx`); PNG and SVG are drawn with matplotlib from a
spring layout, for reports. The browser views offer PNG/SVG of the graph as laid out on screen.

CSV cells are made safe for spreadsheets (OWASP's advice against formula injection): a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote
(``'=HYPERLINK(…)``), so Excel, LibreOffice or Google Sheets show it as text instead of running
it. Numeric columns (``sign``, ``confidence``, ``strength``) are written as numbers, a negative
sign included; only text cells change.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from ..errors import InputError
from ..files import write_file
from ..store.actors import source_location, web_url

FORMATS = ("graphml", "gexf", "png", "svg", "members-csv", "relations-csv")

#: The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run: text starting with one of :data:`FORMULA_STARTS`
    gets a leading ``'``; numbers and other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """``csv.writer`` whose text cells go through :func:`safe_cell` (when ``safe``)."""

    def __init__(self, out, safe: bool) -> None:
        self._writer, self._safe = csv.writer(out), safe

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(v) for v in row] if self._safe else row)


def to_networkx(graph: dict, *, active_only: bool = True) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph with plain (str/float/int/bool) attributes.

    With ``active_only`` (the default, what the GraphML and GEXF exports write) it is the graph at
    its date, by the rule the briefing, the web graph and the PNG/SVG exports use: a node whose
    ``active`` is false (its actor outside its active period then) is left out, and so is an edge
    whose ``active`` is false (not in force then, or an end inactive). Every node and edge carries
    ``active`` and its period: a node ``active_from``/``active_to`` (as coded, partial dates) and
    ``from_date``/``to_date`` (ISO days), an edge ``valid_from``/``valid_to`` and
    ``from_date``/``to_date``; an unknown end is an empty string. With ``active_only`` off every
    node and edge is kept (the full history), marked the same way. Nodes or edges without the flag
    count as active."""
    g = nx.MultiDiGraph(country=graph.get("country") or "", as_of=graph.get("as_of") or "")
    for n in graph["nodes"]:
        active = bool(n.get("active", True))
        if active_only and not active:
            continue
        g.add_node(n["id"], label=n["name"], kind=n["kind"], origin=n["origin"] or "",
                   ideology=",".join(n["ideology"]), coalition=n.get("coalition") or "",
                   strength=float(n.get("strength") or 0.0), active=active,
                   active_from=n.get("active_from") or "", active_to=n.get("active_to") or "",
                   from_date=n.get("from_date") or "", to_date=n.get("to_date") or "")
    for e in graph["edges"]:
        active = bool(e.get("active", True))
        if active_only and (not active or e["source"] not in g or e["target"] not in g):
            continue
        first = (graph.get("sources") or {}).get((e["sources"] or [None])[0]) or {}
        g.add_edge(e["source"], e["target"], key=e["id"], relation=e["type"], sign=int(e["sign"]),
                   directed=bool(e["directed"]), valid_from=e["valid_from"] or "", valid_to=e["valid_to"] or "",
                   confidence=float(e["confidence"]), status=e["status"],
                   sources=",".join(e["sources"]), source_url=first.get("url") or "", active=active,
                   from_date=e.get("from_date") or "", to_date=e.get("to_date") or "")
    return g


def graphml_bytes(graph: dict) -> bytes:
    """GraphML of the graph at its date (:func:`to_networkx`)."""
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buf)
    return buf.getvalue()


def gexf_bytes(graph: dict) -> bytes:
    """GEXF of the graph at its date (:func:`to_networkx`)."""
    buf = io.BytesIO()
    nx.write_gexf(to_networkx(graph), buf)
    return buf.getvalue()


def relations_csv(graph: dict, *, active_only: bool = True, safe: bool = True) -> str:
    """One row per relation (active at the graph's date unless ``active_only`` is off); ``safe``:
    text cells neutralised for spreadsheets (:func:`safe_cell`).

    ``sources`` are the cited source ids, ``source_urls`` their http(s) URLs; after them (added
    later, so earlier columns keep their place) ``source_titles`` and ``source_locations``: where
    to find each source — its http(s) URL, else the file a stored document was read from
    (:func:`~coalition_watch.store.actors.source_location`). Lists are separated by ``;``."""
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    catalogue = graph.get("sources") or {}
    out = io.StringIO()
    w = _SafeWriter(out, safe)
    w.writerow(["id", "source_id", "source", "target_id", "target", "type", "sign", "valid_from", "valid_to",
                "confidence", "status", "evidence", "sources", "source_urls", "source_titles", "source_locations"])
    for e in graph["edges"]:
        if active_only and not e.get("active", True):
            continue
        w.writerow([e["id"], e["source"], names.get(e["source"]), e["target"], names.get(e["target"]), e["type"],
                    e["sign"], e["valid_from"] or "", e["valid_to"] or "", e["confidence"], e["status"],
                    e["evidence"] or e["note"] or "", ";".join(e["sources"]),
                    ";".join(_web_url(catalogue.get(s)) for s in e["sources"]),
                    ";".join((catalogue.get(s) or {}).get("title") or s for s in e["sources"]),
                    ";".join(source_location(catalogue.get(s) or {}) for s in e["sources"])])
    return out.getvalue()


def _web_url(source: dict | None) -> str:
    """A source's URL if it is an http(s) one, else '' (a document's input may give any address)."""
    url = (source or {}).get("url")
    return web_url(url) or ""


def members_csv(members: list[dict], graph: dict | None = None, *, safe: bool = True) -> str:
    """One row per member. ``coalition`` is the display text kept for compatibility ("coalition:
    Taliban …"); ``coalition_id`` is the id of the detected coalition the member belongs to (as
    ``cwatch coalitions`` and ``coalition show`` use it), empty when the graph holds no detected
    coalitions (fallback grouping) or the member is in none. ``safe``: text cells neutralised for
    spreadsheets (:func:`safe_cell`)."""
    coalition_of: dict[str, str] = {}
    for c in (graph or {}).get("coalitions") or []:
        for member in c.get("members") or []:
            coalition_of.setdefault(member["id"] if isinstance(member, dict) else member, c["id"])
    out = io.StringIO()
    w = _SafeWriter(out, safe)
    w.writerow(["id", "name", "kind", "coalition", "strength", "ideology", "origin", "sponsors", "foreign_fighters",
                "coalition_id"])
    for m in members:
        w.writerow([m["id"], m["name"], m["kind"], m["coalition"] or "", m["strength"], ";".join(m["ideology"]),
                    m["origin"] or "", ";".join(s["id"] for s in m["sponsors"]),
                    ";".join(f["id"] for f in m["foreign_fighters"]), coalition_of.get(m["id"], "")])
    return out.getvalue()


def picture_graph(graph: dict) -> nx.Graph:
    """What :func:`image_bytes` draws: the nodes active at the graph's date (``active`` not False)
    and the relations in force between them; a node without any such relation is dropped unless it
    is one of the country's own (``core``)."""
    g = nx.Graph()
    for n in graph["nodes"]:
        if n.get("active", True):
            g.add_node(n["id"], **n)
    for e in graph["edges"]:
        if e.get("active", True) and e["source"] in g and e["target"] in g:
            g.add_edge(e["source"], e["target"], sign=e["sign"])
    g.remove_nodes_from([n for n, d in g.degree() if d == 0 and not g.nodes[n].get("core")])
    return g


def image_bytes(graph: dict, fmt: str) -> bytes:
    """PNG or SVG drawing of the active graph (nodes coloured by coalition, sized by strength).

    As in the interactive graph, a node whose actor is outside its active period at the graph's
    date (``active`` False: a group dissolved or not yet founded) is left out with its edges;
    nodes without the flag (or with unknown dates) stay."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    g = picture_graph(graph)
    coalitions = sorted({g.nodes[n].get("coalition") or "" for n in g})
    cmap = plt.get_cmap("tab10")
    colour = {c: cmap(i % 10) for i, c in enumerate(coalitions)}
    pos = nx.spring_layout(g, seed=7, k=0.9)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=110)
    top = max([g.nodes[n].get("strength") or 0 for n in g] + [1])
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=["#2e7d32" if d["sign"] > 0 else "#b3261e" for *_, d in g.edges(data=True)], alpha=0.6)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=[colour[g.nodes[n].get("coalition") or ""] for n in g],
                           node_size=[80 + 900 * ((g.nodes[n].get("strength") or 0) / top) ** 0.5 for n in g])
    nx.draw_networkx_labels(g, pos, ax=ax, labels={n: g.nodes[n]["name"][:28] for n in g}, font_size=7)
    for c in coalitions:
        ax.scatter([], [], color=colour[c], label=c or "—")
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    ax.set_title(f"{graph.get('country')} coalition graph as of {graph.get('as_of')}")
    ax.axis("off")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def export_bytes(graph: dict, members: list[dict], fmt: str) -> bytes:
    """The export in ``fmt`` (one of :data:`FORMATS`); CSV text cells are neutralised for
    spreadsheets (:func:`safe_cell`)."""
    if fmt == "graphml":
        return graphml_bytes(graph)
    if fmt == "gexf":
        return gexf_bytes(graph)
    if fmt in ("png", "svg"):
        return image_bytes(graph, fmt)
    if fmt == "members-csv":
        return members_csv(members, graph, safe=True).encode()
    if fmt == "relations-csv":
        return relations_csv(graph, safe=True).encode()
    raise InputError(f"unknown export format '{fmt}' (one of: {', '.join(FORMATS)})", field="fmt")


def write_export(graph: dict, members: list[dict], fmt: str, path: str | Path) -> Path:
    """Write the export in ``fmt`` to ``path``. :func:`coalition_watch.outputs.api.export` checks
    ``path`` before it builds the graph; a path where no file can be written is the same one-line
    :class:`InputError` here (from :func:`~coalition_watch.files.write_file`)."""
    return write_file(path, export_bytes(graph, members, fmt))
