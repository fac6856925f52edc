"""Group mentions: an Aho-Corasick automaton over the registry's aliases, then the resolver on
capitalised spans the automaton missed.

* Names are matched on folded text (:mod:`.folding`: same length, so offsets hold) with spelling
  variants generated per alias: apostrophes dropped, izafat ``-e-``/``-i-`` swapped, the Arabic
  article written ``al``/``el`` or assimilated (``as-Sham``, ``ash-Shabaab``). A match must sit on
  word boundaries and contain a capital letter when the script has case.
* Acronyms (``TTP``, ``ISIL-K``) are matched case-sensitively on the raw text, and never inside a
  longer token (``IS`` is not found in ``IS-K``).
* Capitalised spans left over (with name particles: al-, ul-, of, the …) go to the resolver, whose
  normalised, skeleton and fuzzy steps absorb the remaining variants; the fuzzy step therefore
  only ever sees candidate spans, never the whole text.
* Overlaps keep the leftmost longest match. An alias shared by several actors is narrowed by the
  countries named in the document; if still shared, the mention is kept with ``actor_id=None``.
* Spans that resolve to nothing but carry a group keyword (Front, Jabhat, Tehrik, Brigade…) are
  reported as possible new groups; "X, also known as Y" and "X (Y)" with one side known are
  reported as alias suggestions.
"""

from __future__ import annotations

import bisect
import itertools
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

import ahocorasick

from ..countries import to_iso3
from ..registry.normalize import acronym_key, is_acronym, normalize_name
from ..registry.resolver import Resolver
from ..vocabulary import STATE_KINDS
from .coverage import Coverage
from .folding import fold
from .places import DEMONYMS
from .group_names import (GROUP_KEYWORDS, LOWERCASE_OK, PARTICLES, STATE_BODY_OF, STOP_SPANS, coordinated_names,
                          looks_like_group, names_no_group, trim_candidate)

_CAP_TOKEN = r"(?:[A-Z][\w'’]*|[0-9]+(?:st|nd|rd|th))"
_SPAN = re.compile(rf"{_CAP_TOKEN}(?:(?:[ \-]+{PARTICLES})*[ \-]+{_CAP_TOKEN})*")
#: a leftover piece of a capitalised span: a possessive ending, the particles and separators at its
#: edges, and the name between
_EDGE_PARTICLES = re.compile(rf"(?:['’]s?(?!\w))?(?:[ \-]*{PARTICLES}(?![\w'’]))*[ \-]*(?P<name>.*?)(?:[ \-]+{PARTICLES})*[ \-]*$", re.S)
_ARABIC_SPAN = re.compile(r"[\u0600-\u06FF][\u0600-\u06FF\u200c ]*[\u0600-\u06FF]")
_ACRONYM_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-/][A-Z0-9]+)*\b")
_DEFINITION = re.compile(r"\s*\(([A-Z][A-Za-z0-9.\-/]{1,11})\)")
_AKA = re.compile(r"\s*(?:,\s*)?\(?\s*(?:also known as|a\.k\.a\.?|aka|known as|formerly known as|or)\s+", re.I)
#: words that name many things on their own: no bare variant of "al-<word>" aliases
_COMMON_WORDS = frozenset("jihad islam sharia sham dawa dawla ummah umma mujahideen mujahidin tawhid khilafa".split())
_SUN_LETTERS = ("th", "sh", "dh", "t", "d", "r", "z", "s", "n")
_ARTICLES = {"al", "el", "as", "ash", "ad", "adh", "ar", "at", "ath", "az", "an"}
_IZAFAT = {"e", "i", "y", "ye"}


@dataclass(frozen=True)
class Mention:
    """One mention of a group in a text; ``actor_id`` is None when the name is shared by several."""

    start: int
    end: int
    text: str
    actor_id: str | None
    name: str | None
    method: str
    candidates: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        """The stable machine form: start, end, text, actor_id, name."""
        return {"start": self.start, "end": self.end, "text": self.text, "actor_id": self.actor_id,
                "name": self.name}


def _article_variants(token: str, following: str | None) -> set[str]:
    if token not in _ARTICLES or following is None:
        return {token}
    out = {"al", "el"}
    for letters in _SUN_LETTERS:
        if following.startswith(letters):
            out.add("a" + letters)
            break
    return out


def alias_variants(alias: str) -> set[str]:
    """Folded spelling variants of a non-acronym alias (see module docstring)."""
    base = " ".join(fold(alias).split())
    keys = {base, base.replace("'", "")}
    out: set[str] = set()
    for key in keys:
        tokens = key.split()
        options: list[set[str]] = []
        for i, tok in enumerate(tokens):
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if 0 < i < len(tokens) - 1 and tok in _IZAFAT:
                options.append({"e", "i"})
            else:
                options.append(_article_variants(tok, following))
        variants = [""]
        for opts in options:
            variants = [f"{v} {o}".strip() for v in variants for o in sorted(opts)][:64]
        out.update(v for v in variants if v)
        if len(tokens) == 2 and tokens[0] in _ARTICLES and len(tokens[1]) >= 5 and tokens[1] not in _COMMON_WORDS:
            out.add(tokens[1])  # "al-Shabaab" is also written "Shabaab" (but "al-Jihad" not "Jihad")
    return out


#: a faction's name right after a group's: "(Khaplang)", "(Isak-Muivah)", "-Khaplang", " – Independent"
#: (a word with lower-case letters: an acronym in brackets is the name's own short form)
_FACTION_QUALIFIER = re.compile(r"\s?\((?P<bracketed>[A-Z][a-z][\w'’.]*(?:[\s-][A-Z][\w'’.]*){0,2})\)"
                                r"|\s?[-\u2010\u2011\u2013\u2014]\s?(?P<dashed>[A-Z][a-z][\w'’]{2,})\b")


_NAME_WORD = r"(?:[A-Z][\w'’-]*|(?:al|el|ad|as|ash|an|ar|at|az)-[\w'’-]+)"
_SHARED_HEAD_NOUNS = ("Cartels", "Brigades", "Fronts", "Movements", "Armies", "Forces", "Battalions", "Groups",
                      "Networks", "Organizations", "Organisations", "Militias", "Councils")
#: "the Sinaloa and Jalisco Cartels": two names, then one plural head noun they share
_SHARED_HEAD = re.compile(rf"(?P<first>(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})\s+and\s+(?:the\s+)?"
                          rf"(?P<second>(?:{_NAME_WORD}\s+){{0,3}}?{_NAME_WORD})\s+(?P<head>{'|'.join(_SHARED_HEAD_NOUNS)})\b")
_SHARED_HEAD_HINT = re.compile(rf"\b(?:{'|'.join(_SHARED_HEAD_NOUNS)})\b")
_SINGULAR_HEAD = {"Cartels": "Cartel", "Brigades": "Brigade", "Fronts": "Front", "Movements": "Movement",
                  "Armies": "Army", "Forces": "Force", "Battalions": "Battalion", "Groups": "Group",
                  "Networks": "Network", "Organizations": "Organization", "Organisations": "Organisation",
                  "Militias": "Militia", "Councils": "Council"}


def _joined(folded: str) -> str:
    """Folded text with dashes and runs of spaces as one space: "nagaland- khaplang" and
    "nagaland khaplang" compare equal."""
    return " ".join(re.split(r"[\s\-\u2010\u2011\u2013\u2014]+", folded.strip()))


