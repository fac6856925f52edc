"""Lexicon breadth: multi-word and inflected wordings of each relation type, and the verb-before /
object-after hook ("A gave B a base", "A allowed B to operate from its soil")."""

import pytest

from .challenge import challenge_extractor


@pytest.fixture(scope="module")
def extractor():
    return challenge_extractor()


WORDINGS = [
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
]


def typed(extractor, text):
    """(source, target, type) of the claims in ``text``; symmetric types in both orders."""
    found = {(r.source, r.target, r.type) for r in extractor.extract("t", text).relations}
    return found | {(t, s, k) for s, t, k in found if k in ("alliance", "rivalry")}


@pytest.mark.parametrize("text", [
    "Pakistan gave the TTP a warning before the Taliban attacked.",
    "Jabhat al-Nusra, also known as the Nusra Front, and Ahrar al-Sham are active in Idlib.",
])
def test_no_relation(extractor, text):
    assert not [r for r in extractor.extract("t", text).relations if r.type in ("sanctuary", "merger")]


# round 8: wordings the check sets missed, each written anew here in other words
ROUND_8_WORDINGS = [
    ("Jaish al-Islam worked hand in hand with Ahrar al-Sham near Douma.", ("jaish-al-islam", "ahrar-al-sham", "alliance")),
    ("JNIM and Ansar Dine fought shoulder to shoulder near Kidal.", ("jnim", "ansar-dine", "alliance")),
    ("Boko Haram and ISWAP kept up a working relationship for a time.", ("boko-haram", "iswap", "alliance")),
    ("The IMU put its fighters under the authority of the Taliban.", ("imu", "taliban", "pledge")),
    ("The Haqqani Network is subordinate to the Taliban.", ("haqqani", "taliban", "pledge")),
    ("ISIS welcomed ISWAP as one of its new provinces.", ("iswap", "isis", "pledge")),
    ("Al-Shabaab publicly became an al-Qaeda affiliate.", ("al-shabaab", "al-qaeda", "pledge")),
    ("In 2017 Jabhat Fatah al-Sham folded itself into Hay'at Tahrir al-Sham.", ("jabhat-fatah-al-sham", "hts", "merger")),
    ("HTS is the newest incarnation of Jabhat al-Nusra.", ("jabhat-al-nusra", "hts", "merger")),
    ("Jaish al-Islam and Ahrar al-Sham announced the fusion of their units.", ("jaish-al-islam", "ahrar-al-sham", "merger")),
    ("ISKP was established mainly by ex- TTP cadres.", ("iskp", "ttp", "split")),
    ("A splinter faction of the TTP turned into ISKP.", ("iskp", "ttp", "split")),
    ("Jabhat Fatah al-Sham severed its links with al-Qaeda.", ("jabhat-fatah-al-sham", "al-qaeda", "split")),
    ("The IMU turned its back on the Taliban in 2015.", ("imu", "taliban", "split")),
    ("Ahrar al-Sham withdrew from Hay'at Tahrir al-Sham.", ("ahrar-al-sham", "hts", "split")),
    ("Al-Qaeda disowned ISIS in 2014.", ("isis", "al-qaeda", "split")),
    ("Houthi gunmen fired at AQAP fighters in al-Bayda.", ("houthis", "aqap", "rivalry")),
    ("ISKP gunmen shot dead a Taliban commander in Kunar.", ("iskp", "taliban", "rivalry")),
    ("Ahrar al-Sham lost ground to Hay'at Tahrir al-Sham in 2019.", ("ahrar-al-sham", "hts", "rivalry")),
    ("Relations between JNIM and ISIS have turned violent.", ("jnim", "isis", "rivalry")),
    ("Al-Shabaab and AQAP are locked in no rivalry, but ISWAP and Boko Haram are locked in a bitter war.",
     ("iswap", "boko-haram", "rivalry")),
    ("Dozens of IMU militants redeployed to Syria to fight for ISIS.", ("imu", "isis", "foreign_fighters")),
    ("Many TTP veterans now serve in the ranks of ISKP.", ("ttp", "iskp", "foreign_fighters")),
    ("ISWAP integrated hundreds of Boko Haram fighters.", ("boko-haram", "iswap", "foreign_fighters")),
    ("For years Pakistan nurtured Lashkar-e-Taiba.", ("pakistan", "lashkar-e-taiba", "state_support")),
    ("The Taliban let al-Qaeda run training camps near Kandahar.", ("taliban", "al-qaeda", "sanctuary")),
    ("IMU families lived under the Taliban's protection in Kunduz.", ("taliban", "imu", "sanctuary")),
]


@pytest.mark.parametrize("text, expected", WORDINGS + ROUND_8_WORDINGS)
def test_wording_is_typed(extractor, text, expected):
    found = typed(extractor, text)
    assert expected in found, found


@pytest.mark.parametrize("text, absent", [
    # shelter provided is not also material aid
    ("The TTP hid in safe houses provided by Lashkar-e-Jhangvi.", "support"),
    # "bomb-makers" is a trade, not a bombing
    ("AQAP bomb-makers instructed al-Shabaab militants in Yemen.", "rivalry"),
    # fighting side by side is no clash
    ("Jaish al-Islam and Ahrar al-Sham fought hand in hand in the Ghouta.", "rivalry"),
    # integrating into another group's movement is no merger with the group
    ("The IMU tried to integrate itself into al-Qaeda's global movement.", "merger"),
    # the group after "according to" is in the attribution, not a party
    ("The TTP trained recruits in Swat, according to a report on Lashkar-e-Jhangvi.", "support"),
])
def test_round_8_wording_adds_no_other_type(extractor, text, absent):
    assert absent not in {r.type for r in extractor.extract("t", text).relations}
