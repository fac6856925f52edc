"""After a takeover: sanctuary for foreign groups in the fallen country, and contagion abroad.

*Sanctuary*: after a ``fall`` case in a country, groups that the winners host or support there —
explicit ``sanctuary`` relations from a winner, and ``support``, ``alliance`` or
``foreign_fighters`` ties between a winner and a group whose origin is another country — in force
after the fall date. Hosts are the winners whose origin is the country and who are not pledged to
another winner (:func:`local_winners`); the other members of the winning coalition, such as
foreign-origin groups that fought in it (the Turkistan Islamic Party in Syria with HTS) are guests like any
other: sheltering its allies afterwards is what sanctuary is about.
Winners are the case's coalition plus its lineage successors (the Taliban succeeded the Islamic
Republic's government as the authority of Afghanistan).

*Contagion*: positive relations (pledges, alliances, support, and, when the vocabulary has them,
celebrations, visits and emulation claims) that start on or after a fall, between a winner who
took power (:func:`local_winners`) and a group based in another country.
"""

from __future__ import annotations

import datetime as dt

from ..models import Case
from ..vocabulary import STATE_KINDS
from .graph import OPEN_END, TemporalSignedGraph, pledged_members, to_date

SANCTUARY_TYPES = ("sanctuary", "support", "alliance", "foreign_fighters", "state_support")
CONTAGION_TYPES = ("pledge", "alliance", "support", "foreign_fighters", "celebration", "visit", "emulation")
#: directed signal types that count only when the winner is their target
TOWARDS_WINNER = ("pledge", "foreign_fighters", "celebration", "visit", "emulation")
#: a tie counts as a signal of a fall when it starts within this many years after it
WINDOW_YEARS = 5


def winners(net: TemporalSignedGraph, case: Case) -> set[str]:
    """The case's coalition and the actors that succeeded its government (lineage ``succeeded``)."""
    won = set(case.coalition)
    for link in net.lineage:
        if link.type == "succeeded" and link.from_id in case.government:
            won.add(link.to_id)
    return won


def local_winners(net: TemporalSignedGraph, case: Case, won: set[str], day: int) -> set[str]:
    """The winners that host: those whose origin is the fallen country, less those pledged to or
    merged into another winner of that country (:func:`.graph.pledged_members`) by a tie in force
    on or after ``day`` (ordinal; a tie made after the fall counts, as hosting is what follows
    it): the Haqqani Network, pledged to the Taliban, fought in the coalition but does not rule.
    A pledge to a foreign winner (JNIM's to al-Qaeda) leaves a local group a host."""
    edges = net.edges
    later = edges[(edges["end"] >= day) & edges["source"].isin(won)]
    under = pledged_members(net, zip(later["source"], later["target"], later["type"]), won,
                            types=("pledge", "merger"), patron_origin=case.country)
    return {w for w in won if w in net.actors and net.actors[w].origin == case.country} - under


def falls_in(net: TemporalSignedGraph, country: str, after: object | None = None) -> list[Case]:
    """Fall cases in ``country`` (ISO3), on or after ``after`` if given — or the latest before it."""
    cases = [c for c in net.cases if c.outcome == "fall" and c.country == country.upper()]
    if after is None:
        return cases
    when = to_date(after)
    later = [c for c in cases if to_date(c.date) >= when]
    earlier = [c for c in cases if to_date(c.date) < when]
    return later or earlier[-1:]


def _precision(row: dict, default: str) -> str:
    value = row.get("start_precision")
    return value if isinstance(value, str) and value else default


def _edge_view(net: TemporalSignedGraph, row: dict) -> dict:
    """One tie for the JSON output; ``from`` is the first day of its start, ``from_precision``
    says whether that start was coded to the day, month or year."""
    return {"source": row["source"], "target": row["target"], "type": row["type"],
            "from": dt.date.fromordinal(int(row["start"])).isoformat(),
            "from_precision": _precision(row, "day"),
            "to": None if row["end"] >= OPEN_END else dt.date.fromordinal(int(row["end"])).isoformat(),
            "confidence": row["confidence"], "origin": row["origin"], "sources": list(row["sources"] or []),
            "evidence": row["evidence"]}


