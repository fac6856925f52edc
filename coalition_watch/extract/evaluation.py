"""Score extraction on annotated text: the dev corpus (JSONL) and MMP relation descriptions (CSV).

Matching rules
--------------
* **Mentions**: per document, the set of actors mentioned. A gold ``canonical`` name is mapped to
  an actor id with the resolver; a gold name that resolves to nothing stays a name and can only be
  missed. Precision P = |pred ∩ gold| / |pred|, recall R = |pred ∩ gold| / |gold|,
  F1 = 2PR / (P + R), micro-averaged over documents.
  The gold annotates groups, so mentions of states (actor kind ``state``/``state_force``) are
  left out of the predicted set unless the gold lists them.
* **Relations**: per document, the set of (source, target, type) triples; for symmetric types
  (alliance, rivalry) the pair is unordered. The gold scheme has no ``sanctuary`` or
  ``state_support`` labels, so those count as ``support``. Scores are reported overall, per type,
  and for the gold relations whose two groups are both named in the evidence sentence
  (``needs_coref`` false) against predictions that did not go through an anaphor.
* **Relations between groups**: the same, with the predicted relations that involve a state
  left out unless the gold lists that state (as for mentions): the gold scheme annotates
  relations among armed groups, so a state's relation can only be a false positive there. The
  headline ``relations`` score keeps them.
* **Precision by confidence** (``by_confidence``): the relations between groups, each counted
  once at its most confident claim, binned by confidence (:data:`CONFIDENCE_BANDS`), with the
  share that the gold has; it tells a reviewer how far down the confidence order to read.
* **MMP**: each description is read as a page about its first group (``subject=group1``: an
  anaphor with no group named before it refers to that group) that also concerns the second
  (``context=[group2]``: shared names and bare acronyms may be settled by the two groups); the pair is recovered if a
  relation between the two groups is extracted; the type is correct if the most confident relation of that pair has the expected
  type (all→alliance, riv→rivalry, aff→pledge, spl→split, mer→merger).
* **MMP, lineage-aware**: MMP lists a group under one name for its whole history while the
  registry splits renamed groups ("Hay'at Tahrir al-Sham (Formerly Jabhat al-Nusra)" is ``hts``; a
  description of 2013 names Jabhat al-Nusra). The lineage-aware pair recall also counts a row when
  each extracted group lies in the *lineage chain* of the gold group on its side: the group itself
  and its predecessors and successors through ``renamed``, ``merged`` and ``succeeded`` links
  (followed transitively in one direction at a time, so two groups that merged into the same
  successor are not each other's chain; ``split`` links are not followed, nor a succession between
  a state and a non-state actor: the Taliban are not the Afghan republic). Both the strict and
  the lineage-aware numbers are reported; the targets refer to the lineage-aware one.
* **Baseline**: sentence co-occurrence — every pair of groups named in one sentence, typed with the
  most frequent gold type (alliance). It shows what the cue rules add.
"""

from __future__ import annotations

import bisect
import csv
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..models import Actor
from ..registry.resolver import Resolver
from ..vocabulary import STATE_KINDS, is_directed
from .new_groups import new_group_id
from .pipeline import Extractor
from .readers import json_lines
from .sentences import split_sentences

GOLD_TYPE = {"sanctuary": "support", "state_support": "support"}
MMP_TYPES = {"all": "alliance", "riv": "rivalry", "aff": "pledge", "spl": "split", "mer": "merger"}


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall and F1 from counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
            "predicted": n_pred, "gold": n_gold}


def relation_key(source: str, target: str, kind: str) -> tuple[str, str, str]:
    """The matching key of a relation: symmetric types ignore direction."""
    kind = GOLD_TYPE.get(kind, kind)
    if not is_directed(kind):
        source, target = sorted((source, target))
    return source, target, kind


def read_gold(path: str | Path) -> list[dict]:
    """Gold documents from a JSONL file (``id``, ``text``, ``groups``, ``relations``)."""
    docs = []
    for number, doc in json_lines(Path(path).read_text(encoding="utf-8"), path):
        for key in ("id", "text"):
            if not isinstance(doc.get(key), str):
                raise InputError("missing or not a string", file=str(path), line=number, field=key)
        docs.append(doc)
    return docs


def _gold_id(resolver: Resolver, name: str, cache: dict) -> str:
    if name not in cache:
        match = resolver.resolve(name)
        cache[name] = match.actor_id or f"name:{name}"
    return cache[name]


