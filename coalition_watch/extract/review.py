"""Extracted claims in the store, and their review.

``store_claims`` writes each extracted relation as a ``claims`` row and a ``relations`` row with
status ``extracted-pending``, provenance ``doc:<id>:<start>-<end>`` and the evidence sentence.
A document is stored under its name unless another text is stored under that name (then the name
gets a suffix from the text's hash); a text already stored keeps its first id. It keeps where it
came from (:data:`ORIGIN_FIELDS`: the input file's absolute path, a JSONL record's line, and the
URL, title, date and publisher the input gave), which every view of a claim's ``doc:<id>``
source shows (:func:`coalition_watch.store.actors.sources_by_id`). A claim is
identified by (document, evidence offsets, source, target, type), and a claim with the same pair,
type and evidence sentence as a stored one — from whatever file — is not proposed again, in
particular not one a reviewer rejected.

Every relation that is not curated can be reviewed: extracted claims and relations proposed
without a claim (the UCDP actor list's links). ``accept``/``reject``/``edit`` change a relation
and append to ``review_audit`` (who, when, what); repeating a decision changes nothing. A claim
whose polarity is not ``asserted`` (denied, hypothetical) is never accepted: accepting it would put
a tie the text denies or only supposes into the network.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from .. import arguments
from ..errors import InputError
from ..store import Store
from ..store.actors import source_details_lists, write_unresolved
from ..vocabulary import RELATION_TYPES, is_directed, relation_sign
from ..dates import parse_partial_date

#: polarities of an extracted claim; only ``asserted`` claims can be accepted into the network
POLARITIES = ("asserted", "denied", "hypothetical")


def claim_id(document_id: str, start: int, end: int, source: str, target: str, kind: str) -> str:
    """Stable id of a claim: the same evidence, pair and type always give the same id."""
    if not is_directed(kind):
        source, target = sorted((source, target))
    digest = hashlib.sha1(f"{document_id}\x1f{start}\x1f{end}\x1f{source}\x1f{target}\x1f{kind}".encode()).hexdigest()
    return digest[:16]


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def evidence_key(sentence: str | None) -> str:
    """An evidence sentence as compared between documents: Unicode-normalised, quotes unified,
    white space collapsed, case folded (a text saved as HTML and as plain text gives the same key)."""
    return " ".join(unicodedata.normalize("NFKC", sentence or "").translate(_QUOTES).split()).casefold()


#: ``unresolved_names.context`` of the possible new groups named in stored documents
NEW_GROUP_CONTEXT = "extract:new-group"


def text_digest(text: str) -> str:
    """The SHA-1 of a text's UTF-8 bytes, as ``documents.text_sha1`` keeps it (DuckDB's ``sha1``)."""
    return hashlib.sha1(text.encode()).hexdigest()


def document_id_for(con, name: str, text: str) -> tuple[str, bool]:
    """(stored id, stored now?) of a document named ``name``: the id of the same text if it is
    stored already, else ``name`` if free, else ``name`` with a suffix from the text's hash."""
    digest = text_digest(text)
    same = con.execute("SELECT id FROM documents WHERE text_sha1 = ? AND text = ? ORDER BY id <> ?, added_at, id LIMIT 1",
                       [digest, text, name]).fetchone()
    if same:
        return same[0], False
    for candidate in (name, *(f"{name}-{digest[:n]}" for n in (10, 16, 40))):
        if not con.execute("SELECT 1 FROM documents WHERE id = ?", [candidate]).fetchone():
            return candidate, True
    raise InputError(f"cannot store document {name!r}: its ids are all taken by other texts", field="id")


def _known_claim(con, cid: str, rel: dict) -> tuple[str | None, str | None] | None:
    """(relation id, status) of the stored claim ``cid``, or of a stored claim with the same pair,
    type and evidence sentence (a rejected one first); None if there is none."""
    # each branch an equality lookup (the claim's key, or the indexed pair and type), not one scan
    select = "SELECT c.id, c.relation_id, r.status, c.evidence FROM claims c LEFT JOIN relations r ON r.id = c.relation_id "
    pairs = [(rel["source"], rel["target"])] + ([] if is_directed(rel["type"]) else [(rel["target"], rel["source"])])
    rows = con.execute(" UNION ".join([select + "WHERE c.id = ?"] + [
        select + "WHERE c.source_id = ? AND c.target_id = ? AND c.type = ?"] * len(pairs))
        + " ORDER BY coalesce(status = 'rejected', false) DESC, id",
        [cid, *(v for pair in pairs for v in (*pair, rel["type"]))]).fetchall()
    key = evidence_key(rel["evidence"])
    for other_id, relation_id, status, evidence in rows:
        if other_id == cid or evidence_key(evidence) == key:
            return relation_id, status
    return None


