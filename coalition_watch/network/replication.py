"""Replication risk: which other countries look like the last fall, with the reasons why.

For every country whose government faces at least one detected coalition at ``as_of``:

* ``weakness`` ∈ [0, 1] — mean of the structural indicators available for the latest year not
  after ``as_of``: Polity5 (1 for an interregnum/transition code −77/−88/−66, else the anocracy
  score ``1 − |polity2|/10``), regime durability ``1/(1 + durable/5)``, and the World Bank WGI
  voice-and-accountability percentile rank as ``1 − rank/100``;
* ``heterogeneity`` — the ideological Blau index of the largest coalition facing the government;
* ``transnational`` — the share of that coalition's members whose origin is another country;
* ``winner_ties`` — ``min(1, k/3)`` with k the number of the coalition's members that are not
  themselves winners and hold at least one positive tie in force with a winner of a fall elsewhere
  in the previous ``recent_years`` (a group counts once, however many relations it has; ties among
  the winners — the Haqqani Network's pledge to the Taliban — are not ties *with* the winners).

Countries that fell in the previous ``recent_years`` (Afghanistan 2021, Syria 2024 at 2024-12) are
run by the winners: they are not candidates for a repeat and are listed apart, under ``excluded``
with the case, not ranked.

``risk = 0.4·weakness + 0.2·heterogeneity/0.8 + 0.2·transnational + 0.2·winner_ties`` (heterogeneity
scaled by 0.8, close to the Blau maximum for five families). The weights are a transparent
starting point, not fitted; each rank carries its reasons.

The governance files are user-supplied data (Polity5, WGI; not bundled): by default they are read
from ``<shared>/data/governance/`` (see :func:`coalition_watch.paths.shared_dir`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..paths import shared_dir
from .graph import TemporalSignedGraph, to_date
from .takeover import winners

INTERREGNUM_CODES = (-66, -77, -88)


def _read_columns(path: Path, columns: list[str], what: str) -> pd.DataFrame:
    """The named columns of a CSV, or an :class:`InputError` naming the file and what is wrong."""
    try:
        header = pd.read_csv(path, nrows=0).columns
    except pd.errors.EmptyDataError:
        raise InputError(f"empty file, expected a {what} CSV", file=str(path)) from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"not a readable {what} CSV ({type(exc).__name__})", file=str(path), line=1) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"not a {what} CSV: missing columns {', '.join(missing)}", file=str(path), line=1)
    try:
        return pd.read_csv(path, usecols=columns)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"cannot read {what} CSV: {exc}".splitlines()[0], file=str(path)) from None


@dataclass
class GovernanceData:
    """Polity5 and WGI tables indexed by ISO3 and year."""

    polity: pd.DataFrame
    wgi: pd.DataFrame

    @classmethod
    def read(cls, polity_csv: str | Path | None = None, wgi_csv: str | Path | None = None) -> "GovernanceData":
        base = shared_dir() / "data" / "governance"
        polity_csv = Path(polity_csv or base / "polity5.csv")
        wgi_csv = Path(wgi_csv or base / "wgi_voice_accountability.csv")
        for path in (polity_csv, wgi_csv):
            if not path.is_file():
                raise InputError("governance file not found (user-supplied; pass its path or set CWATCH_SHARED)",
                                 file=str(path))
        polity = _read_columns(polity_csv, ["scode", "year", "polity", "polity2", "durable"], "Polity5")
        wgi = _read_columns(wgi_csv, ["wb_code", "year", "Rank"], "WGI voice & accountability")
        return cls(polity.dropna(subset=["year"]), wgi.dropna(subset=["year", "Rank"]))

    def weakness(self, iso3: str, year: int) -> tuple[float | None, list[str]]:
        """Weak-state score and the indicator values behind it."""
        parts, reasons = [], []
        p = self.polity[(self.polity["scode"] == iso3) & (self.polity["year"] <= year)]
        if not p.empty:
            row = p.sort_values("year").iloc[-1]
            if row["polity"] in INTERREGNUM_CODES:
                parts.append(1.0)
                reasons.append(f"Polity5 {int(row['year'])}: interregnum/transition code {int(row['polity'])}")
            elif pd.notna(row["polity2"]):
                parts.append(1 - abs(row["polity2"]) / 10)
                reasons.append(f"Polity5 {int(row['year'])}: polity2 {row['polity2']:+.0f}")
            if pd.notna(row["durable"]):
                parts.append(1 / (1 + row["durable"] / 5))
                reasons.append(f"regime durable {int(row['durable'])} years")
        w = self.wgi[(self.wgi["wb_code"] == iso3) & (self.wgi["year"] <= year)]
        if not w.empty:
            row = w.sort_values("year").iloc[-1]
            parts.append(1 - row["Rank"] / 100)
            reasons.append(f"WGI voice & accountability {int(row['year'])}: percentile {row['Rank']:.0f}")
        return (sum(parts) / len(parts) if parts else None), reasons


def recent_falls(net: TemporalSignedGraph, as_of: object, recent_years: int = 5) -> list:
    """Fall cases in the ``recent_years`` up to the end of the month of ``as_of``."""
    when = to_date(as_of, end=True)
    return [c for c in net.cases if c.outcome == "fall"
            and when - dt.timedelta(days=365 * recent_years) <= to_date(c.date) <= when]


def excluded_countries(net: TemporalSignedGraph, as_of: object, recent_years: int = 5) -> list[dict]:
    """Countries of the recent falls (run by the winners), with the case: not ranked."""
    out = {}
    for case in sorted(recent_falls(net, as_of, recent_years), key=lambda c: to_date(c.date)):
        out[case.country] = {"country": case.country, "case": case.id,
                             "reason": f"fell on {case.date} ({case.id}): run by the winners, not a candidate for a repeat"}
    return sorted(out.values(), key=lambda r: r["country"])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ties_with_winners(net: TemporalSignedGraph, when: dt.date, won_by: dict[str, set[str]]) -> dict[str, list[str]]:
    """Each group that is not itself a winner -> its positive ties in force on ``when`` with a
    winner of the cases ``won_by`` (case id -> winners), as ``"source type target (winner of case)"``."""
    all_won = set().union(*won_by.values()) if won_by else set()
    active = net.edges[net.active_mask(when) & (net.edges["sign"] > 0).to_numpy()]
    tied: dict[str, list[str]] = {}
    for s, t, typ in zip(active["source"], active["target"], active["type"]):
        for group, other in ((s, t), (t, s)):
            if group in all_won:
                continue
            for case_id, won in won_by.items():
                if other in won:
                    tied.setdefault(group, []).append(f"{s} {typ} {t} (winner of {case_id})")
    return tied


def replication_risk(net: TemporalSignedGraph, fronts: dict[str, list[dict]], as_of: object, *,
                     governance: GovernanceData, recent_years: int = 5) -> list[dict]:
    """Countries ranked by replication risk. ``fronts`` maps ISO3 -> coalitions facing its government
    (each a dict with ``members`` and ``measures``, as :func:`coalitions_for_country` returns).
    Countries of the recent falls are left out (see :func:`excluded_countries`)."""
    when = to_date(as_of, end=True)
    recent = recent_falls(net, as_of, recent_years)
    fallen = {c.country for c in recent}
    # the same for every ranked country: the countries of the recent falls are not ranked, so
    # each recent fall is a fall elsewhere
    tied_by_group = ties_with_winners(net, when, {case.id: winners(net, case) for case in recent})
    ranked = []
    for iso3, coalitions in fronts.items():
        if not coalitions or iso3 in fallen:
            continue
        main = max(coalitions, key=lambda c: (c["measures"]["size"], c["id"]))
        m = main["measures"]
        weakness, reasons = governance.weakness(iso3, when.year)
        members = {m["id"] if isinstance(m, dict) else m for m in main["members"]}
        tied = {g: tied_by_group[g] for g in members if g in tied_by_group}
        ties = [f"{net.name(g)} ({g}): {'; '.join(sorted(set(rels)))}" for g, rels in sorted(tied.items())]
        winner_ties = min(1.0, len(tied) / 3)
        heterogeneity = m["ideological_heterogeneity"]
        risk = (0.4 * (weakness or 0.0) + 0.2 * min(1.0, heterogeneity / 0.8)
                + 0.2 * m["transnational_share"] + 0.2 * winner_ties)
        why = list(reasons) if weakness is not None else ["no governance indicators for this country"]
        why.append(f"largest coalition {main['id']} ({_plural(m['size'], 'member')}): ideological heterogeneity "
                   f"{heterogeneity:.2f}, transnational share {m['transnational_share']:.2f}")
        why.extend(ties[:5] or ["no tie in force with a recent winner"])
        ranked.append({"country": iso3, "risk": round(float(risk), 4),
                       "weakness": None if weakness is None else round(weakness, 4),
                       "heterogeneity": heterogeneity, "transnational_share": m["transnational_share"],
                       "winner_ties": len(tied), "winner_tie_groups": sorted(tied),
                       "coalition": main["id"], "reasons": why})
    ranked.sort(key=lambda r: (-r["risk"], r["country"]))
    for i, row in enumerate(ranked, 1):
        row["rank"] = i
    return ranked
