"""The web app: server-rendered pages (Jinja2 + HTMX) and a JSON API under ``/api/``.

Pages: search, group, country (the live briefing), coalition over time, risk dashboard, review
queue. Security defaults: loopback only unless a token is set (:func:`check_bind`); with a token,
every request must carry it (``Authorization: Bearer``, ``X-CWatch-Token``, the ``cwatch_token``
cookie, or ``?token=`` once, which sets the cookie); every write needs the per-process CSRF token
and a same-origin ``Origin`` when one is sent; templates escape all text; a strict
Content-Security-Policy allows scripts from the app itself only.

The store is used in one session per request (:class:`StoreSessions`): read-only for pages and
the JSON reads, read-write for the review actions. With a :class:`~coalition_watch.store.SessionStore`
(``cwatch serve``) the app holds no lock on the file between requests, so other ``cwatch``
commands work on the same store while it runs.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import secrets
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .. import api as core_api
from ..errors import CoalitionWatchError, InputError
from ..store import SessionStore, Store, StoreBusy
from ..store.actors import read_cases
from . import parts, review_queue
from .briefing import RISK_MONTHS, build_briefing, latest_as_of, parse_as_of, read_as_of
from .exports import export_bytes
from .graph import annotate_fallback, build_graph, graph_json
from .geo import country_name, country_names
from .html import STATIC, env, vendor_missing

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
EXPORT_TYPES = {"graph.graphml": ("graphml", "application/graphml+xml"), "graph.gexf": ("gexf", "application/xml"),
                "graph.png": ("png", "image/png"), "graph.svg": ("svg", "image/svg+xml"),
                "members.csv": ("members-csv", "text/csv"), "relations.csv": ("relations-csv", "text/csv")}


#: the ``as_of`` query parameter of pages and the JSON API: a month or a day, as on the command line
AS_OF = Query(None, description="A month YYYY-MM (its last day) or a day YYYY-MM-DD; default today.",
              examples=["2024-11", "2024-11-30"])


#: The name the web app gives an input an error names by its Python parameter (``field`` of an
#: :class:`~coalition_watch.errors.InputError`) where the path or query parameter that carries it
#: here is called otherwise; the others (``as_of``, ``country``, ``actor_id``, ...) keep their name.
PARAMETERS = {"query": "q"}

log = logging.getLogger(__name__)


def web_field(exc: BaseException) -> str | None:
    """The name, as a parameter of the web app (:data:`PARAMETERS`), of the input an error names
    (``field`` of an :class:`~coalition_watch.errors.InputError`); None when it names none."""
    field = getattr(exc, "field", None)
    return PARAMETERS.get(field, field) if field else None


def web_message(exc: BaseException) -> str:
    """An error's one line worded for the web app: an :class:`InputError` about one input is
    ``field '<parameter>': <reason>`` with the input named as the app's parameter
    (:meth:`~coalition_watch.errors.InputError.named`; the command line names its option);
    any other error says what it says."""
    if isinstance(exc, InputError) and exc.field:
        return str(exc.named({exc.field: web_field(exc)}))
    return str(exc)


def error_body(exc: BaseException, message: str | None = None) -> dict:
    """The JSON of an error answer: ``detail`` (one line: ``message``, else :func:`web_message`)
    and, when the error names the input at fault, ``field``: that input's name as a parameter of
    the web app (:func:`web_field`)."""
    body: dict[str, Any] = {"detail": message if message is not None else web_message(exc)}
    field = web_field(exc)
    if field:
        body["field"] = field
    return body


def busy_message(store: Store) -> str:
    """Why a request found the store busy, worded for the web app (the library's message suggests
    opening another store, which a request cannot do): who may hold it and what to do."""
    wait = getattr(store, "wait", None)
    within = f" within {wait:g} s" if wait else ""
    return (f"the store {store.path} is in use by another process (for example a cwatch command writing to it) "
            f"or by other requests of this app, and did not come free{within}; try again in a moment")


def _as_of(value: str | dt.date | None, use: tuple[str, ...] = ()) -> dt.date | None:
    """The date of an ``as_of`` parameter (``YYYY-MM`` or ``YYYY-MM-DD``), named as the web app
    names it in errors; None when not given. A date later than any the app takes is refused with
    :func:`_past_data_message` (``use``: the optional parts of the app)."""
    if not value:
        return None
    day = read_as_of(value, field="as_of")
    if day > latest_as_of():
        raise InputError(_past_data_message(day, use), field="as_of")
    return parse_as_of(day, field="as_of")


class UnsafeBindError(CoalitionWatchError):
    """Binding to a non-loopback address without an access token."""


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond loopback without a token."""
    if host not in LOOPBACK and not token:
        raise UnsafeBindError(f"refusing to bind {host} without an access token: pass --token or set "
                              "CWATCH_TOKEN (loopback addresses need none)")


