"""The review queue of extracted relations: list, accept, reject, edit — each with an audit row.

Extraction writes proposed relations with status ``extracted-pending``; an analyst accepts them
(they then appear in graphs and briefings), rejects them, or edits type, dates, evidence or note
first. Every action writes one ``review_audit`` row (who, when, old and new status, what changed)
in the same transaction as the change. When the extraction part's review functions are installed
(:data:`parts.REVIEW`), decisions and edits go through them; the checks here (only pending
relations, a reviewer name, known fields) apply either way.
"""

from __future__ import annotations

from ..dates import parse_partial_date
from ..errors import InputError
from ..store import Store
from ..vocabulary import RELATION_TYPES, is_directed, relation_sign
from . import parts

ACTIONS = {"accept": "accepted", "reject": "rejected"}
EDITABLE = ("type", "valid_from", "valid_to", "polarity")
#: fields only the extraction part's review functions can change
_CLAIM_FIELDS = ("polarity",)


def list_queue(store: Store, *, status: str = "extracted-pending", limit: int = 200) -> list[dict]:
    """Relations with ``status``, newest first, with actor names and the claims' documents (title,
    URL, date, publisher, and the ``path`` and ``line`` of the file the text was read from)."""
    rows = store.query(
        "SELECT r.id, r.source_id, s.name AS source_name, r.target_id, t.name AS target_name, r.type, "
        "r.valid_from, r.valid_to, r.confidence, r.status, r.provenance, r.evidence, r.note, r.sources, "
        "r.created_at FROM relations r LEFT JOIN actors s ON s.id = r.source_id "
        "LEFT JOIN actors t ON t.id = r.target_id WHERE r.status = ? ORDER BY r.created_at DESC, r.id LIMIT ?",
        [status, limit])
    if not rows:
        return rows
    claims = store.query(
        "SELECT c.relation_id, c.id AS claim_id, c.evidence, c.polarity, c.confidence, d.id AS document_id, "
        "d.title, d.url, d.date, d.publisher, d.path, d.line FROM claims c LEFT JOIN documents d ON d.id = c.document_id "
        "WHERE c.relation_id IN (SELECT unnest(?)) ORDER BY c.id", [[r["id"] for r in rows]])
    by_relation: dict[str, list[dict]] = {}
    for c in claims:
        by_relation.setdefault(c["relation_id"], []).append(c)
    for r in rows:
        r["claims"] = by_relation.get(r["id"], [])
        r["created_at"] = r["created_at"].isoformat(sep=" ", timespec="seconds") if r["created_at"] else None
    return rows


def audit_trail(store: Store, relation_id: str | None = None, limit: int = 200) -> list[dict]:
    """Review actions, newest first (for one relation, or all)."""
    sql = "SELECT relation_id, action, reviewer, reviewed_at, old_status, new_status, note FROM review_audit"
    params: list = []
    if relation_id:
        sql += " WHERE relation_id = ?"
        params.append(relation_id)
    rows = store.query(sql + " ORDER BY reviewed_at DESC LIMIT ?", params + [limit])
    for r in rows:
        r["reviewed_at"] = r["reviewed_at"].isoformat(sep=" ", timespec="seconds")
    return rows


def _current(con, relation_id: str) -> dict:
    row = con.execute("SELECT status, type, valid_from, valid_to, evidence, note FROM relations WHERE id = ?",
                      [relation_id]).fetchone()
    if row is None:
        raise InputError(f"no relation with id '{relation_id}'", field="relation_id")
    return dict(zip(("status", "type", "valid_from", "valid_to", "evidence", "note"), row))


def _require_pending(store: Store, relation_id: str) -> None:
    current = _current(store.con, relation_id)
    if current["status"] != "extracted-pending":
        raise InputError(f"relation '{relation_id}' is {current['status']}, not pending review", field="relation_id")


def _clean_reviewer(reviewer: str | None) -> str:
    text = (reviewer or "").strip()
    if not text or len(text) > 80:
        raise InputError("a reviewer name (1–80 characters) is needed", field="reviewer")
    return text


