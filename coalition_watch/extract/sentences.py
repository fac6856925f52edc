"""Sentence splitting with character offsets.

The default splitter is rule-based and fast: a line break ends a sentence (headlines, list
items) unless it is a *soft* break of hard-wrapped prose — the next line begins with a lowercase
letter, or the paragraph is wrapped (three or more lines, every line but the last at least 40
characters and their lengths within 25 characters of one another, as in PDF text and wire
copy). ``.``, ``!`` or ``?`` (with any closing quotes or brackets, and footnote markers such as
``[3]`` or ``[iv]``) ends a sentence when
followed by space and a capital, digit, quote or non-Latin letter — unless the word before is a
known abbreviation (``Gen.``, ``U.N.``, ``a.k.a.``, ``Govt.``), a single initial, or a month
abbreviation followed by a number. ``splitter="pysbd"`` uses pysbd's Golden-Rules segmenter
instead (about a quarter of the speed; see ``docs/extract.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt cpt sgt brig adm cmdr gov sen rep st mt ft jr sr rev fr
no nos vol pp p fig al approx est inc ltd co corp dept govt univ assn bros vs etc cf ie eg viz
jan feb mar apr jun jul aug sep sept oct nov dec aka u.s u.n u.k e.g i.e a.k.a d.c
""".split())
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: (footnote markers after the stop belong to the sentence they close: "… (AQIM).[i] The", "… PKK.[4] It")
_BOUNDARY = re.compile(r"[.!?]+['\"’”)\]]*(?:\[(?:\d{1,3}|[ivxlc]{1,6})\])*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF\u0400-\u04FF])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s+(\S+)")


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if len(word) == 1 and text[match.start()].isupper():
        return True  # an initial: "A. Smith", "U." of "U.S."
    if word in _MONTH_ABBREVIATIONS:
        following = _NEXT_WORD.match(text, dot + 1)
        return bool(following and following.group(1)[:1].isdigit())
    return word in ABBREVIATIONS


def _split_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, match.start()):
            continue
        _append(text, begin, match.end(), out)
        begin = match.end()
    _append(text, begin, end, out)


def _append(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def split_sentences(text: str, splitter: str = "rules") -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of ``text``."""
    if splitter == "pysbd":
        return _pysbd_spans(text)
    spans: list[tuple[int, int]] = []
    for start, end in _line_blocks(text):
        _split_block(text, start, end, spans)
    return spans


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WRAP_MIN_WIDTH = 40
_WRAP_WIDTH_SPREAD = 25


def _line_blocks(text: str) -> list[tuple[int, int]]:
    """Runs of lines that no hard line break separates: the lines of a wrapped paragraph, and
    lines whose successor continues in lowercase, form one block."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        _paragraph_blocks(text, pos, end, blocks)
        pos = match.end() if match else len(text)
    return blocks


def _paragraph_blocks(text: str, start: int, end: int, blocks: list[tuple[int, int]]) -> None:
    lines = text[start:end].splitlines(keepends=True)
    if not lines:
        return
    widths = [len(line.rstrip()) for line in lines[:-1]]
    wrapped = len(lines) >= 3 and min(widths) >= _WRAP_MIN_WIDTH and max(widths) - min(widths) <= _WRAP_WIDTH_SPREAD
    begin = pos = start
    for line, following in zip(lines, [*lines[1:], None]):
        pos += len(line)
        if following is None:
            break
        soft = wrapped or following.lstrip()[:1].islower()
        if not soft:
            blocks.append((begin, pos))
            begin = pos
    blocks.append((begin, end))


@lru_cache(maxsize=1)
def _pysbd_segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        cursor = pos
        if line.strip():
            for sentence in _pysbd_segmenter().segment(line):
                piece = sentence.strip()
                if not piece:
                    continue
                found = text.find(piece, cursor, pos + len(line))
                if found < 0:
                    continue
                spans.append((found, found + len(piece)))
                cursor = found + len(piece)
        pos += len(line)
    return spans
