"""Lexicon breadth: multi-word and inflected wordings of each relation type, and the verb-before /
object-after hook ("A gave B a base", "A allowed B to operate from its soil")."""

import pytest

from .challenge import challenge_extractor


@pytest.fixture(scope="module")
def extractor():
    return challenge_extractor()


@pytest.mark.parametrize("text, expected", [
    ("Jaish-e-Mohammed teamed up with Lashkar-e-Taiba.", ("jaish-e-mohammed", "lashkar-e-taiba", "alliance")),
    ("Ahrar al-Sham made common cause with Jaish al-Islam.", ("ahrar-al-sham", "jaish-al-islam", "alliance")),
    ("Iran bankrolled Hezbollah for decades.", ("iran", "hezbollah", "state_support")),
    ("Hezbollah is in the pay of Iran.", ("iran", "hezbollah", "state_support")),
    ("The Taliban played host to al-Qaeda.", ("taliban", "al-qaeda", "sanctuary")),
    ("Pakistan gave the TTP a base.", ("pakistan", "ttp", "sanctuary")),
    ("Pakistan allowed the Haqqani Network to operate from its soil.", ("pakistan", "haqqani", "sanctuary")),
    ("ISWAP has sworn allegiance to ISIS.", ("iswap", "isis", "pledge")),
    ("Jabhat al-Nusra changed its name to Jabhat Fatah al-Sham.", ("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger")),
    ("Jabhat Fatah al-Sham, later known as Hay'at Tahrir al-Sham, dominates Idlib.", ("jabhat-fatah-al-sham", "hts", "merger")),
    ("ISIS turned on Jabhat al-Nusra.", ("isis", "jabhat-al-nusra", "rivalry")),
    ("IMU militants crossed over to ISKP.", ("imu", "iskp", "foreign_fighters")),
])
def test_wording_is_typed(extractor, text, expected):
    found = {(r.source, r.target, r.type) for r in extractor.extract("t", text).relations}
    assert expected in found, found


@pytest.mark.parametrize("text", [
    "Pakistan gave the TTP a warning before the Taliban attacked.",
    "Jabhat al-Nusra, also known as the Nusra Front, and Ahrar al-Sham are active in Idlib.",
])
def test_no_relation(extractor, text):
    assert not [r for r in extractor.extract("t", text).relations if r.type in ("sanctuary", "merger")]
