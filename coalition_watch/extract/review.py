"""Extracted claims in the store, and their review.

``store_claims`` writes each extracted relation as a ``claims`` row and a ``relations`` row with
status ``extracted-pending``, provenance ``doc:<id>:<start>-<end>`` and the evidence sentence.
A claim is identified by (document, evidence offsets, source, target, type), so re-extracting a
document proposes nothing already proposed — in particular nothing a reviewer rejected.
``accept``/``reject``/``edit`` change a relation and append to ``review_audit`` (who, when, what).
"""

from __future__ import annotations

import hashlib
import json

from ..errors import InputError
from ..store import Store
from ..store.actors import write_unresolved
from ..vocabulary import RELATION_TYPES, is_directed, relation_sign
from ..dates import parse_partial_date


def claim_id(document_id: str, start: int, end: int, source: str, target: str, kind: str) -> str:
    """Stable id of a claim: the same evidence, pair and type always give the same id."""
    if not is_directed(kind):
        source, target = sorted((source, target))
    digest = hashlib.sha1(f"{document_id}\x1f{start}\x1f{end}\x1f{source}\x1f{target}\x1f{kind}".encode()).hexdigest()
    return digest[:16]


#: ``unresolved_names.context`` of the possible new groups named in stored documents
NEW_GROUP_CONTEXT = "extract:new-group"


def store_claims(store: Store, documents: list[dict], texts: dict[str, dict]) -> dict:
    """Write extracted documents' relations as pending claims; returns counts (new, known, rejected).

    The possible new groups of a document stored for the first time are counted in
    ``unresolved_names`` (context ``extract:new-group``, one per document naming it), where
    ``cwatch actors unresolved`` lists them for review."""
    counts = {"documents": 0, "new": 0, "already_proposed": 0, "previously_rejected": 0}
    new_groups: dict[str, int] = {}
    with store.transaction() as con:
        for doc in documents:
            if not con.execute("SELECT 1 FROM documents WHERE id = ?", [doc["id"]]).fetchone():
                for name in doc.get("new_group_candidates", []):
                    new_groups[name] = new_groups.get(name, 0) + 1
            meta = texts.get(doc["id"], {})
            con.execute("INSERT INTO documents (id, url, title, date, text) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET text = excluded.text",
                        [doc["id"], meta.get("url"), meta.get("title"), meta.get("date"), meta.get("text", "")])
            counts["documents"] += 1
            for rel in doc["relations"]:
                cid = claim_id(doc["id"], rel["start"], rel["end"], rel["source"], rel["target"], rel["type"])
                existing = con.execute("SELECT r.status FROM claims c LEFT JOIN relations r ON r.id = c.relation_id "
                                       "WHERE c.id = ?", [cid]).fetchone()
                if existing:
                    key = "previously_rejected" if existing[0] == "rejected" else "already_proposed"
                    counts[key] += 1
                    continue
                rid = f"x-{cid}"
                con.execute(
                    "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, "
                    "valid_from_date, confidence, status, provenance, sources, evidence, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'extracted-pending', ?, ?, ?, ?)",
                    [rid, rel["source"], rel["target"], rel["type"], relation_sign(rel["type"]),
                     is_directed(rel["type"]), _first_date(rel), _first_date_value(rel), rel["confidence"],
                     f"doc:{doc['id']}:{rel['start']}-{rel['end']}", [f"doc:{doc['id']}"], rel["evidence"],
                     f"polarity={rel['polarity']}; cue={rel.get('cue', '')}"])
                con.execute(
                    "INSERT INTO claims (id, document_id, relation_id, source_id, target_id, type, polarity, "
                    "confidence, evidence, start_offset, end_offset, places, dates) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [cid, doc["id"], rid, rel["source"], rel["target"], rel["type"], rel["polarity"],
                     rel["confidence"], rel["evidence"], rel["start"], rel["end"], rel.get("places", []),
                     rel.get("dates", [])])
                counts["new"] += 1
        write_unresolved(con, new_groups, NEW_GROUP_CONTEXT)
    counts["new_group_names"] = len(new_groups)
    return counts


def _first_date(rel: dict) -> str | None:
    return rel.get("dates", [None])[0] if rel.get("dates") else None


def _first_date_value(rel: dict):
    value = _first_date(rel)
    return parse_partial_date(value).start() if value else None


#: orders of :func:`list_claims`
CLAIM_ORDERS = {"newest": "r.created_at DESC, r.id", "confidence": "r.confidence DESC, r.created_at DESC, r.id"}


