"""The documented Python API. Every ``cwatch`` command is one call into this module (or into a
package's ``api`` module: extraction, ingest, network, risk, outputs).

Example::

    from coalition_watch import api
    store = api.open_default_store("cwatch.duckdb")      # creates, migrates, loads the KB once
    api.resolve_names(["Hayat Tahrir as-Sham", "Daesh"], store=store)
    api.actor_profile("hts", store=store)

A bad argument is an :class:`~coalition_watch.errors.InputError` whose ``field`` is the parameter
at fault (a bad date a :class:`~coalition_watch.dates.DateError`, also a ``ValueError``). A list
parameter takes a bare string as a one-item list (:mod:`coalition_watch.arguments`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from . import arguments
from .countries import require_iso3
from .dates import parse_partial_date
from .errors import InputError
from .registry.knowledge_base import (KBProblem, KnowledgeBase, load_kb as _read_valid_kb,
                                      validate_kb as _validate)
from .registry.resolver import Match, Resolver
from .store import SessionStore, Store, open_store
from .store.database import LOCK_WAIT
from .store.actors import (is_kb_loaded, read_actors, read_cases, read_lineage, read_unresolved,
                           record_unresolved, relations_of, source_details, source_details_lists)


def init_store(db: str | Path | None = None) -> Store:
    """Create (or migrate) the store at ``db``; returns it open."""
    return open_store(db)


def open_existing_store(db: str | Path | None = None, *, read_only: bool = False,
                        wait: float = LOCK_WAIT) -> Store:
    """Open the store at ``db`` only if one is there: a path where there is none (a mistyped
    name) is a :class:`~coalition_watch.store.StoreMissing` and nothing is created. Migrates a
    store opened for writing; see :func:`open_default_store` for ``wait``."""
    return open_store(db, read_only=read_only, wait=wait, create=False)


def validate_kb(kb_dir: str | Path | None = None) -> list[KBProblem]:
    """Every problem in the knowledge-base files (empty list when valid)."""
    return _validate(kb_dir)


def read_kb(kb_dir: str | Path | None = None) -> KnowledgeBase:
    """The validated KB files (the embedded KB by default); raises :class:`InputError` naming the
    first problem. Reading before opening a store means a bad folder creates no store file."""
    return _read_valid_kb(kb_dir)


def load_kb(store: Store, kb_dir: str | Path | KnowledgeBase | None = None) -> "KBLoadSummary":
    """Validate the KB files (or take a KB :func:`read_kb` returned) and write them into ``store``
    in one transaction."""
    from .store.kb_writer import write_kb  # pandas: imported on use, keeps the CLI start fast

    return write_kb(store, kb_dir if isinstance(kb_dir, KnowledgeBase) else _read_valid_kb(kb_dir))


def open_default_store(db: str | Path | None = None, *, kb_dir: str | Path | None = None,
                       wait: float = LOCK_WAIT, create: bool = True) -> Store:
    """Open the store; on first use load the embedded knowledge base so it is useful at once.

    A path where no store is creates one; with ``create=False`` it is a
    :class:`~coalition_watch.store.StoreMissing` instead (:func:`open_existing_store`), so that a
    mistyped path does not answer from a new, empty store.

    A lock another process holds on the file (``cwatch serve`` in the middle of a request, a
    command writing to it) is waited for up to ``wait`` seconds (:data:`~coalition_watch.store.database.LOCK_WAIT`,
    as the commands' store opens wait), then :class:`~coalition_watch.store.StoreBusy`."""
    store = open_store(db, wait=wait, create=create)
    if not is_kb_loaded(store):
        load_kb(store, kb_dir)
    return store


def open_session_store(db: str | Path | None = None, *, wait: float = 5.0,
                       create: bool = True) -> "SessionStore":
    """The store for a long-running process such as the web app: it holds no lock on the file
    between :meth:`~coalition_watch.store.SessionStore.session` blocks, so ``cwatch`` commands work
    on the same file meanwhile. Prepares the store first as :func:`open_default_store` does
    (creating, migrating and loading the KB when needed, one short write; with ``create=False``
    only a store that exists, else :class:`~coalition_watch.store.StoreMissing`)."""
    store = open_store(db, wait=wait, create=create)
    try:
        if not is_kb_loaded(store):
            load_kb(store)
        path = store.path
    finally:
        store.close()
    return SessionStore(path, wait=wait)


def import_external_actors(store: Store, dataset: str = "ucdp-actors") -> dict:
    """Add the armed groups of an ingested external actor list that the registry lacks (marked as
    imported, not curated); see :mod:`.store.imported_actors`."""
    from .store.imported_actors import import_external_groups  # pandas: imported on use

    return import_external_groups(store, dataset).as_dict()


def add_actor(store: Store, name: str, *, reviewer: str, aliases: list[str] = (), kind: str = "armed_group",
              countries: list[str] = (), ideology: list[str] = (), note: str | None = None,
              source: str | None = None, actor_id: str | None = None) -> dict:
    """Add a group the registry lacks to the store by hand (marked as added, not curated); see
    :mod:`.store.added_actors`. Refuses a name the registry already answers. ``aliases``,
    ``countries`` and ``ideology`` are lists; a bare string is one item (``aliases="FIB"``)."""
    from .store.added_actors import add_actor as add  # pandas: imported on use

    return add(store, name, reviewer=reviewer, aliases=arguments.string_list(aliases, "aliases"), kind=kind,
               countries=arguments.string_list(countries, "countries"),
               ideology=arguments.string_list(ideology, "ideology"), note=note, source=source,
               actor_id=actor_id).as_dict()


def resolver(store: Store) -> Resolver:
    """A resolver over the actors and lineage in ``store``."""
    return Resolver(read_actors(store), read_lineage(store))


def resolve_names(names: Sequence[str], *, store: Store, date: str | dt.date | None = None,
                  country: str | None = None, context: str = "cli", record: bool = True) -> list[Match]:
    """Resolve names to actor ids, one :class:`Match` per name in order.

    ``names`` is a list of strings (a bare string is one name). ``date`` (YYYY, YYYY-MM,
    YYYY-MM-DD or a date) follows lineage to the group of that date; ``country`` (an ISO3 code or
    a country name) breaks ties. With ``record`` (the default) the names that did not resolve are
    counted for review under ``context`` (:func:`unresolved_names`), unless ``store`` is read-only
    (a read-only store, or a read session of a :class:`~coalition_watch.store.SessionStore`),
    where nothing is written. A bad argument is an :class:`InputError` naming it."""
    names = arguments.string_list(names, "names", required=True)
    if date is not None:
        parse_partial_date(date, field="date")
    if country is not None:
        country = require_iso3(country)
    index = resolver(store)
    matches = index.resolve_many(names, dates=[date] * len(names) if date else None,
                                 countries=[country] * len(names) if country else None)
    if record and not store.read_only:
        record_unresolved(store, dict(index.unresolved), context)
    return matches


def unresolved_names(store: Store, limit: int = 100, context: str | None = None) -> list[dict]:
    """Names that failed to resolve, most frequent first (``context``: only contexts starting with
    it); at most ``limit`` (a whole number of 0 or more)."""
    return read_unresolved(store, arguments.limit(limit), context)


def _like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``: the ``%`` and ``_`` of ``text`` match themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_actors(query: str, *, store: Store, limit: int = 20) -> list[dict]:
    """Actors whose name or alias matches ``query``: the resolver's answer first, then aliases that
    contain it (``%`` and ``_`` are plain characters); at most ``limit`` (0 or more)."""
    if not isinstance(query, str) or not query.strip():
        raise InputError("search needs a non-empty name", field="query")
    limit = arguments.limit(limit)
    match = resolver(store).resolve(query)
    hits: dict[str, dict] = {}
    if match.actor_id:
        hits[match.actor_id] = {"score": match.score, "method": match.method}
    for row in store.query(
            "SELECT actor_id, min(length(alias)) AS len FROM aliases "
            "WHERE alias ILIKE ? ESCAPE '\\' OR normalized LIKE ? ESCAPE '\\' "
            "GROUP BY actor_id ORDER BY len LIMIT ?",
            [_like_pattern(query.strip()), _like_pattern(query.strip().casefold()), limit]):
        hits.setdefault(row["actor_id"], {"score": 0.5, "method": "substring"})
    if not hits:
        return []
    actors = {a.id: a for a in read_actors(store) if a.id in hits}
    return [{"id": aid, "name": actors[aid].name, "kind": actors[aid].kind, "origin": actors[aid].origin,
             "aliases": actors[aid].aliases, **info} for aid, info in list(hits.items())[:limit]]


def _with_sources(store: Store, rows: list[dict]) -> list[dict]:
    """Each row with ``source_details``: one entry per cited source, in order
    (:func:`coalition_watch.store.actors.source_details_lists`)."""
    for row, details in zip(rows, source_details_lists(store, [r.get("sources") for r in rows])):
        row["source_details"] = details
    return rows


def _relation_view(row: dict) -> dict:
    keep = ("id", "source_id", "source_name", "target_id", "target_name", "type", "sign", "directed",
            "valid_from", "valid_to", "confidence", "status", "provenance", "sources", "evidence", "note",
            "source_details")
    return {k: row.get(k) for k in keep}


def actor_profile(actor_id: str, *, store: Store) -> dict:
    """One actor with aliases, lineage (both ways), relations and their sources.

    ``source_details`` (the actor's) and each relation's ``source_details`` have one entry per
    source with its ``kind``: ``catalogue`` (the sources table), ``document`` (a stored document an
    extracted claim cites: title, URL, date, publisher, file ``path``) or ``analyst`` (a citation
    or URL given with ``cwatch actors add --source``: ``title`` is the text, ``url`` it when http(s))."""
    actors = {a.id: a for a in read_actors(store)}
    if actor_id not in actors:
        raise InputError(f"no actor with id '{actor_id}'", field="actor_id")
    actor = actors[actor_id]
    index = Resolver(actors.values(), read_lineage(store))
    lineage = index.lineage_of(actor_id)
    relations = _with_sources(store, relations_of(store, [actor_id]))
    profile = actor.model_dump()
    profile["source_details"] = source_details(store, actor.sources, once=True)
    profile["lineage"] = {k: [{**l.model_dump(), "from_name": actors[l.from_id].name if l.from_id in actors else None,
                               "to_name": actors[l.to_id].name if l.to_id in actors else None} for l in v]
                          for k, v in lineage.items()}
    profile["relations"] = [_relation_view(r) for r in relations]
    return profile


#: the outcomes of a case (:func:`list_cases`)
CASE_OUTCOMES = ("fall", "near_miss")


def list_cases(*, store: Store, outcome: str | None = None) -> list[dict]:
    """Government falls and near misses from the knowledge base, oldest first; ``outcome``
    ``fall`` or ``near_miss`` lists only those (None: all)."""
    if outcome is not None:
        arguments.choice(outcome, CASE_OUTCOMES, "outcome", wording="must be 'fall' or 'near_miss'")
    return [c.model_dump() for c in read_cases(store, outcome)]


def case_profile(case_id: str, *, store: Store) -> dict:
    """A case with its coalition's members (ideology, origin) and the sourced relations among them."""
    cases = {c.id: c for c in read_cases(store)}
    if case_id not in cases:
        known = ", ".join(sorted(cases)) or "none loaded"
        raise InputError(f"no case '{case_id}' (known: {known})", field="case_id")
    case = cases[case_id]
    actors = {a.id: a for a in read_actors(store)}
    members = [actors[m] for m in case.coalition if m in actors]
    relations = _with_sources(store, relations_of(store, [m.id for m in members], among=True))
    profile = case.model_dump()
    profile["members"] = [{"id": m.id, "name": m.name, "kind": m.kind, "ideology": m.ideology,
                           "origin": m.origin} for m in members]
    profile["relations"] = [_relation_view(r) for r in relations]
    profile["source_details"] = source_details(store, case.sources, once=True)
    return profile


def evaluate_resolver(store: Store, *, mmp: str | Path | None = None, ucdp: str | Path | None = None) -> dict:
    """Share of the Mapping Militants groups (``mmp``, default the shared ``data/mmp/groups.csv``)
    and of the UCDP actor list (``ucdp``, default ``data/ucdp/actor_list_v22_1.csv``) whose names
    resolve with the registry of ``store``: ``{"mmp": ..., "ucdp": ...}``
    (:func:`~coalition_watch.registry.coverage.mmp_coverage`,
    :func:`~coalition_watch.registry.coverage.ucdp_coverage`). A missing file is an
    :class:`InputError` naming its parameter."""
    from .paths import shared_dir
    from .registry.coverage import mmp_coverage, ucdp_coverage  # pandas: imported on use

    mmp = arguments.existing_file(mmp if mmp is not None else shared_dir() / "data/mmp/groups.csv", "mmp")
    ucdp = arguments.existing_file(ucdp if ucdp is not None else shared_dir() / "data/ucdp/actor_list_v22_1.csv",
                                   "ucdp")
    index = resolver(store)
    return {"mmp": mmp_coverage(index, mmp), "ucdp": ucdp_coverage(index, ucdp)}


def evaluate_kb_relations(kb_dir: str | Path | KnowledgeBase | None = None, *, mmp: str | Path | None = None) -> dict:
    """Share of the Mapping Militants relations (``mmp``, default the shared
    ``data/mmp/relationships_dev.csv``) between two knowledge-base groups that the KB (``kb_dir``,
    default the embedded one, or a KB :func:`read_kb` returned) also has, by MMP type
    (:func:`~coalition_watch.registry.coverage.mmp_relation_agreement`). Reads no store."""
    from .paths import shared_dir
    from .registry.coverage import mmp_relation_agreement  # pandas: imported on use

    mmp = arguments.existing_file(mmp if mmp is not None else shared_dir() / "data/mmp/relationships_dev.csv", "mmp")
    knowledge = kb_dir if isinstance(kb_dir, KnowledgeBase) else _read_valid_kb(kb_dir)
    return mmp_relation_agreement(Resolver(knowledge.actors.values(), knowledge.lineage), knowledge.relations, mmp)