def new_group_keys(relations, gold_groups: list[dict], gold_id) -> set[tuple[str, str, str]]:
    """Matching keys of claims with a possible new group: a provisional id names the gold group
    whose annotated mention or canonical name has the same provisional id ("the Free Idlib Brigade"
    and "Free Idlib Brigade" match); ``gold_id`` maps a canonical name to its matching id."""
    names = {}
    for g in gold_groups:
        for text in (g.get("mention"), g.get("canonical")):
            if isinstance(text, str):
                names.setdefault(new_group_id(text), gold_id(g["canonical"]))
    return {relation_key(names.get(r.source, r.source), names.get(r.target, r.target), r.type) for r in relations}


def cooccurrence_relations(extractor: Extractor, doc_id: str, text: str,
                           context: list[str] = ()) -> list[tuple[str, str, str]]:
    """The baseline: every pair of distinct groups named in one sentence, typed alliance (the
    mentions are found as the extractor finds them, with the same ``context``)."""
    mentions, _ = extractor.matcher.find(text, context=context)
    out = []
    for start, end in split_sentences(text, extractor.splitter):
        ids = sorted({m.actor_id for m in mentions if m.actor_id and start <= m.start and m.end <= end})
        out.extend((a, b, "alliance") for i, a in enumerate(ids) for b in ids[i + 1:])
    return out


def evaluate_corpus(extractor: Extractor, docs: list[dict]) -> dict:
    """Mention and relation scores of ``extractor`` on gold documents, with the baseline."""
    cache: dict[str, str] = {}
    counts = Counter()
    per_type = defaultdict(Counter)
    missing_groups: Counter = Counter()
    per_doc = []
    for doc in docs:
        result = extractor.extract(doc["id"], doc["text"])
        gold_mentions = {_gold_id(extractor.resolver, g["canonical"], cache) for g in doc.get("groups", [])}
        for g in doc.get("groups", []):
            if _gold_id(extractor.resolver, g["canonical"], cache).startswith("name:"):
                missing_groups[g["canonical"]] += 1
        states = extractor.states - gold_mentions  # gold lists groups; a state counts only if annotated
        pred_mentions = {m.actor_id for m in result.mentions if m.actor_id and m.actor_id not in states}
        counts["m_tp"] += len(gold_mentions & pred_mentions)
        counts["m_pred"] += len(pred_mentions)
        counts["m_gold"] += len(gold_mentions)
        gold, gold_named = set(), set()
        for rel in doc.get("relations", []):
            key = relation_key(_gold_id(extractor.resolver, rel["source"], cache),
                               _gold_id(extractor.resolver, rel["target"], cache), rel["type"])
            gold.add(key)
            if not rel.get("needs_coref"):
                gold_named.add(key)
        pred = {relation_key(r.source, r.target, r.type) for r in result.relations}
        confidence: dict[tuple, float] = {}
        for r in result.relations:  # a claim's key once, at its most confident
            key = relation_key(r.source, r.target, r.type)
            confidence[key] = max(confidence.get(key, 0.0), r.confidence)
        pred_named = {relation_key(r.source, r.target, r.type) for r in result.relations if not r.anaphoric}
        base = {relation_key(*t) for t in cooccurrence_relations(extractor, doc["id"], doc["text"])}
        pred_groups = {k for k in pred if not ({k[0], k[1]} & states)}
        pred_new = pred | new_group_keys(result.new_group_relations, doc.get("groups", []),
                                         lambda name: _gold_id(extractor.resolver, name, cache))
        for name, p, g in (("r", pred, gold), ("n", pred_named, gold_named), ("b", base, gold),
                           ("bn", base, gold_named), ("g", pred_groups, gold), ("w", pred_new, gold)):
            counts[f"{name}_tp"] += len(p & g)
            counts[f"{name}_pred"] += len(p)
            counts[f"{name}_gold"] += len(g)
        for key in pred_groups:
            band = confidence_band(confidence[key])
            counts[f"c{band}_pred"] += 1
            counts[f"c{band}_tp"] += key in gold
        pairs = lambda s: {tuple(sorted(k[:2])) for k in s}  # noqa: E731
        counts["p_tp"] += len(pairs(pred) & pairs(gold))
        counts["p_pred"] += len(pairs(pred))
        counts["p_gold"] += len(pairs(gold))
        counts["pb_tp"] += len(pairs(base) & pairs(gold))
        counts["pb_pred"] += len(pairs(base))
        for kind in {k[2] for k in pred | gold}:
            p = {k for k in pred if k[2] == kind}
            g = {k for k in gold if k[2] == kind}
            per_type[kind]["tp"] += len(p & g)
            per_type[kind]["pred"] += len(p)
            per_type[kind]["gold"] += len(g)
        per_doc.append({"id": doc["id"], "mentions": prf(len(gold_mentions & pred_mentions), len(pred_mentions), len(gold_mentions)),
                        "relations": prf(len(pred & gold), len(pred), len(gold)),
                        "false_positives": sorted(pred - gold), "false_negatives": sorted(gold - pred)})
    c = counts
    return {
        "documents": len(docs),
        "mentions": prf(c["m_tp"], c["m_pred"], c["m_gold"]),
        "relations": prf(c["r_tp"], c["r_pred"], c["r_gold"]),
        "relations_named_in_sentence": prf(c["n_tp"], c["n_pred"], c["n_gold"]),
        "relations_between_groups": prf(c["g_tp"], c["g_pred"], c["g_gold"]),
        "relation_pairs_untyped": prf(c["p_tp"], c["p_pred"], c["p_gold"]),
        "relations_with_new_groups": prf(c["w_tp"], c["w_pred"], c["w_gold"]),
        "per_type": {k: prf(v["tp"], v["pred"], v["gold"]) for k, v in sorted(per_type.items())},
        "baseline_cooccurrence": {
            "relations": prf(c["b_tp"], c["b_pred"], c["b_gold"]),
            "relations_named_in_sentence": prf(c["bn_tp"], c["bn_pred"], c["bn_gold"]),
            "relation_pairs_untyped": prf(c["pb_tp"], c["pb_pred"], c["p_gold"]),
        },
        "gold_groups_not_in_registry": dict(missing_groups.most_common()),
        "by_confidence": [{"from": low, "to": high, "predicted": c[f"c{i}_pred"], "tp": c[f"c{i}_tp"],
                           "precision": round(c[f"c{i}_tp"] / c[f"c{i}_pred"], 3) if c[f"c{i}_pred"] else None}
                          for i, (low, high) in enumerate(zip(CONFIDENCE_BANDS, CONFIDENCE_BANDS[1:]))],
        "per_document": per_doc,
    }


