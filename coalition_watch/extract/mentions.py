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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import ahocorasick

from ..registry.normalize import acronym_key, is_acronym
from ..registry.resolver import Resolver
from .folding import fold

GROUP_KEYWORDS = frozenset("""
front jabhat jabhet harakat harakah harakat tehrik tehreek tahrik lashkar jaish jaysh ansar katiba katibat
brigade brigades battalion battalions movement province wilayat wilayah army militia militias
forces force group organisation organization party council committee alliance coalition union
liwa faylaq jamaat jama'at jamaa hizb hezb sipah corps legion mujahideen mujahidin
""".split())
_PARTICLES = r"(?:al|el|ul|as|ash|ad|ar|at|az|an|e|i|wal|wa|lil|li|of|the|for|and|de|du|des|la|le|bin|ibn|fi)"
_CAP_TOKEN = r"(?:[A-Z][\w'’]*|[0-9]+(?:st|nd|rd|th))"
_SPAN = re.compile(rf"{_CAP_TOKEN}(?:(?:[ \-]+{_PARTICLES})*[ \-]+{_CAP_TOKEN})*")
_ARABIC_SPAN = re.compile(r"[\u0600-\u06FF][\u0600-\u06FF\u200c ]*[\u0600-\u06FF]")
_ACRONYM_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-/][A-Z0-9]+)*\b")
_AKA = re.compile(r"\s*(?:,\s*)?\(?\s*(?:also known as|a\.k\.a\.?|aka|known as|formerly known as|or)\s+", re.I)
_SUN_LETTERS = ("th", "sh", "dh", "t", "d", "r", "z", "s", "n")
_ARTICLES = {"al", "el", "as", "ash", "ad", "adh", "ar", "at", "ath", "az", "an"}
_IZAFAT = {"e", "i", "y", "ye"}
STOP_SPANS = frozenset("""
the a an in on at by for from of to with and but or as it its this that these those he she they we
i you his her their our after before during when while since until although however moreover
additionally meanwhile also there here what who which where why how some many most all both
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december file photo image video read more reuters afp ap
islamic islamist jihadist jihadi jihadists muslim muslims arab arabs kurdish kurds shia sunni
syrian afghan pakistani iraqi yemeni malian somali nigerian burmese turkish russian iranian
american western un report press government president minister state states
""".split())


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
    return out


