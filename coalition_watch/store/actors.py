"""Read actors, aliases, lineage, relations and cases back from the store."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Iterable
from urllib.parse import urlsplit

import duckdb

from ..models import Actor, Case, Lineage
from .database import Store


def _actor(row: dict) -> Actor:
    return Actor(id=row["id"], name=row["name"], kind=row["kind"], ideology=row["ideology"] or [],
                 origin=row["origin"], operates_in=row["operates_in"] or [],
                 active_from=row["active_from"], active_to=row["active_to"],
                 external_ids=json.loads(row["external_ids"] or "{}"), members=row["members"] or [],
                 note=row["note"], sources=row["sources"] or [], aliases=row.get("aliases") or [])


def read_actors(store: Store) -> list[Actor]:
    """Every actor with its aliases."""
    rows = store.query(
        "SELECT a.*, list(al.alias ORDER BY al.alias) FILTER (WHERE al.alias <> a.name) AS aliases "
        "FROM actors a LEFT JOIN aliases al ON al.actor_id = a.id GROUP BY ALL ORDER BY a.id")
    return [_actor(r) for r in rows]


def read_lineage(store: Store) -> list[Lineage]:
    """Every lineage link."""
    return [Lineage(from_id=r["from_id"], to_id=r["to_id"], type=r["type"], date=r["date"],
                    sources=r["sources"] or [], note=r["note"])
            for r in store.query("SELECT * FROM lineage ORDER BY from_id, to_id")]


def read_cases(store: Store, outcome: str | None = None) -> list[Case]:
    """Government falls and near misses, oldest first."""
    sql = "SELECT * FROM cases" + (" WHERE outcome = ?" if outcome else "") + " ORDER BY date"
    rows = store.query(sql, [outcome] if outcome else [])
    return [Case(**{k: (v if v is not None or k not in ("coalition", "government", "outside_support", "sources") else [])
                    for k, v in r.items()}) for r in rows]


def relations_of(store: Store, actor_ids: list[str], *, statuses=("curated", "accepted"),
                 among: bool = False) -> list[dict]:
    """Relations touching ``actor_ids`` (or, with ``among``, between two of them), with source rows."""
    if not actor_ids:
        return []
    cond = ("r.source_id IN (SELECT unnest(?)) AND r.target_id IN (SELECT unnest(?))" if among
            else "(r.source_id IN (SELECT unnest(?)) OR r.target_id IN (SELECT unnest(?)))")
    rows = store.query(
        f"SELECT r.*, s.name AS source_name, t.name AS target_name FROM relations r "
        f"LEFT JOIN actors s ON s.id = r.source_id LEFT JOIN actors t ON t.id = r.target_id "
        f"WHERE {cond} AND r.status IN (SELECT unnest(?)) "
        f"ORDER BY r.valid_from NULLS FIRST, r.type, r.source_id, r.target_id",
        [actor_ids, actor_ids, list(statuses)])
    return rows


#: how a relation cites a document stored by ``cwatch extract --store``: ``doc:<document id>``
DOCUMENT_SOURCE = "doc:"

#: ``kind`` of the entries of :func:`sources_by_id`
SOURCE_KINDS = {"catalogue": "a row of the sources table (the knowledge base's, a data set's)",
                "document": "a document stored by 'cwatch extract --store' (doc:<id>)",
                "analyst": "a citation or URL an analyst gave (cwatch actors add --source), not catalogued"}


def web_url(value: object) -> str | None:
    """``value`` stripped if it is an absolute http(s) URL (the only kind shown as a link), else
    None (no ``javascript:``, ``data:``, relative or malformed addresses)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed address ('http://[')
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def sources_by_id(store: Store, ids: set[str]) -> dict[str, dict]:
    """Details of every source id in ``ids``, each with ``id``, ``kind`` (:data:`SOURCE_KINDS`),
    ``title``, ``publisher``, ``date`` and ``url``:

    * an id of the ``sources`` table: its row (``note``, ``origin`` too), kind ``catalogue``;
    * ``doc:<id>``: the stored document, kind ``document``, with ``document_id``, ``path`` (the
      file it was read from) and ``line`` (a JSONL record's); ``title`` is its own, else the file's
      name (with the line), else the id; ``url`` as the input gave it (a link only if http(s));
    * anything else: text an analyst gave as a source, kind ``analyst``; ``title`` is the text,
      ``url`` the text when it is an http(s) URL, else None.
    """
    if not ids:
        return {}
    rows = store.query("SELECT * FROM sources WHERE id IN (SELECT unnest(?))", [sorted(ids)])
    found = {r["id"]: {**r, "kind": "catalogue"} for r in rows}
    documents = sorted(s[len(DOCUMENT_SOURCE):] for s in ids if s not in found and s.startswith(DOCUMENT_SOURCE))
    stored = {r["id"]: r for r in store.query(
        "SELECT id, url, title, date, publisher, path, line FROM documents WHERE id IN (SELECT unnest(?))",
        [documents])} if documents else {}
    for sid in sorted(ids):
        if sid in found:
            continue
        if sid.startswith(DOCUMENT_SOURCE):
            found[sid] = _document_source(sid, stored.get(sid[len(DOCUMENT_SOURCE):]))
        else:
            found[sid] = {"id": sid, "kind": "analyst", "title": sid, "publisher": None, "date": None,
                          "url": web_url(sid)}
    return found


