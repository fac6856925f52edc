from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def store(small_store):
    """A temporary store with the small test KB (the shared ``small_store`` fixture)."""
    return small_store


@pytest.fixture()
def ucdp(shared) -> Path:
    return shared / "data" / "ucdp"