def list_claims(store: Store, status: str | None = "extracted-pending", limit: int = 100, *,
                min_confidence: float = 0.0, order: str = "newest") -> list[dict]:
    """Extracted relations with their claim (document, polarity, places, dates), newest first or
    (``order="confidence"``) most confident first, those under ``min_confidence`` left out."""
    if order not in CLAIM_ORDERS:
        raise InputError(f"unknown order {order!r} (one of {', '.join(CLAIM_ORDERS)})", field="order")
    where = "WHERE r.status = ?" if status else "WHERE r.status <> 'curated'"
    params = [status] if status else []
    return store.query(
        "SELECT r.id, r.source_id, r.target_id, r.type, r.status, r.confidence, r.valid_from, r.valid_to, "
        "r.provenance, r.evidence, c.document_id, c.polarity, c.places, c.dates "
        f"FROM relations r JOIN claims c ON c.relation_id = r.id {where} AND r.confidence >= ? "
        f"ORDER BY {CLAIM_ORDERS[order]} LIMIT ?", [*params, min_confidence, limit])


def _get(store: Store, relation_id: str) -> dict:
    rows = store.query("SELECT r.* FROM relations r JOIN claims c ON c.relation_id = r.id WHERE r.id = ?",
                       [relation_id])
    if not rows:
        raise InputError(f"no extracted claim with id '{relation_id}' (see 'cwatch review list')", field="ID")
    return rows[0]


def _audit(con, relation_id: str, action: str, reviewer: str, old: str, new: str, note: str | None) -> None:
    con.execute("INSERT INTO review_audit (relation_id, action, reviewer, old_status, new_status, note) "
                "VALUES (?, ?, ?, ?, ?, ?)", [relation_id, action, reviewer, old, new, note])


def set_status(store: Store, relation_id: str, status: str, reviewer: str, note: str | None = None) -> dict:
    """Accept or reject one claim, recording who and when."""
    if status not in ("accepted", "rejected", "extracted-pending"):
        raise InputError(f"unknown review status {status!r}", field="status")
    if not reviewer:
        raise InputError("a reviewer name is needed (--reviewer or $USER)", field="reviewer")
    row = _get(store, relation_id)
    action = {"accepted": "accept", "rejected": "reject", "extracted-pending": "reopen"}[status]
    with store.transaction() as con:
        con.execute("UPDATE relations SET status = ? WHERE id = ?", [status, relation_id])
        _audit(con, relation_id, action, reviewer, row["status"], status, note)
    return {**row, "status": status}


def edit_claim(store: Store, relation_id: str, reviewer: str, *, type: str | None = None,
               reverse: bool = False, valid_from: str | None = None, valid_to: str | None = None,
               note: str | None = None) -> dict:
    """Change a claim's type, direction or dates, recording the change in the audit trail."""
    if not reviewer:
        raise InputError("a reviewer name is needed (--reviewer or $USER)", field="reviewer")
    row = _get(store, relation_id)
    changes = {}
    if type is not None:
        if type not in RELATION_TYPES:
            raise InputError(f"unknown relation type {type!r} (one of {', '.join(RELATION_TYPES)})", field="type")
        changes.update(type=type, sign=relation_sign(type), directed=is_directed(type))
    if reverse:
        changes.update(source_id=row["target_id"], target_id=row["source_id"])
    for name, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if value is not None:
            try:
                parsed = parse_partial_date(value)
            except ValueError as exc:
                raise InputError(str(exc), field=name) from None
            changes[name] = str(parsed)
            changes[f"{name}_date"] = parsed.end() if name == "valid_to" else parsed.start()
    if not changes:
        raise InputError("nothing to change (give --type, --reverse, --from or --to)")
    with store.transaction() as con:
        assignments = ", ".join(f"{k} = ?" for k in changes)
        con.execute(f"UPDATE relations SET {assignments} WHERE id = ?", [*changes.values(), relation_id])
        described = {k: str(v) for k, v in changes.items() if not k.endswith("_date") and k not in ("sign", "directed")}
        _audit(con, relation_id, "edit", reviewer, row["status"], row["status"],
               json.dumps(described) + (f"; {note}" if note else ""))
    return {**row, **changes}


def audit_trail(store: Store, relation_id: str | None = None) -> list[dict]:
    """Review actions, oldest first."""
    if relation_id:
        return store.query("SELECT * FROM review_audit WHERE relation_id = ? ORDER BY reviewed_at", [relation_id])
    return store.query("SELECT * FROM review_audit ORDER BY reviewed_at")
