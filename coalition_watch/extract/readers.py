"""Read documents to extract from: plain text, HTML (main text via trafilatura), PDF (pypdf) and
JSONL (``{"id", "text", ...}`` a line). Bad input raises :class:`InputError` naming the file
(and line/field for JSONL): binary content, empty files, unreadable PDFs, files over the size limit.

Every document keeps where it came from, so a claim extracted from it can be traced: the input
file's absolute ``path`` (and, for JSONL, the record's line in ``meta``), and the page's ``url``,
``title``, ``date`` and ``publisher`` when known — from the HTML's metadata, or from a JSONL
record's own fields (:data:`JSONL_METADATA`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError

#: Largest document read in one piece; bigger texts should be split into JSONL records.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass
class InputDocument:
    """One document to extract from."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    meta: dict = field(default_factory=dict)
    #: the group the document is about, as a name or actor id (JSONL ``subject``), when known
    subject: str | None = None
    #: the absolute path of the file the document was read from
    path: str | None = None
    #: who published it (JSONL ``source``/``publisher``, an HTML page's site name), when known
    publisher: str | None = None


#: A JSONL record's fields that say where its text comes from, each read from the first of its
#: names the record has as a non-empty string (a number for a date is read as text: ``2020``).
JSONL_METADATA = {"url": ("url", "source_url", "link"), "title": ("title",),
                  "date": ("date", "published", "published_at"), "publisher": ("source", "publisher")}


def record_metadata(record: dict) -> dict[str, str | None]:
    """``url``, ``title``, ``date`` and ``publisher`` of a JSONL record (None where it has none):
    for each, the first of its names in :data:`JSONL_METADATA` whose value is a non-empty string
    (a date may also be a number); other values (objects, lists) are not metadata and are skipped."""
    found: dict[str, str | None] = {}
    for key, names in JSONL_METADATA.items():
        found[key] = None
        for name in names:
            value = record.get(name)
            if key == "date" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                found[key] = " ".join(value.split())
                break
    return found


def absolute_path(path: Path) -> str:
    """``path`` made absolute (against the working folder) and normalised, links not followed."""
    return os.path.abspath(path)


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError("binary content, not text (give .txt, .html, .pdf or .jsonl)", file=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 first", file=str(path)) from None


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise InputError("is a folder; name its files, e.g. FOLDER/*.txt" if path.is_dir() else "file not found",
                         file=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file", file=str(path))
    if size > max_bytes:
        raise InputError(f"file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit for one document; "
                         "split it into JSONL records ({\"id\", \"text\"} a line)", file=str(path))
    return path.read_bytes()


def read_text_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> list[InputDocument]:
    text = _decode(_read_bytes(path, max_bytes), path)
    if not text.strip():
        raise InputError("no text (only white space)", file=str(path))
    return [InputDocument(path.stem, text, path=absolute_path(path))]


def read_html_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> list[InputDocument]:
    import trafilatura

    html = _decode(_read_bytes(path, max_bytes), path)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise InputError("no main text found in the HTML", file=str(path))
    meta = trafilatura.extract_metadata(html)
    title = getattr(meta, "title", None) if meta else None
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return [InputDocument(path.stem, text, title=title, url=getattr(meta, "url", None) if meta else None,
                          date=getattr(meta, "date", None) if meta else None, path=absolute_path(path),
                          publisher=getattr(meta, "sitename", None) if meta else None)]


#: a line that ends in a hyphen right after a letter, and goes on with a letter on the next line
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")


def join_hyphenated_lines(text: str) -> str:
    """Join a word broken across lines at a hyphen, as PDF text gives it ("al-\\nMourabitoun" is
    "al-Mourabitoun"). The hyphen is kept: it may belong to the word ("al-", "self-defence")."""
    return _HYPHEN_BREAK.sub("-", text)


def read_pdf_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES * 5) -> list[InputDocument]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    raw = _read_bytes(path, max_bytes)
    if not raw.startswith(b"%PDF"):
        raise InputError("not a PDF file (no %PDF header)", file=str(path))
    try:
        import io

        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the PDF ({exc})", file=str(path)) from None
    text = "\n\n".join(join_hyphenated_lines(p.strip()) for p in pages if p.strip())
    if not text:
        raise InputError("the PDF has no extractable text (scanned images need OCR first)", file=str(path))
    return [InputDocument(path.stem, text, meta={"pages": len(pages)}, path=absolute_path(path))]


def json_lines(text: str, path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of JSONL text; a bad line is an InputError."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", file=str(path), line=number) from None
        if not isinstance(record, dict):
            raise InputError("each line must be a JSON object", file=str(path), line=number)
        yield number, record


def read_jsonl_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES * 50) -> list[InputDocument]:
    raw = _read_bytes(path, max_bytes)
    text = _decode(raw, path)
    docs = []
    seen: set[str] = set()
    where = absolute_path(path)
    for number, record in json_lines(text, path):
        doc_id, body = record.get("id"), record.get("text")
        if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or str(doc_id) == "":
            raise InputError("missing or empty", file=str(path), line=number, field="id")
        if not isinstance(body, str):
            raise InputError("missing or not a string", file=str(path), line=number, field="text")
        if len(body.encode("utf-8")) > MAX_DOCUMENT_BYTES:
            raise InputError(f"text over the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB limit for one document",
                             file=str(path), line=number, field="text")
        if str(doc_id) in seen:
            raise InputError(f"duplicate id {doc_id!r}", file=str(path), line=number, field="id")
        seen.add(str(doc_id))
        subject = record.get("subject")
        if subject is not None and (not isinstance(subject, str) or not subject.strip()):
            raise InputError("must be a group name or actor id", file=str(path), line=number, field="subject")
        docs.append(InputDocument(str(doc_id), body, **record_metadata(record),
                                  meta={"file": str(path), "line": number}, subject=subject, path=where))
    if not docs:
        raise InputError("no records", file=str(path))
    return docs


READERS = {".jsonl": read_jsonl_file, ".ndjson": read_jsonl_file, ".html": read_html_file,
           ".htm": read_html_file, ".pdf": read_pdf_file}


def read_documents(paths: Iterable[str | Path]) -> list[InputDocument]:
    """Documents from every path, by extension (anything else is read as UTF-8 text)."""
    docs: list[InputDocument] = []
    for path in map(Path, paths):
        reader = READERS.get(path.suffix.lower(), read_text_file)
        docs.extend(reader(path))
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        # same stem in two folders: qualify by position to keep ids unique
        counts: dict[str, int] = {}
        for doc in docs:
            counts[doc.id] = counts.get(doc.id, 0) + 1
            if counts[doc.id] > 1:
                doc.id = f"{doc.id}#{counts[doc.id]}"
    return docs
