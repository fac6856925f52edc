"""Round 14: a country's name inside a longer place name, what "it" refers to, and groups founded
in a relative clause ("A, which B founded"); read with the bundled registry (sentences written
for these tests)."""

import pytest

from coalition_watch.extract.places import find_places

from .conftest import mentioned, pairs, relations_of


def _places(extractor, text):
    return [p.text for p in extractor.extract("t", text).places]


# --- a country's name inside a longer place name: the longest match wins ---------------------

@pytest.mark.parametrize("text, inner, place", [
    ("The CJNG expanded in Mexico City.", "mexico", "Mexico City"),
    ("JEM fighters moved through Port Sudan.", "sudan", "Port Sudan"),
    ("The IRA attacked British troops in Northern Ireland.", "ireland", "Northern Ireland"),
    ("Rebels crossed from Equatorial Guinea into Cameroon.", "guinea", "Equatorial Guinea"),
    ("Protests spread across Papua New Guinea.", "guinea", "Papua New Guinea"),
])
def test_a_country_inside_a_longer_place_name_is_not_that_countrys_state(bundled, text, inner, place):
    assert inner not in mentioned(bundled, text)
    assert place in _places(bundled, text)


@pytest.mark.parametrize("text, expected", [
    ("The RSF shelled Port Sudan.", set()),
    ("The Sinaloa Cartel fought Mexico City police.", set()),
    ("The CJNG attacked the Sinaloa Cartel in Mexico City.", {("cjng", "sinaloa-cartel", "rivalry")}),
])
def test_a_city_named_after_its_country_makes_no_party_of_the_state(bundled, text, expected):
    assert pairs(bundled, text) == expected


def test_the_congos_long_names_are_their_own_places_and_states(bundled):
    # "Republic of the Congo" inside "Democratic Republic of the Congo" is the other Congo
    text = "The M23 fought the army of the Democratic Republic of the Congo."
    assert pairs(bundled, text) == {("m23", "drc-government", "rivalry")}
    places = find_places("Refugees reached the Democratic Republic of the Congo and the Republic of the Congo.")
    assert [(p.text, p.country) for p in places] == [("Democratic Republic of the Congo", "COD"),
                                                     ("Republic of the Congo", "COG")]


@pytest.mark.parametrize("text, state", [
    ("The SPLM-IO attacked government positions in South Sudan.", "south-sudan"),
    ("The Republic of Mali fought JNIM.", "mli-government"),
    ("The Dominican Republic deported Haitian gang members.", "dominican-republic"),
    ("Fighting was reported in Guinea-Bissau.", "guinea-bissau"),
])
def test_a_longer_name_of_a_state_is_that_state(bundled, text, state):
    found = mentioned(bundled, text)
    assert state in found
    assert not {"sudan", "guinea"} & set(found)


def test_the_longer_place_around_a_span():
    from coalition_watch.extract.places import longer_place

    text = "From Port Sudan to Khartoum."
    places = find_places(text)
    inner = text.index("Sudan")
    assert longer_place(places, inner, inner + len("Sudan")).text == "Port Sudan"
    assert longer_place(places, text.index("Khartoum"), text.index("Khartoum") + 8) is None  # the same length


# --- anaphora: a pronoun subject keeps the topic; an object "it" is not its clause's subject ---

def test_a_pronoun_subject_keeps_the_previous_sentences_subject_as_the_topic(bundled):
    text = ("Jabhat al-Nusra was formed in Syria in 2012. It pledged allegiance to al-Qaeda in 2013. "
            "It fought the Syrian government.")
    assert pairs(bundled, text) == {("jabhat-al-nusra", "al-qaeda", "pledge"),
                                    ("jabhat-al-nusra", "syr-government", "rivalry")}


def test_a_plural_pronoun_for_one_group_keeps_the_topic_too(bundled):
    text = "The TTP was formed in 2007. They pledged allegiance to the Afghan Taliban. They attacked the Pakistan Army."
    assert pairs(bundled, text) == {("ttp", "taliban", "pledge"), ("ttp", "pak", "rivalry")}


def test_a_named_subject_still_becomes_the_topic(bundled):
    text = "Jabhat al-Nusra was formed in 2012. Al-Qaeda accepted its pledge. It later attacked ISIS."
    assert ("al-qaeda", "isis", "rivalry") in pairs(bundled, text)


