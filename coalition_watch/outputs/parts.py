"""Which optional parts of Coalition Watch are installed and have data.

A briefing shows whatever the analytics, extraction and early-warning parts provide. Each part is
detected once, by importing the module that exposes its public functions and checking those
names exist; data parts (events) are detected by the store's contents. A missing part yields a
section that says what to run, never an error.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType

from ..store import Store


@dataclass(frozen=True)
class Part:
    """An optional part: the module that exposes it, the names a briefing calls, and the hint
    shown when it is missing."""

    name: str
    module: str
    functions: tuple[str, ...]
    hint: str


NETWORK = Part("network", "coalition_watch.network.api", ("CoalitionAnalysis",),
               "coalition detection is not installed (the cwatch coalitions command comes with it) — the "
               "graph groups actors by the case's sides and alliance ties instead")
RISK = Part("risk", "coalition_watch.risk.api", ("risk_ranking",),
            "no risk model installed — the early-warning part (cwatch risk) provides this section")
REVIEW = Part("review", "coalition_watch.extract.review", ("list_claims", "set_status", "edit_claim", "audit_trail"),
              "extraction review functions not installed — the web app's own review queue is used")

#: Parts a briefing may call, by name (``build_briefing(..., use=...)`` selects among them).
OPTIONAL = ("network", "risk")


def load(part: Part) -> ModuleType | None:
    """The part's module if it is installed and exposes every name the briefing calls."""
    if importlib.util.find_spec(part.module.rsplit(".", 1)[0]) is None:
        return None
    if importlib.util.find_spec(part.module) is None:
        return None
    module = importlib.import_module(part.module)
    return module if all(callable(getattr(module, f, None)) for f in part.functions) else None


def event_count(store: Store, country_names: list[str]) -> int:
    """How many events the store holds for a country (any of its names or its ISO3 code)."""
    return int(store.con.execute(
        "SELECT count(*) FROM events WHERE country IN (SELECT unnest(?))", [country_names]).fetchone()[0])


def last_event_month(store: Store, country_names: list[str]) -> str | None:
    """The last month (``YYYY-MM``) of the store's events for a country (any of its names or its
    ISO3 code; an event's end, else its start); None when it holds none."""
    last = store.con.execute("SELECT max(coalesce(date_end, date_start)) FROM events "
                             "WHERE country IN (SELECT unnest(?))", [country_names]).fetchone()[0]
    return f"{last:%Y-%m}" if last is not None else None


def status(store: Store) -> dict[str, bool]:
    """Which parts are present: network, risk, review (modules) and events (store contents)."""
    return {"network": load(NETWORK) is not None, "risk": load(RISK) is not None,
            "review": load(REVIEW) is not None, "events": store.count("events") > 0}