class AliasMatcher:
    """Finds group mentions in text; build once per registry, then call :meth:`find` per text."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        names: dict[str, set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        qualified: dict[str, set[str]] = {}  # bare forms of qualified aliases: "people's liberation army"
        full: set[str] = set()
        whole_acronyms: dict[str, set[str]] = {}  # key -> the actors whose whole acronym alias it is
        written_lowercase: dict[str, set[str]] = {}  # key -> content words an alias writes in lower case
        qualified_acronyms: dict[str, set[str]] = {}  # bare acronyms of qualified aliases: "ADF" of "ADF (Ambazonia)"
        own_acronyms: dict[str, set[str]] = {}  # acronym -> the actors with it as an alias of its own
        for actor in resolver.actors.values():
            for alias in (actor.name, *actor.aliases):
                alias = alias.strip()
                if not alias:
                    continue
                if is_acronym(alias):
                    key = acronym_key(alias)
                    acronyms.setdefault(key, set()).add(actor.id)
                    own_acronyms.setdefault(key, set()).add(actor.id)
                    if len(key) >= 4 and key.isalpha() and key.isupper():
                        acronyms.setdefault(key.title(), set()).add(actor.id)  # "JNIM" written "Jnim"
                    for key in alias_variants(alias):  # a whole alias, though matched as an acronym
                        whole_acronyms.setdefault(key, set()).add(actor.id)
                    continue
                bare = re.sub(r"\s*\([^()]+\)\s*$", "", alias)
                if bare != alias and is_acronym(bare):
                    # "ADF (Ambazonia)": the bare acronym is matched as one, case-sensitively, and
                    # only where the text is about the actor's countries (see _in_its_country)
                    key = acronym_key(bare)
                    acronyms.setdefault(key, set()).add(actor.id)
                    qualified_acronyms.setdefault(key, set()).add(actor.id)
                    bare = alias
                for form in {alias, bare}:
                    lowercase = {w.lower() for w in _NON_NAME_CASE.findall(form)} if _lowercase_content_word(form) else set()
                    for key in alias_variants(form):
                        if len(key) >= 3:
                            names.setdefault(key, set()).add(actor.id)
                            if lowercase:
                                written_lowercase.setdefault(key, set()).update(lowercase)
                            if form is bare and bare != alias:
                                qualified.setdefault(key, set()).add(actor.id)
                            elif form is alias:
                                full.add(key)
        #: communal identity groups ("Dogon (communal group)"): their bare ethnonym is a group
        #: mention only before a group noun ("Dogon militias"), not as an adjective or a people
        self._communal = frozenset(a.id for a in resolver.actors.values() if "communal" in a.name.lower())
        #: bare forms of qualified aliases ("People's Liberation Army" of "… (Manipur)", "Bersatu" of
        #: "Bersatu (Patani)"), unless some actor has the bare form as an alias of its own: in a text
        #: that names countries, a mention only when the actor operates in one of them
        self._qualified_bare = {key: frozenset(ids) for key, ids in qualified.items() if key not in full}
        #: the same for acronyms: "ADF" names the Ambazonia Defence Forces only in a text about
        #: Cameroon; elsewhere the actor whose own alias "ADF" is (the Allied Democratic Forces)
        self._qualified_acronyms = {key: frozenset(ids - own_acronyms.get(key, set()))
                                    for key, ids in qualified_acronyms.items()
                                    if ids - own_acronyms.get(key, set()) and own_acronyms.get(key)}
        #: a key that is one actor's whole acronym alias and another's bare form ("SPLM-N" and the
        #: bare "SPLM-N" of "SPLM-N (Agar)"): when the countries leave both, the whole alias wins
        self._whole_alias = {key: frozenset(whole_acronyms[key]) for key, ids in names.items()
                             if key in whole_acronyms and ids - whole_acronyms[key]}
        for key, ids in self._qualified_acronyms.items():
            # where both are active, the actor whose whole alias the acronym is wins (_whole_alias_of)
            self._whole_alias.setdefault(fold(key), frozenset(own_acronyms[key]))
        #: names the registry itself writes with lower-case content words ("FARC dissidents",
        #: "Mouvement national de libération de l'Azawad"): those words may be lower case in text too
        self._written_lowercase = {key: frozenset(words) for key, words in written_lowercase.items()}
        self._names = ahocorasick.Automaton()
        for key, ids in names.items():
            self._names.add_word(key, (len(key), tuple(sorted(ids))))
        self._names.make_automaton()
        self._acronyms = ahocorasick.Automaton()
        for key, ids in acronyms.items():
            self._acronyms.add_word(key, (len(key), tuple(sorted(ids))))
        self._acronyms.make_automaton()
        self.alias_count = len(names) + len(acronyms)
        self._actor_initials: dict[str, tuple[str, ...]] = {}
        self._alias_texts: list[tuple[str, str]] | None = None  # built on first use (_actors_with_both)
        self._qualified_cache: dict[tuple[str, str], tuple[str, ...]] = {}

    # -- automaton -------------------------------------------------------------------------
    def automaton_matches(self, text: str, folded: str | None = None) -> list[tuple[int, int, tuple[str, ...], str]]:
        """Raw automaton hits (start, end, actor ids, method) before overlap resolution."""
        folded = fold(text) if folded is None else folded
        hits = []
        n = len(text)
        if len(self._names):
            for end_index, (length, ids) in self._names.iter(folded):
                start, end = end_index - length + 1, end_index + 1
                if start > 0 and folded[start - 1].isalnum():
                    continue
                if end < n and folded[end].isalnum():
                    continue
                span = text[start:end]
                if span.lower() != span.upper() and span == span.lower():
                    continue  # no capital in a cased script: "taliban" the word, not the name
                if _lowercase_content_word(span) and not self._as_written(folded[start:end], span):
                    continue  # "an Islamic state", "Islamic unity": words, not the names
                hits.append((start, end, ids, "alias"))
        if len(self._acronyms):
            for end_index, (length, ids) in self._acronyms.iter(text):
                start, end = end_index - length + 1, end_index + 1
                if start > 0 and (text[start - 1].isalnum() or (text[start - 1] in "-/" and start > 1
                                                                and text[start - 2].isalnum())):
                    continue
                if end < n and text[end] == "s" and (end + 1 == n or not text[end + 1].isalnum()):
                    end += 1  # a plural acronym: "PDFs"
                elif end < n and (text[end].isalnum() or (text[end] in "-/" and end + 1 < n
                                                          and text[end + 1].isalnum()
                                                          and not _lowercase_modifier(text, end))):
                    continue  # "IS-K" is another name; "IS-affiliated" still names IS
                hits.append((start, end, ids, "acronym"))
        return hits

    def _as_written(self, key: str, span: str) -> bool:
        """Whether every lower-case content word of ``span`` is one that an alias with the
        automaton key ``key`` writes in lower case itself ("dissidents" of "FARC dissidents")."""
        allowed = self._written_lowercase.get(key)
        return bool(allowed) and all(w.lower() in allowed for w in _NON_NAME_CASE.findall(span))

    # -- full mention finding --------------------------------------------------------------
    def find(self, text: str, *, countries: Iterable[str] = (), folded: str | None = None,
             fallback: bool = True, context: Iterable[str] = ()) -> tuple[list[Mention], list[Mention]]:
        """Mentions in ``text`` (sorted by offset), and the spans of names that look like unknown
        groups (:func:`new_group_span`: ``actor_id`` None, method ``"new-group"``, in text order).

        ``context`` are actor ids the document is known to concern (a profile page's group): they
        settle shared names and lend their initials to unexplained acronyms.
        """
        countries = set(countries)
        context = [c for c in context if c in self.resolver.actors]
        folded = fold(text) if folded is None else folded
        hits = self.automaton_matches(text, folded)
        chosen = _leftmost_longest([(s, e, ids, m) for s, e, ids, m in hits])
        chosen = [h for h in chosen if not self._bare_communal(text, h[0], h[1], h[2])]
        if self._qualified_bare or self._qualified_acronyms:
            chosen = [h for h in (self._in_its_country(h, folded, countries, text, context) for h in chosen) if h]
        mentions = [self._mention(text, s, e, ids, m, countries) for s, e, ids, m in chosen]
        new_groups: list[Mention] = []
        if fallback:
            mentions = self._inside_longer_names(text, mentions, countries, new_groups)
            mentions = self._regional_names(text, mentions, countries)
            mentions = self._dissidents_of(text, mentions, countries)
            mentions = self._short_forms(text, mentions, countries)
            mentions = self._shared_heads(text, mentions, countries)
            covered = Coverage((m.start, m.end) for m in mentions)
            owners = {m.end: m for m in mentions if m.actor_id}  # known mentions by where they end
            country_key = tuple(sorted(countries))
            for start, end in _candidate_spans(text):
                if covered.overlaps(start, end):
                    found, fresh, named = self._pieces_beside(text, start, end, covered, countries, country_key, owners)
                    if named:  # a country that begins a group's name ("Sudan Liberation Army") is no mention
                        mentions = [m for m in mentions if m not in named]
                        owners = {m.end: m for m in mentions if m.actor_id}
                    mentions.extend(found)
                    owners.update((m.end, m) for m in found if m.actor_id)
                    for m in found:
                        covered.add(m.start, m.end)
                    new_groups.extend(fresh)
                    continue
                if text[start:end].lower() in STOP_SPANS:
                    continue  # (a lone sentence-initial "The", "In", "However" names nothing)
                found = [m for m in self._resolve_span(text, start, end, countries, country_key)
                         if not (m.actor_id and self._bare_communal(text, m.start, m.end, (m.actor_id,)))]
                if found:
                    mentions.extend(found)
                    owners.update((m.end, m) for m in found if m.actor_id)
                    for m in found:
                        covered.add(m.start, m.end)
                else:
                    new_groups.extend(self._new_group_spans(text, start, end, country_key))
            mentions.sort(key=lambda m: m.start)
            new_groups.sort(key=lambda m: m.start)
        mentions = self._local_acronyms(text, mentions)
        mentions = self._settle_shared(mentions, context)
        mentions = self._faction_qualifiers(text, mentions)
        if self._whole_alias:
            mentions = [self._whole_alias_of(m, countries) for m in mentions]
        if fallback:
            mentions = self._initials(text, mentions, context)
        return mentions, new_groups

    def _faction_qualifiers(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"National Socialist Council of Nagaland (Khaplang)", "… of Nagaland-Khaplang": a
        capitalised word right after a name, in brackets or after a dash, that names one of its
        factions. The mention, with the word, is the one actor with an alias that holds both the
        name and the word ("National Socialist Council of Nagaland- Khaplang faction"); with no
        such actor, or several, the mention stays as it was."""
        out: list[Mention] = []
        dropped_until = -1
        for m in mentions:
            if m.start < dropped_until:
                continue  # a name inside the qualifier just read ("Khaplang" as an alias of its own)
            qualifier = _FACTION_QUALIFIER.match(text, m.end) if m.method in ("alias", "ambiguous", "exact") else None
            if qualifier:
                word = qualifier.group("bracketed") or qualifier.group("dashed")
                ids = self._actors_with_both(_joined(fold(m.text)), _joined(fold(word)))
                if len(ids) == 1 and (ids[0] != m.actor_id or m.actor_id is None):
                    actor = self.resolver.actors[ids[0]]
                    end = qualifier.end()
                    out.append(Mention(m.start, end, text[m.start:end], actor.id, actor.name, "qualified"))
                    dropped_until = end
                    continue
            out.append(m)
        return out

    def _actors_with_both(self, name: str, word: str) -> tuple[str, ...]:
        """The actors with an alias (folded, dashes as spaces) holding the words of ``name`` and
        ``word``, each on word boundaries."""
        key = (name, word)
        if key not in self._qualified_cache:
            if self._alias_texts is None:
                self._alias_texts = [(f" {_joined(fold(alias))} ", actor.id) for actor in self.resolver.actors.values()
                                     for alias in (actor.name, *actor.aliases) if alias.strip()]
            self._qualified_cache[key] = tuple(sorted({i for alias, i in self._alias_texts
                                                       if f" {name} " in alias and f" {word} " in alias}))
        return self._qualified_cache[key]

    def _whole_alias_of(self, m: Mention, countries: set[str]) -> Mention:
        """A name still ambiguous after the countries and the theatre had their say, among actors
        of one theatre (so no country could tell them apart): the actor whose whole alias it is
        wins over those of whose alias it is the bare form, when that alias is an acronym written as
        such ("SPLM-N" over "SPLM-N (Agar)")."""
        if m.actor_id is not None or m.method != "ambiguous" or len(m.candidates) < 2:
            return m
        shared = set.intersection(*(self.resolver.area(i) for i in m.candidates))
        if not shared or (countries and not shared & countries):
            return m  # actors of different theatres, or of a theatre the text is not about
        whole = [i for i in m.candidates if i in self._whole_alias.get(fold(m.text), ())]
        if len(whole) != 1:
            return m
        return Mention(m.start, m.end, m.text, whole[0], self.resolver.actors[whole[0]].name, "alias")

    def _in_its_country(self, hit, folded: str, countries: set[str], text: str, context: Iterable[str] = ()):
        """A hit on the bare form of a qualified alias keeps, when the text names countries, the
        actors that operate in one of them. A bare acronym shared with another actor's own alias
        names the qualified actor only there (or when the document is known to concern it), and
        that other actor elsewhere."""
        start, end, ids, method = hit
        if method == "acronym":
            qualified = self._qualified_acronyms.get(text[start:end])
            if not qualified:
                return hit
            here = tuple(i for i in ids if i in qualified and (i in context or countries & self.resolver.area(i)))
            if not here:
                return (start, end, tuple(i for i in ids if i not in qualified), method)
            # both may be active there ("SPLM-N" and "SPLM-N (Agar)" in Sudan): the whole alias
            # settles it later (_whole_alias_of); an actor of other countries drops out
            local = tuple(i for i in ids if i in here or countries & self.resolver.area(i) or i in context)
            return (start, end, local, method)
        qualified = self._qualified_bare.get(folded[start:end]) if method == "alias" and countries else None
        if not qualified:
            return hit
        local = tuple(i for i in ids if i not in qualified or countries & self.resolver.area(i))
        return (start, end, local, method) if local else None

    def _pieces_beside(self, text: str, start: int, end: int, covered: Coverage, countries: set[str],
                       country_key: tuple[str, ...], owners: dict[int, Mention]) -> tuple[list[Mention], list[Mention], list[Mention]]:
        """Known names and possible new groups in the parts of a capitalised span that known names
        leave over: "the Free Idlib Brigade and Ahrar al-Sham" reads as one span (names may contain
        "and"), and once "Ahrar al-Sham" is known, "Free Idlib Brigade" is a name of its own. A
        piece after a group's possessive is first read with the group's name before it ("the
        Islamic State's West Africa Province" is Islamic State West Africa Province). A state's
        name right before a piece that ends in a group word begins the group's name ("Sudan
        Liberation Army"): the longer name is read instead, and the state's mention is returned
        as the third list, to be dropped. ``owners`` maps where a known mention ends to it."""
        found, fresh, named = [], [], []
        for s, e in covered.gaps(start, end):
            possessive = text[s:s + 1] in "'’"
            piece = _EDGE_PARTICLES.match(text, s, e)
            g, s, e = s, piece.start("name"), piece.end("name")
            if e - s <= 2 or not text[s].isupper() or text[s:e].lower() in STOP_SPANS:
                continue
            owner = owners.get(g)
            if owner is not None and not possessive and text[g:s].isspace():
                names = self._name_begun_by_state(text, owner, s, e, country_key)
                if names is not None:
                    found.extend(m for m in names if m.actor_id)
                    fresh.extend(m for m in names if not m.actor_id)
                    named.append(owner)
                    continue
            if owner is not None and possessive:
                possessed = self._possessed_name(text, owner, s, e, country_key)
                if possessed is not None:
                    found.append(possessed)
                    continue
            known = [m for m in self._resolve_span(text, s, e, countries, country_key)
                     if not (m.actor_id and self._bare_communal(text, m.start, m.end, (m.actor_id,)))]
            if known:
                found.extend(known)
            else:
                fresh.extend(self._new_group_spans(text, s, e, country_key))
        return found, fresh, named

    def _name_begun_by_state(self, text: str, owner: Mention, start: int, end: int,
                             country_key: tuple[str, ...]) -> list[Mention] | None:
        """"Sudan Liberation Army": when a state's one-word name (``owner``) begins a group's name
        whose other words are ``text[start:end]``, the names read from the state's name on (the
        first resolved when the registry knows it); None when it does not ("Sudan Armed Forces" is
        the state's body, and a longer name that resolves to a state is the state)."""
        piece = text[start:end]
        if not looks_like_group(piece) or names_no_group(piece) or " " in owner.text.strip() \
                or self.resolver.actors[owner.actor_id].kind not in STATE_KINDS:
            return None
        names = self._new_group_spans(text, owner.start, end, country_key)
        if not names or names[0].start != owner.start:
            return None
        first = names[0]
        actor_id, method = _resolve_cached(self.resolver, first.text, country_key)
        if method == "fuzzy" or (actor_id and self.resolver.actors[actor_id].kind in STATE_KINDS):
            return None
        if actor_id:
            names[0] = Mention(first.start, first.end, first.text, actor_id, self.resolver.actors[actor_id].name, method)
        return names

    def _possessed_name(self, text: str, owner: Mention, start: int, end: int,
                        country_key: tuple[str, ...]) -> Mention | None:
        """"The Islamic State's West Africa Province": the name after a group's possessive, read
        with the group's name before it, when that names another actor exactly; else None."""
        actor_id, method = _resolve_cached(self.resolver, f"{trim_candidate(owner.text)} {text[start:end]}", country_key)
        if actor_id and actor_id != owner.actor_id and method not in ("fuzzy", "ambiguous"):
            return Mention(start, end, text[start:end], actor_id, self.resolver.actors[actor_id].name, "possessive")
        return None

    def _new_group_spans(self, text: str, start: int, end: int, country_key: tuple[str, ...]) -> list[Mention]:
        """Possible new groups in an unresolved capitalised span: the span, or the names of a
        coordination inside it ("TRF and the People Against Fascist Forces": two names, while
        "Movement for Justice and Equality" is one), leaving out a state's body ("Armed Forces of
        the Democratic Republic of Congo") and intergovernmental bodies ("African Union")."""
        out = []
        for s, e in coordinated_names(text, start, end):
            span = text[s:e]
            if looks_like_group(span) and not names_no_group(span) and not self._state_body(span, country_key):
                out.append(new_group_span(text, s, e))
        return out

    def _state_body(self, span: str, country_key: tuple[str, ...]) -> bool:
        """Whether ``span`` names a body of a state: "<Armed Forces|Army|Police|…> of <state>"."""
        body = STATE_BODY_OF.match(span)
        if not body:
            return False
        state = re.sub(r"^the\s+", "", body.group("state"), flags=re.I)
        if to_iso3(state):
            return True
        actor_id, _ = _resolve_cached(self.resolver, state, country_key)
        return actor_id is not None and self.resolver.actors[actor_id].kind in STATE_KINDS

    def _settle_shared(self, mentions: list[Mention], context: list[str]) -> list[Mention]:
        """A name shared by several actors is the one the document is about, or the one it names
        unambiguously elsewhere, when exactly one candidate qualifies; failing that, the one
        whose countries are those of the non-state groups the document names unambiguously
        ("al-Shabaab" beside the Islamic Courts Union is the Somali group)."""
        if not any(m.actor_id is None and m.candidates for m in mentions):
            return mentions
        known = set(context) | {m.actor_id for m in mentions if m.actor_id}
        actors = self.resolver.actors
        theatre = {c for a in known if a in actors and actors[a].kind not in STATE_KINDS
                   for c in (actors[a].operates_in or ([actors[a].origin] if actors[a].origin else []))}
        out = []
        for m in mentions:
            if m.actor_id is None and m.candidates:
                hits = [c for c in m.candidates if c in known]
                if not hits and theatre:
                    hits = [c for c in m.candidates if c in actors and set(actors[c].operates_in or ()) & theatre]
                if len(hits) == 1:
                    m = Mention(m.start, m.end, m.text, hits[0], actors[hits[0]].name, "context")
            out.append(m)
        return out

    def _initials(self, text: str, mentions: list[Mention], context: list[str]) -> list[Mention]:
        """An acronym the registry does not know, written in a document about a group whose name
        has those initials, is that group ("ART" in a text about the Al Rashid Trust). In a
        document known to concern a group (``context``), an acronym of its name is that group
        even where the registry gives the acronym to another group that the text never names in
        full ("KIA" on a page about Kata'ib al-Imam Ali, not the Kachin Independence Army)."""
        actors = list(dict.fromkeys([*context, *(m.actor_id for m in mentions if m.actor_id)]))
        if not actors:
            return mentions
        if context:
            mentions = self._context_acronyms(mentions, context)
        by_initials: dict[str, set[str]] = {}
        for actor_id in actors:
            for key in self._initials_of(actor_id):
                by_initials.setdefault(key, set()).add(actor_id)
        coverage = Coverage((m.start, m.end) for m in mentions)
        spelled_out = None
        added = []
        for hit in _BARE_ACRONYM.finditer(text):
            ids = by_initials.get(hit.group(0))
            if not ids or len(ids) != 1 or coverage.overlaps(hit.start(), hit.end()):
                continue
            if _CLOCK_TIME.search(text, max(0, hit.start() - 8), hit.start()) and hit.group(0) in ("AM", "PM"):
                continue  # "at 7 AM": a time of day, not "Al-Mourabitoun" by its initials
            if spelled_out is None:
                # "Ansharud Daulah Islamiyah (ADI)": the text spells the acronym out as a name the
                # registry lacks, so the acronym names that group, not a registry group with its initials
                ends = {m.end for m in mentions}
                spelled_out = {d.group("acronym") for d in _SPELLED_OUT.finditer(text) if d.start("gap") not in ends}
            if hit.group(0) in spelled_out:
                continue
            actor_id = next(iter(ids))
            added.append(Mention(hit.start(), hit.end(), hit.group(0), actor_id, self.resolver.actors[actor_id].name, "initials"))
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.start)

    def _context_acronyms(self, mentions: list[Mention], context: list[str]) -> list[Mention]:
        """Registry acronyms that are the initials of exactly one context group, re-read as that
        group, unless the registry's group is itself in the context or named in full."""
        by_initials: dict[str, set[str]] = {}
        for actor_id in context:
            for key in self._initials_of(actor_id):
                by_initials.setdefault(key, set()).add(actor_id)
        named = {m.actor_id for m in mentions if m.method != "acronym"}
        out = []
        for m in mentions:
            ids = by_initials.get(m.text) if m.method == "acronym" else None
            if ids and len(ids) == 1 and m.actor_id not in context and m.actor_id not in named:
                actor_id = next(iter(ids))
                m = Mention(m.start, m.end, m.text, actor_id, self.resolver.actors[actor_id].name, "initials")
            out.append(m)
        return out

    def _initials_of(self, actor_id: str) -> tuple[str, ...]:
        """The initials (:func:`name_initials`) of an actor's name and aliases, computed once."""
        keys = self._actor_initials.get(actor_id)
        if keys is None:
            actor = self.resolver.actors[actor_id]
            keys = tuple(k for k in map(name_initials, (actor.name, *actor.aliases)) if k)
            self._actor_initials[actor_id] = keys
        return keys

    def _local_acronyms(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A document's own acronym definitions win: after "Kata'ib al-Imam Ali (KIA)", "KIA" is
        that group in the rest of the document, even if the registry gives "KIA" to another."""
        defined: dict[str, tuple[str, str, int]] = {}
        for m in mentions:
            if m.actor_id is None or is_acronym(m.text):
                continue
            paren = acronym_definition(text, m.end)
            if paren:
                if self.resolver.actors[m.actor_id].kind in STATE_KINDS and ends_longer_name(text, m, self.resolver):
                    continue  # the acronym is of a longer name that ends in the country's
                if m.method == "fuzzy":
                    # "Movement for the Liberation of Azawad (MNLA)": an approximate name defined by
                    # an acronym the registry knows exactly is that acronym's group
                    exact = self.resolver.resolve(paren.group(1))
                    if exact.actor_id and exact.actor_id != m.actor_id and exact.method in ("exact", "acronym"):
                        defined.setdefault(paren.group(1), (exact.actor_id, exact.name, m.start))
                        continue
                defined.setdefault(paren.group(1), (m.actor_id, m.name, paren.start(1)))
        if not defined:
            return mentions
        out = []
        for m in mentions:
            local = defined.get(m.text)
            if local is None and m.method == "fuzzy":
                paren = acronym_definition(text, m.end)
                local = defined.get(paren.group(1)) if paren else None
            if local and m.start >= local[2] and m.actor_id != local[0]:
                m = Mention(m.start, m.end, m.text, local[0], local[1], "local-acronym")
            out.append(m)
        for hit in acronym_uses(text, {a: d[2] for a, d in defined.items()}, mentions):
            actor_id, name, _ = defined[hit.group(0)]
            out.append(Mention(hit.start(), hit.end(), hit.group(0), actor_id, name, "local-acronym"))
        out.sort(key=lambda m: m.start)
        return out

    def _bare_communal(self, text: str, start: int, end: int, ids: tuple[str, ...]) -> bool:
        if not ids or not all(i in self._communal for i in ids):
            return False
        bare = re.sub(r"^(?:the|The)\s+", "", text[start:end].strip())
        if " " in bare or "-" in bare:
            return False
        return not _GROUP_NOUN_AFTER.match(text, end)

    def _inside_longer_names(self, text: str, mentions: list[Mention], countries: set[str],
                             new_groups: list[Mention]) -> list[Mention]:
        """A known name inside a longer capitalised name is usually another group: "Chin National
        Army" is not the "National Army", "Khatiba al-Tawhid wal-Jihad" not "Tawhid wal-Jihad".
        When the words before a name are a group keyword or the name ends in one, the longer span is
        resolved; if it names another known group that group is taken, if it names none the inner
        match is dropped and the longer name reported as a possible new group."""
        out = []
        for m in mentions:
            if m.method == "acronym" or m.actor_id is None:
                out.append(m)
                continue
            lead = _LEFT_EXTENSION.search(text, max(0, m.start - 40), m.start)
            tokens = [t.start() + lead.start() for t in _LEFT_TOKEN.finditer(lead.group(0))] if lead else []
            inner_last = fold(m.text).replace("-", " ").split()[-1]
            replaced = False
            for begin in reversed(tokens):  # nearest extension first
                first = fold(text[begin:m.start]).replace("-", " ").split()[0].strip("'")
                if first in STOP_SPANS or _looks_like_place_adjective(first):
                    break
                if first not in GROUP_KEYWORDS and inner_last not in GROUP_KEYWORDS:
                    continue
                longer = text[begin:m.end]
                actor_id, method = _resolve_cached(self.resolver, longer, tuple(sorted(countries)))
                if actor_id and actor_id != m.actor_id:
                    out.append(Mention(begin, m.end, longer, actor_id, self.resolver.actors[actor_id].name, method))
                elif actor_id is None:
                    new_groups.extend(self._new_group_spans(text, begin, m.end, tuple(sorted(countries))))
                else:
                    out.append(m)
                replaced = True
                break
            if not replaced:
                out.append(m)
        return out

    def _regional_names(self, text: str, mentions: list[Mention], countries: set[str]) -> list[Mention]:
        """"Islamic State group in the Sahel", "al-Qaeda in the Arabian Peninsula": a name followed
        by "in (the) Place" may be a regional branch with its own entry; the longer span is
        resolved and wins when it names another group."""
        out: list[Mention] = []
        for m in mentions:
            if out and m.start < out[-1].end:
                continue  # inside a longer name taken before ("Chad" of "National Army of Chad")
            tail = _REGION_TAIL.match(text, m.end) if m.actor_id and m.method != "acronym" else None
            if not tail and m.actor_id and m.method != "acronym":
                other = self._of_another_country(text, m, countries)
                if other is not None:
                    out.append(other)
                    continue
            if tail:
                head = re.sub(r"^(?:the|The)\s+", "", m.text)
                longer = head + text[m.end:tail.end()]
                actor_id, method = _resolve_cached(self.resolver, longer, tuple(sorted(countries)))
                if actor_id is None and tail.group("noun"):  # "Islamic State group in the Sahel"
                    shorter = head + text[tail.start("rest"):tail.end()]
                    actor_id, method = _resolve_cached(self.resolver, shorter, tuple(sorted(countries)))
                if actor_id and actor_id != m.actor_id:
                    m = Mention(m.start, tail.end(), text[m.start:tail.end()], actor_id,
                                self.resolver.actors[actor_id].name, method)
            out.append(m)
        return out

    def _shared_heads(self, text: str, mentions: list[Mention], countries: set[str]) -> list[Mention]:
        """"the Sinaloa and Jalisco Cartels", "the al-Aqsa and al-Qassam Brigades": two names that
        share one plural head noun. Each name with the head ("Sinaloa Cartel", "al-Aqsa Brigades")
        that resolves exactly (no fuzzy match) is a mention, over the words that are its own; a
        name already found stays as it was."""
        if not _SHARED_HEAD_HINT.search(text):
            return mentions
        added: list[Mention] = []
        country_key = tuple(sorted(countries))
        for match in _SHARED_HEAD.finditer(text):
            head = match.group("head")
            forms = (head, _SINGULAR_HEAD.get(head, head))
            for name in ("first", "second"):
                span_start, end = match.span(name)
                # the first name may have taken capitalised words before it ("On Monday Sinaloa
                # and …"): its shortest ending that resolves is the name
                starts = [span_start] + [span_start + w.end() for w in re.finditer(r"\S+\s+", text[span_start:end])]
                found = None
                for start in starts if name == "first" else starts[:1]:
                    if text.startswith(("The ", "the "), start):
                        start += 4
                    if start >= end or any(m.start < end and start < m.end for m in mentions):
                        continue
                    words = text[start:end]
                    for form in dict.fromkeys(forms):
                        actor_id, method = _resolve_cached(self.resolver, f"{words} {form}", country_key)
                        if actor_id and method.split("+")[0] in ("exact", "normalized"):
                            found = (start, actor_id)
                            break
                    if found:
                        break
                if found:
                    start, actor_id = found
                    stop = match.end() if name == "second" else end
                    added.append(Mention(start, stop, text[start:stop], actor_id,
                                         self.resolver.actors[actor_id].name, "shared-head"))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _short_forms(self, text: str, mentions: list[Mention], countries: set[str]) -> list[Mention]:
        """"the Joint Operations Room" after "the Palestinian Joint Operations Room": a name first
        written with a demonym in front is then often written without it. After the full name, the
        rest of it (two or more capitalised words that name no other actor) is the same group."""
        forms: dict[str, Mention] = {}
        for m in mentions:
            if not m.actor_id or m.method not in _NAME_METHODS:
                continue
            head, _, rest = m.text.partition(" ")
            words = rest.split()
            if head in DEMONYMS and len(words) >= 2 and words[-1][:1].isupper() and \
                    all(w[:1].isupper() or w.lower() in LOWERCASE_OK for w in words):
                forms.setdefault(rest, m)
        if not forms:
            return mentions
        covered = Coverage((m.start, m.end) for m in mentions)
        found: list[Mention] = []
        country_key = tuple(sorted(countries))
        for rest, full in forms.items():
            if _resolve_cached(self.resolver, rest, country_key)[0] not in (None, full.actor_id):
                continue
            for hit in re.compile(r"(?<![\w'’-])" + re.escape(rest) + r"(?![\w'’-])").finditer(text, full.end):
                start, end = hit.span()
                if not covered.overlaps(start, end):
                    found.append(Mention(start, end, text[start:end], full.actor_id, full.name, "short-form"))
                    covered.add(start, end)
        return sorted(mentions + found, key=lambda m: m.start) if found else mentions

    def _dissidents_of(self, text: str, mentions: list[Mention], countries: set[str]) -> list[Mention]:
        """"dissident groups of the FARC", "dissidents of the FARC": the dissidents have an entry
        of their own ("FARC dissidents") when the registry has one; the mention is theirs."""
        out: list[Mention] = []
        for m in mentions:
            lead = _DISSIDENTS_OF.search(text, max(0, m.start - 40), m.start) if m.actor_id else None
            if lead:
                actor_id, method = _resolve_cached(self.resolver, f"{m.text} dissidents", tuple(sorted(countries)))
                if actor_id and actor_id != m.actor_id:
                    m = Mention(lead.start(), m.end, text[lead.start():m.end], actor_id,
                                self.resolver.actors[actor_id].name, method)
            out.append(m)
        return out

    def _of_another_country(self, text: str, m: Mention, countries: set[str]) -> Mention | None:
        """"The National Army of Chad" is not the Syrian National Army: a group's name followed by
        "of <country>" where the group does not operate names another actor. The longer span is
        resolved: the mention of its actor, or an unresolved mention (method ``other-actor``) that
        keeps the span from being read again; None when the rule does not apply (no such tail, or
        the group operates there or has no countries)."""
        tail = _OF_PLACE.match(text, m.end)
        if not tail:
            return None
        actor = self.resolver.actors[m.actor_id]
        where = {actor.origin, *actor.operates_in} - {None}
        if not where or actor.kind in STATE_KINDS:
            return None
        words = tail.group("place").split()
        for n in range(len(words), 0, -1):
            code = to_iso3(" ".join(words[:n]))
            if code:
                break
        else:
            return None
        if code in where:
            return None
        end = tail.start("place") + len(" ".join(words[:n]))
        actor_id, method = _resolve_cached(self.resolver, text[m.start:end], tuple(sorted(countries)))
        if actor_id and actor_id != m.actor_id:
            return Mention(m.start, end, text[m.start:end], actor_id, self.resolver.actors[actor_id].name, method)
        return Mention(m.start, end, text[m.start:end], None, None, "other-actor")

    def _mention(self, text: str, start: int, end: int, ids: tuple[str, ...], method: str,
                 countries: set[str]) -> Mention:
        if len(ids) > 1 and countries:
            local = tuple(i for i in ids if countries & self.resolver.area(i))
            ids = local or ids
        if len(ids) == 1:
            return Mention(start, end, text[start:end], ids[0], self.resolver.actors[ids[0]].name, method)
        return Mention(start, end, text[start:end], None, None, "ambiguous", tuple(ids))

    def _resolve_span(self, text: str, start: int, end: int, countries: set[str],
                      country_key: tuple[str, ...] | None = None) -> list[Mention]:
        if country_key is None:
            country_key = tuple(sorted(countries))
        tokens = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
        n = len(tokens)
        for size in range(n, 0, -1):
            for i in range(0, n - size + 1):
                s, e = tokens[i][0], tokens[i + size - 1][1]
                while e > s and not text[e - 1].isalnum():
                    e -= 1
                span = text[s:e]
                if e - s < 3 or span.lower() in STOP_SPANS:
                    continue
                actor_id, method = _resolve_cached(self.resolver, span, country_key)
                if actor_id is None:
                    continue
                if size == 1 and method in ("fuzzy", "skeleton") and (
                        len(span) < 6 or not _has_one_word_name(self.resolver.actors[actor_id])):
                    continue  # one word near a longer name: "Commanded" is not "Red Command"
                if method.startswith("fuzzy") and self.resolver.actors[actor_id].kind in STATE_KINDS \
                        and not _STATE_BODY.match(text, e):
                    continue  # a demonym ("a Ugandan rebel group") near a state's name; "Philippine forces" is the state
                if size < n and method in ("fuzzy", "skeleton"):
                    continue  # a near miss on part of a longer unknown name ("Jamaatu" of a long name)
                if i > 0 and _names_a_longer_group(text[tokens[i - 1][0]:tokens[i - 1][1]], span):
                    continue  # "National Army" of "Chin National Army"
                found = [Mention(s, e, span, actor_id, self.resolver.actors[actor_id].name, method)]
                rest_left = self._resolve_span(text, start, s - 1, countries, country_key) if s - 1 > start else []
                rest_right = self._resolve_span(text, e + 1, end, countries, country_key) if e + 1 < end else []
                return rest_left + found + rest_right
        return []

    def alias_suggestions(self, text: str, mentions: list[Mention]) -> list[dict]:
        """Names given as another name of a known group ("X, also known as Y"; "X (Y)")."""
        out = []
        mentions = sorted(mentions, key=lambda x: x.start)
        starts = [x.start for x in mentions]  # the mentions in the tail are found by bisection
        for m in mentions:
            if m.actor_id is None:
                continue
            tail = text[m.end:m.end + 120]
            aka = _AKA.match(tail)
            paren = re.match(r"\s*\(([^()]{2,60})\)", tail)
            other = None
            if aka and not aka.group(0).strip().lower().endswith("or"):
                span = _SPAN.match(tail, aka.end()) or _ACRONYM_TOKEN.match(tail, aka.end())
                other = span.group(0) if span else None
            elif paren:
                other = paren.group(1).strip()
            if not other:
                continue
            inside = mentions[bisect.bisect_left(starts, m.end):bisect.bisect_left(starts, m.end + len(tail))]
            if any(x.text == other for x in inside):
                continue
            actor_id, _ = _resolve_cached(self.resolver, other, ())
            if actor_id is None and other.lower() not in STOP_SPANS:
                out.append({"actor_id": m.actor_id, "alias": other})
        return out


class RegionalBranches:
    """Regional branches of global organisations, derived from the registry: a branch of P is a
    current actor (no ``active_to``) outside P's lineage chain (renames, mergers, successions:
    "Islamic State of Iraq" is a predecessor, not a branch) with a name or alias that is one of
    P's names followed by "in …" or by words ending in "Province"/"Wilayat" ("al-Qaeda in the
    Islamic Maghreb", "Islamic State Khorasan Province"), and a list of countries it operates in.

    :meth:`branch_for` answers for a document: P's name is its branch when the countries the
    document names all lie in the area of exactly one of P's branches and in none of P's own
    countries ("Daesh" in a report that names only Afghanistan and Pakistan is the Khorasan
    province; "al-Qaeda" there stays al-Qaeda, whose core operates in both). The caller keeps P
    when the document names one of P's branches itself (the author then tells them apart) and
    for names inside an institution's title ("ISIL (Da'esh) and Al-Qaida Sanctions Committee").
    """

    def __init__(self, resolver: Resolver) -> None:
        actors = resolver.actors
        names = {a.id: {normalize_name(n) for n in (a.name, *a.aliases) if not is_acronym(n)} for a in actors.values()}
        first_words: dict[str, list[str]] = {}
        for actor_id, keys in names.items():
            for key in keys:
                if key:
                    first_words.setdefault(key.split()[0], []).append(actor_id)
        self.branches: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self._own_area: dict[str, frozenset[str]] = {}
        for branch in actors.values():
            if branch.active_to or not branch.operates_in:
                continue
            for own in names[branch.id]:
                for parent in first_words.get(own.split()[0], ()):
                    if parent == branch.id or actors[parent].kind in STATE_KINDS:
                        continue
                    if any(own.startswith(key + " ") and _BRANCH_TAIL.match(own[len(key) + 1:]) for key in names[parent]) \
                            and not _in_lineage(resolver, parent, branch.id):
                        self._own_area[parent] = frozenset(actors[parent].operates_in)
                        entry = (branch.id, frozenset(branch.operates_in))
                        if entry not in self.branches.setdefault(parent, []):
                            self.branches[parent].append(entry)

    def branch_for(self, actor_id: str | None, countries: set[str]) -> str | None:
        """The branch of ``actor_id`` whose area holds all ``countries``, when exactly one does
        and ``actor_id`` itself operates in none of them. Countries where neither ``actor_id`` nor
        any of its branches operates (a report on Afghanistan that names the United States as a
        party to an agreement) say nothing about which branch is meant and are left out."""
        if not countries or actor_id not in self.branches:
            return None
        reach = self._own_area[actor_id].union(*(area for _, area in self.branches[actor_id]))
        countries = countries & reach
        if not countries or countries & self._own_area[actor_id]:
            return None
        fits = [b for b, area in self.branches[actor_id] if countries <= area]
        return fits[0] if len(fits) == 1 else None

    def branch_ids(self, actor_id: str) -> set[str]:
        """The ids of ``actor_id``'s branches."""
        return {b for b, _ in self.branches.get(actor_id, ())}


