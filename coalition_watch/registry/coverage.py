"""Measure how well the resolver maps the names of real datasets (MMP groups, UCDP actor list)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .resolver import Resolver

#: Gleditsch-Ward country numbers used in UCDP's actor list, for the theatres we cover.
UCDP_THEATRES = {"AFG": (700,), "SYR": (652,), "IRQ": (645,), "MLI": (432,), "CAF": (482,),
                 "YEM": (678, 679, 680), "SOM": (520,), "NGA": (475,), "MMR": (775,), "ETH": (530,)}
#: UCDP actor-list ``Org`` codes: 1 rebel group, 2 ?, 3 communal/identity group, 4 government.
UCDP_ORG = {1: "rebel", 2: "other", 3: "communal", 4: "government"}


def _id_of(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float)):
        return str(int(value)) if value >= 0 else None  # MMP writes -99 for "no id"
    return str(value).strip()


def mmp_coverage(resolver: Resolver, groups_csv: Path) -> dict:
    """Share of MMP group names that resolve, and of those the KB links by MMP id that resolve right."""
    groups = pd.read_csv(groups_csv, encoding="utf-8-sig")
    by_mmp = {_id_of(a.external_ids.get("mmp")): a.id for a in resolver.actors.values()
              if a.external_ids.get("mmp") is not None}
    rows = []
    for gid, name in zip(groups["group_id"], groups["name"]):
        match = resolver.resolve(str(name))
        expected = by_mmp.get(_id_of(gid))
        rows.append({"mmp_id": int(gid), "name": name, "actor_id": match.actor_id, "method": match.method,
                     "expected": expected, "correct": expected is not None and match.actor_id == expected})
    linked = [r for r in rows if r["expected"]]
    resolved = [r for r in rows if r["actor_id"]]
    return {"names": len(rows), "resolved": len(resolved), "resolved_rate": len(resolved) / max(len(rows), 1),
            "linked_by_id": len(linked), "linked_correct": sum(r["correct"] for r in linked),
            "linked_rate": sum(r["correct"] for r in linked) / max(len(linked), 1),
            "unresolved": [r["name"] for r in rows if not r["actor_id"]],
            "wrong": [f"{r['name']} -> {r['actor_id']} (expected {r['expected']})"
                      for r in linked if not r["correct"]]}


def _second_spelling(row) -> str | None:
    """UCDP's English full name of a non-government actor when it differs from the short name."""
    full = row.get("NameOrigFullEng")
    if row.get("Org") == "4" or not isinstance(full, str) or full.strip().lower() in ("", "n/a"):
        return None
    return full.strip() if full.strip() != str(row["NameData"]).strip() else None


def _full_name_agreement(resolver: Resolver, records: list[dict]) -> dict:
    """Resolve each actor's second spelling (English full name) and compare with its short name's actor.

    The KB carries UCDP's short names as aliases, so the short names resolve by construction; the
    full names test the matcher itself. Counts: same actor, another actor, or none.
    """
    rows = []
    for r in records:
        if r["full_name"] and r["actor_id"]:
            match = resolver.resolve(r["full_name"], country=r["country"])
            rows.append((r, match.actor_id))
    return {"names": len(rows), "same": sum(got == r["actor_id"] for r, got in rows),
            "other": [f"{r['full_name']} -> {got} (short name {r['name']} -> {r['actor_id']})"
                      for r, got in rows if got and got != r["actor_id"]],
            "unresolved": sorted(r["full_name"] for r, got in rows if not got)}


