"""The general mechanisms of the rule path, one realistic sentence each (written for these tests)."""

import pytest

from coalition_watch.extract.pipeline import Extractor
from coalition_watch.models import Actor
from coalition_watch.registry.resolver import Resolver

from .conftest import relations_of


def kinds(extractor, text, **kwargs):
    """{(frozenset pair, type)} for symmetric checks, plus (source, target, type) triples."""
    doc = extractor.extract("t", text, **kwargs)
    return ({(frozenset((r.source, r.target)), r.type) for r in doc.relations}
            | {(r.source, r.target, r.type) for r in doc.relations})


@pytest.fixture(scope="module")
def wide_extractor(small_kb):
    extra = [
        Actor(id="dogon", name="Dogon (communal group)", aliases=["Dogon"], kind="militia"),
        Actor(id="national-army", name="National Army", kind="armed_group"),
        Actor(id="rashid-trust", name="Al Rashid Trust", kind="armed_group"),
        Actor(id="tur", name="Turkey", aliases=["Turkish"], kind="state"),
    ]
    return Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))


# -- cue windows and sentence structure --------------------------------------------------------
def test_appositive_head_noun_after_the_second_name(extractor):
    assert ("ttp", "al-qaeda", "pledge") in kinds(
        extractor, "Officials blamed the TTP, an al-Qaeda affiliate, for the bombing.")
    assert ("ttp", "taliban", "split") in kinds(
        extractor, "Police arrested a commander of the TTP, a Taliban splinter, on Monday.")


def test_backing_hyphen_binds_only_the_adjacent_name(wide_extractor):
    found = kinds(wide_extractor, "The offensive was led by the TTP along with Turkish-backed militias known as ISIS.")
    assert not any(k == "support" and "ttp" in pair for pair, k in
                   [x for x in found if isinstance(x[0], frozenset)])
    assert ("tur", "isis", "state_support") in found


def test_aside_between_subject_and_verb_is_skipped(extractor):
    found = kinds(extractor, "The TTP, which the Taliban hosted for years, later pledged allegiance to ISIS.")
    assert ("ttp", "isis", "pledge") in found
    assert ("taliban", "isis", "pledge") not in found


def test_cues_of_an_earlier_clause_give_way(extractor):
    found = kinds(extractor, "The Nusra Front fought the Taliban for a year and pledged allegiance to al-Qaeda.")
    assert (frozenset(("jabhat-al-nusra", "taliban")), "rivalry") in found
    assert ("taliban", "al-qaeda", "pledge") in found
    assert (frozenset(("taliban", "al-qaeda")), "rivalry") not in found


def test_relative_clause_with_preposition(extractor):
    found = kinds(extractor, "The TTP grew out of the Taliban, from which it split in 2007, and later joined ISIS.")
    assert ("ttp", "taliban", "split") in found
    assert ("ttp", "isis", "pledge") in found


def test_companion_and_example_carry_the_relation(extractor):
    found = kinds(extractor, "The TTP fought alongside the Taliban against ISIS in Nangarhar.")
    assert (frozenset(("ttp", "isis")), "rivalry") in found
    assert (frozenset(("ttp", "taliban")), "alliance") in found
    found = kinds(extractor, "ISIS attacked the Nusra Front, including Ahrar al-Sham, near Idlib.")
    assert (frozenset(("isis", "ahrar-al-sham")), "rivalry") in found


def test_reciprocal_and_joint_action_of_a_subject_list(extractor):
    found = kinds(extractor, "The TTP and the Taliban each claimed the valley and attacked one another's fighters.")
    assert (frozenset(("ttp", "taliban")), "rivalry") in found
    found = kinds(extractor, "In 2015, the TTP and al-Qaeda attacked ISIS positions near the border.")
    assert (frozenset(("ttp", "al-qaeda")), "alliance") in found
    found = kinds(extractor, "The TTP and al-Qaeda were attacked by ISIS near the border.")
    assert (frozenset(("ttp", "al-qaeda")), "alliance") not in found


