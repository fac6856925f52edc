"""Lists introduced by a noun of groups, factions named as parts, names the registry writes in
lower case, people of a group as list members, and who a participle of formation describes; read
with the bundled registry (sentences written for these tests)."""

import pytest

from .conftest import mentioned, pairs, relations_of


MEMBERS = ("hizb-ul-mujahideen", "jaish-e-mohammed", "lashkar-e-taiba")


@pytest.mark.parametrize("text", [
    "The TRF is made up of three groups: Hizbul Mujahidin, Jaish-e-Mohammad and LeT.",
    "The TRF is made up of three groups, namely Hizbul Mujahidin, Jaish-e-Mohammad and LeT.",
    "The TRF consists of existing militant groups such as Hizbul Mujahidin, Jaish-e-Mohammad and LeT.",
    "The TRF, which is active online, consists of established armed outfits Hizbul Mujahidin, "
    "Jaish-e-Mohammad and LeT.",
])
def test_a_composition_list_after_a_plural_noun_of_groups_belongs_to_the_head(bundled, text):
    assert pairs(bundled, text) == {("the-resistance-front", m, "alliance") for m in MEMBERS}


def test_a_composition_cue_whose_object_is_something_else_relates_nothing(bundled):
    # the preposition's object is the people, not the listed group
    assert not pairs(bundled, "The TRF is made up of young recruits from the valley who once admired LeT.")


@pytest.mark.parametrize("text, kind", [
    ("The MPCP, a faction of the Shining Path, ambushed a patrol.", "pledge"),
    ("The MPCP is one faction of the Shining Path.", "pledge"),
    ("The MPCP is a dissident faction of the Shining Path.", "split"),
    ("Police blamed the MPCP, a renegade faction of the Shining Path.", "split"),
])
def test_a_group_named_as_a_faction_of_another_is_part_of_it_or_split_from_it(bundled, text, kind):
    assert pairs(bundled, text) == {("mpcp", "shining-path", kind)}


def test_attacking_a_faction_of_a_group_is_not_membership(bundled):
    assert pairs(bundled, "The MPCP attacked a faction of the Shining Path.") == {("mpcp", "shining-path", "rivalry")}


def test_a_name_the_registry_writes_in_lower_case_is_found_as_written(bundled):
    assert mentioned(bundled, "FARC dissidents ambushed soldiers in Cauca.") == ["farc-dissidents"]
    assert mentioned(bundled, "Mouvement national de libération de l'Azawad fighters entered Kidal.") == ["mnla"]
    # a long name capitalised at both ends keeps a lower-case word inside
    assert "aqim" in mentioned(bundled, "Al-Qaeda in the lands of the Islamic Maghreb claimed the attack.")
    # words that only look like a name stay words
    assert mentioned(bundled, "They spoke of an Islamic state in the region.") == []
    assert "farc" in mentioned(bundled, "The FARC dissolved after 2016; dissidents kept arms.")


@pytest.mark.parametrize("text, expected", [
    ("The war between FARC dissidents and the guerrillas of the ELN has worsened in Arauca.",
     {("farc-dissidents", "eln", "rivalry")}),
    ("Clashes between members of Hamas and fighters of Fatah continued in Gaza.", {("hamas", "fatah", "rivalry")}),
])
def test_the_people_of_a_group_in_a_list_stand_for_the_group(bundled, text, expected):
    assert pairs(bundled, text) == expected


def test_a_state_does_not_merge_into_a_group(bundled):
    got = pairs(bundled, "Officials said Pakistan was rebranding cadres as a rebellion and using the Haqqani network.")
    assert not any(k in ("merger", "split") for _, _, k in got)


def test_a_participle_of_formation_after_part_of_describes_the_part(bundled):
    got = pairs(bundled, "JNIM is a Sahelian branch of al-Qaeda formed in 2017 in Mali by merging several groups, "
                         "which included Ansar Dine, al-Mourabitoun and the Macina Liberation Front.")
    assert ("jnim", "al-qaeda", "pledge") in got
    assert {("ansar-dine", "jnim", "merger"), ("al-mourabitoun", "jnim", "merger"),
            ("katiba-macina", "jnim", "merger")} <= got
    assert not any(k == "merger" and "al-qaeda" in (s, t) for s, t, k in got)


def test_the_factions_involved_in_a_body_are_its_members(bundled):
    got = pairs(bundled, "The main factions involved in the Palestinian Joint Operations Room include the "
                         "Al-Aqsa Martyrs Brigades, the PFLP and the DFLP.")
    assert got == {(m, "palestinian-joint-operations-room", "alliance")
                   for m in ("al-aqsa-martyrs-brigades", "pflp", "dflp")}


