"""A regular-expression alternation dispatched on the character where a match starts.

``(?:A1|A2|…|An)`` tries every alternative, in order, at every position the engine visits; with
hundreds of alternatives (the cue lexicons of :mod:`.cues`, most of them word lists such as
``\\b(?:pledg\\w*|swor[en]|declar\\w*|…)``) that is most of the scan's cost, since nearly all of
them fail on their first character. :func:`dispatched_alternation` compiles a pattern that finds
exactly the same matches:

1. **Distribution.** An alternative that opens (after look-arounds and anchors) with a group of
   alternatives is split into one alternative per member, each followed by the rest:
   ``\\b(?:a|b)R`` becomes ``\\baR|\\bbR``. Python's engine tries alternatives left to right and
   backtracks into the next one only when the current one fails with everything after it, so
   the split form tries the same paths in the same order and finds the same match.
2. **Dispatch.** For every ASCII character ``c``, the alternatives that can start with ``c`` —
   read from the parsed pattern: the first characters an alternative can consume, past
   look-arounds, anchors and optional parts — are kept in their original order behind a
   case-sensitive look-ahead for ``c``::

       (?:(?=[aA])(?:alternatives that can start with a)|(?=[bB])(?:…)|…|(?=[^\\x00-\\x7f])(?:all)|\\Z(?:all))

   The look-aheads partition the characters, so at any position exactly one group is tried, and
   it holds every alternative that could match there, in the original order: the first one that
   matches, hence the match, is the one the plain alternation finds. An alternative whose first
   character cannot be read (an inline flag, a back-reference, one that can match the empty
   string) is kept in every group; a non-ASCII character and the end of the text get the full
   alternation.

The pattern is built from the parse tree of Python's own regular-expression parser
(``re._parser``/``re._compiler``, stable from Python 3.11 to 3.13); if that fails on another
version, the plain alternation is compiled instead. ``tests/extract/test_cue_scan.py`` checks the
two patterns against each other.
"""

from __future__ import annotations

import re

try:
    from re import _compiler as _sre_compile
    from re import _constants as _C
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a Python without these modules gets the plain pattern
    _sre_compile = _C = _sre_parse = None

#: English word-initial letters, most frequent first: the dispatch groups are tried in this order
_ORDER = "tasowcbphfmdrielngyuvjkqxz"
#: distribution stops growing an alternative into more than this many
_MAX_SPLIT = 4000


class _Unreadable(Exception):
    """The first characters of an alternative cannot be read from its parse."""


def plain_alternation(lead: str, patterns: list[str], flags: int = 0) -> re.Pattern:
    """``lead(?:(?:p1)|(?:p2)|…)`` compiled with ``flags``: the reference form."""
    return re.compile(lead + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags)


def dispatched_alternation(lead: str, patterns: list[str], flags: int = 0) -> re.Pattern:
    """A compiled pattern with the same matches as :func:`plain_alternation` (module docstring).

    ``lead`` is a zero-width prefix tried before the alternation (a look-ahead that rejects most
    positions cheaply)."""
    if _sre_parse is None:  # pragma: no cover
        return plain_alternation(lead, patterns, flags)
    try:
        return _dispatched(lead, patterns, int(flags))
    except Exception:  # pragma: no cover - a Python whose parse trees differ
        return plain_alternation(lead, patterns, flags)


