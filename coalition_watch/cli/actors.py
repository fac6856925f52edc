"""``cwatch actors``: search, show, resolve, import and add actors."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer
from rich.table import Table
from rich.text import Text

from .. import api
from .common import (DbOption, JsonOption, ReviewerOption, check_partial_date, console, names_options, print_json,
                     reviewer_name, sources_text, store_for)

app = typer.Typer(help="Search, show and resolve armed groups and other actors.", no_args_is_help=True)


@app.command("search")
@names_options(query="NAME")
def search(name: Annotated[str, typer.Argument(help="A name in any spelling or script.")],
           db: DbOption = None, limit: Annotated[int, typer.Option(help="Most actors listed.")] = 20,
           json_out: JsonOption = False) -> None:
    """Find actors by name or alias. Example: cwatch actors search "Hayat Tahrir as-Sham\""""
    hits = api.search_actors(name, store=store_for(db), limit=limit)
    if json_out:
        print_json(hits)
        return
    if not hits:
        console.print(f"no actor matches {name!r}")
        raise typer.Exit(1)
    table = Table("id", "name", "kind", "origin", "match")
    for hit in hits:
        table.add_row(hit["id"], hit["name"], hit["kind"], hit["origin"] or "", f"{hit['method']} {hit['score']:.2f}")
    console.print(table)


@app.command("show")
@names_options(hints={"actor_id": "(try 'cwatch actors search NAME')"})
def show(actor_id: Annotated[str, typer.Argument(metavar="ID", help="Actor id, e.g. hts.")],
         db: DbOption = None, json_out: JsonOption = False) -> None:
    """Aliases, lineage and relations with sources of one actor. Example: cwatch actors show ttp"""
    profile = api.actor_profile(actor_id, store=store_for(db))
    if json_out:
        print_json(profile)
        return
    console.print(Text.assemble((profile["name"], "bold"), f" ({profile['id']}, {profile['kind']}) "
                                f"origin {profile['origin'] or '?'}, active {profile['active_from'] or '?'} – {profile['active_to'] or 'present'}"))
    console.print(f"ideology: {', '.join(profile['ideology']) or '–'}; operates in: {', '.join(profile['operates_in']) or '–'}")
    console.print(f"aliases: {', '.join(profile['aliases']) or '–'}", markup=False)
    if profile.get("note"):
        console.print(f"note: {profile['note']}", markup=False)
    for direction in ("ancestors", "descendants"):
        for link in profile["lineage"][direction]:
            console.print(f"{direction[:-1]}: {link['from_id']} → {link['to_id']} ({link['type']}, {link['date'] or 'n.d.'})")
    table = Table("type", "source", "target", "from", "to", "conf.", "status", "sources", title="Relations")
    for rel in profile["relations"]:
        table.add_row(rel["type"], rel["source_name"] or rel["source_id"], rel["target_name"] or rel["target_id"],
                      rel["valid_from"] or "", rel["valid_to"] or "", f"{rel['confidence']:.1f}", rel["status"],
                      Text(sources_text(rel["source_details"])))
    console.print(table)
    console.print(f"sources: {sources_text(profile['source_details']) or '–'}", markup=False)


@app.command("resolve")
@names_options()
def resolve(names: Annotated[List[str], typer.Argument(metavar="NAME...", help="Names to resolve.")],
            db: DbOption = None,
            date: Annotated[Optional[str], typer.Option(callback=check_partial_date,
                                                        help="Date (YYYY, YYYY-MM, YYYY-MM-DD) for lineage.")] = None,
            country: Annotated[Optional[str], typer.Option(help="Country (ISO3 or name) to break ties.")] = None,
            json_out: JsonOption = False) -> None:
    """Resolve names to canonical actor ids. Example: cwatch actors resolve Daesh "Jabhat al-Nusra" --date 2018"""
    matches = api.resolve_names(names, store=store_for(db), date=date, country=country)
    if json_out:
        print_json([m.as_dict() for m in matches])
        return
    table = Table("query", "actor id", "name", "score", "method")
    for m in matches:
        table.add_row(m.query, m.actor_id or "–", m.name or "–", f"{m.score:.2f}",
                      m.method + (f" ({', '.join(m.candidates)})" if m.candidates else ""))
    console.print(table)


