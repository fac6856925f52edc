"""The early-warning target: dated falls of governments to armed non-state actors, and near misses.

Coding rule (see ``docs/risk.md`` and ``docs/decisions/006-collapse-label-rule.md``):

1. Every ``outcome: fall`` case in the knowledge base (``cases:`` key of any YAML file under the
   KB directory) is a positive.
2. UCDP Conflict Termination v3 episodes with ``outcome == 4`` (victory for side B) and
   ``incompatibility == 2`` (government) are positives, and
3. Archigos 4.1 leader exits coded "Removed by Rebels" are positives —
   except the records listed in ``label_exclusions.yaml`` (coups, assassinations, a foreign
   invasion, protest-driven falls), each with its reason.
4. Events in the same country within 12 months of each other are merged into one fall; its date
   is the KB date if a KB case is among them, else the Archigos exit date, else the UCDP episode
   end date.
5. KB ``outcome: near_miss`` cases are not positives; they are reported separately.

A country-month ``t`` is labelled 1 for horizon ``H`` when a fall occurs in months ``t+1 … t+H``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from coalition_watch.risk.data import country_name_to_iso3, data_file, gw_to_iso3, month_index

DEFAULT_KB_DIR = Path(__file__).resolve().parent.parent / "kb"
EXCLUSIONS_FILE = Path(__file__).resolve().parent / "label_exclusions.yaml"
MERGE_WINDOW_MONTHS = 12
_HAS_CASES = re.compile(r"^cases\s*:", re.MULTILINE)
SOURCE_PRIORITY = {"kb": 0, "archigos": 1, "ucdp_termination": 2}
#: libyaml's safe loader when PyYAML was built with it (same documents, several times faster)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Case:
    """One KB case: a government that fell to armed non-state actors, or nearly did."""

    id: str
    country: str
    date: str
    outcome: str
    capital: str | None = None
    coalition: tuple[str, ...] = ()
    government: tuple[str, ...] = ()
    outside_support: tuple[str, ...] = ()
    note: str = ""
    sources: tuple[str, ...] = field(default=(), repr=False)


def _as_date_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    month_index(text)  # validates YYYY-MM[-DD]
    return text


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) if not isinstance(v, dict) else str(v.get("id", v)) for v in value)
    return (str(value),)


def kb_folder(kb_dir: str | os.PathLike | None = None) -> Path:
    """The knowledge-base folder ``kb_dir`` (default: the package's ``kb/``); an
    :class:`~coalition_watch.errors.InputError` naming ``kb_dir`` when no folder is there (its
    falls would be left out of the labels without a word)."""
    if kb_dir is None:
        return DEFAULT_KB_DIR
    root = Path(kb_dir)
    if not root.is_dir():
        from coalition_watch.errors import InputError

        raise InputError(f"no knowledge-base folder at {root}", field="kb_dir")
    return root


def load_cases(kb_dir: str | os.PathLike | None = None) -> list[Case]:
    """All cases under ``kb_dir`` (default: the package's ``kb/``): every ``*.yaml`` file, recursively,
    whose top level is a mapping with a ``cases`` list. Files without that key are ignored.

    Raises ``ValueError`` naming the file and case when a case lacks ``country``, ``date`` or a
    valid ``outcome`` (``fall`` or ``near_miss``), and :func:`kb_folder`'s error for a folder
    that does not exist.
    """
    root = kb_folder(kb_dir)
    cases: list[Case] = []
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not _HAS_CASES.search(text):
            continue  # other KB files (groups, relations, sources) are not read at all
        try:
            doc = yaml.load(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
            continue
        for number, raw in enumerate(doc["cases"], start=1):
            where = f"{path}: case {raw.get('id', number) if isinstance(raw, dict) else number}"
            if not isinstance(raw, dict):
                raise ValueError(f"{where}: expected a mapping")
            missing = [k for k in ("country", "date", "outcome") if not raw.get(k)]
            if missing:
                raise ValueError(f"{where}: missing {', '.join(missing)}")
            outcome = str(raw["outcome"]).strip()
            if outcome not in ("fall", "near_miss"):
                raise ValueError(f"{where}: outcome must be 'fall' or 'near_miss', got {outcome!r}")
            try:
                date = _as_date_text(raw["date"])
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            cases.append(Case(
                id=str(raw.get("id", f"{path.stem}-{number}")),
                country=str(raw["country"]).strip().upper(),
                date=date,
                outcome=outcome,
                capital=raw.get("capital"),
                coalition=_as_tuple(raw.get("coalition")),
                government=_as_tuple(raw.get("government")),
                outside_support=_as_tuple(raw.get("outside_support")),
                note=str(raw.get("note") or ""),
                sources=_as_tuple(raw.get("sources")),
            ))
    return cases


def load_exclusions(path: str | os.PathLike | None = None) -> dict[str, list[dict]]:
    """The documented exclusion table: ``{'exclusions': [...], 'kept_despite_coup_coding': [...]}``."""
    with Path(path or EXCLUSIONS_FILE).open(encoding="utf-8") as handle:
        doc = yaml.load(handle, Loader=_YAML_LOADER) or {}
    return {"exclusions": list(doc.get("exclusions") or []),
            "kept_despite_coup_coding": list(doc.get("kept_despite_coup_coding") or [])}


def ucdp_termination_positives(shared: str | None = None) -> pd.DataFrame:
    """UCDP Conflict Termination episodes won by side B in a conflict over government.

    Columns: ``country, date, source, record, note``. The losing government's country is read from
    ``side_a`` ("Government of X") among the location codes, so a foreign intervener listed in
    ``gwno_loc`` (e.g. the USA in Afghanistan 2001) is not taken for the loser.
    """
    term = pd.read_csv(data_file("ucdp/termination_v3_2021.csv", shared))
    won = term[(term["outcome"] == 4) & (term["incompatibility"] == 2)]
    gw, names = gw_to_iso3(shared), country_name_to_iso3(shared)
    ends = pd.to_datetime(won["ependdate"], format="%m/%d/%Y").dt.date
    rows = []
    for rec, end in zip(won.itertuples(index=False), ends):
        codes = [int(c) for c in str(rec.gwno_loc).split(",") if c.strip()]
        side_a = str(rec.side_a).replace("Government of ", "").strip()
        iso = names.get(side_a)
        candidates = [gw.get(c) for c in codes]
        if iso not in candidates:
            iso = candidates[-1] if len(candidates) == 1 or iso is None else iso
        rows.append({"country": iso, "date": end.isoformat(), "source": "ucdp_termination",
                     "record": str(rec.conflictep_id), "note": f"side B: {rec.side_b}"})
    return pd.DataFrame(rows, columns=["country", "date", "source", "record", "note"])


def archigos_positives(shared: str | None = None) -> pd.DataFrame:
    """Archigos 4.1 leader exits coded "Removed by Rebels" (with or without foreign support)."""
    arch = pd.read_csv(data_file("leaders/archigos_4_1.csv", shared))
    rebels = arch[arch["exitcode"].astype(str).str.startswith("Removed by Rebels")]
    gw = gw_to_iso3(shared)
    rows = [{"country": gw.get(int(r.gwcode)), "date": str(r.enddate)[:10], "source": "archigos",
             "record": str(r.obsid), "note": f"{r.leader}: {r.exitcode}"}
            for r in rebels.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["country", "date", "source", "record", "note"])


def _excluded(frame: pd.DataFrame, exclusions: list[dict]) -> pd.Series:
    keys = {(str(e["source"]), str(e["record"])) for e in exclusions}
    return pd.Series([(s, r) in keys for s, r in zip(frame["source"], frame["record"])],
                     index=frame.index, dtype=bool)


def candidate_positives(kb_dir: str | os.PathLike | None = None, shared: str | None = None,
                        cases: list[Case] | None = None) -> pd.DataFrame:
    """All source records before merging, with an ``excluded`` flag and ``reason``."""
    cases = load_cases(kb_dir) if cases is None else cases
    kb = pd.DataFrame([{"country": c.country, "date": c.date, "source": "kb", "record": c.id,
                        "note": c.note} for c in cases if c.outcome == "fall"],
                      columns=["country", "date", "source", "record", "note"])
    auto = pd.concat([ucdp_termination_positives(shared), archigos_positives(shared)],
                     ignore_index=True)
    table = load_exclusions()
    auto["excluded"] = _excluded(auto, table["exclusions"])
    reasons = {(str(e["source"]), str(e["record"])): e["reason"] for e in table["exclusions"]}
    auto["reason"] = [reasons.get((s, r), "") for s, r in zip(auto["source"], auto["record"])]
    kb["excluded"], kb["reason"] = False, ""
    out = pd.concat([kb, auto], ignore_index=True)
    out["month"] = [month_index(d) for d in out["date"]]
    return out


def fall_events(kb_dir: str | os.PathLike | None = None, shared: str | None = None,
                cases: list[Case] | None = None, since: str = "1985-01") -> pd.DataFrame:
    """Merged falls: one row per event with ``event_id, country, date, month, sources, records``.

    Records of the same country within ``MERGE_WINDOW_MONTHS`` of the previous record are one
    event; the event date comes from the highest-priority source (KB, Archigos, UCDP).
    """
    cand = candidate_positives(kb_dir, shared, cases)
    cand = cand[~cand["excluded"] & cand["country"].notna() & (cand["month"] >= month_index(since))]
    cand = cand.assign(priority=cand["source"].map(SOURCE_PRIORITY)).sort_values(["country", "month"])
    events = []
    for country, group in cand.groupby("country", sort=True):
        cluster: list = []
        for rec in group.itertuples(index=False):
            if cluster and rec.month - cluster[-1].month > MERGE_WINDOW_MONTHS:
                events.append(_merge(country, cluster))
                cluster = []
            cluster.append(rec)
        if cluster:
            events.append(_merge(country, cluster))
    frame = pd.DataFrame(events, columns=["event_id", "country", "date", "month", "sources", "records"])
    return frame.sort_values(["month", "country"]).reset_index(drop=True)


def _merge(country: str, cluster: list) -> dict:
    lead = min(cluster, key=lambda r: (r.priority, r.month))
    return {"event_id": f"{country}-{lead.date[:7]}", "country": country, "date": lead.date,
            "month": int(lead.month), "sources": sorted({r.source for r in cluster}),
            "records": [f"{r.source}:{r.record}" for r in cluster]}


def near_miss_events(kb_dir: str | os.PathLike | None = None,
                     cases: list[Case] | None = None) -> pd.DataFrame:
    """KB near misses (``outcome: near_miss``): ``event_id, country, date, month, note``."""
    cases = load_cases(kb_dir) if cases is None else cases
    rows = [{"event_id": c.id, "country": c.country, "date": c.date, "month": month_index(c.date),
             "note": c.note} for c in cases if c.outcome == "near_miss"]
    return pd.DataFrame(rows, columns=["event_id", "country", "date", "month", "note"])


def label_rows(countries: pd.Series, months: pd.Series, events: pd.DataFrame, horizon: int) -> pd.Series:
    """1 where a fall in ``events`` occurs in months ``t+1 … t+horizon`` of the row's country, else 0.

    ``countries`` and ``months`` (integer month indices) are aligned row by row; returns an int8
    Series on the same index.
    """
    if horizon < 1:
        raise ValueError("horizon must be at least one month")
    codes, names = pd.factorize(countries)
    code_of = {name: code for code, name in enumerate(names)}
    month = months.to_numpy()
    label = np.zeros(len(codes), dtype="int8")
    for country, fall in zip(events["country"], events["month"]):
        if country in code_of:
            label[(codes == code_of[country]) & (month >= fall - horizon) & (month <= fall - 1)] = 1
    return pd.Series(label, index=countries.index)