class ReviewAction(BaseModel):
    """A review decision sent to ``POST /api/review/{relation_id}``."""

    action: Literal["accept", "reject", "edit"]
    reviewer: str = Field(min_length=1, max_length=80)
    note: str | None = Field(default=None, max_length=2000)
    changes: dict[str, str | None] = Field(default_factory=dict)


def _token_from(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return (request.headers.get("x-cwatch-token") or request.cookies.get("cwatch_token")
            or request.query_params.get("token"))


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


#: Requests that write to the store (the review actions); every other request reads only.
WRITE_PATHS = ("/review/", "/api/review/")


class StoreSessions:
    """ASGI middleware: each request (but the static files) runs in a session of the store,
    read-only unless it is a POST to a review action, opened before the request (in a worker
    thread: a session of the other mode in flight is waited for there, not in the event loop) and
    closed after it, background tasks included. A store another process holds for longer than the
    store's wait is a 503 with a one-line reason (``busy_response(scope, exc)``). For a plain :class:`Store`, which holds its
    connection for its whole life, this does nothing."""

    def __init__(self, app, store: Store, busy_response) -> None:
        self.app, self.store, self.busy_response = app, store, busy_response

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or not isinstance(self.store, SessionStore)
                or scope["path"].startswith("/static/")):
            await self.app(scope, receive, send)
            return
        write = scope["method"] == "POST" and scope["path"].startswith(WRITE_PATHS)
        try:
            session = await run_in_threadpool(self.store.open_session, write)
        except StoreBusy as exc:
            await self.busy_response(scope, exc)(scope, receive, send)
            return
        token = self.store.activate(session)
        try:
            await self.app(scope, receive, send)
        finally:
            self.store.deactivate(token)
            await run_in_threadpool(self.store.close_session, session)


