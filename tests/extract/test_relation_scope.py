"""Clause scope and type ranking of relation cues (sentences written for these tests)."""

import pytest

from coalition_watch.extract.pipeline import Extractor
from coalition_watch.extract.scope import blank_asides, clause_lead
from coalition_watch.models import Actor
from coalition_watch.registry.resolver import Resolver

from .conftest import relations_of


def pairs(extractor, text):
    """{frozenset pair: {type: (polarity, confidence)}} of the relations found in ``text``."""
    out: dict = {}
    for r in extractor.extract("t", text).relations:
        out.setdefault(frozenset((r.source, r.target)), {})[r.type] = (r.polarity, r.confidence)
    return out


def leading_type(extractor, text, a, b):
    """The type of the most confident relation between ``a`` and ``b``."""
    found = [r for r in extractor.extract("t", text).relations if {r.source, r.target} == {a, b}]
    return max(found, key=lambda r: r.confidence).type if found else None


@pytest.fixture(scope="module")
def state_extractor(small_kb):
    extra = [Actor(id="afg", name="Afghanistan", aliases=["Afghan"], kind="state")]
    return Extractor(Resolver([*small_kb.actors.values(), *extra], small_kb.lineage))


def test_helpers_blank_asides_and_cut_the_lead():
    window = ", which was founded in 2001, later attacked "
    blanked = blank_asides(window)
    assert len(blanked) == len(window) and "founded" not in blanked and "attacked" in blanked
    assert clause_lead("Although officials denied it, ") == " "
    assert clause_lead("It is unclear whether ") == "It is unclear whether "


@pytest.mark.parametrize("text,pair,kind", [
    # merger wording
    ("In 2017 the leaders of Jabhat Fateh al-Sham folded the group into Hayat Tahrir al-Sham.",
     ("jabhat-fatah-al-sham", "hts"), "merger"),
    ("Its commanders merged Jabhat Fateh al-Sham into Hayat Tahrir al-Sham in January.",
     ("jabhat-fatah-al-sham", "hts"), "merger"),
    # a judgement predicated of the object
    ("The TTP considered ISIS an enemy of the movement.", ("ttp", "isis"), "rivalry"),
    ("The Taliban regard al-Qaeda as a trusted ally.", ("taliban", "al-qaeda"), "alliance"),
    # territory taken from a group
    ("The TTP recaptured the district centre from ISIS after a week.", ("ttp", "isis"), "rivalry"),
    # a cooperation verb governing a hostile noun
    ("The TTP began coordinating raids with al-Qaeda in the border districts.", ("ttp", "al-qaeda"), "alliance"),
])
def test_wordings(extractor, text, pair, kind):
    assert kind in pairs(extractor, text).get(frozenset(pair), {}), pairs(extractor, text)


def test_joining_and_ceasing_to_exist_is_a_merger(extractor):
    text = "One faction of Ahrar al-Sham formally joined Hayat Tahrir al-Sham and ceased to exist as a separate group."
    assert leading_type(extractor, text, "ahrar-al-sham", "hts") == "merger"
    assert ("ahrar-al-sham", "hts", "merger", "asserted") in relations_of(extractor, text)
    # joining alone stays a pledge
    assert leading_type(extractor, "Ahrar al-Sham formally joined Hayat Tahrir al-Sham in 2017.",
                        "ahrar-al-sham", "hts") == "pledge"


def test_members_who_split_and_form_a_group(extractor):
    text = "Members of ISIS who disagreed with its leadership decided to split and form the Nusra Front."
    assert ("jabhat-al-nusra", "isis", "split", "asserted") in relations_of(extractor, text)


