"""Coalition signals for the collapse-risk model: rebel consolidation, external sponsors on each
side, and the government's patrons drawn into wars elsewhere.

All measures here come from dated data (UCDP Dyadic v24.1 and the GED country-month panel), so
their timing is the data's own: a yearly dyad fact of year ``y`` is used from January of ``y + 1``;
monthly fatalities of month ``t`` enter the row of ``t``. The curated knowledge base is *not* used
here: its relations are written after the fact, and which episodes it covers was chosen knowing
how they ended (see :func:`winner_ties_frame` for the one KB-based measure, kept out of the main
model for that reason).

Rationale, in one line each (details in ``docs/risk.md``):

- *Rebel consolidation*: a change in the number of groups fighting the government marks either
  fragmentation or groups folding into fewer, stronger fronts (Syria 2024, Afghanistan 2021).
- *Sponsor balance*: external states backing the armed groups minus states backing the
  government (Dyadic ``side_b_2nd`` / ``side_a_2nd``): who is winning the outside-support race.
- *Patron stress*: a government that relies on foreign warring supporters is exposed when those
  supporters are fighting wars elsewhere (Russia in Ukraine from 2022).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coalition_watch.risk.data import data_file, gw_to_iso3
from coalition_watch.vocabulary import STATE_KINDS

#: documentation of every feature defined here (merged into ``features.FEATURE_DOCS``)
SIGNAL_DOCS: dict[str, str] = {
    "gov_conflict_groups_change": "n_{y-1} - n_{y-2}, n = distinct armed groups in dyads over "
                                  "government against this government (UCDP Dyadic; >0 more groups, "
                                  "<0 fewer: fronts folding together or groups defeated)",
    "sponsor_balance": "log1p(distinct external states backing the armed groups, side_b_2nd) - "
                       "log1p(distinct external states backing the government, side_a_2nd), "
                       "intrastate dyads of year y-1",
    "gov_patron_at_war": "1 if a state that backed the government (side_a_2nd, y-1) was itself a "
                         "primary or secondary party to a war-intensity dyad (1,000+ deaths) located "
                         "outside this country in y-1",
    "gov_patron_war_fat_12m": "log1p(sum over the locations L != this country of the y-1 dyads of the "
                              "government's patrons of S_12(fatalities)_L,t): how much fighting "
                              "elsewhere the government's patrons are engaged in, monthly (GED)",
}
SIGNAL_FEATURES = list(SIGNAL_DOCS)


def _codes(value) -> list[int]:
    """GW codes from a Dyadic cell such as ``'365, 630'`` (empty cell: no code)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [int(c) for c in str(value).replace(";", ",").split(",") if c.strip()]


def _read_dyads(shared: str | None) -> pd.DataFrame:
    return pd.read_csv(data_file("ucdp/dyadic_v24_1.csv", shared),
                       usecols=["year", "side_b_id", "incompatibility", "intensity_level",
                                "type_of_conflict", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd",
                                "gwno_loc"])


