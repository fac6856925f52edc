"""Pydantic models of the things Coalition Watch stores: actors, relations, events, claims."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .vocabulary import relation_sign


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Source(_Model):
    """A public document that supports a claim."""

    id: str
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str
    note: str | None = None


class Alias(_Model):
    """One spelling of an actor's name."""

    actor_id: str
    alias: str
    normalized: str
    is_acronym: bool = False


class Actor(_Model):
    """A canonical armed group, state, state force, militia or declared coalition."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["armed_group", "state", "state_force", "militia", "coalition"] = "armed_group"
    ideology: list[str] = Field(default_factory=list)
    origin: str | None = None
    operates_in: list[str] = Field(default_factory=list)
    active_from: str | None = None
    active_to: str | None = None
    external_ids: dict[str, str | int | None] = Field(default_factory=dict)
    members: list[str] = Field(default_factory=list)
    note: str | None = None
    sources: list[str] = Field(default_factory=list)


class Lineage(_Model):
    """A predecessor -> successor link: renamed, merged, split or succeeded."""

    from_id: str
    to_id: str
    type: Literal["renamed", "merged", "split", "succeeded"]
    date: str | None = None
    sources: list[str] = Field(default_factory=list)
    note: str | None = None


class Relation(_Model):
    """A typed, signed, dated tie between two actors with its evidence and review status."""

    id: str
    source_id: str
    target_id: str
    type: str
    valid_from: str | None = None
    valid_to: str | None = None
    confidence: float = 0.7
    status: Literal["curated", "extracted-pending", "accepted", "rejected"] = "curated"
    provenance: str = ""
    sources: list[str] = Field(default_factory=list)
    evidence: str | None = None
    note: str | None = None

    @property
    def sign(self) -> int:
        return relation_sign(self.type)


class Case(_Model):
    """A government fall to armed non-state actors, or a near miss."""

    id: str
    country: str
    capital: str | None = None
    date: str
    outcome: Literal["fall", "near_miss"]
    coalition: list[str] = Field(default_factory=list)
    government: list[str] = Field(default_factory=list)
    outside_support: list[str] = Field(default_factory=list)
    note: str | None = None
    sources: list[str] = Field(default_factory=list)


class Event(_Model):
    """One political-violence event from a dataset, in the canonical event model."""

    id: str
    dataset: str
    version: str | None = None
    source_row_id: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    violence_type: str | None = None
    side_a: list[str] = Field(default_factory=list)
    side_b: list[str] = Field(default_factory=list)
    side_a_names: list[str] = Field(default_factory=list)
    side_b_names: list[str] = Field(default_factory=list)
    unresolved: list[str] = Field(default_factory=list)
    associated: list[str] = Field(default_factory=list)
    deaths_best: float | None = None
    deaths_low: float | None = None
    deaths_high: float | None = None
    deaths_civilians: float | None = None
    source_text: str | None = None


class Document(_Model):
    """A text (article, report) that extraction reads."""

    id: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    text: str


class Claim(_Model):
    """A relation proposed by extraction, with the sentence that supports it."""

    id: str
    document_id: str
    source_id: str
    target_id: str
    type: str
    polarity: Literal["asserted", "denied", "hypothetical"] = "asserted"
    confidence: float
    evidence: str
    start: int
    end: int
    places: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)
    relation_id: str | None = None
