"""The briefing data layer: every section of a country briefing as plain, JSON-ready data.

:func:`build_briefing` collects each section from the part that owns it. When a part is not
installed, or has no data for the country, the section says so and names the command to run
(``status = "missing"``); when the section is drawn from the knowledge base by a simple rule
instead of the analytics, it says that too (``status = "fallback"``). Renderers (HTML, terminal,
web app) only format this data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from ..dates import parse_partial_date
from ..errors import CoalitionWatchError, InputError
from ..store import Store
from ..store.actors import read_cases, read_lineage, source_details, source_details_lists
from ..vocabulary import NO_EVENTS, STATE_KINDS
from . import parts
from .geo import capital_of, country_name, country_names, country_topology
from .graph import CATALOGUE_KEYS, annotate_fallback, build_graph, edge_sources, live_edge, store_revision
from .provinces import SOURCE_NOTE as PROVINCES_NOTE
from .provinces import locate, province_topology

#: The events map, province table, monthly chart and key events cover the month of the date and the
#: 11 calendar months before it (whole months; the date's own month runs to the date).
EVENT_WINDOW_MONTHS = 12
FIRST_YEAR = 1900
RISK_MONTHS = 12
CONTAGION_MONTHS = 36
MAX_EVENT_POINTS = 1500
#: GED location precision (``where_prec``, stored as ``events.geo_precision``) from which an event is
#: placed only in the country (6) or in international waters or airspace (7), not at a place
COUNTRY_LEVEL_PRECISION = 6
#: How event datasets are cited where figures derived from them appear (title, publisher, licence,
#: the reference the publisher asks for). The version comes from the store (``events.version``).
DATASETS = {
    "ucdp-ged": {"title": "UCDP Georeferenced Event Dataset (GED)", "publisher": "Uppsala Conflict Data Program",
                 "url": "https://ucdp.uu.se/downloads/", "licence": "CC BY 4.0",
                 "citation": "Sundberg, Ralph and Erik Melander (2013) Introducing the UCDP Georeferenced Event "
                             "Dataset. Journal of Peace Research 50(4)"},
    "acled": {"title": "Armed Conflict Location & Event Data (ACLED)", "publisher": "ACLED",
              "url": "https://acleddata.com/", "licence": "ACLED terms of use", "citation": None},
    "gtd": {"title": "Global Terrorism Database (GTD)", "publisher": "START, University of Maryland",
            "url": "https://www.start.umd.edu/gtd/", "licence": "GTD terms of use", "citation": None},
    "gdelt": {"title": "GDELT Event Database", "publisher": "The GDELT Project", "url": "https://www.gdeltproject.org/",
              "licence": "GDELT terms of use", "citation": None},
}
SECTION_ORDER = ("graph", "members", "risk", "map", "timeline", "sanctuary", "contagion", "resistance",
                 "cases", "sources")


@dataclass
class Section:
    """One part of a briefing: ``status`` is ``live``, ``fallback`` or ``missing``."""

    key: str
    title: str
    status: str
    message: str | None = None
    data: Any = None


@dataclass
class Briefing:
    """A country briefing as of a date."""

    country: str
    country_name: str
    as_of: str
    generated_at: str
    case: dict | None
    capital: dict | None
    sections: dict[str, Section] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain dicts for templates and JSON; section data are shared, not copied (a deep copy,
        mostly of the map's outlines, took 0.3 s)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "sections"}
        out["sections"] = {k: {f.name: getattr(self.sections[k], f.name) for f in fields(Section)}
                           for k in SECTION_ORDER if k in self.sections}
        return out


def parse_as_of(value: str | dt.date | None, field: str = "as_of") -> dt.date:
    """A briefing date from ``YYYY-MM-DD``, or ``YYYY-MM`` for the month's last day, as
    ``cwatch risk --as-of`` takes it (default: today); ``field`` names the input in errors."""
    if value is None:
        return dt.date.today()
    value = read_as_of(value, field)
    if not FIRST_YEAR <= value.year <= latest_as_of().year:
        raise InputError(f"{{field}} must fall between {FIRST_YEAR} and next year, got {value}", field=field)
    return value


def read_as_of(value: str | dt.date, field: str = "as_of") -> dt.date:
    """The date ``value`` names (a day, or a month's last day), whatever its year; an
    :class:`InputError` naming ``field`` when it is neither. :func:`parse_as_of` also checks the year."""
    if isinstance(value, dt.date):
        return value
    try:
        partial = parse_partial_date(value)
        if partial.precision == "year":
            raise ValueError("a year alone")
        return partial.end()
    except ValueError:
        raise InputError(f"{{field}} must be a date YYYY-MM-DD or a month YYYY-MM, got '{value}'",
                         field=field) from None


def latest_as_of() -> dt.date:
    """The latest date :func:`parse_as_of` takes: the last day of next year."""
    return dt.date(dt.date.today().year + 1, 12, 31)


def normalise_country(store: Store, country: str) -> str:
    """An ISO3 code from an ISO3 code or a country name; raises :class:`InputError` if unknown."""
    import pycountry
    text = (country or "").strip()
    if not text:
        raise InputError("a country is needed, e.g. AFG or Syria", field="country")
    record = pycountry.countries.get(alpha_3=text.upper())
    if record is None:
        try:
            record = pycountry.countries.lookup(text)
        except LookupError:
            raise InputError(f"unknown country '{text}' (use an ISO3 code such as AFG or SYR)",
                             field="country") from None
    return record.alpha_3


def case_for(store: Store, country: str, as_of: dt.date) -> dict | None:
    """The country's latest case (fall or near miss) dated on or before ``as_of``, if any.

    A later case is never used: a briefing as of a date must not know what happened after it.
    """
    known = []
    for case in read_cases(store):
        if case.country != country:
            continue
        try:
            day = parse_partial_date(case.date).start()
        except ValueError:
            continue
        if day <= as_of:
            known.append((day, case.model_dump()))
    return max(known, key=lambda item: item[0])[1] if known else None


def _month_shift(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


_ANALYSES: dict[tuple, object] = {}


def _analysis(store: Store):
    """The network part's analysis of the store, kept while the store is unchanged.

    It is built as ``cwatch coalitions`` and ``cwatch coalition show`` build theirs (tracking
    from the part's default start, timelines shared through the part's on-disk cache), so a
    coalition id in a briefing is the id those commands know: track ids depend on the month
    tracking starts from.
    """
    network = parts.load(parts.NETWORK)
    if network is None:
        return None
    key = (store.path, id(store), store_revision(store))
    if key not in _ANALYSES:
        if len(_ANALYSES) >= 8:
            _ANALYSES.pop(next(iter(_ANALYSES)))
        _ANALYSES[key] = network.CoalitionAnalysis.from_store(store)
    return _ANALYSES[key]


def _graph_section(store: Store, country: str, as_of: dt.date, case: dict | None, analysis, hint: str) -> Section:
    graph = build_graph(store, country, as_of=as_of, case=case)
    if not graph["nodes"]:
        return Section("graph", "Coalition graph", "missing",
                       f"no actors recorded for {country} — add them to the knowledge base "
                       "(cwatch kb validate, then cwatch init)", graph)
    annotate_fallback(graph, as_of, case)
    if analysis is None:
        return Section("graph", "Coalition graph", "fallback", hint, graph)
    try:
        found = analysis.coalitions_for_country(country, as_of)
    except CoalitionWatchError as exc:
        return Section("graph", "Coalition graph", "fallback",
                       f"coalition detection gave no answer ({exc}); grouping by the case's sides instead", graph)
    # the coalition measures read the month of the date; the table lists a sponsor or a sender of
    # fighters only by a tie in force on the date itself, as the graph and the members table do
    in_force = analysis.ties_on(as_of, SPONSOR_TYPES + ("foreign_fighters",))
    labels: dict[str, str] = {}
    for coalition in found["coalitions"]:
        for member in coalition["members"]:
            labels.setdefault(member["id"], f"coalition: {coalition['label']}")
    for government in found["government"]:  # the part lists every government the country had
        labels.setdefault(government, "government side")
    catch_all = set(found.get("catch_all") or ())
    for node in graph["nodes"]:
        node["coalition"] = labels.get(node["id"], CATCH_ALL_LABEL if node["id"] in catch_all else
                                       "not in a coalition fighting the government")
        if node["id"] in catch_all:
            node["catch_all"] = True
    graph["coalition_method"] = ("signed coalition detection (network analytics), coalitions fighting the "
                                 f"government in {found['as_of']}")
    graph["catch_all"] = sorted(catch_all)
    listed = _listed_members(graph)
    graph["coalitions"] = [{"id": c["id"], "label": c["label"], "size": c["measures"].get("size"),
                            "members": [m["id"] for m in c["members"]],
                            **_members_listed(c, listed, graph, as_of),
                            "measures": {k: c["measures"].get(k) for k in (
                                "events", "fatalities", "ideological_heterogeneity", "transnational_share",
                                "positive_density", "internal_rivalry")},
                            "events_loaded": c["measures"].get("events") is not None,
                            "events_span": found.get("events_span"),
                            "events_note": no_events_text(found.get("events_span"), as_of)
                            if c["measures"].get("events") is None else None,
                            "state_sponsors": _named(store, graph, _sponsors_on(
                                c["measures"].get("state_sponsors", []), in_force)),
                            "foreign_fighter_inflows": [
                                f for f in c["measures"].get("foreign_fighter_inflows", [])
                                if (f["from"], f["to"], "foreign_fighters") in in_force]}
                           for c in found["coalitions"]]
    return Section("graph", "Coalition graph", "live", None, graph)


#: the coalition column of a dataset's catch-all actor ("Syrian insurgents"): not one group
CATCH_ALL_LABEL = "dataset's catch-all label for unnamed groups, not one group"


def no_events_text(span: dict | None, as_of: dt.date) -> str:
    """How a coalition's unknown events read: :data:`NO_EVENTS` when the store holds none for the
    country; when it holds some that do not reach the twelve months to
    the date, where they end or begin ("n/a — loaded events end 2017-12")."""
    if not span:
        return NO_EVENTS
    month = as_of.strftime("%Y-%m")
    if span["last"] < month:
        return f"n/a — loaded events end {span['last']}"
    if span["first"] > month:
        return f"n/a — loaded events begin {span['first']}"
    return NO_EVENTS


def _listed_members(graph: dict) -> set[str]:
    """The ids the Members table lists (:func:`_members_section`): the graph's core actors, not
    states, active on the date."""
    return {n["id"] for n in graph["nodes"] if n["core"] and n["kind"] != "state" and n["active"]}


def _members_listed(coalition: dict, listed: set[str], graph: dict, as_of: dt.date) -> dict:
    """``members_listed``: how many of the coalition's members (states apart, as its ``size``) the
    Members table lists; ``members_not_listed``: the others, each with why (not active on the date,
    a name the events give that no actor matches, a group of another country)."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    counted = [m for m in coalition["members"] if m.get("kind") != "state"]
    others = []
    for m in counted:
        if m["id"] in listed:
            continue
        node = nodes.get(m["id"])
        if m["id"].startswith("name:"):
            reason = "a name in the events that no known actor matches"
        elif node is not None and not node["active"]:
            reason = f"not active on {as_of} (active periods as the knowledge base codes them)"
        else:
            reason = "not a group of the country (its ties reach into it)"
        others.append({"id": m["id"], "name": (node or {}).get("name") or m.get("name") or m["id"].removeprefix("name:"),
                       "reason": reason})
    return {"members_listed": len(counted) - len(others), "members_not_listed": others}


def start_uncertain(start: str | None, precision: str | None, as_of: dt.date) -> str | None:
    """A marker when a tie's start is coded only to a month (or a year) that contains ``as_of``
    but does not end by it: the tie is shown as in force on the date, yet may have begun after it
    ("month only — may be after the date"); None otherwise. ``start`` is the coded start
    ("2021-08") or its first day with ``precision`` ("month")."""
    if not start:
        return None
    try:
        partial = parse_partial_date(str(start)[:7] if precision == "month" else
                                     str(start)[:4] if precision == "year" else str(start))
    except ValueError:
        return None
    if partial.precision not in ("month", "year") or not partial.start() <= as_of < partial.end():
        return None
    return f"{partial.precision} only — may be after the date"


def _mark_starts(ties: list[dict], as_of: dt.date) -> list[dict]:
    """``ties`` (relations with ``valid_from``, or analytics ties with ``from`` and ``from_precision``)
    each with ``start_uncertain`` (:func:`start_uncertain`) set when its start may be after ``as_of``."""
    for t in ties:
        t["start_uncertain"] = (start_uncertain(t["valid_from"], None, as_of) if "valid_from" in t else
                                start_uncertain(t.get("from"), t.get("from_precision"), as_of))
    return ties


def _uncurated_sources(store: Store, ids: list[str]) -> dict[str, list[dict]]:
    """``id -> source details`` (:func:`source_details`, each source once) of the actors among
    ``ids`` that are not curated: a group an analyst added (the citation or URL given with
    ``actors add --source``) or one imported from an actor list. Their own source is all a
    briefing listing them rests on; a curated group is documented in the knowledge base (its page
    lists its sources)."""
    rows = store.query("SELECT id, sources FROM actors WHERE id IN (SELECT unnest(?)) "
                       "AND coalesce(curation, 'curated') <> 'curated'", [ids])
    details = source_details_lists(store, [r["sources"] for r in rows], once=True)
    return {r["id"]: d for r, d in zip(rows, details)}


def _sponsors_on(sponsors: list[dict], in_force: set[tuple[str, str, str]]) -> list[dict]:
    """The coalition's state sponsors (``actor_id``, ``supports``) cut to the members each supports
    by a tie in ``in_force`` (``(source, target, type)`` on the date); a sponsor left supporting
    no member is dropped."""
    out = []
    for s in sponsors:
        supports = [m for m in s.get("supports") or []
                    if any((s.get("actor_id"), m, kind) in in_force for kind in SPONSOR_TYPES)]
        if supports:
            out.append({**s, "supports": supports})
    return out


def _named(store: Store, graph: dict, sponsors: list[dict]) -> list[dict]:
    """Copies of the coalition's state sponsors (``actor_id``, ``supports``) with the actor's name."""
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    missing = sorted({s.get("actor_id") for s in sponsors if s.get("actor_id") not in names} - {None})
    if missing:
        names.update({r["id"]: r["name"] for r in store.query(
            "SELECT id, name FROM actors WHERE id IN (SELECT unnest(?))", [missing])})
    return [{**s, "name": names.get(s.get("actor_id"), s.get("actor_id"))} for s in sponsors]


#: relation types by which a state sponsors a group (the members table's sponsors)
SPONSOR_TYPES = ("state_support", "support", "sanctuary")


def _members_section(store: Store, graph: dict, case: dict | None, as_of: dt.date) -> Section:
    """The country's groups active on ``as_of`` with their state sponsors and foreign fighters.

    Everything is read off the graph of the same date (one source of truth): a member is a core
    node that is not a state and whose ``active`` is true (its actor's active period contains the
    date); a sponsor or a foreign-fighter sender is listed by an edge whose ``active`` is true (the
    relation in force on the date with both its ends active then, so a state that fell or a group
    not founded yet is left out even when the relation has no end)."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    candidates = [n for n in graph["nodes"] if n["core"] and n["kind"] != "state"]
    members = [n for n in candidates if n["active"]]
    cited = _uncurated_sources(store, [n["id"] for n in members])
    left_out = len(candidates) - len(members)
    if case:
        in_case = set(case.get("coalition") or [])
        members.sort(key=lambda n: (n["id"] not in in_case, -n.get("strength", 0), n["name"]))
    sponsors: dict[str, list[dict]] = defaultdict(list)
    fighters_in: dict[str, list[dict]] = defaultdict(list)
    for e in graph["edges"]:
        if not e["active"]:
            continue
        source = nodes.get(e["source"])
        if e["type"] in SPONSOR_TYPES and source and source["kind"] in STATE_KINDS:
            sponsors[e["target"]].append({"id": source["id"], "name": source["name"], "type": e["type"], "edge": e["id"]})
        if e["type"] == "foreign_fighters" and source:
            fighters_in[e["target"]].append({"id": source["id"], "name": source["name"],
                                             "origin": source["origin"], "edge": e["id"]})
    rows = [{"id": n["id"], "name": n["name"], "kind": n["kind"], "ideology": n["ideology"],
             "origin": n["origin"], "coalition": n.get("coalition"), "strength": n.get("strength"),
             "in_case_coalition": bool(case and n["id"] in (case.get("coalition") or [])),
             "sponsors": sponsors.get(n["id"], []), "foreign_fighters": fighters_in.get(n["id"], []),
             "active_from": n["active_from"], "active_to": n["active_to"],
             "sources": cited.get(n["id"], [])}
            for n in members]
    note = (f"{left_out} group{'s' if left_out != 1 else ''} of the country not active on {as_of} left out "
            "(active periods as the knowledge base codes them)") if left_out else None
    if not rows:
        return Section("members", "Members", "missing", f"no armed groups of this country active on {as_of}"
                       if left_out else "no armed groups recorded for this country", [])
    return Section("members", "Members", "live", note, rows)


def _risk_section(country: str, as_of: dt.date, months: int = RISK_MONTHS) -> Section:
    """Monthly risk of a fall for the ``months`` months up to ``as_of``, from the early-warning
    part's ranking (each month scored by the model fitted at that month; the part caches them)."""
    risk = parts.load(parts.RISK)
    if risk is None:
        return Section("risk", "Risk over time", "missing", parts.RISK.hint)
    series, latest, problem = [], None, None
    for k in range(months - 1, -1, -1):
        month = _month_shift(as_of, -k).strftime("%Y-%m")
        try:
            ranking = risk.risk_ranking(month)
        except CoalitionWatchError as exc:
            problem = str(exc)
            continue
        row = next((c for c in ranking["countries"] if c["country"] == country), None)
        if row is None:
            continue
        series.append({"month": month, "risk": row["probability"], "alarm": row["alarm"],
                       "threshold": ranking["threshold"], "rank": row["rank"], "of": len(ranking["countries"])})
        latest = (ranking, row)
    if latest is None:
        return Section("risk", "Risk over time", "missing",
                       f"no risk scores for {country}: {problem or 'the model has no conflict-data rows for it'}")
    ranking, row = latest
    return Section("risk", "Risk over time", "live", None, {
        "series": series, "threshold": ranking["threshold"], "latest_month": series[-1]["month"],
        "latest_score": series[-1]["risk"], "latest_rank": row["rank"], "alarm": row["alarm"],
        "model": ranking.get("model"), "horizon": ranking.get("horizon"),
        "data_through": ranking.get("data_through"),
        "data_sources": ranking.get("data_sources") or [],
        "datasets": _risk_datasets(ranking.get("data_sources") or []),
        "reasons": [{"text": c.get("text"), "feature": c.get("feature"), "contribution": c.get("contribution")}
                    for c in row.get("contributions", [])]})


def _risk_datasets(data_sources: list[dict]) -> list[dict]:
    """Citation rows for the data a risk ranking was computed from (its ``data_sources``): the
    bundled UCDP GED country-month panel, and GED releases from an event store if it used one."""
    out = []
    for d in data_sources:
        if d.get("source") == "bundled panel":
            file = (d.get("file") or "").replace("\\", "/").rsplit("/", 1)[-1]
            out.append(_dataset_row("ucdp-ged", [], use="risk-panel", title_extra=(
                f"aggregated to country-months ({file}, {d.get('months')}; version not recorded in the file)")))
        elif d.get("source") == "event store" and d.get("months"):
            out.append(_dataset_row("ucdp-ged", list(d.get("releases") or []), use="risk-store",
                                    title_extra=f"events from the store for {d['months']}"))
    return out


def _dataset_row(dataset: str, versions: list[str], *, files: list[str] = (), title_extra: str | None = None,
                 use: str = "events") -> dict:
    """A Sources row (id, title, publisher, date, url, plus licence and citation) for an event dataset."""
    info = DATASETS.get(dataset, {"title": dataset, "publisher": None, "url": None, "licence": None, "citation": None})
    notes = []
    if versions:
        notes.append(("version " if len(versions) == 1 else "versions ") + ", ".join(versions))
    if files:
        notes.append("version not recorded for " + ", ".join(files))
    if title_extra:
        notes.append(title_extra)
    return {"id": f"dataset-{dataset}-{use}", "title": info["title"] + (f", {'; '.join(notes)}" if notes else ""),
            "publisher": info["publisher"], "date": None, "url": info["url"], "licence": info["licence"],
            "citation": info["citation"], "kind": "dataset", "dataset": dataset, "versions": versions,
            "files": list(files)}


def event_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the events window: the :data:`EVENT_WINDOW_MONTHS` calendar months up
    to and including the month of ``as_of``, that month running to ``as_of``."""
    return _month_shift(as_of, -(EVENT_WINDOW_MONTHS - 1)), as_of


def _events(store: Store, country: str, as_of: dt.date) -> list[dict]:
    """The country's events in the window (:func:`event_window`) that end by its last day (an event
    dated to a span running past the briefing date is not known yet), most deaths first, each with its
    dataset's ``version`` and the ``file`` of the ingest that loaded it: the one read of the
    events the map, the charts, the key events and their dataset citations share."""
    start, end = event_window(as_of)
    return store.query(
        "SELECT e.id, e.date_start, e.date_end, e.date_precision, e.geo_precision, e.admin1, e.lat, e.lon, "
        "e.violence_type, e.side_a_names, e.side_b_names, "
        "e.deaths_best, e.dataset, e.version, i.file FROM events e LEFT JOIN ingests i ON i.id = e.ingest_id "
        "WHERE e.country IN (SELECT unnest(?)) AND e.date_start BETWEEN ? AND ? "
        "AND coalesce(e.date_end, e.date_start) <= ? "
        "ORDER BY e.deaths_best DESC NULLS LAST, e.date_start DESC, e.id",
        [country_names(country), start, end, end])


def country_level(event: dict) -> bool:
    """Whether an event is located only to the country (UCDP GED ``where_prec`` 6, the country,
    or 7, international waters or airspace; stored as ``geo_precision``): its coordinates are the
    country's centroid, not a place, so it is not drawn as a point nor counted in a province."""
    return (event.get("geo_precision") or 0) >= COUNTRY_LEVEL_PRECISION


