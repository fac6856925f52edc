"""``cwatch extract`` and ``cwatch review``: propose relations from text, then accept or reject them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer
from rich.table import Table
from rich.text import Text

from .common import DbOption, JsonOption, ReviewerOption, console, print_json, reviewer_name, store_for


def _extract_api():
    """The extraction API, imported on first use to keep start-up fast."""
    from ..extract import api

    return api

review_app = typer.Typer(help="Review extracted claims: list, accept, reject, edit.", no_args_is_help=True)

NoteOption = Annotated[Optional[str], typer.Option(help="A note for the audit trail.")]
MinConfidenceOption = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Leave out relations under this confidence ('cwatch eval extraction' shows precision by confidence).")]
ParserOption = Annotated[Optional[str], typer.Option(
    "--parser", help="'spacy': re-scope relations with a dependency parser (optional extra: make parser).")]


def extract(paths: Annotated[List[Path], typer.Argument(metavar="PATH...", help=".txt, .html, .pdf or .jsonl files.")],
            db: DbOption = None, json_out: JsonOption = False,
            store: Annotated[bool, typer.Option("--store", help="Save relations as pending claims for review.")] = False,
            workers: Annotated[Optional[int], typer.Option(help="Processes (default: all cores).")] = None,
            subject: Annotated[Optional[str], typer.Option(help="The group the texts are about (name or actor id); a JSONL line's 'subject' field overrides it.")] = None,
            subject_links: Annotated[bool, typer.Option("--subject-links", help="Also link the subject, at low confidence, to groups in sentences with a relation cue.")] = False,
            parser: ParserOption = None, min_confidence: MinConfidenceOption = 0.0) -> None:
    """Find groups, places, dates and relations in text. Example: cwatch extract report.pdf --store"""
    result = _extract_api().extract_paths(paths, store=store_for(db), save=store, workers=workers,
                                       progress=not json_out, subject=subject, subject_links=subject_links,
                                       parser=parser, min_confidence=min_confidence)
    if json_out:
        print_json(result)
        return
    for doc in result["documents"]:
        groups = sorted({m["name"] for m in doc["mentions"] if m["name"]})
        console.print(f"[bold]{doc['id']}[/bold]: {len(doc['mentions'])} mentions of {len(groups)} groups, "
                      f"{len(doc['relations'])} relations")
        if doc["relations"]:
            table = Table("type", "source", "target", "polarity", "conf.", "evidence")
            for r in doc["relations"]:
                table.add_row(r["type"], r["source_name"], r["target_name"], r["polarity"], f"{r['confidence']:.2f}",
                              r["evidence"][:120])
            console.print(table)
        if doc["new_group_candidates"]:
            console.print("possible new groups: " + "; ".join(doc["new_group_candidates"]), markup=False)
        if doc.get("new_group_relations"):
            table = Table("type", "source", "target", "polarity", "conf.", "evidence",
                          title="relations with possible new groups (not stored; to propose them, add the group "
                                "with 'cwatch actors add NAME' and extract again)")
            for r in doc["new_group_relations"]:
                table.add_row(r["type"], r["source_name"], r["target_name"], r["polarity"], f"{r['confidence']:.2f}",
                              r["evidence"][:120])
            console.print(table)
    if "stored" in result:
        for doc in result["documents"]:
            if doc["document_id"] != doc["id"]:
                why = ("a different text is already stored under that name" if doc["document_new"]
                       else "the same text was stored before under that id")
                console.print(f"{doc['id']}: stored as document '{doc['document_id']}' ({why})", markup=False)
        s = result["stored"]
        console.print(f"stored {s['new']} new pending claims ({s['already_proposed']} already proposed, "
                      f"{s['previously_rejected']} previously rejected); review with 'cwatch review list'")
        if s.get("new_group_names"):
            console.print(f"{s['new_group_names']} possible new groups recorded; list them with "
                          "'cwatch actors unresolved --context extract', "
                          "add one with 'cwatch actors add NAME'")


@review_app.command("list")
def review_list(db: DbOption = None,
                status: Annotated[str, typer.Option(help="extracted-pending, accepted, rejected or all")] = "extracted-pending",
                limit: int = 100, json_out: JsonOption = False, min_confidence: MinConfidenceOption = 0.0,
                order: Annotated[str, typer.Option(help="newest (default) or confidence (most confident first)")] = "newest") -> None:
    """Extracted claims and proposed relations awaiting review (or with another status). Example: cwatch review list --order confidence"""
    if status not in ("extracted-pending", "accepted", "rejected", "all"):
        raise typer.BadParameter("must be extracted-pending, accepted, rejected or all", param_hint="--status")
    rows = _extract_api().review_list(store_for(db), None if status == "all" else status, limit,
                                      min_confidence=min_confidence, order=order)
    if json_out:
        print_json(rows)
        return
    table = Table("type", "source", "target", "polarity", "conf.", "status", "evidence (from)")
    # claim ids stay on one line; a data set's long relation ids fold (--json gives them whole)
    table.add_column("id", no_wrap=all(len(r["id"]) <= 24 for r in rows), overflow="fold")
    for r in rows:
        evidence = (r["evidence"] or r["note"] or "")[:100]
        table.add_row(r["type"], r["source_id"], r["target_id"], r["polarity"], f"{r['confidence']:.2f}",
                      r["status"], Text(f"{evidence} ({_origin(r)})" if evidence else _origin(r)), r["id"])
    console.print(table)


def _origin(row: dict) -> str:
    """Where a listed relation comes from: its document, else its sources and provenance."""
    if row["document_id"]:
        return f"document {row['document_id']}"
    return "; ".join(filter(None, [", ".join(row["sources"] or []), row["provenance"]]))


def _decision_message(relation_id: str, row: dict) -> str:
    """'accepted', 'accepted (was rejected)' or 'already accepted; nothing changed'."""
    if not row["changed"]:
        return f"{relation_id}: already {row['status']}; nothing changed"
    was = f" (was {row['previous_status']})" if row["previous_status"] != "extracted-pending" else ""
    return f"{relation_id}: {row['status']}{was}"


@review_app.command("accept")
def review_accept(relation_id: Annotated[str, typer.Argument(metavar="ID")], db: DbOption = None,
                  reviewer: ReviewerOption = None, note: NoteOption = None, json_out: JsonOption = False) -> None:
    """Accept a claim: it joins the network (a denied or hypothetical claim is refused). Example: cwatch review accept x-1a2b3c4d5e6f7a8b"""
    row = _extract_api().review_accept(store_for(db), relation_id, reviewer=reviewer_name(reviewer), note=note)
    print_json(row) if json_out else console.print(_decision_message(relation_id, row), markup=False)


@review_app.command("reject")
def review_reject(relation_id: Annotated[str, typer.Argument(metavar="ID")], db: DbOption = None,
                  reviewer: ReviewerOption = None, note: NoteOption = None, json_out: JsonOption = False) -> None:
    """Reject a claim: it is kept and never proposed again for the same evidence."""
    row = _extract_api().review_reject(store_for(db), relation_id, reviewer=reviewer_name(reviewer), note=note)
    print_json(row) if json_out else console.print(_decision_message(relation_id, row), markup=False)


@review_app.command("edit")
def review_edit(relation_id: Annotated[str, typer.Argument(metavar="ID")], db: DbOption = None,
                type: Annotated[Optional[str], typer.Option("--type", help="New relation type.")] = None,
                reverse: Annotated[bool, typer.Option("--reverse", help="Swap source and target.")] = False,
                valid_from: Annotated[Optional[str], typer.Option("--from", help="Start (YYYY[-MM[-DD]]).")] = None,
                valid_to: Annotated[Optional[str], typer.Option("--to", help="End (YYYY[-MM[-DD]]).")] = None,
                polarity: Annotated[Optional[str], typer.Option(
                    "--polarity", help="asserted, denied or hypothetical (only asserted claims can be accepted).")] = None,
                reviewer: ReviewerOption = None, note: NoteOption = None, json_out: JsonOption = False) -> None:
    """Change a claim's type, direction, dates or polarity. Example: cwatch review edit ID --type pledge --from 2015-03"""
    row = _extract_api().review_edit(store_for(db), relation_id, reviewer=reviewer_name(reviewer), type=type,
                                  reverse=reverse, valid_from=valid_from, valid_to=valid_to, polarity=polarity,
                                  note=note)
    print_json(row) if json_out else console.print(f"{relation_id}: edited")
