from coalition_watch.extract.folding import fold
from coalition_watch.extract.mentions import alias_variants


def ids(extractor, text):
    return [(m.text, m.actor_id) for m in extractor.extract("t", text).mentions]


def test_fold_keeps_length_and_unifies_spellings():
    for text in ["Hay’at Tahrir al-Sham", "Ménaka", "تحریک طالبان پاکستان", "İstanbul"]:
        assert len(fold(text)) == len(text)
    assert fold("Hay’at Tahrir al-Sham") == "hay'at tahrir al sham"


def test_alias_variants_cover_izafat_and_articles():
    assert "tehrik e taliban pakistan" in alias_variants("Tehrik-i-Taliban Pakistan")
    assert "hayat tahrir ash sham" in alias_variants("Hayat Tahrir al-Sham")


def test_aliases_acronyms_and_spelling_variants(extractor):
    found = ids(extractor, "The Tehrik-e Taliban Pakistan (TTP) and Hay’at Tahrir ash-Sham met al-Qa'ida.")
    assert ("Tehrik-e Taliban Pakistan", "ttp") in found
    assert ("TTP", "ttp") in found
    assert ("Hay’at Tahrir ash-Sham", "hts") in found
    assert ("al-Qa'ida", "al-qaeda") in found


def test_acronyms_are_case_sensitive_and_whole_tokens(extractor):
    found = ids(extractor, "This is what IS said; it is not IS-K nor the word is.")
    assert found == [("IS", "isis")]


def test_lowercase_common_word_is_not_a_name(extractor):
    assert ids(extractor, "the taliban movement") == []


def test_arabic_and_urdu_script_aliases(extractor):
    found = ids(extractor, "أعلنت هيئة تحرير الشام ذلك، وقالت تحریک طالبان پاکستان و داعش")
    assert ("هيئة تحرير الشام", "hts") in found
    assert ("تحریک طالبان پاکستان", "ttp") in found
    assert ("داعش", "isis") in found


def test_arabic_letter_variants_match(extractor):
    # ي/ی and ك/ک written either way
    found = ids(extractor, "تحريک طالبان پاكستان")
    assert [a for _, a in found] == ["ttp"]


def test_fuzzy_fallback_on_candidate_spans(extractor):
    found = ids(extractor, "Fighters of Harakat Ahrar ash-Sham al-Islamiya advanced.")
    assert ("ahrar-al-sham" in {a for _, a in found})


def test_new_group_candidates_and_alias_suggestions(extractor):
    doc = extractor.extract("t", "The Free Idlib Brigade fought near Idlib. "
                                 "Hayat Tahrir al-Sham, also known as Hayat al-Tahrir Organisation, denied it.")
    assert "Free Idlib Brigade" in doc.new_group_candidates
    assert {"actor_id": "hts", "alias": "Hayat al-Tahrir Organisation"} in doc.alias_suggestions


def test_shared_alias_narrowed_by_country(extractor):
    text = "Ansar al-Sharia clashed with militias in Benghazi, Libya."
    assert ("Ansar al-Sharia", "ansar-al-sharia-libya") in ids(extractor, text)
    unplaced = extractor.extract("t", "Ansar al-Sharia issued a statement.").mentions
    assert unplaced[0].actor_id is None and len(unplaced[0].candidates) == 2


def test_dev_corpus_mentions_have_offsets(extractor, shared):
    import json

    doc = json.loads((shared / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()[0])
    result = extractor.extract(doc["id"], doc["text"])
    assert result.mentions
    for m in result.mentions:
        assert doc["text"][m.start:m.end] == m.text


def test_context_group_takes_its_acronym_from_the_registry():
    """On a page about Kata'ib al-Imam Ali, "KIA" is that group, though the registry gives
    the acronym to the Kachin Independence Army, unless the text names the Kachin group."""
    from coalition_watch.extract.pipeline import Extractor
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    resolver = Resolver([Actor(id="kachin", name="Kachin Independence Army", aliases=["KIA"]),
                         Actor(id="kataib-imam-ali", name="Kata'ib al-Imam Ali"),
                         Actor(id="isis", name="Islamic State", aliases=["ISIS"])])
    extractor = Extractor(resolver)
    text = "KIA fighters clashed with ISIS near Baiji."
    ids = lambda result: {m.text: m.actor_id for m in result.mentions}
    assert ids(extractor.extract("t", text))["KIA"] == "kachin"
    assert ids(extractor.extract("t", text, context=["kataib-imam-ali"]))["KIA"] == "kataib-imam-ali"
    named = "The Kachin Independence Army is not Iraqi. " + text
    assert ids(extractor.extract("t", named, context=["kataib-imam-ali"]))["KIA"] == "kachin"


def test_a_shared_name_takes_the_theatre_of_the_groups_named_beside_it():
    """Two groups called al-Shabaab: beside the Islamic Courts Union (Somalia) it is the Somali one."""
    from coalition_watch.extract.pipeline import Extractor
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    resolver = Resolver([
        Actor(id="al-shabaab", name="Harakat al-Shabaab al-Mujahideen", aliases=["al-Shabaab (Somalia)"], origin="SOM", operates_in=["SOM", "KEN"]),
        Actor(id="ansar-al-sunna-moz", name="Ansar al-Sunna (Mozambique)", aliases=["al-Shabaab (Mozambique)"], origin="MOZ", operates_in=["MOZ"]),
        Actor(id="icu", name="Islamic Courts Union", origin="SOM", operates_in=["SOM"]),
    ])
    extractor = Extractor(resolver)
    ids = lambda text: {m.text: m.actor_id for m in extractor.extract("t", text).mentions}
    assert ids("al-Shabaab grew stronger in 2007.")["al-Shabaab"] is None
    assert ids("In 2007 al-Shabaab became independent of the Islamic Courts Union.")["al-Shabaab"] == "al-shabaab"
