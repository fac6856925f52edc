"""Challenge sets for relation typing: sentences written for these tests, each labelled with the
relations it states, and the scorer that measures the rule path on them.

The sets cover every relation type in many wordings (verbs, nouns, passives, appositives,
relative clauses, lists, reported speech, change over time, negation, hedging) and sentences that
name two groups without relating them. The groups are the small test knowledge base
(``tests/fixtures/kb_small``) plus :data:`EXTRA_ACTORS`.

Scoring: every extracted claim counts (as in ``cwatch eval extraction``); a claim matches a label
on (source, target, type), direction-insensitive for symmetric types; types are kept apart
(``sanctuary`` and ``state_support`` are not folded into ``support``). Polarity agreement is
reported over matched claims.

Run ``PYTHONPATH=$PWD python -m tests.extract.challenge [FILE.jsonl ...]`` for the table.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from coalition_watch.extract.pipeline import Extractor
from coalition_watch.models import Actor
from coalition_watch.registry.knowledge_base import load_kb
from coalition_watch.registry.resolver import Resolver
from coalition_watch.vocabulary import is_directed

HERE = Path(__file__).resolve().parent
CHALLENGE = HERE / "challenge_relations.jsonl"
CHECK = HERE / "check_relations.jsonl"
CHECK2 = HERE / "check2_relations.jsonl"
CHECK3 = HERE / "check3_relations.jsonl"
SMALL_KB = HERE.parent / "fixtures" / "kb_small"

#: groups and states the sentences name beyond the small test knowledge base
EXTRA_ACTORS = [
    Actor(id="iran", name="Iran", kind="state", origin="IRN"),
    Actor(id="pakistan", name="Pakistan", kind="state", origin="PAK"),
    Actor(id="turkey", name="Turkey", aliases=["Türkiye"], kind="state", origin="TUR"),
    Actor(id="al-shabaab", name="al-Shabaab", aliases=["Harakat al-Shabaab al-Mujahideen"], operates_in=["SOM"]),
    Actor(id="aqap", name="al-Qaeda in the Arabian Peninsula", aliases=["AQAP"], operates_in=["YEM"]),
    Actor(id="hezbollah", name="Hezbollah", aliases=["Hizballah"], operates_in=["LBN"]),
    Actor(id="houthis", name="Houthis", aliases=["Ansar Allah", "Houthi movement"], operates_in=["YEM"]),
    Actor(id="boko-haram", name="Boko Haram", operates_in=["NGA"]),
    Actor(id="iswap", name="Islamic State West Africa Province", aliases=["ISWAP"], operates_in=["NGA"]),
    Actor(id="iskp", name="Islamic State Khorasan Province", aliases=["ISKP", "ISIS-K"], operates_in=["AFG", "PAK"]),
    Actor(id="jnim", name="Jama'at Nusrat al-Islam wal-Muslimin", aliases=["JNIM"], operates_in=["MLI"]),
    Actor(id="ansar-dine", name="Ansar Dine", operates_in=["MLI"]),
    Actor(id="jaish-al-islam", name="Jaish al-Islam", operates_in=["SYR"]),
    Actor(id="haqqani", name="Haqqani Network", operates_in=["AFG", "PAK"]),
    Actor(id="jaish-e-mohammed", name="Jaish-e-Mohammed", aliases=["JeM"], operates_in=["PAK"]),
    Actor(id="lashkar-e-taiba", name="Lashkar-e-Taiba", aliases=["LeT"], operates_in=["PAK"]),
    Actor(id="imu", name="Islamic Movement of Uzbekistan", aliases=["IMU"], operates_in=["AFG", "PAK"]),
]


def challenge_extractor() -> Extractor:
    """The default rule path over the small knowledge base and :data:`EXTRA_ACTORS`."""
    kb = load_kb(SMALL_KB)
    return Extractor(Resolver([*kb.actors.values(), *EXTRA_ACTORS], kb.lineage))


def read_set(path: Path) -> list[dict]:
    """The labelled sentences of one JSONL set."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def key(source: str, target: str, kind: str) -> tuple[str, str, str]:
    """Matching key: symmetric types ignore direction."""
    if not is_directed(kind):
        source, target = sorted((source, target))
    return source, target, kind


def score(extractor: Extractor, items: list[dict]) -> dict:
    """Per-type and overall precision/recall/F1, polarity agreement, and the sentences with
    errors (``errors``: id, missed labels, extra claims)."""
    counts: dict[str, Counter] = {}
    polarity = Counter()
    errors = []
    for item in items:
        gold = {key(r["source"], r["target"], r["type"]): r["polarity"] for r in item["relations"]}
        pred: dict = {}
        for rel in extractor.extract(item["id"], item["text"]).relations:
            pred.setdefault(key(rel.source, rel.target, rel.type), rel.polarity)
        for k in set(gold) | set(pred):
            c = counts.setdefault(k[2], Counter())
            c["tp"] += k in gold and k in pred
            c["pred"] += k in pred
            c["gold"] += k in gold
            if k in gold and k in pred:
                polarity["matched"] += 1
                polarity["agree"] += gold[k] == pred[k]
        if set(gold) != set(pred):
            errors.append({"id": item["id"], "missed": sorted(set(gold) - set(pred)),
                           "extra": sorted(set(pred) - set(gold))})
    total = sum(counts.values(), Counter())
    return {"types": {k: _prf(v) for k, v in sorted(counts.items())}, "all": _prf(total),
            "polarity_agreement": round(polarity["agree"] / polarity["matched"], 3) if polarity["matched"] else 0.0,
            "sentences": len(items), "errors": errors}


def _prf(c: Counter) -> dict:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": c["tp"], "predicted": c["pred"], "gold": c["gold"]}


def _print(name: str, result: dict, verbose: bool) -> None:
    print(f"{name}: {result['sentences']} sentences")
    print(f"{'type':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'pred':>6}{'gold':>6}")
    for kind, s in [*result["types"].items(), ("ALL", result["all"])]:
        print(f"{kind:<18}{s['precision']:>7.2f}{s['recall']:>7.2f}{s['f1']:>7.2f}{s['tp']:>5}{s['predicted']:>6}{s['gold']:>6}")
    print(f"polarity agreement on matched claims: {result['polarity_agreement']:.2f}")
    if verbose:
        for e in result["errors"]:
            print(" ", e["id"], "missed", e["missed"], "extra", e["extra"])


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or [CHALLENGE]
    extractor = challenge_extractor()
    for path in paths:
        _print(path.name, score(extractor, read_set(path)), verbose)


if __name__ == "__main__":
    main(sys.argv[1:])
