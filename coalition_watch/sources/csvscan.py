"""Fast, loss-free reading of delimited files with DuckDB's ``read_csv``.

Every file is read with explicit options (no sniffing): delimiter, quote, the exact column list
with types, and ``store_rejects`` so that a row DuckDB cannot parse (wrong field count, a value
that does not convert, invalid UTF-8 in any column, see :func:`decode_every_column`) is reported
rather than dropped. Rejected rows come back as :class:`Rejected` with the *physical* line of
the file, computed from DuckDB's byte offsets, so a record with a quoted line break, or a file
with CRLF line endings, still points at the line a user sees in an editor; a record spanning
several lines also gets its last line.

A quoted field may hold line breaks, so one stray or unclosed quote joins the following lines into
one record, which may still have the right number of fields. :func:`fields_with_line_breaks`
finds rows holding a line break in a column that never holds one (adapters quarantine them); it
reads the file again, and only when the file has more lines than records
(:func:`every_record_one_line`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import duckdb

from ..errors import InputError

HASH_CHUNK = 1 << 22
MAX_LINE_SIZE = 1 << 24


@dataclass(frozen=True)
class Rejected:
    """A row that cannot be stored, with where it is and why."""

    file: str
    line: int | None
    field: str | None
    reason: str
    raw: str | None = None
    #: last physical line of a record spanning several lines (None for a one-line record)
    last_line: int | None = None

    def lines(self) -> str:
        """Where the record is: "line 31", or "lines 31–41" for a record spanning lines."""
        if self.last_line is not None and self.line is not None and self.last_line > self.line:
            return f"lines {self.line}–{self.last_line}"
        return f"line {self.line}"


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes found: its SHA-256, whether all of it is UTF-8, and its
    number of physical lines (line feeds, plus one for a last line without one)."""

    sha256: str
    utf8: bool
    lines: int | None = None


def scan_file(path: str | Path, progress=None) -> FileScan:
    """SHA-256 of a file's bytes (the identity of a load for idempotency) and whether the whole
    file decodes as UTF-8, in one pass over its bytes.

    The chunks that are hashed go through an incremental UTF-8 decoder too, so a character whose
    bytes straddle two chunks is decoded whole, an invalid sequence split across chunks is still
    found, and a file ending inside a character is not UTF-8. Decoding stops at the first error
    (hashing goes on). Line feeds are counted in the same pass. ``progress(done, size)`` is called
    after each chunk. An unreadable file raises :class:`InputError` naming it."""
    return _scan(path, progress, utf8=True)


def file_sha256(path: str | Path, progress=None) -> str:
    """SHA-256 of a file's bytes, for loads that need no UTF-8 verdict (see :func:`scan_file`)."""
    return _scan(path, progress, utf8=False).sha256


def _scan(path: str | Path, progress, *, utf8: bool) -> FileScan:
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if utf8 else None
    done, newlines, last = 0, 0, b""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(HASH_CHUNK):
                digest.update(chunk)
                if decoder is not None and not _decodes(decoder, chunk):
                    decoder = None
                newlines += chunk.count(b"\n")
                last = chunk[-1:]
                done += len(chunk)
                if progress:
                    progress(done, size)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)   # a character cut off by the end of the file
        except UnicodeDecodeError:
            decoder = None
    return FileScan(digest.hexdigest(), utf8 and decoder is not None, newlines + (last not in (b"", b"\n")))


#: Part of a chunk the UTF-8 check looks at at a time: an ASCII part needs no decoding.
UTF8_PART = 1 << 14


def _decodes(decoder, chunk: bytes) -> bool:
    """Feed ``chunk`` to the incremental UTF-8 ``decoder``; False at the first invalid sequence.

    Parts that are pure ASCII while the decoder holds no unfinished character are skipped: the
    decoder would return them unchanged and stay as it is, so the verdict is that of decoding
    the whole chunk, without building the text (most of a data file is ASCII)."""
    try:
        if chunk.isascii() and not decoder.getstate()[0]:
            return True
        for start in range(0, len(chunk), UTF8_PART):
            part = chunk[start:start + UTF8_PART]
            if not part.isascii() or decoder.getstate()[0]:
                decoder.decode(part)
    except UnicodeDecodeError:
        return False
    return True