#: where a stored document comes from, as ``documents`` columns (migration 7 added the last three):
#: the page's address, title, date and publisher when the input gave them, the absolute path of
#: the file read, and the line of a JSONL record in it
ORIGIN_FIELDS = ("url", "title", "date", "publisher", "path", "line")


def store_claims(store: Store, documents: list[dict], texts: dict[str, dict]) -> dict:
    """Write extracted documents' relations as pending claims; returns counts (new, known, rejected).

    ``texts`` maps a document's id to its ``text`` and where it comes from (:data:`ORIGIN_FIELDS`),
    which a new document keeps; a text stored before keeps its id, and only gains what its first
    reading lacked (a URL, a title, a file path...).

    Each document gets ``document_id`` (its stored id, see :func:`document_id_for`) and
    ``document_new``; each relation its ``relation_id`` (the new or already stored relation).
    The possible new groups of a document stored for the first time are counted in
    ``unresolved_names`` (context ``extract:new-group``, one per document naming it), where
    ``cwatch actors unresolved`` lists them for review."""
    counts = {"documents": 0, "new": 0, "already_proposed": 0, "previously_rejected": 0}
    new_groups: dict[str, int] = {}
    with store.transaction() as con:
        for doc in documents:
            meta = texts.get(doc["id"], {})
            document_id, is_new = document_id_for(con, doc["id"], meta.get("text", ""))
            doc["document_id"], doc["document_new"] = document_id, is_new
            if is_new:
                for name in doc.get("new_group_candidates", []):
                    new_groups[name] = new_groups.get(name, 0) + 1
                con.execute("INSERT INTO documents (id, url, title, date, publisher, path, line, text, text_sha1) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [document_id, *(meta.get(k) for k in ORIGIN_FIELDS), meta.get("text", ""),
                             text_digest(meta.get("text", ""))])
            else:  # the same text again: fill what the first reading lacked, change nothing else
                # (the line goes with the path: it is the line of the file first recorded)
                con.execute("UPDATE documents SET url = coalesce(url, ?), title = coalesce(title, ?), "
                            "date = coalesce(date, ?), publisher = coalesce(publisher, ?), "
                            "line = CASE WHEN path IS NULL THEN ? ELSE line END, path = coalesce(path, ?) "
                            "WHERE id = ?",
                            [meta.get("url"), meta.get("title"), meta.get("date"), meta.get("publisher"),
                             meta.get("line"), meta.get("path"), document_id])
            counts["documents"] += 1
            for rel in doc["relations"]:
                cid = claim_id(document_id, rel["start"], rel["end"], rel["source"], rel["target"], rel["type"])
                known = _known_claim(con, cid, rel)
                if known:
                    rel["relation_id"] = known[0]
                    counts["previously_rejected" if known[1] == "rejected" else "already_proposed"] += 1
                    continue
                rid = rel["relation_id"] = f"x-{cid}"
                con.execute(
                    "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, "
                    "valid_from_date, confidence, status, provenance, sources, evidence, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'extracted-pending', ?, ?, ?, ?)",
                    [rid, rel["source"], rel["target"], rel["type"], relation_sign(rel["type"]),
                     is_directed(rel["type"]), _first_date(rel), _first_date_value(rel), rel["confidence"],
                     f"doc:{document_id}:{rel['start']}-{rel['end']}", [f"doc:{document_id}"], rel["evidence"],
                     extraction_note(rel)])
                con.execute(
                    "INSERT INTO claims (id, document_id, relation_id, source_id, target_id, type, polarity, "
                    "confidence, evidence, start_offset, end_offset, places, dates) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [cid, document_id, rid, rel["source"], rel["target"], rel["type"], rel["polarity"],
                     rel["confidence"], rel["evidence"], rel["start"], rel["end"], rel.get("places", []),
                     rel.get("dates", [])])
                counts["new"] += 1
        write_unresolved(con, new_groups, NEW_GROUP_CONTEXT)
    counts["new_group_names"] = len(new_groups)
    return counts


def extraction_note(rel: dict) -> str:
    """The note an extracted relation is stored with: what its claim row does not hold, the cue
    the rules read ("cue=including"). The polarity is the claim's (``claims.polarity``), which
    ``review edit`` changes; store migration 8 took it out of the notes written before."""
    return f"cue={rel.get('cue', '')}"


def _first_date(rel: dict) -> str | None:
    return rel.get("dates", [None])[0] if rel.get("dates") else None


def _first_date_value(rel: dict):
    value = _first_date(rel)
    return parse_partial_date(value).start() if value else None


#: the review statuses :func:`list_claims` lists (``all``, or None: every one but ``curated``)
REVIEW_STATUSES = ("extracted-pending", "accepted", "rejected")

