"""Coalition analytics API: coalitions of a country, a coalition's history, linchpins, sanctuary,
contagion, replication risk and exports. Each ``cwatch`` network command is one call here.

Example::

    from coalition_watch import api
    from coalition_watch.network.api import CoalitionAnalysis
    analysis = CoalitionAnalysis.from_store(api.open_default_store())
    analysis.coalitions_for_country("AFG", "2021-07")
    analysis.sanctuary("AFG", "2021-08-15")

Which coalitions matter for a country (``coalitions_for_country``): the coalitions detected in the
month of ``as_of`` that have at least one member with a hostile tie (rivalry, or fighting in
events) in force that month with the country's government — actors of kind ``state`` or
``state_force`` whose origin is the country, plus the ``government`` of the country's cases.
Declared coalitions (kind ``coalition``) active in the country are listed with their members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import InputError
from ..store import Store
from .coalitions import (Community, SignedDetector, Timeline, add_months, month_end, month_key,
                         month_start, track_coalitions)
from .event_edges import read_events
from .export import export_network
from .graph import TemporalSignedGraph, lineage_map, to_date
from .load import network_from_store
from .measures import coalition_measures, linchpins, strength
from .replication import GovernanceData, replication_risk
from .takeover import contagion, sanctuary

HISTORY_START = dt.date(1990, 1, 1)


@dataclass
class CoalitionAnalysis:
    """A graph, its detector and (built on first use) the monthly coalition timeline."""

    net: TemporalSignedGraph
    store: Store | None = None
    history_start: dt.date = HISTORY_START
    event_window_months: int = 6
    _timeline: Timeline | None = field(default=None, repr=False)
    _detector: SignedDetector | None = field(default=None, repr=False)

    @classmethod
    def from_store(cls, store: Store, *, with_events: bool = True, **options) -> "CoalitionAnalysis":
        return cls(network_from_store(store, with_events=with_events), store=store, **options)

    # -- building blocks -------------------------------------------------------------------
    @property
    def detector(self) -> SignedDetector:
        if self._detector is None:
            self._detector = SignedDetector(self.net, event_window_months=self.event_window_months)
        return self._detector

    def timeline(self, until: object | None = None) -> Timeline:
        """Tracked monthly coalitions from ``history_start`` to the data's end (or ``until``)."""
        end = month_start(until) if until is not None else None
        if self._timeline is None or (end and month_key(end) not in self._timeline.by_month):
            lo, hi = self.net.date_range()
            last = min(max(hi, end or hi), dt.date.today())
            last = max(last, end or last)
            self._timeline = track_coalitions(self.net, max(self.history_start, month_start(lo)),
                                              last, detector=self.detector)
        return self._timeline

    def snapshot(self, as_of: object) -> nx.MultiDiGraph:
        """Curated/accepted ties in force in the month of ``as_of`` plus event ties of the trailing window."""
        ms = month_start(as_of)
        me = month_end(ms)
        graph = self.net.graph_between(ms, me, origins=["curated", "accepted"])
        events = self.net.graph_between(add_months(ms, -(self.event_window_months - 1)), me,
                                        origins=["event", "inferred"])
        return nx.compose(graph, events)

    def events_between(self, start: dt.date, end: dt.date) -> pd.DataFrame | None:
        if self.store is None or not self.store.count("events"):
            return None
        return read_events(self.store, start=start, end=end)

    def governments(self, country: str) -> set[str]:
        country = country.upper()
        ids = {a.id for a in self.net.actors.values()
               if a.kind in ("state", "state_force") and a.origin == country}
        for case in self.net.cases:
            if case.country == country:
                ids |= {g for g in case.government if g in self.net.actors
                        and self.net.actors[g].origin == country}
        return ids

    def _member_view(self, actor_id: str) -> dict:
        a = self.net.actors.get(actor_id)
        return {"id": actor_id, "name": self.net.name(actor_id), "kind": a.kind if a else "armed_group",
                "ideology": a.ideology if a else [], "origin": a.origin if a else None, "in_kb": a is not None}

    def _coalition_view(self, track_id: str, community: Community, graph: nx.MultiDiGraph,
                        as_of: object, country: str | None) -> dict:
        ms = month_start(as_of)
        events = self.events_between(add_months(ms, -11), month_end(ms))
        members = list(community.members)
        return {"id": track_id, "label": self.net.name(community.anchor), "anchor": community.anchor,
                "as_of": month_key(ms), "members": [self._member_view(m) for m in members],
                "measures": coalition_measures(graph, members, self.net.actors, target_country=country,
                                               events=events)}

    # -- public operations -----------------------------------------------------------------
    def coalitions_for_country(self, country: str, as_of: object) -> dict:
        """Coalitions fighting ``country``'s government in the month of ``as_of`` (see module doc)."""
        country = country.upper()
        govs = self.governments(country)
        if not govs:
            raise InputError(f"no government actor for country '{country}' in the knowledge base", field="COUNTRY")
        graph = self.snapshot(as_of)
        hostile = {}
        for u, v, d in graph.edges(data=True):
            if d["sign"] < 0:
                if v in govs:
                    hostile.setdefault(u, set()).add(v)
                if u in govs:
                    hostile.setdefault(v, set()).add(u)
        rows = []
        for track_id, community in self.timeline(as_of).at(as_of):
            fighters = [m for m in community.members if m in hostile]
            if not fighters:
                continue
            view = self._coalition_view(track_id, community, graph, as_of, country)
            view["fighting_government"] = fighters
            rows.append((community, view))
        for community, view in rows:
            inside = set(community.members)
            coop = []
            for other, other_view in rows:
                if other is community:
                    continue
                ties = sorted({f"{u} {d['type']} {v}" for u, v, d in graph.edges(data=True) if d["sign"] > 0 and (
                    (u in inside and v in other.members) or (v in inside and u in other.members))})
                if ties:
                    coop.append({"id": other_view["id"], "ties": ties})
            view["cooperating_with"] = coop
        when = to_date(as_of)
        declared = []
        for a in self.net.actors.values():
            if a.kind != "coalition" or (country not in a.operates_in and a.origin != country):
                continue
            if (a.active_from and to_date(a.active_from) > month_end(month_start(when))) or \
                    (a.active_to and to_date(a.active_to, end=True) < month_start(when)):
                continue
            declared.append({"id": a.id, "name": a.name, "members": a.members})
        coalitions = sorted((v for _, v in rows), key=lambda v: (-v["measures"]["size"], v["id"]))
        return {"country": country, "as_of": month_key(month_start(as_of)), "government": sorted(govs),
                "coalitions": coalitions, "declared": declared}

    def find(self, coalition: str, as_of: object | None = None) -> tuple[str, str]:
        """(track id, month) for a coalition id, or for the coalition containing an actor id."""
        timeline = self.timeline(as_of)
        if coalition in timeline.tracks:
            track = timeline.tracks[coalition]
            month = month_key(month_start(as_of)) if as_of else track.last_seen
            if month not in track.members:
                months = [m for m in track.members if m <= month] or list(track.members)
                month = months[-1]
            return coalition, month
        if coalition in self.net.actors:
            month = month_key(month_start(as_of)) if as_of else timeline.months[-1]
            track_id = timeline.track_of(coalition, month)
            if track_id is None:
                raise InputError(f"actor '{coalition}' is in no coalition in {month}", field="COALITION")
            return track_id, month
        raise InputError(f"no coalition or actor with id '{coalition}' (try 'cwatch coalitions COUNTRY')",
                         field="COALITION")

    def coalition_show(self, coalition: str, as_of: object | None = None) -> dict:
        """One coalition: members and measures in a month, its history, and its predecessors'."""
        track_id, month = self.find(coalition, as_of)
        timeline = self.timeline(as_of)
        track = timeline.tracks[track_id]
        community = next(c for t, c in timeline.by_month[month] if t == track_id)
        view = self._coalition_view(track_id, community, self.snapshot(month), month, None)
        spans = {}
        for m, members in track.members.items():
            for a in members:
                spans.setdefault(a, [m, m])[1] = m
        view["first_seen"], view["last_seen"] = track.first_seen, track.last_seen
        view["history"] = track.history
        view["membership"] = [{"id": a, "first": s[0], "last": s[1]} for a, s in sorted(spans.items())]
        view["predecessors"] = self._predecessor_tracks(track_id, community)
        return view

    def _predecessor_tracks(self, track_id: str, community: Community) -> list[dict]:
        """Earlier coalitions of the members' lineage predecessors (Nusra's before HTS's)."""
        timeline = self.timeline()
        final = lineage_map(self.net.lineage)
        preds = {p for p, succ in final.items() if succ in community.members or p in community.members}
        out = []
        for tid, track in timeline.tracks.items():
            if tid == track_id:
                continue
            via = sorted({a for members in track.members.values() for a in members} & preds)
            if via and track.first_seen <= timeline.tracks[track_id].first_seen:
                out.append({"id": tid, "via": via, "first_seen": track.first_seen, "last_seen": track.last_seen})
        return sorted(out, key=lambda r: r["first_seen"])

    def linchpins(self, coalition: str, as_of: object | None = None) -> dict:
        """Members ranked by removal impact (see :func:`coalition_watch.network.measures.linchpins`)."""
        track_id, month = self.find(coalition, as_of)
        community = next(c for t, c in self.timeline(as_of).by_month[month] if t == track_id)
        members = [m for m in community.members if self.net.kind(m) != "state"]
        ms = month_start(month)
        per_member = strength(self.events_between(add_months(ms, -11), month_end(ms)), members)
        rows = linchpins(self.snapshot(month), members, per_member)
        for row in rows:
            row["name"] = self.net.name(row["actor_id"])
        return {"id": track_id, "as_of": month, "linchpins": rows}

    def sanctuary(self, country: str, after: object) -> dict:
        """Foreign-origin groups hosted in ``country`` after its government fell, with sources."""
        return {"country": country.upper(), "after": str(after), "hosted": sanctuary(self.net, country, after)}

    def contagion(self, since: object, until: object | None = None) -> dict:
        """New ties abroad with the winners of falls since ``since``."""
        return {"since": str(since), "signals": contagion(self.net, since, until=until)}

    def replication_risk(self, as_of: object, *, polity_csv: str | Path | None = None,
                         wgi_csv: str | Path | None = None, countries: list[str] | None = None) -> dict:
        """Countries ranked by replication risk, each with its reasons."""
        governance = GovernanceData.read(polity_csv, wgi_csv)
        candidates = countries or sorted({a.origin for a in self.net.actors.values()
                                          if a.kind == "state" and a.origin})
        fronts = {}
        for iso3 in candidates:
            try:
                fronts[iso3] = self.coalitions_for_country(iso3, as_of)["coalitions"]
            except InputError:
                continue
        return {"as_of": month_key(month_start(as_of)),
                "ranking": replication_risk(self.net, fronts, as_of, governance=governance)}

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the whole temporal graph (GraphML, GEXF with intervals, CSV or Parquet)."""
        return export_network(self.net, path, fmt)
