"""Split dataset side strings into actor names and resolve them to registry ids.

UCDP GED lists the members of a side separated by ", " ("Ahrar al-Sham, HTS, Southern Front").
A few single actor names contain ", " themselves ("Military Junta for the Consolidation of
Democracy, Peace and Justice"), so after splitting at commas outside brackets, adjacent pieces
are joined again whenever the joined text is a known name (a registry alias, or an actor name
from a loaded UCDP actor list). Generic labels that are not actors ("Civilians", "Protesters
(Syria)", GED's placeholders for unidentified actors such as "XXX70") are kept as names but
neither resolved nor counted as unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..registry.resolver import Resolver

#: Labels that name no actor: generic groups, and UCDP GED's placeholders for unidentified actors,
#: "XXX" followed by the country's Gleditsch-Ward number ("XXX70" Mexico, "XXX475" Nigeria).
GENERIC_LABEL = re.compile(
    r"^(?:(civilians|protesters|rioters|unidentified armed group|unidentified gang|unknown|"
    r"unidentified|private security forces|mob)\b|xxx\d+$)", re.IGNORECASE)


def split_listed_names(text: str, known: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Split "A, B, C" at top-level ", " and rejoin pieces that form a known single name."""
    if text is None:
        return []
    pieces, depth, current = [], 0, []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "," and depth == 0:
            pieces.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    pieces.append("".join(current).strip())
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1 or not known:
        return pieces
    out, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i + 1, -1):  # longest known join first
            joined = ", ".join(pieces[i:j])
            if joined in known:
                out.append(joined)
                i = j
                break
        else:
            out.append(pieces[i])
            i += 1
    return out


@dataclass
class SideResolution:
    """Resolved ids (in listed order, without repeats), the names as listed, and what failed."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    umbrellas: list[str] = field(default_factory=list)


class SideResolver:
    """Resolve side strings with a :class:`Resolver`, caching every (name, country, date)."""

    def __init__(self, resolver: Resolver, *, known_names: set[str] | None = None,
                 split: bool = True) -> None:
        self.resolver = resolver
        self.split = split
        self.known = frozenset(known_names or ()) | frozenset(a for a, _ in resolver.aliases() if ", " in a)
        self._cache: dict[tuple, tuple[str | None, bool]] = {}
        self._split_cache: dict[str, list[str]] = {}
        self.unresolved_counts: dict[str, int] = {}

    def names_of(self, text: str) -> list[str]:
        if text not in self._split_cache:
            self._split_cache[text] = (split_listed_names(text, self.known) if self.split
                                       else [text.strip()] if text and text.strip() else [])
        return self._split_cache[text]

    def resolve_name(self, name: str, country: str | None, date: dt.date | None) -> str | None:
        base = self._cache.get((name, country, None))
        if base is None:  # a name with no candidate at all has none at any date: resolve it once
            match = self.resolver.resolve(name, country=country)
            base = (match.actor_id, match.method != "unresolved")
            self._cache[(name, country, None)] = base
        if not base[1] or date is None:
            return base[0]
        key = (name, country, date)
        hit = self._cache.get(key)
        if hit is None:
            match = self.resolver.resolve(name, date=date, country=country)
            hit = (match.actor_id, match.resolved)
            self._cache[key] = hit
        return hit[0]

    def resolve(self, texts: list[str] | None, country: str | None, date: dt.date | None,
                rows: int = 1) -> SideResolution:
        """Resolve every name of every text in ``texts``; ``rows`` counts how often it occurred."""
        out = SideResolution()
        for text in texts or []:
            if text is None:
                continue
            for name in self.names_of(text):
                out.names.append(name)
                if GENERIC_LABEL.match(name):
                    continue
                actor_id = self.resolve_name(name, country, date)
                if actor_id is None:
                    if name not in out.unresolved:
                        out.unresolved.append(name)
                    self.unresolved_counts[name] = self.unresolved_counts.get(name, 0) + rows
                elif actor_id not in out.ids:
                    out.ids.append(actor_id)
                    if self.resolver.actors[actor_id].kind == "coalition":
                        out.umbrellas.append(actor_id)
        return out


def resolution_boundaries(resolver: Resolver) -> list[dt.date]:
    """Sorted dates at which resolving some name can give a different actor.

    The resolver compares an event date only with actors' active periods (``start <= date``,
    ``date <= end``) and lineage link dates (``link start <= date``), so its answer for a
    (name, country) pair is constant between consecutive boundaries: each active-from start,
    the day after each active-to end, and each lineage link's start. Resolving once per interval
    instead of once per distinct date gives the same ids.
    """
    from ..dates import parse_partial_date

    out: set[dt.date] = set()
    for actor in resolver.actors.values():
        if actor.active_from:
            out.add(parse_partial_date(actor.active_from).start())
        if actor.active_to:
            end = parse_partial_date(actor.active_to).end()
            if end < dt.date.max:
                out.add(end + dt.timedelta(days=1))
    for link in resolver.lineage:
        if link.date:
            out.add(parse_partial_date(link.date).start())
    return sorted(out)