@pytest.mark.parametrize("text, expected", [
    ("In Ecuador, Jalisco Nueva Generación has Los Lobos and Los Tiguerones as its armed wings.",
     {("los-lobos-ecuador", "cjng", "pledge"), ("los-tiguerones", "cjng", "pledge")}),
    ("Iran has Hezbollah and the Houthis as its proxies.",
     {("iran", "hezbollah", "state_support"), ("iran", "houthis", "state_support")}),
    ("In Ecuador, the Sinaloa Cartel has Los Choneros as its main ally.", {("los-choneros", "sinaloa-cartel", "alliance")}),
])
def test_a_group_held_as_another_s_wing_ally_or_proxy(bundled, text, expected):
    assert pairs(bundled, text) == expected


def test_a_name_first_written_with_a_demonym_is_the_same_group_without_it(bundled):
    text = ("The Palestinian Joint Operations Room announced a truce. Later the Joint Operations Room "
            "said the PFLP had joined it.")
    found = bundled.extract("t", text).mentions
    assert [(m.text, m.actor_id) for m in found if "Joint" in m.text] == [
        ("Palestinian Joint Operations Room", "palestinian-joint-operations-room"),
        ("Joint Operations Room", "palestinian-joint-operations-room")]
    # without the full name first, the short form names nothing
    assert not [m for m in bundled.extract("t", "The Joint Operations Room said the PFLP joined it.").mentions
                if m.actor_id == "palestinian-joint-operations-room"]


def test_a_named_unit_of_a_group_is_part_of_it_and_the_party_of_its_clause(bundled):
    assert pairs(bundled, "In Arauca, the Eastern War Front of the ELN grew strong.") == {
        ("eln-frente-guerra-oriental", "eln", "pledge")}
    assert pairs(bundled, "The 10th Front of the FARC dissidents clashed with the ELN in Arauca.") == {
        ("farc-dissidents-frente-10", "farc-dissidents", "pledge"), ("farc-dissidents-frente-10", "eln", "rivalry")}


def test_a_possessed_noun_after_a_copula_outranks_the_copula(bundled):
    # "became" alone would be a rename; "became B's affiliate" is a pledge
    assert pairs(bundled, "Boko Haram became the Islamic State's affiliate in 2015.") == {("boko-haram", "isis", "pledge")}
    assert pairs(bundled, "Jabhat al-Nusra became Jabhat Fateh al-Sham in 2016.") == {
        ("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger")}


@pytest.mark.parametrize("text", ["The Houthis enjoy the support of Iran.", "The Houthis won the backing of Iran."])
def test_enjoying_the_support_of_a_backer_points_at_the_backer(bundled, text):
    assert pairs(bundled, text) == {("iran", "houthis", "state_support")}


def test_a_group_counted_among_another_s_members(bundled):
    assert pairs(bundled, "JNIM counts Katiba Macina and Ansar Dine among its members.") == {
        ("katiba-macina", "jnim", "alliance"), ("ansar-dine", "jnim", "alliance")}


def test_members_of_a_group_defecting_to_another_are_its_people_moving(bundled):
    assert pairs(bundled, "Members of Ahrar al-Sham defected to HTS.") == {("ahrar-al-sham", "hts", "foreign_fighters")}
    # joining in an act, or a faction joining and ceasing to exist, is not people moving
    got = pairs(bundled, "One faction of the Ras Kamboni Brigade formally joined al-Shabaab and ceased to exist.")
    assert not any(k == "foreign_fighters" for _, _, k in got)


def test_a_bare_acronym_of_a_qualified_alias_names_its_actor_only_in_its_countries(bundled):
    # "ADF (Ambazonia)" shares "ADF" with the Allied Democratic Forces, whose own alias it is
    assert mentioned(bundled, "The ADF pledged allegiance to the Islamic State.")[0] == "adf"
    assert "ambazonia" in mentioned(bundled, "In Cameroon, the ADF attacked soldiers near Bamenda.")


@pytest.mark.parametrize("text, expected", [
    ("There is no cooperation between HTS and the Islamic State.", ("hts", "isis", "alliance", "denied")),
    ("There was no fighting between HTS and Ahrar al-Sham that year.", ("hts", "ahrar-al-sham", "rivalry", "denied")),
    ("Cooperation between HTS and Ahrar al-Sham grew.", ("hts", "ahrar-al-sham", "alliance", "asserted")),
])
def test_a_relation_noun_before_a_list_negated_by_its_determiner(bundled, text, expected):
    assert relations_of(bundled, text) == {expected}


@pytest.mark.parametrize("text, expected", [
    ("The TTP continues to benefit from the Taliban's hospitality.", {("taliban", "ttp", "sanctuary")}),
    ("TTP fighters operate under the Taliban umbrella.", {("ttp", "taliban", "pledge")}),
    ("The Islamic State Sahel Province broke from ISWAP in 2022.", {("isgs", "iswap", "split")}),
    ("In Somalia, al-Shabaab and AQAP share resources and fighters.", {("al-shabaab", "aqap", "alliance")}),
])
def test_monitoring_report_wording(bundled, text, expected):
    assert pairs(bundled, text) == expected


def test_receiving_needs_what_is_received(bundled):
    # "benefits from B" alone names nothing given
    assert not pairs(bundled, "The TTP benefits from the Taliban.")
