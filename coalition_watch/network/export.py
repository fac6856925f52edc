"""Write the temporal signed graph as GraphML, dynamic GEXF (Gephi), or CSV/Parquet edge lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import InputError
from ..files import check_writable
from .graph import OPEN_END, OPEN_START, TemporalSignedGraph, node_attributes

FORMATS = ("graphml", "gexf", "csv", "parquet")


def _day(ordinal: int, open_value: int) -> str | None:
    return None if ordinal == open_value else dt.date.fromordinal(int(ordinal)).isoformat()


def edge_list(net: TemporalSignedGraph) -> pd.DataFrame:
    """One row per edge with ISO dates (empty for open ends) and sources joined by ';'."""
    frame = net.edges.copy()
    frame["start"] = pd.Series([_day(v, OPEN_START) for v in frame["start"]], dtype=object)
    frame["end"] = pd.Series([_day(v, OPEN_END) for v in frame["end"]], dtype=object)
    frame["sources"] = [";".join(s or []) for s in frame["sources"]]
    return frame


def interval_graph(net: TemporalSignedGraph) -> nx.MultiDiGraph:
    """All edges with ``start``/``end`` attributes; in GEXF they become Gephi time intervals."""
    graph = nx.MultiDiGraph(mode="dynamic", timeformat="date")
    frame = edge_list(net)
    for i, row in enumerate(frame.to_dict("records")):
        attrs = {k: ("" if v is None or (isinstance(v, float) and v != v) else v)
                 for k, v in row.items() if k not in ("source", "target")}
        attrs["directed"] = bool(attrs["directed"])
        attrs["relation_id"] = attrs["relation_id"] or ""
        if not attrs["start"]:
            attrs.pop("start")
        if not attrs["end"]:
            attrs.pop("end")
        graph.add_edge(row["source"], row["target"], key=i, **attrs)
    for node in graph.nodes:
        graph.nodes[node].update(node_attributes(net.actors.get(node), node))
        graph.nodes[node]["label"] = graph.nodes[node]["name"]
    return graph


def export_network(net: TemporalSignedGraph, path: str | Path, fmt: str | None = None) -> Path:
    """Write the graph to ``path`` in ``fmt`` (default: from the file suffix). A path where no
    file can be written (missing folder, ``/proc``) is a one-line :class:`InputError`."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})", field="fmt")
    check_writable(path, field=None)
    try:
        if fmt == "csv":
            edge_list(net).to_csv(path, index=False)
        elif fmt == "parquet":
            edge_list(net).to_parquet(path, index=False)
        elif fmt == "gexf":
            nx.write_gexf(interval_graph(net), path)
        else:
            graph = interval_graph(net)
            graph.graph.clear()
            nx.write_graphml(graph, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
