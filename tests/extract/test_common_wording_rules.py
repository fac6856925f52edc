"""Common wording of relations between armed groups, probed with sentences written for these
tests: help given "with the help of" a group, fighters sent to a group, falling out, a list that
announces a joint body or ends its alliance, and a relation noun in apposition after a
preposition; read with the bundled registry."""

import pytest

from .conftest import pairs, relations_of


@pytest.mark.parametrize("text", [
    "Ansar Dine was set up with the help of AQIM.",
    "Ansar Dine, with the backing of AQIM, took Gao.",
])
def test_with_the_help_of_a_group_that_group_is_the_helper(bundled, text):
    assert pairs(bundled, text) == {("aqim", "ansar-dine", "support")}


def test_fighters_sent_to_a_group_support_it_and_to_a_country_go_there(bundled):
    assert pairs(bundled, "AQIM dispatched fighters to Ansar Dine.") == {("aqim", "ansar-dine", "support")}
    assert pairs(bundled, "AQIM sent reinforcements to help Ansar Dine.") == {("aqim", "ansar-dine", "support")}
    assert not pairs(bundled, "AQIM sent fighters to Syria.")
    assert not pairs(bundled, "Turkey deployed troops to Syria.")


def test_groups_that_fell_out_are_rivals(bundled):
    assert pairs(bundled, "The MNLA fell out with Ansar Dine.") == {("mnla", "ansar-dine", "rivalry")}
    assert pairs(bundled, "The MNLA and Ansar Dine fell out over the imposition of sharia.") == {
        ("mnla", "ansar-dine", "rivalry")}


def test_a_list_that_announces_a_joint_body_is_allied(bundled):
    text = "Ansar Dine, the MNLA and Katiba Macina announced the formation of a joint operations room."
    assert pairs(bundled, text) == {("ansar-dine", "mnla", "alliance"), ("ansar-dine", "katiba-macina", "alliance"),
                                    ("mnla", "katiba-macina", "alliance")}


def test_a_list_that_ends_its_alliance_splits_and_the_verb_is_no_denial(bundled):
    assert relations_of(bundled, "Ansar Dine and the MNLA ended their alliance in June 2012.") == {
        ("ansar-dine", "mnla", "split", "asserted")}
    assert relations_of(bundled, "Ansar Dine and the MNLA never ended their alliance.") == {
        ("ansar-dine", "mnla", "split", "denied")}


def test_a_relation_noun_in_apposition_after_a_preposition_leads_to_the_group(bundled):
    assert ("ansar-dine", "mnla", "rivalry") in pairs(bundled, "Ansar Dine turned against its former ally, the MNLA.")
    assert pairs(bundled, "Ansar Dine fought against its old rival, the MNLA, in Gao.") == {
        ("ansar-dine", "mnla", "rivalry")}


def test_a_group_wiped_out_or_named_an_enemy_is_a_rival(bundled):
    assert pairs(bundled, "The IMU was wiped out by the Taliban in 2015.") == {("imu", "taliban", "rivalry")}
    assert pairs(bundled, "The Taliban and ISKP are bitter enemies.") == {("taliban", "iskp", "rivalry")}


def test_drawing_inspiration_from_a_group_is_no_recruitment_from_it(bundled):
    assert not {k for _, _, k in pairs(bundled, "The TTP draws inspiration from the Taliban.")} & {"foreign_fighters"}
    # drawing recruits from a group still is
    assert pairs(bundled, "ISKP drew recruits from the TTP.") == {("ttp", "iskp", "foreign_fighters")}


def test_one_of_the_factions_a_group_split_into_split_from_it(bundled):
    assert pairs(bundled, "Boko Haram split into two factions, one of which became ISWAP.") == {
        ("iswap", "boko-haram", "split")}