@pytest.mark.parametrize("text,expected", [
    ("The TTP fought alongside the Taliban in Kunar.", "alliance"),
    ("The TTP declared its support for ISIS in a video.", "pledge"),
    ("In 2014 a spokesman announced that the TTP supported ISIS.", "pledge"),
    ("The Taliban has separated itself from al-Qaeda.", "split"),
    ("Members of the Taliban formed the TTP in 2007.", "split"),
    ("The TTP was formed by defectors from the Taliban in 2007.", "split"),
    ("Al-Qaeda publicly renounced any affiliation with ISIS in 2014.", "split"),
])
def test_wording_decides_the_type(extractor, text, expected):
    assert any(k == expected for _, _, k, _ in relations_of(extractor, text)), relations_of(extractor, text)


def test_weak_merger_words_need_their_construction(extractor):
    assert not any(k == "merger" for _, _, k, _ in relations_of(
        extractor, "The TTP became associated with al-Qaeda through its commanders."))
    assert not any(k == "merger" for _, _, k, _ in relations_of(
        extractor, "ISIS has previously sought to use the Taliban's weakness."))


def test_ending_an_affiliation_is_an_asserted_split(extractor):
    found = relations_of(extractor, "The TTP announced that it had ended its affiliation with al-Qaeda.")
    assert ("ttp", "al-qaeda", "split", "asserted") in found


# -- anaphora and document context ------------------------------------------------------------
def test_anaphors_inside_a_sentence(extractor):
    text = "The Nusra Front expanded in Idlib. Within months, analysts said, the group joined al-Qaeda."
    assert ("jabhat-al-nusra", "al-qaeda", "pledge") in kinds(extractor, text)
    text = "ISIS lost Raqqa in 2017. A year later the TTP claimed that it had sworn allegiance to ISIS."
    assert ("ttp", "isis", "pledge") in kinds(extractor, text)


def test_plural_anaphor_takes_the_groups_of_the_last_sentence(extractor):
    text = "A commander of the TTP opened talks with al-Qaeda. In 2015 the groups coordinated an attack on a base."
    assert (frozenset(("ttp", "al-qaeda")), "alliance") in kinds(extractor, text)


def test_non_referential_it_and_people_are_not_groups(extractor):
    text = "The TTP attacked a checkpoint. It is unclear whether ISIS was involved, killing hundreds of them."
    found = kinds(extractor, text)
    assert not any(isinstance(x[0], frozenset) and "ttp" in x[0] and "isis" in x[0] for x in found)


def test_document_subject_answers_an_anaphor_with_no_antecedent(extractor):
    text = "In 2014 the group pledged allegiance to ISIS."
    assert ("ttp", "isis", "pledge") in kinds(extractor, text, subject="ttp")
    assert kinds(extractor, text) == set()


# -- mentions ----------------------------------------------------------------------------------
def names(extractor, text, **kwargs):
    return [(m.text, m.actor_id) for m in extractor.extract("t", text, **kwargs).mentions]


def test_local_acronym_definition_wins(extractor):
    found = names(extractor, "Harakat Ahrar al-Sham al-Islamiyya (HASI) grew. Later HASI fought ISIS.")
    assert ("HASI", "ahrar-al-sham") in found


def test_communal_ethnonym_needs_a_group_noun(wide_extractor):
    assert ("Dogon", "dogon") in names(wide_extractor, "Dogon militias attacked the village.")
    assert not any(a == "dogon" for _, a in names(wide_extractor, "The Dogon plateau is dry in May."))


def test_lower_case_word_ends_a_name(extractor):
    assert names(extractor, "They want an Islamic state in the region.") == []
    assert ("Islamic State", "isis") in names(extractor, "The Islamic State lost ground.")


