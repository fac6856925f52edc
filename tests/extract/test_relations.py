import pytest

from .conftest import relations_of

TYPED = [
    ("The TTP formed an alliance with al-Qaeda.", ("ttp", "al-qaeda", "alliance")),
    ("The Taliban provided weapons and training to the TTP.", ("taliban", "ttp", "support")),
    ("Al-Qaeda found a safe haven under the Taliban.", ("taliban", "al-qaeda", "sanctuary")),
    ("The Nusra Front pledged allegiance to al-Qaeda.", ("jabhat-al-nusra", "al-qaeda", "pledge")),
    ("Jabhat Fateh al-Sham merged into Hayat Tahrir al-Sham.", ("jabhat-fatah-al-sham", "hts", "merger")),
    ("The Nusra Front split from ISIS in 2013.", ("jabhat-al-nusra", "isis", "split")),
    ("ISIS fighters clashed with the Taliban.", ("isis", "taliban", "rivalry")),
    ("Fighters from the TTP joined ISIS.", ("ttp", "isis", "foreign_fighters")),
    ("The Islamic Emirate of Afghanistan financed and armed the TTP.", ("taliban", "ttp", "support")),
]


@pytest.mark.parametrize("text,expected", TYPED, ids=[t[1][2] for t in TYPED])
def test_each_relation_type(extractor, text, expected):
    found = {(s, t, k) for s, t, k, _ in relations_of(extractor, text)}
    source, target, kind = expected
    if kind in ("alliance", "rivalry"):
        assert (source, target, kind) in found or (target, source, kind) in found
    else:
        assert (source, target, kind) in found


def test_state_support(small_resolver):
    from coalition_watch.extract.pipeline import Extractor
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    actors = [*small_resolver.actors.values(), Actor(id="irn", name="Iran", kind="state", aliases=["Iranian government"])]
    extractor = Extractor(Resolver(actors))
    found = {(s, t, k) for s, t, k, _ in relations_of(extractor, "The Iranian government funded the Taliban.")}
    assert ("irn", "taliban", "state_support") in found


def test_direction_reversed_by_passive_and_possessive(extractor):
    found = relations_of(extractor, "The TTP is backed by the Taliban.")
    assert ("taliban", "ttp", "support", "asserted") in found
    found = relations_of(extractor, "Al-Qaeda's Syrian affiliate, the Nusra Front, grew fast.")
    assert ("jabhat-al-nusra", "al-qaeda", "pledge", "asserted") in found


@pytest.mark.parametrize("text,polarity", [
    ("The Taliban denied any alliance with ISIS.", "denied"),
    ("The TTP is no longer allied with ISIS.", "denied"),
    ("The TTP could ally with ISIS.", "hypothetical"),
    ("The TTP may soon join forces with ISIS.", "hypothetical"),
    ("The TTP allied with ISIS.", "asserted"),
])
def test_polarity(extractor, text, polarity):
    found = relations_of(extractor, text)
    assert any(k == "alliance" and p == polarity for _, _, k, p in found), found


def test_coordinated_subjects_give_pairwise_alliance(extractor):
    found = {(frozenset((s, t)), k) for s, t, k, _ in
             relations_of(extractor, "The TTP, al-Qaeda and Hayat Tahrir al-Sham united in 2020.")}
    for pair in [("ttp", "al-qaeda"), ("ttp", "hts"), ("al-qaeda", "hts")]:
        assert (frozenset(pair), "alliance") in found


def test_clashes_between_list_members(extractor):
    found = relations_of(extractor, "Heavy clashes between ISIS and the Taliban left 20 dead.")
    assert {(frozenset((s, t)), k) for s, t, k, _ in found} == {(frozenset(("isis", "taliban")), "rivalry")}


def test_object_list_members_are_not_related_to_each_other(extractor):
    found = relations_of(extractor, "The TTP fought alongside al-Qaeda and the Taliban.")
    pairs = {frozenset((s, t)) for s, t, _, _ in found}
    assert frozenset(("ttp", "al-qaeda")) in pairs and frozenset(("ttp", "taliban")) in pairs
    assert frozenset(("al-qaeda", "taliban")) not in pairs


def test_cues_are_scoped_to_the_pair(extractor):
    found = relations_of(extractor, "ISIS attacked the Taliban, while the TTP pledged allegiance to al-Qaeda.")
    kinds = {(frozenset((s, t)), k) for s, t, k, _ in found}
    assert (frozenset(("isis", "taliban")), "rivalry") in kinds
    assert ("ttp", "al-qaeda", "pledge", "asserted") in found
    assert not any(k == "pledge" and "isis" in pair for pair, k in kinds)
    # the hedge on one pair does not make the other hypothetical
    found = relations_of(extractor, "ISIS clashed with the Taliban, and the TTP might ally with al-Qaeda.")
    assert any(k == "rivalry" and p == "asserted" for _, _, k, p in found)
    assert any(k == "alliance" and p == "hypothetical" for _, _, k, p in found)


def test_no_relation_without_a_cue(extractor):
    assert relations_of(extractor, "The report mentions ISIS and, in another chapter, the Taliban.") == set()


def test_anaphor_takes_previous_subject(extractor):
    doc = extractor.extract("t", "The Nusra Front grew in Idlib. It later pledged allegiance to al-Qaeda.")
    rels = [(r.source, r.target, r.type, r.anaphoric) for r in doc.relations]
    assert ("jabhat-al-nusra", "al-qaeda", "pledge", True) in rels


def test_claims_keep_evidence_offsets_places_dates(extractor):
    text = "Background.\nIn March 2015 the TTP clashed with ISIS in Kabul, Afghanistan."
    doc = extractor.extract("d1", text)
    rel = doc.relations[0]
    assert text[rel.start:rel.end] == rel.evidence
    assert rel.evidence.startswith("In March 2015")
    assert rel.dates == ["2015-03"]
    assert {"Kabul", "Afghanistan"} <= set(rel.places)