def read_header(path: str | Path, delimiter: str) -> list[str]:
    """The first record of the file as column names (a UTF-8 BOM is removed).

    Raises :class:`InputError` when the file is missing, empty, not text, or has no header.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    if not head.strip():
        raise InputError("file is empty", file=str(path))
    if b"\x00" in head[:4096]:
        raise InputError("not a text file (NUL bytes; is it compressed or a spreadsheet?)", file=str(path))
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("header line is not UTF-8 text", file=str(path), line=1) from None
    names = next(csv.reader([text], delimiter=delimiter), [])
    return [n.strip() for n in names]


def csv_sql(path: str | Path, columns: dict[str, str], *, delimiter: str = ",", skip: int = 1,
            rejects: str = "_rejects", timestampformat: str | None = None,
            dateformat: str | None = None, header: bool = False, quote: str = '"') -> str:
    """A ``read_csv(...)`` table expression with explicit options and a rejects table."""
    def lit(value: str) -> str:
        return "'" + str(value).replace("'", "''") + "'"

    cols = ", ".join(f"{lit(name)}: {lit(kind)}" for name, kind in columns.items())
    options = [lit(str(path)), f"delim={lit(delimiter)}", f"quote={lit(quote)}", f"escape={lit(quote)}",
               f"header={'true' if header else 'false'}", f"skip={skip}", "auto_detect=false",
               f"columns={{{cols}}}", "store_rejects=true", f"rejects_table={lit(rejects)}",
               f"rejects_scan={lit(rejects + '_scan')}", "strict_mode=true",
               f"max_line_size={MAX_LINE_SIZE}", "null_padding=false", "nullstr=''"]
    if timestampformat:
        options.append(f"timestampformat={lit(timestampformat)}")
    if dateformat:
        options.append(f"dateformat={lit(dateformat)}")
    return "read_csv(" + ", ".join(options) + ")"


def is_valid_utf8(path: str | Path) -> bool:
    """Whether the whole file decodes as UTF-8 (a pass of its own; a load gets this verdict from
    the pass that hashes the file, :func:`scan_file`)."""
    return scan_file(path).utf8


def decode_every_column(columns: Iterable[str], path: str | Path, utf8: bool | None = None) -> str:
    """A ``WHERE`` clause, true for every row, that references each of ``columns`` when the file
    at ``path`` holds invalid UTF-8 (else an empty string).

    DuckDB checks UTF-8 (and converts values) only in the columns a query reads, so a bad byte
    in a column an adapter does not keep (e.g. GED ``dyad_name``) would pass unnoticed. With this
    clause every column is read, and such a row lands in the rejects table like any unreadable
    row. Give columns the adapter does not use the type VARCHAR, so only their encoding is checked.
    Reading every column costs about a quarter of a load, so a file that decodes cleanly (the
    usual case) goes without it. ``utf8`` is whether the file decodes, as the load's hashing pass
    found (:func:`scan_file`); only when it is not given is the file read here to find out.
    """
    if utf8 is None:
        utf8 = is_valid_utf8(path)
    if utf8:
        return ""
    quoted = ['"' + str(c).replace('"', '""') + '"' for c in columns]
    return "WHERE " + " AND ".join(f"({q} IS NULL OR {q} IS NOT NULL)" for q in quoted) if quoted else ""


def physical_lines(path: str | Path, byte_positions: Iterable[int]) -> dict[int, int]:
    """Map DuckDB's ``line_byte_position`` of rejected records to 1-based physical line numbers.

    DuckDB (2.0) is not consistent about this position: depending on the line endings and the
    kind of error it is the 1-based offset of the record's first byte, or one byte earlier (the
    LF ending the previous line, the LF of a CRLF pair), or the start of blank lines before the
    record. So the record starts at the first byte at or after 0-based offset ``position - 1``
    that is not a CR or LF, and its line is one more than the line feeds before that byte.
    Quoted line breaks of earlier records count, so a record after a multi-line field gets the
    line an editor shows.
    """
    wanted = sorted(set(p for p in byte_positions if p is not None))
    result: dict[int, int] = {}
    if not wanted:
        return result
    newlines, offset = 0, 0          # line feeds in the bytes before ``offset``
    with open(path, "rb") as fh:
        for position in wanted:
            start = max(position - 1, 0)
            while offset < start and (chunk := fh.read(min(HASH_CHUNK, start - offset))):
                newlines += chunk.count(b"\n")
                offset += len(chunk)
            here, line_ends = fh.tell(), 0
            while block := fh.read(4096):   # line endings (and blank lines) before the record
                rest = block.lstrip(b"\r\n")
                line_ends += block.count(b"\n", 0, len(block) - len(rest))
                if rest:
                    break
            fh.seek(here)
            result[position] = newlines + line_ends + 1
    return result


def collect_rejects(con: duckdb.DuckDBPyConnection, path: str | Path, rejects: str,
                    display: str | None = None) -> tuple[list[Rejected], int]:
    """Rejected rows of the last scan into ``rejects``: (one entry per error, number of bad records)."""
    try:
        rows = con.execute(
            f"SELECT line, line_byte_position, column_name, error_type, csv_line, error_message "
            f"FROM {rejects} ORDER BY line, column_idx").fetchall()
    except duckdb.CatalogException:
        return [], 0
    seen, kept = set(), []
    for r in rows:  # one entry per record for a wrong field count (DuckDB reports every column)
        structural = r[3] in ("MISSING COLUMNS", "TOO MANY COLUMNS")
        if structural and (r[0], "structural") in seen:
            continue
        seen.add((r[0], "structural") if structural else (r[0], r[2]))
        kept.append(r)
    rows = kept
    lines = physical_lines(path, [r[1] for r in rows])
    name = display or str(path)
    out = []
    for r in rows:
        line = lines.get(r[1])
        # DuckDB's csv_line is the whole record, its quoted line breaks included
        extra = (r[4] or "").strip("\r\n").count("\n")
        out.append(Rejected(name, line, None if r[3] in ("MISSING COLUMNS", "TOO MANY COLUMNS") else r[2],
                            f"{r[3].lower()}: {r[5]}", r[4],
                            line + extra if line is not None and extra else None))
    return out, len({r[0] for r in rows})


_CRLF = re.compile(rb"\r\n")
_BARE_LF = re.compile(rb"(?<!\r)\n")


def first_mixed_line_ending(path: str | Path) -> tuple[int, str, str] | None:
    """The first line whose ending differs from the first line's: (its 1-based line, its ending,
    the first line's ending), endings named "LF" or "CRLF"; None when all lines end alike.

    DuckDB's reader (2.0) fails on a file whose lines mix the two ("The CSV Parser state machine
    reached an invalid state"), naming no line; this finds the line to fix."""
    with open(path, "rb") as fh:
        head = fh.read(MAX_LINE_SIZE)
        end = head.find(b"\n")
        if end < 0:
            return None
        first = "CRLF" if head[end - 1:end] == b"\r" else "LF"
        other, pattern = ("LF", _BARE_LF) if first == "CRLF" else ("CRLF", _CRLF)
        fh.seek(0)
        newlines, previous = 0, b""
        while chunk := fh.read(HASH_CHUNK):
            data = previous + chunk    # a CR ending the previous chunk pairs with an LF starting this one
            found = pattern.search(data)
            if found:
                return newlines + data.count(b"\n", len(previous), found.start()) + 1, other, first
            newlines += chunk.count(b"\n")
            previous = chunk[-1:]
    return None