def yearly_dyad_signals(shared: str | None = None, dyads: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yearly dyad measures per government (``country, year``): group counts and their change,
    sponsor counts on each side, patrons at war elsewhere, and the patrons' war locations.

    Returns ``country, year, gov_conflict_groups_change, sponsor_balance, gov_patron_at_war,
    patron_war_locations`` (a tuple of ISO3 codes) for every government-year with an intrastate
    dyad; a later join fills absent years with zero.
    """
    dy = (_read_dyads(shared) if dyads is None else dyads).copy()
    gw = gw_to_iso3(shared)
    dy["gov"] = [gw.get(_codes(c)[0]) if _codes(c) else None for c in dy["gwno_a"].tolist()]
    dy["locs"] = [tuple(gw.get(c) for c in _codes(v) if gw.get(c)) for v in dy["gwno_loc"].tolist()]
    # every state that was a party (primary or secondary, either side) to each dyad-year
    parties = [set(_codes(a)) | set(_codes(a2)) | set(_codes(b)) | set(_codes(b2))
               for a, a2, b, b2 in zip(dy["gwno_a"].tolist(), dy["gwno_a_2nd"].tolist(),
                                       dy["gwno_b"].tolist(), dy["gwno_b_2nd"].tolist())]
    # per state and year: locations of its dyads, and the locations of its war-intensity dyads
    engaged: dict[tuple[int, int], set[str]] = {}
    at_war: dict[tuple[int, int], set[str]] = {}
    for year, locs, war, states in zip(dy["year"].tolist(), dy["locs"].tolist(),
                                       (dy["intensity_level"] == 2).tolist(), parties):
        for s in states:
            engaged.setdefault((s, year), set()).update(locs)
            if war:
                at_war.setdefault((s, year), set()).update(locs)

    intra = dy[dy["type_of_conflict"].isin([3, 4]) & dy["gov"].notna()]
    # one pass over plain Python values (grouping string columns in pandas is slow)
    per_gov: dict[tuple[str, int], dict] = {}
    for country, year, a2, b2, incompat, side_b in zip(
            intra["gov"].tolist(), intra["year"].tolist(), intra["gwno_a_2nd"].tolist(),
            intra["gwno_b_2nd"].tolist(), intra["incompatibility"].tolist(), intra["side_b_id"].tolist()):
        g = per_gov.setdefault((country, int(year)), {"patrons": set(), "sponsors": set(), "groups": set()})
        g["patrons"].update(_codes(a2))
        g["sponsors"].update(_codes(b2))
        if incompat == 2:
            g["groups"].add(side_b)
    rows = []
    for (country, year), g in sorted(per_gov.items()):
        patrons, sponsors = g["patrons"], g["sponsors"]
        war_elsewhere = any(at_war.get((p, year), set()) - {country} for p in patrons)
        locations = set().union(*(engaged.get((p, year), set()) for p in patrons)) - {country}
        rows.append({"country": country, "year": year, "n_gov_groups": len(g["groups"]),
                     "sponsor_balance": np.log1p(len(sponsors)) - np.log1p(len(patrons)),
                     "gov_patron_at_war": float(war_elsewhere),
                     "patron_war_locations": tuple(sorted(locations))})
    out = pd.DataFrame(rows).sort_values(["country", "year"]).reset_index(drop=True)
    # change against the previous year (a year without a dyad row counts as zero groups)
    prev = out.set_index(["country", "year"])["n_gov_groups"]
    before = [prev.get((c, y - 1), 0) for c, y in zip(out["country"], out["year"])]
    out["gov_conflict_groups_change"] = out["n_gov_groups"] - np.asarray(before, dtype=float)
    return out.drop(columns="n_gov_groups")



def previous_year_key(rows: pd.DataFrame, yearly: pd.DataFrame) -> pd.DataFrame:
    """``country, year`` for each row (``country, month`` as months since year 0): the year before
    the row's, capped at the last year of ``yearly`` (after the data end the last year is carried
    forward)."""
    last_year = int(yearly["year"].max())
    return pd.DataFrame({"country": rows["country"].to_numpy(),
                         "year": np.minimum(rows["month"].to_numpy() // 12 - 1, last_year)})


def previous_year_values(rows: pd.DataFrame, yearly: pd.DataFrame, columns,
                         key: pd.DataFrame | None = None) -> pd.DataFrame:
    """``columns`` of ``yearly`` (``country, year, ...``) for ``rows``, from the year before each row's
    (no look-ahead for yearly facts); absent country-years are 0. ``key``: the rows'
    :func:`previous_year_key`, when the caller already has it."""
    key = previous_year_key(rows, yearly) if key is None else key
    merged = key.merge(yearly, on=["country", "year"], how="left")
    return pd.DataFrame({col: merged[col].fillna(0.0).to_numpy() for col in columns}, index=rows.index)

def coalition_signal_features(rows: pd.DataFrame, panel: pd.DataFrame, shared: str | None = None,
                              dyads: pd.DataFrame | None = None) -> pd.DataFrame:
    """:data:`SIGNAL_FEATURES` for ``rows`` (``country, month``), see :data:`SIGNAL_DOCS`.

    Dyad facts of year ``y-1`` are used in year ``y`` (after the Dyadic data end, the last year is
    carried forward, as for the other Dyadic features); ``gov_patron_war_fat_12m`` sums the GED
    fatalities of months ``t-11 … t`` at the patrons' war locations, so it moves monthly.
    ``panel`` is the complete GED panel (:func:`coalition_watch.risk.panel.load_panel`);
    ``dyads`` replaces the UCDP Dyadic file (for tests).
    """
    yearly = yearly_dyad_signals(shared, dyads)
    key = previous_year_key(rows, yearly)
    out = previous_year_values(rows, yearly, ("gov_conflict_groups_change", "sponsor_balance", "gov_patron_at_war"),
                               key=key)

    # monthly fatalities at the patrons' war locations: S_12 per (location, month), summed over
    # the locations each (country, year) points to
    fat = panel.pivot(index="month", columns="country", values="fatalities").sort_index()
    s12 = fat.rolling(12, min_periods=1).sum().stack().rename("s12").reset_index()
    s12.columns = ["month", "location", "s12"]
    links = yearly[["country", "year", "patron_war_locations"]].explode("patron_war_locations")
    links = links.dropna().rename(columns={"patron_war_locations": "location", "year": "data_year"})
    key["month"] = rows["month"].to_numpy()
    wanted = key.drop_duplicates().rename(columns={"year": "data_year"})
    pairs = wanted.merge(links, on=["country", "data_year"]).merge(s12, on=["month", "location"])
    sums = pairs.groupby(["country", "month"])["s12"].sum()
    probe = pd.MultiIndex.from_arrays([rows["country"].to_numpy(), rows["month"].to_numpy()])
    out["gov_patron_war_fat_12m"] = np.log1p(sums.reindex(probe).fillna(0.0).to_numpy())
    return out


def winner_ties_frame(months: range | list[int] | np.ndarray, kb_dir: str | None = None,
                      years_back: int = 5) -> pd.DataFrame:
    """``kb_winner_ties`` per country and month from the curated knowledge base (not in the main
    model; offered for :func:`coalition_watch.risk.features.join_feature_frames`).

    ``kb_winner_ties = log1p(k)``, k = positive relations in force at month ``t`` (``valid_from`` ≤
    ``t`` ≤ ``valid_to``) between an armed group operating in the country and active at ``t`` and a
    member of the winning coalition of a KB ``fall`` case in another country dated within the
    ``years_back`` years before ``t``. Countries without KB groups get no row.

    **Known look-ahead risk of curated data.** KB relations are written after the fact: their
    dates are set with hindsight, and which countries and ties the KB covers was chosen knowing
    which governments fell. A positive backtest result with this measure would partly measure the
    curation, so it is reported as an ablation only.
    """
    from coalition_watch.registry.knowledge_base import load_kb
    from coalition_watch.risk.data import month_index
    from coalition_watch.vocabulary import relation_sign

    kb = load_kb(kb_dir)

    def start(value) -> int | None:
        return month_index(str(value)[:7] if len(str(value)) >= 7 else f"{value}-01") if value else None

    def end(value) -> int | None:
        return month_index(str(value)[:7] if len(str(value)) >= 7 else f"{value}-12") if value else None

    groups = [(a.id, set(a.operates_in), start(a.active_from), end(a.active_to))
              for a in kb.actors.values() if a.kind not in STATE_KINDS]
    falls = [(month_index(c.date), c.country, set(c.coalition)) for c in kb.cases if c.outcome == "fall"]
    ties = [(r.source_id, r.target_id, start(r.valid_from), end(r.valid_to)) for r in kb.relations
            if relation_sign(r.type) > 0 and r.status in ("curated", "accepted")]
    rows = []
    for t in months:
        t = int(t)
        winners: dict[str, set[str]] = {}  # winner actor -> countries where it won
        for when, country, coalition in falls:
            if t - 12 * years_back <= when <= t:
                for w in coalition:
                    winners.setdefault(w, set()).add(country)
        active: dict[str, set[str]] = {}
        for gid, countries, a, b in groups:
            if (a is None or a <= t) and (b is None or t <= b):
                for c in countries:
                    active.setdefault(c, set()).add(gid)
        for country, members in active.items():
            k = 0
            for s, g, a, b in ties:
                if (a is not None and a > t) or (b is not None and t > b):
                    continue
                for x, w in ((s, g), (g, s)):
                    if x in members and w in winners and winners[w] - {country} and w not in members:
                        k += 1
            rows.append({"country": country, "month": t, "kb_winner_ties": float(np.log1p(k))})
    return pd.DataFrame(rows, columns=["country", "month", "kb_winner_ties"])
