"""Dump the complete output of the extraction rule path on fixed inputs, for before/after comparisons.

A change meant only to make extraction faster must leave this dump byte for byte unchanged::

    PYTHONPATH=$PWD python benchmarks/dump_extract.py /tmp/before.jsonl   # on the old code
    PYTHONPATH=$PWD python benchmarks/dump_extract.py /tmp/after.jsonl    # on the new code
    cmp /tmp/before.jsonl /tmp/after.jsonl

Inputs (read from the shared data folder and the test sets at run time):

* the dev corpus (``corpus/dev.jsonl``) with the default extractor, with the nearby-cue fallback,
  and with each document read as a page about its first resolved group (subject links on);
* the MMP descriptions (``data/mmp/relationships_dev.csv``, column ``description``) as
  ``cwatch eval mmp`` reads them (gazetteer resolver, ``subject=group1``, ``context=[group2]``),
  with subject links off and on, and as plain text with the embedded knowledge base;
* the labelled sentence sets ``tests/extract/*.jsonl`` with the small test knowledge base (as the
  tests read them) and with the embedded knowledge base;
* the benchmark's corpus (``bench_extract.corpus()``) through ``extract_parallel`` on one process
  and on two;
* a synthetic batch: the sentences of all the inputs above shuffled (fixed seed) into new
  documents of 3–12 sentences, so that anaphors, lists and subjects meet new neighbours.

Each line is one document's complete output (mentions, relations with offsets, confidence and
polarity, new group candidates, places, dates, alias suggestions), keys sorted, tagged with the
input set. The last line holds a SHA-256 of everything before it.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_extract import corpus as bench_corpus  # noqa: E402
from coalition_watch.extract import evaluation  # noqa: E402
from coalition_watch.extract.pipeline import Extractor, extract_parallel  # noqa: E402
from coalition_watch.extract.sentences import split_sentences  # noqa: E402
from coalition_watch.paths import shared_dir  # noqa: E402
from coalition_watch.registry.knowledge_base import read_kb  # noqa: E402
from coalition_watch.registry.resolver import Resolver  # noqa: E402
from tests.extract.challenge import challenge_extractor  # noqa: E402

SETS = sorted((ROOT / "tests/extract").glob("*.jsonl"))


def _line(tag: str, doc: dict) -> str:
    return json.dumps({"set": tag, **doc}, sort_keys=True, ensure_ascii=False)


def records():
    kb, _ = read_kb(None)
    resolver = Resolver(kb.actors.values(), kb.lineage)
    default = Extractor(resolver)
    nearby = Extractor(resolver, nearby_fallback=True)
    linking = Extractor(resolver, subject_fallback=True)
    no_anaphora = Extractor(resolver, anaphora=False, fallback=False)
    small = challenge_extractor()

    dev = [json.loads(line) for line in (shared_dir() / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    for doc in dev:
        yield _line("dev", default.extract(doc["id"], doc["text"]).as_dict())
        yield _line("dev-nearby", nearby.extract(doc["id"], doc["text"]).as_dict())
        yield _line("dev-no-anaphora", no_anaphora.extract(doc["id"], doc["text"]).as_dict())
        first = default.extract(doc["id"], doc["text"]).mentions
        subject = next((m.actor_id for m in first if m.actor_id), None)
        yield _line("dev-subject", linking.extract(doc["id"], doc["text"], subject=subject).as_dict())

    rows = evaluation.read_mmp_relations(shared_dir() / "data/mmp/relationships_dev.csv")
    gazetteer = evaluation.mmp_gazetteer(resolver, rows)
    mmp_rules, mmp_links = Extractor(gazetteer), Extractor(gazetteer, subject_fallback=True)
    for row in rows:
        a = gazetteer.resolve(row["group1_name"]).actor_id or f"mmp:{row['group1_name']}"
        b = gazetteer.resolve(row["group2_name"]).actor_id or f"mmp:{row['group2_name']}"
        doc_id = str(row.get("unique_id", row["line"]))
        yield _line("mmp", mmp_rules.extract(doc_id, row["description"], subject=a, context=[b]).as_dict())
        yield _line("mmp-links", mmp_links.extract(doc_id, row["description"], subject=a, context=[b]).as_dict())
        yield _line("mmp-plain", default.extract(doc_id, row["description"]).as_dict())

    sentences = []
    for path in SETS:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for item in items:
            yield _line(f"{path.stem}-small", small.extract(item["id"], item["text"]).as_dict())
            yield _line(f"{path.stem}-kb", default.extract(item["id"], item["text"]).as_dict())
            sentences.append(item["text"])

    items, _ = bench_corpus()
    for workers in (1, 2):
        for doc in extract_parallel(default, items, workers=workers):
            yield _line(f"bench-{workers}", doc)

    for text in [d["text"] for d in dev] + [r["description"] for r in rows]:
        sentences.extend(text[s:e] for s, e in split_sentences(text))
    rng = random.Random(20261128)
    rng.shuffle(sentences)
    synthetic, cursor = [], 0
    while cursor < len(sentences):
        size = rng.randint(3, 12)
        synthetic.append((f"syn{len(synthetic)}", " ".join(sentences[cursor:cursor + size])))
        cursor += size
    for doc_id, text in synthetic:
        yield _line("synthetic", default.extract(doc_id, text).as_dict())
        yield _line("synthetic-small", small.extract(doc_id, text).as_dict())
    for doc_id, text in synthetic[::3]:
        first = default.extract(doc_id, text).mentions
        subject = next((m.actor_id for m in first if m.actor_id), None)
        yield _line("synthetic-subject", linking.extract(doc_id, text, subject=subject).as_dict())
        yield _line("synthetic-nearby", nearby.extract(doc_id, text).as_dict())


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "extract-dump.jsonl")
    digest = hashlib.sha256()
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for line in records():
            handle.write(line + "\n")
            digest.update((line + "\n").encode("utf-8"))
            count += 1
    summary = {"documents": count, "sha256": digest.hexdigest()}
    with out.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(summary) + "\n")
    print(f"{count} documents, sha256 {summary['sha256']}; wrote {out}")


if __name__ == "__main__":
    main()