#: "… (Da'esh) & Al-Qaida/Taliban Monitoring Team", "… Sanctions Committee": a name inside the
#: title of an institution or list (other names, joiners and brackets may come before the title word)
INSTITUTION_TITLE = re.compile(
    r"(?:[\s&/,()'’\-]+|\s+and\s+|[A-Z][\w'’\-]*){0,12}?\s*(?:Analytical\s+Support\s+and\s+)?(?:Sanctions\s+)?"
    r"(?:Monitoring\s+Team|Committee|Sanctions|Sanctions\s+List|Panel\s+of\s+Experts|Working\s+Group)\b")
#: what stands before the organisation a group swears allegiance to: that is the organisation
#: itself (its leader takes the oath), not its local branch; a group "aligned with" it in the
#: branch's area stays with the branch, as the dev annotation reads it
ALLEGIANCE_OBJECT = re.compile(
    r"\b(?:allegiance|loyalty|fealty|bay'?ah?|oaths?)\s+(?:\S+\s+){0,2}?to\s+(?:the\s+)?$", re.I)
_BRANCH_TAIL = re.compile(r"^(?:in\s+\S|(?:\S+\s+){0,3}(?:province|wilayat|wilayah)$)")


def _in_lineage(resolver: Resolver, a: str, b: str) -> bool:
    lineage = resolver.lineage_of(a)
    return any(b in (link.from_id, link.to_id) for links in lineage.values() for link in links)


