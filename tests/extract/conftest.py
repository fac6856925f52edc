from __future__ import annotations

import pytest

from coalition_watch.extract.pipeline import Extractor
from coalition_watch.registry.knowledge_base import load_kb
from coalition_watch.registry.resolver import Resolver


@pytest.fixture(scope="session")
def extractor(small_resolver) -> Extractor:
    return Extractor(small_resolver)


def relations_of(extractor: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    """(source, target, type, polarity) of every relation extracted from ``text``."""
    return {(r.source, r.target, r.type, r.polarity) for r in extractor.extract("t", text).relations}


@pytest.fixture(scope="module")
def bundled() -> Extractor:
    """An extractor over the bundled registry (the knowledge base as shipped)."""
    kb = load_kb()
    return Extractor(Resolver(kb.actors.values(), kb.lineage))


def pairs(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    """(source, target, type) of every relation extracted from ``text``."""
    return {(s, t, k) for s, t, k, _ in relations_of(extractor, text)}


def mentioned(extractor: Extractor, text: str) -> list[str | None]:
    """The actor ids of the mentions found in ``text``, in order."""
    return [m.actor_id for m in extractor.extract("t", text).mentions]
