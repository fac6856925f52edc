"""Rows of the ``aliases`` table for an actor's names (the curated, imported and added registries share them)."""

from __future__ import annotations

from typing import Iterable

from ..registry.normalize import is_acronym, normalize_name


def alias_rows(actor_id: str, names: Iterable[str]) -> list[dict]:
    """One ``aliases`` row per distinct name of ``actor_id`` (its name first, then its aliases)."""
    return [{"actor_id": actor_id, "alias": name, "normalized": normalize_name(name), "is_acronym": is_acronym(name)}
            for name in dict.fromkeys(names)]