def _dispatched(lead: str, patterns: list[str], flags: int) -> re.Pattern:
    parsed = _sre_parse.parse(lead + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags)
    lead_items = list(_sre_parse.parse(lead, flags).data) if lead else []
    if _plain(parsed.data[:len(lead_items)]) != _plain(lead_items):
        raise _Unreadable
    state = parsed.state
    if state.groups > 1:  # capture groups would be numbered differently in the copies
        raise _Unreadable
    body = list(parsed.data[len(lead_items):])
    alternatives = _split(body)
    starts = [_starts(state, a, flags) for a in alternatives]
    groups: dict[tuple[int, ...], list[str]] = {}
    for c in sorted(map(chr, range(128)), key=lambda c: (_ORDER.find(c.lower()) % 100, c)):
        chosen = tuple(i for i, s in enumerate(starts) if s is None or c in s)
        if chosen:
            groups.setdefault(chosen, []).append(c)

    def sub(items) -> "_sre_parse.SubPattern":
        return _sre_parse.SubPattern(state, list(items))

    def branch(indexes) -> tuple:
        return (_C.BRANCH, (None, [sub(alternatives[i]) for i in indexes]))

    def exactly(chars) -> tuple:  # a case-sensitive look-ahead for one of ``chars``
        charset = [(_C.LITERAL, ord(c)) for c in chars]
        return (_C.ASSERT, (1, sub([(_C.SUBPATTERN, (None, 0, re.IGNORECASE, sub([(_C.IN, charset)])))])))

    everything = range(len(alternatives))
    non_ascii = (_C.ASSERT, (1, sub([(_C.SUBPATTERN, (None, 0, re.IGNORECASE,
                                                         sub([(_C.IN, [(_C.NEGATE, None), (_C.RANGE, (0, 127))])])))])))
    dispatch = [sub([exactly(chars), branch(chosen)]) for chosen, chars in groups.items()]
    dispatch.append(sub([non_ascii, branch(everything)]))
    dispatch.append(sub([(_C.AT, _C.AT_END_STRING), branch(everything)]))
    tree = sub(lead_items + [(_C.BRANCH, (None, dispatch))])
    return _sre_compile.compile(tree, flags)


def _plain(tree):
    """A parse tree as nested tuples, for comparison."""
    if isinstance(tree, (list, tuple, _sre_parse.SubPattern)):
        return tuple(_plain(t) for t in (tree.data if isinstance(tree, _sre_parse.SubPattern) else tree))
    return tree


def _split(items: list, budget: list | None = None) -> list[list]:
    """The alternatives of an item sequence, with a leading group of alternatives distributed."""
    budget = budget if budget is not None else [_MAX_SPLIT]
    i = 0
    while i < len(items) and items[i][0] in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        i += 1
    if i < len(items) and budget[0] > 0:
        op, av = items[i]
        if op is _C.BRANCH:
            out = []
            for member in av[1]:
                budget[0] -= 1
                out += _split(items[:i] + list(member) + items[i + 1:], budget)
            return out
        if op is _C.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            return _split(items[:i] + list(av[3]) + items[i + 1:], budget)
    return [items]


def _first(items) -> tuple[list, bool]:
    """The consuming single-character items an item sequence can start with, and whether the
    sequence can match the empty string."""
    found: list = []
    for op, av in items:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY):
            return found + [(op, av)], False
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Unreadable
            first, nullable = _first(inner)
        elif op is _C.BRANCH:
            first, nullable = [], False
            for member in av[1]:
                f, n = _first(member)
                first += f
                nullable = nullable or n
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)):
            low, high, inner = av
            first, nullable = _first(inner) if high else ([], True)
            nullable = nullable or low == 0
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            first, nullable = _first(av)
        else:
            raise _Unreadable
        found += first
        if not nullable:
            return found, False
    return found, True


def _starts(state, items: list, flags: int) -> frozenset[str] | None:
    """The ASCII characters an alternative can start a match with (``None``: it cannot be read)."""
    try:
        first, nullable = _first(items)
    except _Unreadable:
        return None
    if nullable:
        return None
    return frozenset().union(*(_accepted(state, item, flags) for item in first))


_ACCEPTED: dict[tuple, frozenset[str]] = {}


def _accepted(state, item: tuple, flags: int) -> frozenset[str]:
    """The ASCII characters one single-character item matches, by Python's own matcher."""
    key = (_plain(item), flags)
    if key not in _ACCEPTED:
        check = _sre_compile.compile(_sre_parse.SubPattern(state, [item]), flags)
        _ACCEPTED[key] = frozenset(c for c in map(chr, range(128)) if check.fullmatch(c))
    return _ACCEPTED[key]
