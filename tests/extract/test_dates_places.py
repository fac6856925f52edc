from coalition_watch.extract.dates import find_dates
from coalition_watch.extract.places import find_places
from coalition_watch.extract.sentences import split_sentences


def test_dates_keep_precision():
    found = {d.text: (str(d.value), d.precision) for d in
             find_dates("Founded in 1996, it pledged on 7 March 2015, again in August 2021 and on Nov. 5, 2019.")}
    assert found["1996"] == ("1996", "year")
    assert found["7 March 2015"] == ("2015-03-07", "day")
    assert found["August 2021"] == ("2021-08", "month")
    assert found["Nov. 5, 2019"] == ("2019-11-05", "day")


def test_places_countries_subdivisions_cities():
    found = {p.text: (p.country, p.kind) for p in find_places("Camps in Kandahar and Takhar, near Ménaka in Mali.")}
    assert found["Kandahar"][0] == "AFG"
    assert found["Takhar"] == ("AFG", "subdivision")
    assert found["Ménaka"][0] == "MLI"
    assert found["Mali"] == ("MLI", "country")
    assert find_places("they chad a plan") == []


def test_sentence_splitter_handles_abbreviations_and_lines():
    text = "The Afghan Interim Govt. support for the TTP grew. Gen. Smith left.\nHeadline without stop\nU.N. data."
    spans = split_sentences(text)
    sentences = [text[s:e] for s, e in spans]
    assert sentences == ["The Afghan Interim Govt. support for the TTP grew.", "Gen. Smith left.",
                         "Headline without stop", "U.N. data."]


def test_hard_wrapped_prose_is_not_cut_at_each_line():
    wrapped = ("Two former commanders of the movement have since set up rival groups of\n"
               "their own in the north of the country, where the army has lost control of\n"
               "several districts to them. Talks have stalled.\n\n"
               "Headline Without Stop\n"
               "A second paragraph begins here.\n"
               "Its next line starts with a capital.")
    sentences = [wrapped[s:e] for s, e in split_sentences(wrapped)]
    assert sentences[0].startswith("Two former") and sentences[0].endswith("to them.")
    assert sentences[1:] == ["Talks have stalled.", "Headline Without Stop", "A second paragraph begins here.",
                             "Its next line starts with a capital."]
    # a line continued in lowercase is one sentence even in a short paragraph
    assert len(split_sentences("The group was founded in\nthe north in 2014.")) == 1


def test_a_relation_across_a_wrapped_line(extractor):
    text = ("In 2017 the TTP announced that it had formally pledged allegiance\n"
            "to al-Qaeda after talks in Kunar, officials in the province said on\n"
            "Monday, a claim the group repeated later that week in a statement.")
    assert ("ttp", "al-qaeda", "pledge") in {(r.source, r.target, r.type) for r in extractor.extract("t", text).relations}


def test_pysbd_splitter_available():
    text = "One sentence here. Another one there."
    assert len(split_sentences(text, "pysbd")) == 2


def test_a_country_inside_a_group_name_is_not_a_place(extractor):
    doc = extractor.extract("t", "Tehrik-i-Taliban Pakistan fighters crossed from Kunar into Pakistan in 2023.")
    assert [m.actor_id for m in doc.mentions][:1] == ["ttp"]
    found = [(p.text, p.start) for p in doc.places]
    assert ("Pakistan", 17) not in found
    assert [t for t, _ in found].count("Pakistan") == 1 and "Kunar" in [t for t, _ in found]


def test_regions_and_cities_of_the_newer_theatres():
    from coalition_watch.extract.places import find_places

    found = {(p.text, p.country) for p in find_places(
        "Fighting spread from Darfur to Omdurman, while gangs held Cite Soleil in Port-au-Prince "
        "and militants struck Marawi on Mindanao.")}
    assert {("Darfur", "SDN"), ("Omdurman", "SDN"), ("Cite Soleil", "HTI"), ("Port-au-Prince", "HTI"),
            ("Marawi", "PHL"), ("Mindanao", "PHL")} <= found


def test_the_administered_parts_of_kashmir_have_a_country_and_the_region_none():
    from coalition_watch.extract.places import find_places

    found = {(p.text, p.country) for p in find_places(
        "Militants crossed from Azad Kashmir into Indian-administered Kashmir; Pakistan-administered Kashmir "
        "stayed calm.")}
    assert found == {("Azad Kashmir", "PAK"), ("Indian-administered Kashmir", "IND"),
                     ("Pakistan-administered Kashmir", "PAK")}
    assert find_places("Militants attacked troops in Kashmir.") == []


def test_demonyms_narrow_a_shared_acronym_but_are_not_places():
    """"JEM" is both the Justice and Equality Movement (Sudan) and Jaish-e-Mohammed: a demonym
    settles it, and is not reported as a place."""
    from coalition_watch.extract.pipeline import Extractor
    from coalition_watch.extract.places import demonym_countries
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    assert demonym_countries("the Sudanese army and Indian troops; Haitians") == {"SDN", "IND", "HTI"}
    resolver = Resolver([
        Actor(id="jem-sudan", name="Justice and Equality Movement", aliases=["JEM (Sudan)"], origin="SDN", operates_in=["SDN"]),
        Actor(id="jaish-e-mohammed", name="Jaish-e-Mohammed", aliases=["JEM (Pakistan)"], origin="PAK", operates_in=["PAK", "IND"]),
    ])
    extractor = Extractor(resolver)
    result = extractor.extract("t", "JEM fighters clashed with the Sudanese army.")
    assert [m.actor_id for m in result.mentions if m.text == "JEM"] == ["jem-sudan"]
    assert not result.places
    result = extractor.extract("t", "JEM attacked Indian troops near the border.")
    assert [m.actor_id for m in result.mentions if m.text == "JEM"] == ["jaish-e-mohammed"]



def test_footnote_markers_close_the_sentence_before_them():
    text = ("JNIM was formed by merging Ansar Dine and al-Mourabitoun.[i] The formation united them. "
            "The YPG is an affiliate of the PKK.[4] It fought IS. See [2] for the figures.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "JNIM was formed by merging Ansar Dine and al-Mourabitoun.[i]", "The formation united them.",
        "The YPG is an affiliate of the PKK.[4]", "It fought IS.", "See [2] for the figures."]