def spans_months(event: dict) -> bool:
    """Whether an event is dated only to a span reaching over more than one calendar month (GED
    ``date_prec`` 4–5, e.g. a whole year): it belongs to no single month of the monthly chart."""
    start, last = event["date_start"], event.get("date_end") or event["date_start"]
    return (last.year, last.month) != (start.year, start.month)


def whole(value: float | None) -> int | float | None:
    """A death count as an integer when it is one (GED best estimates are), else as it is."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 1)


def _event_datasets(events: list[dict]) -> list[dict]:
    """Citation rows for the datasets of ``events`` (:func:`_events`), with the versions the store
    records for them (``events.version``) and, for events loaded without one, the ingested file."""
    by_dataset: dict[str, dict] = {}
    for e in events:
        entry = by_dataset.setdefault(e["dataset"], {"versions": set(), "files": set(), "events": 0})
        entry["events"] += 1
        if e["version"]:
            entry["versions"].add(e["version"])
        else:
            entry["files"].add((e["file"] or "file not recorded").replace("\\", "/").rsplit("/", 1)[-1])
    return [{**_dataset_row(d, sorted(e["versions"]), files=sorted(e["files"])), "events": e["events"]}
            for d, e in sorted(by_dataset.items())]


def _event_view(e: dict) -> dict:
    """An event as the map, its points and the key events show it: ``location`` is ``country`` for an
    event placed only in the country (:func:`country_level`), else its province; ``date_end`` and
    ``spans_months`` say when it is dated only to a span."""
    national = country_level(e)
    return {"id": e["id"], "date": e["date_start"].isoformat(),
            "date_end": (e["date_end"] or e["date_start"]).isoformat(), "spans_months": spans_months(e),
            "admin1": None if national else e["admin1"], "location": "country" if national else "admin1",
            "lat": e["lat"], "lon": e["lon"], "deaths": whole(e["deaths_best"]),
            "sides": " – ".join(filter(None, [", ".join(e["side_a_names"] or []),
                                              ", ".join(e["side_b_names"] or [])])),
            "dataset": e["dataset"]}


def _counting_note(data: dict, total: int) -> str:
    """What the map's points, the monthly chart and the province table each count of the ``total``
    events of the window."""
    parts_ = []
    if data["points_capped"]:
        parts_.append(f"points: the {MAX_EVENT_POINTS:,} deadliest of {data['points_total']:,} located events")
    national, spanning = data["country_level"], data["spanning"]
    if national["events"]:
        parts_.append(f"{national['events']:,} event{'s' if national['events'] != 1 else ''} located only to the "
                      f"country ({national['deaths']:,} deaths) are not drawn as points nor counted in a province")
    if spanning["events"]:
        parts_.append(f"{spanning['events']:,} event{'s' if spanning['events'] != 1 else ''} dated only to a span of "
                      f"more than one calendar month ({spanning['deaths']:,} deaths) are left out of the monthly chart")
    if not total:
        return "no events in the window"
    if not parts_:
        return f"the map, the monthly chart and the province table count the same {total:,} events"
    return f"{total:,} events; " + "; ".join(parts_)


def _map_section(store: Store, country: str, as_of: dt.date) -> Section:
    provinces = province_topology(country)
    start, end = event_window(as_of)
    partial = (end + dt.timedelta(days=1)).day != 1
    window = {"start": start.isoformat(), "end": end.isoformat(), "months": EVENT_WINDOW_MONTHS,
              "last_month_partial": partial,
              "text": f"{start.isoformat()} to {end.isoformat()}: {EVENT_WINDOW_MONTHS} calendar months"
                      + (f", {end.strftime('%Y-%m')} only through {end.isoformat()}" if partial else "")}
    data: dict[str, Any] = {"topology": country_topology(country), "provinces": provinces,
                            "capital": capital_of(country),
                            "points": [], "admin1": [], "monthly": [], "window_days": (end - start).days + 1,
                            "window": window, "datasets": [],
                            "shapes_note": "country outlines: Natural Earth via world-atlas; " + (
                                f"{PROVINCES_NOTE}, shaded by events" if provinces else
                                "no province outlines installed, admin1 drawn as bubbles at the mean "
                                "position of its events")}
    events = _events(store, country, as_of)
    if not events and parts.event_count(store, country_names(country)) == 0:
        return Section("map", "Events map", "missing",
                       f"no event data loaded for {country} — run cwatch ingest ucdp-ged FILE "
                       "(UCDP GED events) to see events by province and over time", data)
    data["datasets"] = _event_datasets(events)
    placed = [e for e in events if not country_level(e)]
    shapes = (locate(provinces, [e["lon"] for e in placed], [e["lat"] for e in placed],
                     [e["admin1"] for e in placed]) if provinces and placed else [None] * len(placed))
    shape_names = ({g["id"]: g["properties"]["name"] for g in provinces["objects"]["provinces"]["geometries"]}
                   if provinces else {})
    by_admin: dict[str, dict] = {}
    monthly: dict[str, dict] = defaultdict(lambda: {"events": 0, "deaths": 0.0})
    spanning = [e for e in events if spans_months(e)]
    for e in events:
        if spans_months(e):
            continue  # dated only to a span of months: shown apart (data["spanning"]), not in one month
        month = e["date_start"].strftime("%Y-%m")
        monthly[month]["events"] += 1
        monthly[month]["deaths"] += e["deaths_best"] or 0
    for e, shape in zip(placed, shapes):
        if shape is None and (e["lat"] is None or e["lon"] is None):
            continue
        name = shape_names[shape] if shape else (e["admin1"] or "unknown province")
        agg = by_admin.setdefault(shape or f"name:{name}", {"admin1": name, "shape": shape, "events": 0,
                                                           "deaths": 0.0, "lat": 0.0, "lon": 0.0, "located": 0})
        agg["events"] += 1
        agg["deaths"] += e["deaths_best"] or 0
        if e["lat"] is not None and e["lon"] is not None:
            agg["lat"] += e["lat"]
            agg["lon"] += e["lon"]
            agg["located"] += 1
    for agg in by_admin.values():
        located = agg.pop("located")
        agg["lat"] = round(agg["lat"] / located, 4) if located else None
        agg["lon"] = round(agg["lon"] / located, 4) if located else None
        agg["deaths"] = whole(agg["deaths"])
    data["admin1"] = sorted(by_admin.values(), key=lambda a: (-a["events"], a["admin1"]))
    drawable = [e for e in placed if e["lat"] is not None and e["lon"] is not None]
    data["points"] = [_event_view(e) for e in drawable[:MAX_EVENT_POINTS]]
    national = [e for e in events if country_level(e)]
    data["events_total"] = len(events)
    data["points_total"] = len(drawable)
    data["points_capped"] = len(drawable) > MAX_EVENT_POINTS
    data["country_level"] = {"events": len(national), "deaths": whole(sum(e["deaths_best"] or 0 for e in national))}
    data["spanning"] = {"events": len(spanning), "deaths": whole(sum(e["deaths_best"] or 0 for e in spanning))}
    data["counting_note"] = _counting_note(data, len(events))
    last_month = end.strftime("%Y-%m")
    data["monthly"] = [{"month": m, "events": v["events"], "deaths": whole(v["deaths"]),
                        "partial": partial and m == last_month} for m, v in sorted(monthly.items())]
    data["key_events"] = [_event_view(e) for e in events[:10]]
    if not events:
        return Section("map", "Events map", "missing",
                       f"no events for {country} from {start} to {end} ({EVENT_WINDOW_MONTHS} calendar months)", data)
    return Section("map", "Events map", "live", None, data)


#: Relation types by which an actor outside the country acts on one of the country's actors (the
#: outside actor is the relation's source): such a relation is kept as a one-hop item.
INBOUND_TYPES = ("state_support", "support", "foreign_fighters", "sanctuary")
ONE_HOP = " (one hop)"


def country_actors(graph: dict, case: dict | None) -> set[str]:
    """The country's actors: those that operate in or come from it or take part in one of its cases
    (the graph's core), and the members of its coalitions (network analytics) and case sides."""
    ids = {n["id"] for n in graph["nodes"] if n["core"]}
    ids.update(m for c in graph.get("coalitions") or [] for m in c["members"])
    ids.update((case or {}).get("coalition") or [])
    ids.update((case or {}).get("government") or [])
    return ids


def edge_scope(edge: dict, own: set[str], home: set[str] = frozenset()) -> str | None:
    """``country`` when both ends are the country's actors (``own``); ``one hop`` when an outside
    actor supports or sends fighters to one of them, or hosts one that comes from the country
    (``home``: a sanctuary abroad of another country's group is that country's affair);
    None otherwise (a relation of the country's actors abroad, or of outsiders)."""
    inside = (edge["source"] in own, edge["target"] in own)
    if all(inside):
        return "country"
    if inside == (False, True) and edge["type"] in INBOUND_TYPES and (
            edge["type"] != "sanctuary" or edge["target"] in home):
        return "one hop"
    return None


def home_actors(graph: dict) -> set[str]:
    """Actors of the graph whose origin is its country."""
    return {n["id"] for n in graph["nodes"] if n.get("origin") == graph.get("country")}


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _precision_of(value: object) -> str | None:
    """``day``, ``month`` or ``year``: how precisely a timeline entry's date is coded."""
    try:
        return parse_partial_date(str(value)[:10]).precision
    except ValueError:
        return None


def _timeline_key(item: dict) -> tuple:
    """Sort key of a timeline entry: the first day of its coded date, then its precision (a year
    before a month before a day, so that in the newest-first list a year-only entry comes after
    every entry dated inside its year), then its kind and text for a stable order."""
    try:
        first = parse_partial_date(str(item["date"])[:10]).start().isoformat()
    except ValueError:
        first = str(item["sort"])[:10]
    return (first, _PRECISION_RANK.get(item.get("precision"), 2), item["kind"], item["text"])


def key_event_text(e: dict) -> str:
    """A key event in the timeline: where (its province, or "(location: country)" for an event placed
    only in the country), the sides, the deaths and the dataset, and its span when it is dated only
    to one (GED records of a whole year)."""
    if e.get("location") == "country":
        where = "(location: country) "
    else:
        where = f"{e['admin1']}: " if e.get("admin1") else "(province not recorded) "
    span = (f"; dated only to {e['date']} – {e['date_end']}" if e.get("date_end") and e["date_end"] != e["date"]
            else "")
    return f"{where}{e['sides']} ({e['deaths'] or 0:,.0f} deaths, {e['dataset']}{span})"


def _timeline_section(store: Store, graph: dict, case: dict | None, map_section: Section,
                      as_of: dt.date) -> Section:
    """Relation starts and ends, lineage, the case and key events up to ``as_of`` that concern the
    country: relations between two of its actors, plus (marked one hop) support or fighters sent
    to one of them from outside, sanctuary abroad for a group from the country, and lineage into
    one of them from an outside group (:func:`edge_scope`)."""
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    own, home = country_actors(graph, case), home_actors(graph)
    items = []
    for e in graph["edges"]:
        scope = edge_scope(e, own, home)
        if scope is None:
            continue
        mark = ONE_HOP if scope == "one hop" else ""
        pair = f"{names.get(e['source'], e['source'])} – {names.get(e['target'], e['target'])}"
        if e["from_date"] and e["from_date"] <= as_of.isoformat():
            uncertain = start_uncertain(e["valid_from"], None, as_of)
            items.append({"date": e["valid_from"], "sort": e["from_date"], "kind": "relation begins" + mark,
                          "text": f"{e['type'].replace('_', ' ')}: {pair}" + (f" ({uncertain})" if uncertain else ""),
                          "edge": e["id"], "scope": scope, "sources": edge_sources(graph, e),
                          "start_uncertain": uncertain})
        if e["to_date"] and e["to_date"] <= as_of.isoformat():
            items.append({"date": e["valid_to"], "sort": e["to_date"], "kind": "relation ends" + mark,
                          "text": f"{e['type'].replace('_', ' ')}: {pair}", "edge": e["id"], "scope": scope,
                          "sources": edge_sources(graph, e)})
    lineage = [l for l in read_lineage(store) if l.to_id in own]
    if lineage:
        names.update({r["id"]: r["name"] for r in store.query(
            "SELECT id, name FROM actors WHERE id IN (SELECT unnest(?))",
            [sorted({l.from_id for l in lineage} - set(names))])})
    for l, details in zip(lineage, source_details_lists(store, [entry.sources for entry in lineage])):
        if l.date:
            scope = "country" if l.from_id in own else "one hop"
            items.append({"date": l.date, "sort": l.date,
                          "kind": f"lineage: {l.type}" + (ONE_HOP if scope == "one hop" else ""),
                          "text": f"{names.get(l.from_id, l.from_id)} → {names.get(l.to_id, l.to_id)}",
                          "scope": scope, "sources": details})
    if case:
        items.append({"date": case["date"], "sort": case["date"], "kind": case["outcome"].replace("_", " "),
                      "text": f"{case['country']}: {case.get('capital') or 'capital'} — {case.get('note') or ''}",
                      "scope": "country", "sources": source_details(store, case["sources"], once=True)})
    for e in (map_section.data or {}).get("key_events", []):
        items.append({"date": e["date"], "sort": e["date"], "kind": "key event",
                      "text": key_event_text(e), "scope": "country", "sources": []})
    items = [i for i in items if i["sort"] and i["sort"] <= as_of.isoformat()]
    for i in items:
        i["precision"] = _precision_of(i["date"])
    # newest first; an entry dated only to a year (or a month) stands at the start of its year (month):
    # below every entry dated inside it
    items.sort(key=_timeline_key, reverse=True)
    return Section("timeline", "Timeline of relation changes and key events", "live", None, items[:150])


def _edges_of_type(graph: dict, types: tuple[str, ...], as_of: dt.date) -> list[dict]:
    """The graph's edges of ``types`` in force on ``as_of`` with both their groups active then."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    return _mark_starts([{**e, "source_name": (nodes.get(e["source"]) or {}).get("name"),
                          "target_name": (nodes.get(e["target"]) or {}).get("name"),
                          "sources": edge_sources(graph, e)}
                         for e in graph["edges"] if e["type"] in types and live_edge(e, as_of, nodes)], as_of)


def _sanctuary_section(store: Store, graph: dict, country: str, case: dict | None, as_of: dt.date,
                       analysis, hint: str) -> Section:
    rows = _edges_of_type(graph, ("sanctuary",), as_of)
    fallen = bool(case and case["outcome"] == "fall" and case["date"][:10] <= as_of.isoformat())
    if analysis is not None and fallen:
        hosted = analysis.sanctuary(country, case["date"][:10])["hosted"]
        live = []
        for h, details in zip(hosted, source_details_lists(store, [host["sources"] for host in hosted])):
            relations = _mark_starts([r for r in h["relations"]
                                      if not r.get("from") or str(r["from"])[:10] <= as_of.isoformat()], as_of)
            if relations:
                live.append({**h, "relations": relations, "sources": details})
        message = None if live or rows else (f"none recorded as of {as_of}: no group hosted or supported by the "
                                             f"winners after the fall of {case['date'][:10]}, no sanctuary relation in force")
        return Section("sanctuary", "Sanctuary", "live", message,
                       {"hosted": live, "after": case["date"][:10], "kb_relations": rows})
    if not rows:
        return Section("sanctuary", "Sanctuary", "missing", "no sanctuary relation recorded as of this date",
                       {"hosted": [], "kb_relations": []})
    message = None if analysis is not None else "sanctuary relations from the knowledge base; " + hint
    return Section("sanctuary", "Sanctuary", "live" if analysis is not None else "fallback", message,
                   {"hosted": [], "kb_relations": rows})


def _contagion_section(store: Store, country: str, as_of: dt.date, analysis, hint: str) -> Section:
    if analysis is None:
        return Section("contagion", "Contagion", "missing", "no contagion analysis: " + hint)
    since = _month_shift(as_of, -CONTAGION_MONTHS)
    signals = analysis.contagion(since.isoformat(), until=as_of.isoformat())["signals"]
    mine = [s for s in signals if s["fallen_country"] == country or country in (s.get("based_in") or [])]
    for s, details in zip(mine, source_details_lists(store, [signal.get("sources") for signal in mine])):
        s["sources"] = details
    _mark_starts(mine, as_of)
    if not mine:
        return Section("contagion", "Contagion", "live",
                       f"no new tie abroad with the winners of a fall, involving {country}, since {since}", [])
    return Section("contagion", "Contagion", "live", None, mine)


def _resistance_section(graph: dict, case: dict | None, as_of: dt.date) -> Section:
    """Who stands against the leading coalition: the government side and rivals of its members."""
    coalition = set((case or {}).get("coalition") or [])
    government = set((case or {}).get("government") or [])
    if not coalition:
        return Section("resistance", "Resistance", "missing",
                       "no case coalition recorded for this country — add one to cases.yaml", [])
    rows = [e for e in _edges_of_type(graph, ("rivalry",), as_of)
            if (e["source"] in coalition) != (e["target"] in coalition)]
    support = [e for e in _edges_of_type(graph, ("state_support", "support", "alliance"), as_of)
               if (e["target"] in government or e["source"] in government) and
               not ({e["source"], e["target"]} & coalition)]
    return Section("resistance", "Resistance", "fallback",
                   "from knowledge-base rivalries with the coalition and support to the government side",
                   {"rivalries": rows, "government_support": support,
                    "government": sorted(government)})


def _known_by(date: str, as_of: dt.date) -> bool:
    """Whether a case dated ``date`` (a partial date) happened on or before ``as_of``, read as
    :func:`case_for` reads it (the first day of its coded period)."""
    try:
        return parse_partial_date(date).start() <= as_of
    except ValueError:
        return False


def _cases_section(store: Store, country: str, as_of: dt.date) -> Section:
    """The country's falls and near misses dated on or before ``as_of``: a briefing as of a date
    does not know of later ones."""
    cases = [c.model_dump() for c in read_cases(store) if c.country == country and _known_by(c.date, as_of)]
    for c, details in zip(cases, source_details_lists(store, [case["sources"] for case in cases])):
        c["source_details"] = details
    if not cases:
        return Section("cases", "Falls and near misses", "missing",
                       f"no fall or near miss recorded for {country} on or before {as_of}", [])
    return Section("cases", "Falls and near misses", "live", None, cases)


def _sources_section(sections: dict[str, Section], case: dict | None, as_of: dt.date) -> Section:
    """The sources cited by the sections: the event datasets behind the map and the risk curve
    first, then the documents cited by the other sections and by the graph's relations that concern
    the country (:func:`edge_scope`) and began by ``as_of``, by id."""
    cited: dict[str, dict] = {}
    datasets: dict[str, dict] = {}
    for key in ("map", "risk"):
        for row in ((sections[key].data or {}) if key in sections else {}).get("datasets") or []:
            datasets.setdefault(row["id"], {k: v for k, v in row.items() if k != "events"})

    def visit(value) -> None:
        if isinstance(value, dict):
            if value.get("kind") == "dataset":
                return
            if "url" in value and "id" in value and "title" in value:
                cited.setdefault(value["id"], {k: value.get(k) for k in CATALOGUE_KEYS})
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)
    for key, s in sections.items():
        if key != "graph":
            visit(s.data)
    graph = sections["graph"].data if "graph" in sections else None
    if graph:
        own, home = country_actors(graph, case), home_actors(graph)
        for e in graph["edges"]:
            if edge_scope(e, own, home) and (not e["from_date"] or e["from_date"] <= as_of.isoformat()):
                visit(edge_sources(graph, e))
    rows = list(datasets.values()) + sorted(cited.values(), key=lambda s: s["id"])
    return Section("sources", "Sources", "live" if rows else "missing", None if rows else "no sources cited", rows)


def build_briefing(store: Store, country: str, as_of: str | dt.date | None = None, *,
                   use: tuple[str, ...] = parts.OPTIONAL, risk_months: int = RISK_MONTHS) -> Briefing:
    """Every section of the briefing on ``country`` (ISO3 or name) as of ``as_of``.

    ``use`` names the optional parts to call when installed (``network``, ``risk``); leave one
    out to get its fallback or missing section quickly. ``risk_months``: length of the risk curve.
    """
    day = parse_as_of(as_of)
    iso3 = normalise_country(store, country)
    case = case_for(store, iso3, day)
    analysis = _analysis(store) if "network" in use else None
    network_hint = (parts.NETWORK.hint if "network" in use else
                    "coalition analytics left out of this briefing (run cwatch brief without --skip network)")
    sections: dict[str, Section] = {}
    sections["graph"] = _graph_section(store, iso3, day, case, analysis, network_hint)
    graph = sections["graph"].data
    sections["members"] = _members_section(store, graph, case, day)
    sections["risk"] = (_risk_section(iso3, day, risk_months) if "risk" in use else
                        Section("risk", "Risk over time", "missing",
                                "risk scores left out of this briefing (run cwatch brief without --skip risk)"))
    sections["map"] = _map_section(store, iso3, day)
    sections["timeline"] = _timeline_section(store, graph, case, sections["map"], day)
    sections["sanctuary"] = _sanctuary_section(store, graph, iso3, case, day, analysis, network_hint)
    sections["contagion"] = _contagion_section(store, iso3, day, analysis, network_hint)
    sections["resistance"] = _resistance_section(graph, case, day)
    sections["cases"] = _cases_section(store, iso3, day)
    sections["sources"] = _sources_section(sections, case, day)
    return Briefing(country=iso3, country_name=country_name(iso3), as_of=day.isoformat(),
                    generated_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    case={k: case[k] for k in ("id", "date", "outcome", "capital", "coalition", "government")} if case else None,
                    capital=capital_of(iso3), sections=sections)
