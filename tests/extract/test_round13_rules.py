"""Round 13: a country's name inside a longer proper name, groups founded by other groups,
answers to an offer ("A rejected B's call to join it"), and the stored note of an extracted
relation; read with the bundled registry (sentences written for these tests) and a small store."""

import pytest

from coalition_watch.extract import api as extract_api

from .conftest import mentioned, pairs, relations_of


def _places(extractor, text):
    return [p.text for p in extractor.extract("t", text).places]


# --- a country's name inside a longer proper name ------------------------------------------

@pytest.mark.parametrize("text, country", [
    ("According to Infobae México, the Sinaloa Cartel clashed with the CJNG in Culiacán.", "mexico"),
    ("Reuters India reported that the TTP attacked a police post.", "india"),
    ("The Kenya Broadcasting Corporation said al-Shabaab attacked a bus.", "kenya"),
    ("By a staff writer, World Israel News\n\nHezbollah fired rockets.", "israel"),
    ("Israel Katz said Hamas had lost most of its commanders.", "israel"),
    ("Hizbut Tahrir Indonesia is larger than Jemaah Islamiyah.", "indonesia"),
])
def test_a_country_inside_an_outlets_or_persons_name_is_neither_a_place_nor_the_state(bundled, text, country):
    assert country not in mentioned(bundled, text)
    assert not any(country in (r.source, r.target) for r in bundled.extract("t", text).relations)
    assert not {"México", "India", "Kenya", "Israel", "Indonesia"} & set(_places(bundled, text))


def test_the_outlet_no_longer_makes_the_state_a_party_to_the_groups_clash(bundled):
    text = "According to Infobae México, the Sinaloa Cartel clashed with the CJNG in Culiacán."
    assert pairs(bundled, text) == {("sinaloa-cartel", "cjng", "rivalry")}
    assert _places(bundled, text) == ["Culiacán"]


def test_a_country_inside_an_outlets_name_still_tells_which_actor_a_shared_name_is(bundled):
    # "JEM" is the Justice and Equality Movement in Sudan, Jaish-e-Mohammed in Pakistan and India
    text = "Sudan Tribune reported that JEM fighters attacked a convoy."
    assert "sudan" not in mentioned(bundled, text)
    assert mentioned(bundled, text) == mentioned(bundled, "In Sudan, JEM fighters attacked a convoy.")[1:]


@pytest.mark.parametrize("text, country, place", [
    ("Mexico's cartels, including the Sinaloa Cartel, fight the army.", "mexico", None),
    ("The Mexican army clashed with the CJNG in Mexico.", "mexico", None),
    ("Northern Mali is contested by JNIM.", "mli-government", None),
    ("Within Indonesia, Jemaah Islamiyah recruited widely.", "indonesia", None),
    ("Neighbouring Niger has seen attacks by ISGS.", "ner-government", None),
    ("Attacks in Mali Monday killed 12, and JNIM claimed them.", "mli-government", None),
    ("Jihadi Insurgency in Mozambique Grows in Sophistication and Reach", "moz-government", None),
    ("The US Treasury Department sanctioned Hezbollah.", None, "US"),
    ("The CJNG expanded in Mexico City.", None, "Mexico City"),
])
def test_a_country_named_as_a_place_a_state_or_its_organ_keeps_its_reading(bundled, text, country, place):
    if country:
        assert country in mentioned(bundled, text)
    if place:
        assert place in _places(bundled, text)


@pytest.mark.parametrize("text, inside", [
    ("As Infobae México reported, the talks failed.", True),
    ("Sudan Tribune reported the talks failed.", True),
    ("ISWAP took islands in Lake Chad from JAS.", False),
    ("Pakistan PM Shehbaz Sharif spoke.", False),
    ("The UN Syria envoy spoke.", False),
    ("Fighting spread along the Mali Niger border.", False),
])
def test_which_words_beside_a_country_make_it_part_of_a_longer_name(text, inside):
    from coalition_watch.extract.places import find_places, in_longer_name

    places = find_places(text)
    assert [in_longer_name(text, p, places) for p in places if p.kind == "country"][:1] == [inside]


def test_a_state_body_after_the_countrys_name_is_still_the_state(bundled):
    assert relations_of(bundled, "The Pakistan Army attacked the TTP.") == {("pak", "ttp", "rivalry", "asserted")}


# --- a group founded by another ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "AQIM founded Ansar Dine in 2011.",
    "AQIM created Ansar Dine as its front.",
    "In 2011 AQIM set up Ansar Dine.",
    "Ansar Dine was founded by AQIM as its front.",
    "Ansar Dine was established in late 2011 by AQIM.",
    "Ansar Dine, which was set up by AQIM, attacked a convoy.",
])
def test_a_group_founded_by_another_is_its_affiliate(bundled, text):
    assert relations_of(bundled, text) >= {("ansar-dine", "aqim", "pledge", "asserted")}
    assert not {k for s, t, k in pairs(bundled, text) if {s, t} == {"ansar-dine", "aqim"}} - {"pledge"}