def test_an_object_it_refers_to_the_other_group_not_the_clauses_subject(bundled):
    text = "Jabhat al-Nusra was founded by the Islamic State of Iraq and later broke with it."
    assert pairs(bundled, text) == {("jabhat-al-nusra", "isi", "split")}


def test_an_object_it_after_a_pronoun_subject(bundled):
    text = "Jabhat al-Nusra was formed in Syria in 2012. It pledged allegiance to al-Qaeda and later broke with it."
    assert pairs(bundled, text) == {("jabhat-al-nusra", "al-qaeda", "pledge"), ("jabhat-al-nusra", "al-qaeda", "split")}


@pytest.mark.parametrize("text, expected", [
    # a complement clause with a subject of its own: "it" is the main clause's subject
    ("ISIS demanded that local chapters of the JRTN pledge allegiance to it.", {("jrtn", "isis", "pledge")}),
    # a fronted clause: the main clause's subject is the coordinated pair, "it" the earlier group
    ("After ISIS expanded into the valley, the TTP and the Taliban launched a joint offensive against it.",
     {("ttp", "taliban", "alliance"), ("ttp", "isis", "rivalry"), ("taliban", "isis", "rivalry")}),
])
def test_an_object_it_outside_one_simple_clause_keeps_its_reading(bundled, text, expected):
    assert pairs(bundled, text) == expected


# --- a group founded by another, in a relative clause ----------------------------------------

@pytest.mark.parametrize("text", [
    "AQIM founded Ansar Dine.",
    "Ansar Dine, founded by AQIM, attacked Gao.",
    "Ansar Dine, which AQIM founded, attacked Gao.",
    "Ansar Dine, which AQIM set up in 2012, attacked Gao.",
    "Ansar Dine, a group AQIM created in 2012, attacked Gao.",
    "Ansar Dine, which AQIM founded as its Malian front, attacked Gao.",
])
def test_every_form_of_the_founding_gives_the_same_pledge(bundled, text):
    assert relations_of(bundled, text) == {("ansar-dine", "aqim", "pledge", "asserted")}


@pytest.mark.parametrize("text, expected", [
    ("Ansar Dine, which AQIM set up in 2012, attacked the MNLA.",
     {("ansar-dine", "aqim", "pledge"), ("ansar-dine", "mnla", "rivalry")}),
    ("The MNLA fought Ansar Dine, which AQIM founded.",
     {("mnla", "ansar-dine", "rivalry"), ("ansar-dine", "aqim", "pledge")}),
    ("The MNLA fought Ansar Dine, a group AQIM created in 2012.",
     {("mnla", "ansar-dine", "rivalry"), ("ansar-dine", "aqim", "pledge")}),
])
def test_the_relative_clause_founding_beside_the_main_clauses_relation(bundled, text, expected):
    assert pairs(bundled, text) == expected


@pytest.mark.parametrize("text, expected", [
    # several founders are founding members; a state founder sponsors; the founder's people split
    ("Ansar Dine, which AQIM and MUJAO created, attacked Gao.",
     {("aqim", "ansar-dine", "alliance"), ("mujao", "ansar-dine", "alliance")}),
    ("Hezbollah, which Iran founded, attacked Israeli positions.", {("iran", "hezbollah", "state_support")}),
    ("Ansar Dine, which AQIM fighters formed in 2012, attacked Gao.", {("ansar-dine", "aqim", "split")}),
    # a coalition one group founded is no affiliate of it: an alliance
    ("JNIM, which Ansar Dine founded in 2017, attacked Gao.", {("jnim", "ansar-dine", "alliance")}),
    # a person of the group founded it: no claim about the group
    ("Ansar Dine, which AQIM's leader founded, attacked Gao.", set()),
])
def test_the_relative_clause_founding_types_as_the_active_one(bundled, text, expected):
    assert pairs(bundled, text) == expected


def test_a_denied_relative_clause_founding_is_denied(bundled):
    assert relations_of(bundled, "Ansar Dine, which AQIM never created, attacked Gao.") == \
        {("ansar-dine", "aqim", "pledge", "denied")}


def test_a_group_noun_in_apposition_opens_a_relative_clause(bundled):
    assert pairs(bundled, "Ansar Dine, a group AQIM backs, attacked Gao.") == {("aqim", "ansar-dine", "support")}