def sanctuary(net: TemporalSignedGraph, country: str, after: object) -> list[dict]:
    """Foreign-origin groups hosted or supported in ``country`` by the winners of its fall."""
    out = []
    for case in falls_in(net, country, after):
        won = winners(net, case)
        fall_day = max(to_date(case.date), to_date(after)).toordinal()
        edges = net.edges[(net.edges["end"] >= fall_day) & net.edges["type"].isin(SANCTUARY_TYPES)]
        hosted: dict[str, dict] = {}
        hosts = local_winners(net, case, won, fall_day)
        for row in edges.to_dict("records"):
            for host, guest in ((row["source"], row["target"]), (row["target"], row["source"])):
                if host not in hosts or guest in hosts:
                    continue
                if row["directed"] and host != row["source"] and row["type"] != "foreign_fighters":
                    continue
                actor = net.actors.get(guest)
                foreign = bool(actor and actor.origin and actor.origin != case.country)
                if actor is None or actor.kind in STATE_KINDS or \
                        not (foreign or row["type"] == "sanctuary"):
                    continue
                entry = hosted.setdefault(guest, {"actor_id": guest, "name": actor.name, "origin": actor.origin,
                                                  "foreign_origin": foreign, "case": case.id, "host": set(),
                                                  "relations": []})
                entry["host"].add(host)
                entry["relations"].append(_edge_view(net, row))
        for entry in hosted.values():
            entry["host"] = sorted(entry["host"])
            entry["sanctuary_explicit"] = any(r["type"] == "sanctuary" for r in entry["relations"])
            entry["sources"] = sorted({s for r in entry["relations"] for s in r["sources"]})
            out.append(entry)
    return sorted(out, key=lambda e: (not e["sanctuary_explicit"], e["actor_id"]))


def contagion(net: TemporalSignedGraph, since: object, *, until: object | None = None,
              window_years: int = WINDOW_YEARS) -> list[dict]:
    """New positive ties with a recent winner by groups based outside the fallen country.

    A tie counts for a fall when it starts within ``window_years`` after the fall — on or after
    the fall day, or in the month of the fall if it is coded to the month and lasts past the fall
    day — and is the most recent fall that winner took part in. For the directed signal types
    (pledge, celebration, visit, emulation, foreign fighters) the winner must be the target: the
    Taliban congratulating HTS is a signal of Syria's fall, not of Afghanistan's.
    """
    since_d = to_date(since)
    until_d = to_date(until, end=True) if until is not None else dt.date.max
    falls = sorted((c for c in net.cases if c.outcome == "fall"), key=lambda c: to_date(c.date))
    # the winners who took power (see local_winners): a celebration by al-Qaeda or the TTP, which
    # fought in the Taliban's coalition, is still a reaction abroad to the fall of Kabul
    won_by = {case.id: local_winners(net, case, winners(net, case), to_date(case.date).toordinal())
              for case in falls}
    edges = net.edges[net.edges["type"].isin(CONTAGION_TYPES) & (net.edges["sign"] > 0)]
    out = []
    for row in edges.to_dict("records"):
        start = dt.date.fromordinal(int(row["start"]))
        if start > until_d:
            continue
        ends = {row["source"], row["target"]}
        eligible = []
        for case in falls:
            fall = to_date(case.date)
            fall_month = dt.date(fall.year, fall.month, 1)
            in_time = start >= fall or (start >= fall_month and row["end"] >= fall.toordinal())
            if not in_time or start >= fall + dt.timedelta(days=round(365.25 * window_years)):
                continue
            winner = ends & won_by[case.id]
            other = ends - won_by[case.id]
            if not winner or len(other) != 1:
                continue
            if row["type"] in TOWARDS_WINNER and row["target"] not in winner:
                continue
            eligible.append((case, winner, next(iter(other))))
        if not eligible:
            continue
        case, winner, guest = eligible[-1]
        if max(start, to_date(case.date)) < since_d:
            continue
        actor = net.actors.get(guest)
        based = (set(actor.operates_in or []) | ({actor.origin} if actor.origin else set())) if actor else set()
        if actor is None or actor.kind in ("state",) or (based and based <= {case.country}):
            continue
        out.append({"case": case.id, "fallen_country": case.country, "winner": sorted(winner)[0],
                    "actor_id": guest, "name": actor.name, "based_in": sorted(based - {case.country}),
                    **_edge_view(net, row)})
    return sorted(out, key=lambda r: (r["from"], r["case"], r["actor_id"]))
