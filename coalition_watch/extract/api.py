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
from typing import Sequence

from .. import api as core_api
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
    """``{"documents": [...]}`` for ``(id, text)`` pairs or ``(id, text, subject actor id)`` triples
    (the ``cwatch extract --json`` form)."""
    extractor = extractor or extractor_for(store)
    docs = list(extract_parallel(extractor, list(items), workers=workers, progress=progress))
    return {"documents": docs}


def extract_paths(paths: Sequence[str | Path], *, store: Store, save: bool = False,
                  workers: int | None = None, progress: bool = False, subject: str | None = None,
                  subject_links: bool = False, parser: str | None = None, min_confidence: float = 0.0) -> dict:
    """Read files (txt, html, pdf, jsonl), extract, and with ``save`` store pending claims.

    Relations (and relations with possible new groups) under ``min_confidence`` are left out of
    the result and not stored (``eval extraction`` reports precision by confidence band).

    ``subject`` names the group the documents are about (a profile page, a report on one group);
    a JSONL line's own ``subject`` field takes precedence. Known subjects settle shared names and
    anaphors; with ``subject_links`` they are also linked, at low confidence, to groups named in
    sentences that carry a relation cue (:mod:`.subject_links`). ``parser="spacy"``: the optional
    dependency-parser path (:mod:`.parser`)."""
    inputs = read_documents(paths)
    resolver = core_api.resolver(store)
    items = [(d.id, d.text, _subject_id(resolver, d.subject or subject, d)) for d in inputs]
    extractor = Extractor(resolver, subject_fallback=subject_links, parser=parser)
    result = extract_texts(items, extractor=extractor, workers=workers, progress=progress)
    if min_confidence > 0:
        for doc in result["documents"]:
            for key in ("relations", "new_group_relations"):
                if key in doc:
                    doc[key] = [r for r in doc[key] if r["confidence"] >= min_confidence]
    if save:
        texts = {d.id: {"text": d.text, "title": d.title, "url": d.url, "date": d.date} for d in inputs}
        # also sets each document's stored id and each relation's relation_id (new or already stored)
        result["stored"] = review.store_claims(store, result["documents"], texts)
    return result


def _subject_id(resolver, name: str | None, doc) -> str | None:
    """The actor id for a subject given by id or name; an unknown subject is an input error."""
    if not name:
        return None
    if name in resolver.actors:
        return name
    match = resolver.resolve(name)
    if match.actor_id is None:
        from_line = doc.subject == name and doc.meta.get("line")
        raise InputError(f"{name!r} matches no group in the registry ({match.method}); "
                         "give an actor id or a name 'cwatch actors resolve' knows",
                         file=doc.meta.get("file") if from_line else None,
                         line=doc.meta.get("line") if from_line else None, field="subject")
    return match.actor_id


def review_list(store: Store, status: str | None = "extracted-pending", limit: int = 100, *,
                min_confidence: float = 0.0, order: str = "newest") -> list[dict]:
    """Claims and proposed relations with ``status`` (None: every one that is not curated), newest
    or most confident first."""
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
    """Scores on a gold JSONL file (see :mod:`.evaluation`); ``parser="spacy"`` scores the parser path."""
    return evaluation.evaluate_corpus(extractor_for(store, parser=parser), evaluation.read_gold(path))


def evaluate_mmp(path: str | Path, *, store: Store, parser: str | None = None) -> dict:
    """Scores on MMP relation descriptions; MMP names the registry lacks are added as a gazetteer.

    The top-level scores are the rule path's; ``subject_fallback`` holds the same scores with the
    subject links of :mod:`.subject_links` (the page reading's low-confidence fallback)."""
    rows = evaluation.read_mmp_relations(path)
    resolver = evaluation.mmp_gazetteer(core_api.resolver(store), rows)
    report = evaluation.evaluate_mmp(Extractor(resolver, parser=parser), rows)
    linked = evaluation.evaluate_mmp(Extractor(resolver, subject_fallback=True, parser=parser), rows)
    report["subject_fallback"] = {k: v for k, v in linked.items() if k not in ("baseline_cooccurrence", "rows")}
    return report
