"""Relation typing on the challenge set (sentences written for these tests, labelled by hand):
overall and per-type scores must stay near what the rules reach, so a change that loses a
general pattern fails here. Thresholds sit a little below the measured scores
(``python -m tests.extract.challenge`` prints them)."""

import pytest

from .challenge import CHALLENGE, CHECK, CHECK2, CHECK3, challenge_extractor, read_set, score


@pytest.fixture(scope="module")
def extractor():
    return challenge_extractor()


@pytest.fixture(scope="module")
def challenge(extractor):
    return score(extractor, read_set(CHALLENGE))


def test_challenge_set_is_labelled_for_every_type():
    items = read_set(CHALLENGE)
    kinds = {r["type"] for item in items for r in item["relations"]}
    assert kinds >= {"alliance", "support", "state_support", "sanctuary", "pledge", "merger", "split", "rivalry",
                     "foreign_fighters"}
    assert sum(not item["relations"] for item in items) >= 20  # sentences with no relation
    assert len(items) >= 150


def test_challenge_overall(challenge):
    assert challenge["all"]["f1"] >= 0.95, challenge["errors"]
    assert challenge["all"]["precision"] >= 0.95, challenge["errors"]
    assert challenge["polarity_agreement"] >= 0.95


@pytest.mark.parametrize("kind", ["alliance", "support", "state_support", "sanctuary", "pledge", "merger", "split",
                                  "rivalry", "foreign_fighters"])
def test_challenge_per_type(challenge, kind):
    assert challenge["types"][kind]["f1"] >= 0.85, challenge["errors"]


def test_check_set(extractor):
    """The check set was written after the rules changed, in different wording, and measured
    without tuning until round 8, whose lexicon came from its misses (docs/extract.md): its
    thresholds now guard the level reached, not a measurement of new wording."""
    result = score(extractor, read_set(CHECK))
    assert result["sentences"] >= 70
    assert result["all"]["f1"] >= 0.93, result["errors"]
    assert result["all"]["precision"] >= 0.93, result["errors"]


def test_second_check_set(extractor):
    """The second check set was written after the lexicon-breadth round, in wording unlike both
    earlier sets, and measured without tuning until round 8 used its misses (docs/extract.md)."""
    items = read_set(CHECK2)
    assert sum(not item["relations"] for item in items) >= 6
    result = score(extractor, items)
    assert result["sentences"] >= 60
    assert result["all"]["f1"] >= 0.93, result["errors"]
    assert result["all"]["precision"] >= 0.93, result["errors"]


def test_third_check_set(extractor):
    """The third check set was written after round 8 by an author who saw neither the rules nor
    the earlier sets, and measured once without tuning (docs/extract.md): 0.77 before round 8,
    0.79 after. Its thresholds guard that level."""
    items = read_set(CHECK3)
    assert sum(not item["relations"] for item in items) >= 8
    assert {r["type"] for item in items for r in item["relations"]} >= {
        "alliance", "support", "state_support", "sanctuary", "pledge", "merger", "split", "rivalry", "foreign_fighters"}
    result = score(extractor, items)
    assert result["sentences"] >= 80
    assert result["all"]["f1"] >= 0.76, result["errors"]
    assert result["all"]["precision"] >= 0.85, result["errors"]