def create_app(store: Store, *, token: str | None = None, use: tuple[str, ...] = parts.OPTIONAL) -> FastAPI:
    """The FastAPI app over ``store``; with ``token``, every request must present it. ``use``: the
    optional parts briefings call (see :func:`.briefing.build_briefing`). With a
    :class:`~coalition_watch.store.SessionStore` the app attaches the store per request only."""
    app = FastAPI(title="Coalition Watch", version="1", docs_url=None, redoc_url=None, description="Armed-group coalitions, their sourced "
                  "relations, briefings and the review queue. JSON endpoints live under /api/.")
    app.state.store = store
    app.state.token = token
    app.state.csrf = secrets.token_urlsafe(32)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    templates = env()

    def busy_response(scope, exc: StoreBusy) -> Response:
        """503 for a store held by another process, worded for the web app (:func:`busy_message`;
        the store's own message is logged): JSON for the API and HTMX, else a page."""
        log.warning("%s %s: %s", scope.get("method"), scope["path"], exc)
        message = busy_message(store)
        headers = dict((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope.get("headers", []))
        if scope["path"].startswith("/api/") or headers.get("hx-request"):
            return JSONResponse(error_body(exc, message), status_code=503, headers={"Retry-After": "2"})
        body = templates.get_template("error.html").render(
            csrf=app.state.csrf, request_path=scope["path"], parts={}, inline=False, assets_missing=[],
            message=message, status=503)
        return HTMLResponse(body, status_code=503, headers={"Retry-After": "2"})

    # inside the guard below (middleware added later wraps earlier ones): no session for a request
    # the token check refuses
    app.add_middleware(StoreSessions, store=store, busy_response=busy_response)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token:
            given = _token_from(request) or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": "access token required"}, status_code=401)
        response = await call_next(request)
        if token and request.query_params.get("token"):
            response.set_cookie("cwatch_token", token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    async def require_csrf(request: Request) -> None:
        if not _same_origin(request):
            raise _Forbidden("cross-origin write refused")
        given = request.headers.get("x-csrf-token")
        if given is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            given = (await request.form()).get("csrf_token")
        if not given or not hmac.compare_digest(str(given).encode(), app.state.csrf.encode()):
            raise _Forbidden("missing or wrong CSRF token")

    @app.exception_handler(_Forbidden)
    async def forbidden(request: Request, exc: _Forbidden):
        return JSONResponse({"detail": str(exc)}, status_code=403)

    @app.exception_handler(CoalitionWatchError)
    async def input_error(request: Request, exc: CoalitionWatchError):
        if isinstance(exc, StoreBusy):
            return busy_response(request.scope, exc)
        reason = getattr(exc, "reason", str(exc))
        status = 404 if reason.startswith(("no actor", "no case", "no relation", "unknown country")) else 400
        if request.url.path.startswith("/api/") and getattr(exc, "field", None) == "as_of":
            status = 422  # a query parameter that is no date, as FastAPI's own validation reports it
        if request.url.path.startswith("/api/") or request.headers.get("hx-request"):
            return JSONResponse(error_body(exc), status_code=status)
        return page(request, "error.html", {"message": web_message(exc), "status": status}, status)

    def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        body = templates.get_template(name).render(csrf=app.state.csrf, request_path=request.url.path,
                                                   parts=parts.status(store), inline=False,
                                                   assets_missing=vendor_missing(), **context)
        return HTMLResponse(body, status_code=status)

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        cases = [c.model_dump() for c in read_cases(store)]
        return page(request, "index.html", {"cases": cases})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = ""):
        hits = core_api.search_actors(q, store=store) if q.strip() else []
        name = "_search_results.html" if request.headers.get("hx-request") else "search.html"
        return page(request, name, {"q": q, "hits": hits})

    @app.get("/groups/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(request: Request, actor_id: str):
        return page(request, "group.html", {"g": core_api.actor_profile(actor_id, store=store)})

    @app.get("/countries/{country}", response_class=HTMLResponse, include_in_schema=False)
    def country_page(request: Request, country: str, as_of: str | None = None):
        # no date asked: the latest month the conflict data allow, as on the risk page (else today)
        latest = None if as_of else _latest_risk_month(use)
        b = build_briefing(store, country, _as_of(as_of, use) or latest, use=use)
        _word_risk_for_web(b, use)
        return page(request, "country.html", {"b": b.to_dict(), "defaulted": latest is not None,
                                              "past_data": _past_data_notice(store, b, use)})

    @app.get("/coalitions/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    def coalition_page(request: Request, case_id: str, as_of: str | None = None):
        return page(request, "coalition.html", {"b": _coalition_view(store, case_id, _as_of(as_of, use), use)})

    @app.get("/risk", response_class=HTMLResponse, include_in_schema=False)
    def risk_page(request: Request, as_of: str | None = None):
        latest = None if as_of else _latest_risk_month(use)  # no month asked: the latest the data allow
        risk = _risk_ranking(store, _as_of(as_of, use) or latest, use)
        return page(request, "risk.html", {"risk": {**risk, "defaulted": latest is not None}})

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request):
        return page(request, "review.html", {"queue": review_queue.list_queue(store),
                                             "audit": review_queue.audit_trail(store, limit=30)})

    @app.post("/review/{relation_id}/{action}", response_class=HTMLResponse, include_in_schema=False,
              dependencies=[Depends(require_csrf)])
    async def review_form(request: Request, relation_id: str, action: str):
        """One form per queue row: its reviewer and note go with accept, reject and edit alike."""
        form = await request.form()
        reviewer, note = str(form.get("reviewer") or ""), (str(form.get("note") or "").strip() or None)

        def decide() -> Response:  # store work off the event loop (a session may wait for another)
            if action == "edit":
                changes = {k: str(form.get(k) or "") for k in review_queue.EDITABLE if form.get(k) is not None}
                review_queue.edit(store, relation_id, changes, reviewer=reviewer, note=note)
            else:
                review_queue.decide(store, relation_id, action, reviewer=reviewer, note=note)
            if request.headers.get("hx-request"):
                rows = [r for r in review_queue.list_queue(store) if r["id"] == relation_id]
                return page(request, "_review_row.html", {"r": rows[0] if rows else None, "done": action,
                                                          "relation_id": relation_id})
            return RedirectResponse("/review", status_code=303)

        response = await run_in_threadpool(decide)
        return response

    @app.get("/export/{country}/{name}", include_in_schema=False)
    def export_file(country: str, name: str, as_of: str | None = None):
        if name not in EXPORT_TYPES:
            raise InputError(f"unknown export '{name}' (one of: {', '.join(EXPORT_TYPES)})", field="name")
        fmt, media = EXPORT_TYPES[name]
        b = build_briefing(store, country, _as_of(as_of, use), use=tuple(p for p in use if p != "risk"))
        body = export_bytes(b.sections["graph"].data, b.sections["members"].data or [], fmt)
        return Response(body, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{b.country}-{b.as_of}-{name}"'})

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/search", tags=["actors"])
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=100)) -> list[dict[str, Any]]:
        """Actors whose name or alias matches ``q``."""
        return core_api.search_actors(q, store=store, limit=limit)

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def api_actor(actor_id: str) -> dict[str, Any]:
        """One actor with aliases, lineage, relations and sources."""
        return _jsonable(core_api.actor_profile(actor_id, store=store))

    @app.get("/api/cases", tags=["cases"])
    def api_cases() -> list[dict[str, Any]]:
        """Government falls and near misses."""
        return core_api.list_cases(store=store)

    @app.get("/api/countries/{country}/briefing", tags=["briefings"])
    def api_briefing(country: str, as_of: str | None = AS_OF) -> dict[str, Any]:
        """Every section of a country briefing, as in ``cwatch brief --json``."""
        return _jsonable(build_briefing(store, country, _as_of(as_of, use), use=use).to_dict())

    @app.get("/api/graph", tags=["graph"], response_class=JSONResponse,
             responses={200: {"description": "nodes (coalition, strength) and edges (evidence, sources)"}})
    def api_graph(country: str = Query(..., min_length=2, max_length=60), as_of: str | None = AS_OF,
                  max_nodes: int | None = Query(None, ge=1, le=20000)) -> Response:
        """The country's coalition graph (nodes with coalition and strength; edges with evidence)."""
        from .briefing import case_for, normalise_country
        iso3 = normalise_country(store, country)
        day = parse_as_of(_as_of(as_of, use))
        case = case_for(store, iso3, day)
        if max_nodes is None:
            return Response(graph_json(store, iso3, as_of=day, case=case), media_type="application/json")
        graph = annotate_fallback(build_graph(store, iso3, as_of=day, case=case, max_nodes=max_nodes), day, case)
        return Response(json.dumps(graph, ensure_ascii=False, separators=(",", ":"), default=str),
                        media_type="application/json")

    @app.get("/api/risk", tags=["risk"])
    def api_risk(as_of: str | None = AS_OF) -> dict[str, Any]:
        """Countries ranked by the risk of a government fall in the month of ``as_of`` (without
        it, the latest month the conflict data allow, as on the risk page)."""
        return _risk_ranking(store, _as_of(as_of, use) or _latest_risk_month(use), use)

    @app.get("/api/review", tags=["review"])
    def api_review(status: Literal["extracted-pending", "accepted", "rejected"] = "extracted-pending",
                   limit: int = Query(200, ge=1, le=1000)) -> list[dict[str, Any]]:
        """Relations in the review queue with their claims and documents."""
        return _jsonable(review_queue.list_queue(store, status=status, limit=limit))

    @app.get("/api/review/audit", tags=["review"])
    def api_audit(relation_id: str | None = None, limit: int = Query(200, ge=1, le=1000)) -> list[dict[str, Any]]:
        """The review audit trail, newest first."""
        return review_queue.audit_trail(store, relation_id, limit)

    @app.post("/api/review/{relation_id}", tags=["review"], dependencies=[Depends(require_csrf)])
    def api_review_action(relation_id: str, body: ReviewAction) -> dict[str, Any]:
        """Accept, reject or edit a pending relation (needs the ``X-CSRF-Token`` header)."""
        if body.action == "edit":
            result = review_queue.edit(store, relation_id, body.changes, reviewer=body.reviewer, note=body.note)
        else:
            result = review_queue.decide(store, relation_id, body.action, reviewer=body.reviewer, note=body.note)
        return result

    return app


class _Forbidden(Exception):
    pass


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _coalition_view(store: Store, case_id: str, as_of: str | None, use: tuple[str, ...]) -> dict:
    """A case's coalition and government sides over time, as a briefing-shaped dict (graph only)."""
    profile = core_api.case_profile(case_id, store=store)
    day = parse_as_of(as_of or profile["date"][:10])
    b = build_briefing(store, profile["country"], day, use=tuple(p for p in use if p != "risk")).to_dict()
    keep = set(profile["coalition"]) | set(profile["government"]) | set(profile.get("outside_support") or [])
    graph = b["sections"]["graph"]["data"]
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] in keep]
    graph["edges"] = [e for e in graph["edges"] if e["source"] in keep and e["target"] in keep]
    b["sections"] = {"graph": b["sections"]["graph"]}
    b["coalition_case"] = profile
    return b


