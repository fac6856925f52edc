"""Line-exact reading of small delimited files (country-year datasets, actor lists, exports).

Python's csv module gives the physical start line of every record, which the quarantine needs;
these files have thousands of rows, so speed is not a concern here. Undecodable bytes, a wrong
number of fields, records broken across two lines, and line breaks in a column that never holds
one (a stray quote joining lines into one record) are reported, never dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .csvscan import LINE_BREAK_REASON, Rejected


@dataclass
class Record:
    """One data record: its first physical line and its fields by column name."""

    line: int
    fields: dict[str, str]
    last_line: int | None = None


def _decode(path: Path) -> str:
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
    if not data.strip():
        raise InputError("file is empty", file=str(path))
    if b"\x00" in data[:4096]:
        raise InputError("not a text file (NUL bytes; is it compressed or a spreadsheet?)", file=str(path))
    return data.decode("utf-8-sig", errors="surrogateescape")


def read_records(path: str | Path, *, delimiter: str, expected: list[str],
                 key: str | None = None, required: str | None = None,
                 trailing_extra_ok: bool = False,
                 multiline: tuple[str, ...] = ()) -> tuple[list[Record], list[Rejected], int]:
    """Records of ``path`` whose header must equal ``expected``: (records, rejected, records read).

    A record holding a line break in a column not in ``multiline`` is rejected: a stray quote
    joined the lines up to the next one into it. A rejected record spanning several lines has
    its last line in ``last_line``.

    With ``key`` and ``required``: a record whose ``required`` field and all later fields are
    empty, followed by a record whose ``key`` field is empty, is one record split across two
    lines; it is rejoined only when the joined fields have exactly the expected count and the
    joined record passes the same checks, and otherwise quarantined as one record spanning both
    lines.
    """
    path = Path(path)
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise InputError(f"cannot read the header: {exc}", file=str(path), line=1) from None
    if header != expected:
        missing = [c for c in expected if c not in header]
        raise InputError(f"unexpected header ({len(header)} columns; missing: "
                         f"{', '.join(missing[:5]) or 'none'}; expected {len(expected)} columns)",
                         file=str(path), line=1)
    raw: list[tuple[int, int, list[str] | None, str | None]] = []
    previous_end = reader.line_num
    while True:
        try:
            fields = next(reader)
            error = None
        except StopIteration:
            break
        except csv.Error as exc:
            fields, error = None, f"malformed CSV: {exc}"
        raw.append((previous_end + 1, reader.line_num, fields, error))
        previous_end = reader.line_num
    records, rejected, read = [], [], 0
    n = len(expected)
    key_i = expected.index(key) if key else None
    req_i = expected.index(required) if required else None
    i = 0
    while i < len(raw):
        line, last, fields, error = raw[i]
        i += 1
        if fields is not None and not any(f.strip() for f in fields):
            continue  # blank line
        read += 1
        span = last if last > line else None
        if error or fields is None:
            rejected.append(Rejected(str(path), line, None, error or "unreadable record", None, span))
            continue
        if (req_i is not None and len(fields) == n and not any(f.strip() for f in fields[req_i:])
                and i < len(raw) and raw[i][2] is not None and raw[i][2] and not raw[i][2][key_i].strip()):
            nxt_line, nxt_last, nxt, _ = raw[i]
            i += 1
            prefix = fields[:req_i]
            tail = list(nxt[1:])
            while tail and not tail[-1].strip():
                tail.pop()
            joined = prefix + tail
            raw_text = delimiter.join(fields) + "\n" + delimiter.join(nxt)
            if len(joined) == n:
                records.append(Record(line, dict(zip(expected, joined)), nxt_last))
            else:
                rejected.append(Rejected(
                    str(path), line, None,
                    f"record split across two lines: rejoined it has {len(joined)} fields, "
                    f"expected {n}; not merged", raw_text, nxt_last))
            continue
        if trailing_extra_ok and len(fields) == n + 1 and not fields[-1].strip():
            fields = fields[:-1]
        if len(fields) != n:
            rejected.append(Rejected(str(path), line, None,
                                     f"expected {n} fields, found {len(fields)}", delimiter.join(fields), span))
            continue
        bad = next((c for c, v in zip(expected, fields) if any("\udc80" <= ch <= "\udcff" for ch in v)), None)
        if bad:
            rejected.append(Rejected(str(path), line, bad, "invalid UTF-8 bytes",
                                     delimiter.join(fields).encode("utf-8", "replace").decode(), span))
            continue
        broken = span and next((c for c, v in zip(expected, fields)
                                if c not in multiline and ("\n" in v or "\r" in v)), None)
        if broken:
            rejected.append(Rejected(str(path), line, broken, LINE_BREAK_REASON,
                                     delimiter.join(fields).encode("utf-8", "replace").decode(), span))
            continue
        records.append(Record(line, dict(zip(expected, fields)), last))
    return records, rejected, read
