"""Regression tests for the coalition-analytics audit (month before a coalition, replication-risk
candidates and winner ties, sanctuary for members of the winning coalition, labels, exports)."""

from __future__ import annotations

import pytest

from coalition_watch.errors import InputError
from tests.network.test_coalitions import cwatch, kb_db  # noqa: F401  (CLI fixtures)


def _members(coalition):
    return {m["id"] for m in coalition["members"]}


def test_coalition_show_before_first_seen_is_an_error_not_another_month(kb_analysis):
    track_id = next(c["id"] for c in kb_analysis.coalitions_for_country("AFG", "2021-07")["coalitions"]
                    if "taliban" in _members(c))
    first = kb_analysis.timeline("AFG").tracks[track_id].first_seen
    year, month = map(int, first.split("-"))
    before = f"{year - 1:04d}-{month:02d}"
    with pytest.raises(InputError, match=f"first seen in {first}"):
        kb_analysis.coalition_show(track_id, before)
    with pytest.raises(InputError, match=f"first seen in {first}"):
        kb_analysis.linchpins(track_id, before)
    # asked for its first month, the answer is that month, without warnings
    view = kb_analysis.coalition_show(track_id, first)
    assert view["as_of"] == first


def test_coalition_show_after_last_seen_warns_about_the_month_shown(kb_analysis):
    timeline = kb_analysis.timeline("AFG")
    track = next(t for t in timeline.tracks.values() if t.closed and t.last_seen < timeline.months[-1])
    later = timeline.months[-1]
    view = kb_analysis.coalition_show(track.id, later)
    assert view["as_of"] == track.last_seen
    assert any(f"not detected in {later}" in w for w in view["warnings"])


def test_replication_risk_leaves_out_recent_falls_and_counts_winner_ties_per_outside_group(kb_analysis):
    result = kb_analysis.replication_risk("2024-12")
    ranked = {r["country"]: r for r in result["ranking"]}
    fallen = {c.country for c in kb_analysis.net.cases if c.outcome == "fall"
              and "2019-12-31" <= c.date <= "2024-12-31"}
    assert fallen and not fallen & set(ranked)
    assert fallen == {x["country"] for x in result["excluded"]}
    from coalition_watch.network.takeover import winners
    won = set().union(*(winners(kb_analysis.net, c) for c in kb_analysis.net.cases
                        if c.country in fallen and c.outcome == "fall"))
    for row in result["ranking"]:
        groups = row["winner_tie_groups"]
        assert row["winner_ties"] == len(groups) == len(set(groups))
        assert not set(groups) & won  # winners themselves are not ties *with* the winners
        assert not any("(1 members)" in why for why in row["reasons"])
    pak = ranked["PAK"]
    assert not any(why.startswith("Haqqani Network (haqqani-network)") for why in pak["reasons"])


def test_sanctuary_syria_lists_foreign_members_of_the_winning_coalition(kb_analysis):
    case = next(c for c in kb_analysis.net.cases if c.id == "syr-2024")
    hosted = {h["actor_id"]: h for h in kb_analysis.sanctuary("SYR", case.date)["hosted"]}
    foreign_winners = {m for m in case.coalition if m in kb_analysis.net.actors
                       and kb_analysis.net.actors[m].origin not in (None, "SYR")
                       and kb_analysis.net.actors[m].kind not in ("state", "state_force", "coalition")}
    assert "tip-syria" in foreign_winners
    assert "tip-syria" in hosted and hosted["tip-syria"]["origin"] == "CHN"
    assert all(h["sources"] for h in hosted.values())
    # hosts are the winners of the country itself, never a guest
    assert all(kb_analysis.net.actors[x].origin == "SYR" for h in hosted.values() for x in h["host"])