#: edges of the confidence bands over which ``by_confidence`` reports precision (claims between
#: groups, states left out as in ``relations_between_groups``; the last band includes 1.0)
CONFIDENCE_BANDS = (0.0, 0.6, 0.7, 0.8, 1.0)


def confidence_band(confidence: float) -> int:
    """The index of the band of :data:`CONFIDENCE_BANDS` that holds ``confidence``."""
    return bisect.bisect_right(CONFIDENCE_BANDS[1:-1], confidence)


# -- MMP relation descriptions -----------------------------------------------------------------
def read_mmp_relations(path: str | Path) -> list[dict]:
    """Rows of an MMP relationships CSV (type, description, group1_name, group2_name …)."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        needed = {"type", "description", "group1_name", "group2_name"}
        missing = needed - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"missing columns {', '.join(sorted(missing))}", file=str(path), line=1)
        for number, row in enumerate(reader, 2):
            if row["type"] not in MMP_TYPES:
                raise InputError(f"unknown relation type {row['type']!r}", file=str(path), line=number, field="type")
            row["line"] = number
            row["description"] = (row["description"] or "").replace("\\'", "'")
            rows.append(row)
    return rows


def mmp_gazetteer(resolver: Resolver, rows: list[dict]) -> Resolver:
    """The resolver extended with MMP group names it cannot resolve (ids ``mmp:<name>``)."""
    extra: dict[str, Actor] = {}
    for row in rows:
        for name in (row["group1_name"], row["group2_name"]):
            if resolver.resolve(name).actor_id is None and name not in extra:
                extra[name] = Actor(id=f"mmp:{name}", name=name)
    if not extra:
        return resolver
    return Resolver([*resolver.actors.values(), *extra.values()], resolver.lineage)


LINEAGE_LINKS = ("renamed", "merged", "succeeded")


def lineage_chain(resolver: Resolver, actor_id: str) -> frozenset[str]:
    """``actor_id`` with its predecessors and successors through renames, mergers and successions
    (each direction followed transitively; ``split`` links and state/non-state successions are
    not followed). Unknown ids give a one-element chain."""
    actors = resolver.actors
    if actor_id not in actors:
        return frozenset({actor_id})
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for link in resolver.lineage:
        if link.type not in LINEAGE_LINKS or link.from_id not in actors or link.to_id not in actors:
            continue
        if link.type == "succeeded" and \
                (actors[link.from_id].kind in STATE_KINDS) != (actors[link.to_id].kind in STATE_KINDS):
            continue
        forward[link.from_id].append(link.to_id)
        backward[link.to_id].append(link.from_id)
    chain = {actor_id}
    for index in (forward, backward):
        stack = [actor_id]
        while stack:
            for nxt in index.get(stack.pop(), ()):
                if nxt not in chain:
                    chain.add(nxt)
                    stack.append(nxt)
    return frozenset(chain)


def _pair_in_chains(x: str, y: str, chain_a: frozenset[str], chain_b: frozenset[str]) -> bool:
    return x != y and ((x in chain_a and y in chain_b) or (x in chain_b and y in chain_a))


def evaluate_mmp(extractor: Extractor, rows: list[dict]) -> dict:
    """Pair recall and type accuracy on MMP descriptions, with the co-occurrence baseline."""
    resolver = extractor.resolver
    chains = lru_cache(maxsize=None)(lambda actor_id: lineage_chain(resolver, actor_id))
    counts = Counter()
    per_type = defaultdict(Counter)
    confusion: Counter = Counter()
    misses = []
    for row in rows:
        expected = MMP_TYPES[row["type"]]
        a = resolver.resolve(row["group1_name"]).actor_id or f"mmp:{row['group1_name']}"
        b = resolver.resolve(row["group2_name"]).actor_id or f"mmp:{row['group2_name']}"
        pair = {a, b}
        result = extractor.extract(str(row.get("unique_id", row["line"])), row["description"], subject=a, context=[b])
        chain_a, chain_b = chains(a), chains(b)
        found = [r for r in result.relations if {r.source, r.target} == pair]
        found_chain = [r for r in result.relations if _pair_in_chains(r.source, r.target, chain_a, chain_b)]
        base = {frozenset(t[:2]) for t in cooccurrence_relations(extractor, "", row["description"], [a, b])}
        counts["rows"] += 1
        per_type[expected]["rows"] += 1
        counts["baseline_pair"] += frozenset(pair) in base
        counts["baseline_type"] += frozenset(pair) in base and expected == "alliance"
        counts["baseline_pair_lineage"] += any(_pair_in_chains(*sorted(p), chain_a, chain_b) for p in base if len(p) == 2)
        if a == b:
            counts["same_actor"] += 1
        if found_chain:
            best = max(found_chain, key=lambda r: r.confidence)
            counts["pair_lineage"] += 1
            per_type[expected]["pair_lineage"] += 1
            counts["type_lineage"] += GOLD_TYPE.get(best.type, best.type) == expected
        if found:
            best = max(found, key=lambda r: r.confidence)
            predicted = GOLD_TYPE.get(best.type, best.type)
            counts["pair"] += 1
            per_type[expected]["pair"] += 1
            correct = predicted == expected
            counts["type"] += correct
            per_type[expected]["type"] += correct
            confusion[(expected, predicted)] += 1
        if not found_chain:
            misses.append({"line": row["line"], "type": expected, "group1": row["group1_name"],
                           "group2": row["group2_name"], "found": sorted({m.actor_id or "?" for m in result.mentions})})
    n = counts["rows"] or 1
    return {
        "rows": counts["rows"],
        "pair_recall": round(counts["pair"] / n, 3),
        "type_accuracy": round(counts["type"] / counts["pair"], 3) if counts["pair"] else 0.0,
        "type_accuracy_all_rows": round(counts["type"] / n, 3),
        "pair_recall_lineage": round(counts["pair_lineage"] / n, 3),
        "type_accuracy_lineage": round(counts["type_lineage"] / counts["pair_lineage"], 3) if counts["pair_lineage"] else 0.0,
        "per_type": {k: {"rows": v["rows"], "pair_recall": round(v["pair"] / v["rows"], 3),
                         "pair_recall_lineage": round(v["pair_lineage"] / v["rows"], 3),
                         "type_accuracy": round(v["type"] / v["pair"], 3) if v["pair"] else 0.0}
                     for k, v in sorted(per_type.items())},
        "confusion": {f"{e}->{p}": c for (e, p), c in sorted(confusion.items())},
        "baseline_cooccurrence": {"pair_recall": round(counts["baseline_pair"] / n, 3),
                                  "pair_recall_lineage": round(counts["baseline_pair_lineage"] / n, 3),
                                  "type_accuracy": round(counts["baseline_type"] / counts["baseline_pair"], 3)
                                  if counts["baseline_pair"] else 0.0},
        "misses": misses,
    }
