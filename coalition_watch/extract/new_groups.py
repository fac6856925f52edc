"""Possible new groups as parties to claims: provisional ids for names the registry lacks.

A capitalised name with a group keyword that resolves to nothing ("the Free Idlib Brigade") is
reported as a possible new group. So that a claim about it is not lost, it is given a
provisional id, ``new:`` followed by its folded name ("new:free-idlib-brigade"), and related to
the groups named with it like any group. Such claims are kept apart from the registry's
(``new_group_relations``): an analyst who accepts one adds the group to the registry first.
"""

from __future__ import annotations

import bisect
import re

from ..registry.normalize import is_acronym
from .folding import fold
from .mentions import Mention

#: "Rapid Support Forces (RSF)": an acronym defined right after a name
_DEFINED = re.compile(r"\s*\(([A-Z][A-Za-z0-9\-]{1,9})\)")

PREFIX = "new:"


def new_group_id(name: str) -> str:
    """The provisional id of a possible new group: ``new:`` and its folded name, words joined by hyphens."""
    return PREFIX + "-".join(re.findall(r"[^\W_]+", fold(name).replace("'", "")))


def is_new_group(actor_id: str | None) -> bool:
    """Whether ``actor_id`` is a provisional id (:func:`new_group_id`)."""
    return bool(actor_id) and actor_id.startswith(PREFIX)


def provisional_mentions(text: str, spans: list[Mention], mentions: list[Mention] = ()) -> list[Mention]:
    """The new-group spans of a document with their provisional ids, in text order, without
    overlaps (of two overlapping spans the one that starts first, or the longer, is kept).

    An acronym defined after a possible new group ("Rapid Support Forces (RSF)") names it in the
    rest of the document, where no known group's mention (``mentions``) covers it."""
    out: list[Mention] = []
    for m in sorted(spans, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue
        out.append(Mention(m.start, m.end, m.text, new_group_id(m.text), m.text, m.method))
    defined: dict[str, Mention] = {}
    for m in out:
        hit = _DEFINED.match(text, m.end)
        if hit and is_acronym(hit.group(1)):
            defined.setdefault(hit.group(1), m)
    if not defined:
        return out
    taken = sorted([(m.start, m.end) for m in (*mentions, *out)])
    starts = [s for s, _ in taken]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in defined) + r")(?![\w-])")
    for hit in pattern.finditer(text):
        named = defined[hit.group(0)]
        i = bisect.bisect_left(starts, hit.end())
        if hit.start() < named.end or any(s < hit.end() and hit.start() < e for s, e in taken[max(0, i - 2):i]):
            continue
        out.append(Mention(hit.start(), hit.end(), hit.group(0), named.actor_id, named.name, "new-group-acronym"))
    return sorted(out, key=lambda m: m.start)