#: months of conflict data a risk ranking needs before the month it ranks (the part's rule: the
#: data month, the month before the ranked one, must be at least 36 months after the panel's first)
RISK_HISTORY_MONTHS = 37
#: months of the risk curve a country page shows (the briefing's default)
RISK_MONTHS_SHOWN = RISK_MONTHS


def _month_day(index: int) -> dt.date:
    """The last day of the month ``index`` (year·12 + month − 1, as the risk part counts months)."""
    return parse_as_of(f"{index // 12:04d}-{index % 12 + 1:02d}")


def _risk_months(use: tuple[str, ...]) -> tuple[dt.date, dt.date] | None:
    """The last days of the first and the latest month the early-warning part can rank: from
    :data:`RISK_HISTORY_MONTHS` after the first month of its conflict panel to the month after its
    last (a ranking for month M reads data through M-1; the part reads the panel's span with
    ``store_panel.csv_extent``). None without the part or its data."""
    if "risk" not in use or parts.load(parts.RISK) is None:
        return None
    try:
        from ..risk.store_panel import csv_extent
        first, last = csv_extent()[:2]
    except (CoalitionWatchError, OSError, ImportError):
        return None
    return _month_day(first + RISK_HISTORY_MONTHS), _month_day(last + 1)


def _latest_risk_month(use: tuple[str, ...]) -> dt.date | None:
    """The last day of the latest month the early-warning part can rank (:func:`_risk_months`);
    None without the part or its data."""
    months = _risk_months(use)
    return months[1] if months else None