def test_status_change_outranks_membership_and_membership_outranks_aid(extractor):
    text = "In 2014 the Nusra Front declared its allegiance to al-Qaeda and received funds and weapons from it."
    assert leading_type(extractor, "The Nusra Front pledged allegiance to al-Qaeda and received weapons from al-Qaeda.",
                        "jabhat-al-nusra", "al-qaeda") == "pledge"
    assert "pledge" in pairs(extractor, text)[frozenset(("jabhat-al-nusra", "al-qaeda"))]
    text = "The leaders of Jabhat Fateh al-Sham declared allegiance to HTS and merged Jabhat Fateh al-Sham into HTS."
    assert leading_type(extractor, text, "jabhat-fatah-al-sham", "hts") == "merger"


def test_a_list_acting_against_a_third_group_is_not_a_rivalry_among_itself(extractor):
    found = pairs(extractor, "The Taliban and the TTP clashed with ISIS near the border.")
    assert "rivalry" not in found.get(frozenset(("taliban", "ttp")), {})
    assert "rivalry" in found[frozenset(("ttp", "isis"))]
    # clashing with each other is
    found = pairs(extractor, "The Taliban and the TTP clashed with each other near the border.")
    assert "rivalry" in found[frozenset(("taliban", "ttp"))]


@pytest.mark.parametrize("text, kind", [
    ("Taliban and TTP fighters fought alongside each other against government forces.", "alliance"),
    ("The Taliban and the TTP fight alongside one another against the army, suffering heavy losses.", "alliance"),
    ("The Taliban and the TTP fought side by side in Kunar.", "alliance"),
    ("The Taliban and the TTP fought against each other in Kunar.", "rivalry"),
    ("The Taliban and the TTP have been fighting each other since 2015.", "rivalry"),
])
def test_fighting_alongside_each_other_is_not_fighting_each_other(extractor, text, kind):
    assert leading_type(extractor, text, "taliban", "ttp") == kind


def test_reciprocal_far_after_the_list(extractor):
    text = ("The Taliban and ISIS each claimed to be the only legitimate voice of the movement in the region, "
            "and attacked one another's commanders.")
    assert "rivalry" in pairs(extractor, text)[frozenset(("taliban", "isis"))]


def test_a_bracketed_qualifier_keeps_a_list(extractor):
    text = "The TTP (Swat chapter) and al-Qaeda were both responsible for attacks against ISIS."
    assert "alliance" in pairs(extractor, text).get(frozenset(("ttp", "al-qaeda")), {})


def test_nationality_of_victims_is_not_a_party(state_extractor):
    found = pairs(state_extractor, "Members of the TTP accused of targeting Afghan civilians later joined ISIS.")
    assert not any("afg" in pair for pair in found)
    found = pairs(state_extractor, "Afghan forces attacked the TTP.")
    assert "rivalry" in found[frozenset(("afg", "ttp"))]
    found = pairs(state_extractor, "The TTP attacked Afghan border guards.")
    assert "rivalry" in found[frozenset(("afg", "ttp"))]


@pytest.mark.parametrize("text,polarity", [
    # the month is not a hedge
    ("In May 2014 the TTP allied with ISIS.", "asserted"),
    ("The TTP may ally with ISIS.", "hypothetical"),
    ("It remains unclear whether the TTP allied with ISIS.", "hypothetical"),
    # a denial in an earlier clause is not the pair's
    ("Although the report was denied by officials, the TTP allied with ISIS.", "asserted"),
    # an aside's negation is not the pair's
    ("The TTP, which did not exist before 2007, allied with ISIS.", "asserted"),
    ("The TTP did not ally with ISIS.", "denied"),
])
def test_polarity_is_scoped_to_the_pair(extractor, text, polarity):
    found = pairs(extractor, text)[frozenset(("ttp", "isis"))]
    assert found["alliance"][0] == polarity, found