def test_a_house_owned_by_one_person_of_a_group_makes_the_group_no_party(bundled):
    assert not pairs(bundled, "Al-Qaeda's leader was killed in a house in Kabul owned by a Haqqani aide.")
    # ground held by a group is that group's
    assert pairs(bundled, "The Houthis fired on positions held by AQAP.") == {("houthis", "aqap", "rivalry")}


@pytest.mark.parametrize("text", [
    "Los Choneros work for the Sinaloa Cartel.",
    "The Sinaloa Cartel hired the services of Los Choneros.",
])
def test_a_group_working_for_another_is_its_ally(bundled, text):
    assert {frozenset((s, t)) for s, t, k in pairs(bundled, text) if k == "alliance"} == {
        frozenset(("los-choneros", "sinaloa-cartel"))}


@pytest.mark.parametrize("text", ["AQIM allegedly funds Ansar Dine.", "AQIM is suspected of funding Ansar Dine."])
def test_an_alleged_or_suspected_tie_is_hypothetical(bundled, text):
    assert relations_of(bundled, text) == {("aqim", "ansar-dine", "support", "hypothetical")}


def test_a_source_that_alleges_a_tie_still_asserts_it(bundled):
    assert relations_of(bundled, "It alleged that AQIM funds Ansar Dine.") == {("aqim", "ansar-dine", "support", "asserted")}


def test_warning_against_joining_is_no_joining_and_no_hostility(bundled):
    assert relations_of(bundled, "AQIM warned Ansar Dine against joining ISIS.") == {
        ("ansar-dine", "isis", "pledge", "hypothetical")}


def test_neither_nor_denies_for_both(bundled):
    assert relations_of(bundled, "Neither AQIM nor Ansar Dine joined ISIS.") == {
        ("aqim", "isis", "pledge", "denied"), ("ansar-dine", "isis", "pledge", "denied")}


@pytest.mark.parametrize("text", [
    "AQIM is discussing a merger with Ansar Dine.",
    "AQIM is negotiating a merger with Ansar Dine.",
    "AQIM and Ansar Dine are said to be discussing a merger.",
])
def test_a_merger_under_discussion_is_hypothetical(bundled, text):
    assert relations_of(bundled, text) == {("aqim", "ansar-dine", "merger", "hypothetical")}


@pytest.mark.parametrize("text, expected", [
    ("Hundreds of IMU fighters fought for the Taliban in northern Afghanistan.", ("imu", "taliban")),
    ("Several TTP commanders defected to ISKP in 2015.", ("ttp", "iskp")),
    ("HTS counts hundreds of TIP fighters among its ranks.", ("tip", "hts")),
    ("The Taliban's ranks include fighters from the IMU.", ("imu", "taliban")),
    ("Many ISKP members are former TTP fighters.", ("ttp", "iskp")),
    ("ISKP recruited heavily among former TTP members.", ("ttp", "iskp")),
    ("Al-Shabaab has absorbed fighters from Hizbul Islam.", ("hizbul-islam", "al-shabaab")),
    ("Uzbek militants of the IJU fight under Taliban command.", ("iju", "taliban")),
    ("Officials fear that IMU fighters could be redeployed to fight under the Taliban banner.", ("imu", "taliban")),
])
def test_people_of_one_group_inside_another_are_foreign_fighters(bundled, text, expected):
    assert pairs(bundled, text) == {(*expected, "foreign_fighters")}


def test_a_group_that_fought_under_another_is_no_rival_of_it(bundled):
    assert pairs(bundled, "The IMU fought under the Taliban.") == {("imu", "taliban", "pledge")}
    assert pairs(bundled, "The IMU fought the Taliban.") == {("imu", "taliban", "rivalry")}
    # fighters of a group fighting alongside another: allies, as before
    assert pairs(bundled, "Fighters of Ahrar al-Sham fought alongside Jabhat al-Nusra.") == {
        ("ahrar-al-sham", "jabhat-al-nusra", "alliance")}


