"""Possible new groups as parties to claims: provisional ids for names the registry lacks.

A capitalised name with a group keyword that resolves to nothing ("the Free Idlib Brigade") is
reported as a possible new group. So that a claim about it is not lost, it is given a
provisional id, ``new:`` followed by its name's slug ("new:free-idlib-brigade"), and related to
the groups named with it like any group. Such claims are kept apart from the registry's
(``new_group_relations``): an analyst who accepts one adds the group to the registry first.
"""

from __future__ import annotations

from ..registry.normalize import name_slug
from .mentions import Mention, acronym_definition, acronym_uses

PREFIX = "new:"


def new_group_id(name: str) -> str:
    """The provisional id of a possible new group: ``new:`` and its name's slug
    (:func:`~coalition_watch.registry.normalize.name_slug`, as the id ``cwatch actors add`` gives)."""
    return PREFIX + name_slug(name)


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
        hit = acronym_definition(text, m.end)
        if hit:
            defined.setdefault(hit.group(1), m)
    if not defined:
        return out
    uses = acronym_uses(text, {a: m.end for a, m in defined.items()}, [*mentions, *out])
    out += [Mention(hit.start(), hit.end(), hit.group(0), defined[hit.group(0)].actor_id, defined[hit.group(0)].name,
                    "new-group-acronym") for hit in uses]
    return sorted(out, key=lambda m: m.start)
