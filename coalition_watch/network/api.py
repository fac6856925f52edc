"""Coalition analytics API: coalitions of a country, a coalition's history, linchpins, sanctuary,
contagion, replication risk and exports. Each ``cwatch`` network command is one call here.

Example::

    from coalition_watch import api
    from coalition_watch.network.api import CoalitionAnalysis
    analysis = CoalitionAnalysis.from_store(api.open_default_store())
    analysis.coalitions_for_country("AFG", "2021-07")
    analysis.sanctuary("AFG", "2021-08-15")

Which coalitions matter for a country (``coalitions_for_country``): the coalitions detected on the
country's theatre (:mod:`.scope`) in the month of ``as_of`` that have at least one member with a hostile tie (rivalry, or fighting in
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

from .. import arguments
from ..countries import to_iso3
from ..dates import parse_partial_date
from ..errors import InputError
from ..store import Store
from ..vocabulary import STATE_KINDS
from . import cache
from .coalitions import (Community, SignedDetector, Timeline, add_months, catch_all_ids, is_catch_all,
                         month_end, month_key, month_start, track_coalitions)
from .event_edges import read_events
from .export import export_network
from .graph import OPEN_END, OPEN_START, TemporalSignedGraph, lineage_map, pledged_members, to_date
from .load import network_from_store
from .measures import coalition_measures, linchpins, strength
from .replication import GovernanceData, excluded_countries, replication_risk
from .scope import CountryScope, external_ties, home_country
from .takeover import contagion, sanctuary

#: first month of every tracked timeline; track ids name the month a coalition was first seen,
#: so they depend on it: the commands, the briefing and the web app all track from here
HISTORY_START = dt.date(1990, 1, 1)
#: a theatre is a small, sparse subgraph: with γ = 1 the configuration-model null splits a
#: movement from its closest partners (the TTP from the Taliban, Ahrar al-Sham from HTS);
#: γ = 0.5 keeps them together while blocs joined only by cooperation ties stay apart
THEATRE_RESOLUTION = 0.5
#: :meth:`CoalitionAnalysis.data_span` not computed yet (its answer may be None: no dated data)
_SPAN_NOT_COMPUTED = object()


def _year_to(ms: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months to the month starting ``ms`` (first and last day): the window of the
    coalition strength figures."""
    return add_months(ms, -11), month_end(ms)


@dataclass(frozen=True)
class MonthData:
    """What the coalition views of one month share, whatever the country: the month's snapshot
    (:meth:`CoalitionAnalysis.snapshot`) and the events of the twelve months to its end (None
    when the store has none)."""

    graph: nx.MultiDiGraph
    events: pd.DataFrame | None
    #: ISO3 codes of the countries whose event data cover the window (see
    #: :meth:`CoalitionAnalysis.events_loaded`)
    countries: frozenset[str] = frozenset()
    _located: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def events_in(self, country: str) -> pd.DataFrame | None:
        """The window's events located in ``country`` (ISO3; None when the store has no events):
        the events a coalition of the country's theatre is measured on. The datasets record where
        an event happened (GED's ``country``: an Iraqi or Turkish strike in Syria is a Syrian
        event), so a member's events in another country belong to that country's theatre."""
        if self.events is None:
            return None
        country = country.upper()
        if country not in self._located:
            located = self.events["country"].map(
                {c: stored_country(c) for c in self.events["country"].dropna().unique()})
            self._located[country] = self.events[located == country].reset_index(drop=True)
        return self._located[country]


def _checked_date(value: object, field: str) -> object:
    """``value`` unchanged when it is a date (YYYY, YYYY-MM, YYYY-MM-DD, a date object); else a
    :class:`~coalition_watch.dates.DateError` naming ``field``."""
    parse_partial_date(value, field=field)
    return value


def stored_country(name: object) -> str:
    """The ISO3 code of an ``events.country`` value (the ingest stores ISO3; a name is read as one)."""
    return to_iso3(str(name)) or str(name).upper()