@pytest.mark.parametrize("text, expected", [
    ("Since the takeover, the Taliban have allowed the TTP to operate from Afghan soil.", ("taliban", "ttp")),
    ("The Taliban let al-Qaeda leaders live in Kabul.", ("taliban", "al-qaeda")),
    ("The Taliban tolerate the presence of TIP fighters in Badakhshan.", ("taliban", "tip")),
    ("The Taliban provide the TTP with safe havens.", ("taliban", "ttp")),
    ("The Taliban turned a blind eye to TTP training camps.", ("taliban", "ttp")),
    ("Al-Qaeda members have relocated to areas under Taliban control.", ("taliban", "al-qaeda")),
])
def test_ways_of_giving_a_group_ground_to_operate_from_are_sanctuary(bundled, text, expected):
    assert pairs(bundled, text) == {(*expected, "sanctuary")}


def test_attacking_towns_under_a_groups_control_is_no_sanctuary(bundled):
    assert pairs(bundled, "Al-Qaeda fighters attacked towns under Taliban control.") == {("al-qaeda", "taliban", "rivalry")}


def test_a_state_reported_to_arm_a_group_supports_it(bundled):
    assert pairs(bundled, "The UAE is widely reported to arm the RSF.") == {("uae", "rsf", "state_support")}


def test_training_a_groups_rivals_is_no_support_of_it(bundled):
    assert not {k for _, t, k in pairs(bundled, "Eritrea trained TPLF rivals in the Amhara militias.") if t == "tplf"}


@pytest.mark.parametrize("text", [
    "Jabhat al-Nusra was under Hezbollah siege in Qusayr.",
    "The Free Syrian Army was under Islamic State attack near Marea.",
    "Hamas is under Hezbollah influence.",
])
def test_being_under_a_groups_siege_or_attack_is_no_membership(bundled, text):
    assert not {k for _, _, k in pairs(bundled, text)} & {"pledge", "alliance"}


@pytest.mark.parametrize("text", [
    "Hamas had hundreds of Fatah members arrested in Gaza.",
    "Hamas has dozens of Fatah members in its prisons.",
])
def test_members_of_a_group_held_by_another_are_no_foreign_fighters(bundled, text):
    assert not {k for _, _, k in pairs(bundled, text)} & {"foreign_fighters"}


@pytest.mark.parametrize("text", [
    "Hezbollah sent fighters to Islamic State-held areas near Qalamoun.",
    "The Houthis deployed reinforcements to al-Qaeda strongholds in Bayda.",
])
def test_fighters_sent_to_ground_a_group_holds_do_not_support_it(bundled, text):
    assert not {k for _, _, k in pairs(bundled, text)} & {"support", "state_support"}


def test_an_apposition_after_a_participle_aside_stays_the_subjects(bundled):
    found = pairs(bundled, "Hamas, backed by Hezbollah, an affiliate of the Muslim Brotherhood, took Gaza.")
    assert ("hezbollah", "hamas", "support") in found
    assert not any(s == "hezbollah" and k == "pledge" for s, _, k in found)


def test_a_relation_noun_in_apposition_is_no_relation_of_its_own(bundled):
    assert pairs(bundled, "Hamas turned against its former ally, Hezbollah.") == {("hamas", "hezbollah", "rivalry")}


@pytest.mark.parametrize("text", ["Hamas attended meetings that included Hezbollah.",
                                  "Hamas met officials, which included Hezbollah."])
def test_a_verb_before_which_includes_is_no_descriptor_of_the_first_group(bundled, text):
    assert not pairs(bundled, text)


@pytest.mark.parametrize("text", ["AQIM, but not Ansar Dine, joined JNIM.", "AQIM, unlike Ansar Dine, joined JNIM."])
def test_a_group_set_apart_by_a_contrast_takes_no_part_and_the_subject_keeps_its_tie(bundled, text):
    assert pairs(bundled, text) == {("aqim", "jnim", "alliance")}