#: how many answers of one resolver are remembered (least recently used dropped first)
RESOLVE_CACHE_SIZE = 100_000
#: each resolver's remembered answers, held weakly: they die with the resolver, so a process that
#: builds a resolver per extraction call does not keep every one it built
_ANSWERS: weakref.WeakKeyDictionary[Resolver, Callable[[str, tuple[str, ...]], tuple[str | None, str]]] = \
    weakref.WeakKeyDictionary()


def _answers_of(resolver: Resolver) -> Callable[[str, tuple[str, ...]], tuple[str | None, str]]:
    """``resolver``'s cached ``(span, countries) -> (actor id, method)``; it holds the resolver only
    by a weak reference (a strong one would keep the key of :data:`_ANSWERS` alive)."""
    answers = _ANSWERS.get(resolver)
    if answers is None:
        owner = weakref.ref(resolver)

        @lru_cache(maxsize=RESOLVE_CACHE_SIZE)
        def answers(span: str, countries: tuple[str, ...]) -> tuple[str | None, str]:
            match = owner().resolve(span, country=countries[0] if len(countries) == 1 else None)
            return match.actor_id, match.method

        _ANSWERS[resolver] = answers
    return answers


def _resolve_cached(resolver: Resolver, span: str, countries: tuple[str, ...]) -> tuple[str | None, str]:
    """``resolver.resolve(span)`` as ``(actor id, method)``, with the country when ``countries``
    holds exactly one; remembered per resolver for as long as the resolver lives."""
    return _answers_of(resolver)(span, countries)


