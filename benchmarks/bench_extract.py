"""Throughput of the extraction rule path against the alias automaton alone, measured in the same run.

Corpus: the shared dev corpus (``corpus/dev.jsonl``) repeated to about 6,000 sentences.
Reports sentences per second (median of 5 runs) for: the alias automaton alone (one process),
the full rule path (one process), and the batch path as the CLI runs it (``extract_parallel``,
dicts out) on one process and on all cores, alternated run by run, by wall-clock time, and the one-process rule path by CPU time as well (on a shared machine the
wall-clock figures move with the load; the CPU-time figure and the ratio to the automaton measured
in the same run do not). The load average is recorded. Writes ``benchmarks/results/extract.json``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coalition_watch.extract import parser as dependency  # noqa: E402
from coalition_watch.extract.folding import fold  # noqa: E402
from coalition_watch.extract.pipeline import Extractor, extract_parallel  # noqa: E402
from coalition_watch.extract.sentences import split_sentences  # noqa: E402
from coalition_watch.paths import shared_dir  # noqa: E402
from coalition_watch.registry.knowledge_base import read_kb  # noqa: E402
from coalition_watch.registry.resolver import Resolver  # noqa: E402

RUNS = 5
TARGET_SENTENCES = 6000


def corpus() -> tuple[list[tuple[str, str]], int]:
    docs = [json.loads(line) for line in (shared_dir() / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()]
    per_pass = sum(len(split_sentences(d["text"])) for d in docs)
    repeats = max(1, TARGET_SENTENCES // per_pass)
    items = [(f"{d['id']}-{r}", d["text"]) for r in range(repeats) for d in docs]
    return items, per_pass * repeats


def timed(fn, clock=time.perf_counter) -> float:
    times = []
    for _ in range(RUNS):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def _parsed_sentences(extractor: Extractor, items: list[tuple[str, str]]) -> int:
    """How many sentences the parser reads: those with two or more resolved groups."""
    calls = []
    refine = extractor.scoper.refine
    extractor.scoper.refine = lambda text, sentences: calls.append(len(sentences)) or refine(text, sentences)
    try:
        extractor.extract_batch(items)
    finally:
        extractor.scoper.refine = refine
    return sum(calls)


#: a list-like text with no full stop (a table of contents, a scraped menu): one sentence of
#: ~14,000 characters naming ~900 groups, the worst case of the pairwise sentence rules
RUN_ON_TEXT = " ".join(["Hamas - Gaza Hezbollah - Lebanon ISIS - Syria Taliban - Kabul"] * 230)


def _run_on_sentence(extractor: Extractor) -> dict:
    """Seconds for :data:`RUN_ON_TEXT` as one sentence and cut into 230 sentences (same words),
    medians of 3: the pairwise rules of one long sentence must not grow much faster than its length."""
    one = statistics.median(timed(lambda: extractor.extract("run-on", RUN_ON_TEXT)) for _ in range(3))
    cut = RUN_ON_TEXT.replace(" Kabul ", " Kabul. ")
    split = statistics.median(timed(lambda: extractor.extract("cut", cut)) for _ in range(3))
    return {"run_on_sentence_s": round(one, 3), "same_words_in_230_sentences_s": round(split, 3),
            "run_on_vs_split": round(one / split, 2)}


def main() -> None:
    kb, problems = read_kb(None)
    resolver = Resolver(kb.actors.values(), kb.lineage)
    extractor = Extractor(resolver)
    items, sentences = corpus()
    extractor.extract_batch(items[:20])  # warm caches (dateparser, resolver) as a long run would be

    automaton = timed(lambda: [extractor.matcher.automaton_matches(t, fold(t)) for _, t in items])
    load_before = os.getloadavg()[0]
    rules = timed(lambda: extractor.extract_batch(items))
    rules_cpu = timed(lambda: extractor.extract_batch(items), clock=time.process_time)
    cores = os.cpu_count() or 1
    # the batch path as the CLI runs it (dicts out), on one process and on all cores, alternated so
    # that a change in the machine's load hits both alike
    one, many, worker_cpu = [], [], []
    for _ in range(RUNS):
        for times, workers in ((one, 1), (many, cores)):
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            list(extract_parallel(extractor, items, workers=workers))
            times.append(time.perf_counter() - start)
            if workers > 1:  # CPU time the workers used: shows whether the split costs anything
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                worker_cpu.append(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
    batch_one, parallel = statistics.median(one), statistics.median(many)
    parsed = None
    try:
        with_parser = Extractor(resolver, parser="spacy")
        with_parser.extract_batch(items[:20])
        parsed = timed(lambda: with_parser.extract_batch(items))
        parsed_cpu = timed(lambda: with_parser.extract_batch(items), clock=time.process_time)
        parsed_sentences = _parsed_sentences(with_parser, items)
    except dependency.ParserUnavailable as exc:
        parser_note = f"not measured: {exc}"
    run_on = _run_on_sentence(extractor)
    load_after = os.getloadavg()[0]
    result = {
        "date": time.strftime("%Y-%m-%d"), "cores": cores, "sentences": sentences, "documents": len(items),
        "actors": len(resolver.actors), "aliases_indexed": extractor.matcher.alias_count,
        "alias_automaton_sentences_per_s": round(sentences / automaton),
        "rule_path_1_process_sentences_per_s": round(sentences / rules),
        "rule_path_1_process_cpu_time_sentences_per_s": round(sentences / rules_cpu),
        "load_average_at_start": round(load_before, 2),
        "load_average_at_end": round(load_after, 2),
        "batch_1_process_sentences_per_s": round(sentences / batch_one),
        f"rule_path_{cores}_processes_sentences_per_s": round(sentences / parallel),
        f"speed_up_{cores}_processes_vs_1": round(batch_one / parallel, 2),
        f"batch_{cores}_processes_sentences_per_worker_cpu_s": round(sentences / statistics.median(worker_cpu)),
        "rule_path_vs_automaton": round(automaton / rules, 3),
        **run_on,
    }
    if parsed is None:
        result["parser_path"] = parser_note
    else:
        result.update({
            "parser_path_1_process_sentences_per_s": round(sentences / parsed),
            "parser_path_1_process_cpu_time_sentences_per_s": round(sentences / parsed_cpu),
            "parser_path_sentences_parsed": parsed_sentences,
            "parser_path_vs_rule_path": round(rules / parsed, 3),
            "parser_path_vs_rule_path_cpu_time": round(rules_cpu / parsed_cpu, 3),
        })
    print(f"{'path':<34}{'sentences/s':>12}")
    print(f"{'alias automaton alone (1 proc)':<34}{result['alias_automaton_sentences_per_s']:>12,}")
    print(f"{'rule path (1 proc)':<34}{result['rule_path_1_process_sentences_per_s']:>12,}")
    print(f"{'rule path (1 proc, CPU time)':<34}{result['rule_path_1_process_cpu_time_sentences_per_s']:>12,}")
    print(f"{'batch path (1 proc, dicts out)':<34}{result['batch_1_process_sentences_per_s']:>12,}")
    print(f"{f'batch path ({cores} procs)':<34}{result[f'rule_path_{cores}_processes_sentences_per_s']:>12,}")
    print(f"{f'batch path ({cores} procs, per worker CPU-s)':<34}{result[f'batch_{cores}_processes_sentences_per_worker_cpu_s']:>12,}")
    if parsed is not None:
        print(f"{'parser path (1 proc)':<34}{result['parser_path_1_process_sentences_per_s']:>12,}")
        print(f"{'parser path (1 proc, CPU time)':<34}{result['parser_path_1_process_cpu_time_sentences_per_s']:>12,}")
    print(f"speed-up of {cores} processes over 1: {result[f'speed_up_{cores}_processes_vs_1']}")
    print(f"one run-on sentence of {len(RUN_ON_TEXT):,} characters: {run_on['run_on_sentence_s']} s, "
          f"the same words in 230 sentences: {run_on['same_words_in_230_sentences_s']} s "
          f"(ratio {run_on['run_on_vs_split']})")
    if parsed is not None:
        print(f"parser path / rule path (1 proc): {result['parser_path_vs_rule_path']} "
              f"(CPU time {result['parser_path_vs_rule_path_cpu_time']}); "
              f"{parsed_sentences} of {sentences} sentences parsed (those naming two or more groups)")
    else:
        print(f"parser path {result['parser_path']}")
    out = ROOT / "benchmarks/results/extract.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"load average at start {load_before:.2f} on {cores} cores; wrote {out}")


if __name__ == "__main__":
    main()
