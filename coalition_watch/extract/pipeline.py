"""The extractor: text in, group mentions, places, dates, relations and new-group candidates out.

:class:`Extractor` is built once from a resolver and is a pure function of ``(id, text)``:
:meth:`Extractor.extract` returns a :class:`DocumentExtraction`, whose :meth:`~DocumentExtraction.as_dict`
is the stable machine form printed by ``cwatch extract --json``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..registry.resolver import Resolver
from .anaphora import AnaphoraTracker
from .dates import DateMention, find_dates
from .folding import fold
from .mentions import AliasMatcher, Mention
from .places import Place, find_places
from .relations import PairRelation, coordinated_units, merge_same_actor, sentence_relations
from .sentences import split_sentences


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

    def as_dict(self) -> dict:
        """``{"id", "mentions", "relations", "new_group_candidates", ...}`` (extra keys may be added)."""
        return {"id": self.id, "mentions": [m.as_dict() for m in self.mentions],
                "relations": [r.as_dict() for r in self.relations],
                "new_group_candidates": self.new_group_candidates,
                "places": [p.as_dict() for p in self.places], "dates": [d.as_dict() for d in self.dates],
                "alias_suggestions": self.alias_suggestions, "sentences": self.sentences}


class Extractor:
    """Rule-based extraction over a registry of groups (see ``docs/extract.md``)."""

    def __init__(self, resolver: Resolver, *, splitter: str = "rules", fallback: bool = True,
                 anaphora: bool = True) -> None:
        self.resolver = resolver
        self.matcher = AliasMatcher(resolver)
        self.splitter = splitter
        self.fallback = fallback
        self.anaphora = anaphora
        self.states = frozenset(a.id for a in resolver.actors.values() if a.kind in ("state", "state_force"))

    def extract(self, doc_id: str, text: str) -> DocumentExtraction:
        """Extract from one document; ``doc_id`` is carried into every claim."""
        sentences = split_sentences(text, self.splitter)
        places = find_places(text)
        countries = {p.country for p in places}
        mentions, new_groups = self.matcher.find(text, countries=countries, folded=fold(text),
                                                 fallback=self.fallback)
        dates = find_dates(text)
        tracker = AnaphoraTracker(self.resolver)
        relations: list[ExtractedRelation] = []
        cursor = 0
        for s_start, s_end in sentences:
            while cursor < len(mentions) and mentions[cursor].end <= s_start:
                cursor += 1
            inside = [m for m in mentions[cursor:] if m.start >= s_start and m.end <= s_end]
            if self.anaphora:
                anaphors = tracker.resolve(text, s_start, s_end)
                inside = sorted(anaphors + inside, key=lambda m: m.start) if anaphors else inside
            resolved = [m for m in inside if m.actor_id]
            if len(resolved) >= 2:
                pairs = sentence_relations(text, resolved, start=s_start, end=s_end, states=self.states)
                relations.extend(self._claim(text, rel, s_start, s_end, places, dates) for rel in pairs)
            tracker.observe(resolved, coordinated_units(merge_same_actor(resolved, text), text))
        suggestions = self.matcher.alias_suggestions(text, mentions)
        return DocumentExtraction(doc_id, mentions, relations, new_groups, places, dates, suggestions,
                                  len(sentences))

    @staticmethod
    def _claim(text: str, rel: PairRelation, start: int, end: int, places: list[Place],
               dates: list[DateMention]) -> ExtractedRelation:
        return ExtractedRelation(
            source=rel.source.actor_id, target=rel.target.actor_id, type=rel.type, polarity=rel.polarity,
            confidence=rel.confidence, evidence=text[start:end], start=start, end=end,
            source_name=rel.source.name, target_name=rel.target.name, source_text=rel.source.text,
            target_text=rel.target.text, cue=rel.cue,
            anaphoric=rel.source.method == "anaphor" or rel.target.method == "anaphor",
            places=list(dict.fromkeys(p.text for p in places if start <= p.start < end)),
            dates=list(dict.fromkeys(str(d.value) for d in dates if start <= d.start < end)))

    def extract_batch(self, items: Iterable[tuple[str, str]]) -> list[DocumentExtraction]:
        """Extract from ``(id, text)`` pairs in order."""
        return [self.extract(doc_id, text) for doc_id, text in items]


# -- parallel extraction ---------------------------------------------------------------------
_WORKER: Extractor | None = None


def _init_worker(actors, lineage, options) -> None:
    global _WORKER
    _WORKER = Extractor(Resolver(actors, lineage), **options)


def _work(chunk: list[tuple[str, str]]) -> list[dict]:
    assert _WORKER is not None
    return [d.as_dict() for d in _WORKER.extract_batch(chunk)]


def extract_parallel(extractor: Extractor, items: list[tuple[str, str]], *, workers: int | None = None,
                     chunk_size: int = 16, progress: bool = False) -> Iterator[dict]:
    """Extract on ``workers`` processes (default: all cores), yielding documents' dicts in order."""
    workers = workers or os.cpu_count() or 1
    chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
    if workers <= 1 or len(chunks) <= 1:
        for chunk in _with_progress(chunks, progress, len(items)):
            for doc in extractor.extract_batch(chunk):
                yield doc.as_dict()
        return
    import multiprocessing as mp

    global _WORKER
    methods = mp.get_all_start_methods()
    if "fork" in methods:  # children inherit the built extractor: no per-worker rebuild
        _WORKER = extractor
        pool = mp.get_context("fork").Pool(workers)
    else:
        options = {"splitter": extractor.splitter, "fallback": extractor.fallback, "anaphora": extractor.anaphora}
        pool = mp.get_context().Pool(workers, initializer=_init_worker,
                                     initargs=(list(extractor.resolver.actors.values()), extractor.resolver.lineage, options))
    with pool:
        results = pool.imap(_work, chunks)
        for docs in _with_progress(results, progress, len(items), sizes=[len(c) for c in chunks]):
            yield from docs


def _with_progress(iterable, enabled: bool, total: int, sizes: list[int] | None = None):
    if not enabled:
        yield from iterable
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("extracting", total=total)
        for i, item in enumerate(iterable):
            yield item
            bar.advance(task, sizes[i] if sizes else len(item))