@dataclass
class CoalitionAnalysis:
    """A graph, its detector and (built on first use) the monthly coalition timeline."""

    net: TemporalSignedGraph
    store: Store | None = None
    event_window_months: int = 6
    #: Leiden resolution γ for a country's theatre (see docs/network.md, "Coalitions of a country")
    resolution: float = THEATRE_RESOLUTION
    _timelines: dict[str, Timeline] = field(default_factory=dict, repr=False)
    _scopes: dict[str, CountryScope] = field(default_factory=dict, repr=False)
    _graph_key: str | None = field(default=None, repr=False)
    _detector: SignedDetector | None = field(default=None, repr=False)
    _span: tuple[str, str] | None | object = field(default=_SPAN_NOT_COMPUTED, repr=False)
    #: what :meth:`_event_dates` read (per-country spans, the span of all events); None: not yet
    _event_dates_read: tuple[dict, tuple | None] | None = field(default=None, repr=False)

    @classmethod
    def from_store(cls, store: Store, *, with_events: bool = True, **options) -> "CoalitionAnalysis":
        """The analysis of the curated and accepted relations, lineage and cases in ``store``, with
        the event ties of its ingested events unless ``with_events`` is False
        (:func:`.load.network_from_store`); ``options`` set the dataclass fields
        (``event_window_months``, ``resolution``)."""
        return cls(network_from_store(store, with_events=with_events), store=store, **options)

    # -- building blocks -------------------------------------------------------------------
    @property
    def detector(self) -> SignedDetector:
        if self._detector is None:
            self._detector = SignedDetector(self.net, event_window_months=self.event_window_months,
                                            resolution=self.resolution)
        return self._detector

    def country_code(self, country: str, field: str = "country") -> str:
        """ISO3 code of a country code or name ("AFG", "afg", "Afghanistan"); an :class:`InputError`
        naming ``field`` when it is neither a known country nor a country of an actor in the network."""
        text = (country if isinstance(country, str) else "").strip()
        code = text.upper() if len(text) == 3 and text.isalpha() else to_iso3(text)
        known = code is not None and (to_iso3(code) == code or any(
            a.origin == code or code in (a.operates_in or []) for a in self.net.actors.values()))
        if not known:
            raise InputError(f"unknown country '{text or country}' (use an ISO3 code such as AFG or SYR)",
                             field=field)
        return code

    def scope(self, country: str) -> CountryScope:
        """The theatre of ``country`` (see :mod:`coalition_watch.network.scope`)."""
        country = country.upper()
        if country not in self._scopes:
            self._scopes[country] = CountryScope(self.detector, country, self.governments(country),
                                                 store=self.store)
        return self._scopes[country]

    def timeline(self, country: str, until: object | None = None) -> Timeline:
        """Tracked monthly coalitions in ``country``'s theatre from :data:`HISTORY_START` (or the
        data's first month, if later) to the data's end (or ``until``); track ids start with the
        lower-case country code and ':'."""
        country = country.upper()
        end = month_start(until) if until is not None else None
        current = self._timelines.get(country)
        if current is None or (end and month_key(end) not in current.by_month):
            lo, hi = self.net.date_range()
            last = min(max(hi, end or hi), dt.date.today())
            last = max(last, end or last)
            first = max(HISTORY_START, month_start(lo))
            folder = cache.cache_dir(self.store)
            key = None
            if folder is not None:
                if self._graph_key is None:
                    self._graph_key = cache.graph_digest(self.net)
                key = cache.timeline_key(self._graph_key, cache.events_digest(self.store, country), country,
                                         month_key(first), month_key(month_start(last)),
                                         (self.event_window_months, self.resolution))
            timeline = cache.load(folder, key) if key else None
            if timeline is None:
                timeline = track_coalitions(self.net, first, last, detector=self.detector,
                                            scope=self.scope(country), id_prefix=f"{country.lower()}:")
                if key:
                    cache.save(folder, key, timeline)
            self._timelines[country] = timeline
        return self._timelines[country]

    def data_span(self) -> tuple[str, str] | None:
        """First and last month (``YYYY-MM``) the store has dated data for: starts and ends of
        relations and event ties, and event dates; None when nothing is dated. Computed once, as
        the graph is read once: a new analysis sees data added to the store since."""
        if self._span is _SPAN_NOT_COMPUTED:
            edges = self.net.edges
            days = [int(v) for v in (edges["start"][edges["start"] > OPEN_START].min(),
                                     edges["start"][edges["start"] > OPEN_START].max(),
                                     edges["end"][edges["end"] < OPEN_END].max()) if v == v]
            events = self._event_dates()[1]
            if events is not None:
                days += [d.toordinal() for d in events]
            self._span = ((month_key(dt.date.fromordinal(min(days))), month_key(dt.date.fromordinal(max(days))))
                          if days else None)
        return self._span

    def span_warnings(self, as_of: object) -> list[str]:
        """A notice when the month of ``as_of`` lies outside :meth:`data_span` (else none)."""
        month = month_key(month_start(as_of))
        span = self.data_span()
        if span is None:
            return [f"the store holds no dated relations or events; {month} is answered from undated ties only"]
        first, last = span
        if month < first:
            return [f"{month} is before the store's data, which run from {first} to {last}: no tie is known then"]
        if month > last:
            return [f"{month} is after the store's data, which run from {first} to {last}: the answer assumes "
                    f"that ties still open in {last} continue"]
        return []

    def snapshot(self, as_of: object) -> nx.MultiDiGraph:
        """Curated/accepted ties in force in the month of ``as_of`` plus event ties of the trailing window."""
        ms = month_start(as_of)
        me = month_end(ms)
        graph = self.net.graph_between(ms, me, origins=["curated", "accepted"])
        events = self.net.graph_between(add_months(ms, -(self.event_window_months - 1)), me,
                                        origins=["event", "inferred"])
        return nx.compose(graph, events)

    def month_data(self, as_of: object) -> MonthData:
        """The snapshot and the events of the year to the month of ``as_of`` (see :class:`MonthData`)."""
        ms = month_start(as_of)
        events = self.events_between(*_year_to(ms))
        return MonthData(self.snapshot(ms), events, self._covered_countries(ms))

    @staticmethod
    def events_loaded(country: str, month_data: MonthData) -> bool:
        """Whether the store's events for ``country`` cover the window of ``month_data`` (the
        twelve months to its month): the country's first event is before the window's end and its
        last after the window's start. Without that a coalition's events, fatalities and its
        members' strength shares are unknown (None), not zero: none were ingested for the country,
        or the month lies outside its data. Inside them, a quiet year is a true zero (see
        :meth:`data_span` for the span of all the store's data)."""
        return country.upper() in month_data.countries

    def _covered_countries(self, ms: dt.date) -> frozenset[str]:
        """The countries (ISO3) whose event data span the twelve months to the month ``ms``."""
        start, end = _year_to(ms)
        return frozenset(c for c, (first, last) in self._event_spans().items() if first <= end and last >= start)

    def _event_spans(self) -> dict[str, tuple[dt.date, dt.date]]:
        """First and last event date per country (ISO3, else the stored name) in the store; read once."""
        return self._event_dates()[0]

    def _event_dates(self) -> tuple[dict[str, tuple[dt.date, dt.date]], tuple[dt.date, dt.date] | None]:
        """The store's event dates, read once with one query: first (``date_start``) and last
        (``date_end``, else ``date_start``) per country as :meth:`_event_spans`, and over all events,
        those without a country too, for :meth:`data_span` (None: no events). The ingest
        quarantines an event without a start date, so the query leaves out no dated event."""
        if self._event_dates_read is None:
            spans: dict[str, tuple[dt.date, dt.date]] = {}
            every: tuple[dt.date, dt.date] | None = None
            if self.store is not None and self.store.count("events"):
                for name, first, last in self.store.con.execute(
                        "SELECT country, min(date_start), max(coalesce(date_end, date_start)) FROM events "
                        "WHERE date_start IS NOT NULL GROUP BY country").fetchall():
                    every = (min(first, every[0]), max(last, every[1])) if every else (first, last)
                    if name is None:
                        continue
                    code = stored_country(name)
                    old = spans.get(code)
                    spans[code] = (min(first, old[0]), max(last, old[1])) if old else (first, last)
            self._event_dates_read = (spans, every)
        return self._event_dates_read

    def events_between(self, start: dt.date, end: dt.date) -> pd.DataFrame | None:
        """The store's events from ``start`` to ``end`` (dates) with their sides' actor ids
        (:func:`.event_edges.read_events`); None when the analysis has no store or the store no events."""
        if self.store is None or not self.store.count("events"):
            return None
        return read_events(self.store, start=start, end=end)

    def governments(self, country: str) -> set[str]:
        """Actor ids of ``country``'s (ISO3) government: actors of kind ``state`` or ``state_force``
        whose origin is the country, and the governments of its cases that are of its origin."""
        country = country.upper()
        ids = {a.id for a in self.net.actors.values()
               if a.kind in STATE_KINDS and a.origin == country}
        for case in self.net.cases:
            if case.country == country:
                ids |= {g for g in case.government if g in self.net.actors
                        and self.net.actors[g].origin == country}
        return ids

    def _member_view(self, actor_id: str) -> dict:
        a = self.net.actors.get(actor_id)
        return {"id": actor_id, "name": self.net.name(actor_id), "kind": a.kind if a else "armed_group",
                "ideology": a.ideology if a else [], "origin": a.origin if a else None, "in_kb": a is not None}

    def _coalition_view(self, track_id: str, community: Community, month_data: MonthData,
                        as_of: object, country: str) -> dict:
        ms = month_start(as_of)
        graph = month_data.graph
        members = list(community.members)
        theatre = self.scope(country).members(ms)
        lead = self.fighting_core(members, graph, country)
        return {"id": track_id, "label": self.net.name(lead), "label_id": lead, "anchor": community.anchor,
                "country": country.upper(), "as_of": month_key(ms),
                "members": [self._member_view(m) for m in members],
                "measures": coalition_measures(graph, members, self.net.actors, target_country=country,
                                               events=month_data.events_in(country),
                                               known=self.events_loaded(country, month_data)),
                "external_ties": external_ties(graph, members, theatre, self.net)}

    def fighting_core(self, members: list[str] | tuple[str, ...], graph: nx.MultiDiGraph, country: str) -> str:
        """The member a coalition is labelled by: its fighting core in ``country``, not a patron
        that does not fight there (JNIM labels its Malian bloc, not al-Qaeda, which it pledges to),
        nor an affiliate of one that does (the Islamic State labels its Syrian bloc, not the Khalid
        ibn al-Walid Army, which pledged to it).

        Candidates: the organisations (not states; a declared coalition only when it is itself
        hostile to the government, like JNIM) not pledged or merged in ``graph`` to another member
        that is of ``country``'s origin or hostile to its government (:func:`.graph.pledged_members`;
        a pledge to a foreign patron that does not fight the government does not count). Ranked
        by: hostile to the government in ``graph`` with another member pledged or merged to it (the
        head of its bloc; a declared coalition only in its own country: the Three Brotherhood
        Alliance in Myanmar, not the SDF in Turkey); of ``country``'s origin and hostile; of that
        origin; hostile; an organisation before a declared coalition; positive weighted degree
        inside the coalition; id. The track id is not affected (it keeps its first anchor)."""
        inside = set(members)
        govs = self.governments(country)
        degree = dict.fromkeys(inside, 0.0)
        hostile, inner_ties = set(), []
        for u, v, d in graph.edges(data=True):
            if d["sign"] > 0 and u in inside and v in inside and u != v:
                degree[u] += d.get("weight", 1.0)
                degree[v] += d.get("weight", 1.0)
                inner_ties.append((u, v, d["type"]))
            elif d["sign"] < 0:
                if u in inside and v in govs:
                    hostile.add(u)
                if v in inside and u in govs:
                    hostile.add(v)
        declared = {m for m in members if self.net.kind(m) == "coalition"}
        under = ("pledge", "merger")
        pledged = pledged_members(self.net, inner_ties, inside, types=under, patron_origin=country.upper(),
                                  fighting=hostile)
        heads = {t for _, t, kind in inner_ties if kind in under and t in hostile and (
            t not in declared or getattr(self.net.actors.get(t), "origin", None) == country.upper())}
        # a declared coalition labels its bloc only when it fights as one (JNIM), and only after
        # the organisations of the same rank (HTS before its operations room)
        orgs = [m for m in members if self.net.kind(m) not in STATE_KINDS and (m not in declared or m in hostile)]
        leaders = [m for m in orgs if m not in pledged] or orgs or list(members)
        if not leaders:
            return ""
        local = {m for m in leaders if (a := self.net.actors.get(m)) is not None and a.origin == country.upper()}

        def rank(m: str) -> tuple:
            return (m not in heads, not (m in local and m in hostile), m not in local, m not in hostile,
                    m in declared, -degree.get(m, 0.0), m)

        return min(leaders, key=rank)

    # -- public operations -----------------------------------------------------------------
    def coalitions_for_country(self, country: str, as_of: object, *, tracked: bool = True,
                               month_data: MonthData | None = None) -> dict:
        """Coalitions fighting ``country``'s government in the month of ``as_of`` (see module doc).

        ``tracked=False`` detects the month alone, without the history (ids ``cc:anchor@YYYY-MM``):
        much faster when many countries are scanned, as is passing the same ``month_data`` (of
        :meth:`month_data`) for all of them.

        Returns ``country`` (ISO3), ``as_of`` (``YYYY-MM``), ``government`` (actor ids),
        ``coalitions`` (largest first, each with ``id``, ``label``, ``label_id``, ``anchor``,
        ``country``, ``as_of``, ``members``, ``measures``, ``external_ties``,
        ``fighting_government`` and ``cooperating_with``), ``declared`` (declared coalitions active
        in the country: ``id``, ``name``, ``members``), ``data_span``, ``events_loaded``,
        ``events_span``, ``catch_all`` and ``warnings``. An unknown country or a bad date is an
        :class:`InputError` naming ``country`` or ``as_of``.
        """
        _checked_date(as_of, "as_of")
        country = self.country_code(country)
        govs = self.governments(country)
        if not govs:
            raise InputError(f"no government actor for country '{country}' in the knowledge base", field="country")
        if month_data is None:
            month_data = self.month_data(as_of)
        graph = month_data.graph
        hostile = {}
        for u, v, d in graph.edges(data=True):
            if d["sign"] < 0:
                if v in govs:
                    hostile.setdefault(u, set()).add(v)
                if u in govs:
                    hostile.setdefault(v, set()).add(u)
        rows = []
        if tracked:
            detected = self.timeline(country, as_of).at(as_of)
        else:
            ms = month_start(as_of)
            detected = [(f"{country.lower()}:{c.anchor}@{month_key(ms)}", c) for c in self.scope(country).detect(ms)]
        for track_id, community in detected:
            fighters = [m for m in community.members if m in hostile]
            if not fighters:
                continue
            view = self._coalition_view(track_id, community, month_data, as_of, country)
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
                "coalitions": coalitions, "declared": declared, "data_span": self._span_view(),
                "events_loaded": self.events_loaded(country, month_data),
                "events_span": self.events_span(country),
                "catch_all": sorted(a for a in catch_all_ids(self.net.actors) if a in self.scope(country).members(
                    month_start(as_of))),
                "warnings": self.span_warnings(as_of)}

    def events_span(self, country: str) -> dict | None:
        """First and last month (``first``, ``last``: ``YYYY-MM``) of the store's events for
        ``country`` (ISO3), whatever the month asked; None when it holds none for the country. With
        ``events_loaded`` False it says why a coalition's events are unknown: the month lies outside
        the loaded events, or none were loaded."""
        span = self._event_spans().get(country.upper())
        return {"first": month_key(span[0]), "last": month_key(span[1])} if span else None

    def _span_view(self) -> dict | None:
        span = self.data_span()
        return {"first": span[0], "last": span[1]} if span else None

    def find(self, coalition: str, as_of: object | None = None, country: str | None = None) -> tuple[str, str, str]:
        """(country, track id, month) for a coalition id (``afg:taliban-1994-09``), or for the
        coalition containing an actor id in ``country``'s theatre (default: the actor's home
        country, see :func:`coalition_watch.network.scope.home_country`)."""
        if as_of is not None:
            _checked_date(as_of, "as_of")
        if ":" in coalition and coalition.split(":", 1)[0].isalpha():
            country = coalition.split(":", 1)[0].upper()
            timeline = self.timeline(country, as_of)
            if coalition not in timeline.tracks:
                raise InputError(f"no coalition with id '{coalition}' (try 'cwatch coalitions {country}')",
                                 field="coalition")
            track = timeline.tracks[coalition]
            month = month_key(month_start(as_of)) if as_of else track.last_seen
            if month < track.first_seen:
                raise InputError(f"coalition '{coalition}' was first seen in {track.first_seen} (last seen "
                                 f"{track.last_seen}): it has no members in {month}", field="as_of")
            if month not in track.members:
                # a month after the coalition was last seen, or one it was not detected in: the
                # latest month before it is shown, and coalition_show/linchpins say so (warnings)
                month = [m for m in track.members if m <= month][-1]
            return country, coalition, month
        if coalition in self.net.actors:
            country = (self.country_code(country) if country
                       else (home_country(self.net, coalition) or "").upper())
            if not country:
                raise InputError(f"actor '{coalition}' has no home country; pass {{field}}", field="country")
            timeline = self.timeline(country, as_of)
            month = month_key(month_start(as_of)) if as_of else timeline.months[-1]
            track_id = timeline.track_of(coalition, month)
            if track_id is None:
                raise InputError(f"actor '{coalition}' is in no coalition in {country} in {month}", field="coalition")
            return country, track_id, month
        raise InputError(f"no coalition or actor with id '{coalition}' (try 'cwatch coalitions COUNTRY')",
                         field="coalition")

    def coalition_show(self, coalition: str, as_of: object | None = None, country: str | None = None) -> dict:
        """One coalition: members and measures in a month, its history, and its predecessors'.

        ``coalition`` is a coalition id or an actor id (:meth:`find`). Returns the coalition's view
        as in :meth:`coalitions_for_country` (``id``, ``label``, ``label_id``, ``anchor``,
        ``country``, ``as_of``, ``members``, ``measures``, ``external_ties``) with ``first_seen``,
        ``last_seen``, ``history``, ``membership`` (``id``, ``first``, ``last`` month),
        ``predecessors`` (``id``, ``via``, ``first_seen``, ``last_seen``) and ``warnings``."""
        country, track_id, month = self.find(coalition, as_of, country)
        timeline = self.timeline(country, as_of)
        track = timeline.tracks[track_id]
        community = next(c for t, c in timeline.by_month[month] if t == track_id)
        view = self._coalition_view(track_id, community, self.month_data(month), month, country)
        spans = {}
        for m, members in track.members.items():
            for a in members:
                spans.setdefault(a, [m, m])[1] = m
        view["first_seen"], view["last_seen"] = track.first_seen, track.last_seen
        view["history"] = track.history
        view["membership"] = [{"id": a, "first": s[0], "last": s[1]} for a, s in sorted(spans.items())]
        view["predecessors"] = self._predecessor_tracks(timeline, track_id, community)
        view["warnings"] = self._month_warnings(track_id, as_of, month) + (self.span_warnings(month) if as_of else [])
        return view

    @staticmethod
    def _month_warnings(track_id: str, as_of: object | None, month: str) -> list[str]:
        """A notice when the coalition is shown for another month than the one asked for."""
        if as_of is None:
            return []
        asked = month_key(month_start(as_of))
        if asked == month:
            return []
        return [f"coalition '{track_id}' is not detected in {asked}; showing {month}, the latest month "
                f"before it in which it was seen"]

    def _predecessor_tracks(self, timeline: Timeline, track_id: str, community: Community) -> list[dict]:
        """Other, earlier coalitions of the members' lineage predecessors in the same theatre."""
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

    def linchpins(self, coalition: str, as_of: object | None = None, country: str | None = None) -> dict:
        """Members ranked by removal impact (see :func:`coalition_watch.network.measures.linchpins`).

        Returns ``id`` (the coalition's), ``country``, ``as_of``, ``linchpins`` (each ``actor_id``,
        ``name``, ``impact``, ``connectivity_loss``, ``tie_share``, ``strength_share`` (None
        without events), ``components_after_removal``), ``events_loaded`` and ``warnings``."""
        country, track_id, month = self.find(coalition, as_of, country)
        community = next(c for t, c in self.timeline(country, as_of).by_month[month] if t == track_id)
        members = [m for m in community.members if self.net.kind(m) != "state"]
        data = self.month_data(month)
        loaded = self.events_loaded(country, data)
        per_member = strength(data.events_in(country), members, loaded)
        rows = linchpins(data.graph, members, per_member)
        for row in rows:
            row["name"] = self.net.name(row["actor_id"])
        return {"id": track_id, "country": country, "as_of": month, "linchpins": rows, "events_loaded": loaded,
                "warnings": self._month_warnings(track_id, as_of, month) + (self.span_warnings(month) if as_of else [])}

    def ties_on(self, day: object, types: tuple[str, ...] | list[str]) -> set[tuple[str, str, str]]:
        """``(source, target, type)`` of the curated and accepted ties of ``types`` in force on
        ``day`` (a date or 'YYYY[-MM[-DD]]', taken at its start): the day's rule, where the coalition
        measures read the whole month. Ties are read as the graph holds them, cut to both ends'
        active periods and carried over renames and mergers (:mod:`.load`), so a tie to a state
        that fell, or from a group not founded yet, is not in force then."""
        edges = self.net.edges
        if edges.empty:
            return set()
        chosen = self.net.active_mask(day, origins=["curated", "accepted"]) & edges["type"].isin(list(types)).to_numpy()
        return set(zip(edges["source"][chosen], edges["target"][chosen], edges["type"][chosen]))

    def sanctuary(self, country: str, after: object) -> dict:
        """Foreign-origin groups hosted in ``country`` after its government fell, with sources.

        Returns ``country``, ``after`` and ``hosted`` (each ``actor_id``, ``name``, ``origin``,
        ``foreign_origin``, ``case``, ``host``, ``relations``, ``sanctuary_explicit``, ``sources``;
        :func:`.takeover.sanctuary`). A bad date is an :class:`InputError` naming ``after``."""
        _checked_date(after, "after")
        country = self.country_code(country)
        return {"country": country, "after": str(after), "hosted": sanctuary(self.net, country, after)}

    def contagion(self, since: object, until: object | None = None) -> dict:
        """New ties abroad with the winners of falls since ``since`` (to ``until``, if given).

        Returns ``since`` and ``signals`` (each ``case``, ``fallen_country``, ``winner``,
        ``actor_id``, ``name``, ``based_in`` and the tie's fields; :func:`.takeover.contagion`). A
        bad date is an :class:`InputError` naming ``since`` or ``until``."""
        _checked_date(since, "since")
        if until is not None:
            _checked_date(until, "until")
        return {"since": str(since), "signals": contagion(self.net, since, until=until)}

    def replication_risk(self, as_of: object, *, polity_csv: str | Path | None = None,
                         wgi_csv: str | Path | None = None, countries: list[str] | None = None) -> dict:
        """Countries ranked by replication risk, each with its reasons.

        ``countries``: the candidates (ISO3 codes or names, a bare string one country; ``[]`` ranks
        none), by default every country of a state in the network; an unknown one is an
        :class:`InputError` naming ``countries``. A candidate whose government the knowledge base
        lacks, or that no coalition fights in the month, is not ranked. Returns ``as_of``,
        ``ranking`` (each ``rank``, ``country``, ``risk``, ``weakness``, ``heterogeneity``,
        ``transnational_share``, ``winner_ties``, ``winner_tie_groups``, ``coalition``,
        ``reasons``; :func:`.replication.replication_risk`) and ``excluded`` (the countries of
        recent falls: ``country``, ``case``, ``reason``)."""
        _checked_date(as_of, "as_of")
        if countries is None:
            candidates = sorted({a.origin for a in self.net.actors.values() if a.kind == "state" and a.origin})
        else:
            candidates = list(dict.fromkeys(self.country_code(c, field="countries")
                                            for c in arguments.string_list(countries, "countries")))
        governance = GovernanceData.read(polity_csv, wgi_csv)
        month_data = self.month_data(as_of)
        fronts = {}
        for iso3 in candidates:
            try:
                fronts[iso3] = self.coalitions_for_country(iso3, as_of, tracked=False,
                                                           month_data=month_data)["coalitions"]
            except InputError:
                continue
        return {"as_of": month_key(month_start(as_of)),
                "ranking": replication_risk(self.net, fronts, as_of, governance=governance),
                "excluded": excluded_countries(self.net, as_of)}

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the whole temporal graph (GraphML, GEXF with intervals, CSV or Parquet)."""
        return export_network(self.net, path, fmt)
