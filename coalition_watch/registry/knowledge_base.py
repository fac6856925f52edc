"""Read and validate the curated knowledge base (YAML files under ``coalition_watch/kb``).

Every ``*.yaml`` file below the KB folder is read; each is a mapping with any of the keys
``sources``, ``groups``, ``lineage``, ``relations`` and ``cases``. Ids are global across files.
Validation reports every problem with its file, line and field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pycountry
import yaml

from ..dates import parse_partial_date
from ..errors import InputError
from ..models import Actor, Case, Lineage, Relation, Source
from ..vocabulary import (ACTOR_KINDS, CASE_OUTCOMES, CONFIDENCE_LABELS, IDEOLOGY_FAMILIES,
                          LINEAGE_TYPES, RELATION_TYPES)
from .normalize import is_acronym, acronym_key, normalize_name
from .yaml_lines import LocatedDict, load_located_yaml

DEFAULT_KB_DIR = Path(__file__).resolve().parent.parent / "kb"
TOP_LEVEL_KEYS = ("sources", "groups", "lineage", "relations", "cases")
_FROM_ENTRY = object()
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_EXTRA_COUNTRY_CODES = {"XKX", "PSE", "ESH", "TWN", "SOL", "INT"}  # Kosovo, Palestine, W. Sahara, Taiwan, Somaliland, international


@dataclass(frozen=True)
class KBProblem:
    """One validation problem, located by file, line and field."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: field '{self.field}': {self.message}"


