"""Renames, former names, alternatives, cited sources, places and composition lists (sentences
written for these tests)."""

import pytest

from coalition_watch.extract.pipeline import Extractor
from coalition_watch.models import Actor
from coalition_watch.registry.resolver import Resolver

from .conftest import relations_of


@pytest.fixture(scope="module")
def wide(small_kb):
    extra = [
        Actor(id="boko-haram", name="Boko Haram", aliases=["Jama'atu Ahlis Sunna"]),
        Actor(id="iswap", name="Islamic State West Africa Province", aliases=["ISWAP"]),
        Actor(id="pak", name="Pakistan", kind="state", aliases=["Government of Pakistan"]),
        Actor(id="uzb", name="Uzbekistan", kind="state"),
    ]
    return Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))


def pairs(extractor, text):
    return {(s, t, k) for s, t, k, _ in relations_of(extractor, text)}


def test_a_naming_verb_before_the_old_name_is_a_rename(wide):
    assert pairs(wide, "In 2016 its leaders renamed the Nusra Front as Jabhat Fateh al-Sham.") == {
        ("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger")}
    assert pairs(wide, "The vote rebranded the Nusra Front to JFS overnight.") == {
        ("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger")}
    assert pairs(wide, "The oath changed Boko Haram into ISWAP within a month.") == {
        ("boko-haram", "iswap", "merger")}
    # a place turned into something is no rename
    assert not any(k == "merger" for _, _, k in pairs(wide, "The Taliban turned Pakistan into a base for the TTP."))


def test_a_fronted_list_of_former_names_is_a_chain_of_renames(wide):
    assert pairs(wide, "Formerly known as the Nusra Front, Hayat Tahrir al-Sham took Idlib in 2019.") == {
        ("jabhat-al-nusra", "hts", "merger")}
    text = ("Hayat Tahrir al-Sham rules Idlib. Formerly the Nusra Front, then Jabhat Fateh al-Sham, it is a "
            "coalition of allied factions, including Ahrar al-Sham and the TTP.")
    found = pairs(wide, text)
    assert {("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger"), ("jabhat-al-nusra", "hts", "merger"),
            ("jabhat-fatah-al-sham", "hts", "merger")} <= found
    assert {("ahrar-al-sham", "hts", "alliance"), ("hts", "ttp", "alliance")} <= {
        (*sorted((s, t)), k) for s, t, k in found if k == "alliance"}
    # the old names are not allied with the members: the pronoun, not the first name, is the subject
    assert not any("jabhat-al-nusra" in (s, t) and k == "alliance" for s, t, k in found)


def test_variants_of_one_former_name_stay_one_link(wide):
    found = pairs(wide, "Previously called the Nusra Front or JFS, HTS later cut its ties with al-Qaida.")
    assert ("jabhat-al-nusra", "hts", "merger") in found
    assert ("jabhat-al-nusra", "jabhat-fatah-al-sham", "merger") not in found


def test_alternatives_joined_by_or_are_not_related(wide):
    assert pairs(wide, "He is said to have been an al-Qaida commander or a former member of the TTP.") == set()
    # "or" between the second group and a third leaves the first pair alone
    assert ("ttp", "al-qaeda", "pledge") in pairs(wide, "The TTP pledged allegiance to al-Qaida or its leader.")


def test_a_cited_source_named_after_a_country_is_no_party(wide):
    found = relations_of(wide, "The TTP said it would remain loyal to the Taliban (Pakistan Today, 4 May 2022).")
    assert {(s, t, k) for s, t, k, _ in found} == {("ttp", "taliban", "pledge")}


def test_these_groups_do_not_refer_to_states(wide):
    text = "Pakistan and Uzbekistan traded accusations. Fighters from these groups joined the TTP."
    assert pairs(wide, text) == set()
    text = "The Taliban and al-Qaida met in Kandahar. Fighters from these groups joined the TTP."
    assert ("taliban", "ttp", "foreign_fighters") in pairs(wide, text)


def test_a_country_left_behind_is_a_place(wide):
    assert pairs(wide, "In 1992 the TTP founders left Uzbekistan for Afghanistan.") == set()
    assert ("ttp", "taliban", "split") in pairs(wide, "The TTP split from the Taliban in 2014.")


def test_an_appositive_composition_list_does_not_act_itself(wide):
    appositive = "The alliance, comprising the TTP, LeJ and al-Qaida, has seized three districts."
    assert not any(k == "alliance" for _, _, k in pairs(wide, appositive))
    subject = "The TTP, LeJ and al-Qaida have seized three districts."
    assert {(*sorted((s, t)), k) for s, t, k in pairs(wide, subject)} == {
        ("lashkar-e-jhangvi", "ttp", "alliance"), ("al-qaeda", "ttp", "alliance"),
        ("al-qaeda", "lashkar-e-jhangvi", "alliance")}


def test_parent_name_with_quoted_branch_words_and_acronym_is_the_branch(wide):
    found = pairs(wide, "The pledge changed Boko Haram into the Islamic State 'West Africa Province' (ISWAP).")
    assert found == {("boko-haram", "iswap", "merger")}