_DISSIDENTS_OF = re.compile(r"\b(?:[Dd]issident(?:s|\s+(?:groups?|factions?|fronts?|wings?|elements|units))|"
                            r"(?:groups?|factions?|fronts?)\s+of\s+dissidents)\s+(?:of|from)\s+(?:the\s+)?$")


def _has_one_word_name(actor) -> bool:
    """Whether one of the actor's names is a single word (a near miss of one word may be it)."""
    return any(len(n.replace("-", " ").split()) == 1 for n in (actor.name, *actor.aliases))


_HYPHENATED_WORD = re.compile(r"-([a-z]+)\b")


def _lowercase_modifier(text: str, hyphen: int) -> bool:
    """A lowercase word hyphenated to an acronym ("IS-affiliated", "AQ-linked"): a modifier of the
    name, not the rest of a longer one."""
    word = _HYPHENATED_WORD.match(text, hyphen)
    return word is not None and len(word.group(1)) >= 3


def _leftmost_longest(hits: list[tuple[int, int, tuple[str, ...], str]]):
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
        elif hit[0] - out[-1][0] <= 4 and hit[1] > out[-1][1]:
            # "The Islamic State West Africa Province": a name right after the article that runs
            # further beats the article's shorter name ("the Islamic State")
            out[-1] = hit
            last_end = hit[1]
    return out