@dataclass
class KnowledgeBase:
    """The parsed knowledge base, with where each record was defined."""

    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    lineage: list[Lineage] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    locations: dict[tuple[str, str], str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    digest: str = ""


def kb_files(kb_dir: Path | str | None = None) -> list[Path]:
    """The YAML files of a KB folder, in a stable order."""
    root = Path(kb_dir) if kb_dir else DEFAULT_KB_DIR
    if not root.is_dir():
        raise InputError("knowledge-base folder not found", file=str(root))
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


def _is_country(code: Any) -> bool:
    return isinstance(code, str) and (code in _EXTRA_COUNTRY_CODES
                                      or pycountry.countries.get(alpha_3=code) is not None)


class _Reader:
    """Walks parsed YAML, collecting records and problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kb = KnowledgeBase()
        self.problems: list[KBProblem] = []
        self._alias_owner: dict[tuple[str, str], tuple[str, str, int]] = {}
        self._relation_keys: dict[str, tuple[str, int]] = {}
        self._external_owner: dict[tuple[str, str], str] = {}
        self._pending: list[tuple[str, str, LocatedDict, str]] = []  # deferred reference checks

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, file: str, entry: LocatedDict | None, key: str, message: str) -> None:
        line = entry.line_of(key) if isinstance(entry, LocatedDict) else 1
        found = KBProblem(file, line, key, message)
        if found not in self.problems:  # a name listed twice is one problem, reported once
            self.problems.append(found)

    # -- field helpers -------------------------------------------------------------------
    def text(self, file: str, entry: LocatedDict, key: str, *, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(file, entry, key, "is required")
            return None
        if not isinstance(value, (str, int, float)):
            self.problem(file, entry, key, f"must be text, got {type(value).__name__}")
            return None
        return str(value).strip()

    def str_list(self, file: str, entry: LocatedDict, key: str) -> list[str]:
        value = entry.get(key)
        if value is None:
            return []
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problem(file, entry, key, "must be a list of text values")
            return []
        return [str(v).strip() for v in value]

    def date(self, file: str, entry: LocatedDict, key: str, value: Any = _FROM_ENTRY) -> str | None:
        value = entry.get(key) if value is _FROM_ENTRY else value
        if value is None:
            return None
        try:
            return str(parse_partial_date(value))
        except ValueError as exc:
            self.problem(file, entry, key, str(exc))
            return None

    def source_ids(self, file: str, entry: LocatedDict, record: str) -> list[str]:
        ids = self.str_list(file, entry, "sources")
        if not ids:
            self.problem(file, entry, "sources", f"{record} has no source")
        for sid in ids:
            self._pending.append(("source", sid, entry, file))
        return ids

    def ref(self, kind: str, value: str | None, entry: LocatedDict, file: str, key: str) -> None:
        if value:
            self._pending.append((kind, value, entry, f"{file}\0{key}"))

    # -- sections ------------------------------------------------------------------------
    def read_file(self, path: Path) -> None:
        file = self.rel(path)
        try:
            data = load_located_yaml(path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problems.append(KBProblem(file, line, "-", f"YAML syntax error: {reason}"))
            return
        except UnicodeDecodeError as exc:
            self.problems.append(KBProblem(file, 1, "-", f"not UTF-8 text: {exc.reason}"))
            return
        if data is None:
            return
        if not isinstance(data, LocatedDict):
            self.problems.append(KBProblem(file, 1, "-", "top level must be a mapping"))
            return
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.problem(file, data, str(key), f"unknown section; expected one of {', '.join(TOP_LEVEL_KEYS)}")
        for key, reader in (("sources", self.read_source), ("groups", self.read_group),
                            ("lineage", self.read_lineage), ("relations", self.read_relation),
                            ("cases", self.read_case)):
            items = data.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                self.problem(file, data, key, "must be a list")
                continue
            for item in items:
                if not isinstance(item, LocatedDict):
                    self.problem(file, data, key, "each entry must be a mapping")
                    continue
                reader(file, item)

    def _new_id(self, file: str, entry: LocatedDict, kind: str, registry: dict) -> str | None:
        ident = self.text(file, entry, "id")
        if ident is None:
            return None
        if not _ID.match(ident):
            self.problem(file, entry, "id", f"'{ident}' must be lower-case letters, digits and hyphens")
            return None
        if ident in registry or (kind, ident) in self.kb.locations:
            self.problem(file, entry, "id", f"duplicate {kind} id '{ident}' (first at {self.kb.locations.get((kind, ident))})")
            return None
        self.kb.locations[(kind, ident)] = f"{file}:{entry.line}"
        return ident

    def _check_keys(self, file: str, entry: LocatedDict, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in entry:
            if key not in allowed:
                self.problem(file, entry, str(key), "unknown field")

    def read_source(self, file: str, entry: LocatedDict) -> None:
        self._check_keys(file, entry, ("id", "title", "publisher", "date", "url", "note"))
        ident = self._new_id(file, entry, "source", self.kb.sources)
        title = self.text(file, entry, "title")
        url = self.text(file, entry, "url")
        if url and not re.match(r"^https?://", url):
            self.problem(file, entry, "url", f"'{url}' is not an http(s) URL")
        date = self.date(file, entry, "date")
        if ident and title and url:
            self.kb.sources[ident] = Source(id=ident, title=title, url=url, date=date,
                                            publisher=self.text(file, entry, "publisher", required=False),
                                            note=self.text(file, entry, "note", required=False))

    def read_group(self, file: str, entry: LocatedDict) -> None:
        self._check_keys(file, entry, ("id", "name", "aliases", "kind", "ideology", "origin",
                                       "operates_in", "active", "external_ids", "members", "note",
                                       "sources"))
        ident = self._new_id(file, entry, "group", self.kb.actors)
        name = self.text(file, entry, "name")
        kind = entry.get("kind", "armed_group")
        if kind not in ACTOR_KINDS:
            self.problem(file, entry, "kind", f"'{kind}' is not one of {', '.join(ACTOR_KINDS)}")
        ideology = self.str_list(file, entry, "ideology")
        for family in ideology:
            if family not in IDEOLOGY_FAMILIES:
                self.problem(file, entry, "ideology", f"'{family}' is not a known ideology family")
        origin = entry.get("origin")
        if origin is not None and not _is_country(origin):
            self.problem(file, entry, "origin", f"'{origin}' is not an ISO 3166-1 alpha-3 code")
        operates = self.str_list(file, entry, "operates_in")
        for code in operates:
            if not _is_country(code):
                self.problem(file, entry, "operates_in", f"'{code}' is not an ISO 3166-1 alpha-3 code")
        active = entry.get("active") or {}
        active_from = active_to = None
        if not isinstance(active, dict):
            self.problem(file, entry, "active", "must be a mapping {from: ..., to: ...}")
        else:
            active_from = self.date(file, entry, "active", active.get("from"))
            active_to = self.date(file, entry, "active", active.get("to"))
            if active_from and active_to and parse_partial_date(active_from).start() > parse_partial_date(active_to).end():
                self.problem(file, entry, "active", f"starts ({active_from}) after it ends ({active_to})")
        external = entry.get("external_ids") or {}
        if not isinstance(external, dict):
            self.problem(file, entry, "external_ids", "must be a mapping")
            external = {}
        for scheme, value in external.items():
            if value is None or not ident:
                continue
            if isinstance(value, (int, float)) and value < 0:
                self.problem(file, entry, "external_ids",
                             f"{scheme} id {value} is a missing-value code; write null for an unknown id")
                continue
            owner = self._external_owner.setdefault((str(scheme), str(value)), ident)
            if owner != ident:
                self.problem(file, entry, "external_ids",
                             f"{scheme} id {value} is already given to '{owner}'; one external id names one group")
        members = self.str_list(file, entry, "members")
        for member in members:
            self.ref("group", member, entry, file, "members")
        sources = self.source_ids(file, entry, "group")
        aliases = [a for a in self.str_list(file, entry, "aliases") if a]
        if ident and name:
            for alias in [name, *aliases]:
                self._claim_alias(file, entry, ident, alias)
            self.kb.actors[ident] = Actor(
                id=ident, name=name, aliases=aliases, kind=kind if kind in ACTOR_KINDS else "armed_group",
                ideology=ideology, origin=origin, operates_in=operates, active_from=active_from,
                active_to=active_to, external_ids={str(k): v for k, v in external.items()},
                members=members, note=self.text(file, entry, "note", required=False), sources=sources)

    def _claim_alias(self, file: str, entry: LocatedDict, ident: str, alias: str) -> None:
        key = ("acronym", acronym_key(alias)) if is_acronym(alias) else ("name", normalize_name(alias))
        if not key[1]:
            self.problem(file, entry, "aliases", f"alias '{alias}' is empty after normalisation")
            return
        owner = self._alias_owner.get(key)
        if owner and owner[0] != ident:
            self.problem(file, entry, "aliases",
                         f"alias '{alias}' also names '{owner[0]}' ({owner[1]}:{owner[2]}); an alias must point to one group")
        elif not owner:
            self._alias_owner[key] = (ident, file, entry.line)

    def read_lineage(self, file: str, entry: LocatedDict) -> None:
        self._check_keys(file, entry, ("from", "to", "type", "date", "sources", "note"))
        src, dst = self.text(file, entry, "from"), self.text(file, entry, "to")
        self.ref("group", src, entry, file, "from")
        self.ref("group", dst, entry, file, "to")
        kind = entry.get("type")
        if kind not in LINEAGE_TYPES:
            self.problem(file, entry, "type", f"'{kind}' is not one of {', '.join(LINEAGE_TYPES)}")
        date = self.date(file, entry, "date")
        sources = self.source_ids(file, entry, "lineage entry")
        if src and dst and kind in LINEAGE_TYPES:
            self.kb.lineage.append(Lineage(from_id=src, to_id=dst, type=kind, date=date, sources=sources,
                                           note=self.text(file, entry, "note", required=False)))

    def read_relation(self, file: str, entry: LocatedDict) -> None:
        self._check_keys(file, entry, ("source", "target", "type", "from", "to", "confidence",
                                       "note", "sources", "id"))
        src, dst = self.text(file, entry, "source"), self.text(file, entry, "target")
        self.ref("group", src, entry, file, "source")
        self.ref("group", dst, entry, file, "target")
        if src and src == dst:
            self.problem(file, entry, "target", "a relation needs two different actors")
        kind = entry.get("type")
        if kind not in RELATION_TYPES:
            self.problem(file, entry, "type", f"'{kind}' is not one of {', '.join(RELATION_TYPES)}")
        valid_from, valid_to = self.date(file, entry, "from"), self.date(file, entry, "to")
        if valid_from and valid_to and parse_partial_date(valid_from).start() > parse_partial_date(valid_to).end():
            self.problem(file, entry, "to", f"ends ({valid_to}) before it starts ({valid_from})")
        confidence = entry.get("confidence", "medium")
        if isinstance(confidence, str) and confidence in CONFIDENCE_LABELS:
            score = CONFIDENCE_LABELS[confidence]
        elif isinstance(confidence, (int, float)) and not isinstance(confidence, bool) and 0 <= confidence <= 1:
            score = float(confidence)
        else:
            self.problem(file, entry, "confidence", f"'{confidence}' must be high, medium, low or a number in [0, 1]")
            score = None
        sources = self.source_ids(file, entry, "relation")
        if src and dst and kind in RELATION_TYPES and score is not None:
            ends = (src, dst) if RELATION_TYPES[kind][1] else tuple(sorted((src, dst)))
            key = f"{ends[0]}|{ends[1]}|{kind}|{valid_from}"
            if key in self._relation_keys:
                first = self._relation_keys[key]
                self.problem(file, entry, "source", f"duplicate relation (first at {first[0]}:{first[1]})")
                return
            self._relation_keys[key] = (file, entry.line)
            ident = "kb-" + hashlib.sha1(key.encode()).hexdigest()[:12]
            self.kb.relations.append(Relation(
                id=ident, source_id=src, target_id=dst, type=kind, valid_from=valid_from,
                valid_to=valid_to, confidence=score, status="curated", provenance=f"kb:{file}:{entry.line}",
                sources=sources, note=self.text(file, entry, "note", required=False)))

    def read_case(self, file: str, entry: LocatedDict) -> None:
        self._check_keys(file, entry, ("id", "country", "capital", "date", "outcome", "coalition",
                                       "government", "outside_support", "note", "sources"))
        ident = self._new_id(file, entry, "case", {})
        country = entry.get("country")
        if not _is_country(country):
            self.problem(file, entry, "country", f"'{country}' is not an ISO 3166-1 alpha-3 code")
        date = self.date(file, entry, "date")
        if entry.get("date") is None:
            self.problem(file, entry, "date", "is required")
        outcome = entry.get("outcome")
        if outcome not in CASE_OUTCOMES:
            self.problem(file, entry, "outcome", f"'{outcome}' is not one of {', '.join(CASE_OUTCOMES)}")
        lists = {}
        for key in ("coalition", "government", "outside_support"):
            lists[key] = self.str_list(file, entry, key)
            for actor in lists[key]:
                self.ref("group", actor, entry, file, key)
        if not lists["coalition"]:
            self.problem(file, entry, "coalition", "a case names the coalition that advanced on the capital")
        sources = self.source_ids(file, entry, "case")
        if ident and date and outcome in CASE_OUTCOMES and _is_country(country):
            self.kb.cases.append(Case(id=ident, country=country, capital=self.text(file, entry, "capital", required=False),
                                      date=date, outcome=outcome, sources=sources,
                                      note=self.text(file, entry, "note", required=False), **lists))

    def check_references(self) -> None:
        for kind, value, entry, where in self._pending:
            file, _, key = where.partition("\0")
            if kind == "source" and value not in self.kb.sources:
                self.problem(file, entry, "sources", f"unknown source id '{value}'")
            elif kind == "group" and value not in self.kb.actors:
                self.problem(file, entry, key, f"unknown group id '{value}'")


def read_kb(kb_dir: Path | str | None = None) -> tuple[KnowledgeBase, list[KBProblem]]:
    """Read every KB file; return what could be read and every problem found."""
    files = kb_files(kb_dir)
    root = Path(kb_dir) if kb_dir else DEFAULT_KB_DIR
    reader = _Reader(root)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
        reader.read_file(path)
    reader.check_references()
    reader.kb.files = files
    reader.kb.digest = digest.hexdigest()
    reader.problems.sort(key=lambda p: (p.file, p.line))
    return reader.kb, reader.problems


def validate_kb(kb_dir: Path | str | None = None) -> list[KBProblem]:
    """Every problem in the KB files, each with file, line and field; empty when valid."""
    return read_kb(kb_dir)[1]


def load_kb(kb_dir: Path | str | None = None) -> KnowledgeBase:
    """The validated knowledge base; raises :class:`InputError` naming the first problem."""
    kb, problems = read_kb(kb_dir)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems; run 'cwatch kb validate')" if len(problems) > 1 else ""
        raise InputError(first.message + more, file=first.file, line=first.line, field=first.field)
    return kb