def test_a_split_from_the_founder_in_the_same_sentence_ends_the_founding_tie(bundled):
    text = "Ansar Dine was formed in 2011 by AQIM, from which it split a year later and declared allegiance to ISIS."
    found = pairs(bundled, text)
    assert ("ansar-dine", "aqim", "split") in found and ("ansar-dine", "aqim", "pledge") not in found


def test_a_founding_that_is_denied_is_a_denied_pledge(bundled):
    assert relations_of(bundled, "Ansar Dine was not founded by AQIM.") == {("ansar-dine", "aqim", "pledge", "denied")}


def test_founded_by_the_people_of_a_group_is_a_split_and_by_its_leader_no_claim(bundled):
    for text in ("Jamaat-ul-Ahrar was founded by TTP commanders.", "TTP members formed Jamaat-ul-Ahrar.",
                 "Jamaat-ul-Ahrar was founded by defectors from the TTP.",
                 "Jamaat-ul-Ahrar was founded by a former TTP commander."):
        assert pairs(bundled, text) == {("jamaat-ul-ahrar", "ttp", "split")}, text
    assert not pairs(bundled, "Jamaat-ul-Ahrar was founded by TTP leader Omar Khalid Khorasani.")
    assert not pairs(bundled, "The leader of a TTP faction founded Jamaat-ul-Ahrar.")
    assert not pairs(bundled, "The leader of the TTP founded Jamaat-ul-Ahrar.")


def test_several_founders_are_founding_members_and_a_founded_coalition_is_no_affiliate(bundled):
    members = {("ansar-dine", "jnim", "alliance"), ("al-mourabitoun", "jnim", "alliance"),
               ("katiba-macina", "jnim", "alliance")}
    found = pairs(bundled, "JNIM was founded by Ansar Dine, al-Mourabitoun and Katiba Macina.")
    assert {tuple(sorted(p[:2])) + ("alliance",) for p in found if p[2] == "alliance"} >= \
        {tuple(sorted(m[:2])) + ("alliance",) for m in members}
    assert not any(k == "pledge" for _, _, k in found)
    # one group founding a coalition is a founding member of it, not the coalition's patron
    assert {k for _, _, k in pairs(bundled, "Ansar Dine founded JNIM in 2017.")} == {"alliance"}


def test_a_group_a_state_founded_is_backed_by_the_state(bundled):
    assert pairs(bundled, "Hezbollah was founded by Iran.") == {("iran", "hezbollah", "state_support")}
    assert pairs(bundled, "Iran created Hezbollah in 1982.") == {("iran", "hezbollah", "state_support")}


def test_founded_to_fight_a_group_stays_a_rivalry(bundled):
    assert pairs(bundled, "The Levantine Front was founded to counter the Islamic State.") == {
        ("levant-front", "isis", "rivalry")}


# --- an answer to an offer -----------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("Ansar Dine rejected AQIM's call to join it.", "pledge"),
    ("Ansar Dine refused to join AQIM.", "pledge"),
    ("Ansar Dine declined to join AQIM.", "pledge"),
    ("Ansar Dine turned down an invitation to join AQIM.", "pledge"),
    ("Ansar Dine rejected a call by AQIM to join it.", "pledge"),
    ("Ansar Dine turned down AQIM's offer of an alliance.", "alliance"),
    ("Ansar Dine rejected an offer from AQIM to form an alliance.", "alliance"),
    ("Ansar Dine rejected AQIM's call to pledge allegiance.", "pledge"),
    ("Ansar Dine rebuffed AQIM's proposal to merge.", "merger"),
])
def test_a_refused_offer_is_a_denied_tie_never_an_asserted_one(bundled, text, kind):
    assert relations_of(bundled, text) == {("ansar-dine", "aqim", kind, "denied")}


def test_an_offer_answered_otherwise_keeps_what_the_answer_says(bundled):
    assert relations_of(bundled, "Ansar Dine accepted AQIM's invitation to join it.") == {
        ("ansar-dine", "aqim", "pledge", "asserted")}
    assert relations_of(bundled, "Ansar Dine may reject AQIM's call to join it.") == {
        ("ansar-dine", "aqim", "pledge", "hypothetical")}
    assert relations_of(bundled, "Ansar Dine did not accept AQIM's offer of an alliance.") == {
        ("ansar-dine", "aqim", "alliance", "denied")}
    # an offer alone says nothing of the offerer's own ties, nor of the addressee's
    assert not pairs(bundled, "AQIM's call to join JNIM was ignored by Ansar Dine.")
    # a call for an act that is no tie offered is read as before
    assert pairs(bundled, "AQIM's call for attacks on the MNLA was heeded.") == {("aqim", "mnla", "rivalry")}


