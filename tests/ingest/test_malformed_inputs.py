"""Malformed input found by an audit of ingestion: a clear error or quarantine naming file, line
and field, and nothing already stored lost.

Inputs are built in ``tmp_path`` from the shared UCDP files and the fixtures of this folder.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coalition_watch.errors import InputError
from coalition_watch.ingest import api as ingest
from coalition_watch.ingest.geography import capitals, fips_codes
from coalition_watch.sources import csvscan, records
from coalition_watch.sources.gdelt import GDELT_COLUMNS

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def _quarantine(store) -> list[tuple]:
    return [(r["line"], r["field"]) for r in store.query("SELECT line, field FROM quarantine ORDER BY line, field")]


def _lines(path: Path, n: int) -> tuple[bytes, list[bytes]]:
    """Header and the first ``n`` data lines of a file whose records are one line each."""
    lines = path.read_bytes().split(b"\n")
    return lines[0], lines[1:n + 1]


def _set_field(line: bytes, index: int, change) -> bytes:
    parts = line.split(b",")
    parts[index] = change(parts[index])
    return b",".join(parts)


def _stray_quotes(ucdp, tmp_path, *, close: bool = True) -> Path:
    """50 GED Syria rows; a quote opens ``side_a`` on line 31 and (``close``) one closes it on line 41."""
    header, body = _lines(ucdp / "ged_syria_2018_2019.csv", 50)
    side_a = header.split(b",").index(b"side_a")
    body[29] = _set_field(body[29], side_a, lambda v: b'"' + v)
    if close:
        body[39] = _set_field(body[39], side_a, lambda v: v + b'"')
    path = tmp_path / ("stray_quotes.csv" if close else "open_quote.csv")
    path.write_bytes(b"\n".join([header] + body) + b"\n")
    return path


# --- 1. a stray pair of quotes -------------------------------------------------------------------

def test_stray_quote_pair_quarantines_the_record_it_makes_of_eleven_lines(store, ucdp, tmp_path):
    [s] = ingest.ingest(store, "ucdp-ged", [_stray_quotes(ucdp, tmp_path)])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (40, 39, 1)
    assert _quarantine(store) == [(31, "side_a")]
    [q] = s.quarantine_sample
    assert (q["line"], q["last_line"]) == (31, 41) and "stray or unclosed quote" in q["reason"]
    assert "(lines 31–41)" in store.query("SELECT reason FROM quarantine")[0]["reason"]
    # no event holds the joined lines, and their text did not become unresolved names
    assert store.query("SELECT max(len(side_a_names)) AS n FROM events")[0]["n"] <= 3
    assert not store.query("SELECT name FROM unresolved_names WHERE contains(name, chr(10))")


def test_open_quote_names_every_line_it_swallows(store, ucdp, tmp_path):
    [s] = ingest.ingest(store, "ucdp-ged", [_stray_quotes(ucdp, tmp_path, close=False)])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (30, 29, 1)
    [q] = s.quarantine_sample
    assert (q["line"], q["last_line"], q["field"]) == (31, 51, "side_a")


def test_stray_quotes_in_a_column_not_stored_after_a_blank_line(store, ucdp, tmp_path):
    """A blank line makes the file's lines outnumber its records, so the rows are read again for
    line breaks: a stray quote pair in ``dyad_name``, a column the load does not store, is found."""
    header, body = _lines(ucdp / "ged_syria_2018_2019.csv", 50)
    col = header.split(b",").index(b"dyad_name")
    body[29] = _set_field(body[29], col, lambda v: b'"' + v)
    body[39] = _set_field(body[39], col, lambda v: v + b'"')
    path = tmp_path / "stray_dyad_name.csv"
    path.write_bytes(b"\n".join([header, b""] + body) + b"\n")         # line 2 is blank
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (40, 39, 1)
    assert _quarantine(store) == [(32, "dyad_name")] and s.quarantine_sample[0]["last_line"] == 42


def test_line_break_in_a_column_that_never_holds_one_among_real_multiline_records(store, ucdp, tmp_path):
    """The 49-column El Salvador file has records with line breaks in ``source_original`` (kept);
    one in ``dyad_name`` is quarantined with the lines of its record."""
    with open(ucdp / "ged_el_salvador.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("dyad_name")
    rows[100][col] = rows[100][col].replace(" - ", "\n- ")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "ged_el_salvador.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    starts = _record_starts(out.getvalue())
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (186, 185, 1)
    assert _quarantine(store) == [(starts[100], "dyad_name")]
    assert s.quarantine_sample[0]["last_line"] == starts[101] - 1 == starts[100] + 1
    # the real multi-line records are stored whole
    assert store.query("SELECT count(*) AS n FROM events WHERE contains(source_text, '\\n')")[0]["n"] > 0


def _record_starts(text: str) -> list[int]:
    """Physical start line of each record (index 0: the header) of CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, end = [], 0
    for _ in reader:
        starts.append(end + 1)
        end = reader.line_num
    return starts