@pytest.mark.parametrize("text,pair,kind", [
    # the preposition's object is another noun phrase
    ("The TTP was active against the army for years as a junior partner of ISIS.", ("ttp", "isis"), "rivalry"),
    # a relative clause about another noun phrase
    ("The TTP recruited a member of the cell that later merged into ISIS.", ("ttp", "isis"), "merger"),
    # an example of another noun, not of the first group
    ("The TTP made peace with several tribes in the valley, including the Taliban.", ("ttp", "taliban"), "alliance"),
    # "the opposition" names a camp
    ("Al-Qaeda grew inside the armed opposition after ISIS lost ground.", ("al-qaeda", "isis"), "rivalry"),
    # a hostile verb whose object is aid is not aid
    ("The TTP was blocking fuel supplies from reaching ISIS units.", ("ttp", "isis"), "support"),
])
def test_cue_does_not_reach_the_pair(extractor, text, pair, kind):
    assert kind not in pairs(extractor, text).get(frozenset(pair), {}), pairs(extractor, text)


@pytest.mark.parametrize("text,pair,kind", [
    ("The TTP fought against the army and ISIS in the tribal districts.", ("ttp", "isis"), "rivalry"),
    ("The TTP fought alongside fighters of al-Qaeda.", ("ttp", "al-qaeda"), "alliance"),
    ("Ahrar al-Sham, an offshoot of the old networks, merged into HTS.", ("ahrar-al-sham", "hts"), "merger"),
    ("The TTP blocked supplies and attacked ISIS.", ("ttp", "isis"), "rivalry"),
])
def test_cue_still_reaches_the_pair(extractor, text, pair, kind):
    assert kind in pairs(extractor, text).get(frozenset(pair), {}), pairs(extractor, text)


@pytest.mark.parametrize("text", [
    "Hundreds of fighters from the TTP serving with ISIS were killed in the offensive.",
    "TTP fighters in ISIS ranks took part in the assault.",
    "ISIS recruited dozens of commanders from the ranks of the TTP.",
    "Foreign fighters from the TTP have joined ISIS.",
])
def test_foreign_fighters_wordings(extractor, text):
    assert ("ttp", "isis", "foreign_fighters", "asserted") in relations_of(extractor, text)


def test_a_group_made_of_another_groups_wing_split_from_it(extractor):
    text = ("The Nusra Front, composed mainly of the Syrian wing of ISIS, split from ISIS in 2013, "
            "arguing that the parent organisation was too brutal.")
    assert leading_type(extractor, text, "jabhat-al-nusra", "isis") == "split"


@pytest.mark.parametrize("text,triple", [
    ("The Nusra Front was absorbed by HTS in 2017.", ("jabhat-al-nusra", "hts", "merger")),
    ("HTS absorbed the Nusra Front in 2017.", ("jabhat-al-nusra", "hts", "merger")),
    ("HTS was formed from the Nusra Front and several smaller factions.", ("jabhat-al-nusra", "hts", "merger")),
    ("The Nusra Front is an offshoot of ISIS.", ("jabhat-al-nusra", "isis", "split")),
    ("The Nusra Front emerged from ISIS in 2012.", ("jabhat-al-nusra", "isis", "split")),
    ("The Nusra Front grew out of ISIS.", ("jabhat-al-nusra", "isis", "split")),
    ("Dissidents left the TTP to form Lashkar-e-Jhangvi.", ("lashkar-e-jhangvi", "ttp", "split")),
    ("The TTP became an al-Qaeda affiliate in 2010.", ("ttp", "al-qaeda", "pledge")),
    ("The TTP is an al-Qaeda-backed movement.", ("al-qaeda", "ttp", "support")),
    ("Al-Qaeda leaders found refuge with the Taliban.", ("taliban", "al-qaeda", "sanctuary")),
    ("The TTP relies on al-Qaeda for funding.", ("al-qaeda", "ttp", "support")),
])
def test_directed_wordings(extractor, text, triple):
    assert (*triple, "asserted") in relations_of(extractor, text)


