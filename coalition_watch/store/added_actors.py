"""Groups an analyst adds to the store's registry by hand, next to the curated knowledge base: a
group named in text or data that no list has yet (a possible new group of ``cwatch extract``).
An added actor is marked ``curation = 'added'`` and carries who added it and when. Loading the
knowledge base keeps it, and folds it into a curated actor that later takes over one of its names
(as for imported actors, :func:`.imported_actors.fold_into_curated`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..countries import require_iso3
from ..errors import InputError
from ..registry.normalize import name_slug
from ..registry.resolver import Resolver
from ..vocabulary import ACTOR_KINDS, IDEOLOGY_FAMILIES
from .actors import read_actors, read_lineage
from .alias_rows import alias_rows
from .database import Store, insert_frame

CURATION = "added"
#: resolver methods that mean a name already belongs to an actor (a fuzzy match only resembles one)
_TAKEN = ("exact", "acronym", "normalized", "skeleton", "state-pattern")


@dataclass
class AddedActor:
    """An actor added by hand, and the registry names its names resemble."""

    id: str
    name: str
    aliases: list[str]
    kind: str
    operates_in: list[str]
    ideology: list[str]
    curation: str
    note: str
    sources: list[str]
    similar: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)




def add_actor(store: Store, name: str, *, reviewer: str, aliases: list[str] = (), kind: str = "armed_group",
              countries: list[str] = (), ideology: list[str] = (), note: str | None = None,
              source: str | None = None, actor_id: str | None = None) -> AddedActor:
    """Add one actor to the store's registry; refuse a name the registry already answers.

    ``countries`` are the countries it operates in (names or ISO3 codes, the first taken as its
    origin). The note records ``reviewer`` and the date. An :class:`InputError` names the
    parameter at fault (``name``, ``reviewer``, ``kind``, ``ideology``, ``countries``, ``aliases``,
    ``actor_id``); the command line words it with its options."""
    name = " ".join((name or "").split())
    if not name:
        raise InputError("a name is needed", field="name")
    if not reviewer:
        raise InputError("a reviewer name is needed", field="reviewer")
    if kind not in ACTOR_KINDS:
        raise InputError(f"unknown kind {kind!r} (one of {', '.join(ACTOR_KINDS)})", field="kind")
    unknown = [i for i in ideology if i not in IDEOLOGY_FAMILIES]
    if unknown:
        raise InputError(f"unknown ideology {unknown[0]!r} (one of {', '.join(IDEOLOGY_FAMILIES)})", field="ideology")
    codes = [require_iso3(country, field="countries") for country in countries]
    names = list(dict.fromkeys([name, *(" ".join(a.split()) for a in aliases if a and a.strip())]))
    resolver = Resolver(read_actors(store), read_lineage(store))
    similar = []
    for n in names:
        match = resolver.resolve(n)
        if match.actor_id and match.method.split("+")[0] in _TAKEN:
            raise InputError(f"{n!r} is already in the registry as {match.actor_id} ({match.name}); "
                             "add an alias to the knowledge base instead", field="name" if n == name else "aliases")
        if match.method == "ambiguous":
            raise InputError(f"{n!r} already names {', '.join(match.candidates)}", field="name" if n == name else "aliases")
        if match.actor_id:
            similar.append({"query": n, "actor_id": match.actor_id, "name": match.name,
                            "score": round(match.score, 3)})
    new_id = actor_id or name_slug(name) or "actor"
    if store.query("SELECT 1 FROM actors WHERE id = ?", [new_id]):
        raise InputError(f"an actor with id {new_id!r} exists; choose another id", field="actor_id")
    stamp = f"Added by {reviewer} on {dt.date.today().isoformat()}; not curated."
    actor = AddedActor(new_id, name, names[1:], kind, codes, list(ideology), CURATION,
                       f"{stamp} {note}" if note else stamp, [source] if source else [], similar)
    row = {"id": actor.id, "name": actor.name, "kind": actor.kind, "ideology": actor.ideology,
           "origin": codes[0] if codes else None, "operates_in": codes, "active_from": None, "active_to": None,
           "external_ids": "{}", "members": [], "note": actor.note, "sources": actor.sources, "curation": CURATION}
    with store.transaction() as con:
        insert_frame(con, "actors", pd.DataFrame([row]))
        insert_frame(con, "aliases", pd.DataFrame(alias_rows(actor.id, names)))
    return actor
