"""Python API of extraction and review; each ``cwatch extract``/``review``/``eval`` command is one call here.

Example::

    from coalition_watch import api
    from coalition_watch.extract import api as extract_api
    store = api.open_default_store("cwatch.duckdb")
    result = extract_api.extract_paths(["report.pdf"], store=store, save=True)
    extract_api.review_accept(store, result["documents"][0]["relations"][0]["relation_id"], reviewer="ana")
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from .. import api as core_api
from .. import arguments
from ..errors import InputError
from ..store import Store
from . import evaluation, review
from .pipeline import Extractor, extract_parallel
from .readers import read_documents


def extractor_for(store: Store, **options) -> Extractor:
    """An extractor over the actors and aliases in ``store``."""
    return Extractor(core_api.resolver(store), **options)


def extract_texts(items: Sequence[tuple], *, store: Store | None = None,
                  extractor: Extractor | None = None, workers: int | None = None,
                  progress: bool = False) -> dict:
    """``{"documents": [...]}`` for ``(id, text)`` pairs or ``(id, text, subject)`` triples (the
    ``cwatch extract --json`` form), with the registry of ``store`` (or ``extractor``'s).

    A subject is an actor id or a name the registry resolves, as for :func:`extract_paths`; one
    it does not know is an :class:`InputError` naming ``items``."""
    if extractor is None:
        if store is None:
            raise InputError("give a store (or an extractor) whose registry to extract with", field="store")
        extractor = extractor_for(store)
    items = [(item[0], item[1], _subject_id(extractor.resolver, item[2], field="items")) if len(item) > 2
             else tuple(item) for item in items]
    docs = list(extract_parallel(extractor, items, workers=workers, progress=progress))
    return {"documents": docs}


#: documents whose claims are stored in one transaction by :class:`ExtractionRun` with ``save``
STORE_BATCH = 500


class ExtractionRun:
    """One extraction of files, streamed: iterate it for the documents' dicts in input order.

    Building it reads the files and the registry from ``store`` (the store is not used again
    unless ``save``, so a caller that does not save may close it at once). Iterating extracts
    (:func:`.pipeline.extract_parallel`) and yields each document as it is done, so memory does
    not grow with the number of documents. With ``save`` the claims are stored every
    :data:`STORE_BATCH` documents, one transaction per batch, before that batch is yielded (each
    document then has its ``document_id``/``document_new`` and each relation its ``relation_id``);
    :attr:`stored` holds the counts of :func:`.review.store_claims` summed over the batches once
    the iteration is over (a failure leaves the batches before it stored). See
    :func:`extract_paths` for the options."""

    def __init__(self, paths: Sequence[str | Path], *, store: Store, save: bool = False,
                 workers: int | None = None, progress: bool = False, subject: str | None = None,
                 subject_links: bool = False, parser: str | None = None, min_confidence: float = 0.0,
                 batch_size: int | None = None) -> None:
        inputs = read_documents(paths)
        resolver = core_api.resolver(store)
        self.items = [(d.id, d.text, _subject_id(resolver, d.subject or subject, d)) for d in inputs]
        self.extractor = Extractor(resolver, subject_fallback=subject_links, parser=parser)
        # what a stored document keeps besides its text: where it came from (see review.store_claims)
        self.texts = ({d.id: {"text": d.text, "title": d.title, "url": d.url, "date": d.date, "path": d.path,
                              "line": d.meta.get("line"), "publisher": d.publisher} for d in inputs}
                      if save else None)
        self.store, self.save, self.workers, self.progress = store, save, workers, progress
        self.min_confidence, self.batch_size = min_confidence, max(1, batch_size or STORE_BATCH)
        #: summed store counts (``documents``, ``new``, ``already_proposed``, ``previously_rejected``,
        #: ``new_group_names``) with ``save``, complete once the iteration is over; else None
        self.stored: dict | None = None

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[dict]:
        docs = extract_parallel(self.extractor, self.items, workers=self.workers, progress=self.progress)
        if self.min_confidence > 0:
            docs = map(self._confident, docs)
        if not self.save:
            yield from docs
            return
        self.stored = {"documents": 0, "new": 0, "already_proposed": 0, "previously_rejected": 0,
                       "new_group_names": 0}
        new_names: set[str] = set()
        batch: list[dict] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._store(batch, new_names)
                batch = []
        if batch or not self.stored["documents"]:
            yield from self._store(batch, new_names)

    def _confident(self, doc: dict) -> dict:
        for key in ("relations", "new_group_relations"):
            if key in doc:
                doc[key] = [r for r in doc[key] if r["confidence"] >= self.min_confidence]
        return doc

    def _store(self, batch: list[dict], new_names: set[str]) -> list[dict]:
        # also sets each document's stored id and each relation's relation_id (new or already stored)
        counts = review.store_claims(self.store, batch, self.texts)
        for key in ("documents", "new", "already_proposed", "previously_rejected"):
            self.stored[key] += counts[key]
        # a name counts once however many batches name it (as in one store_claims call)
        new_names.update(name for doc in batch if doc["document_new"] for name in doc.get("new_group_candidates", []))
        self.stored["new_group_names"] = len(new_names)
        return batch


def extract_paths(paths: Sequence[str | Path], *, store: Store, save: bool = False,
                  workers: int | None = None, progress: bool = False, subject: str | None = None,
                  subject_links: bool = False, parser: str | None = None, min_confidence: float = 0.0) -> dict:
    """Read files (txt, html, pdf, jsonl), extract, and with ``save`` store pending claims.

    Returns ``{"documents": [...]}`` (with ``save`` also ``"stored": counts``), all in memory; for
    many documents iterate an :class:`ExtractionRun` instead (what ``cwatch extract`` does).

    Relations (and relations with possible new groups) under ``min_confidence`` are left out of
    the result and not stored (``eval extraction`` reports precision by confidence band).

    ``subject`` names the group the documents are about (a profile page, a report on one group);
    a JSONL line's own ``subject`` field takes precedence. Known subjects settle shared names and
    anaphors; with ``subject_links`` they are also linked, at low confidence, to groups named in
    sentences that carry a relation cue (:mod:`.subject_links`). ``parser="spacy"``: the optional
    dependency-parser path (:mod:`.parser`)."""
    run = ExtractionRun(paths, store=store, save=save, workers=workers, progress=progress, subject=subject,
                        subject_links=subject_links, parser=parser, min_confidence=min_confidence)
    result: dict = {"documents": list(run)}
    if save:
        result["stored"] = run.stored
    return result


def _subject_id(resolver, name: str | None, doc=None, *, field: str = "subject") -> str | None:
    """The actor id for a subject given by id or name; an unknown subject is an input error
    (naming the file and line of a document whose own record gave it, else ``field``)."""
    if not name:
        return None
    if not isinstance(name, str):
        raise InputError(f"a subject is an actor id or a name, got {name!r}", field=field)
    if name in resolver.actors:
        return name
    match = resolver.resolve(name)
    if match.actor_id is None:
        from_line = doc is not None and doc.subject == name and doc.meta.get("line")
        raise InputError(f"{name!r} matches no group in the registry ({match.method}); "
                         "give an actor id or a name 'cwatch actors resolve' knows",
                         file=doc.meta.get("file") if from_line else None,
                         line=doc.meta.get("line") if from_line else None, field="subject" if from_line else field)
    return match.actor_id


def review_list(store: Store, status: str | None = "extracted-pending", limit: int = 100, *,
                min_confidence: float = 0.0, order: str = "newest") -> list[dict]:
    """Claims and proposed relations with ``status`` (``extracted-pending``, ``accepted``,
    ``rejected``; None or ``all``: every one that is not curated), newest or most confident first;
    at most ``limit`` (0 or more). A value outside those is an :class:`InputError` naming it."""
    return review.list_claims(store, status, limit, min_confidence=min_confidence, order=order)


def review_accept(store: Store, relation_id: str, *, reviewer: str, note: str | None = None) -> dict:
    """Accept a claim or proposed relation (it joins the network); a denied or hypothetical claim is
    refused. The result's ``previous_status``/``changed`` tell a reversal or a repeat (no change)."""
    return review.set_status(store, relation_id, "accepted", reviewer, note)


def review_reject(store: Store, relation_id: str, *, reviewer: str, note: str | None = None) -> dict:
    """Reject a claim or proposed relation; ``previous_status``/``changed`` as for :func:`review_accept`."""
    return review.set_status(store, relation_id, "rejected", reviewer, note)


def review_edit(store: Store, relation_id: str, *, reviewer: str, **changes) -> dict:
    """Change type, direction (``reverse``), dates (``valid_from``/``valid_to``) or ``polarity``."""
    return review.edit_claim(store, relation_id, reviewer, **changes)


def evaluate_extraction(path: str | Path, *, store: Store, parser: str | None = None) -> dict:
    """Scores on a gold JSONL file (see :mod:`.evaluation`); ``parser="spacy"`` scores the parser
    path. A missing file is an :class:`InputError` (``path``)."""
    gold = evaluation.read_gold(arguments.existing_file(path, "path"))
    return evaluation.evaluate_corpus(extractor_for(store, parser=parser), gold)


def evaluate_mmp(path: str | Path, *, store: Store, parser: str | None = None) -> dict:
    """Scores on MMP relation descriptions; MMP names the registry lacks are added as a gazetteer.

    The top-level scores are the rule path's; ``subject_fallback`` holds the same scores with the
    subject links of :mod:`.subject_links` (the page reading's low-confidence fallback). A missing
    file is an :class:`InputError` (``path``)."""
    rows = evaluation.read_mmp_relations(arguments.existing_file(path, "path"))
    resolver = evaluation.mmp_gazetteer(core_api.resolver(store), rows)
    report = evaluation.evaluate_mmp(Extractor(resolver, parser=parser), rows)
    linked = evaluation.evaluate_mmp(Extractor(resolver, subject_fallback=True, parser=parser), rows)
    report["subject_fallback"] = {k: v for k, v in linked.items() if k not in ("baseline_cooccurrence", "rows")}
    return report