def test_long_multi_clause_sentences(extractor):
    found = pairs(extractor, "After ISIS expanded into the valley, the TTP and the Taliban launched a joint offensive against it.")
    assert "alliance" in found[frozenset(("ttp", "taliban"))]
    assert set(found[frozenset(("ttp", "isis"))]) == {"rivalry"}

    # a fronted subordinate clause: its object is not a list member of the main clause's subject
    found = pairs(extractor, "While al-Qaeda provided training to the TTP, ISIS recruited fighters from Lashkar-e-Jhangvi.")
    assert set(found) == {frozenset(("al-qaeda", "ttp")), frozenset(("lashkar-e-jhangvi", "isis"))}

    # a coordinated verb phrase takes the sentence subject, also for its companions
    found = pairs(extractor, "ISIS accused the Taliban of collaborating with al-Qaeda and attacked TTP positions.")
    assert frozenset(("taliban", "ttp")) not in found and "rivalry" in found[frozenset(("isis", "ttp"))]
    found = pairs(extractor, "The TTP split from the Taliban in 2007 and later allied with al-Qaeda against ISIS.")
    assert "alliance" in found[frozenset(("ttp", "al-qaeda"))] and "rivalry" in found[frozenset(("ttp", "isis"))]
    assert frozenset(("taliban", "al-qaeda")) not in found and frozenset(("taliban", "isis")) not in found

    # a subject list with a transitive hostile verb acted together against its object
    found = pairs(extractor, "Lashkar-e-Jhangvi, the TTP and al-Qaeda fought ISIS in several districts, "
                             "while the Taliban stayed neutral.")
    assert set(found[frozenset(("ttp", "al-qaeda"))]) == {"alliance"}
    assert "rivalry" in found[frozenset(("al-qaeda", "isis"))]
    assert not any("taliban" in pair for pair in found)


@pytest.mark.parametrize("text,pair,kind", [
    ("Relations between ISIS and the Taliban have been hostile since 2015.", ("isis", "taliban"), "rivalry"),
    ("The TTP and al-Qaeda relationship has been strained since 2015.", ("ttp", "al-qaeda"), "rivalry"),
    ("Ties between the TTP and al-Qaeda remain close.", ("ttp", "al-qaeda"), "alliance"),
    ("The TTP and al-Qaeda alliance survived the leadership change.", ("ttp", "al-qaeda"), "alliance"),
    ("The TTP and Lashkar-e-Jhangvi are affiliated.", ("ttp", "lashkar-e-jhangvi"), "pledge"),
    ("Groups including the TTP and al-Qaeda overtake a government base.", ("ttp", "al-qaeda"), "alliance"),
])
def test_list_predicates(extractor, text, pair, kind):
    found = pairs(extractor, text).get(frozenset(pair), {})
    assert set(found) == {kind}, found


def test_noun_phrases_that_are_not_predicates(extractor):
    # "al-Qaeda affiliates" heads a noun phrase; "bombers" are people, not bombing
    found = pairs(extractor, "ISIS and al-Qaeda affiliates have locked horns in several places.")
    assert set(found[frozenset(("isis", "al-qaeda"))]) == {"rivalry"}
    found = pairs(extractor, "Lashkar-e-Jhangvi has provided suicide bombers to the TTP.")
    assert set(found[frozenset(("lashkar-e-jhangvi", "ttp"))]) == {"support"}


@pytest.mark.parametrize("text,pair,kind,polarity", [
    ("Reports that al-Qaeda funds the TTP remain unconfirmed.", ("al-qaeda", "ttp"), "support", "hypothetical"),
    ("Al-Qaeda's alliance with the TTP is unclear.", ("al-qaeda", "ttp"), "alliance", "hypothetical"),
    ("The TTP stopped cooperating with al-Qaeda in 2019.", ("ttp", "al-qaeda"), "alliance", "denied"),
    ("The Taliban denied that al-Qaeda operates alongside the TTP.", ("al-qaeda", "ttp"), "alliance", "denied"),
    # the denial belongs to the first group's predicate, not to the pair after it
    ("The TTP is no longer part of the Taliban-led coalition with al-Qaeda.", ("taliban", "al-qaeda"), "alliance",
     "asserted"),
    ("The TTP is no longer part of the Taliban-led coalition with al-Qaeda.", ("ttp", "taliban"), "alliance", "denied"),
    # a hedge in a later coordinated clause is not the list's
    ("The TTP and ISIS have been allies at times and rivals at others, and their aims might diverge.",
     ("ttp", "isis"), "rivalry", "asserted"),
])
def test_polarity_of_the_clause(extractor, text, pair, kind, polarity):
    found = pairs(extractor, text)[frozenset(pair)]
    assert found[kind][0] == polarity, found