def test_known_name_inside_a_longer_unknown_name_gives_way(wide_extractor):
    doc = wide_extractor.extract("t", "The Chin National Army clashed with troops in May.")
    assert not any(m.actor_id == "national-army" for m in doc.mentions)
    assert "Chin National Army" in doc.new_group_candidates
    assert ("National Army", "national-army") in names(wide_extractor, "The National Army clashed with troops.")


def test_context_explains_initials_and_shared_names(wide_extractor):
    text = "ART has been a source of funding for the TTP."
    assert ("ART", "rashid-trust") in names(wide_extractor, text, context=["rashid-trust"])
    assert ("ART", "rashid-trust") not in names(wide_extractor, text)
    found = names(wide_extractor, "Ansar al-Sharia clashed with ISIS.", subject="ansar-al-sharia-tunisia")
    assert ("Ansar al-Sharia", "ansar-al-sharia-tunisia") in found


def test_an_acronym_the_text_spells_out_is_not_read_by_initials(wide_extractor):
    # the text gives ART its own long form, a group the registry lacks: not the Al Rashid Trust
    text = "The Anjuman Rahmat Tanzeem (ART) has been a source of funding for the TTP. ART denies it."
    assert not any(m.actor_id == "rashid-trust" for m in
                   wide_extractor.extract("t", text, context=["rashid-trust"]).mentions)
    text = "The Al Rashid Trust (ART) has been a source of funding for the TTP. ART denies it."
    found = names(wide_extractor, text)
    assert ("ART", "rashid-trust") in found


def test_nearby_cue_fallback_is_opt_in(small_resolver):
    text = "The TTP seized a post near ISIS lines after heavy clashes."
    strict = Extractor(small_resolver)
    loose = Extractor(small_resolver, nearby_fallback=True)
    assert not any({r.source, r.target} == {"ttp", "isis"} for r in strict.extract("t", text).relations)
    found = [r for r in loose.extract("t", text).relations if {r.source, r.target} == {"ttp", "isis"}]
    assert found and found[0].confidence == 0.35


def test_states_named_as_places_are_not_parties(small_resolver):
    actors = [*small_resolver.actors.values(), Actor(id="pak", name="Pakistan", kind="state")]
    extractor = Extractor(Resolver(actors))
    found = relations_of(extractor, "The TTP launched cross-border attacks into Pakistan last year.")
    assert not any("pak" in (s, t) for s, t, _, _ in found)
    found = relations_of(extractor, "Pakistan attacked the TTP last year.")
    assert any({s, t} == {"pak", "ttp"} and k == "rivalry" for s, t, k, _ in found)


def test_fighters_the_noun_is_not_fighting(extractor):
    found = relations_of(extractor, "ISIS aims to attract Taliban fighters who left the movement.")
    assert not any(k == "rivalry" for _, _, k, _ in found)


def test_appositive_about_the_subject(extractor):
    found = kinds(extractor, "The TTP tried to take the valley from ISIS, one of its main rivals, in 2019.")
    assert (frozenset(("ttp", "isis")), "rivalry") in found


@pytest.mark.parametrize("text,pair,kind", [
    ("The TTP and al-Qaeda conducted a joint attack on a police base.", ("ttp", "al-qaeda"), "alliance"),
    ("The TTP has been tied to al-Qaeda since its founding.", ("ttp", "al-qaeda"), "alliance"),
    ("Fighters of al-Qaeda's Ahrar al-Sham entered the town.", ("ahrar-al-sham", "al-qaeda"), "pledge"),
])
def test_more_wordings(extractor, text, pair, kind):
    found = kinds(extractor, text)
    assert (frozenset(pair), kind) in found or (*pair, kind) in found, found


def test_a_country_possessive_is_a_place(small_resolver):
    actors = [*small_resolver.actors.values(), Actor(id="afg", name="Afghanistan", kind="state")]
    extractor = Extractor(Resolver(actors))
    assert not any("afg" in (s, t) for s, t, _, _ in
                   relations_of(extractor, "Afghanistan's al-Qaeda-linked TTP cells grew."))
    assert any({s, t} == {"afg", "ttp"} for s, t, _, _ in
               relations_of(extractor, "Afghanistan's army attacked the TTP."))


