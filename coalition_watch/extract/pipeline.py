"""The extractor: text in, group mentions, places, dates, relations and new-group candidates out.

:class:`Extractor` is built once from a resolver and is a pure function of ``(id, text)``:
:meth:`Extractor.extract` returns a :class:`DocumentExtraction`, whose :meth:`~DocumentExtraction.as_dict`
is the stable machine form printed by ``cwatch extract --json``.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..registry.resolver import Resolver
from ..vocabulary import STATE_KINDS
from .anaphora import AnaphoraTracker
from .cues import COMPOUND_MODIFIER, JOIN
from .dates import DateMention, find_dates
from .folding import fold
from .mentions import ALLEGIANCE_OBJECT, INSTITUTION_TITLE, AliasMatcher, Mention, RegionalBranches, ends_longer_name
from .new_groups import is_new_group, provisional_mentions
from .places import Place, demonym_countries, find_places, in_longer_name, longer_place, place_country
from .relations import PairRelation, coordinated_units, is_founding_cue, is_list_gap, merge_same_actor, sentence_relations
from .sentences import split_sentences
from .subject_links import SentenceGroups, subject_links


#: a short bracketed acronym after a name ("Islamic State (IS)-aligned"): skipped before a compound modifier
_BRACKETED_ACRONYM = re.compile(r"\s*\([^()]{1,12}\)")


def _brand_modifier(text: str, end: int) -> bool:
    """"the IS-linked Maute Group", "an Islamic State (IS)-aligned group": the organisation's name
    as a brand in a compound modifier (:data:`.cues.COMPOUND_MODIFIER`) names the organisation
    itself, not its local branch."""
    bracket = _BRACKETED_ACRONYM.match(text, end)
    return COMPOUND_MODIFIER.match(text, bracket.end() if bracket else end) is not None


_LOCATIVE = re.compile(
    r"\b(?:in|into|inside|across|throughout|outside|within|towards?|near|around|of\s+modern-day|parts\s+of|"
    r"left|fled|quit|escaped|entered|exited|crossed|(?:returned|moved|travell?ed|relocated|went|headed)\s+(?:back\s+)?to|"
    # "sent fighters to Syria": the country is where they went (a group after it is backed: cues.py)
    r"(?:sen(?:t|d|ds|ding)|dispatch\w*|deploy\w*)\s+(?:\S+\s+){0,3}?(?:fighters|troops|militants|reinforcements|men|cadres|units|commanders)\s+to)\s+"
    r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?\w+|south-?\w+|neighbouring|neighboring|rural)\s+)?$"
    # "near the border with Mali", "an ambush near Tongo Tongo, Niger": the country of a place
    r"|\bborders?\s+(?:with|of)\s+(?:the\s+)?$|\bbordering\s+(?:the\s+)?$"
    r"|\b(?:in|near|at|outside|around|from)\s+(?-i:(?:[A-Z][\w'\u2019-]*\s+){0,2}[A-Z][\w'\u2019-]*),\s*$", re.I)


#: "Mali's al-Qaeda-linked Ansar Dine", "India's eastern neighbour": a country as a place; but
#: "Iran's support for", "Pakistan's army" name the state as an actor (not a name of two capitalised
#: words: in "Sudan's Rapid Support Forces" the country is the place of a group)
_PLACE_POSSESSIVE = re.compile(
    r"['’]s\s+(?:(?-i:(?=[A-Z]\w*\s+[A-Z]))|(?!(?:\w+\s+)?(?:government|army|military|forces|support|backing|intelligence|security|regime|"
    r"president|troops|ministry|officials|leaders?|authorities|proxy|proxies|allies|ally|sponsorship|funding|financing|"
    r"arming|patronage|hosting|protection|aid|assistance|help|clients?)\b))", re.I)


@dataclass
class ExtractedRelation:
    """A relation claim with the sentence that supports it."""

    source: str
    target: str
    type: str
    polarity: str
    confidence: float
    evidence: str
    start: int
    end: int
    source_name: str
    target_name: str
    source_text: str
    target_text: str
    cue: str
    anaphoric: bool
    places: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class DocumentExtraction:
    """Everything extracted from one document."""

    id: str
    mentions: list[Mention]
    relations: list[ExtractedRelation]
    new_group_candidates: list[str]
    places: list[Place]
    dates: list[DateMention]
    alias_suggestions: list[dict]
    sentences: int
    #: claims with a possible new group on one side (its ``source``/``target`` is a provisional
    #: ``new:`` id, see :mod:`.new_groups`); kept apart from ``relations``, whose ids are actors'
    new_group_relations: list[ExtractedRelation] = field(default_factory=list)

    def as_dict(self) -> dict:
        """``{"id", "mentions", "relations", "new_group_candidates", ...}`` (extra keys may be added)."""
        return {"id": self.id, "mentions": [m.as_dict() for m in self.mentions],
                "relations": [r.as_dict() for r in self.relations],
                "new_group_candidates": self.new_group_candidates,
                "new_group_relations": [r.as_dict() for r in self.new_group_relations],
                "places": [p.as_dict() for p in self.places], "dates": [d.as_dict() for d in self.dates],
                "alias_suggestions": self.alias_suggestions, "sentences": self.sentences}


class Extractor:
    """Rule-based extraction over a registry of groups (see ``docs/extract.md``)."""

    def __init__(self, resolver: Resolver, *, splitter: str = "rules", fallback: bool = True,
                 anaphora: bool = True, nearby_fallback: bool = False, subject_fallback: bool = False,
                 parser: str | None = None, new_groups: bool = True) -> None:
        """``nearby_fallback`` also relates two groups of a sentence that no rule related, typed by
        the nearest cue, at confidence 0.35 (a recall-oriented review queue; off by default: on
        the dev corpus it roughly halves precision). ``subject_fallback`` links a document's
        ``subject`` with the groups named in sentences that carry a relation cue, at confidence
        0.3 (:mod:`.subject_links`; only when a subject is given). ``parser="spacy"`` re-scopes the
        rule path's claims with a dependency parse (:mod:`.parser`; needs the ``parser`` extra).
        ``new_groups`` also relates the possible new groups of a sentence to the groups named
        with them (``new_group_relations``; by the rule path, also when a parser is set)."""
        self.resolver = resolver
        self.matcher = AliasMatcher(resolver)
        self.branches = RegionalBranches(resolver)
        self.splitter = splitter
        self.fallback = fallback
        self.anaphora = anaphora
        self.nearby_fallback = nearby_fallback
        self.subject_fallback = subject_fallback
        self.states = frozenset(a.id for a in resolver.actors.values() if a.kind in STATE_KINDS)
        self.coalitions = frozenset(a.id for a in resolver.actors.values() if a.kind == "coalition")
        self.parser = parser
        self.new_groups = new_groups
        self.scoper = None
        if parser is not None:
            from .parser import scoper_for

            self.scoper = scoper_for(parser)

    def extract(self, doc_id: str, text: str, subject: str | None = None,
                context: Iterable[str] = ()) -> DocumentExtraction:
        """Extract from one document; ``doc_id`` is carried into every claim.

        ``subject`` is the actor id the document is about when known (a group's profile page):
        anaphors with no group named before them refer to it. ``context`` are further actor ids
        the document is known to concern; with the subject they settle shared names and explain
        acronyms by initials (see :meth:`AliasMatcher.find`).
        """
        sentences = split_sentences(text, self.splitter)
        places = find_places(text)
        # demonyms ("the Sudanese army") narrow shared names like the places do
        countries = {p.country for p in places} | demonym_countries(text)
        known = [a for a in (subject, *context) if a]
        mentions, new_spans = self.matcher.find(text, countries=countries, folded=fold(text),
                                                fallback=self.fallback, context=known)
        if places and mentions:
            mentions = self._outside_longer_places(mentions, places)
        # a country's name inside an outlet's or agency's name ("Infobae México") is neither a
        # place nor the state; like a demonym, its country still narrows shared names
        in_names = [p for p in places if p.kind == "country" and in_longer_name(text, p, places)]
        if in_names:
            mentions = self._outside_names(text, mentions, in_names)
        new_groups = list(dict.fromkeys(m.text for m in new_spans))
        provisional = provisional_mentions(text, new_spans, mentions) if self.new_groups else []
        if self.branches.branches and mentions:
            mentions = self._regional_branches(text, mentions, places, known)
        places = _outside_mentions([p for p in places if p not in in_names] if in_names else places, mentions)
        dates = find_dates(text)
        tracker = AnaphoraTracker(self.resolver, subject)
        relations: list[ExtractedRelation] = []
        new_relations: list[ExtractedRelation] = []
        with_groups: list[SentenceGroups] = []
        parsed: list = []  # sentences kept for the dependency parser, read in one batch below
        linking = self.subject_fallback and subject in self.resolver.actors
        cursor = fresh_cursor = 0
        for s_start, s_end in sentences:
            inside, cursor = _in_sentence(mentions, cursor, s_start, s_end)
            if self.anaphora:
                anaphors = tracker.resolve(text, s_start, s_end, inside)
                inside = sorted(anaphors + inside, key=lambda m: m.start) if anaphors else inside
            resolved = self._actors_only(text, [m for m in inside if m.actor_id])
            if len(resolved) >= 2:
                pairs = sentence_relations(text, resolved, start=s_start, end=s_end, states=self.states,
                                           nearby_fallback=self.nearby_fallback)
                if self.coalitions:
                    pairs = joined_coalitions(pairs, self.coalitions)
                if self.scoper is not None:
                    parsed.append(self.scoper.sentence(s_start, s_end, resolved, pairs))
                else:
                    relations.extend(self._claim(text, rel, s_start, s_end, places, dates) for rel in pairs)
            fresh, fresh_cursor = _in_sentence(provisional, fresh_cursor, s_start, s_end)
            if fresh and len(resolved) + len(fresh) >= 2:
                new_relations.extend(self._claim(text, rel, s_start, s_end, places, dates)
                                     for rel in self._with_new_groups(text, resolved, fresh, s_start, s_end))
            tracker.observe(resolved, coordinated_units(merge_same_actor(resolved, text), text), text)
            if linking and resolved:
                with_groups.append(SentenceGroups(s_start, s_end, tuple(resolved)))
        for sentence, pairs in zip(parsed, self.scoper.refine(text, parsed) if parsed else ()):
            relations.extend(self._claim(text, rel, sentence.start, sentence.end, places, dates) for rel in pairs)
        if linking and with_groups:
            related = {frozenset((r.source, r.target)) for r in relations}
            anchor = Mention(0, 0, "", subject, self.resolver.actors[subject].name, "subject")
            for rel, start, end in subject_links(text, anchor, with_groups, related, self.states):
                relations.append(self._claim(text, rel, start, end, places, dates))
        suggestions = self.matcher.alias_suggestions(text, mentions)
        return DocumentExtraction(doc_id, mentions, relations, new_groups, places, dates, suggestions,
                                  len(sentences), new_relations)

    def _with_new_groups(self, text: str, resolved: list[Mention], fresh: list[Mention],
                         start: int, end: int) -> list[PairRelation]:
        """The rule path's claims in a sentence with its possible new groups (``fresh``) taken as
        groups too, keeping those with a new group on one side; the claims between known groups
        stay those of the sentence without them."""
        units = sorted([*resolved, *fresh], key=lambda m: m.start)
        pairs = sentence_relations(text, units, start=start, end=end, states=self.states,
                                   nearby_fallback=self.nearby_fallback)
        return [p for p in pairs if is_new_group(p.source.actor_id) or is_new_group(p.target.actor_id)]

    def _regional_branches(self, text: str, mentions: list[Mention], places: list[Place],
                           known: list[str] = ()) -> list[Mention]:
        """A global organisation's name in a document whose countries are one branch's area is
        that branch (:class:`~.mentions.RegionalBranches`), unless the document names one of
        its branches itself, the organisation is the document's subject or context, the name
        is part of an institution's title, it is what a group swears allegiance to
        ("pledged allegiance to the Islamic State": the organisation itself), or it is a brand in
        a compound modifier ("the IS-linked Maute Group")."""
        if not any(m.actor_id in self.branches.branches for m in mentions):
            return mentions
        out = []
        countries = {p.country for p in places}
        named = {m.actor_id for m in mentions} | set(known)
        for m in mentions:
            branch = None
            if m.actor_id in self.branches.branches and m.actor_id not in known \
                    and not (self.branches.branch_ids(m.actor_id) & named):
                branch = self.branches.branch_for(m.actor_id, countries)
                if branch and (INSTITUTION_TITLE.match(text, m.end) or
                               ALLEGIANCE_OBJECT.search(text, max(0, m.start - 60), m.start) or
                               _brand_modifier(text, m.end)):
                    branch = None
            if branch:
                m = Mention(m.start, m.end, m.text, branch, self.resolver.actors[branch].name, "branch")
            out.append(m)
        return out

    def _outside_longer_places(self, mentions: list[Mention], places: list[Place]) -> list[Mention]:
        """The mentions less a state's whose name is only part of a longer place name, the longest
        match winning: "Sudan" in "South Sudan", "Mexico" in "Mexico City", "Guinea" in "Papua New
        Guinea", "Ireland" in "Northern Ireland". A longer name of the same country keeps the
        state ("Mali" in "Republic of Mali")."""
        out = []
        for m in mentions:
            if m.actor_id in self.states:
                place = longer_place(places, m.start, m.end)
                if place is not None and not (place.kind == "country" and place_country(m.text) == place.country):
                    continue
            out.append(m)
        return out

    def _outside_names(self, text: str, mentions: list[Mention], in_names: list[Place]) -> list[Mention]:
        """The mentions less a state's that is only a country's name inside a longer name
        (:func:`.places.in_longer_name`), with or without "the" before it."""
        ends = {p.end: p.start for p in in_names}
        return [m for m in mentions if not (m.actor_id in self.states and m.end in ends and m.start <= ends[m.end]
                                            and text[m.start:ends[m.end]].strip().lower() in ("", "the"))]

    def _actors_only(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop states named as places ("attacks in Pakistan", "into Uzbekistan", "outside Mali",
        "Mali's … Ansar Dine", and the rest of a list that starts so) from relation work; they stay
        in the mentions."""
        if not any(m.actor_id in self.states for m in mentions):
            return mentions
        out: list[Mention] = []
        place_list_end = -1
        for m in mentions:
            if m.actor_id in self.states and m.method != "anaphor":
                lead = text[max(0, m.start - 40):m.start]
                if ends_longer_name(text, m, self.resolver):
                    continue
                if _LOCATIVE.search(lead) or _PLACE_POSSESSIVE.match(text, m.end) or \
                        (place_list_end >= 0 and is_list_gap(text[place_list_end:m.start])):
                    place_list_end = m.end
                    continue
            place_list_end = -1
            out.append(m)
        return out

    @staticmethod
    def _claim(text: str, rel: PairRelation, start: int, end: int, places: list[Place],
               dates: list[DateMention]) -> ExtractedRelation:
        return ExtractedRelation(
            source=rel.source.actor_id, target=rel.target.actor_id, type=rel.type, polarity=rel.polarity,
            confidence=rel.confidence, evidence=text[start:end], start=start, end=end,
            source_name=rel.source.name, target_name=rel.target.name, source_text=rel.source.text,
            target_text=rel.target.text, cue=rel.cue,
            anaphoric=rel.source.method == "anaphor" or rel.target.method == "anaphor",
            places=list(dict.fromkeys(p.text for p in _starting_within(places, start, end))),
            dates=list(dict.fromkeys(str(d.value) for d in _starting_within(dates, start, end))))

    def extract_batch(self, items: Iterable[tuple]) -> list[DocumentExtraction]:
        """Extract from ``(id, text)`` pairs, or ``(id, text, subject)`` triples, in order."""
        return [self.extract(*item) for item in items]


def _starting_within(items: list, start: int, end: int) -> list:
    """The items (sorted by ``start``) that start within ``[start, end)``, found by bisection: a
    document's claims would otherwise each scan all its places and dates."""
    return items[bisect.bisect_left(items, start, key=_start):bisect.bisect_left(items, end, key=_start)]


def _start(item) -> int:
    return item.start


def _in_sentence(mentions: list[Mention], cursor: int, start: int, end: int) -> tuple[list[Mention], int]:
    """The mentions (sorted by start) that lie within ``[start, end)``, searched from ``cursor``,
    and the cursor for the next sentence."""
    while cursor < len(mentions) and mentions[cursor].start < start:
        cursor += 1
    stop = cursor
    while stop < len(mentions) and mentions[stop].start < end:
        stop += 1
    return [m for m in mentions[cursor:stop] if m.end <= end], cursor


def joined_coalitions(pairs: list[PairRelation], coalitions: frozenset[str]) -> list[PairRelation]:
    """"A joined the B front", "A and C are under B": a group that joins a coalition (an
    alliance, front or operations room) or stands under it becomes its member, an alliance;
    joining another group remains a pledge. A coalition a group founded ("A set up the B
    operations room") is no affiliate of it: A is a founding member, an alliance."""
    return [PairRelation(p.source, p.target, "alliance", p.polarity, p.confidence, p.cue)
            if p.type == "pledge" and ((p.target.actor_id in coalitions and (JOIN.match(p.cue) or _UNDER.match(p.cue)))
                                       or (p.source.actor_id in coalitions and is_founding_cue(p.cue))) else p
            for p in pairs]


#: the cue of standing under a body: "under", "under the umbrella of", "under the banner of"
_UNDER = re.compile(r"\s*under\b", re.I)


def _outside_mentions(places: list[Place], mentions: list[Mention]) -> list[Place]:
    """Places that are not part of a group's name ("Pakistan" in "Tehrik-i-Taliban Pakistan").
    The country still counts as context for resolving names; it is not reported as a place."""
    if not places or not mentions:
        return places
    starts = [m.start for m in mentions]
    ends = list(itertools.accumulate((m.end for m in mentions), max))
    kept = []
    for place in places:
        i = bisect.bisect_right(starts, place.start) - 1
        if i < 0 or ends[i] < place.end:
            kept.append(place)
    return kept


# -- parallel extraction ---------------------------------------------------------------------
_WORKER: Extractor | None = None
#: text characters per chunk sent to a worker: large enough that a round trip (pickling a chunk
#: and its results) costs little next to extracting it, small enough for several chunks per
#: worker so that both finish at about the same time
CHUNK_CHARACTERS = 200_000
#: chunks handed out per worker ahead of the one being yielded: enough to keep every worker busy
#: when chunks take uneven time, few enough that memory does not grow with the input
READ_AHEAD_PER_WORKER = 4


def _init_worker(actors, lineage, options) -> None:
    global _WORKER
    _WORKER = Extractor(Resolver(actors, lineage), **options)


def _work(task: tuple[int, list[tuple[str, str]]]) -> tuple[int, list[dict]]:
    index, chunk = task
    assert _WORKER is not None
    return index, [d.as_dict() for d in _WORKER.extract_batch(chunk)]


def chunk_items(items: list[tuple[str, str]], workers: int, chunk_size: int | None = None) -> list[list[tuple[str, str]]]:
    """Consecutive chunks of ``items``: ``chunk_size`` documents each when given, else balanced by
    text length — about :data:`CHUNK_CHARACTERS` characters, and at least four chunks per worker."""
    if chunk_size:
        return [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
    total = sum(len(item[1]) for item in items)
    target = max(1, min(CHUNK_CHARACTERS, total // (workers * 4) or 1))
    chunks, current, size = [], [], 0
    for item in items:
        if current and size + len(item[1]) > target:
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item[1])
    if current:
        chunks.append(current)
    return chunks


def extract_parallel(extractor: Extractor, items: list[tuple[str, str]], *, workers: int | None = None,
                     chunk_size: int | None = None, progress: bool = False) -> Iterator[dict]:
    """Extract on ``workers`` processes (default: all cores), yielding documents' dicts in input order.

    Where the platform can fork, the workers are forked from this process after the extractor
    (alias automaton, resolver, warm caches) is built, so no worker rebuilds it; the objects are
    moved out of the garbage collector's view first (``gc.freeze``) so that collections in the
    workers do not copy the shared pages. Chunks (:func:`chunk_items`) are handed out as workers
    free up, at most :data:`READ_AHEAD_PER_WORKER` per worker ahead of the chunk being yielded
    (:func:`_in_order`), so memory stays flat however many documents there are and however slowly
    the caller consumes them.
    Elsewhere each worker builds its own extractor from the actors and lineage."""
    workers = workers or os.cpu_count() or 1
    chunks = chunk_items(items, workers, chunk_size)
    if workers <= 1 or len(chunks) <= 1:
        for chunk in _with_progress(chunks, progress, len(items)):
            for doc in extractor.extract_batch(chunk):
                yield doc.as_dict()
        return
    import gc
    import multiprocessing as mp

    global _WORKER
    if "fork" in mp.get_all_start_methods():  # children inherit the built extractor: no per-worker rebuild
        _WORKER = extractor
        gc.collect()
        gc.freeze()
        try:
            pool = mp.get_context("fork").Pool(min(workers, len(chunks)))
        finally:
            gc.unfreeze()
    else:
        options = {"splitter": extractor.splitter, "fallback": extractor.fallback, "anaphora": extractor.anaphora,
                   "nearby_fallback": extractor.nearby_fallback, "subject_fallback": extractor.subject_fallback,
                   "parser": extractor.parser, "new_groups": extractor.new_groups}
        pool = mp.get_context().Pool(min(workers, len(chunks)), initializer=_init_worker,
                                     initargs=(list(extractor.resolver.actors.values()), extractor.resolver.lineage, options))
    with pool:
        results = _in_order(pool, chunks, READ_AHEAD_PER_WORKER * min(workers, len(chunks)))
        for _index, docs in _with_progress(results, progress, len(items), sizes=lambda r: len(r[1])):
            yield from docs


def _in_order(pool, chunks: list, window: int) -> Iterator[tuple[int, list[dict]]]:
    """``(index, documents)`` of each chunk in input order, with at most ``window`` chunks handed
    to the pool and not yet yielded: a consumer slower than the workers (writing output, storing
    claims) holds the workers back instead of letting finished results pile up in memory."""
    import collections

    tasks = enumerate(chunks)
    pending: collections.deque = collections.deque()

    def submit() -> None:
        task = next(tasks, None)
        if task is not None:
            pending.append(pool.apply_async(_work, (task,)))

    for _ in range(max(1, window)):
        submit()
    while pending:
        result = pending.popleft().get()
        submit()
        yield result


def _with_progress(iterable, enabled: bool, total: int, sizes=len):
    if not enabled:
        yield from iterable
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("extracting", total=total)
        for item in iterable:
            yield item
            bar.advance(task, sizes(item))