def _no_ranking_message(month: dt.date, use: tuple[str, ...]) -> str:
    """Why the early-warning part gave no ranking for ``month``, worded for the web app from the
    span of its data (the part's own message is worded for the Python API's ``as_of``)."""
    months = _risk_months(use)
    if months is None:
        return (f"no risk ranking for {month:%Y-%m}: the early-warning part has no conflict data to rank it "
                "— choose another month with as_of")
    earliest, latest = months
    if month > latest:
        return (f"no risk ranking for {month:%Y-%m}: the conflict data run to {_month_before(latest)}, so "
                f"the latest month to rank is {latest:%Y-%m} — choose as_of={latest:%Y-%m} or earlier")
    if month < earliest:
        return (f"no risk ranking for {month:%Y-%m}: a ranking needs three years of conflict data before its "
                f"month, so the earliest month to rank is {earliest:%Y-%m} — choose as_of={earliest:%Y-%m} or later")
    return (f"no risk ranking for {month:%Y-%m}: the early-warning model has none for this month (in the "
            "first years of its data the model for a year may have no fall to learn from) — choose a later as_of")


def _past_data_message(day: dt.date, use: tuple[str, ...]) -> str:
    """Why the web app refuses a date later than any it takes (:func:`.briefing.latest_as_of`):
    the month is past the data, and the last month available is the latest the early-warning part
    can rank (the month after its conflict data end), as on the risk page; without the part, the
    last month the app takes."""
    months = _risk_months(use)
    last = latest_as_of()
    if months is not None:
        latest = months[1]
        return (f"{day:%Y-%m} is past the months this app shows (the last is {last:%Y-%m}): the conflict data "
                f"run to {_month_before(latest)}, so the last month with risk scores is {latest:%Y-%m} — "
                f"choose as_of={latest:%Y-%m} or earlier for a briefing with risk scores")
    return (f"{day:%Y-%m} is past the months this app shows: the last month available is {last:%Y-%m} — "
            f"choose as_of={last:%Y-%m} or earlier")


