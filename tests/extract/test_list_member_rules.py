"""Who a list's members are and what an apposition after a list describes: a singular noun in
apposition to the last name, parts of a group that stand for it in a list, modifiers before a
listed name, standing "under" a body, and a faction's name after a group's; read with the
bundled registry (sentences written for these tests)."""

import pytest

from .conftest import mentioned, pairs, relations_of


def test_a_singular_apposition_after_a_list_describes_its_last_name(bundled):
    found = pairs(bundled, "Ansar Dine received weapons from the MNLA and the Katiba Macina, an affiliate of AQIM.")
    assert ("katiba-macina", "aqim", "pledge") in found
    assert ("mnla", "aqim", "pledge") not in found
    # a plural apposition describes every listed name
    found = pairs(bundled, "Ansar Dine received weapons from the MNLA and the Katiba Macina, both affiliates of AQIM.")
    assert {("mnla", "aqim", "pledge"), ("katiba-macina", "aqim", "pledge")} <= found


def test_an_apposition_after_an_aside_that_ends_in_a_name_describes_that_name(bundled):
    found = pairs(bundled, "Ansar Dine, which received weapons from the Katiba Macina, an affiliate of AQIM, grew quickly.")
    assert found == {("katiba-macina", "ansar-dine", "support"), ("katiba-macina", "aqim", "pledge")}
    # an aside that ends in other words leaves the apposition to the subject
    assert ("mnla", "aqim", "pledge") in pairs(bundled, "The MNLA, which operates around Kidal, an affiliate of AQIM, grew.")


JNIM_MEMBERS = {("jnim", m, "alliance") for m in ("ansar-dine", "katiba-macina", "al-mourabitoun")}


def test_a_plural_noun_of_groups_with_its_own_complement_still_introduces_the_list(bundled):
    text = "JNIM is made up of four groups of Sahelian jihadists, namely Ansar Dine, Katiba Macina and al-Mourabitoun."
    assert pairs(bundled, text) == JNIM_MEMBERS
    assert pairs(bundled, text.replace(", namely", " namely")) == JNIM_MEMBERS


def test_parts_of_groups_in_a_composition_list_stand_for_the_groups(bundled):
    text = "JNIM is made up of four groups, namely the Saharan wing of AQIM, two factions of Ansar Dine and al-Mourabitoun."
    assert pairs(bundled, text) == {("jnim", "aqim", "alliance"), ("jnim", "ansar-dine", "alliance"),
                                    ("jnim", "al-mourabitoun", "alliance")}


@pytest.mark.parametrize("text", [
    "Ansar Dine received weapons from the MNLA and the newly active Malian Katiba Macina.",
    "Ansar Dine received weapons from the MNLA armed wing and the Katiba Macina.",
])
def test_modifiers_before_a_listed_name_and_a_named_part_keep_the_list(bundled, text):
    assert pairs(bundled, text) == {("mnla", "ansar-dine", "support"), ("katiba-macina", "ansar-dine", "support")}


def test_a_preposition_before_a_listed_name_still_ends_the_list(bundled):
    # "the leader of" names a person of the group, not the group as a list member
    assert ("mnla", "katiba-macina", "alliance") not in pairs(
        bundled, "Ansar Dine received weapons from the MNLA and the leader of Katiba Macina.")


def test_groups_under_a_body_are_its_members(bundled):
    assert pairs(bundled, "Ansar Dine is under AQIM.") == {("ansar-dine", "aqim", "pledge")}
    # under a coalition: members of it, an alliance
    assert pairs(bundled, "Today Ansar Dine, Katiba Macina and al-Mourabitoun are under JNIM.") == {
        (m, "jnim", "alliance") for m in ("ansar-dine", "katiba-macina", "al-mourabitoun")}
    assert relations_of(bundled, "Ansar Dine is not under AQIM.") == {("ansar-dine", "aqim", "pledge", "denied")}
    assert not pairs(bundled, "Ansar Dine is under pressure from AQIM.")


def test_a_faction_named_after_a_group_is_that_faction(bundled):
    assert mentioned(bundled, "The National Socialist Council of Nagaland (Khaplang) attacked a convoy.") == ["nscn-k"]
    assert mentioned(bundled, "The National Socialist Council of Nagaland-Khaplang attacked a convoy.") == ["nscn-k"]
    assert pairs(bundled, "The Sudan Liberation Army (Minawi) clashed with the RSF.") == {("slm-mm", "rsf", "rivalry")}
    # a word that names no faction of the group leaves the name as it was
    assert mentioned(bundled, "Hamas (Gaza) fought Fatah.") == ["hamas", "fatah"]


def test_two_names_sharing_one_plural_head_noun_are_two_mentions(bundled):
    assert mentioned(bundled, "Fighting between the Sinaloa and Jalisco Nueva Generación Cartels spread south.") == [
        "sinaloa-cartel", "cjng"]
    # a name that does not resolve exactly with the head stays unmentioned
    assert mentioned(bundled, "The Sinaloa and Norteño Cartels met.") == ["sinaloa-cartel"]


def test_a_descriptor_after_the_head_keeps_its_relative_clause_of_members(bundled):
    text = "Jaysh al-Mujahedeen joined the Fatah Halab control group, which includes groups such as the Levantine Front."
    assert ("fatah-halab", "levant-front", "alliance") in pairs(bundled, text)


@pytest.mark.parametrize("text", ["Both Sinaloa and Jalisco Cartels fought near Culiacán.",
                                  "In Mexico Sinaloa and Jalisco Cartels fought near Culiacán."])
def test_a_shared_head_name_after_other_capitalised_words(bundled, text):
    assert {"sinaloa-cartel", "cjng"} <= set(mentioned(bundled, text))
