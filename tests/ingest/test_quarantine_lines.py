"""Quarantined rows point at the physical line an editor shows, whatever the line endings, and a
row with an undecodable byte is quarantined even when the column is not stored."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from coalition_watch.errors import InputError
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
    break, unparseable ones (field count, cast, invalid UTF-8) and one failing a check. GED's
    ``adm_2`` never holds a line break, so the record of lines 4-5 is quarantined too."""
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
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (12, 6, 6)
    assert _quarantine(store) == [(2, None), (4, "adm_2"), (7, "best"), (9, None), (11, "side_b"), (13, "latitude")]
    assert [q["last_line"] for q in s.quarantine_sample if q["field"] == "adm_2"] == [5]
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


def _with_blank_lines(items: list, newline: str, sep: str = ",") -> tuple[bytes, list[int]]:
    """File bytes of ``items`` (a row, or None for a blank line) and the line each row starts at."""
    out, starts, line = [], [], 1
    for item in items:
        if item is None:
            text = newline
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator=newline, delimiter=sep,
                                **({"quoting": csv.QUOTE_NONE, "escapechar": "\\"} if sep == "\t" else {}))
            writer.writerow(item)
            text = buffer.getvalue()
            starts.append(line)
        out.append(text)
        line += text.count("\n")
    return "".join(out).encode("utf-8", "surrogateescape"), starts


@NEWLINES
def test_blank_lines_do_not_shift_lines_of_rows_failing_a_check(store, ucdp, tmp_path, newline):
    """Blank lines (right after the header, several in a row, around a quoted line break and a
    row DuckDB rejects) before rows that fail a check: each is reported at its own line (the
    record with the quoted line break too, as ``adm_2`` never holds one)."""
    header, rows = _syria_rows(ucdp, 12)
    col = {name: i for i, name in enumerate(header)}
    rows[0][col["latitude"]] = "123.5"                          # fails a check, after 1 blank line
    rows[2][col["adm_2"]] = "Ar Rastan" + newline + newline + "district"  # quoted break and blank line
    rows[3][col["best"]] = "-3"                                 # fails a check
    rows[4][col["best"]] = "abc"                                # DuckDB rejects it (cast)
    rows[5].append("extra")                                     # DuckDB rejects it (field count)
    rows[7][col["longitude"]] = "200"                           # fails a check after 3 blank lines
    rows[8][col["best"]] = "-1"                                 # fails a check
    rows[11][col["latitude"]] = "-95"                           # the last row fails a check
    items = [header, None, rows[0], rows[1], None, None, rows[2], None, rows[3], rows[4], None,
             rows[5], rows[6], None, None, None, rows[7], rows[8], rows[9], None, rows[10], rows[11],
             None, None]
    data, starts = _with_blank_lines(items, newline)
    path = tmp_path / "syr_blank_lines.csv"
    path.write_bytes(data)
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (12, 4, 8)
    line = dict(zip(["header"] + list(range(12)), starts))
    assert _quarantine(store) == sorted([(line[0], "latitude"), (line[2], "adm_2"), (line[3], "deaths"),
                                         (line[4], "best"),
                                         (line[5], None), (line[7], "longitude"), (line[8], "deaths"),
                                         (line[11], "latitude")])
    assert [line[0], line[3], line[7], line[11]] == [3, 11, 19, 24]
    physical = data.decode("utf-8").split(newline)                   # what an editor shows
    for number, column, value in ((line[0], "latitude", "123.5"), (line[3], "best", "-3"),
                                  (line[7], "longitude", "200"), (line[8], "best", "-1"),
                                  (line[11], "latitude", "-95")):
        assert next(csv.reader([physical[number - 1]]))[col[column]] == value


@NEWLINES
@pytest.mark.parametrize("dataset, name, quarantined", [
    ("acled", "acled_export_sample.csv", [(6, "fatalities"), (7, "event_date"), (8, "latitude")]),
    ("gtd", "gtd_export_sample.csv", [(5, "country"), (6, "imonth")]),
])
def test_blank_lines_in_other_exports(store, tmp_path, dataset, name, quarantined, newline):
    """The fixtures' bad rows (see test_other_datasets) with blank lines between all rows."""
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    items = [rows[0], None, None] + [x for row in rows[1:] for x in (row, None)]
    data, starts = _with_blank_lines(items, newline)
    path = tmp_path / name
    path.write_bytes(data)
    ingest.ingest(store, dataset, [path])
    assert _quarantine(store) == [(starts[line - 1], field) for line, field in quarantined]
    physical = data.decode("utf-8").split(newline)
    for line, _ in quarantined:
        assert next(csv.reader([physical[starts[line - 1] - 1]])) == rows[line - 1]


@NEWLINES
def test_blank_lines_in_a_gdelt_file(store, tmp_path, newline):
    """Tab-separated, no header, no quoting; the fixture's 4th row is rejected by DuckDB."""
    from coalition_watch.sources.gdelt import GDELT_COLUMNS

    with open(FIXTURES / "gdelt_sample.export.CSV", encoding="utf-8", newline="") as fh:
        rows = [line.rstrip("\r\n").split("\t") for line in fh]
    rows[2][GDELT_COLUMNS.index("ActionGeo_Lat")] = "123.5"
    items = [rows[0], None, None, rows[1], rows[3], None, rows[2], None]
    data, starts = _with_blank_lines(items, newline, sep="\t")
    path = tmp_path / "blank.export.CSV"
    path.write_bytes(data)
    [s] = ingest.ingest(store, "gdelt", [path])
    assert (s.rows_read, s.rows_quarantined) == (4, 2)
    assert _quarantine(store) == [(starts[2], None), (starts[3], "latitude")] == [(5, None), (7, "latitude")]



def test_a_gdelt_file_may_begin_with_blank_lines(store, tmp_path):
    with open(FIXTURES / "gdelt_sample.export.CSV", encoding="utf-8", newline="") as fh:
        rows = [line.rstrip("\r\n").split("\t") for line in fh]
    data, _ = _with_blank_lines([None, None, rows[0], rows[1]], "\n", sep="\t")
    path = tmp_path / "leading.export.CSV"
    path.write_bytes(data)
    [s] = ingest.ingest(store, "gdelt", [path])
    assert (s.rows_read, s.rows_quarantined) == (2, 0)
    # a file of another kind is still refused, naming the line of its first record
    path.write_bytes(b"\n\nid,name\n1,x\n")
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "gdelt", [path])
    assert err.value.line == 3 and "first record has 1" in str(err.value)