@app.command("unresolved")
@names_options()
def unresolved(db: DbOption = None, limit: Annotated[int, typer.Option(help="Most names listed, the most frequent first.")] = 100,
               context: Annotated[Optional[str], typer.Option(help="Only contexts starting with this, e.g. 'extract' for the possible new groups of stored texts.")] = None,
               json_out: JsonOption = False) -> None:
    """Names seen in data or texts that resolved to no actor, for review. Example: cwatch actors unresolved --context extract"""
    rows = api.unresolved_names(store_for(db), limit, context)
    if json_out:
        print_json(rows)
        return
    table = Table("name", "context", "count")
    for row in rows:
        table.add_row(row["name"], row["context"], str(row["count"]))
    console.print(table)


@app.command("import")
@names_options()
def import_actors(dataset: Annotated[str, typer.Argument(help="The ingested actor list: ucdp-actors.")] = "ucdp-actors",
                  db: DbOption = None, json_out: JsonOption = False) -> None:
    """Add the armed groups of an ingested actor list that the registry lacks, marked as imported.

    Example: cwatch ingest ucdp-actors actor_list_v22_1.csv && cwatch actors import ucdp-actors"""
    summary = api.import_external_actors(store_for(db), dataset)
    if json_out:
        print_json(summary)
        return
    console.print(f"{summary['imported']} groups imported from {dataset} {summary['version'] or ''}; "
                  f"{summary['already_in_registry']} already in the registry, "
                  f"{summary['not_armed_groups']} not armed groups (governments, party supporters, communal groups); "
                  f"{summary['relations_proposed']} links of the list proposed for review (cwatch review list)")


@app.command("add")
@names_options(aliases="--alias", countries="--country")
def add(name: Annotated[str, typer.Argument(metavar="NAME", help="The group's name.")],
        alias: Annotated[Optional[List[str]], typer.Option("--alias", help="Another name or acronym (repeatable).")] = None,
        kind: Annotated[str, typer.Option(help="armed_group, militia, coalition, state or state_force.")] = "armed_group",
        country: Annotated[Optional[List[str]], typer.Option("--country", help="A country it operates in, name or ISO3 (repeatable; the first is its origin).")] = None,
        ideology: Annotated[Optional[List[str]], typer.Option("--ideology", help="An ideology family such as jihadist, separatist or leftist (repeatable; an unknown one is refused with the list).")] = None,
        source: Annotated[Optional[str], typer.Option(help="Where it is documented (a URL or a citation).")] = None,
        note: Annotated[Optional[str], typer.Option(help="A note kept with the actor.")] = None,
        actor_id: Annotated[Optional[str], typer.Option("--id", help="Its id (default: from the name).")] = None,
        reviewer: ReviewerOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Add a group the registry lacks (e.g. a possible new group of cwatch extract), marked as added.

    Example: cwatch actors add "Free Idlib Brigade" --alias FIB --country SYR"""
    added = api.add_actor(store_for(db, create=True), name, reviewer=reviewer_name(reviewer), aliases=alias or [],
                          kind=kind, countries=country or [], ideology=ideology or [], note=note, source=source,
                          actor_id=actor_id)
    if json_out:
        print_json(added)
        return
    names = "; ".join(added["aliases"])
    console.print(f"added {added['id']}: {added['name']}" + (f" (also {names})" if names else "")
                  + f", {added['kind']}" + (f", in {', '.join(added['operates_in'])}" if added["operates_in"] else ""),
                  markup=False)
    for s in added["similar"]:
        console.print(f"note: {s['query']!r} resembles {s['actor_id']} ({s['name']}, score {s['score']:.2f})", markup=False)
    console.print("it resolves from now on; extract again with --store to propose its relations for review")