def test_a_possessive_before_a_coordinated_verb_is_not_its_subject(wide):
    text = "The TTP joined al-Qaida's global campaign and fought alongside al-Qaida and the Taliban."
    found = {(*sorted((s, t)), k) for s, t, k in pairs(wide, text)}
    assert ("taliban", "ttp", "alliance") in found
    assert ("al-qaeda", "taliban", "alliance") not in found


def test_a_parent_possessing_an_unnamed_branch_is_not_the_party(wide):
    text = "For the Taliban, the main rival is now the Islamic State's regional chapter, which bombed a mosque."
    assert pairs(wide, text) == set()
    # the branch named right before or after keeps the possessive cue
    assert ("jabhat-al-nusra", "al-qaeda", "pledge") in pairs(
        wide, "The Nusra Front, al-Qaida's branch in Syria, attacked the army.")


def test_list_wording_for_acting_together_and_for_rivalry(wide):
    assert {(*sorted((s, t)), k) for s, t, k in pairs(wide, "The TTP and LeJ teamed up against the army.")} == {
        ("lashkar-e-jhangvi", "ttp", "alliance")}
    assert {(*sorted((s, t)), k) for s, t, k in pairs(wide, "The TTP and LeJ developed a bitter rivalry.")} == {
        ("lashkar-e-jhangvi", "ttp", "rivalry")}
    assert {(*sorted((s, t)), k) for s, t, k in pairs(wide, "The raid was a joint operation by the TTP and al-Qaida.")} == {
        ("al-qaeda", "ttp", "alliance")}


def test_windows_1252_quotes_decoded_as_latin_1_still_match(small_kb):
    extra = [Actor(id="ypg", name="People's Protection Units", aliases=["YPG"])]
    extractor = Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))
    text = "The Islamic State fought the People\x92s Protection Units near Kobani."
    assert ("isis", "ypg", "rivalry") in {(*sorted((s, t)), k) for s, t, k in pairs(extractor, text)}


def test_an_approximate_name_defined_by_a_known_acronym_is_the_acronyms_group(small_kb):
    extra = [Actor(id="mnla", name="National Movement for the Liberation of Azawad", aliases=["MNLA"]),
             Actor(id="mpa", name="Popular Movement for the Liberation of Azawad", aliases=["MPA"])]
    extractor = Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))
    result = extractor.extract("t", "Al-Qaida worked with the Movement for the Liberation of Azawad (MNLA) in 2012.")
    assert {m.actor_id for m in result.mentions} >= {"mnla"}
    assert "mpa" not in {m.actor_id for m in result.mentions}


def test_a_list_that_worked_together_is_allied(wide):
    assert {(*sorted((s, t)), k) for s, t, k in pairs(wide, "The TTP and LeJ had worked together since 2008.")} == {
        ("lashkar-e-jhangvi", "ttp", "alliance")}


def test_joining_a_coalition_is_membership_and_joining_an_action_is_alliance(small_kb):
    extra = [Actor(id="front", name="United Jihad Front", kind="coalition")]
    extractor = Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))
    assert pairs(extractor, "In 2015 the TTP formally joined the United Jihad Front.") == {("ttp", "front", "alliance")}
    assert pairs(extractor, "In 2015 the TTP formally joined al-Qaida.") == {("ttp", "al-qaeda", "pledge")}
    found = {(*sorted((s, t)), k) for s, t, k in pairs(extractor, "Members of the TTP joined the Taliban in an attack on the base.")}
    assert found == {("taliban", "ttp", "alliance")}


def test_a_group_after_against_is_the_target_not_the_partner(wide):
    text = "The TTP began opposing the Taliban, and joined larger campaigns against the Taliban in Kunar."
    assert {k for _, _, k in pairs(wide, text)} == {"rivalry"}
    found = {(*sorted((s, t)), k) for s, t, k in pairs(wide, "The TTP allied with al-Qaida against the Taliban.")}
    assert ("al-qaeda", "ttp", "alliance") in found
    assert ("taliban", "ttp", "alliance") not in found and ("taliban", "ttp", "rivalry") in found


def test_members_splitting_off_to_form_a_group_is_a_split_not_a_merger(wide):
    text = "The TTP fragmented in 2014 when many of its members split off to form Lashkar-e-Jhangvi."
    assert pairs(wide, text) == {("lashkar-e-jhangvi", "ttp", "split")}
    assert pairs(wide, "Ahrar al-Sham and the Nusra Front merged to form Hayat Tahrir al-Sham.") >= {
        ("jabhat-al-nusra", "hts", "merger")}


def test_fighting_with_a_group_for_a_shared_objective_is_an_alliance(wide):
    assert {k for _, _, k in pairs(wide, "The TTP fought with the Taliban to take the district centre.")} == {"alliance"}
    assert {k for _, _, k in pairs(wide, "The TTP fought with the Taliban near the district centre.")} == {"rivalry"}


def test_a_name_used_as_a_compound_modifier_is_not_the_topic(wide):
    text = "The al-Qaida-linked TTP raided a post in Swat. The group later allied with LeJ."
    found = {(*sorted((s, t)), k) for s, t, k in pairs(wide, text)}
    assert ("lashkar-e-jhangvi", "ttp", "alliance") in found
    assert ("al-qaeda", "lashkar-e-jhangvi", "alliance") not in found