def drop_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> None:
    for table in (rejects, rejects + "_scan"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def accepted_row_lines(path: str | Path, ordinals: Iterable[int], rejected_records: Iterable[int], *,
                       delimiter: str = ",", skip: int = 1, quote: str = '"',
                       encoding: str = "utf-8") -> dict[int, tuple[int, int]]:
    """Physical first and last line (1-based) of rows DuckDB accepted, by their 0-based position
    among them (the two are equal for a record on one line).

    Records are numbered from 1 after the ``skip`` header lines as DuckDB numbers them in the
    ``line`` of its rejects table (that ``line`` minus ``skip``): a blank line counts as a record
    and a quoted field with line breaks is one record, exactly as :func:`csv.reader` yields them.
    DuckDB's reader, though, returns no row for a blank line (and rejects none), so the accepted
    rows are the records that are neither blank nor in ``rejected_records``. A line holding only
    spaces or delimiters is not blank: DuckDB reads or rejects it like any record.

    Used only for rows that fail a check after parsing (rare), so its speed does not matter.
    """
    wanted = set(ordinals)
    if not wanted:
        return {}
    rejected = set(rejected_records)
    options = {"delimiter": delimiter}
    if quote:
        options["quotechar"] = quote
    else:
        options["quoting"] = csv.QUOTE_NONE
    out: dict[int, tuple[int, int]] = {}
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        for _ in range(skip):
            fh.readline()
        reader = csv.reader(fh, **options)
        previous_end, accepted = skip, -1
        for number in itertools.count(1):
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                row = None
            if row != [] and number not in rejected:
                accepted += 1
                if accepted in wanted:
                    out[accepted] = (previous_end + 1, skip + reader.line_num)
                    if len(out) == len(wanted):
                        break
            previous_end = skip + reader.line_num
    return out


#: Reason given for a record with a line break in a column that never holds one.
LINE_BREAK_REASON = ("line break in a field that never holds one: a stray or unclosed quote "
                     "joined the lines that follow into this record")


def every_record_one_line(lines: int | None, *, header_lines: int, records: int) -> bool:
    """Whether a file of ``lines`` physical lines (:attr:`FileScan.lines`) that gave ``records``
    records (rows read plus rejected records) after ``header_lines`` has one line per record.

    Then no field holds a line break, and :func:`fields_with_line_breaks` has nothing to find. A
    record never takes less than a line, so any record spanning lines, like any blank line (no
    record), makes the count differ. ``lines`` None (not known): False."""
    return lines is not None and lines == header_lines + records


def fields_with_line_breaks(con: duckdb.DuckDBPyConnection, path: str | Path, columns: dict[str, str],
                            multiline: Iterable[str], *, delimiter: str = ",", skip: int = 1,
                            quote: str = '"', timestampformat: str | None = None, utf8: bool = False
                            ) -> tuple[int, list[tuple[int, str]]]:
    """Rows holding a line break (CR or LF) in a text column not in ``multiline``: (rows read,
    [(0-based position among the rows read, first such column)]).

    Reads the file again with the column types and options of the load (``timestampformat``
    included), referencing every column that can reject a row: the typed ones, and all when the
    file holds invalid UTF-8 (``utf8`` False, see :func:`decode_every_column`); the text columns
    in ``multiline``, the longest, are left unread when it does not. The rows read, in the same
    order, are then those the load read, as long as the load read those columns too."""
    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def text(name: str) -> str:
        return "'" + name.replace("'", "''") + "'"

    whens = " ".join(f"WHEN strpos({quoted(c)}, chr(10)) > 0 OR strpos({quoted(c)}, chr(13)) > 0 THEN {text(c)}"
                     for c, kind in columns.items() if kind == "VARCHAR" and c not in set(multiline))
    every = " AND ".join(f"({quoted(c)} IS NULL OR {quoted(c)} IS NOT NULL)" for c, kind in columns.items()
                         if not utf8 or kind != "VARCHAR") or "true"
    source = csv_sql(path, columns, delimiter=delimiter, skip=skip, rejects="_breaks_rejects", quote=quote,
                     timestampformat=timestampformat)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _breaks AS SELECT {f'CASE {whens} END' if whens else 'NULL'} "
                    f"AS field FROM {source} WHERE {every}")
        rows = con.execute("SELECT count(*) FROM _breaks").fetchall()[0][0]
        found = con.execute("SELECT rowid - (SELECT min(rowid) FROM _breaks), field FROM _breaks "
                            "WHERE field IS NOT NULL ORDER BY rowid").fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS _breaks")
        drop_rejects(con, "_breaks_rejects")
    return rows, [(int(o), f) for o, f in found]