def test_declined_as_a_fall_in_numbers_is_no_denial(bundled):
    assert relations_of(bundled, "Attacks declined to 12 a month after Ansar Dine fought the MNLA.") == {
        ("ansar-dine", "mnla", "rivalry", "asserted")}


# --- the stored note of an extracted relation ----------------------------------------------

HEDGED = "The Taliban may provide weapons to the TTP next year."


def test_the_stored_note_keeps_the_cue_and_leaves_the_polarity_to_the_claim(small_store, tmp_path):
    from coalition_watch.outputs.html import internal_note

    path = tmp_path / "note1.txt"
    path.write_text(HEDGED, encoding="utf-8")
    extract_api.extract_paths([path], store=small_store, save=True, workers=1)
    [row] = extract_api.review_list(small_store)
    assert (row["polarity"], row["note"]) == ("hypothetical", "cue=provide")
    assert internal_note(row["note"])  # still hidden on the review page
    extract_api.review_edit(small_store, row["id"], reviewer="ana", polarity="asserted")
    [row] = extract_api.review_list(small_store)
    assert (row["polarity"], row["note"]) == ("asserted", "cue=provide")


def test_a_store_written_before_loses_the_repeated_polarity_and_is_reviewed_as_before(tmp_path, monkeypatch):
    """A store at migration 7 whose extracted relation has the note the earlier writer gave it."""
    from coalition_watch import api
    from coalition_watch.store import database
    from coalition_watch.store.migrations import MIGRATIONS
    from tests.conftest import SMALL_KB

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 7])
    old = api.init_store(path)
    api.load_kb(old, SMALL_KB)
    doc = tmp_path / "note1.txt"
    doc.write_text(HEDGED, encoding="utf-8")
    extract_api.extract_paths([doc], store=old, save=True, workers=1)
    with old.transaction() as con:  # the note as the earlier writer stored it, and a reviewer's own note
        con.execute("UPDATE relations SET note = 'polarity=hypothetical; cue=provide' WHERE id LIKE 'x-%'")
        con.execute("INSERT INTO relations (id, source_id, target_id, type, sign, directed, confidence, status, "
                    "provenance, note) VALUES ('r-own', 'taliban', 'ttp', 'alliance', 1, false, 0.9, 'curated', "
                    "'kb', 'polarity=asserted; cue=checked by hand')")
    assert old.schema_version() == 7
    old.close()
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    store = api.open_store(path)
    [row] = extract_api.review_list(store)
    assert (row["polarity"], row["note"]) == ("hypothetical", "cue=provide")
    # a relation without an extracted claim keeps its note as written
    assert store.query("SELECT note FROM relations WHERE id = 'r-own'") == [{"note": "polarity=asserted; cue=checked by hand"}]
    extract_api.review_edit(store, row["id"], reviewer="ana", polarity="asserted")
    extract_api.review_accept(store, row["id"], reviewer="ana")
    [row] = extract_api.review_list(store, "accepted")
    assert (row["polarity"], row["note"]) == ("asserted", "cue=provide")
    store.close()


# --- refusal words and describing words read no wider than they should -----------------------

@pytest.mark.parametrize("text, expected", [
    # "declined to" a speech act, or a refusal of a request for comment, denies nothing
    ("The Taliban declined to comment on reports that they shelter al-Qaeda.",
     ("taliban", "al-qaeda", "sanctuary", "asserted")),
    ("HTS declined to confirm that it had merged with Ahrar al-Sham.",
     ("hts", "ahrar-al-sham", "merger", "asserted")),
    ("The TTP declined to comment on its ties to the Afghan Taliban.", ("ttp", "taliban", "alliance", "asserted")),
    # a refusal of a tie still denies it
    ("Ansar Dine declined to join AQIM.", ("ansar-dine", "aqim", "pledge", "denied")),
])
def test_declining_to_speak_is_no_denial_of_a_tie(bundled, text, expected):
    assert expected in relations_of(bundled, text)


@pytest.mark.parametrize("text, state", [
    ("Erdogan's Turkey backs the Syrian National Army.", "turkey"),
    ("Shiite Iran has armed Hezbollah for decades.", "iran"),
    ("Tiny Qatar funded Ahrar al-Sham.", "qatar"),
    ("Islamist Sudan hosted al-Qaeda in the 1990s.", "sudan"),
])
def test_a_possessive_or_an_adjective_before_a_country_keeps_the_state(bundled, text, state):
    assert state in mentioned(bundled, text)
    assert any(state in pair[:2] for pair in relations_of(bundled, text))