def acronym_definition(text: str, end: int) -> re.Match | None:
    """The acronym a name ending at ``end`` defines in parentheses ("Rapid Support Forces (RSF)";
    the acronym is the match's group 1), or None."""
    paren = _DEFINITION.match(text, end)
    return paren if paren and is_acronym(paren.group(1)) else None


def acronym_uses(text: str, defined: dict[str, int], taken: Iterable[Mention]) -> Iterator[re.Match]:
    """Occurrences of the ``defined`` acronyms (acronym → offset from which it applies) as whole
    tokens, that no mention in ``taken`` overlaps."""
    spans = sorted((m.start, m.end) for m in taken)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end among the first i spans
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in defined) + r")(?![\w-])")
    for hit in pattern.finditer(text):
        before = bisect.bisect_left(starts, hit.end())  # spans that start before the hit ends
        if hit.start() >= defined[hit.group(0)] and not (before and reach[before - 1] > hit.start()):
            yield hit


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
    spans += [(m.start(), m.end()) for m in _ARABIC_SPAN.finditer(text)]
    return sorted(spans)


_GROUP_NOUN_AFTER = re.compile(
    r"[\s\-]+(?:\S+[\s\-]+)?(?:militias?|militiamen|fighters|gunmen|communit(?:y|ies)|clans?|tribes?|tribesmen|"
    r"self[\s\-]defen[cs]e|herders|vigilantes?|youths?|forces|groups?|elements|insurgents|rebels|armed)\b", re.I)
