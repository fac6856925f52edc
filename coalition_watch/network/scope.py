"""A country's theatre: the actors that count as present in one country in one month.

Coalitions of a country are detected on the actors of its theatre only, so a transnational
patron's affiliates elsewhere (al-Qaeda's branches in the Sahel, Yemen or Somalia) do not merge
with the coalition fighting in Afghanistan. An actor is in the theatre of country ``C`` in month
``m`` when it is *local* or *engaged*:

* local — active in ``m`` with origin ``C``; or on a side of an event located in ``C`` in the
  trailing event window (``window_months`` months ending with ``m``, unresolved names included);
  or holding a tie in force in ``m`` (either sign; curated, accepted or event-derived) with one of
  ``C``'s government actors;
* engaged — active in ``m`` with ``C`` among its ``operates_in`` countries *and* a tie in force in
  ``m`` with a local actor. ``operates_in`` is not dated, so two foreign groups that list ``C``
  (al-Qaeda and the TIP both list Syria) enter Syria's theatre only once they are tied to someone
  fighting there, not in 2001.

Only ties of fighting membership count, for the theatre and for detection:

* contagion signals (celebration, visit, emulation; :data:`.coalitions.SIGNAL_TYPES`) are not
  among the detector's edges — JNIM or al-Shabaab cheering the Taliban's victory does not put
  them in Afghanistan;
* in the month of a ``fall`` of ``C``, positive ties between the side that took the capital and
  outsiders that start after the fall (on or after the fall day, or coded to that month and
  lasting to the fall day or later, as :func:`.takeover.contagion` reads them) are left out
  (:meth:`CountryScope.edge_mask`): that month's coalitions are those that fought the old
  government; ties with the new one count from the next month on (the Taliban's sanctuary for
  Hafiz Gul Bahadur and Jamaat Ansarullah, coded 2021-08).

Ties from theatre actors to actors outside it are *external ties* — sponsors, patrons and
transnational links — reported beside the coalition rather than merged into it
(:func:`external_ties`).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np

from ..store import Store
from .coalitions import SignedDetector, add_months, month_end, month_key, month_start
from .event_edges import _side
from .graph import TemporalSignedGraph, to_date
from .takeover import winners


class CountryScope:
    """Which of a detector's nodes are in one country's theatre, month by month."""

    def __init__(self, detector: SignedDetector, country: str, governments: set[str], *,
                 store: Store | None = None, window_months: int | None = None) -> None:
        self.detector = detector
        self.country = country.upper()
        self.governments = set(governments)
        self.window_months = window_months or detector.event_window_months
        net = detector.net
        index = {n: i for i, n in enumerate(detector.nodes)}
        self._index = index
        n = len(detector.nodes)
        self._origin = np.zeros(n, dtype=bool)
        self._operates = np.zeros(n, dtype=bool)
        self._lo = np.zeros(n, dtype=np.int64)
        self._hi = np.full(n, 10 ** 7, dtype=np.int64)
        for actor in net.actors.values():
            i = index.get(actor.id)
            if i is None:
                continue
            self._origin[i] = actor.origin == self.country
            self._operates[i] = self.country in actor.operates_in
            if actor.active_from:
                self._lo[i] = to_date(actor.active_from).toordinal()
            if actor.active_to:
                self._hi[i] = to_date(actor.active_to, end=True).toordinal()
        self._gov = np.array([n in self.governments for n in detector.nodes], dtype=bool)
        self._event_months = event_presence(store, self.country, index) if store is not None else {}
        self._after_fall = ties_after_fall(detector, self.country)

    def edge_mask(self, month: object) -> np.ndarray | None:
        """Boolean mask over the detector's edges, False for the ties of :func:`ties_after_fall`
        in the month of a fall; None when no fall of the country is in the month."""
        late = self._after_fall.get(month_key(month_start(month)))
        if late is None:
            return None
        keep = np.ones(len(self.detector.src), dtype=bool)
        keep[late] = False
        return keep

    def detect(self, month: object) -> list:
        """The detector's communities among the theatre's actors in the month of ``month``."""
        ms = month_start(month)
        return self.detector.detect(ms, month_end(ms), nodes=self.mask(ms), edges=self.edge_mask(ms))

    def mask(self, month: object) -> np.ndarray:
        """Boolean mask over the detector's nodes: the theatre in the month of ``month``."""
        ms = month_start(month)
        me = month_end(ms)
        a, b = ms.toordinal(), me.toordinal()
        live = (self._lo <= b) & (self._hi >= a)
        local = self._origin & live
        for k in range(self.window_months):
            idx = self._event_months.get(month_key(add_months(ms, -k)))
            if idx is not None:
                local[idx] = True
        det = self.detector
        in_force = (det.start <= b) & (det.end >= a)
        edges = self.edge_mask(ms)
        if edges is not None:
            in_force &= edges
        src, dst = det.src[in_force], det.dst[in_force]
        local[src[self._gov[dst]]] = True
        local[dst[self._gov[src]]] = True
        local |= self._gov
        engaged = self._operates & live
        keep = local.copy()
        keep[src[engaged[src] & local[dst]]] = True
        keep[dst[engaged[dst] & local[src]]] = True
        return keep

    def members(self, month: object) -> set[str]:
        """Actor ids in the theatre in the month of ``month``."""
        return set(self.detector.nodes[self.mask(month)].tolist())