def source_details(store: Store, ids: Iterable[str] | None, *, once: bool = False) -> list[dict]:
    """The display entries ("source_details") of a list of cited source ids, in its order: each id's
    details from :func:`sources_by_id`, or ``{"id": id}`` for an id it has none for. ``once``: an id
    cited twice gives one entry (at its first place); by default every citation gives one, so the
    entries stay parallel to ``ids``."""
    return source_details_lists(store, [ids], once=once)[0]


def source_details_lists(store: Store, id_lists: Iterable[Iterable[str] | None], *,
                         once: bool = False) -> list[list[dict]]:
    """:func:`source_details` of several lists (one per row: relations, cases, ...) with one
    :func:`sources_by_id` lookup for all of them; a None list has no entries."""
    lists = [list(dict.fromkeys(ids or ()) if once else ids or ()) for ids in id_lists]
    found = sources_by_id(store, {s for ids in lists for s in ids})
    return [[found.get(s, {"id": s}) for s in ids] for ids in lists]


def _document_source(sid: str, row: dict | None) -> dict:
    document_id = sid[len(DOCUMENT_SOURCE):]
    row = row or {}
    path, line = row.get("path"), row.get("line")
    named = (PurePath(path).name + (f", line {line}" if line else "")) if path else None
    return {"id": sid, "kind": "document", "title": row.get("title") or named or document_id,
            "publisher": row.get("publisher"), "date": row.get("date"), "url": row.get("url"),
            "document_id": document_id, "path": path, "line": line}


def source_location(detail: dict) -> str:
    """Where to find a source, in one string: its http(s) URL, else the file it was read from,
    else whatever address it has ('' for none)."""
    url = detail.get("url")
    return web_url(url) or detail.get("path") or url or ""


def is_kb_loaded(store: Store) -> bool:
    """Whether any knowledge base has been loaded into the store."""
    return store.con.execute("SELECT count(*) FROM ingests WHERE dataset = 'kb'").fetchone()[0] > 0


def record_unresolved(store: Store, names: dict[str, int], context: str) -> None:
    """Count names the resolver could not resolve, for later review."""
    if names:
        with store.transaction() as con:
            write_unresolved(con, names, context)


def write_unresolved(con: duckdb.DuckDBPyConnection, counts: dict[str, int], context: str) -> None:
    """Add unresolved-name counts (name → count) under ``context`` inside the caller's transaction."""
    if not counts:
        return
    import pyarrow as pa  # only when there is something to write

    frame = pa.table({"name": list(counts), "context": [context] * len(counts),
                      "count": pa.array(list(counts.values()), pa.int64())})
    con.register("_unresolved_rows", frame)
    try:
        con.execute("INSERT INTO unresolved_names (name, context, count) SELECT name, context, count "
                    "FROM _unresolved_rows ON CONFLICT (name, context) DO UPDATE "
                    "SET count = unresolved_names.count + excluded.count").fetchall()
    finally:
        con.unregister("_unresolved_rows")


def read_unresolved(store: Store, limit: int = 100, context: str | None = None) -> list[dict]:
    """Names that failed to resolve, most frequent first; with ``context``, only those whose
    context starts with it ("extract" for the possible new groups of stored texts)."""
    where, params = ("WHERE starts_with(context, ?) ", [context]) if context else ("", [])
    return store.query("SELECT name, context, count, first_seen FROM unresolved_names "
                       f"{where}ORDER BY count DESC, name LIMIT ?", [*params, limit])
