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


def _write_rows(path, rows):
    import csv
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_newer_release_withdraws_missing_events_and_older_release_cannot_restore_them(store, ucdp, tmp_path):
    import csv
    src = ucdp / "ged_candidate_2026_01.csv"
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    best = header.index("best")
    ingest.ingest(store, "ucdp-ged", [src])                                   # 26.0.1 from the name
    # 26.0.2 drops two events (inside its countries and dates) and revises one
    dropped = {body[1][0], body[2][0]}
    newer = [r[:] for r in body if r[0] not in dropped]
    newer[0][best] = str(int(newer[0][best]) + 5)
    [second] = ingest.ingest(store, "ucdp-ged", [_write_rows(tmp_path / "ged_candidate_2026_02.csv", [header] + newer)])
    assert (second.rows_withdrawn, second.rows_revised, second.rows_unchanged) == (2, 1, 1724)
    assert "2 withdrawn" in second.line()
    assert store.count("events") == 1725
    gone = store.query("SELECT event_id, changed, previous_version, version FROM event_revisions "
                       "WHERE list_contains(changed, 'withdrawn') ORDER BY event_id")
    assert {g["event_id"] for g in gone} == {f"ucdp-ged:{i}" for i in dropped}
    assert all((g["previous_version"], g["version"]) == ("26.0.1", "26.0.2") for g in gone)
    # an older release (different bytes) loaded afterwards changes nothing the newer one decided
    older = [r[:] for r in body]
    older[3][best] = str(int(older[3][best]) + 1)
    [third] = ingest.ingest(store, "ucdp-ged", [_write_rows(tmp_path / "older.csv", [header] + older)],
                            version="26.0.1")
    assert (third.rows_stored, third.rows_kept_newer, third.rows_withdrawn) == (0, 4, 0)
    assert store.count("events") == 1725
    first_id = f"ucdp-ged:{body[0][0]}"
    assert store.query("SELECT deaths_best FROM events WHERE id = ?", [first_id])[0]["deaths_best"] == int(body[0][best]) + 5
    # a newer one-country subset withdraws only the missing events of that country and date range
    country, start = header.index("country"), header.index("date_start")
    one = sorted((r for r in newer if r[country] == newer[0][country]), key=lambda r: r[start])
    assert len(one) >= 3
    missing = one[1:-1][:2]
    kept_rows = [r for r in one if r not in missing]
    [fourth] = ingest.ingest(store, "ucdp-ged", [_write_rows(tmp_path / "ged_candidate_2026_03.csv", [header] + kept_rows)])
    assert fourth.rows_withdrawn == len(missing) and store.count("events") == 1725 - len(missing)
    left = store.query("SELECT count(DISTINCT country) AS n FROM events")[0]["n"]
    assert left > 1                                          # other countries untouched


