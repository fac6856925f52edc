"""Relations between the groups mentioned in one sentence.

1. **Units.** Mentions separated only by list punctuation ("A, B and C", "A (B)", "A rebels and
   the B") form one coordinated unit; two adjacent mentions of one actor ("Tehrik-e Taliban
   Pakistan (TTP)") are one mention.
2. **Pairs across adjacent units.** For every pair (a in U_i, b in U_{i+1}) the text between the
   units is searched for cues of every type (:mod:`.cues`); each type found gives a relation. A cue
   marked ``rev`` (or a support cue followed by "by"/"from") makes b the source. Nested cue matches
   give way to the longer one ("joined forces" is alliance, not a pledge).
3. **Pairs inside a unit.** Members of a list are related pairwise only when the list itself is
   governed by a symmetric predicate: a prefix cue ("clashes between A and B", "merger of A and B")
   or a suffix cue ("A, B and C united"). Lists that are objects ("fought alongside A and B") give
   no relation among their members.
4. **Polarity** comes from denial and hedge cues in the pair's window and a short stretch before
   it (the clause the first mention opens); **confidence** from where the cue was found
   (between the two mentions > around a list), the window length and whether a mention is an
   anaphor.
5. A support relation whose source is a state becomes ``state_support``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import is_directed
from .cues import COMPILED, DENIAL, FIGHTERS_FROM, HEDGE, LIST_PREFIX, LIST_SUFFIX, PASSIVE_BY, PASSIVE_ONLY_BY
from .mentions import Mention

MAX_WINDOW = 160
_GENERIC = r"(?:rebels?|fighters?|militants?|forces?|groups?|militias?|tribesmen|gunmen|factions?|elements|positions|members|movement|network|organi[sz]ations?|jihadists?|insurgents?|militiamen|troops)"
_FILLER = re.compile(rf"\b(?:the|even|also|its|their|both|{_GENERIC})\b", re.I)
_CONJUNCTION = re.compile(r"\b(?:and|or|as\s+well\s+as|plus)\b", re.I)
_TRAILING_ADJECTIVE = re.compile(r"(?:\band\b|\bthe\b|,)\s+[A-Z][\w'’\-]*\s*$")
_LIST_GAP = re.compile(r"[\s,;&/()]*")


def is_list_gap(gap: str) -> bool:
    """Whether the text between two mentions only coordinates them ("A, B and the C")."""
    if not gap.strip():
        return False
    gap = _TRAILING_ADJECTIVE.sub(lambda m: m.group(0).split()[0] if m.group(0)[0] != "," else ",", gap)
    stripped = _CONJUNCTION.sub(" ", _FILLER.sub(" ", gap))
    return bool(_LIST_GAP.fullmatch(stripped))


_SAME_ACTOR_GAP = re.compile(r"^\s*(?:\(|,\s*(?:also\s+known\s+as|aka|a\.k\.a\.|or|known\s+as)\s+|\s*/\s*|\s*or\s+(?:the\s+)?)\s*$", re.I)


@dataclass(frozen=True)
class PairRelation:
    """One relation proposed from one sentence."""

    source: Mention
    target: Mention
    type: str
    polarity: str
    confidence: float
    cue: str


def merge_same_actor(mentions: list[Mention], text: str) -> list[Mention]:
    """Join "Name (ACRONYM)" and "Name, also known as Other" when both sides are one actor."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].actor_id and out[-1].actor_id == m.actor_id and \
                _SAME_ACTOR_GAP.match(text[out[-1].end:m.start]):
            prev = out[-1]
            end = m.end + 1 if text[m.end:m.end + 1] == ")" else m.end
            out[-1] = Mention(prev.start, end, text[prev.start:end], prev.actor_id, prev.name, prev.method)
            continue
        out.append(m)
    return out


def coordinated_units(mentions: list[Mention], text: str) -> list[list[Mention]]:
    """Group sentence mentions into coordinated lists (see module docstring)."""
    units: list[list[Mention]] = []
    for m in mentions:
        if units:
            gap = text[units[-1][-1].end:m.start]
            if is_list_gap(gap):
                units[-1].append(m)
                continue
        units.append([m])
    return units


def _find_cues(window: str) -> list[tuple[str, str, int, int, str]]:
    found = []
    for kind, patterns in COMPILED.items():
        for pattern, direction in patterns:
            for match in pattern.finditer(window):
                found.append((kind, direction, match.start(), match.end(), match.group(0)))
    # a cue nested inside a longer cue of another type gives way ("joined forces" ⊃ "joined")
    kept = [c for c in found if not any(o is not c and o[0] != c[0] and o[2] <= c[2] and c[3] <= o[3]
                                        and (o[3] - o[2]) > (c[3] - c[2]) for o in found)]
    return kept