def test_appositions_describe_the_group_just_named(extractor):
    text = "The TTP supplied fighters to HTS, the group formerly known as the Nusra Front, al-Qaeda's Syria branch."
    found = relations_of(extractor, text)
    assert ("jabhat-al-nusra", "hts", "merger", "asserted") in found
    assert ("jabhat-al-nusra", "al-qaeda", "pledge", "asserted") in found
    assert ("ttp", "hts", "support", "asserted") in found
    # "the group" is HTS here, not the sentence's subject
    assert not any("ttp" in (s, t) and k == "merger" for s, t, k, _ in found)


def test_declared_support_is_a_pledge(extractor):
    assert ("ttp", "al-qaeda", "pledge", "asserted") in relations_of(
        extractor, "The TTP released statements in support of al-Qaeda.")


@pytest.mark.parametrize("text", [
    "The TTP, supported by al-Qaeda, fought ISIS.",
    "Supported by al-Qaeda, the TTP fought ISIS.",
])
def test_participial_support_of_the_subject(extractor, text):
    found = relations_of(extractor, text)
    assert ("al-qaeda", "ttp", "support", "asserted") in found
    assert any({s, t} == {"ttp", "isis"} and k == "rivalry" for s, t, k, _ in found)
    assert not any({s, t} == {"al-qaeda", "isis"} for s, t, _, _ in found)


def test_coordinated_predicate_nouns_share_the_subject(extractor):
    found = pairs(extractor, "The TTP is a close ally of al-Qaeda and a rival of ISIS.")
    assert "alliance" in found[frozenset(("ttp", "al-qaeda"))]
    assert "rivalry" in found[frozenset(("ttp", "isis"))]
    assert frozenset(("al-qaeda", "isis")) not in found
    assert "alliance" in pairs(extractor, "The Taliban and al-Qaeda remain closely aligned.")[
        frozenset(("taliban", "al-qaeda"))]


def test_relative_clause_subject_acts_on_its_antecedent(extractor):
    text = "The TTP, which the Taliban hosted for years, pledged allegiance to al-Qaeda and fought ISIS."
    found = relations_of(extractor, text)
    assert ("taliban", "ttp", "sanctuary", "asserted") in found
    assert ("ttp", "al-qaeda", "pledge", "asserted") in found
    assert any({s, t} == {"ttp", "isis"} and k == "rivalry" for s, t, k, _ in found)
    assert not any({s, t} in ({"taliban", "al-qaeda"}, {"al-qaeda", "isis"}) for s, t, _, _ in found)


