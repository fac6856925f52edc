"""``cwatch eval``: measure the resolver (and, later, extraction) on real public data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from .. import api
from ..paths import shared_dir
from .common import DbOption, JsonOption, console, print_json, store_for, usage_errors
from .extract import ParserOption


def _extract_api():
    """The extraction API, imported on first use to keep start-up fast."""
    from ..extract import api

    return api

app = typer.Typer(help="Measure resolution and extraction quality on public data.", no_args_is_help=True)


@app.command("resolver")
def resolver(db: DbOption = None,
             mmp: Annotated[Optional[Path], typer.Option(help="MMP groups.csv")] = None,
             ucdp: Annotated[Optional[Path], typer.Option(help="UCDP actor list CSV")] = None,
             json_out: JsonOption = False) -> None:
    """Share of MMP and UCDP actor-list names that resolve. Example: cwatch eval resolver --json"""
    with usage_errors(mmp=None, ucdp=None):
        report = api.evaluate_resolver(store_for(db), mmp=mmp, ucdp=ucdp)
    if json_out:
        print_json(report)
        return
    m, u = report["mmp"], report["ucdp"]
    console.print(f"MMP: {m['resolved']}/{m['names']} names resolve ({m['resolved_rate']:.0%}); "
                  f"{m['linked_correct']}/{m['linked_by_id']} KB-linked groups resolve to the right actor")
    table = Table("theatre", "names", "resolved", "rate", title="UCDP actor list")
    for iso3, t in u["theatres"].items():
        table.add_row(iso3, str(t["names"]), str(t["resolved"]), f"{t['resolved_rate']:.0%}")
    table.add_row("all", str(u["names"]), str(u["resolved"]), f"{u['resolved_rate']:.0%}")
    console.print(table)
    f = u["full_names"]
    console.print(f"UCDP English full names (second spelling, non-government actors): {f['names']} differ from the "
                  f"short name; {f['same']} resolve to the same actor, {len(f['other'])} to another, "
                  f"{len(f['unresolved'])} to none")


@app.command("kb-relations")
def kb_relations(kb: Annotated[Optional[Path], typer.Option(help="Knowledge-base folder (default: the embedded one).")] = None,
                 mmp: Annotated[Optional[Path], typer.Option(help="MMP relationships CSV")] = None,
                 json_out: JsonOption = False) -> None:
    """Share of MMP relations between KB groups that the KB also has. Example: cwatch eval kb-relations"""
    with usage_errors(mmp=None):
        report = api.evaluate_kb_relations(kb, mmp=mmp)
    if json_out:
        print_json(report)
        return
    table = Table("MMP type", "relations", "pair in KB", "compatible type", title="MMP relations vs. the KB")
    for code, t in sorted(report["per_type"].items()):
        table.add_row(code, str(t["relations"]), str(t["pair_found"]), str(t["compatible"]))
    table.add_row("total", str(report["between_kb_groups"]), str(report["pair_found"]), str(report["compatible"]))
    console.print(table)


@app.command("extraction")
def extraction(file: Annotated[Optional[Path], typer.Argument(help="Gold JSONL (default: shared corpus/dev.jsonl).")] = None,
               db: DbOption = None, json_out: JsonOption = False, parser: ParserOption = None) -> None:
    """Mention and relation precision/recall/F1 on a gold file, with a co-occurrence baseline."""
    file = file or shared_dir() / "corpus/dev.jsonl"
    with usage_errors(path=None):
        report = _extract_api().evaluate_extraction(file, store=store_for(db), parser=parser)
    if json_out:
        print_json(report)
        return
    table = Table("what", "precision", "recall", "F1", "baseline F1", title=f"Extraction on {file.name} ({report['documents']} documents)")
    base = report["baseline_cooccurrence"]
    rows = [("mentions", report["mentions"], None), ("relations", report["relations"], base["relations"]),
            ("relations, both groups named", report["relations_named_in_sentence"], base["relations_named_in_sentence"]),
            ("relations between groups (no states)", report["relations_between_groups"], None),
            ("relations, with possible new groups", report["relations_with_new_groups"], None),
            ("pairs, untyped", report["relation_pairs_untyped"], base["relation_pairs_untyped"])]
    rows += [(f"  {k}", v, None) for k, v in report["per_type"].items()]
    for name, s, b in rows:
        table.add_row(name, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}", f"{b['f1']:.2f}" if b else "")
    console.print(table)
    bands = Table("confidence", "claims", "in gold", "precision", title="Relations between groups by confidence")
    for band in report["by_confidence"]:
        bands.add_row(f"{band['from']:.1f}–{band['to']:.1f}", str(band["predicted"]), str(band["tp"]),
                      f"{band['precision']:.2f}" if band["precision"] is not None else "")
    console.print(bands)


@app.command("mmp")
def mmp(file: Annotated[Optional[Path], typer.Argument(help="MMP relationships CSV (default: shared relationships_dev.csv).")] = None,
        db: DbOption = None, json_out: JsonOption = False, parser: ParserOption = None) -> None:
    """Pair recall and type accuracy of extraction on MMP relation descriptions, with the baseline."""
    file = file or shared_dir() / "data/mmp/relationships_dev.csv"
    with usage_errors(path=None):
        report = _extract_api().evaluate_mmp(file, store=store_for(db), parser=parser)
    if json_out:
        print_json(report)
        return
    table = Table("type", "rows", "pair recall", "pair recall (lineage)", "type accuracy", title=f"Extraction on {file.name}")
    for kind, s in report["per_type"].items():
        table.add_row(kind, str(s["rows"]), f"{s['pair_recall']:.2f}", f"{s['pair_recall_lineage']:.2f}", f"{s['type_accuracy']:.2f}")
    table.add_row("all", str(report["rows"]), f"{report['pair_recall']:.2f}", f"{report['pair_recall_lineage']:.2f}",
                  f"{report['type_accuracy']:.2f}")
    linked = report.get("subject_fallback")
    if linked:
        table.add_row("all, with subject links", str(report["rows"]), f"{linked['pair_recall']:.2f}",
                      f"{linked['pair_recall_lineage']:.2f}", f"{linked['type_accuracy']:.2f}")
    b = report["baseline_cooccurrence"]
    table.add_row("baseline", str(report["rows"]), f"{b['pair_recall']:.2f}", f"{b['pair_recall_lineage']:.2f}",
                  f"{b['type_accuracy']:.2f}")
    console.print(table)
