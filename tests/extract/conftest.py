from __future__ import annotations

import pytest

from coalition_watch.extract.pipeline import Extractor


@pytest.fixture(scope="session")
def extractor(small_resolver) -> Extractor:
    return Extractor(small_resolver)


def relations_of(extractor: Extractor, text: str) -> set[tuple[str, str, str, str]]:
    """(source, target, type, polarity) of every relation extracted from ``text``."""
    return {(r.source, r.target, r.type, r.polarity) for r in extractor.extract("t", text).relations}