# -- round 9: sides, unknown list members, joining lists, "which includes" -------------------------
@pytest.fixture(scope="module")
def syria_extractor(small_kb):
    extra = [
        Actor(id="suqour-al-sham", name="Suqour al-Sham", aliases=["Suqour al-Sham"], kind="armed_group"),
        Actor(id="jaysh-al-islam", name="Jaysh al-Islam", aliases=["Jaysh al-Islam", "Jaish al-Islam"], kind="armed_group"),
    ]
    return Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))


def test_groups_on_opposing_sides_are_rivals(extractor):
    found = kinds(extractor, "The battle between al-Qaeda on one side, and the TTP and Ahrar al-Sham on the other, "
                             "dominated the headlines.")
    assert (frozenset(("al-qaeda", "ttp")), "rivalry") in found
    assert (frozenset(("al-qaeda", "ahrar-al-sham")), "rivalry") in found
    assert (frozenset(("ttp", "ahrar-al-sham")), "rivalry") not in found  # same side
    # "on the one hand … on the other hand" contrasts statements, not sides
    found = kinds(extractor, "On the one hand, the TTP praised al-Qaeda; on the other hand, ISIS criticised it.")
    assert (frozenset(("ttp", "isis")), "rivalry") not in found


def test_a_list_does_not_break_at_a_group_the_registry_lacks(extractor):
    from coalition_watch.extract.relations import is_list_gap
    assert is_list_gap(", Katibat Imam Shamil and ")
    assert is_list_gap(", the Jund al-Khilafah Brigade, the Ansar Battalion, and ")
    assert not is_list_gap(", the Army's former commander, and ")  # a description, not a name
    assert not is_list_gap(" Katibat Imam Shamil ")  # no separators: not a list
    found = kinds(extractor, "Fighting between the TTP, Katibat Imam Shamil and ISIS left dozens dead in Kunar.")
    assert (frozenset(("ttp", "isis")), "rivalry") in found


def test_a_list_brought_together(extractor):
    found = kinds(extractor, "The new alliance brings together the TTP, Lashkar-e-Jhangvi and al-Qaeda.")
    assert {(frozenset(p), "alliance") for p in [("ttp", "lashkar-e-jhangvi"), ("ttp", "al-qaeda"),
                                                ("lashkar-e-jhangvi", "al-qaeda")]} <= found


def test_the_listed_groups_are_the_ones_joining(syria_extractor):
    found = kinds(syria_extractor, "The six factions joining Ahrar al-Sham include Suqour al-Sham, "
                                   "Kataib Thawar al-Sham and Jaysh al-Islam.")
    assert ("suqour-al-sham", "ahrar-al-sham", "pledge") in found
    assert ("jaysh-al-islam", "ahrar-al-sham", "pledge") in found
    assert ("ahrar-al-sham", "suqour-al-sham", "pledge") not in found
    found = kinds(syria_extractor, "The groups that merged into Hay'at Tahrir al-Sham included Jabhat Fatah al-Sham "
                                   "and Suqour al-Sham.")
    assert ("jabhat-fatah-al-sham", "hts", "merger") in found and ("suqour-al-sham", "hts", "merger") in found


def test_which_includes_names_the_first_groups_members(syria_extractor):
    found = kinds(syria_extractor, "Hay'at Tahrir al-Sham, which includes Suqour al-Sham and Jaysh al-Islam, took Idlib.")
    assert (frozenset(("hts", "suqour-al-sham")), "alliance") in found
    assert (frozenset(("hts", "jaysh-al-islam")), "alliance") in found
    # "including" after another noun still gives examples of that noun, not of the first group
    found = kinds(syria_extractor, "Hay'at Tahrir al-Sham fought rival factions, including Jaysh al-Islam.")
    assert (frozenset(("hts", "jaysh-al-islam")), "alliance") not in found


