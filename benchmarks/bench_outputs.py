"""Benchmark the outputs: briefing render time, HTML size, and the API graph endpoint's p95.

1. Briefing: build + render the self-contained Afghanistan-2021 and Syria-2024 briefings from the
   embedded knowledge base, without optional parts, with the network analytics (cold: coalition
   detection rerun each time), and with network + risk once their caches are warm; against
   rendering an empty Jinja template (the floor of any page) in the same run. Target: < 3 s;
   file < 5 MB.
2. API: ``GET /api/graph`` on a generated 2,000-node, 6,000-edge graph (synthetic actors in
   country ATA): 60 requests for the same date, 60 for a new date each time, 40 first requests
   after a store change (the cached rows dropped before each), and 40 first requests after a
   review decision through the app (which reads the changed graph again in a background task;
   the test client runs it before the POST returns, so the POST's time includes it); median and
   p95 against ``GET /api/cases`` (a trivial endpoint). Target: p95 < 200 ms.

Usage: python benchmarks/bench_outputs.py [--kb KB_DIR] [--only briefing|api]
(``--only`` writes ``results/outputs-<half>.json`` instead of ``results/outputs.json``.)
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


def generated_store(path: Path, nodes: int = 2000, edges: int = 6000, pending: int = 40):
    """``nodes`` synthetic actors in country ATA and ``edges`` curated relations among them, plus
    ``pending`` extracted relations waiting for review (ids ``p0``…)."""
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
        for j in range(pending):
            a, b = rng.sample(range(nodes), 2)
            rows.append([f"p{j}", f"g{a}", f"g{b}", "alliance", 1, False, "2010", dt.date(2010, 1, 1), 0.6,
                         "extracted-pending", "extract:bench", ["bench-src"], "generated"])
        con.executemany("INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, "
                        "valid_from_date, confidence, status, provenance, sources, note) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("INSERT INTO documents (id, url, title, date, text) VALUES "
                    "('bench-doc', 'https://example.org/doc', 'Generated report', '2010-01-01', 'generated')")
        con.executemany("INSERT INTO claims (id, document_id, relation_id, source_id, target_id, type, polarity, "
                        "confidence, evidence, start_offset, end_offset) VALUES "
                        "(?, 'bench-doc', ?, ?, ?, 'alliance', 'asserted', 0.6, 'generated', 0, 9)",
                        [[f"claim-{r[0]}", r[0], r[1], r[2]] for r in rows[edges:]])
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", default=None, help="knowledge-base folder (default: embedded)")
    parser.add_argument("--only", choices=("briefing", "api"), default=None, help="run one half")
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
        for country, day in (("AFG", "2021-08-15"), ("SYR", "2024-12-08")) if args.only != "api" else ():
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

        if args.only == "briefing":
            RESULTS.with_name("outputs-briefing.json").write_text(json.dumps(results, indent=2))
            return
        gen = generated_store(Path(tmp) / "gen.duckdb")
        client = TestClient(create_app(gen))
        from coalition_watch.outputs import graph as graph_module

        def graph(day: str = "2015-06-30"):
            response = client.get("/api/graph", params={"country": "ATA", "as_of": day})
            assert response.status_code == 200
            return response

        def graph_cold():
            graph_module._BASE.clear()  # as after a store change: rows read and serialised again
            return graph()
        months = iter([f"{2000 + i // 12}-{1 + i % 12:02d}-15" for i in range(240)])
        cases = lambda: client.get("/api/cases")  # noqa: E731
        first = graph().json()
        assert len(first["nodes"]) == 2000, len(first["nodes"])
        timed(graph, 5)
        graph_runs, cases_runs = timed(graph, 60), timed(cases, 60)
        new_date_runs = timed(lambda: graph(next(months)), 60)
        cold_runs = timed(graph_cold, 40)
        graph()
        decisions = iter(range(40))
        post_runs, after_review_runs = [], []
        for j in decisions:  # accept a pending relation through the app, then ask for the graph
            start = time.perf_counter()
            answer = client.post(f"/api/review/p{j}", json={"action": "accept", "reviewer": "bench"},
                                 headers={"X-CSRF-Token": client.app.state.csrf})
            post_runs.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
            after_review_runs.append(timed(graph, 1)[0])
        base = p95(cases_runs)
        results["api_graph_2000"] = {
            "nodes": len(first["nodes"]), "edges": len(first["edges"]),
            "same_date_p95_s": p95(graph_runs), "same_date_median_s": statistics.median(graph_runs),
            "new_date_p95_s": p95(new_date_runs), "new_date_median_s": statistics.median(new_date_runs),
            "cold_p95_s": p95(cold_runs), "cold_median_s": statistics.median(cold_runs),
            "after_review_p95_s": p95(after_review_runs), "after_review_median_s": statistics.median(after_review_runs),
            "review_post_p95_s": p95(post_runs), "review_post_median_s": statistics.median(post_runs),
            "baseline_cases_p95_s": base, "baseline_cases_median_s": statistics.median(cases_runs),
            "cold_p95_ratio_to_baseline": p95(cold_runs) / base}
        print(f"{'GET /api/graph 2000 nodes':38} {'median s':>10} {'p95 s':>8} {'p95 x /api/cases':>17}")
        for label, runs in (("same date again", graph_runs), ("a new date each request", new_date_runs),
                            ("first after a store change (cold)", cold_runs),
                            ("first after a review in the app", after_review_runs),
                            ("POST review (+ graph refresh)", post_runs), ("GET /api/cases (baseline)", cases_runs)):
            print(f"{'  ' + label:38} {statistics.median(runs):10.3f} {p95(runs):8.3f} {p95(runs) / base:17.1f}")
        gen.close()
    results["load_average_at_end"] = os.getloadavg()
    print(f"load average (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} CPUs")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    out = RESULTS if args.only is None else RESULTS.with_name(f"outputs-{args.only}.json")
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