def ucdp_coverage(resolver: Resolver, actor_list_csv: Path,
                  theatres: dict[str, tuple[int, ...]] = UCDP_THEATRES) -> dict:
    """Per theatre, the share of UCDP actor-list names (``NameData``) located there that resolve; and
    under ``full_names``, how the non-government actors' English full names resolve."""
    actors = pd.read_csv(actor_list_csv, encoding="utf-8-sig", dtype=str)
    gw = actors["GWNOLoc"].fillna("").map(lambda s: {int(x) for x in s.split(",") if x.strip().isdigit()})
    by_ucdp = {_id_of(a.external_ids.get("ucdp")): a.id for a in resolver.actors.values()
               if a.external_ids.get("ucdp") is not None}
    per_theatre: dict[str, dict] = {}
    seen: dict[str, dict] = {}
    for iso3, codes in theatres.items():
        subset = actors[gw.map(lambda s: bool(s & set(codes)))]
        results = []
        for _, row in subset.iterrows():
            match = resolver.resolve(row["NameData"], country=iso3)
            expected = by_ucdp.get(_id_of(row["ActorId"]))
            record = {"ucdp_id": row["ActorId"], "name": row["NameData"],
                      "org": UCDP_ORG.get(int(row["Org"]) if str(row["Org"]).isdigit() else 0, "?"),
                      "actor_id": match.actor_id, "expected": expected,
                      "full_name": _second_spelling(row), "country": iso3}
            results.append(record)
            seen[row["ActorId"]] = record
        per_org: dict[str, list[int]] = {}
        for r in results:
            per_org.setdefault(r["org"], [0, 0])
            per_org[r["org"]][0] += 1
            per_org[r["org"]][1] += bool(r["actor_id"])
        per_theatre[iso3] = {"names": len(results), "resolved": sum(bool(r["actor_id"]) for r in results),
                             "by_org": {k: {"names": v[0], "resolved": v[1]} for k, v in per_org.items()}}
        per_theatre[iso3]["resolved_rate"] = per_theatre[iso3]["resolved"] / max(len(results), 1)
    records = list(seen.values())
    linked = [r for r in records if r["expected"]]
    return {"names": len(records), "resolved": sum(bool(r["actor_id"]) for r in records),
            "resolved_rate": sum(bool(r["actor_id"]) for r in records) / max(len(records), 1),
            "linked_by_id": len(linked),
            "linked_correct": sum(r["actor_id"] == r["expected"] for r in linked),
            "theatres": per_theatre,
            "unresolved": sorted({r["name"] for r in records if not r["actor_id"]}),
            "wrong": [f"{r['name']} -> {r['actor_id']} (expected {r['expected']})"
                      for r in linked if r["actor_id"] != r["expected"]],
            "full_names": _full_name_agreement(resolver, records)}


#: MMP relation codes and the KB relation types we count as compatible with each.
MMP_COMPATIBLE_TYPES = {
    "all": {"alliance", "support", "sanctuary", "pledge", "foreign_fighters", "merger"},
    "aff": {"pledge", "alliance", "support", "merger"},
    "riv": {"rivalry", "split"},
    "spl": {"split", "rivalry"},
    "mer": {"merger", "pledge", "alliance"},
}


def mmp_relation_agreement(resolver: Resolver, relations: list, relationships_csv: Path) -> dict:
    """Share of MMP relations between two KB groups that the KB also has (same pair, compatible type).

    A pair matches in either direction; lineage is not collapsed (a relation coded to a
    predecessor does not count for its successor). ``relations`` are KB :class:`Relation` objects.
    """
    frame = pd.read_csv(relationships_csv, encoding="utf-8-sig")
    by_pair: dict[frozenset, set[str]] = {}
    for rel in relations:
        by_pair.setdefault(frozenset((rel.source_id, rel.target_id)), set()).add(rel.type)
    rows = []
    for _, row in frame.iterrows():
        a = resolver.resolve(str(row["group1_name"])).actor_id
        b = resolver.resolve(str(row["group2_name"])).actor_id
        if not a or not b or a == b:
            continue
        kb_types = by_pair.get(frozenset((a, b)), set())
        code = str(row["type"]).strip()
        rows.append({"mmp_type": code, "pair": (a, b), "kb_types": sorted(kb_types),
                     "pair_found": bool(kb_types),
                     "compatible": bool(kb_types & MMP_COMPATIBLE_TYPES.get(code, set()))})
    per_type: dict[str, dict] = {}
    for r in rows:
        t = per_type.setdefault(r["mmp_type"], {"relations": 0, "pair_found": 0, "compatible": 0})
        t["relations"] += 1
        t["pair_found"] += r["pair_found"]
        t["compatible"] += r["compatible"]
    covered = len(rows)
    return {"mmp_relations": len(frame), "between_kb_groups": covered,
            "pair_found": sum(r["pair_found"] for r in rows),
            "compatible": sum(r["compatible"] for r in rows),
            "compatible_rate": sum(r["compatible"] for r in rows) / max(covered, 1),
            "per_type": per_type,
            "conflicting": [f"{r['pair'][0]} – {r['pair'][1]}: MMP {r['mmp_type']}, KB {', '.join(r['kb_types'])}"
                            for r in rows if r["pair_found"] and not r["compatible"]]}
