"""``cwatch extract`` and ``cwatch review``: propose relations from text, then accept or reject them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from rich.table import Table
from rich.text import Text

from .. import arguments
from ..store.actors import web_url
from .common import (DbOption, JsonOption, ReviewerOption, console, names_options, print_json, print_json_stream,
                     reviewer_name, store_for, usage_errors)


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
#: where a review command takes the reviewer's name from, said when it has none
REVIEWER_HINT = {"reviewer": "(--reviewer or $USER)"}


#: documents printed in full (a table of relations each) by ``cwatch extract``; the others are
#: summed up in one table (``--json`` has them all)
DETAIL_DOCUMENTS = 20


def extract(paths: Annotated[List[Path], typer.Argument(metavar="PATH...", help=".txt, .html, .pdf or .jsonl files.")],
            db: DbOption = None, json_out: JsonOption = False,
            store: Annotated[bool, typer.Option("--store", help="Save relations as pending claims for review.")] = False,
            workers: Annotated[Optional[int], typer.Option(help="Processes (default: all cores).")] = None,
            subject: Annotated[Optional[str], typer.Option(help="The group the texts are about (name or actor id); a JSONL line's 'subject' field overrides it.")] = None,
            subject_links: Annotated[bool, typer.Option("--subject-links", help="Also link the subject, at low confidence, to groups in sentences with a relation cue.")] = False,
            parser: ParserOption = None, min_confidence: MinConfidenceOption = 0.0) -> None:
    """Find groups, places, dates and relations in text. Example: cwatch extract report.pdf --store"""
    # without --store the store is only read, for the registry, and closed before extracting, so
    # other commands can use it meanwhile; with --store it stays open to store claims per batch
    the_store = store_for(db, read_only=not store, create=store)  # --store writes claims: it may create the store
    try:
        run = _extract_api().ExtractionRun(paths, store=the_store, save=store, workers=workers,
                                           progress=not json_out, subject=subject, subject_links=subject_links,
                                           parser=parser, min_confidence=min_confidence)
    finally:
        if not store:
            the_store.close()
    if json_out:  # streamed: one document at a time, the counts of --store after them
        print_json_stream("documents", run, (lambda: {"stored": run.stored}) if store else None)
        return
    shown, rest, renamed = [], _Summary(), []
    for doc in run:  # the full tables are printed after the progress bar is gone
        if len(shown) < DETAIL_DOCUMENTS:
            shown.append(doc)
        else:
            rest.add(doc)
        if store and doc["document_id"] != doc["id"]:
            if len(renamed) < DETAIL_DOCUMENTS:
                renamed.append(doc)
            else:
                rest.add_renamed()
    for doc in shown:
        _print_document(doc)
    if rest.documents:
        rest.print()
    if store:
        for doc in renamed:
            why = ("a different text is already stored under that name" if doc["document_new"]
                   else "the same text was stored before under that id")
            console.print(f"{doc['id']}: stored as document '{doc['document_id']}' ({why})", markup=False)
        if rest.renamed:
            console.print(f"{rest.renamed} more documents stored under another id (--json gives each "
                          "'document_id')", markup=False)
        s = run.stored
        console.print(f"stored {s['new']} new pending claims ({s['already_proposed']} already proposed, "
                      f"{s['previously_rejected']} previously rejected); review with 'cwatch review list'")
        if s.get("new_group_names"):
            console.print(f"{s['new_group_names']} possible new groups recorded; list them with "
                          "'cwatch actors unresolved --context extract', "
                          "add one with 'cwatch actors add NAME'")


def _relations_table(relations: list[dict], **options) -> Table:
    table = Table("type", "source", "target", "polarity", "conf.", "evidence", **options)
    for r in relations:
        table.add_row(r["type"], r["source_name"], r["target_name"], r["polarity"], f"{r['confidence']:.2f}",
                      clip(r["evidence"], 120))
    return table


def _print_document(doc: dict) -> None:
    """One document in full: a line of counts, its relations and possible new groups."""
    groups = sorted({m["name"] for m in doc["mentions"] if m["name"]})
    console.print(Text.assemble((doc["id"], "bold"), f": {len(doc['mentions'])} mentions of {len(groups)} groups, "
                                f"{len(doc['relations'])} relations"))
    if doc["relations"]:
        console.print(_relations_table(doc["relations"]))
    if doc["new_group_candidates"]:
        console.print("possible new groups: " + "; ".join(doc["new_group_candidates"]), markup=False)
    if doc.get("new_group_relations"):
        console.print(_relations_table(
            doc["new_group_relations"], title="relations with possible new groups (not stored; to propose them, "
                                              "add the group with 'cwatch actors add NAME' and extract again)"))


class _Summary:
    """Totals of the documents not printed in full."""

    def __init__(self) -> None:
        self.documents = self.mentions = self.with_relations = self.renamed = 0
        self.relations: Counter = Counter()
        self.new_groups: Counter = Counter()
        self.first = self.last = ""

    def add(self, doc: dict) -> None:
        self.first = self.first or doc["id"]
        self.last = doc["id"]
        self.documents += 1
        self.mentions += len(doc["mentions"])
        self.with_relations += bool(doc["relations"])
        self.relations.update(r["type"] for r in doc["relations"])
        self.new_groups.update(doc["new_group_candidates"])

    def add_renamed(self) -> None:
        self.renamed += 1

    def print(self) -> None:
        table = Table("documents", "mentions", "with relations", "relations by type", "most frequent possible new groups",
                      title=f"{self.documents} more documents ({self.first} … {self.last}), summed up; "
                            "--json gives every document in full")
        table.add_row(str(self.documents), str(self.mentions), str(self.with_relations),
                      Text(", ".join(f"{t} {n}" for t, n in self.relations.most_common()) or "none"),
                      Text("; ".join(f"{name} ({n})" for name, n in self.new_groups.most_common(5)) or "none"))
        console.print(table)


def clip(text: str | None, width: int) -> str:
    """``text`` on one line, cut at the last word boundary within ``width`` characters with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


