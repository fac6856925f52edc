"""UCDP files from ../shared load completely, or quarantine exactly their bad rows."""

from __future__ import annotations

import pytest

from coalition_watch.errors import InputError
from coalition_watch.ingest import api as ingest
from coalition_watch.ingest.sides import split_listed_names
from coalition_watch.sources.ucdp_country_year import split_by_ids


@pytest.mark.parametrize("name, read, quarantined", [
    ("ged_ethiopia.csv", 3808, 0),
    ("ged_candidate_2026_01.csv", 1727, 0),
    ("ged_syria_2016_2017.csv", 11757, 0),
    ("ged_sudan_old_schema.csv", 3475, 0),   # every row's trailing extra field is empty: accepted
])
def test_ged_files_load_with_counts(store, ucdp, name, read, quarantined):
    [summary] = ingest.ingest(store, "ucdp-ged", [ucdp / name])
    assert (summary.rows_read, summary.rows_stored, summary.rows_quarantined) == (read, read - quarantined, quarantined)
    assert store.count("events") == read - quarantined
    assert store.count("quarantine") == quarantined
    row = store.query("SELECT count(*) AS n FROM events WHERE country IS NULL OR date_start IS NULL")[0]
    assert row["n"] == 0


def test_ged_syria_sides_are_split_and_resolved(store, ucdp):
    ingest.ingest(store, "ucdp-ged", [ucdp / "ged_syria_2016_2017.csv"])
    rows = store.query("SELECT names, ids, unresolved FROM (SELECT side_a_names AS names, side_a AS ids, unresolved "
                       "FROM events UNION ALL SELECT side_b_names, side_b, unresolved FROM events) "
                       "WHERE names = ['Ahrar al-Sham', 'HTS', 'Southern Front'] LIMIT 1")
    assert rows, "the coalition side was not split into its three members"
    assert rows[0]["ids"] == ["ahrar-al-sham", "hts"]
    assert "Southern Front" in rows[0]["unresolved"]          # not in the small KB: kept verbatim
    jfs = store.query("SELECT side_a || side_b AS ids FROM events WHERE list_contains(side_a_names || side_b_names, "
                      "'Jabhat Fateh al-Sham') AND date_start BETWEEN DATE '2016-08-01' AND DATE '2016-12-31' LIMIT 1")
    assert "jabhat-fatah-al-sham" in jfs[0]["ids"]
    unresolved = {r["name"] for r in store.query("SELECT name FROM unresolved_names WHERE context = 'ingest:ucdp-ged'")}
    assert "Syrian insurgents" in unresolved


def test_split_keeps_known_comma_names():
    known = {"Military Junta for the Consolidation of Democracy, Peace and Justice"}
    assert split_listed_names("Military Junta for the Consolidation of Democracy, Peace and Justice, MNLA", known) == [
        "Military Junta for the Consolidation of Democracy, Peace and Justice", "MNLA"]
    assert split_listed_names("Opposition coalition (Febreristas, Liberals and Communists)") == [
        "Opposition coalition (Febreristas, Liberals and Communists)"]
    assert split_by_ids('CPB, CPB-RF, PVO - "White Band" faction', "182, 183, 184") == [
        "CPB", "CPB-RF", 'PVO - "White Band" faction']
    assert split_by_ids("Interahamwe, ex-FAR", "400") == ["Interahamwe, ex-FAR"]


def test_rerun_is_noop_and_new_version_revises(store, ucdp, tmp_path):
    src = ucdp / "ged_candidate_2026_01.csv"
    [first] = ingest.ingest(store, "ucdp-ged", [src])
    [again] = ingest.ingest(store, "ucdp-ged", [src])
    assert again.already_loaded and store.count("ingests") == 2 and store.count("events") == 1727
    # a later release revises one event's fatalities and adds nothing else
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    best = header.index("best")
    import csv, io
    rows = list(csv.reader(io.StringIO("".join(lines))))
    rows[1][best] = str(int(rows[1][best]) + 5)
    revised = tmp_path / "ged_candidate_2026_02.csv"
    with open(revised, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    [second] = ingest.ingest(store, "ucdp-ged", [revised])
    assert (second.rows_revised, second.rows_unchanged, second.rows_stored) == (1, 1726, 1)
    rev = store.query("SELECT event_id, changed, previous_version, version FROM event_revisions")
    assert rev == [{"event_id": f"ucdp-ged:{rows[1][0]}", "changed": ["deaths_best"],
                    "previous_version": "26.0.1", "version": "26.0.2"}]
    # the older release loaded after the newer one does not overwrite it
    [older] = ingest.ingest(store, "ucdp-ged", [src], version="26.0.1-reload")
    assert older.already_loaded


def test_acd_split_record_is_quarantined_not_merged(store, ucdp):
    [s] = ingest.ingest(store, "ucdp-acd", [ucdp / "acd_v25_1_semicolon.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (2751, 2750, 1)
    [q] = store.query("SELECT line, reason, raw FROM quarantine")
    assert q["line"] == 42 and "42-43" in q["reason"] and "East Turkestan" in q["raw"]
    # the halves did not become rows of their own
    assert store.query("SELECT count(*) AS n FROM conflict_years WHERE conflict_id = '11349'")[0]["n"] == 0
    myanmar = store.query("SELECT side_b_names FROM conflict_years WHERE id = 'ucdp-acd:222-1948'")[0]
    assert myanmar["side_b_names"] == ["CPB", "CPB-RF", 'PVO - "White Band" faction']


@pytest.mark.parametrize("dataset, name, read", [
    ("ucdp-dyadic", "dyadic_v24_1.csv", 3357),
    ("ucdp-termination", "termination_v3_2021.csv", 2506),
])
def test_country_year_files(store, ucdp, dataset, name, read):
    [s] = ingest.ingest(store, dataset, [ucdp / name])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (read, read, 0)
    if dataset == "ucdp-dyadic":
        n = store.query("SELECT count(*) AS n FROM conflict_years WHERE len(side_a_2nd_names) > 0")[0]["n"]
        assert n > 0   # external supporters kept


def test_actor_list_links_become_pending_relations(store, ucdp):
    [s] = ingest.ingest(store, "ucdp-actors", [ucdp / "actor_list_v22_1.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (1725, 1725, 0)
    rels = store.query("SELECT * FROM relations WHERE provenance LIKE 'ucdp-actors:%'")
    assert rels and all(r["status"] == "extracted-pending" for r in rels)
    assert store.count("external_actors") == 1725


def test_wrong_file_fails_with_one_line_and_leaves_store(store, ucdp):
    before = store.count("ingests")
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "ucdp-ged", [ucdp / "dyadic_v24_1.csv"])
    assert "not a UCDP GED file" in str(err.value) and "\n" not in str(err.value)
    assert store.count("ingests") == before and store.count("events") == 0
