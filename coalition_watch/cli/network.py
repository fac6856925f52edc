"""``cwatch coalitions``, ``coalition show/export``, ``linchpins``, ``sanctuary``, ``contagion``,
``replication-risk``: coalition analytics over the temporal signed network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from ..vocabulary import NO_EVENTS
from .common import DbOption, JsonOption, check_partial_date, console, names_options, print_json, store_for

AsOf = Annotated[str, typer.Option("--as-of", callback=check_partial_date, help="Date YYYY, YYYY-MM or YYYY-MM-DD (month granularity).")]
CountryOption = Annotated[Optional[str], typer.Option(
    "--country", help="ISO3 of the theatre to look an actor up in (default: the actor's home country).")]
OptionalAsOf = Annotated[Optional[str], typer.Option("--as-of", callback=check_partial_date, help="Date YYYY-MM (default: last month seen).")]

coalition_app = typer.Typer(help="One coalition: members, measures, history; exports of the graph.",
                            no_args_is_help=True)


def _analysis(db) -> "CoalitionAnalysis":
    from ..network.api import CoalitionAnalysis  # heavy (igraph, pandas): load on use

    return CoalitionAnalysis.from_store(store_for(db))


def _names(members: list[dict]) -> str:
    """Members by name (the id too when the name hides it): ``Taliban (…) [taliban], …``."""
    return ", ".join(m["id"] if not m.get("name") or m["name"] == m["id"] else f"{m['name']} [{m['id']}]"
                     for m in members)


def warn(result: dict) -> None:
    """Print the result's warnings (e.g. a month outside the store's data) on stderr, so that
    ``--json`` on stdout stays plain JSON."""
    for text in result.get("warnings") or ():
        typer.echo(f"warning: {text}", err=True)


def event_figures(measures: dict) -> tuple[str, str]:
    """A coalition's events and fatalities as text; :data:`NO_EVENTS` when they are unknown (None)."""
    if measures.get("events") is None:
        return NO_EVENTS, NO_EVENTS
    return str(measures["events"]), f"{measures.get('fatalities') or 0:.0f}"


def history_detail(event: dict) -> str:
    """One history event's details as text: ``added: hts, nfl; ...`` (lists joined, not reprs)."""
    parts = []
    for key, value in event.items():
        if key in ("month", "event"):
            continue
        text = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        parts.append(f"{key}: {text}")
    return "; ".join(parts)


