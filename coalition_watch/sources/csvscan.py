"""Fast, loss-free reading of delimited files with DuckDB's ``read_csv``.

Every file is read with explicit options (no sniffing): delimiter, quote, the exact column list
with types, and ``store_rejects`` so that a row DuckDB cannot parse (wrong field count, a value
that does not convert, invalid UTF-8 in any column, see :func:`decode_every_column`) is reported
rather than dropped. Rejected rows come back as :class:`Rejected` with the *physical* line of
the file, computed from DuckDB's byte offsets, so a record with a quoted line break, or a file
with CRLF line endings, still points at the line a user sees in an editor.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import os
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


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes found: its SHA-256 and whether all of it is UTF-8."""

    sha256: str
    utf8: bool


def scan_file(path: str | Path, progress=None) -> FileScan:
    """SHA-256 of a file's bytes (the identity of a load for idempotency) and whether the whole
    file decodes as UTF-8, in one pass over its bytes.

    The chunks that are hashed go through an incremental UTF-8 decoder too, so a character whose
    bytes straddle two chunks is decoded whole, an invalid sequence split across chunks is still
    found, and a file ending inside a character is not UTF-8. Decoding stops at the first error
    (hashing goes on). ``progress(done, size)`` is called after each chunk."""
    return _scan(path, progress, utf8=True)


def file_sha256(path: str | Path, progress=None) -> str:
    """SHA-256 of a file's bytes, for loads that need no UTF-8 verdict (see :func:`scan_file`)."""
    return _scan(path, progress, utf8=False).sha256


def _scan(path: str | Path, progress, *, utf8: bool) -> FileScan:
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if utf8 else None
    size = os.path.getsize(path)
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
            if decoder is not None and not _decodes(decoder, chunk):
                decoder = None
            done += len(chunk)
            if progress:
                progress(done, size)
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)   # a character cut off by the end of the file
        except UnicodeDecodeError:
            decoder = None
    return FileScan(digest.hexdigest(), utf8 and decoder is not None)


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
    out = [Rejected(name, lines.get(r[1]), None if r[3] in ("MISSING COLUMNS", "TOO MANY COLUMNS") else r[2],
                    f"{r[3].lower()}: {r[5]}", r[4]) for r in rows]
    return out, len({r[0] for r in rows})


def drop_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> None:
    for table in (rejects, rejects + "_scan"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def accepted_row_lines(path: str | Path, ordinals: Iterable[int], rejected_records: Iterable[int], *,
                       delimiter: str = ",", skip: int = 1, quote: str = '"',
                       encoding: str = "utf-8") -> dict[int, int]:
    """Physical start line (1-based) of rows DuckDB accepted, by their 0-based position among them.

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
    out: dict[int, int] = {}
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
                    out[accepted] = previous_end + 1
                    if len(out) == len(wanted):
                        break
            previous_end = skip + reader.line_num
    return out
