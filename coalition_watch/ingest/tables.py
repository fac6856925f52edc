"""Loads of non-event UCDP files: country-year datasets and the actor list."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.csvscan import Rejected, file_sha256
from ..sources.ucdp_actors import ACTOR_LIST, LINKS, link_relations
from ..sources.ucdp_country_year import CountryYearSpec, FieldError, parse_int
from ..sources.records import read_records
from ..store import Store
from ..store.database import insert_frame
from ..store.actors import read_actors, read_lineage, write_unresolved
from .geography import country_iso3
from .loader import IngestSummary, Progress, _noop, previous_load, write_quarantine
from .sides import SideResolver

UCDP_DOWNLOADS = "https://ucdp.uu.se/downloads/"


def _start(store: Store, dataset: str, path: Path, version: str | None, progress: Progress):
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    file_hash = file_sha256(path, lambda d, s: progress("hashing", d / max(s, 1)))
    summary = IngestSummary(dataset, str(path), version, file_hash)
    earlier = previous_load(store, dataset, file_hash)
    if earlier is not None:
        summary.ingest_id, summary.already_loaded = earlier, True
    return summary


def _record_ingest(con, summary: IngestSummary) -> None:
    con.execute("INSERT INTO ingests (id, dataset, version, file, file_hash, rows_read, rows_stored, "
                "rows_quarantined, rows_unchanged, rows_revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [summary.ingest_id, summary.dataset, summary.version, summary.file, summary.file_hash,
                 summary.rows_read, summary.rows_stored, summary.rows_quarantined, summary.rows_unchanged,
                 summary.rows_revised]).fetchall()


def load_country_years(store: Store, spec: CountryYearSpec, path: str | Path, *,
                       version: str | None = None, resolver: Resolver | None = None,
                       progress: Progress | None = None) -> IngestSummary:
    """Load an ACD / Dyadic / Termination file into ``conflict_years`` (one transaction)."""
    progress, path, started = progress or _noop, Path(path), time.perf_counter()
    summary = _start(store, spec.dataset, path, version, progress)
    if summary.already_loaded:
        return summary
    progress("reading", 0.0)
    records, rejected, read = spec.read(path)
    resolver = resolver or Resolver(read_actors(store), read_lineage(store))
    sides = SideResolver(resolver, split=False)
    rows, seen = [], {}
    for rec in records:
        try:
            row = spec.convert(rec)
        except FieldError as exc:
            rejected.append(Rejected(str(path), rec.line, exc.field, str(exc),
                                     ";".join(rec.fields.values())[:2000]))
            continue
        if row["source_row_id"] in seen:
            rejected.append(Rejected(str(path), rec.line, "id", f"duplicate key {row['source_row_id']} "
                                     f"(first on line {seen[row['source_row_id']]})", None))
            continue
        seen[row["source_row_id"]] = rec.line
        countries = [c for c in (country_iso3(p) for p in (row["location"] or "").split(", ")) if c]
        when = dt.date(row["year"], 7, 1) if 1 <= row["year"] <= 9999 else None
        country = countries[0] if countries else None
        unresolved: list[str] = []
        for side in ("side_a", "side_b", "side_a_2nd", "side_b_2nd"):
            res = sides.resolve(row[f"{side}_names"], country, when)
            row[side] = res.ids
            unresolved += [u for u in res.unresolved if u not in unresolved]
        row.update(countries=countries, unresolved=unresolved, dataset=spec.dataset,
                   id=f"{spec.dataset}:{row['source_row_id']}")
        row["version"] = version or row["version"]
        rows.append(row)
    summary.version = version or (rows[0]["version"] if rows else None)
    summary.rows_read = read
    summary.rows_quarantined = len(rejected)
    frame = pd.DataFrame(rows)
    with store.transaction() as con:
        summary.ingest_id = con.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
        if not frame.empty:
            frame["ingest_id"] = summary.ingest_id
            existing = dict(con.execute("SELECT id, attributes FROM conflict_years WHERE dataset = ?",
                                        [spec.dataset]).fetchall())
            same = [i for i, a in zip(frame["id"], frame["attributes"])
                    if i in existing and json.loads(existing[i]) == json.loads(a)]
            summary.rows_unchanged = len(same)
            summary.rows_revised = sum(1 for i in frame["id"] if i in existing) - len(same)
            frame = frame[~frame["id"].isin(same)]
            con.execute("DELETE FROM conflict_years WHERE id IN (SELECT unnest(?))", [list(frame["id"])]).fetchall()
            insert_frame(con, "conflict_years", frame)
        summary.rows_stored = len(frame)
        write_quarantine(con, summary.ingest_id, rejected)
        write_unresolved(con, sides.unresolved_counts, f"ingest:{spec.dataset}")
        summary.unresolved_names = len(sides.unresolved_counts)
        _record_ingest(con, summary)
    summary.quarantine_sample = [{"file": r.file, "line": r.line, "field": r.field, "reason": r.reason}
                                 for r in rejected[:20]]
    summary.seconds = time.perf_counter() - started
    return summary


def load_actor_list(store: Store, path: str | Path, *, version: str | None = None,
                    resolver: Resolver | None = None, progress: Progress | None = None) -> IngestSummary:
    """Load the UCDP actor list into ``external_actors``; its links become pending relations."""
    progress, path, started = progress or _noop, Path(path), time.perf_counter()
    summary = _start(store, "ucdp-actors", path, version, progress)
    if summary.already_loaded:
        return summary
    records, rejected, read = read_records(path, delimiter=",", expected=ACTOR_LIST)
    resolver = resolver or Resolver(read_actors(store), read_lineage(store))
    by_ucdp = {}
    for actor in resolver.actors.values():
        ucdp_id = actor.external_ids.get("ucdp")
        if ucdp_id not in (None, ""):
            by_ucdp[str(ucdp_id)] = actor.id
    actors, names = [], {}
    for rec in records:
        f = rec.fields
        try:
            actor_id = parse_int(f, "ActorId", required=True)
            for flag in LINKS:
                parse_int(f, flag)
        except FieldError as exc:
            rejected.append(Rejected(str(path), rec.line, exc.field, str(exc), None))
            continue
        name = f["NameData"].strip()
        if not name:
            rejected.append(Rejected(str(path), rec.line, "NameData", "missing actor name", None))
            continue
        names[str(actor_id)] = (name, rec)
    sides = SideResolver(resolver, split=False)
    resolved: dict[str, tuple[str | None, str]] = {}
    for uid, (name, rec) in names.items():
        country = country_iso3((rec.fields["Location"] or "").split(", ")[0])
        if uid in by_ucdp:
            resolved[uid] = (by_ucdp[uid], "external-id")
        else:
            res = sides.resolve([name], country, None)
            resolved[uid] = (res.ids[0] if res.ids else None, "name" if res.ids else "unresolved")
        actors.append({"dataset": "ucdp-actors", "external_id": uid, "name": name,
                       "version": version or rec.fields["Version"] or None, "actor_id": resolved[uid][0],
                       "method": resolved[uid][1], "location": rec.fields["Location"] or None,
                       "attributes": json.dumps(rec.fields, ensure_ascii=False)})
    source_id = f"ucdp-actor-list-{(version or (actors[0]['version'] if actors else '') or 'unknown')}"
    relations, _ = link_relations(
        ((uid, name, rec.fields) for uid, (name, rec) in names.items()),
        {uid: actor_id for uid, (actor_id, _) in resolved.items()}, source_id)
    summary.version = version or (actors[0]["version"] if actors else None)
    summary.rows_read, summary.rows_quarantined = read, len(rejected)
    with store.transaction() as con:
        summary.ingest_id = con.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
        frame = pd.DataFrame(actors)
        if not frame.empty:
            frame["ingest_id"] = summary.ingest_id
            con.execute("DELETE FROM external_actors WHERE dataset = 'ucdp-actors' AND external_id IN "
                        "(SELECT unnest(?))", [list(frame["external_id"])]).fetchall()
            insert_frame(con, "external_actors", frame)
        con.execute("INSERT INTO sources (id, title, publisher, date, url, origin) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO NOTHING",
                    [source_id, f"UCDP Actor Dataset {summary.version or ''}".strip(),
                     "Uppsala Conflict Data Program", None, UCDP_DOWNLOADS, "ingest"]).fetchall()
        rel = pd.DataFrame(list(relations.values()))
        if not rel.empty:
            existing = {r[0] for r in con.execute("SELECT id FROM relations").fetchall()}
            insert_frame(con, "relations", rel[~rel["id"].isin(existing)])
        summary.rows_stored = len(frame)
        write_quarantine(con, summary.ingest_id, rejected)
        write_unresolved(con, sides.unresolved_counts, "ingest:ucdp-actors")
        summary.unresolved_names = len(sides.unresolved_counts)
        _record_ingest(con, summary)
    summary.relations_proposed = len(relations)
    summary.seconds = time.perf_counter() - started
    return summary
