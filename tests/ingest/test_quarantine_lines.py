"""Quarantined rows point at the physical line an editor shows, whatever the line endings, and a
row with an undecodable byte is quarantined even when the column is not stored."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from coalition_watch.ingest import api as ingest
from coalition_watch.sources.csvscan import collect_rejects, csv_sql, physical_lines

from .conftest import FIXTURES

NEWLINES = pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])


def _syria_rows(ucdp, n: int) -> tuple[list[str], list[list[str]]]:
    """Header and the first ``n`` data rows of the 34-column GED Syria file."""
    with open(ucdp / "ged_syria_2016_2017.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], [r[:] for r in rows[1:n + 1]]


def _csv_bytes(rows: list[list[str]], newline: str = "\n") -> bytes:
    """CSV bytes; a lone surrogate such as "\\udce9" becomes that raw byte (invalid UTF-8)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogateescape")


def _quarantine(store) -> list[tuple[int, str | None]]:
    return [(r["line"], r["field"]) for r in store.query("SELECT line, field FROM quarantine ORDER BY line")]


@NEWLINES
def test_ged_quarantine_lines_are_physical_lines(store, ucdp, tmp_path, newline):
    """Broken rows at known lines: the first after the header, after a record with a quoted line
    break, unparseable ones (field count, cast, invalid UTF-8) and one failing a check."""
    header, rows = _syria_rows(ucdp, 12)
    col = {name: i for i, name in enumerate(header)}
    rows[0].append("extra")                                  # line 2: 35 fields
    rows[2][col["adm_2"]] = "Ar Rastan" + newline + "district"  # lines 4-5: one record, quoted break
    rows[4][col["best"]] = "abc"                             # line 7: not a number
    del rows[6][-1]                                          # line 9: 33 fields
    rows[8][col["side_b"]] += " \udcff"                       # line 11: a byte that is not UTF-8
    rows[10][col["latitude"]] = "123.5"                      # line 13: fails the latitude check
    path = tmp_path / "syr_bad.csv"
    path.write_bytes(_csv_bytes([header] + rows, newline))
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (12, 7, 5)
    assert _quarantine(store) == [(2, None), (7, "best"), (9, None), (11, "side_b"), (13, "latitude")]
    physical = path.read_bytes().decode("utf-8", "replace").split(newline)     # what an editor shows
    assert next(csv.reader([physical[7 - 1]]))[col["best"]] == "abc"
    assert next(csv.reader([physical[13 - 1]]))[col["latitude"]] == "123.5"


@NEWLINES
def test_physical_lines_of_duckdb_rejects(tmp_path, newline):
    """DuckDB's ``line_byte_position`` differs for LF and CRLF, the first record and records after
    blank lines; every rejected record still maps to its own line."""
    nl = newline.encode()
    lines = [b"id,name", b"1,x,extra", b"2,ok", b'3,"two' + nl + b'lines"', b"4,ok", b"",
             b"x5,ok", b"", b"", b"6,y,z", b"7,\xff"]
    path = tmp_path / "small.csv"
    path.write_bytes(nl.join(lines) + nl)
    con = duckdb.connect()
    con.execute(f"CREATE TEMP TABLE t AS SELECT * FROM {csv_sql(path, {'id': 'DOUBLE', 'name': 'VARCHAR'}, rejects='_r')}")
    rejected, count = collect_rejects(con, path, "_r")
    assert count == 4
    assert sorted(r.line for r in rejected) == [2, 8, 11, 12]
    positions = [p for (p,) in con.execute("SELECT line_byte_position FROM _r").fetchall()]
    assert sorted(physical_lines(path, positions).values()) == [2, 8, 11, 12]


def test_invalid_utf8_in_a_column_not_stored_is_quarantined(store, ucdp, tmp_path):
    """GED ``dyad_name`` is not stored; a row with a Latin-1 byte in it is still reported."""
    header, rows = _syria_rows(ucdp, 30)
    dyad = header.index("dyad_name")
    assert "e" in rows[12][dyad]
    rows[12][dyad] = rows[12][dyad].replace("e", "\udce9", 1)     # line 14: "é" written as Latin-1
    path = tmp_path / "syr_latin1.csv"
    path.write_bytes(_csv_bytes([header] + rows))
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (30, 29, 1)
    assert _quarantine(store) == [(14, "dyad_name")]
    assert store.count("events") == 29
    gone = f"ucdp-ged:{int(float(rows[12][0]))}"
    assert not store.query("SELECT id FROM events WHERE id = ?", [gone])


@pytest.mark.parametrize("dataset, name, column, row, stored", [
    ("acled", "acled_export_sample.csv", "source_scale", 1, 3),
    ("gtd", "gtd_export_sample.csv", "dbsource", 1, 2),
])
def test_invalid_utf8_in_unused_column_of_other_exports(store, tmp_path, dataset, name, column, row, stored):
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row][rows[0].index(column)] = "Fixture\udce9"                # a lone Latin-1 byte
    path = tmp_path / name
    path.write_bytes(_csv_bytes(rows))
    [s] = ingest.ingest(store, dataset, [path])
    assert s.rows_stored == stored
    assert (row + 1, column) in _quarantine(store)