@pytest.mark.parametrize("dataset, fixture, text_column, stray_column", [
    ("acled", "acled_export_sample.csv", "notes", "admin1"),
    ("gtd", "gtd_export_sample.csv", "summary", "provstate"),
])
def test_line_break_outside_the_text_columns_is_quarantined(store, tmp_path, dataset, fixture, text_column,
                                                            stray_column):
    """ACLED ``notes`` and GTD ``summary`` may hold a line break; ``admin1`` and ``provstate`` never do."""
    with open(FIXTURES / fixture, encoding="utf-8", newline="") as fh:
        names, good = next(csv.reader(fh)), next(csv.reader(fh))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for k in range(6):
        row = list(good)
        row[0] = f"{good[0][:3]}{100 + k}" if dataset == "acled" else str(201501010100 + k)
        if k == 1:
            row[names.index(text_column)] = "Two lines\nof text."
        writer.writerow(row)
    lines = out.getvalue().split("\n")     # line 1 header, 2 row 0, 3-4 row 1, 5 row 2, ... 8 row 5
    col = names.index(stray_column)
    assert all('"' not in line for line in lines[4:7])
    lines[4] = ",".join(v if i != col else '"' + v for i, v in enumerate(lines[4].split(",")))   # row 2
    lines[6] = ",".join(v if i != col else v + '"' for i, v in enumerate(lines[6].split(",")))   # row 4
    path = tmp_path / fixture
    path.write_text("\n".join(lines), encoding="utf-8")
    [s] = ingest.ingest(store, dataset, [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (4, 3, 1)
    assert _quarantine(store) == [(5, stray_column)] and s.quarantine_sample[0]["last_line"] == 7
    assert store.query("SELECT count(*) AS n FROM events WHERE contains(source_text, 'Two lines')")[0]["n"] == 1


def test_actor_list_stray_quotes_quarantined_and_real_multiline_names_kept(store, ucdp, tmp_path):
    data = (ucdp / "actor_list_v22_1.csv").read_bytes()
    lines, starts = data.split(b"\n"), _record_starts(data.decode("utf-8-sig"))
    location = lines[0].split(b",").index(b"Location")
    # the first three records on one line each, with no quote in them
    k = next(k for k in range(1, len(starts) - 3) if starts[k + 3] == starts[k] + 3
             and all(b'"' not in lines[starts[k] - 1 + j] for j in range(3)))
    first = starts[k]
    lines[first - 1] = _set_field(lines[first - 1], location, lambda v: b'"' + v)
    lines[first + 1] = _set_field(lines[first + 1], location, lambda v: v + b'"')
    path = tmp_path / "actor_list_v22_1.csv"
    path.write_bytes(b"\n".join(lines))
    [s] = ingest.ingest(store, "ucdp-actors", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (1723, 1722, 1)
    assert _quarantine(store) == [(first, "Location")] and s.quarantine_sample[0]["last_line"] == first + 2
    # NameOrigFullEng holds real line breaks (actors 422 and 1131): those are kept
    kept = store.query("SELECT external_id FROM external_actors WHERE external_id IN ('422', '1131')")
    assert len(kept) == 2


def test_acd_record_split_across_lines_reported_with_its_lines(store, ucdp):
    [s] = ingest.ingest(store, "ucdp-acd", [ucdp / "acd_v25_1_semicolon.csv"])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (2751, 2750, 1)
    assert (s.quarantine_sample[0]["line"], s.quarantine_sample[0]["last_line"]) == (42, 43)


# --- 2. versions of country-year files and actor lists --------------------------------------------

def _acd_release(ucdp, tmp_path, name: str, version: str, flip: bool = False, rows: int = 10) -> Path:
    """The first ``rows`` ACD v25.1 rows as release ``version``; ``flip``: intensity levels changed."""
    data = (ucdp / "acd_v25_1_semicolon.csv").read_bytes().split(b"\r\n")
    out = [data[0]]
    for line in data[1:rows + 1]:
        parts = line.split(b";")
        parts[-1] = version.encode()
        if flip:
            parts[11] = b"2" if parts[11] == b"1" else b"1"
        out.append(b";".join(parts))
    path = tmp_path / name
    path.write_bytes(b"\r\n".join(out) + b"\r\n")
    return path


def test_older_acd_release_keeps_the_newer_rows(store, ucdp, tmp_path):
    [new] = ingest.ingest(store, "ucdp-acd", [_acd_release(ucdp, tmp_path, "acd_new.csv", "25.1")])
    assert new.rows_stored == 10
    [old] = ingest.ingest(store, "ucdp-acd", [_acd_release(ucdp, tmp_path, "acd_old.csv", "24.1", flip=True)])
    assert (old.rows_read, old.rows_stored, old.rows_kept_newer) == (10, 0, 10)
    assert "10 kept (stored version newer)" in old.line()
    assert store.query("SELECT DISTINCT version FROM conflict_years") == [{"version": "25.1"}]
    assert not store.query("SELECT * FROM event_revisions")


def test_newer_acd_release_revises_rows_and_records_what_changed(store, ucdp, tmp_path):
    ingest.ingest(store, "ucdp-acd", [_acd_release(ucdp, tmp_path, "acd_old.csv", "24.1", flip=True)])
    [new] = ingest.ingest(store, "ucdp-acd", [_acd_release(ucdp, tmp_path, "acd_new.csv", "25.1", rows=12)])
    assert (new.rows_read, new.rows_stored, new.rows_revised, new.rows_unchanged) == (12, 12, 10, 0)
    revisions = store.query("SELECT event_id, changed, previous_version, version FROM event_revisions "
                            "ORDER BY event_id")
    assert len(revisions) == 10
    assert all(r["changed"] == ["intensity_level"] and (r["previous_version"], r["version"]) == ("24.1", "25.1")
               and r["event_id"].startswith("ucdp-acd:") for r in revisions)
    assert store.query("SELECT DISTINCT version FROM conflict_years") == [{"version": "25.1"}]
    # the same rows of a later release, unchanged, take its version and are not rewritten
    [later] = ingest.ingest(store, "ucdp-acd", [_acd_release(ucdp, tmp_path, "acd_later.csv", "26.1", rows=12)])
    assert (later.rows_stored, later.rows_unchanged) == (0, 12)
    assert store.query("SELECT DISTINCT version FROM conflict_years") == [{"version": "26.1"}]


def test_older_actor_list_keeps_the_newer_entries(store, ucdp, tmp_path):
    text = (ucdp / "actor_list_v22_1.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:11]
    version, name = header.index("Version"), header.index("NameData")

    def release(label: str, rename: bool) -> Path:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in body:
            row = list(row)
            row[version] = label
            if rename:
                row[name] = row[name] + " (old spelling)"
            writer.writerow(row)
        path = tmp_path / f"actors_{label}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        return path

    ingest.ingest(store, "ucdp-actors", [release("22.1", False)])
    [old] = ingest.ingest(store, "ucdp-actors", [release("21.1", True)])
    assert (old.rows_stored, old.rows_kept_newer) == (0, 10)
    assert not store.query("SELECT name FROM external_actors WHERE name LIKE '%(old spelling)'")
    [newer] = ingest.ingest(store, "ucdp-actors", [release("23.1", True)])
    assert (newer.rows_stored, newer.rows_revised) == (10, 10)
    changed = store.query("SELECT DISTINCT changed, previous_version, version FROM event_revisions")
    assert changed == [{"changed": ["NameData"], "previous_version": "22.1", "version": "23.1"}]


# --- 3. GDELT country codes; 5. impossible dates --------------------------------------------------

def _gdelt_file(tmp_path, rows: list[dict[int, str]]) -> Path:
    template = (FIXTURES / "gdelt_sample.export.CSV").read_bytes().split(b"\n")[0].decode().split("\t")
    assert len(template) == len(GDELT_COLUMNS)
    lines = []
    for i, changes in enumerate(rows):
        fields = list(template)
        fields[0] = str(1500000000 + i)
        for index, value in changes.items():
            fields[index] = value
        lines.append("\t".join(fields))
    path = tmp_path / "sample.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


COUNTRY = GDELT_COLUMNS.index("ActionGeo_CountryCode")
SQLDATE = GDELT_COLUMNS.index("SQLDATE")


def test_gdelt_fips_codes_map_to_their_country_never_to_the_iso_code_of_the_same_letters(store, tmp_path):
    codes = ["GZ", "WE", "GQ", "MC", "IS", "MW", "PG", "ZZ"]
    path = _gdelt_file(tmp_path, [{COUNTRY: c} for c in codes])
    [s] = ingest.ingest(store, "gdelt", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (8, 5, 3)
    stored = {r["id"]: r["country"] for r in store.query("SELECT id, country FROM events")}
    assert stored == {"gdelt:1500000000": "PSE", "gdelt:1500000001": "PSE", "gdelt:1500000002": "GUM",
                      "gdelt:1500000003": "MAC", "gdelt:1500000004": "ISR"}
    reasons = store.query("SELECT line, field, reason FROM quarantine ORDER BY line")
    assert [(r["line"], r["field"]) for r in reasons] == [(6, "ActionGeo_CountryCode"), (7, "ActionGeo_CountryCode"),
                                                          (8, "ActionGeo_CountryCode")]
    assert "'MW'" in reasons[0]["reason"] and "Spratly Islands" in reasons[1]["reason"]
    assert "not a FIPS 10-4 country code: 'ZZ'" == reasons[2]["reason"]


def test_fips_table_is_complete_for_the_capitals_and_unique():
    table = fips_codes()
    assert len(table) > 250
    for row in capitals().itertuples():
        assert table[row.fips][0] == row.iso3, row.fips


def test_gdelt_impossible_date_quarantines_its_row_naming_sqldate(store, tmp_path):
    path = _gdelt_file(tmp_path, [{}, {SQLDATE: "20210230"}, {}])
    [s] = ingest.ingest(store, "gdelt", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (3, 2, 1)
    assert _quarantine(store) == [(2, "SQLDATE")]


# --- 4. several files; 8. URLs ---------------------------------------------------------------------

def test_error_in_a_later_file_names_the_files_loaded_before_it(store, ucdp, tmp_path):
    bad = tmp_path / "not_ged.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    seen = []
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "ucdp-ged", [ucdp / "ged_el_salvador.csv", bad], loaded=seen.append)
    message = str(err.value)
    assert message.startswith(f"{bad}:1: not a UCDP GED file")
    assert f"loaded before it: {ucdp / 'ged_el_salvador.csv'}: 186 read, 186 stored, 0 quarantined" in message
    assert [s.rows_stored for s in seen] == [186] and store.count("events") == 186


def test_cli_prints_each_file_as_it_is_loaded(ucdp, tmp_path):
    bad = tmp_path / "not_ged.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    stray = _stray_quotes(ucdp, tmp_path)
    out = subprocess.run([sys.executable, "-m", "coalition_watch.cli", "ingest", "ucdp-ged", str(stray),
                          str(ucdp / "ged_el_salvador.csv"), str(bad), "--db", str(tmp_path / "cli.duckdb")],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"})
    assert out.returncode == 2
    assert f"{stray}: 40 read, 39 stored, 1 quarantined" in out.stdout
    assert "  quarantined lines 31–41: side_a: line break in a field that never holds one" in out.stdout
    assert f"{ucdp / 'ged_el_salvador.csv'}: 186 read, 186 stored, 0 quarantined" in out.stdout
    assert "loaded before it" in out.stderr and "Traceback" not in out.stderr


def test_cli_says_how_many_quarantined_rows_it_does_not_show(ucdp, tmp_path):
    header, body = _lines(ucdp / "ged_syria_2018_2019.csv", 20)
    latitude = header.split(b",").index(b"latitude")
    body = [_set_field(line, latitude, lambda v: b"123.5") if i < 8 else line for i, line in enumerate(body)]
    path = tmp_path / "bad_latitudes.csv"
    path.write_bytes(b"\n".join([header] + body) + b"\n")
    out = subprocess.run([sys.executable, "-m", "coalition_watch.cli", "ingest", "ucdp-ged", str(path),
                          "--db", str(tmp_path / "cli.duckdb")], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("  quarantined line ") == 5
    assert "  and 3 more quarantined" in out.stdout


@pytest.fixture()
def file_server(tmp_path):
    served = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            data = served[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.served = served
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_downloaded_file_is_named_by_its_url(store, ucdp, tmp_path, file_server):
    file_server.served["/stray.csv"] = _stray_quotes(ucdp, tmp_path).read_bytes()
    file_server.served["/bad.csv"] = b"a,b,c\n1,2,3\n"
    url = file_server.url + "/stray.csv"
    [s] = ingest.ingest(store, "ucdp-ged", [url])
    assert s.file == url and s.quarantine_sample[0]["file"] == url
    assert store.query("SELECT DISTINCT file FROM quarantine") == [{"file": url}]
    assert store.query("SELECT file FROM ingests WHERE id = ?", [s.ingest_id]) == [{"file": url}]
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "ucdp-ged", [file_server.url + "/bad.csv"])
    assert str(err.value).startswith(file_server.url + "/bad.csv:1: not a UCDP GED file")
    [a] = ingest.ingest(store, "ucdp-acd", [_served(file_server, "/acd.csv", ucdp)])
    assert a.quarantine_sample[0]["file"] == file_server.url + "/acd.csv"


def _served(server, name: str, ucdp) -> str:
    server.served[name] = (ucdp / "acd_v25_1_semicolon.csv").read_bytes()
    return server.url + name


# --- 6. mixed line endings; 7. unreadable files -----------------------------------------------------

@pytest.mark.parametrize("ending, other", [(b"\n", b"\r\n"), (b"\r\n", b"\n")])
def test_one_line_with_another_ending_is_named(store, ucdp, tmp_path, ending, other):
    header, body = _lines(ucdp / "ged_syria_2018_2019.csv", 50)
    text = ending.join([header] + body[:9]) + other + ending.join(body[9:]) + ending
    path = tmp_path / "mixed.csv"
    path.write_bytes(text)
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "ucdp-ged", [path])
    assert err.value.line == 10                     # the header and nine rows end alike
    assert "line endings are mixed" in str(err.value) and store.count("events") == 0


def test_first_mixed_line_ending_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(csvscan, "HASH_CHUNK", 4)
    path = tmp_path / "x.csv"
    path.write_bytes(b"ab\ncd\nefg\r\nh\n")          # the CR ends a chunk, its LF starts the next
    assert csvscan.first_mixed_line_ending(path) == (3, "CRLF", "LF")
    path.write_bytes(b"a\r\nbcd\r\ne\n")
    assert csvscan.first_mixed_line_ending(path) == (3, "LF", "CRLF")
    path.write_bytes(b"a\r\nb\r\n")
    assert csvscan.first_mixed_line_ending(path) is None


def _unreadable(monkeypatch, module, path: Path) -> None:
    """``open`` in ``module`` refuses ``path`` as a file without read permission is refused."""
    real = open

    def refusing(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(module, "open", refusing, raising=False)


@pytest.mark.parametrize("dataset, name", [("ucdp-ged", "ged_el_salvador.csv"), ("ucdp-acd", "acd_v25_1_semicolon.csv")])
def test_unreadable_file_is_an_input_error_naming_it(store, ucdp, tmp_path, monkeypatch, dataset, name):
    path = tmp_path / name
    path.write_bytes((ucdp / name).read_bytes())
    _unreadable(monkeypatch, csvscan, path)           # the hashing pass
    with pytest.raises(InputError) as err:
        ingest.ingest_file(store, dataset, path)
    assert str(err.value) == f"{path}: cannot read file: Permission denied"

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refused)
    with pytest.raises(InputError) as err:
        records.read_records(path, delimiter=";", expected=[])
    assert str(err.value) == f"{path}: cannot read file: Permission denied"


def test_unreadable_file_is_refused_before_anything_is_loaded(store, ucdp, tmp_path, monkeypatch):
    from coalition_watch.ingest import api as ingest_api
    path = tmp_path / "ged.csv"
    path.write_bytes(b"x")
    _unreadable(monkeypatch, ingest_api, path)
    with pytest.raises(InputError) as err:
        ingest.ingest(store, "ucdp-ged", [ucdp / "ged_el_salvador.csv", path])
    assert str(err.value) == f"{path}: cannot read file: Permission denied (nothing was loaded)"
    assert store.count("events") == 0


# --- progress ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dataset, name", [("ucdp-acd", "acd_v25_1_semicolon.csv"),
                                           ("ucdp-actors", "actor_list_v22_1.csv")])
def test_progress_moves_past_hashing(store, ucdp, dataset, name):
    steps = []
    ingest.ingest(store, dataset, [ucdp / name], progress=lambda step, fraction: steps.append((step, fraction)))
    names = [s for s, _ in steps]
    assert names[0] == "hashing" and "reading" in names and steps[-1] == ("writing", 1.0)


def test_a_record_on_one_line_is_reported_on_that_line(tmp_path):
    """DuckDB's record text may start with the line break before it: a one-line bad record is
    still "line 6", not "lines 6–7"."""
    from coalition_watch import api

    store = api.init_store(tmp_path / "acled.duckdb")
    [summary] = ingest.ingest(store, "acled", [FIXTURES / "acled_export_sample.csv"])
    rows = {q["line"]: q for q in summary.quarantine_sample}
    assert rows[6]["field"] == "fatalities" and rows[6]["last_line"] is None
    assert all(q["last_line"] is None for q in summary.quarantine_sample)
    store.close()


def test_acd_row_of_an_unknown_country_is_quarantined_naming_its_location(store, ucdp, tmp_path):
    """A conflict-year row whose location names no known country was stored with no country."""
    path = _acd_release(ucdp, tmp_path, "acd_elbonia.csv", "25.1")
    lines = path.read_bytes().split(b"\r\n")
    parts = lines[3].split(b";")
    parts[1] = b"Elbonia"
    lines[3] = b";".join(parts)
    path.write_bytes(b"\r\n".join(lines))
    [s] = ingest.ingest(store, "ucdp-acd", [path])
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (10, 9, 1)
    [q] = s.quarantine_sample
    assert (q["line"], q["field"]) == (4, "location") and "Elbonia" in q["reason"]