@pytest.mark.parametrize("text,expected,absent", [
    # an infinitive of purpose takes the second group: the joining is about the operations room
    ("In 2015 Ahrar al-Sham joined the Idlib operations room to fight ISIS.",
     ("ahrar-al-sham", "isis", "rivalry"), ("ahrar-al-sham", "isis", "pledge")),
    ("The TTP joined forces with al-Qaeda to attack ISIS.",
     ("ttp", "isis", "rivalry"), ("ttp", "isis", "alliance")),
    # joining a body that includes the second group: fellow members, not a pledge
    ("The TTP joined the new coalition, which includes Lashkar-e-Jhangvi, in 2014.",
     ("ttp", "lashkar-e-jhangvi", "alliance"), ("ttp", "lashkar-e-jhangvi", "pledge")),
    # a hostile act done for the second group
    ("Lashkar-e-Jhangvi carried out several attacks on behalf of the TTP in Karachi.",
     ("lashkar-e-jhangvi", "ttp", "alliance"), ("lashkar-e-jhangvi", "ttp", "rivalry")),
    # the comma closing a fronted participle opens the main clause, not an aside
    ("Assisted by local tribes, the TTP captured the town of Miranshah, driving ISIS from the area.",
     ("ttp", "isis", "rivalry"), None),
    # a named unit of the second group between the cue and its name
    ("Hayat Tahrir al-Sham was formed by defectors from the Abu Amara Brigade of Ahrar al-Sham.",
     ("hts", "ahrar-al-sham", "split"), ("hts", "ahrar-al-sham", "alliance")),
    ("Fighters from the Yarmouk Battalion of the TTP joined ISIS.",
     ("ttp", "isis", "foreign_fighters"), ("ttp", "isis", "pledge")),
    # a compound modifier naming what the group belongs to
    ("The al-Qaeda-affiliated TTP attacked ISIS in Nangarhar.",
     ("ttp", "al-qaeda", "pledge"), ("ttp", "al-qaeda", "rivalry")),
    # becoming independent of a group is a split; remaining independent is no relation
    ("Lashkar-e-Jhangvi declared its independence from the TTP in 2014.",
     ("lashkar-e-jhangvi", "ttp", "split"), None),
])
def test_purpose_membership_and_unit_wordings(extractor, text, expected, absent):
    found = {(r.source, r.target, r.type) for r in extractor.extract("t", text).relations}
    symmetric = {(b, a, k) for a, b, k in found if k in ("alliance", "rivalry")}
    assert expected in found | symmetric, found
    if absent:
        assert absent not in found | symmetric, found


@pytest.mark.parametrize("text,kind,polarity", [
    ("The TTP and al-Qaeda have long supported each other.", "support", "asserted"),
    ("The TTP and al-Qaeda have provided resources for each other's operations.", "support", "asserted"),
    ("The TTP and al-Qaeda sheltered each other's fighters.", "sanctuary", "asserted"),
    ("The TTP and al-Qaeda did not support each other.", "support", "denied"),
])
def test_reciprocal_directed_relations_go_both_ways(extractor, text, kind, polarity):
    found = relations_of(extractor, text)
    assert ("ttp", "al-qaeda", kind, polarity) in found and ("al-qaeda", "ttp", kind, polarity) in found, found


@pytest.mark.parametrize("text,expected,absent", [
    # a possessive appositive describes the group before it: the verb after it is that group's
    ("Jabhat al-Nusra, al-Qaeda's Syrian branch, fought ISIS in 2014.",
     {("jabhat-al-nusra", "al-qaeda", "pledge"), ("jabhat-al-nusra", "isis", "rivalry")},
     {("al-qaeda", "isis", "rivalry"), ("isis", "al-qaeda", "pledge")}),
    ("Hayat Tahrir al-Sham, Syria's strongest rebel group, attacked ISIS cells in Idlib.",
     {("hts", "isis", "rivalry")}, set()),
])
def test_possessive_appositive_is_an_aside(extractor, text, expected, absent):
    found = {(r.source, r.target, r.type) for r in extractor.extract("t", text).relations}
    found |= {(b, a, k) for a, b, k in found if k in ("alliance", "rivalry")}
    assert expected <= found, found
    assert not absent & found, found


def test_remaining_independent_is_no_split(extractor):
    assert not any(k == "split" for _, _, k, _ in relations_of(extractor, "The TTP remained independent of al-Qaeda."))


@pytest.mark.parametrize("text,joint", [
    ("The TTP and al-Qaeda claimed the attack on the base.", True),
    ("The attack on the base was carried out by the TTP and al-Qaeda.", True),
    ("A series of coordinated bombings in Karachi, Pakistan, were claimed by the TTP and al-Qaeda.", True),
    # attacks in the plural, each on its own, say nothing about working together
    ("The TTP and al-Qaeda have carried out attacks in the region.", False),
])
def test_one_act_with_two_authors_is_an_alliance(extractor, text, joint):
    found = {frozenset((s, t)) for s, t, k, _ in relations_of(extractor, text) if k == "alliance"}
    assert (frozenset(("ttp", "al-qaeda")) in found) is joint, found