class AliasMatcher:
    """Finds group mentions in text; build once per registry, then call :meth:`find` per text."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        names: dict[str, set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        for actor in resolver.actors.values():
            for alias in (actor.name, *actor.aliases):
                alias = alias.strip()
                if not alias:
                    continue
                if is_acronym(alias):
                    acronyms.setdefault(acronym_key(alias), set()).add(actor.id)
                    continue
                bare = re.sub(r"\s*\([^()]+\)\s*$", "", alias)
                for form in {alias, bare}:
                    for key in alias_variants(form):
                        if len(key) >= 3:
                            names.setdefault(key, set()).add(actor.id)
        self._names = ahocorasick.Automaton()
        for key, ids in names.items():
            self._names.add_word(key, (len(key), tuple(sorted(ids))))
        self._names.make_automaton()
        self._acronyms = ahocorasick.Automaton()
        for key, ids in acronyms.items():
            self._acronyms.add_word(key, (len(key), tuple(sorted(ids))))
        self._acronyms.make_automaton()
        self.alias_count = len(names) + len(acronyms)

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
                hits.append((start, end, ids, "alias"))
        if len(self._acronyms):
            for end_index, (length, ids) in self._acronyms.iter(text):
                start, end = end_index - length + 1, end_index + 1
                if start > 0 and (text[start - 1].isalnum() or (text[start - 1] in "-/" and start > 1
                                                                and text[start - 2].isalnum())):
                    continue
                if end < n and (text[end].isalnum() or (text[end] in "-/" and end + 1 < n
                                                        and text[end + 1].isalnum())):
                    continue
                hits.append((start, end, ids, "acronym"))
        return hits

    # -- full mention finding --------------------------------------------------------------
    def find(self, text: str, *, countries: Iterable[str] = (), folded: str | None = None,
             fallback: bool = True) -> tuple[list[Mention], list[str]]:
        """Mentions in ``text`` (sorted by offset) and names that look like unknown groups."""
        countries = set(countries)
        hits = self.automaton_matches(text, folded)
        chosen = _leftmost_longest([(s, e, ids, m) for s, e, ids, m in hits])
        mentions = [self._mention(text, s, e, ids, m, countries) for s, e, ids, m in chosen]
        new_groups: list[str] = []
        if fallback:
            covered = _Coverage(mentions)
            for start, end in _candidate_spans(text):
                if covered.overlaps(start, end):
                    continue
                found = self._resolve_span(text, start, end, countries)
                if found:
                    mentions.extend(found)
                    for m in found:
                        covered.add(m.start, m.end)
                elif _looks_like_group(text[start:end]):
                    new_groups.append(_trim_candidate(text[start:end]))
            mentions.sort(key=lambda m: m.start)
        return mentions, list(dict.fromkeys(new_groups))

    def _mention(self, text: str, start: int, end: int, ids: tuple[str, ...], method: str,
                 countries: set[str]) -> Mention:
        if len(ids) > 1 and countries:
            local = tuple(i for i in ids if countries & {self.resolver.actors[i].origin,
                                                       *self.resolver.actors[i].operates_in})
            ids = local or ids
        if len(ids) == 1:
            return Mention(start, end, text[start:end], ids[0], self.resolver.actors[ids[0]].name, method)
        return Mention(start, end, text[start:end], None, None, "ambiguous", tuple(ids))

    def _resolve_span(self, text: str, start: int, end: int, countries: set[str]) -> list[Mention]:
        tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        n = len(tokens)
        for size in range(n, 0, -1):
            for i in range(0, n - size + 1):
                s, e = tokens[i][0], tokens[i + size - 1][1]
                while e > s and not text[e - 1].isalnum():
                    e -= 1
                span = text[s:e]
                if e - s < 3 or span.lower() in STOP_SPANS:
                    continue
                actor_id, method = _resolve_cached(self.resolver, span, tuple(sorted(countries)))
                if actor_id is None:
                    continue
                if size == 1 and method in ("fuzzy", "skeleton") and len(span) < 6:
                    continue
                found = [Mention(s, e, span, actor_id, self.resolver.actors[actor_id].name, method)]
                rest_left = self._resolve_span(text, start, s - 1, countries) if s - 1 > start else []
                rest_right = self._resolve_span(text, e + 1, end, countries) if e + 1 < end else []
                return rest_left + found + rest_right
        return []

    def alias_suggestions(self, text: str, mentions: list[Mention]) -> list[dict]:
        """Names given as another name of a known group ("X, also known as Y"; "X (Y)")."""
        out = []
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
            if any(x.start >= m.end and x.start < m.end + len(tail) and x.text == other for x in mentions):
                continue
            actor_id, _ = _resolve_cached(self.resolver, other, ())
            if actor_id is None and other.lower() not in STOP_SPANS:
                out.append({"actor_id": m.actor_id, "alias": other})
        return out


@lru_cache(maxsize=100_000)
def _resolve_cached_inner(resolver_id: int, span: str, countries: tuple[str, ...]) -> tuple[str | None, str]:
    resolver = _RESOLVERS[resolver_id]
    match = resolver.resolve(span, country=countries[0] if len(countries) == 1 else None)
    return match.actor_id, match.method


_RESOLVERS: dict[int, Resolver] = {}


def _resolve_cached(resolver: Resolver, span: str, countries: tuple[str, ...]) -> tuple[str | None, str]:
    _RESOLVERS[id(resolver)] = resolver
    return _resolve_cached_inner(id(resolver), span, countries)


def _leftmost_longest(hits: list[tuple[int, int, tuple[str, ...], str]]):
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return out


class _Coverage:
    def __init__(self, mentions: list[Mention]) -> None:
        self.spans = [(m.start, m.end) for m in mentions]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
    spans += [(m.start(), m.end()) for m in _ARABIC_SPAN.finditer(text)]
    return sorted(spans)


def _looks_like_group(span: str) -> bool:
    tokens = [t for t in re.split(r"[\s\-]+", fold(span)) if t]
    span = _trim_candidate(span)
    tokens = [t for t in re.split(r"[\s\-]+", fold(span)) if t]
    return len(tokens) >= 2 and any(t.strip("'") in GROUP_KEYWORDS for t in tokens) \
        and span.split()[0].lower() not in STOP_SPANS - {"islamic"}


def _trim_candidate(span: str) -> str:
    span = re.sub(r"^(?:The|the)\s+", "", span)
    return span.strip(" '’-")
