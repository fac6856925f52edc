"""The dispatched cue pre-scan finds exactly what the plain alternation of every cue finds."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from coalition_watch.extract.alternation import dispatched_alternation, plain_alternation
from coalition_watch.extract.cues import ANY_CUE, APOSTROPHES, RELATION_CUES
from coalition_watch.extract.sentences import split_sentences

LEAD = r"(?=\b\w|'|-|^)"
HERE = Path(__file__).resolve().parent


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _windows() -> list[str]:
    texts = [json.loads(line)["text"] for path in sorted(HERE.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [t[s:e] for t in texts for s, e in split_sentences(t)]
    rng = random.Random(5)
    windows = sentences + [s.translate(APOSTROPHES).upper() for s in sentences[::7]]
    for _ in range(3000):
        s = rng.choice(sentences)
        a = rng.randrange(len(s) + 1)
        windows.append(s[a:rng.randrange(a, len(s) + 1)])
    # case folds outside ASCII ("ſ" is "s", the Kelvin sign "k" under IGNORECASE), edges
    windows += ["", " ", "'", "-", "'s ", "'s main ", " - backed", "ſupported by", "\u212aILLED", "é joined"]
    return windows


def test_cue_prescan_matches_the_plain_alternation():
    plain = plain_alternation(LEAD, [p for cues in RELATION_CUES.values() for p, _ in cues], re.I)
    assert ANY_CUE.pattern != plain.pattern  # the dispatched form is in use
    found = 0
    for window in _windows():
        expected = _spans(plain, window)
        assert _spans(ANY_CUE, window) == expected, window
        first = ANY_CUE.search(window)
        assert (first.span() if first else None) == (expected[0] if expected else None)
        found += len(expected)
    assert found > 500


def test_dispatch_keeps_order_lookarounds_and_fallbacks():
    patterns = [r"\bjoin(?:ed|s)?\b(?!\s+forces)", r"\bjoined\s+forces\b", r"(?<!-)\bback\w*", r"^'s\s+$",
                r"(?:\s+\S+){0,2}?\s+from\b", r"\b(?:a|b)?c\w*", r"(?i:x)y", r"\bk\w+"]
    plain = plain_alternation(LEAD, patterns, re.I)
    dispatched = dispatched_alternation(LEAD, patterns, re.I)
    assert dispatched.pattern is None  # built from the parse tree, not the plain fallback
    for text in ["A joined forces with B", "A joins B", "well-backed and backed", "'s ", "  it came from B",
                 "bc ac c", "Xy xY", "KILL \u212aill ſ", "", "-"]:
        assert _spans(dispatched, text) == _spans(plain, text), text