@review_app.command("list")
@names_options()
def review_list(db: DbOption = None,
                status: Annotated[str, typer.Option(help="extracted-pending, accepted, rejected or all")] = "extracted-pending",
                limit: Annotated[int, typer.Option(help="Most relations listed (the title says when more are left out).")] = 100,
                json_out: JsonOption = False, min_confidence: MinConfidenceOption = 0.0,
                order: Annotated[str, typer.Option(help="newest (default) or confidence (most confident first)")] = "newest") -> None:
    """Extracted claims and proposed relations awaiting review (or with another status). Example: cwatch review list --order confidence"""
    with store_for(db, read_only=True) as store, usage_errors(status="--status"):
        # one more than asked, to tell whether more are left out
        rows = _extract_api().review_list(store, status, arguments.limit(limit) + 1,
                                          min_confidence=min_confidence, order=order)
    more, rows = len(rows) > limit, rows[:limit]
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("no relations" + ("" if status == "all" else f" with status {status}")
                      + (f" and confidence ≥ {min_confidence:g}" if min_confidence else ""), markup=False)
        return
    statuses = {r["status"] for r in rows}
    # readable at 80 columns: the id whole, the relation in one column, the status in the title
    # when all rows share it; evidence cut at a word boundary ("…"; --json gives it whole)
    title = f"{len(rows)} {next(iter(statuses))} relations" if len(statuses) == 1 else None
    if more:
        title = f"{title or f'{len(rows)} relations'}: the first {limit}, more are left out (--limit N)"
    table = Table(title=title)
    # claim ids stay on one line; a data set's long relation ids fold (--json gives them whole)
    short_ids = all(len(r["id"]) <= 24 for r in rows)
    table.add_column("id", no_wrap=short_ids, overflow="fold",
                     min_width=max((len(r["id"]) for r in rows), default=2) if short_ids else None)
    table.add_column("relation", min_width=14, ratio=2, overflow="fold")
    table.add_column("conf.", justify="right", no_wrap=True)
    if len(statuses) > 1:   # short words, so that the table still fits 80 columns
        table.add_column("status", no_wrap=True)
    table.add_column("evidence (from)", min_width=16 if len(statuses) > 1 else 20, ratio=3)
    for r in rows:
        evidence = clip(r["evidence"] or r["note"] or "", 100)
        polarity = "" if r["polarity"] == "asserted" else f" ({r['polarity']})"
        cells = [r["id"], Text(f"{r['source_id']} {r['type']} {r['target_id']}{polarity}"), f"{r['confidence']:.2f}"]
        if len(statuses) > 1:
            cells.append(STATUS_WORDS.get(r["status"], r["status"]))
        cells.append(Text(f"{evidence} ({_origin(r)})" if evidence else _origin(r)))
        table.add_row(*cells)
    console.print(table)


#: a relation's review status as the mixed-status `review list` table shows it
STATUS_WORDS = {"extracted-pending": "pending"}


def _origin(row: dict) -> str:
    """Where a listed relation comes from, short: its document (id, title or file name, date, and
    its http(s) URL, else no more: --json gives the file's path), else its sources and provenance."""
    if row["document_id"]:
        doc = next((d for d in row.get("source_details") or [] if d.get("document_id") == row["document_id"]), {})
        title = doc.get("title") if doc.get("title") != row["document_id"] else None
        url = web_url(doc.get("url"))
        return ", ".join(filter(None, [f"document {row['document_id']}", clip(title, 60) if title else None,
                                       doc.get("date"), url]))
    return "; ".join(filter(None, [", ".join(row["sources"] or []), row["provenance"]]))


def _decision_message(relation_id: str, row: dict) -> str:
    """'accepted', 'accepted (was rejected)' or 'already accepted; nothing changed'."""
    if not row["changed"]:
        return f"{relation_id}: already {row['status']}; nothing changed"
    was = f" (was {row['previous_status']})" if row["previous_status"] != "extracted-pending" else ""
    return f"{relation_id}: {row['status']}{was}"


@review_app.command("accept")
@names_options(hints=REVIEWER_HINT)
def review_accept(relation_id: Annotated[str, typer.Argument(metavar="ID", help="A relation id of review list.")], db: DbOption = None,
                  reviewer: ReviewerOption = None, note: NoteOption = None, json_out: JsonOption = False) -> None:
    """Accept a claim: it joins the network (a denied or hypothetical claim is refused). Example: cwatch review accept x-1a2b3c4d5e6f7a8b"""
    row = _extract_api().review_accept(store_for(db), relation_id, reviewer=reviewer_name(reviewer), note=note)
    print_json(row) if json_out else console.print(_decision_message(relation_id, row), markup=False)


@review_app.command("reject")
@names_options(hints=REVIEWER_HINT)
def review_reject(relation_id: Annotated[str, typer.Argument(metavar="ID", help="A relation id of review list.")], db: DbOption = None,
                  reviewer: ReviewerOption = None, note: NoteOption = None, json_out: JsonOption = False) -> None:
    """Reject a claim: it is kept and never proposed again for the same evidence."""
    row = _extract_api().review_reject(store_for(db), relation_id, reviewer=reviewer_name(reviewer), note=note)
    print_json(row) if json_out else console.print(_decision_message(relation_id, row), markup=False)


@review_app.command("edit")
@names_options(hints=REVIEWER_HINT)
def review_edit(relation_id: Annotated[str, typer.Argument(metavar="ID", help="A relation id of review list.")], db: DbOption = None,
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
