"""Benchmark the outputs: briefing render time, HTML size, and the API graph endpoint's p95.

1. Briefing: build + render the self-contained Afghanistan-2021 and Syria-2024 briefings from the
   embedded knowledge base, without optional parts, with the network analytics (cold: coalition
   detection rerun each time), and with network + risk once their caches are warm; against
   rendering an empty Jinja template (the floor of any page) in the same run. Target: < 3 s;
   file < 5 MB.
2. API: ``GET /api/graph`` on a generated 2,000-node, 6,000-edge graph (synthetic actors in
   country ATA), 60 requests after 5 warm-ups (the store rows are read once per store revision),
   and 30 requests that re-read the store each time; p95 against ``GET /api/cases`` (a trivial
   endpoint). Target: p95 < 200 ms.

Usage: python benchmarks/bench_outputs.py [--kb KB_DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402
from jinja2 import Template  # noqa: E402

from coalition_watch import api  # noqa: E402
from coalition_watch.outputs.briefing import build_briefing  # noqa: E402
from coalition_watch.outputs.html import render_briefing_file  # noqa: E402
from coalition_watch.outputs.web import create_app  # noqa: E402
from coalition_watch.vocabulary import RELATION_TYPES  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "outputs.json"


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def generated_store(path: Path, nodes: int = 2000, edges: int = 6000):
    store = api.init_store(path)
    rng = random.Random(7)
    types = list(RELATION_TYPES)
    with store.transaction() as con:
        con.execute("INSERT INTO sources (id, title, publisher, date, url) VALUES "
                    "('bench-src', 'Generated source', 'bench', '2020', 'https://example.org/bench')")
        con.executemany("INSERT INTO actors (id, name, kind, ideology, origin, operates_in, sources) VALUES "
                        "(?, ?, 'armed_group', ['jihadist'], 'ATA', ['ATA'], ['bench-src'])",
                        [[f"g{i}", f"Generated group {i}"] for i in range(nodes)])
        rows = []
        for j in range(edges):
            a, b = rng.sample(range(nodes), 2)
            kind = rng.choice(types)
            start = dt.date(2000 + rng.randrange(20), 1 + rng.randrange(12), 1)
            rows.append([f"r{j}", f"g{a}", f"g{b}", kind, RELATION_TYPES[kind][0], RELATION_TYPES[kind][1],
                         start.isoformat()[:7], start, 0.7, "curated", "bench", ["bench-src"], "generated"])
        con.executemany("INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, "
                        "valid_from_date, confidence, status, provenance, sources, note) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", default=None, help="knowledge-base folder (default: embedded)")
    args = parser.parse_args()
    results: dict = {"date": dt.date.today().isoformat(), "load_average_at_start": os.getloadavg(),
                     "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        store = api.open_default_store(Path(tmp) / "kb.duckdb", kb_dir=args.kb)
        empty = Template("<!doctype html><title>{{ t }}</title>")
        baseline = statistics.median(timed(lambda: empty.render(t="x"), 50))
        results["baseline_empty_template_s"] = baseline
        print(f"{'measure':38} {'median s':>10} {'size MB':>8} {'x baseline':>12}")
        from coalition_watch.outputs import briefing as briefing_module
        for country, day in (("AFG", "2021-08-15"), ("SYR", "2024-12-08")):
            for label, use, runs_n, cold in (("no optional parts", (), 5, False),
                                             ("network, cold", ("network",), 3, True),
                                             ("network + risk, warm", ("network", "risk"), 3, False)):
                html = {}

                def render():
                    if cold:
                        briefing_module._ANALYSES.clear()
                    html["v"] = render_briefing_file(build_briefing(store, country, day, use=use))
                if use == ("network", "risk"):
                    first = timed(render, 1)[0]  # fills the risk model's cache
                    results[f"briefing_{country}_first_with_risk_s"] = first
                runs = timed(render, runs_n)
                med = statistics.median(runs)
                size = len(html["v"].encode()) / 1e6
                results[f"briefing_{country}_{label}"] = {"median_s": med, "runs_s": runs, "size_mb": size,
                                                          "ratio_to_baseline": med / baseline}
                print(f"{'briefing ' + country + ' (' + label + ')':38} {med:10.3f} {size:8.2f} {med / baseline:12.0f}")
        store.close()

        gen = generated_store(Path(tmp) / "gen.duckdb")
        client = TestClient(create_app(gen))
        from coalition_watch.outputs import graph as graph_module
        graph = lambda: client.get("/api/graph", params={"country": "ATA", "as_of": "2015-06-30"})  # noqa: E731

        def graph_cold():
            graph_module._BASE.clear()
            return graph()
        cases = lambda: client.get("/api/cases")  # noqa: E731
        first = graph().json()
        assert len(first["nodes"]) == 2000, len(first["nodes"])
        timed(graph, 5)
        graph_runs, cold_runs, cases_runs = timed(graph, 60), timed(graph_cold, 30), timed(cases, 60)
        results["api_graph_2000"] = {"p95_s": p95(graph_runs), "median_s": statistics.median(graph_runs),
                                     "cold_p95_s": p95(cold_runs), "cold_median_s": statistics.median(cold_runs),
                                     "nodes": len(first["nodes"]), "edges": len(first["edges"]),
                                     "baseline_cases_p95_s": p95(cases_runs),
                                     "ratio_to_baseline": p95(graph_runs) / p95(cases_runs)}
        print(f"{'GET /api/graph 2000 nodes p95':38} {p95(graph_runs):10.3f} {'':8} "
              f"{p95(graph_runs) / p95(cases_runs):12.1f}  (vs /api/cases p95 {p95(cases_runs):.4f} s)")
        print(f"{'  same, store read every time, p95':38} {p95(cold_runs):10.3f}")
        gen.close()
    results["load_average_at_end"] = os.getloadavg()
    print(f"load average (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