def test_acd_split_record_is_quarantined_not_merged(store, ucdp):
    [s] = ingest.ingest(store, "ucdp-acd", [ucdp / "acd_v25_1_semicolon.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (2751, 2750, 1)
    [q] = store.query("SELECT line, reason, raw FROM quarantine")
    assert q["line"] == 42 and "lines 42–43" in q["reason"] and "East Turkestan" in q["raw"]
    assert s.quarantine_sample[0]["last_line"] == 43
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


def test_unversioned_correction_revises_beside_a_versioned_release(store, ucdp, tmp_path):
    """A file without a version, reloaded corrected while a versioned release is stored: the
    changed event is revised (its stored version is NULL, which is not newer), nothing is lost."""
    import csv
    ingest.ingest(store, "ucdp-ged", [ucdp / "ged_ethiopia.csv", ucdp / "ged_candidate_2026_01.csv"])
    before = store.count("events")
    with open(ucdp / "ged_ethiopia.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    best = header.index("best")
    fixed = [r[:] for r in body]
    fixed[0][best] = str(int(fixed[0][best]) + 3)
    [s] = ingest.ingest(store, "ucdp-ged", [_write_rows(tmp_path / "ged_eth_fix.csv", [header] + fixed)])
    assert s.version is None
    assert (s.rows_revised, s.rows_unchanged, s.rows_stored, s.rows_withdrawn) == (1, len(body) - 1, 1, 0)
    assert "1 revised" in s.line()
    assert store.count("events") == before
    event = f"ucdp-ged:{body[0][0]}"
    assert store.query("SELECT deaths_best FROM events WHERE id = ?", [event])[0]["deaths_best"] == int(fixed[0][best])
    assert store.query("SELECT event_id, changed, previous_version, version FROM event_revisions") == [
        {"event_id": event, "changed": ["deaths_best"], "previous_version": None, "version": None}]
    assert store.query("SELECT count(*) AS n FROM events WHERE version = '26.0.1'")[0]["n"] == 1727
    # a versioned release of the same events confirms the unchanged ones (they take its version)
    # and withdraws none of the events stored without a version
    [r] = ingest.ingest(store, "ucdp-ged", [_write_rows(tmp_path / "eth.csv", [header] + fixed[1:])], version="25.1")
    assert (r.rows_unchanged, r.rows_withdrawn, r.rows_stored) == (len(body) - 1, 0, 0)
    assert store.count("events") == before
    assert store.query("SELECT version FROM events WHERE id = ?", [event])[0]["version"] is None
    assert store.query("SELECT count(*) AS n FROM events WHERE version = '25.1'")[0]["n"] == len(body) - 1


def test_repeated_load_names_the_file_once(tmp_path, ucdp):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    db, path = tmp_path / "s.duckdb", ucdp / "ged_candidate_2026_01.csv"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "ucdp-ged", str(path), "--db", str(db)])
    again = runner.invoke(app, ["ingest", "ucdp-ged", str(path), "--db", str(db)])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    text = " ".join(again.output.split())          # Rich may wrap long lines
    assert f": already loaded as ingest {_first_ingest_id(db)} (same file hash)" in text
    assert text.count(path.name) == 1, text


def _first_ingest_id(db) -> int:
    from coalition_watch import api
    store = api.open_store(db)
    try:
        return store.query("SELECT min(id) AS id FROM ingests WHERE dataset = 'ucdp-ged'")[0]["id"]
    finally:
        store.close()


def test_ged_placeholder_actors_are_generic_not_unresolved(store, ucdp):
    """UCDP writes unidentified actors as "XXX" + a country number ("XXX70", "XXX475")."""
    ingest.ingest(store, "ucdp-ged", [ucdp / "ged_candidate_2026_01.csv"])
    listed = store.query("SELECT count(*) AS n FROM events WHERE len(list_filter(side_a_names || side_b_names, "
                         "lambda x: regexp_full_match(x, 'XXX[0-9]+'))) > 0")[0]["n"]
    assert listed > 100                                       # the names stay on the events
    placeholders = store.query("SELECT name FROM unresolved_names WHERE regexp_full_match(name, 'XXX[0-9]+')")
    assert placeholders == []
    in_events = store.query("SELECT count(*) AS n FROM events WHERE len(list_filter(unresolved, "
                            "lambda x: regexp_full_match(x, 'XXX[0-9]+'))) > 0")[0]["n"]
    assert in_events == 0
    assert store.count("unresolved_names") > 0                # real names are still listed for review


def test_load_restores_duckdb_settings(store, ucdp, tmp_path):
    """A load runs with the memory cap (the store has DuckDB's default limit) and, for a small
    file, one DuckDB thread; afterwards (also after a failed load) the connection has its own
    settings back."""
    con = store.con
    con.execute("SET threads = 2")
    setting = "SELECT current_setting('threads'), current_setting('memory_limit')"
    before = con.execute(setting).fetchall()[0]
    during = []
    ingest.ingest(store, "ucdp-ged", [ucdp / "ged_el_salvador.csv"],
                  progress=lambda step, fraction: during.append(con.execute(setting).fetchall()[0]))
    assert during[-1] == (1, "953.6 MiB")
    assert con.execute(setting).fetchall()[0] == before
    bad = tmp_path / "ged_bad.csv"
    bad.write_text("id,year\n1,2020\n", encoding="utf-8")
    with pytest.raises(InputError):
        ingest.ingest(store, "ucdp-ged", [bad])
    assert con.execute(setting).fetchall()[0] == before


def test_a_file_whose_dates_hold_no_resolution_boundary_resolves_as_of_its_own_dates(store, ucdp, tmp_path):
    """March 2018 events naming "Jabhat al-Nusra": no resolution boundary falls inside the file's
    dates, and the name resolves, as of 2018, through its lineage to HTS (not as of some fixed
    date before the renames)."""
    import csv

    with open(ucdp / "ged_syria_2018_2019.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = [r for r in reader if r["date_start"].startswith("2018-03") and r["date_end"].startswith("2018-03")][:3]
    for row in rows:
        row["side_b"] = "Jabhat al-Nusra"
    path = tmp_path / "ged_syria_march_2018.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    ingest.ingest(store, "ucdp-ged", [path])
    ids = {i for r in store.query("SELECT side_b FROM events") for i in r["side_b"]}
    assert ids == {"hts"}