#: orders of :func:`list_claims`
CLAIM_ORDERS = {"newest": "r.created_at DESC, r.id", "confidence": "r.confidence DESC, r.created_at DESC, r.id"}

#: one claim per relation (the first by id), for relations that have one
_FIRST_CLAIM = ("(SELECT * FROM claims WHERE relation_id IS NOT NULL "
                "QUALIFY row_number() OVER (PARTITION BY relation_id ORDER BY id) = 1)")


def list_claims(store: Store, status: str | None = "extracted-pending", limit: int = 100, *,
                min_confidence: float = 0.0, order: str = "newest") -> list[dict]:
    """Relations under review with their claim (document, polarity, places, dates), newest first or
    (``order="confidence"``) most confident first, those under ``min_confidence`` left out.

    ``status`` None or ``all``: every relation that is not curated; another status than those of
    :data:`REVIEW_STATUSES`, or a ``limit`` that is not a whole number of 0 or more, is an
    :class:`InputError` naming it. Relations proposed without a claim (a
    data set's links) have no document and polarity ``asserted``; their ``sources`` and ``note``
    say where they come from. ``source_details`` has one entry per source
    (:func:`coalition_watch.store.actors.source_details_lists`): an extracted claim's document with its title, URL,
    date, publisher and file ``path``; a data set's catalogue row."""
    if order not in CLAIM_ORDERS:
        raise InputError(f"unknown order {order!r} (one of {', '.join(CLAIM_ORDERS)})", field="order")
    status = None if status == "all" else status
    if status is not None:
        arguments.choice(status, REVIEW_STATUSES, "status",
                         wording="must be extracted-pending, accepted, rejected or all")
    limit = arguments.limit(limit)
    where = "WHERE r.status = ?" if status else "WHERE r.status <> 'curated'"
    params = [status] if status else []
    rows = store.query(
        "SELECT r.id, r.source_id, r.target_id, r.type, r.status, r.confidence, r.valid_from, r.valid_to, "
        "r.provenance, r.evidence, c.document_id, coalesce(c.polarity, 'asserted') AS polarity, c.places, c.dates, "
        "c.id AS claim_id, r.sources, r.note "
        f"FROM relations r LEFT JOIN {_FIRST_CLAIM} c ON c.relation_id = r.id {where} AND r.confidence >= ? "
        f"ORDER BY {CLAIM_ORDERS[order]} LIMIT ?", [*params, min_confidence, limit])
    for row, details in zip(rows, source_details_lists(store, [r["sources"] for r in rows])):
        row["source_details"] = details
    return rows


def _get(store: Store, relation_id: str) -> dict:
    """A relation under review with ``polarity`` (that of its claims; ``asserted`` without one)
    and ``has_claim``."""
    rows = store.query("SELECT * FROM relations WHERE id = ?", [relation_id])
    if not rows or rows[0]["status"] == "curated":
        hint = (" is a curated relation of the knowledge base; change it there" if rows else
                " (see 'cwatch review list --status all')")
        raise InputError(f"no extracted claim or proposed relation with id '{relation_id}'{hint}", field="relation_id")
    polarities = [p for (p,) in store.con.execute("SELECT polarity FROM claims WHERE relation_id = ? ORDER BY id",
                                                  [relation_id]).fetchall()]
    not_asserted = [p for p in polarities if p != "asserted"]
    return {**rows[0], "polarity": not_asserted[0] if not_asserted else "asserted", "has_claim": bool(polarities)}


def _audit(con, relation_id: str, action: str, reviewer: str, old: str, new: str, note: str | None) -> None:
    con.execute("INSERT INTO review_audit (relation_id, action, reviewer, old_status, new_status, note) "
                "VALUES (?, ?, ?, ?, ?, ?)", [relation_id, action, reviewer, old, new, note])


def _refuse_unasserted(row: dict) -> None:
    """An accepted relation joins the network as a tie: refuse one whose claim is not asserted."""
    if row["polarity"] == "asserted":
        return
    raise InputError(
        f"'{row['id']}' is a {row['polarity']} claim: the text does not assert a {row['type']} between "
        f"{row['source_id']} and {row['target_id']}, so it cannot be accepted into the network. Reject it "
        "(it stays recorded and is not proposed again), or, if the polarity was misread, change it first "
        f"(cwatch review edit {row['id']} --polarity asserted; on the web: Edit, polarity) and accept it",
        field="polarity")


