"""Loads of non-event UCDP files: country-year datasets and the actor list."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..registry.resolver import Resolver
from ..sources.base import version_key
from ..sources.csvscan import Rejected, file_sha256
from ..sources.ucdp_actors import ACTOR_LIST, ACTOR_MULTILINE, LINKS, link_relations
from ..sources.ucdp_country_year import CountryYearSpec, FieldError, parse_int
from ..sources.records import read_records
from ..store import Store
from ..store.database import insert_frame
from ..store.actors import read_actors, read_lineage, write_unresolved
from .geography import country_iso3
from .loader import IngestSummary, Progress, _noop, named_as, previous_load, quarantine_sample, write_quarantine
from .sides import SideResolver

UCDP_DOWNLOADS = "https://ucdp.uu.se/downloads/"


def _start(store: Store, dataset: str, path: Path, version: str | None, progress: Progress, name: str):
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    progress("hashing", 0.0)
    file_hash = file_sha256(path, lambda d, s: progress("hashing", d / max(s, 1)))
    summary = IngestSummary(dataset, name, version, file_hash)
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


@dataclass
class Comparison:
    """How the rows of a file compare with the stored rows of the same ids (see :func:`compare_rows`)."""

    new: list[str] = field(default_factory=list)
    revised: list[tuple[str, str | None, int | None, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_newer: list[str] = field(default_factory=list)
    #: unchanged rows whose file version is newer than the stored one: id → the file's version
    newer_version: dict[str, str | None] = field(default_factory=dict)


def compare_rows(rows: list[tuple[str, str | None, dict]], stored: dict[str, tuple[str | None, str, int | None]],
                 version_field: str) -> Comparison:
    """Compare a file's rows — (id, version, fields) — with the stored ones — id → (version, fields
    as JSON, ingest id) — as event loads do: a row whose fields (other than ``version_field``)
    differ replaces the stored row unless the stored version is newer (then the stored row is
    kept); an unchanged row takes the newer version."""
    out = Comparison()
    for row_id, version, fields in rows:
        if row_id not in stored:
            out.new.append(row_id)
            continue
        old_version, old_json, old_ingest = stored[row_id]
        old = json.loads(old_json) if old_json else {}
        changed = sorted(k for k in set(fields) | set(old) if k != version_field and fields.get(k) != old.get(k))
        if not changed:
            out.unchanged.append(row_id)
            if version_key(version) > version_key(old_version):
                out.newer_version[row_id] = version
        elif version_key(old_version) > version_key(version):
            out.kept_newer.append(row_id)
        else:
            out.revised.append((row_id, old_version, old_ingest, changed))
    return out


def _record_revisions(con, summary: IngestSummary, comparison: Comparison, versions: dict[str, str | None],
                      prefix: str = "") -> None:
    """Record the revised rows in ``event_revisions`` (ids ``<dataset>:<row id>``, as events)."""
    revised = comparison.revised
    insert_frame(con, "event_revisions", pd.DataFrame({
        "event_id": [prefix + r[0] for r in revised], "ingest_id": [summary.ingest_id] * len(revised),
        "previous_ingest_id": pd.array([r[2] for r in revised], dtype="Int64"),
        "previous_version": [r[1] for r in revised], "version": [versions[r[0]] for r in revised],
        "changed": [r[3] for r in revised]}))


def _count(summary: IngestSummary, comparison: Comparison) -> None:
    summary.rows_unchanged, summary.rows_kept_newer = len(comparison.unchanged), len(comparison.kept_newer)
    summary.rows_revised = len(comparison.revised)
    summary.rows_stored = len(comparison.new) + len(comparison.revised)


def load_country_years(store: Store, spec: CountryYearSpec, path: str | Path, *,
                       version: str | None = None, resolver: Resolver | None = None,
                       progress: Progress | None = None, display: str | None = None) -> IngestSummary:
    """Load an ACD / Dyadic / Termination file into ``conflict_years`` (one transaction).

    Rows of ids already stored are compared as events are (see :func:`compare_rows`); revisions
    are recorded in ``event_revisions``. ``display``: see :func:`~.loader.load_events`."""
    with named_as(display, Path(path)):
        return _load_country_years(store, spec, Path(path), version, resolver, progress or _noop,
                                   display or str(path))


def _load_country_years(store: Store, spec: CountryYearSpec, path: Path, version: str | None,
                        resolver: Resolver | None, progress: Progress, name: str) -> IngestSummary:
    started = time.perf_counter()
    summary = _start(store, spec.dataset, path, version, progress, name)
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
                                     ";".join(rec.fields.values())[:2000], rec.last_line))
            continue
        if row["source_row_id"] in seen:
            rejected.append(Rejected(str(path), rec.line, "id", f"duplicate key {row['source_row_id']} "
                                     f"(first on line {seen[row['source_row_id']]})", None, rec.last_line))
            continue
        seen[row["source_row_id"]] = rec.line
        places = [p for p in (row["location"] or "").split(", ") if p.strip()]
        unknown = [p for p in places if country_iso3(p) is None]
        if unknown:   # as an event of an unknown country is: a row stored without its country misleads
            rejected.append(Rejected(str(path), rec.line, "location", f"unknown country name {unknown[0]!r}",
                                     None, rec.last_line))
            continue
        countries = [country_iso3(p) for p in places]
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
    progress("reading", 1.0)
    rejected = [replace(r, file=name) for r in rejected]
    summary.version = version or (rows[0]["version"] if rows else None)
    summary.rows_read = read
    summary.rows_quarantined = len(rejected)
    frame = pd.DataFrame(rows)
    progress("writing", 0.0)
    with store.transaction() as con:
        summary.ingest_id = con.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
        stored = {i: (v, a, g) for i, v, a, g in con.execute(
            "SELECT id, version, attributes, ingest_id FROM conflict_years WHERE dataset = ?",
            [spec.dataset]).fetchall()}
        comparison = compare_rows([(r["id"], r["version"], json.loads(r["attributes"])) for r in rows], stored,
                                  "version")
        _record_revisions(con, summary, comparison, {r["id"]: r["version"] for r in rows})
        for new_version in set(comparison.newer_version.values()):
            con.execute("UPDATE conflict_years SET version = ? WHERE id IN (SELECT unnest(?))",
                        [new_version, [i for i, v in comparison.newer_version.items() if v == new_version]]
                        ).fetchall()
        if not frame.empty:
            frame["ingest_id"] = summary.ingest_id
            write = set(comparison.new) | {r[0] for r in comparison.revised}
            frame = frame[frame["id"].isin(write)]
            con.execute("DELETE FROM conflict_years WHERE id IN (SELECT unnest(?))", [list(frame["id"])]).fetchall()
            insert_frame(con, "conflict_years", frame)
        _count(summary, comparison)
        write_quarantine(con, summary.ingest_id, rejected)
        write_unresolved(con, sides.unresolved_counts, f"ingest:{spec.dataset}")
        summary.unresolved_names = len(sides.unresolved_counts)
        _record_ingest(con, summary)
    progress("writing", 1.0)
    summary.quarantine_sample = quarantine_sample(rejected)
    summary.seconds = time.perf_counter() - started
    return summary


def load_actor_list(store: Store, path: str | Path, *, version: str | None = None,
                    resolver: Resolver | None = None, progress: Progress | None = None,
                    display: str | None = None) -> IngestSummary:
    """Load the UCDP actor list into ``external_actors``; its links become pending relations.

    Actors already stored are compared as events are (see :func:`compare_rows`; revisions in
    ``event_revisions`` under ``ucdp-actors:<ActorId>``). ``display``: see :func:`~.loader.load_events`."""
    with named_as(display, Path(path)):
        return _load_actor_list(store, Path(path), version, resolver, progress or _noop, display or str(path))


def _load_actor_list(store: Store, path: Path, version: str | None, resolver: Resolver | None,
                     progress: Progress, display: str) -> IngestSummary:
    started = time.perf_counter()
    summary = _start(store, "ucdp-actors", path, version, progress, display)
    if summary.already_loaded:
        return summary
    progress("reading", 0.0)
    records, rejected, read = read_records(path, delimiter=",", expected=ACTOR_LIST, multiline=ACTOR_MULTILINE)
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
            rejected.append(Rejected(str(path), rec.line, exc.field, str(exc), None, rec.last_line))
            continue
        name = f["NameData"].strip()
        if not name:
            rejected.append(Rejected(str(path), rec.line, "NameData", "missing actor name", None, rec.last_line))
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
    progress("reading", 1.0)
    rejected = [replace(r, file=display) for r in rejected]
    summary.version = version or (actors[0]["version"] if actors else None)
    summary.rows_read, summary.rows_quarantined = read, len(rejected)
    progress("writing", 0.0)
    with store.transaction() as con:
        summary.ingest_id = con.execute("SELECT nextval('ingest_ids')").fetchall()[0][0]
        stored = {i: (v, a, g) for i, v, a, g in con.execute(
            "SELECT external_id, version, attributes, ingest_id FROM external_actors WHERE dataset = 'ucdp-actors'"
        ).fetchall()}
        comparison = compare_rows([(a["external_id"], a["version"], json.loads(a["attributes"])) for a in actors],
                                  stored, "Version")
        _record_revisions(con, summary, comparison, {a["external_id"]: a["version"] for a in actors},
                          prefix="ucdp-actors:")
        for new_version in set(comparison.newer_version.values()):
            con.execute("UPDATE external_actors SET version = ? WHERE dataset = 'ucdp-actors' AND external_id IN "
                        "(SELECT unnest(?))", [new_version, [i for i, v in comparison.newer_version.items()
                                                             if v == new_version]]).fetchall()
        frame = pd.DataFrame(actors)
        if not frame.empty:
            frame["ingest_id"] = summary.ingest_id
            frame = frame[frame["external_id"].isin(set(comparison.new) | {r[0] for r in comparison.revised})]
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
        _count(summary, comparison)
        write_quarantine(con, summary.ingest_id, rejected)
        write_unresolved(con, sides.unresolved_counts, "ingest:ucdp-actors")
        summary.unresolved_names = len(sides.unresolved_counts)
        _record_ingest(con, summary)
    progress("writing", 1.0)
    summary.quarantine_sample = quarantine_sample(rejected)
    summary.relations_proposed = len(relations)
    summary.seconds = time.perf_counter() - started
    return summary