#: (the articles "as", "at", "an" only hyphenated: on their own they are English words, "renamed
#: the Nusra Front as Jabhat Fateh al-Sham")
_LEFT_EXTENSION = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’]*[\s\-]+(?:(?:al|el|ul|ash|ad|ar|az|e|i|of|the)[\s\-]+|(?:as|at|an)-)?){1,3}$")
_LEFT_TOKEN = re.compile(r"[A-Z][\w'’]*")
_NON_NAME_CASE = re.compile(r"(?:^|[\s\-])([a-z][a-z']{3,})")


def _lowercase_content_word(span: str) -> bool:
    """A multi-word name written with a lower-case content word after a capital ("Islamic state"),
    unless the name is long and capitalised at both ends ("Al-Qaeda in the lands of the Islamic
    Maghreb"): a lower-case word inside it is a spelling of the name, not a phrase of words."""
    if " " not in span and "-" not in span or not span[:1].isupper():
        return False
    if all(w.lower() in LOWERCASE_OK for w in _NON_NAME_CASE.findall(span)):
        return False
    words = _WORD.findall(span)
    return not (len(words) >= 5 and words[-1][:1].isupper())


_WORD = re.compile(r"[\w'’]+")
#: how a mention found by its name was matched (not by initials, context or anaphora)
_NAME_METHODS = frozenset({"alias", "exact", "normalized"})


