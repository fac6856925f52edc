"""A light anaphora step: sentence-initial "It", "The group", "The alliance", "The three groups".

Rules, in order:

* "The alliance/coalition/front/room/umbrella …" → the most recent group whose actor kind is
  ``coalition`` or whose name contains that noun;
* "The party/movement/army/network …" → the most recent group whose name contains the noun;
* "The N groups" → the most recent coordinated list of N groups (one anaphor per member);
* "It/They/The group/The organisation/The latter" → the first group of the last sentence that
  named one (the usual subject).

Anaphors yield mentions with ``method="anaphor"``; relations built on them get lower confidence.
"""

from __future__ import annotations

import re

from ..registry.resolver import Resolver
from .mentions import Mention

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_ANAPHOR = re.compile(
    r"[\"“‘']?\s*(?P<phrase>(?:It|They|The\s+latter|The\s+(?P<num>two|three|four|five|six)\s+(?:groups|factions|organi[sz]ations|movements)|"
    r"The\s+(?:(?:new|armed|militant|jihadist|rebel|umbrella|extremist|insurgent|terrorist)\s+)?(?P<noun>group|organi[sz]ation|alliance|coalition|front|room|umbrella|party|movement|army|network|faction|militia)))\b")
_COLLECTIVE = {"alliance", "coalition", "front", "room", "umbrella"}
_NAMED = {"party", "movement", "army", "network", "front", "room", "alliance", "coalition"}


class AnaphoraTracker:
    """Walks a document's sentences in order and resolves sentence-initial anaphors."""

    def __init__(self, resolver: Resolver) -> None:
        self.actors = resolver.actors
        self.history: list[Mention] = []
        self.last_subject: Mention | None = None
        self.lists: list[list[Mention]] = []

    def resolve(self, text: str, start: int, end: int) -> list[Mention]:
        """Anaphor mentions at the start of the sentence ``text[start:end]`` (may be empty)."""
        match = _ANAPHOR.match(text, start, end)
        if not match:
            return []
        s, e = match.span("phrase")
        noun = (match.group("noun") or "").lower()
        num = match.group("num")
        if num:
            size = _NUMBERS[num.lower()]
            for unit in reversed(self.lists):
                if len(unit) == size:
                    return [Mention(s, e, text[s:e], m.actor_id, m.name, "anaphor") for m in unit]
            return []
        target = None
        if noun in _COLLECTIVE or noun in _NAMED:
            for m in reversed(self.history):
                actor = self.actors.get(m.actor_id)
                if actor and ((noun in _COLLECTIVE and actor.kind == "coalition") or noun in actor.name.lower()):
                    target = m
                    break
        elif self.last_subject is not None:
            target = self.last_subject
        if target is None:
            return []
        return [Mention(s, e, text[s:e], target.actor_id, target.name, "anaphor")]

    def observe(self, mentions: list[Mention], units: list[list[Mention]]) -> None:
        """Record a sentence's resolved mentions and coordinated lists for later sentences."""
        named = [m for m in mentions if m.actor_id and m.method != "anaphor"]
        if named:
            self.history.extend(named)
            self.last_subject = named[0]
        self.lists.extend(u for u in units if len(u) > 1 and all(m.method != "anaphor" for m in u))