def test_a_pronoun_after_an_unnamed_speaker_is_that_speaker(extractor):
    # "they" is the factions that announced, not al-Qaeda, the group named last
    found = kinds(extractor, "Al-Qaeda praised the move. Days later a number of factions announced they were "
                             "merging into Ahrar al-Sham.")
    assert ("al-qaeda", "ahrar-al-sham", "merger") not in found
    found = kinds(extractor, "Al-Qaeda praised the move. Days later it announced it was merging into Ahrar al-Sham.")
    assert ("al-qaeda", "ahrar-al-sham", "merger") in found


def test_a_clause_with_an_unnamed_subject_takes_its_verb(extractor):
    # "four rebel factions merged with B": the factions merged, not Ahrar al-Sham
    found = kinds(extractor, "Weeks after several groups joined Ahrar al-Sham, four Syrian rebel factions "
                             "merged with Jabhat Fatah al-Sham.")
    assert not any(k[0] == frozenset(("ahrar-al-sham", "jabhat-fatah-al-sham")) for k in found if len(k) == 2)
    assert (frozenset(("ahrar-al-sham", "jabhat-fatah-al-sham")), "merger") in kinds(
        extractor, "Weeks later, Ahrar al-Sham merged with Jabhat Fatah al-Sham.")


def test_a_groups_members_listed_in_the_next_sentence(syria_extractor):
    found = kinds(syria_extractor, "Hay'at Tahrir al-Sham was formed in January 2017. Its members were "
                                   "Jabhat Fatah al-Sham, Suqour al-Sham and Jaysh al-Islam.")
    assert {(frozenset(("hts", g)), "alliance") for g in ("jabhat-fatah-al-sham", "suqour-al-sham", "jaysh-al-islam")} <= found
    # "members are" followed by a verb is not a membership list
    found = kinds(syria_extractor, "Hay'at Tahrir al-Sham's members are fighting Jaysh al-Islam.")
    assert (frozenset(("hts", "jaysh-al-islam")), "alliance") not in found


def test_a_head_noun_after_a_name_binds_that_name_only(extractor):
    # "the Islamic State group affiliate ISWAP"-like: "group" may stand before the head noun, and
    # the head noun makes the second name an affiliate of the name right before it, not of the list
    found = kinds(extractor, "Villagers fled groups like the Taliban and the al-Qaeda group affiliate TTP.")
    assert ("ttp", "al-qaeda", "pledge") in found
    assert ("ttp", "taliban", "pledge") not in found


def test_joined_with_a_named_group_is_an_alliance(extractor):
    assert (frozenset(("ttp", "al-qaeda")), "alliance") in kinds(extractor, "The TTP joined with al-Qaeda to attack the base.")
    # "joined with other factions to form B": not an alliance with B
    found = kinds(extractor, "Jabhat al-Nusra joined with other factions to form Hay'at Tahrir al-Sham.")
    assert (frozenset(("jabhat-al-nusra", "hts")), "alliance") not in found


def test_shelter_from_a_group_is_no_sanctuary(extractor):
    found = kinds(extractor, "Civilians from the Taliban's districts found shelter in Quetta from groups like the TTP.")
    assert not any(k[-1] == "sanctuary" for k in found)
    assert ("taliban", "al-qaeda", "sanctuary") in kinds(extractor, "The Taliban sheltered al-Qaeda in Kandahar.")


def test_a_reported_clause_with_its_own_subject(extractor):
    # the suspects, not the Taliban, were members of ISIS
    found = kinds(extractor, "A Taliban spokesman confirmed the two suspects were members of ISIS.")
    assert not any(k[-1] == "alliance" for k in found)
    assert (frozenset(("taliban", "isis")), "alliance") in kinds(
        extractor, "The Taliban confirmed that they were allies of ISIS in 2015.")