_REGION_TAIL = re.compile(r"(?P<noun>\s+group)?(?P<rest>\s+in\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2})")
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’\-]*){0,4})")
_TOKEN = re.compile(r"\S+")
#: a clock time right before "AM"/"PM": "7 ", "5:30 ", "10."
_CLOCK_TIME = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*$")
_BARE_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")
#: a capitalised name followed by its acronym in brackets: "Ansharud Daulah Islamiyah (ADI)"
_SPELLED_OUT = re.compile(r"[A-Z][\w'’-]+(?:\s+[\w'’-]+){1,6}?(?P<gap>\s*)\(\s*(?P<acronym>[A-Z]{2,6})\s*\)")
_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "in", "e", "i", "wal", "lil", "fi", "de", "du", "des", "la", "le"})


def name_initials(name: str) -> str | None:
    """Initials of a multi-word name ("Al Rashid Trust" → "ART"); the Arabic article counts only as
    the first word ("Ansar al-Islam" → "AI", "Jabhat al-Nusra" → "JN"); None for one-word names."""
    words = [w for w in re.split(r"[\s\-]+", re.sub(r"\([^()]*\)", " ", name)) if w and w[0].isalpha()]
    words = [w for i, w in enumerate(words) if w.lower() not in _INITIAL_SKIP
             and not (i > 0 and w.lower().strip("'’") in _ARTICLES)]
    if len(words) < 2 or len(words) > 6:
        return None
    return "".join(w[0].upper() for w in words)


def _names_a_longer_group(previous: str, span: str) -> bool:
    """Whether a capitalised word before a name ending in a group noun makes it another group's name."""
    word = fold(previous).strip(" '\"“(").replace("-", " ").split()
    last = fold(span).replace("-", " ").split()
    return bool(word and last and previous[:1].isupper() and word[-1] not in STOP_SPANS
                and not _looks_like_place_adjective(word[-1]) and last[-1] in GROUP_KEYWORDS)


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9-]{1,9})\)")


def ends_longer_name(text: str, mention: Mention, resolver: Resolver) -> bool:
    """"… Peace in Central African Republic (UPC)": a country followed by an acronym that is not
    its own (neither its initials nor an alias of the same state, as "FARDC") ends the name of a
    group the registry does not know."""
    match = _ACRONYM_AFTER.match(text, mention.end)
    return bool(match) and name_initials(mention.text) != match.group(1) and \
        _resolve_cached(resolver, match.group(1), ())[0] != mention.actor_id


_STATE_BODY = re.compile(r"\s+(?:security\s+)?(?:forces|troops|army|military|government|soldiers|police|authorities|navy|"
                         r"air\s+force|marines|officials|regime)\b", re.I)


def _looks_like_place_adjective(word: str) -> bool:
    """Demonyms before a name ("Afghan Taliban", "Pakistani Taliban") qualify it, not rename it."""
    return word.endswith(("ian", "ese", "ish", "i", "an"))


def new_group_span(text: str, start: int, end: int) -> Mention:
    """The mention of a possible new group at ``text[start:end]``, trimmed as its name is
    ("the Free Idlib Brigade" → "Free Idlib Brigade"); ``actor_id`` is None."""
    name = trim_candidate(text[start:end])
    start = text.find(name, start, end)
    return Mention(start, start + len(name), name, None, None, "new-group")