def fall_side(net: TemporalSignedGraph, case) -> set[str]:
    """The side that took the capital in a fall: its winners (:func:`.takeover.winners`) and the
    declared members of the declared coalitions among them (the Southern Operations Room's)."""
    side = set(winners(net, case))
    for actor_id in list(side):
        actor = net.actors.get(actor_id)
        if actor is not None and actor.kind == "coalition":
            side |= set(actor.members)
    return side


def ties_after_fall(detector: SignedDetector, country: str) -> dict[str, np.ndarray]:
    """Month key of each fall of ``country`` -> indices of the detector's positive edges, in force
    that month, between the side that took the capital (:func:`fall_side`) and an outsider that
    start after the fall: on or after the fall day, or coded to the month of the fall and lasting
    to the fall day or later (the Taliban's sanctuary for Jamaat Ansarullah, coded 2021-08)."""
    out: dict[str, np.ndarray] = {}
    index = {n: i for i, n in enumerate(detector.nodes)}
    for case in detector.net.cases:
        if case.outcome != "fall" or case.country != country.upper():
            continue
        fall = to_date(case.date)
        first, last = month_start(fall).toordinal(), month_end(fall).toordinal()
        side = np.zeros(len(detector.nodes), dtype=bool)
        side[[index[a] for a in fall_side(detector.net, case) if a in index]] = True
        coded_to_month = detector.start_precision == "month"
        late = (detector.sign > 0) & (side[detector.src] != side[detector.dst]) & (detector.start <= last) & (
            (detector.start >= fall.toordinal()) |
            (coded_to_month & (detector.start >= first) & (detector.end >= fall.toordinal())))
        key = month_key(fall)
        out[key] = np.union1d(out.get(key, np.array([], dtype=np.int64)), np.flatnonzero(late))
    return out


def event_presence(store: Store, country: str, index: dict[str, int]) -> dict[str, np.ndarray]:
    """Month key -> node indices of actors on a side of an event located in ``country``."""
    if not store.count("events"):
        return {}
    rows = store.con.execute(
        "SELECT date_start, side_a, side_b, side_a_names, side_b_names, unresolved, associated "
        "FROM events WHERE country = ? AND date_start IS NOT NULL", [country]).fetchall()
    by_month: dict[str, set[int]] = defaultdict(set)
    for day, sa, sb, sa_names, sb_names, unres, assoc in rows:
        unresolved = set(unres or [])
        nodes = _side(sa, sa_names, unresolved, True) + _side(sb, sb_names, unresolved, True)
        nodes += ["name:" + x.strip().lower() if x in unresolved else x for x in (assoc or [])]
        key = f"{day.year:04d}-{day.month:02d}"
        by_month[key].update(index[n] for n in nodes if n in index)
    return {k: np.array(sorted(v), dtype=np.int64) for k, v in by_month.items()}


def external_ties(graph: nx.MultiDiGraph, members: list[str], theatre: set[str],
                  net: TemporalSignedGraph) -> list[dict]:
    """Positive ties from coalition members to actors outside the country's theatre.

    Each outside actor once, with the members it is tied to and the tie types: foreign patrons,
    transnational affiliates and state sponsors stay outside the coalition but are reported.
    """
    inside = set(members)
    found: dict[str, dict] = {}
    for u, v, d in graph.edges(data=True):
        if d["sign"] <= 0:
            continue
        for member, other in ((u, v), (v, u)):
            if member in inside and other not in theatre and other not in inside:
                row = found.setdefault(other, {"actor_id": other, "name": net.name(other),
                                               "kind": net.kind(other), "members": set(), "types": set()})
                row["members"].add(member)
                row["types"].add(d["type"])
    return [{**r, "members": sorted(r["members"]), "types": sorted(r["types"])}
            for r in sorted(found.values(), key=lambda r: (-len(r["members"]), r["actor_id"]))]


def home_country(net: TemporalSignedGraph, actor_id: str) -> str | None:
    """The country whose theatre an actor is looked up in by default: its origin when it
    operates there (or lists no countries), else its first ``operates_in`` country."""
    actor = net.actors.get(actor_id)
    if actor is None:
        return None
    if actor.origin and (not actor.operates_in or actor.origin in actor.operates_in):
        return actor.origin
    return actor.operates_in[0] if actor.operates_in else actor.origin

