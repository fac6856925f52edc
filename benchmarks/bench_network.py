"""Benchmark: monthly coalition detection 1990–2024 over the KB plus 20k events' edges; graph_at.

Events: the UCDP GED Syria files (16,566 events) plus the GED candidate file, cut to 20,000
events, loaded into an in-memory store. Baseline, same run: building one networkx graph of every
edge (``nx.MultiDiGraph`` from the edge list) — the cost of merely materialising the graph.
Prints a table and writes ``benchmarks/results/network.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_time  # noqa: E402
from coalition_watch import api  # noqa: E402
from coalition_watch.network.coalitions import track_coalitions  # noqa: E402
from coalition_watch.network.load import network_from_store  # noqa: E402
from coalition_watch.paths import shared_dir  # noqa: E402
from coalition_watch.registry.knowledge_base import read_kb  # noqa: E402
from coalition_watch.store.kb_writer import write_kb  # noqa: E402
from coalition_watch.ingest.api import ingest  # noqa: E402

RUNS = 5




def main() -> None:
    store = api.init_store(":memory:")
    write_kb(store, read_kb()[0])
    ucdp = shared_dir() / "data" / "ucdp"
    ingest(store, "ucdp-ged", [ucdp / "ged_syria_2016_2017.csv", ucdp / "ged_syria_2018_2019.csv"])
    extra = 20_000 - store.count("events")
    store.con.execute("INSERT INTO events SELECT * REPLACE ('dup-' || id AS id, date_start - INTERVAL 4 YEAR AS date_start) "
                      "FROM events LIMIT ?", [extra])
    n_events = store.count("events")
    build = median_time(lambda: network_from_store(store), runs=3)
    net = network_from_store(store)
    n_event_edges = int(net.edges["origin"].isin(["event", "inferred"]).sum())
    baseline = median_time(lambda: nx.MultiDiGraph(list(zip(net.edges["source"], net.edges["target"]))))
    detect = median_time(lambda: track_coalitions(net, "1990-01", "2024-12"), runs=3)
    dates = [f"{y}-{m:02d}-15" for y in range(1990, 2025, 3) for m in (1, 7)]
    per_call = []
    for d in dates:
        t = time.perf_counter()
        net.graph_at(d)
        per_call.append(time.perf_counter() - t)
    graph_at = statistics.median(per_call)
    result = {"date": time.strftime("%Y-%m-%d"), "events": n_events, "edges": len(net.edges),
              "event_edges": n_event_edges, "build_graph_from_store_s": round(build, 3),
              "monthly_detection_1990_2024_s": round(detect, 3), "graph_at_median_ms": round(graph_at * 1000, 2),
              "baseline_networkx_build_s": round(baseline, 4),
              "detection_over_baseline": round(detect / baseline, 1), "targets": {"detection_s": 10, "graph_at_ms": 50}}
    out = ROOT / "benchmarks" / "results" / "network.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    width = max(len(k) for k in result)
    for k, v in result.items():
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