def test_afg_2021_case_coalition_holds_the_groups_that_fought_in_taliban_ranks(kb_analysis):
    case = next(c for c in kb_analysis.net.cases if c.id == "afg-2021")
    assert {"taliban", "haqqani-network", "al-qaeda", "aqis", "ttp"} <= set(case.coalition)
    # every listed group has a sourced positive tie with the Taliban in force during the campaign
    graph = kb_analysis.snapshot("2021-07")
    for member in set(case.coalition) - {"taliban"}:
        ties = [d for u, v, d in graph.edges(data=True) if {u, v} == {member, "taliban"} and d["sign"] > 0]
        assert ties and all(d["sources"] for d in ties), member
    # the AFG 2021 theatre coalition carries the case's `won` event; no other country's track does
    july = kb_analysis.coalitions_for_country("AFG", "2021-08")
    track = next(c["id"] for c in july["coalitions"] if "taliban" in _members(c))
    assert any(h["event"] == "won" and h["case"] == "afg-2021"
               for h in kb_analysis.timeline("AFG").tracks[track].history)
    mali = kb_analysis.timeline("MLI", "2021-08")
    assert not any(h["event"] == "won" and h.get("case") == "afg-2021"
                   for t in mali.tracks.values() for h in t.history)


def test_contagion_still_counts_reactions_of_coalition_members_abroad(kb_analysis):
    signals = kb_analysis.contagion("2021-08-15", until="2021-12-31")["signals"]
    afg = {s["actor_id"] for s in signals if s["case"] == "afg-2021"}
    assert {"al-qaeda", "aqis", "ttp"} <= afg  # members of the coalition, reacting from abroad
    assert all(s["winner"] == "taliban" for s in signals if s["case"] == "afg-2021")


@pytest.mark.parametrize("country, month, member, label", [
    ("MLI", "2024-12", "jnim", "jnim"),
    ("SOM", "2024-12", "al-shabaab", "al-shabaab"),
    ("AFG", "1995-06", "taliban", "taliban"),
    ("PAK", "2014-08", "ttp", "ttp"),
    ("AFG", "2021-07", "taliban", "taliban"),
    ("SYR", "2024-11", "hts", "hts"),
])
def test_coalitions_are_labelled_by_their_local_fighting_core(kb_analysis, country, month, member, label):
    result = kb_analysis.coalitions_for_country(country, month)
    bloc = next(c for c in result["coalitions"] if member in _members(c))
    assert bloc["label_id"] == label
    assert bloc["label"] == kb_analysis.net.name(label)
    # the id is the tracked id, unchanged by labelling
    assert bloc["id"] in kb_analysis.timeline(country).tracks


def test_coalition_tables_show_member_names(cwatch):
    code, out, err = cwatch("coalition", "show", "taliban", "--as-of", "2021-07")
    assert code == 0, err
    name = "Haqqani Network"
    assert f"{name} [haqqani-network]" in " ".join(out.split())


def test_members_csv_has_the_coalition_id_beside_the_display_text(kb_analysis):
    import csv
    import io

    from coalition_watch.outputs.briefing import build_briefing
    from coalition_watch.outputs.exports import export_bytes

    b = build_briefing(kb_analysis.store, "AFG", "2021-07", use=("network",))
    graph, members = b.sections["graph"].data, b.sections["members"].data
    rows = list(csv.DictReader(io.StringIO(export_bytes(graph, members, "members-csv").decode())))
    header = list(rows[0])
    assert header[:9] == ["id", "name", "kind", "coalition", "strength", "ideology", "origin", "sponsors",
                          "foreign_fighters"] and "coalition_id" in header
    taliban = next(r for r in rows if r["id"] == "taliban")
    ids = {c["id"] for c in graph["coalitions"]}
    assert taliban["coalition_id"] in ids and taliban["coalition_id"].startswith("afg:")
    assert taliban["coalition"].startswith("coalition:")


def test_export_messages_share_one_wording(cwatch, tmp_path):
    code, out, err = cwatch("coalition", "export", str(tmp_path / "net.gexf"))
    assert code == 0, err
    assert out.strip().startswith("gexf written to ")
