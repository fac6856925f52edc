"""A load reads its file once in Python: the pass that hashes it also decides whether it is UTF-8
throughout, so characters (valid or not) whose bytes straddle two chunks are judged whole."""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import random
from pathlib import Path

import pytest

from coalition_watch.ingest import api as ingest
from coalition_watch.sources import csvscan, ucdp_ged


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5, 7])
def test_scan_judges_utf8_across_chunk_boundaries(tmp_path, monkeypatch, chunk):
    """Every split of multi-byte characters, invalid sequences and truncated ones over chunks of
    1..7 bytes gets the verdict of decoding the whole file at once, and the same hash."""
    monkeypatch.setattr(csvscan, "HASH_CHUNK", chunk)
    pieces = ["a".encode(), "é".encode(), "€".encode(), "😀".encode(), b"\xff", b"\xe2\x82", b"\xed\xa0\x80",
              b"\xc3", b"\xf0\x9f\x98", b"\x80", b","]
    rng = random.Random(chunk)
    cases = [b"", "é€😀".encode(), b"ab\xe2\x82", b"ab\xe2\x82x", b"\xf0\x9f\x98"]
    cases += [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    path = tmp_path / "bytes.csv"
    for data in cases:
        path.write_bytes(data)
        scan = csvscan.scan_file(path)
        assert scan.utf8 == _is_utf8(data), data
        assert scan.sha256 == hashlib.sha256(data).hexdigest() == csvscan.file_sha256(path)
    assert any(_is_utf8(d) for d in cases) and not all(_is_utf8(d) for d in cases)


@pytest.mark.parametrize("chunk,part", [(4, 1), (7, 2), (7, 3), (16, 3), (16, 5), (64, 4)])
def test_scan_skips_ascii_parts_with_the_same_verdict(tmp_path, monkeypatch, chunk, part):
    """The check skips the pure-ASCII parts of a chunk (UTF8_PART bytes each) unless a character
    is unfinished; mostly-ASCII bytes with characters, invalid and truncated sequences across
    parts and chunks still get the verdict of decoding the whole file at once."""
    monkeypatch.setattr(csvscan, "HASH_CHUNK", chunk)
    monkeypatch.setattr(csvscan, "UTF8_PART", part)
    pieces = [b"abc,", b"x" * 9, "é".encode(), "€".encode(), "😀".encode(), b"\xff", b"\xe2\x82", b"\xc3",
              b"\xf0\x9f\x98", b"\x80"]
    rng = random.Random(chunk * 100 + part)
    cases = [b"a" * 40, b"a" * 15 + b"\xc3", b"a" * 15 + b"\xc3" + b"a" * 20, b"a" * 14 + "é".encode() + b"a" * 20]
    cases += [b"".join(rng.choice(pieces[:2] * 6 + pieces) for _ in range(rng.randint(1, 20))) for _ in range(300)]
    path = tmp_path / "bytes.csv"
    for data in cases:
        path.write_bytes(data)
        assert csvscan.scan_file(path).utf8 == _is_utf8(data), data
    assert any(_is_utf8(d) for d in cases) and not all(_is_utf8(d) for d in cases)


class _Tracked:
    """A file object that notes whether it was read to its end."""

    def __init__(self, fh):
        self._fh, self.to_the_end = fh, False

    def read(self, *args):
        data = self._fh.read(*args)
        if not data and args != (0,):
            self.to_the_end = True
        return data

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self._fh)
        except StopIteration:
            self.to_the_end = True
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _syria(ucdp, n: int) -> tuple[list[str], list[list[str]]]:
    with open(ucdp / "ged_syria_2016_2017.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:n + 1]


def _write(path: Path, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8", "surrogateescape")
    path.write_bytes(data)
    return data


def test_a_load_reads_its_file_to_the_end_once(store, ucdp, tmp_path, monkeypatch):
    """Hashing and the UTF-8 check are one pass (DuckDB's parse is not a Python read)."""
    header, rows = _syria(ucdp, 40)
    path = tmp_path / "syr.csv"
    _write(path, [header] + rows)
    opened: list[_Tracked] = []
    real_open = builtins.open

    def tracking_open(file, *args, **kwargs):
        fh = real_open(file, *args, **kwargs)
        if isinstance(file, (str, Path)) and Path(file) == path:
            opened.append(_Tracked(fh))
            return opened[-1]
        return fh

    monkeypatch.setattr(builtins, "open", tracking_open)
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    monkeypatch.undo()
    assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (40, 40, 0)
    assert opened and sum(t.to_the_end for t in opened) == 1


@pytest.mark.parametrize("bad", [False, True], ids=["valid-char-split", "invalid-sequence-split"])
def test_utf8_split_over_a_chunk_boundary(store, ucdp, tmp_path, monkeypatch, bad):
    """A three-byte character in GED ``dyad_name`` (not stored) with a chunk boundary inside it:
    whole, the file is UTF-8 and its columns are read once; cut short ("\\xe2\\x82" then a
    letter), the row is quarantined on its physical line, which needs every column read."""
    header, rows = _syria(ucdp, 30)
    dyad = header.index("dyad_name")
    marker = "\u20ac" if not bad else "\udce2\udc82x"       # "€" whole, or its first two bytes only
    rows[12][dyad] = rows[12][dyad] + " " + marker          # line 14
    path = tmp_path / "syr_split.csv"
    data = _write(path, [header] + rows)
    split = data.index(b"\xe2\x82") + 1        # the first chunk ends between its first two bytes
    monkeypatch.setattr(csvscan, "HASH_CHUNK", split)
    assert csvscan.scan_file(path).utf8 is (not bad)
    where = []

    def spy(columns, at, utf8=None):
        where.append(csvscan.decode_every_column(columns, at, utf8))
        return where[-1]

    monkeypatch.setattr(ucdp_ged, "decode_every_column", spy)
    [s] = ingest.ingest(store, "ucdp-ged", [path])
    assert len(where) == 1 and bool(where[0]) is bad        # every column re-read only when bad
    if bad:
        assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (30, 29, 1)
        assert [(r["line"], r["field"]) for r in store.query("SELECT line, field FROM quarantine")] == [
            (14, "dyad_name")]
    else:
        assert (s.rows_read, s.rows_stored, s.rows_quarantined) == (30, 30, 0)