def set_status(store: Store, relation_id: str, status: str, reviewer: str, note: str | None = None) -> dict:
    """Accept or reject one claim, recording who and when; returns the relation with
    ``previous_status`` and ``changed`` (False when it already had ``status``: nothing is written).

    A claim that is not asserted (denied, hypothetical) is refused, see :func:`_refuse_unasserted`."""
    if status not in ("accepted", "rejected", "extracted-pending"):
        raise InputError(f"unknown review status {status!r}", field="status")
    if not reviewer:
        raise InputError("a reviewer name is needed", field="reviewer")
    row = _get(store, relation_id)
    previous = row["status"]
    if previous == status:
        return {**row, "previous_status": previous, "changed": False}
    if status == "accepted":
        _refuse_unasserted(row)
    action = {"accepted": "accept", "rejected": "reject", "extracted-pending": "reopen"}[status]
    with store.transaction() as con:
        con.execute("UPDATE relations SET status = ? WHERE id = ?", [status, relation_id])
        _audit(con, relation_id, action, reviewer, previous, status, note)
    return {**row, "status": status, "previous_status": previous, "changed": True}


def _date_changes(row: dict, valid_from: str | None, valid_to: str | None) -> dict:
    """Column changes for new dates; an end before the start (given or stored) is an InputError."""
    changes = {}
    for name, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if value is not None:
            try:
                parsed = parse_partial_date(value)
            except ValueError as exc:
                raise InputError(str(exc), field=name) from None
            changes[name] = str(parsed)
            changes[f"{name}_date"] = parsed.end() if name == "valid_to" else parsed.start()
    start, end = (changes.get(k, row.get(k)) for k in ("valid_from", "valid_to"))
    if changes and start and end and parse_partial_date(start).start() > parse_partial_date(end).end():
        given = {k: "given" if k in changes else "stored" for k in ("valid_from", "valid_to")}
        raise InputError(f"valid_to {end} ({given['valid_to']}) is before valid_from {start} "
                         f"({given['valid_from']}): a relation cannot end before it starts; nothing was changed",
                         field="valid_from, valid_to")
    return changes


def edit_claim(store: Store, relation_id: str, reviewer: str, *, type: str | None = None,
               reverse: bool = False, valid_from: str | None = None, valid_to: str | None = None,
               polarity: str | None = None, note: str | None = None) -> dict:
    """Change a claim's type, direction, dates or polarity, recording the change in the audit trail.

    Dates that would end the relation before it starts are refused. Polarity is that of the
    extracted claim (a relation proposed without one is asserted); an accepted relation cannot be
    made denied or hypothetical (reject it instead)."""
    if not reviewer:
        raise InputError("a reviewer name is needed", field="reviewer")
    row = _get(store, relation_id)
    changes = {}
    if type is not None:
        if type not in RELATION_TYPES:
            raise InputError(f"unknown relation type {type!r} (one of {', '.join(RELATION_TYPES)})", field="type")
        changes.update(type=type, sign=relation_sign(type), directed=is_directed(type))
    if reverse:
        changes.update(source_id=row["target_id"], target_id=row["source_id"])
    changes.update(_date_changes(row, valid_from, valid_to))
    new_polarity = None
    if polarity is not None and polarity != row["polarity"]:
        if polarity not in POLARITIES:
            raise InputError(f"unknown polarity {polarity!r} (one of {', '.join(POLARITIES)})", field="polarity")
        if not row["has_claim"]:
            raise InputError(f"'{relation_id}' was proposed without an extracted claim; it is asserted by its "
                             "source (reject it if it is wrong)", field="polarity")
        if row["status"] == "accepted" and polarity != "asserted":
            raise InputError(f"'{relation_id}' is accepted and in the network; a {polarity} claim cannot stay "
                             f"there: reject it (cwatch review reject {relation_id})", field="polarity")
        new_polarity = polarity
    if not changes and new_polarity is None:
        raise InputError("nothing to change (give --type, --reverse, --from, --to or --polarity)")
    with store.transaction() as con:
        if changes:
            assignments = ", ".join(f"{k} = ?" for k in changes)
            con.execute(f"UPDATE relations SET {assignments} WHERE id = ?", [*changes.values(), relation_id])
        described = {k: str(v) for k, v in changes.items() if not k.endswith("_date") and k not in ("sign", "directed")}
        if new_polarity:
            con.execute("UPDATE claims SET polarity = ? WHERE relation_id = ?", [new_polarity, relation_id])
            described["polarity"] = f"{row['polarity']} -> {new_polarity}"
        _audit(con, relation_id, "edit", reviewer, row["status"], row["status"],
               json.dumps(described) + (f"; {note}" if note else ""))
    return {**row, **changes, **({"polarity": new_polarity} if new_polarity else {})}


def audit_trail(store: Store, relation_id: str | None = None) -> list[dict]:
    """Review actions, oldest first."""
    if relation_id:
        return store.query("SELECT * FROM review_audit WHERE relation_id = ? ORDER BY reviewed_at", [relation_id])
    return store.query("SELECT * FROM review_audit ORDER BY reviewed_at")