def _polarity(window: str) -> str:
    if DENIAL.search(window):
        return "denied"
    if HEDGE.search(window):
        return "hypothetical"
    return "asserted"


def _directed(kind: str, direction: str, window: str, cue_end: int, a: Mention, b: Mention) -> tuple[Mention, Mention]:
    if direction == "rev":
        return b, a
    tail = window[cue_end:]
    if kind in ("support", "sanctuary") and PASSIVE_BY.search(tail):
        return b, a
    if kind in ("pledge", "split", "merger") and PASSIVE_ONLY_BY.search(tail):
        return b, a
    return a, b


def _kind_for(kind: str, source: Mention, states: frozenset[str]) -> str:
    if kind == "support" and source.actor_id in states:
        return "state_support"
    return kind


def sentence_relations(text: str, mentions: list[Mention], *, start: int = 0, end: int | None = None,
                       states: frozenset[str] = frozenset()) -> list[PairRelation]:
    """Relations among the resolved ``mentions`` of the sentence ``text[start:end]``."""
    end = len(text) if end is None else end
    mentions = [m for m in mentions if m.actor_id]
    mentions = merge_same_actor(mentions, text)
    units = coordinated_units(mentions, text)
    out: list[PairRelation] = []
    for index, unit in enumerate(units):
        left_edge = units[index - 1][-1].end if index else start
        right_edge = units[index + 1][0].start if index + 1 < len(units) else end
        if len(unit) > 1:
            out.extend(_within_unit(text, unit, left_edge, right_edge, states))
        if index + 1 < len(units):
            out.extend(_across_units(text, unit, units[index + 1], left_edge, states))
    return _dedupe(out)


def _within_unit(text, unit, left_edge, right_edge, states) -> list[PairRelation]:
    prefix = text[max(left_edge, unit[0].start - 80):unit[0].start]
    suffix = text[unit[-1].end:min(right_edge, unit[-1].end + 80)]
    kinds = [k for k, p in LIST_PREFIX if p.search(prefix)] + [k for k, p in LIST_SUFFIX if p.search(suffix)]
    out = []
    for kind in dict.fromkeys(kinds):
        window = prefix + " " + suffix
        polarity = _polarity(window)
        for i, a in enumerate(unit):
            for b in unit[i + 1:]:
                if a.actor_id != b.actor_id:
                    conf = 0.75 if a.method != "anaphor" and b.method != "anaphor" else 0.55
                    out.append(PairRelation(a, b, _kind_for(kind, a, states), polarity, conf, "list"))
    return out


def _across_units(text, left, right, left_edge, states) -> list[PairRelation]:
    between = text[left[-1].end:right[0].start]
    if len(between) > MAX_WINDOW:
        return []
    cues = _find_cues(between)
    if not cues:
        return []
    lead = text[max(left_edge, left[0].start - 40):left[0].start]
    polarity = _polarity(lead + " " + between)
    if FIGHTERS_FROM.search(lead):  # "fighters from A joined B": people moving, not a pledge
        cues = [("foreign_fighters", "fwd", *c[2:]) if c[0] == "pledge" and "join" in c[4].lower() else c
                for c in cues]
    out = []
    for kind, direction, cue_start, cue_end, cue_text in cues:
        for a in left:
            for b in right:
                if a.actor_id == b.actor_id:
                    continue
                source, target = _directed(kind, direction, between, cue_end, a, b)
                conf = 0.85 - min(len(between), MAX_WINDOW) / MAX_WINDOW * 0.3
                if len(left) > 1 or len(right) > 1:
                    conf -= 0.05
                if a.method == "anaphor" or b.method == "anaphor":
                    conf -= 0.2
                out.append(PairRelation(source, target, _kind_for(kind, source, states), polarity,
                                        round(max(conf, 0.3), 2), cue_text.strip()))
    return out


def _dedupe(relations: list[PairRelation]) -> list[PairRelation]:
    best: dict[tuple, PairRelation] = {}
    for rel in relations:
        ends = (rel.source.actor_id, rel.target.actor_id)
        key = (rel.type, ends if is_directed(rel.type) else tuple(sorted(ends)))
        if key not in best or rel.confidence > best[key].confidence:
            best[key] = rel
    return list(best.values())