@names_options()
def coalitions(country: Annotated[str, typer.Argument(metavar="COUNTRY", help="ISO3 code or name, e.g. AFG or Afghanistan.")],
               as_of: AsOf, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Coalitions fighting a country's government in a month. Example: cwatch coalitions AFG --as-of 2021-07"""
    result = _analysis(db).coalitions_for_country(country, as_of)
    warn(result)
    if json_out:
        print_json(result)
        return
    table = Table("id", "label", "members", "size", "ideol. het.", "transnat.", "cohesion",
                  "events / fatalities", "cooperates with",
                  title=f"Coalitions against the government of {result['country']}, {result['as_of']}")
    for c in result["coalitions"]:
        m = c["measures"]
        table.add_row(c["id"], c["label"], _names(c["members"]), str(m["size"]), f"{m['ideological_heterogeneity']:.2f}",
                      f"{m['transnational_share']:.2f}", f"{m['positive_density']:.2f}",
                      " / ".join(dict.fromkeys(event_figures(m))),
                      ", ".join(x["id"] for x in c["cooperating_with"]))
    if result["coalitions"]:
        console.print(table)
    else:
        console.print(f"no coalition fighting the government of {result['country']} in {result['as_of']}")
    for d in result["declared"]:
        console.print(f"declared: {d['name']} ({d['id']}): {', '.join(d['members']) or '–'}", markup=False)


@coalition_app.command("show")
@names_options()
def coalition_show(coalition: Annotated[str, typer.Argument(metavar="ID", help="Coalition id or an actor id.")],
                   as_of: OptionalAsOf = None, country: CountryOption = None, db: DbOption = None,
                   json_out: JsonOption = False) -> None:
    """Members, measures and history of a coalition. Example: cwatch coalition show hts --as-of 2024-11"""
    view = _analysis(db).coalition_show(coalition, as_of, country)
    warn(view)
    if json_out:
        print_json(view)
        return
    m = view["measures"]
    console.print(Text.assemble((view["id"], "bold"), f" led by {view['label']} — {view['as_of']} "
                                f"(seen {view['first_seen']} to {view['last_seen']})"))
    console.print(f"members: {_names(view['members'])}", markup=False)
    console.print(f"size {m['size']}, ideological heterogeneity {m['ideological_heterogeneity']:.2f}, national "
                  f"{m['national_heterogeneity']:.2f}, cohesion {m['positive_density']:.2f}, "
                  "internal rivalry {:.2f}, events {}, fatalities {}".format(m['internal_rivalry'], *event_figures(m)))
    table = Table("month", "event", "detail", title="History")
    for h in view["history"]:
        table.add_row(h["month"], h["event"], history_detail(h))
    console.print(table)
    for p in view["predecessors"]:
        console.print(f"predecessor coalition {p['id']} ({p['first_seen']}–{p['last_seen']}) via {', '.join(p['via'])}")


@coalition_app.command("export")
@names_options()
def coalition_export(path: Annotated[Path, typer.Argument(help="Output file (.graphml, .gexf, .csv, .parquet).")],
                     fmt: Annotated[Optional[str], typer.Option("--format", help="graphml, gexf, csv or parquet.")] = None,
                     db: DbOption = None, json_out: JsonOption = False) -> None:
    """Write the temporal signed graph. Example: cwatch coalition export network.gexf"""
    written = _analysis(db).export(path, fmt)
    if json_out:
        print_json({"path": str(written)})
        return
    console.print(f"{written.suffix.lstrip('.') or fmt} written to {written}", markup=False)


@names_options()
def linchpins_command(coalition: Annotated[str, typer.Argument(metavar="COALITION", help="Coalition id or actor id.")],
                      as_of: OptionalAsOf = None, country: CountryOption = None, db: DbOption = None,
                      json_out: JsonOption = False) -> None:
    """Members whose removal most fragments or weakens a coalition. Example: cwatch linchpins taliban --as-of 2021-07"""
    result = _analysis(db).linchpins(coalition, as_of, country)
    warn(result)
    if json_out:
        print_json(result)
        return
    table = Table("member", "impact", "connectivity loss", "tie share", "strength share", "components after",
                  title=f"Linchpins of {result['id']}, {result['as_of']}")
    for r in result["linchpins"]:
        table.add_row(f"{r['name']} ({r['actor_id']})", f"{r['impact']:.3f}", f"{r['connectivity_loss']:.3f}",
                      f"{r['tie_share']:.3f}",
                      NO_EVENTS if r["strength_share"] is None else f"{r['strength_share']:.3f}",
                      str(r["components_after_removal"]))
    console.print(table)


@names_options()
def sanctuary_command(country: Annotated[str, typer.Argument(metavar="COUNTRY", help="ISO3 code or name, e.g. AFG or Afghanistan.")],
                      after: Annotated[str, typer.Option("--after", callback=check_partial_date, help="Date of (or before) the fall.")],
                      db: DbOption = None, json_out: JsonOption = False) -> None:
    """Groups hosted by the winners after a government fell. Example: cwatch sanctuary AFG --after 2021-08-15"""
    result = _analysis(db).sanctuary(country, after)
    if json_out:
        print_json(result)
        return
    table = Table("group", "origin", "host", "relations", "sources", title=f"Sanctuary in {result['country']} after {after}")
    for h in result["hosted"]:
        table.add_row(f"{h['name']} ({h['actor_id']})", h["origin"] or "", ", ".join(h["host"]),
                      ", ".join(sorted({r["type"] for r in h["relations"]})), ", ".join(h["sources"]))
    console.print(table)
    if not result["hosted"]:
        console.print(f"no foreign group hosted in {result['country']} by the winners of a fall after {after}")


@names_options()
def contagion_command(since: Annotated[str, typer.Option("--since", callback=check_partial_date, help="Date YYYY[-MM[-DD]].")],
                      db: DbOption = None, json_out: JsonOption = False) -> None:
    """New ties abroad with the winners of recent falls. Example: cwatch contagion --since 2024-12-08"""
    from coalition_watch.dates import coded_date

    result = _analysis(db).contagion(since)
    if json_out:
        print_json(result)
        return
    table = Table("from", "case", "winner", "group", "based in", "type", "sources", title=f"Contagion since {since}")
    for s in result["signals"]:
        table.add_row(coded_date(s["from"], s.get("from_precision", "day")), s["case"], s["winner"], f"{s['name']} ({s['actor_id']})", ", ".join(s["based_in"]),
                      s["type"], ", ".join(s["sources"]))
    console.print(table)
    if not result["signals"]:
        console.print("no contagion signal in the store for this period")


@names_options()
def replication_risk_command(as_of: AsOf, db: DbOption = None,
                             polity: Annotated[Optional[Path], typer.Option(help="Polity5 CSV (user-supplied).")] = None,
                             wgi: Annotated[Optional[Path], typer.Option(help="WGI voice & accountability CSV.")] = None,
                             json_out: JsonOption = False) -> None:
    """Countries ranked by risk of a repeat takeover, with reasons. Example: cwatch replication-risk --as-of 2024-12"""
    result = _analysis(db).replication_risk(as_of, polity_csv=polity, wgi_csv=wgi)
    if json_out:
        print_json(result)
        return
    table = Table("rank", "country", "risk", "weakness", "heterog.", "transnat.", "winner ties", "reasons",
                  title=f"Replication risk, {result['as_of']}")
    for r in result["ranking"]:
        table.add_row(str(r["rank"]), r["country"], f"{r['risk']:.2f}",
                      "–" if r["weakness"] is None else f"{r['weakness']:.2f}", f"{r['heterogeneity']:.2f}",
                      f"{r['transnational_share']:.2f}", str(r["winner_ties"]), "; ".join(r["reasons"]))
    console.print(table)
    for x in result.get("excluded", []):
        console.print(f"not ranked: {x['country']} — {x['reason']}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the network commands to the top-level app."""
    app.command("coalitions")(coalitions)
    app.add_typer(coalition_app, name="coalition")
    app.command("linchpins")(linchpins_command)
    app.command("sanctuary")(sanctuary_command)
    app.command("contagion")(contagion_command)
    app.command("replication-risk")(replication_risk_command)
