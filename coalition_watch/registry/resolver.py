"""Resolve actor names from any dataset or text to canonical actor ids.

Steps, strictest first, stopping at the first that gives one actor:
exact alias → acronym (case-sensitive) → normalised key → consonant skeleton → state pattern
("Government of X", "Military Forces of X (2004-2021)", "Police Forces of X" → the KB's state actor
of country X, kind ``state``, at the date: one whose active years span those in the name or, if
none does, the state or its successor by lineage then; a ``state_force`` actor such as a coup
faction or a foreign unit answers only to its own names and aliases) → a name qualified by a
country ("Islamic State (Syria)": the bare name resolved in that country, for a group of it) → fuzzy
(rapidfuzz ``token_sort_ratio`` over normalised keys, with a threshold and a margin over the
runner-up). Several candidates are narrowed by date (active period) and country (origin or
area of operation; of several that operate in the country, a single one that comes from it wins);
if more than one remains the name is reported unresolved as ``ambiguous``,
never silently guessed. With a date, lineage is followed: a predecessor's name resolves to the
successor active at that date (Jabhat al-Nusra in 2018 → HTS), and a successor's name before its
founding resolves to its single renamed predecessor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from ..countries import to_iso3
from ..dates import as_date, parse_partial_date
from ..models import Actor, Lineage
from .normalize import acronym_key, generic_name, is_acronym, normalize_name, skeleton

FUZZY_THRESHOLD = 90.0
FUZZY_MARGIN = 3.0
MIN_SKELETON_CHARS = 6
MIN_FUZZY_CHARS = 6
_FOLLOWED_FORWARD = ("renamed", "merged", "succeeded")
_STATE_NAME = re.compile(
    r"^(?:the\s+)?(government|military forces|armed forces|police forces|security forces|state forces)"
    r"\s+of\s+(?:the\s+)?(.+?)(?:\s*\((\d{4})\s*(?:([-–])\s*(\d{4})?)?\s*\))?$", re.IGNORECASE)
_QUALIFIER = re.compile(r"^(.+?)\s*\([^()]+\)\s*$")
_OTHER_QUALIFIER = re.compile(r"\((?!\s*\d{4})")


def _country_of_qualifier(raw: str) -> str | None:
    """The ISO3 code of a country written in brackets after a name ("Islamic State (Syria)")."""
    match = _QUALIFIER.match(raw)
    return to_iso3(raw[match.end(1):].strip()[1:-1].strip()) if match else None


@dataclass(frozen=True)
class Match:
    """The result of resolving one name; ``actor_id`` is None when unresolved."""

    query: str
    actor_id: str | None
    name: str | None
    score: float
    method: str
    candidates: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        return self.actor_id is not None

    def as_dict(self) -> dict:
        """The stable machine form: query, actor_id, name, score, method."""
        return {"query": self.query, "actor_id": self.actor_id, "name": self.name,
                "score": round(self.score, 3), "method": self.method}


#: short words that a near miss may swap for an acronym or another short word ("In Somalia" is
#: not "IS Somalia")
_FUNCTION_WORDS = frozenset({"in", "of", "on", "at", "to", "an", "a", "the", "and", "for", "by", "as", "or"})


def _names_other_place_or_word(query_key: str, alias_key: str) -> bool:
    """Whether a fuzzy candidate differs from the query by a whole word that changes the
    referent: one country for another ("Islamic State in Mali" is not "… in Somalia"), a country
    for another place ("… Council in Derna" is not "… Council in Iraq"), a function word
    ("In Somalia" is not "IS Somalia") or one word for an unlike one ("Garo National Liberation
    Army" is not the Karen one; "Tehreek" for "Tehrik" is a spelling variant)."""
    query, alias = set(query_key.split()), set(alias_key.split())
    only_query, only_alias = query - alias, alias - query
    if len(only_query) == len(only_alias) == 1 and \
            ((only_query <= _FUNCTION_WORDS) != (only_alias <= _FUNCTION_WORDS)):
        return True  # one function word in place of a content word; "in" for "of" is a spelling variant
    if len(only_query) == len(only_alias) == 1 and not (only_query | only_alias) <= _FUNCTION_WORDS \
            and len(query) > 1 and min(len(w) for w in only_query | only_alias) >= 4 \
            and fuzz.ratio(next(iter(only_query)), next(iter(only_alias))) < 70:
        return True  # one word for an unlike word: "Garo National Liberation Army" is not "Karen …"
    countries = lambda words: any(len(w) >= 4 and to_iso3(w) is not None for w in words)  # noqa: E731
    if countries(only_alias) and len(only_query) == 1 and not only_query <= _FUNCTION_WORDS \
            and not countries(only_query) and not any(w.startswith(a[:4]) for w in only_query for a in only_alias):
        return True  # a country in the alias, another word in its place: "… in Derna" is not "… in Iraq"
    return countries(only_query) and countries(only_alias)


def _end_date(actor: Actor) -> dt.date:
    return parse_partial_date(actor.active_to).end() if actor.active_to else dt.date.max


def _spans(actor: Actor, first: int, last: int | None) -> bool:
    """Whether an actor's active years cover the years ``first``..``last`` (None: to date) of a
    state name such as "Military Forces of Syria (2000-2024)" or "… of Syria (2024-)"."""
    start = parse_partial_date(actor.active_from).start().year if actor.active_from else None
    end = _end_date(actor).year if actor.active_to else None
    return (start is None or start <= first) and \
        (end is None or (last is not None and end >= last))


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return as_date(value)


class Resolver:
    """An index over actors' names and aliases; build it once, resolve many names."""

    def __init__(self, actors: Iterable[Actor], lineage: Iterable[Lineage] = ()) -> None:
        self.actors: dict[str, Actor] = {a.id: a for a in actors}
        self.lineage = list(lineage)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._acronym: dict[str, set[str]] = defaultdict(set)
        self._normalized: dict[str, set[str]] = defaultdict(set)
        self._skeleton: dict[str, set[str]] = defaultdict(set)
        self._generic_bare: dict[str, set[str]] = defaultdict(set)
        bare: dict[str, set[str]] = defaultdict(set)  # key -> actors it is a qualified alias's bare form of
        full: dict[str, set[str]] = defaultdict(set)  # key -> actors it is a whole alias of
        for actor in self.actors.values():
            for alias in (actor.name, *actor.aliases, actor.id):
                self._index(actor.id, alias, bare, full)
        #: bare forms that are no whole alias of the same actor ("bersatu" of "Bersatu (Patani)", the
        #: generic "peoples liberation army" of "… (Manipur)"): with a country given, they answer
        #: only for actors that come from or operate in it
        self._bare_only = {key: frozenset(ids - full.get(key, set())) for key, ids in bare.items()
                           if ids - full.get(key, set())}
        self._fuzzy_keys = [k for k in self._normalized if len(k) >= MIN_FUZZY_CHARS]
        self._successors: dict[str, list[Lineage]] = defaultdict(list)
        self._predecessors: dict[str, list[Lineage]] = defaultdict(list)
        for link in self.lineage:
            self._successors[link.from_id].append(link)
            self._predecessors[link.to_id].append(link)
        self.unresolved: dict[str, int] = defaultdict(int)

    def _index(self, actor_id: str, alias: str, bare: dict[str, set[str]], full: dict[str, set[str]]) -> None:
        """Index one alias; ``bare`` and ``full`` collect, for the constructor, the keys that are
        bare forms of qualified aliases and those that are whole aliases."""
        self._exact[alias.strip()].add(actor_id)
        if is_acronym(alias):
            self._acronym[acronym_key(alias)].add(actor_id)
            return
        qualified = _QUALIFIER.match(alias)
        if qualified:
            # "Ansar al-Sharia (Libya)" also answers to "Ansar al-Sharia", narrowed by country; a
            # bare name of generic words only ("People's Liberation Army" of "… (Manipur)") does
            # not answer when another country is given
            key = normalize_name(qualified.group(1))
            if is_acronym(qualified.group(1).strip()):
                # "JEM (Sudan)": the bare acronym "JEM" answers like any acronym, narrowed by country
                self._acronym[acronym_key(qualified.group(1).strip())].add(actor_id)
            if generic_name(key):
                self._generic_bare[key].add(actor_id)  # kept out of the fuzzy and skeleton keys
            else:
                self._index_key(actor_id, key)
            bare[key].add(actor_id)
        self._index_key(actor_id, normalize_name(alias))
        full[normalize_name(alias)].add(actor_id)

    def _index_key(self, actor_id: str, key: str) -> None:
        if key:
            self._normalized[key].add(actor_id)
            skel = skeleton(key)
            if len(skel.replace(" ", "")) >= MIN_SKELETON_CHARS:
                self._skeleton[skel].add(actor_id)

    def area(self, actor_id: str) -> set[str]:
        """The countries an actor comes from or operates in."""
        actor = self.actors[actor_id]
        return {actor.origin, *actor.operates_in} - {None}

    def aliases(self) -> list[tuple[str, str]]:
        """(alias, actor_id) for every indexed spelling, for building text matchers."""
        return [(alias, actor_id) for alias, ids in self._exact.items() for actor_id in ids]

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, name: str, *, date: dt.date | str | None = None,
                country: str | None = None) -> Match:
        """Resolve one name; see the module docstring for the steps."""
        when = _as_date(date)
        query = name if isinstance(name, str) else str(name)
        raw = query.strip()
        if not raw:
            return Match(query, None, None, 0.0, "empty")
        exact = self._exact.get(raw, set())
        states = self._state_candidates(raw, when)
        steps: list[tuple[str, float, set[str]]] = []
        # a name qualified otherwise than by years ("Government of Yemen (North Yemen)") picks its
        # regime itself: its alias stands
        if when is not None and states and not states & exact and not _OTHER_QUALIFIER.search(raw):
            # a generic state name ("Government of Afghanistan") that is one state's alias names, at
            # a date that state does not cover, the state of the country then (the PDPA government
            # in 1990, not the Islamic Republic of 2001-2021)
            steps.append(("state-pattern", 0.95, states))
        steps.append(("exact", 1.0, exact))
        if is_acronym(raw):
            steps.append(("acronym", 1.0, self._acronym.get(acronym_key(raw), set())))
        key = normalize_name(raw)
        if not is_acronym(raw) or len(key) >= 4:  # "DAESH" may be a name in capitals; "IS"  is not "is"
            steps.append(("normalized", 0.97, self._normalized.get(key, set())))
            if key in self._generic_bare:
                steps.append(("normalized", 0.97, set(self._generic_bare[key])))
            skel = skeleton(key)
            # a country in brackets is a qualifier, not a word of the name: "Islamic State
            # (Afghanistan)" is not a spelling of "Islamic State of Afghanistan" (the bare name is
            # resolved in the country below instead)
            if len(skel.replace(" ", "")) >= MIN_SKELETON_CHARS and not _country_of_qualifier(raw):
                steps.append(("skeleton", 0.9, self._skeleton.get(skel, set())))
        steps.append(("state-pattern", 0.95, states))
        # the bare form of a qualified alias ("Bersatu" of "Bersatu (Patani)", "People's Liberation
        # Army" of "… (Manipur)") answers, with a country given, only for an actor of that country
        elsewhere = {a for a in self._bare_only.get(key, ()) if country not in self.area(a)} if country else set()
        for method, score, ids in steps:
            if elsewhere and method != "exact":
                ids = ids - elsewhere
            if ids:
                return self._finish(query, ids, method, score, when, country)
        if elsewhere:
            self.unresolved[raw] += 1
            return Match(query, None, None, 0.0, "unresolved")
        in_country = self._country_qualified(query, raw, when, country)
        if in_country is not None:
            return in_country
        if not is_acronym(raw) and not _country_of_qualifier(raw):
            fuzzy = self._fuzzy(query, key, when, country)
            if fuzzy is not None:
                return fuzzy
        self.unresolved[raw] += 1
        return Match(query, None, None, 0.0, "unresolved")

    def _country_qualified(self, query: str, raw: str, when: dt.date | None,
                           country: str | None) -> Match | None:
        """A name qualified by a country, as event data sets write a group's branch or theatre
        ("Islamic State (Syria)"): the bare name resolved in that country, kept only if the actor
        comes from or operates in it (method ``…+country-qualifier``); None otherwise."""
        match = _QUALIFIER.match(raw)
        iso3 = _country_of_qualifier(raw)
        if not match or iso3 is None or (country is not None and to_iso3(country) != iso3):
            return None
        bare = match.group(1).strip()
        before = self.unresolved[bare]
        found = self.resolve(bare, date=when, country=iso3)
        if self.unresolved[bare] != before:   # the bare name is not what the data set wrote
            self.unresolved[bare] = before
            if not before:
                del self.unresolved[bare]
        if found.actor_id is not None and iso3 in self.area(found.actor_id):
            return Match(query, found.actor_id, found.name, found.score, f"{found.method}+country-qualifier")
        # the group's branch there: the one non-state actor of the country (active at the date) with
        # a name that begins with the bare name ("Islamic State (Afghanistan)": the Khorasan Province)
        prefix = normalize_name(bare) + " "
        branches = {a for alias, owners in self._normalized.items() if alias.startswith(prefix) for a in owners
                    if iso3 in self.area(a) and self.actors[a].kind != "state"
                    and (when is None or self._is_active(self.actors[a], when))}
        if len(branches) != 1:
            return None
        branch = next(iter(branches))
        return Match(query, branch, self.actors[branch].name, 0.9, "branch+country-qualifier")

    def _state_candidates(self, raw: str, when: dt.date | None = None) -> set[str]:
        """The state of country X for "Government of X", "Military Forces of X (2004-2021)" and the
        like: actors of kind ``state`` from X whose active years span the years in the name, those
        active at ``when`` when given. Without a period in the name, or when no state of X spans it,
        the state of X active at ``when``, else the one its line leads to by then (the Taliban's
        Islamic Emirate after the Republic); without a date, every state of X."""
        match = _STATE_NAME.match(raw)
        if not match:
            return set()
        iso3 = to_iso3(match.group(2))
        if iso3 is None:
            return set()
        states = [a for a in self.actors.values() if a.kind == "state" and a.origin == iso3]
        if match.group(3):
            first = int(match.group(3))
            last = int(match.group(5)) if match.group(5) else None if match.group(4) else first
            spanning = [a for a in states if _spans(a, first, last)]
            if spanning:
                return {a.id for a in spanning if when is None or self._is_active(a, when)}
        if when is None:
            return {a.id for a in states}
        active = {a.id for a in states if self._is_active(a, when)}
        if active:
            return active
        # no state of X active at the date: the one its line leads to (succession, rename, merger), given
        # as its latest predecessor so that the match reports the lineage step
        heirs: dict[str, list[Actor]] = defaultdict(list)
        for actor in states:
            heir = self.active_at(actor.id, when)
            if heir != actor.id and self._is_active(self.actors[heir], when):
                heirs[heir].append(actor)
        return {max(line, key=_end_date).id for line in heirs.values()}

    def _fuzzy(self, query: str, key: str, when: dt.date | None, country: str | None) -> Match | None:
        if len(key) < MIN_FUZZY_CHARS or not self._fuzzy_keys:
            return None
        hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.token_sort_ratio,
                               score_cutoff=FUZZY_THRESHOLD, limit=8)
        hits = [hit for hit in hits if not _names_other_place_or_word(key, hit[0])]
        if not hits:
            return None
        best = hits[0][1]
        ids = {actor for text, score, _ in hits if score >= best - FUZZY_MARGIN
               for actor in self._normalized[text]}
        return self._finish(query, ids, "fuzzy", best / 100.0, when, country)

    def _finish(self, query: str, ids: set[str], method: str, score: float,
                when: dt.date | None, country: str | None) -> Match:
        candidates = self._narrow(ids, when, country)
        if len(candidates) != 1:
            self.unresolved[query.strip()] += 1
            return Match(query, None, None, 0.0, "ambiguous", tuple(sorted(candidates or ids)))
        actor_id = next(iter(candidates))
        if when is not None:
            followed = self.active_at(actor_id, when)
            if followed != actor_id:
                actor_id, method = followed, f"{method}+lineage"
        return Match(query, actor_id, self.actors[actor_id].name, score, method)

    def _narrow(self, ids: set[str], when: dt.date | None, country: str | None) -> set[str]:
        if len(ids) <= 1:
            return set(ids)
        narrowed = set(ids)
        if when is not None:
            active = {i for i in narrowed if self._is_active(self.actors[i], when)}
            narrowed = active or narrowed
        if country:
            local = {i for i in narrowed if country in self.area(i)}
            # of several groups active in the country, the one that comes from it: "Ansar al-Sharia"
            # in Libya is the Libyan group, though the Tunisian one also operated there
            home = {i for i in local if self.actors[i].origin == country}
            narrowed = home if len(home) == 1 else local or narrowed
        return narrowed

    @staticmethod
    def _is_active(actor: Actor, when: dt.date) -> bool:
        start = parse_partial_date(actor.active_from).start() if actor.active_from else dt.date.min
        end = parse_partial_date(actor.active_to).end() if actor.active_to else dt.date.max
        return start <= when <= end

    def resolve_many(self, names: Sequence[str], *, dates: Sequence | None = None,
                     countries: Sequence[str | None] | None = None) -> list[Match]:
        """Resolve a column of names (with optional parallel dates and countries), caching repeats."""
        cache: dict[tuple, Match] = {}
        out = []
        for i, name in enumerate(names):
            when = dates[i] if dates is not None else None
            where = countries[i] if countries is not None else None
            key = (name, str(when) if when is not None else None, where)
            if key not in cache:
                cache[key] = self.resolve(name, date=when, country=where)
            out.append(cache[key])
        return out

    # -- lineage ---------------------------------------------------------------------------
    def active_at(self, actor_id: str, when: dt.date | str) -> str:
        """The actor that carries ``actor_id``'s line at ``when`` (following renames and mergers)."""
        when = _as_date(when)
        seen = {actor_id}
        current = actor_id
        while True:
            actor = self.actors[current]
            if actor.active_to and when > parse_partial_date(actor.active_to).end():
                nxt = [l for l in self._successors[current] if l.type in _FOLLOWED_FORWARD
                       and (l.date is None or parse_partial_date(l.date).start() <= when)]
            elif actor.active_from and when < parse_partial_date(actor.active_from).start():
                renamed_from = [l for l in self._predecessors[current] if l.type == "renamed"]
                nxt = ([Lineage(from_id=current, to_id=renamed_from[0].from_id, type="renamed")]
                       if len(renamed_from) == 1 else [])
            else:
                return current
            if len(nxt) != 1 or nxt[0].to_id in seen:
                return current
            current = nxt[0].to_id
            seen.add(current)

    def lineage_of(self, actor_id: str) -> dict[str, list[Lineage]]:
        """All ancestors and descendants of an actor, as lineage links, walking both ways."""
        result: dict[str, list[Lineage]] = {"ancestors": [], "descendants": []}
        for direction, index, attr in (("ancestors", self._predecessors, "from_id"),
                                       ("descendants", self._successors, "to_id")):
            stack, seen = [actor_id], {actor_id}
            while stack:
                for link in index.get(stack.pop(), []):
                    result[direction].append(link)
                    nxt = getattr(link, attr)
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
        return result
