"""A low-confidence fallback for pages about one group: link the subject with the groups its page
names in sentences that carry a relation cue.

A profile page or a relation description (MMP's "Al-Nusra began cooperating with the Levantine
Front", on the page of the Levantine Front) is *about* its subject; a sentence of it that names
another group G and contains a relation cue usually states the subject's relation with G, even
when the rules cannot tie the cue to the pair (the subject is written through a member, a person
or not at all). :func:`subject_links` proposes, for each such G that no rule related to the
subject anywhere in the document, one relation subject–G:

* only with a known ``subject`` (never on ordinary news text) and only in sentences where some
  cue of :mod:`.cues` occurs outside the group names;
* typed by the cue nearest to G; the subject is the source of a directed type when the cue comes
  before G ("swore allegiance to G") and the target when G comes first ("G hosted …"), reversed
  for cues marked ``rev``;
* polarity from the sentence's denial and hedge cues; confidence :data:`CONFIDENCE` (below every
  rule-based claim), flagged with ``cue`` "subject: <cue>" for a reviewer.

It is off by default (``Extractor(subject_fallback=True)`` turns it on); ``docs/extract.md``
reports MMP pair recall and dev-corpus precision with and without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import ANY_CUE, APOSTROPHES, COMBINED, DENIAL, HEDGE
from .mentions import Mention
from .relations import PairRelation

#: confidence of a subject link (rule-based claims start at 0.35 and above)
CONFIDENCE = 0.3


@dataclass(frozen=True)
class SentenceGroups:
    """The resolved group mentions of one sentence, kept for the fallback."""

    start: int
    end: int
    mentions: tuple[Mention, ...]


def sentence_cues(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[str, str, int, int, str]]:
    """Every relation cue in ``text[start:end]`` outside the ``spans`` of group names, as
    (type, direction, start, end, cue text) with absolute offsets; at one position the longest."""
    window = text[start:end].translate(APOSTROPHES)
    found = []
    for hit in ANY_CUE.finditer(window):
        best = None
        for kind, (pattern, directions) in COMBINED.items():
            match = pattern.match(window, hit.start())
            if match and match.end() > match.start() and (best is None or match.end() > best[3]):
                best = (kind, directions[match.lastgroup], match.start(), match.end(), match.group(0))
        if best is None:
            continue
        s, e = best[2] + start, best[3] + start
        if any(a < e and s < b for a, b in spans):
            continue
        found.append((best[0], best[1], s, e, best[4].strip()))
    return found


def subject_links(text: str, subject: Mention, sentences: list[SentenceGroups],
                  related: set[frozenset[str]], states: frozenset[str] = frozenset()) -> list[tuple[PairRelation, int, int]]:
    """Fallback relations subject–G with the sentence (start, end) that supports each; see the
    module docstring. ``related`` are the actor pairs the rules already related."""
    out = []
    linked = {next(iter(p - {subject.actor_id})) for p in related if subject.actor_id in p and len(p) == 2}
    for sentence in sentences:
        others = [m for m in sentence.mentions if m.actor_id and m.actor_id != subject.actor_id
                  and m.actor_id not in linked]
        if not others:
            continue
        spans = [(m.start, m.end) for m in sentence.mentions]
        cues = sentence_cues(text, sentence.start, sentence.end, spans)
        if not cues:
            continue
        named_subject = next((m for m in sentence.mentions if m.actor_id == subject.actor_id), subject)
        polarity = "denied" if DENIAL.search(text, sentence.start, sentence.end) else \
            "hypothetical" if HEDGE.search(text, sentence.start, sentence.end) else "asserted"
        for other in others:
            if other.actor_id in linked:
                continue
            middle = (other.start + other.end) / 2
            kind, direction, cue_start, cue_end, cue_text = min(cues, key=lambda c: abs((c[2] + c[3]) / 2 - middle))
            subject_first = cue_end <= other.start if named_subject is subject else named_subject.start < other.start
            source, target = (named_subject, other) if subject_first else (other, named_subject)
            if direction == "rev":
                source, target = target, source
            if kind == "support" and source.actor_id in states:
                kind = "state_support"
            out.append((PairRelation(source, target, kind, polarity, CONFIDENCE, f"subject: {cue_text}"),
                        sentence.start, sentence.end))
            linked.add(other.actor_id)
    return out
