"""Throughput of the extraction rule path against the alias automaton alone, measured in the same run.

Corpus: the shared dev corpus (``corpus/dev.jsonl``) repeated to about 6,000 sentences.
Reports sentences per second (median of 3 runs) for: the alias automaton alone (one process),
the full rule path (one process) and the full rule path on all cores (``extract_parallel``).
Writes ``benchmarks/results/extract.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coalition_watch.extract.folding import fold  # noqa: E402
from coalition_watch.extract.pipeline import Extractor, extract_parallel  # noqa: E402
from coalition_watch.extract.sentences import split_sentences  # noqa: E402
from coalition_watch.paths import shared_dir  # noqa: E402
from coalition_watch.registry.knowledge_base import read_kb  # noqa: E402
from coalition_watch.registry.resolver import Resolver  # noqa: E402

RUNS = 3
TARGET_SENTENCES = 6000


def corpus() -> tuple[list[tuple[str, str]], int]:
    docs = [json.loads(line) for line in (shared_dir() / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()]
    per_pass = sum(len(split_sentences(d["text"])) for d in docs)
    repeats = max(1, TARGET_SENTENCES // per_pass)
    items = [(f"{d['id']}-{r}", d["text"]) for r in range(repeats) for d in docs]
    return items, per_pass * repeats


def timed(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    kb, problems = read_kb(None)
    resolver = Resolver(kb.actors.values(), kb.lineage)
    extractor = Extractor(resolver)
    items, sentences = corpus()
    extractor.extract_batch(items[:20])  # warm caches (dateparser, resolver) as a long run would be

    automaton = timed(lambda: [extractor.matcher.automaton_matches(t, fold(t)) for _, t in items])
    rules = timed(lambda: extractor.extract_batch(items))
    cores = os.cpu_count() or 1
    parallel = timed(lambda: list(extract_parallel(extractor, items, workers=cores, chunk_size=32)))
    result = {
        "date": time.strftime("%Y-%m-%d"), "cores": cores, "sentences": sentences, "documents": len(items),
        "actors": len(resolver.actors), "aliases_indexed": extractor.matcher.alias_count,
        "alias_automaton_sentences_per_s": round(sentences / automaton),
        "rule_path_1_process_sentences_per_s": round(sentences / rules),
        f"rule_path_{cores}_processes_sentences_per_s": round(sentences / parallel),
        "rule_path_vs_automaton": round(automaton / rules, 3),
        "parser_path": "not measured: no dependency parser installed (rule path only)",
    }
    print(f"{'path':<34}{'sentences/s':>12}")
    print(f"{'alias automaton alone (1 proc)':<34}{result['alias_automaton_sentences_per_s']:>12,}")
    print(f"{'rule path (1 proc)':<34}{result['rule_path_1_process_sentences_per_s']:>12,}")
    print(f"{f'rule path ({cores} procs)':<34}{result[f'rule_path_{cores}_processes_sentences_per_s']:>12,}")
    out = ROOT / "benchmarks/results/extract.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