def _past_data_notice(store: Store, briefing, use: tuple[str, ...]) -> str | None:
    """The country page's notice when its date's month is after the data: after the last month of
    the store's events for the country, or after the latest month the early-warning part can rank
    (its conflict data end the month before); each named with its last month. None when the month
    is inside both (or the store has no events for the country and the part is not used). The page
    is still shown: the knowledge base's relations hold for any date."""
    day = dt.date.fromisoformat(briefing.as_of)
    month = f"{day:%Y-%m}"
    after = []
    last_event = parts.last_event_month(store, country_names(briefing.country))
    if last_event is not None and month > last_event:
        after.append(f"the events loaded for {briefing.country_name} run to {last_event}")
    months = _risk_months(use)
    if months is not None and month > f"{months[1]:%Y-%m}":
        after.append(f"the risk panel's conflict data run to {_month_before(months[1])}, so the last month "
                     f"with risk scores is {months[1]:%Y-%m}")
    if not after:
        return None
    return (f"{month} is after the data: {'; '.join(after)}. The relations of the knowledge base are shown "
            f"as coded for {briefing.as_of}, those without an end taken to continue.")


def _word_risk_for_web(briefing, use: tuple[str, ...]) -> None:
    """The briefing's risk section message worded for the web page when its date lies outside the
    months the early-warning part can rank: the part's own message names the Python API's
    ``as_of``; the page's control is its "Briefing date"."""
    section = briefing.sections.get("risk")
    months = _risk_months(use)
    if section is None or section.status != "missing" or months is None:
        return
    earliest, latest = months
    day = dt.date.fromisoformat(briefing.as_of)
    first_scored = _month_shift_back(day, RISK_MONTHS_SHOWN - 1)
    if first_scored > latest:
        section.message = (f"no risk scores for {briefing.country} in the 12 months to {day:%Y-%m}: the conflict data "
                           f"run to {_month_before(latest)} — choose a briefing date up to {latest:%Y-%m}")
    elif day < earliest:
        section.message = (f"no risk scores for {briefing.country} in the 12 months to {day:%Y-%m}: a score needs "
                           f"three years of conflict data before its month — choose a briefing date from "
                           f"{earliest:%Y-%m}")


def _month_shift_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_before(day: dt.date) -> str:
    return (day.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def _risk_ranking(store: Store, as_of, use: tuple[str, ...]) -> dict:
    """Countries ranked by the early-warning part, or the message that it is missing."""
    countries = sorted({c.country for c in read_cases(store)})
    risk = parts.load(parts.RISK) if "risk" in use else None
    if risk is None:
        return {"status": "missing", "message": parts.RISK.hint, "rows": [], "countries": countries, "as_of": None}
    month = (parse_as_of(as_of) if not isinstance(as_of, dt.date) else as_of) if as_of else dt.date.today()
    try:
        ranking = risk.risk_ranking(month.strftime("%Y-%m"))
    except CoalitionWatchError as exc:  # its message advises command-line options: worded here instead
        log.info("no risk ranking for %s: %s", month, exc)
        return {"status": "missing", "message": _no_ranking_message(month, use), "rows": [], "countries": countries,
                "as_of": month.strftime("%Y-%m")}
    rows = [{**{k: r.get(k) for k in ("rank", "country", "probability", "alarm", "reasons")},
             "country_name": country_name(r["country"])} for r in ranking["countries"]]
    return {"status": "live", "message": None, "rows": rows, "countries": [], "as_of": ranking["as_of"],
            "threshold": ranking["threshold"], "horizon": ranking["horizon"], "data_through": ranking["data_through"],
            "data_sources": ranking.get("data_sources") or []}