def decide(store: Store, relation_id: str, action: str, *, reviewer: str, note: str | None = None) -> dict:
    """Accept or reject a relation; returns its new state. Only pending relations can be decided."""
    if action not in ACTIONS:
        raise InputError(f"unknown review action '{action}' (accept, reject or edit)", field="action")
    who = _clean_reviewer(reviewer)
    new_status = ACTIONS[action]
    _require_pending(store, relation_id)
    review = parts.load(parts.REVIEW)
    if review is not None:
        review.set_status(store, relation_id, new_status, who, note)
        return {"id": relation_id, "status": new_status}
    with store.transaction() as con:
        current = _current(con, relation_id)
        if current["status"] != "extracted-pending":
            raise InputError(f"relation '{relation_id}' is {current['status']}, not pending review",
                             field="relation_id")
        con.execute("UPDATE relations SET status = ? WHERE id = ?", [new_status, relation_id])
        con.execute("INSERT INTO review_audit (relation_id, action, reviewer, old_status, new_status, note) "
                    "VALUES (?, ?, ?, ?, ?, ?)", [relation_id, action, who, current["status"], new_status, note])
    return {"id": relation_id, "status": new_status}


def edit(store: Store, relation_id: str, changes: dict, *, reviewer: str, note: str | None = None) -> dict:
    """Change type or dates of a pending relation; the audit row lists the changes and ``note``.

    Empty values leave a field unchanged."""
    who = _clean_reviewer(reviewer)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})", field="changes")
    changes = {k: v.strip() for k, v in changes.items() if v is not None and v.strip()}
    if "type" in changes and changes["type"] not in RELATION_TYPES:
        raise InputError(f"unknown relation type '{changes['type']}'", field="type")
    if not changes:
        raise InputError("nothing to change (give a type or a date)", field="changes")
    _require_pending(store, relation_id)
    review = parts.load(parts.REVIEW)
    if review is not None:
        review.edit_claim(store, relation_id, who, note=note, **changes)
        return {"id": relation_id, "status": "extracted-pending", "changed": sorted(changes)}
    if set(changes) & set(_CLAIM_FIELDS):
        raise InputError("editing the polarity needs the extraction part's review functions", field="polarity")
    updates: dict[str, object] = {}
    if "type" in changes:
        if changes["type"] not in RELATION_TYPES:
            raise InputError(f"unknown relation type '{changes['type']}'", field="type")
        updates.update(type=changes["type"], sign=relation_sign(changes["type"]), directed=is_directed(changes["type"]))
    for key, column in (("valid_from", "valid_from_date"), ("valid_to", "valid_to_date")):
        if key in changes:
            value = (changes[key] or "").strip() or None
            if value is None:
                updates.update({key: None, column: None})
                continue
            try:
                partial = parse_partial_date(value)
            except ValueError as exc:
                raise InputError(f"{key}: {exc}", field=key) from None
            updates.update({key: value, column: partial.start() if key == "valid_from" else partial.end()})
    with store.transaction() as con:
        current = _current(con, relation_id)
        if current["status"] != "extracted-pending":
            raise InputError(f"relation '{relation_id}' is {current['status']}; only pending relations are edited",
                             field="relation_id")
        if updates:
            assignments = ", ".join(f"{column} = ?" for column in updates)
            con.execute(f"UPDATE relations SET {assignments} WHERE id = ?", [*updates.values(), relation_id])
        changed = "; ".join(f"{k}: {current.get(k)!r} -> {changes[k]!r}" for k in changes if k in EDITABLE)
        con.execute("INSERT INTO review_audit (relation_id, action, reviewer, old_status, new_status, note) "
                    "VALUES (?, 'edit', ?, ?, ?, ?)",
                    [relation_id, who, current["status"], current["status"],
                     " | ".join(filter(None, [changed, note]))])
    return {"id": relation_id, "status": "extracted-pending", "changed": sorted(changes)}
