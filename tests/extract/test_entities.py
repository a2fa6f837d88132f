"""One node per real-world entity: the resolution rules, on sentences written for the tests."""


def test_surname_refers_to_the_full_name(facts):
    f = facts("Talks resume\n\nMaria Lindqvist arrived in Oslo on Monday. Lindqvist said little.\n")
    people = {n for n, t in f.entities() if t == "Person"}
    assert people == {"Maria Lindqvist"}


def test_transliterations_of_a_given_name_are_one_person(facts):
    f = facts("Visit\n\nDmitry Kuleba landed in Rome. Later Dmytro Kuleba met officials.\n")
    assert [n for n, t in f.entities() if t == "Person"] in (["Dmitry Kuleba"], ["Dmytro Kuleba"])


def test_demonym_and_capital_metonym_are_the_country(facts):
    f = facts("Border\n\nPolish troops moved east. Warsaw rejected the offer from Minsk.\n")
    assert ("Poland", "Country") in f.entities()
    assert ("Warsaw", "Place") not in f.entities()
    poland = next(e for e in f.x.entities if e.name == "Poland")
    assert {"Polish", "Warsaw"} <= set(poland.aliases)


def test_capital_as_a_location_is_a_place(facts):
    f = facts("Summit\n\nThe leaders gathered in Lisbon on Friday.\n")
    assert ("Lisbon", "Place") in f.entities()


def test_britain_is_the_united_kingdom_with_a_wikidata_link(facts):
    f = facts("Trade\n\nBritain and France signed a deal.\n")
    uk = next(e for e in f.x.entities if e.name == "United Kingdom")
    assert uk.wikidata == "Q145"


def test_acronym_in_parentheses_is_the_same_organisation(facts):
    f = facts("Energy\n\nThe Northern Grid Authority (NGA) raised prices. The NGA said demand was high.\n")
    orgs = [n for n, t in f.entities() if t == "Organization"]
    assert orgs == ["Northern Grid Authority"]


def test_international_organisation_by_acronym_gets_its_canonical_name(facts):
    f = facts("Council\n\nThe U.N. said aid would arrive.\n")
    assert ("United Nations", "Organization") in f.entities()


def test_title_case_headline_words_are_not_entities(facts):
    f = facts("Lindqvist, Moreau To Discuss Fishing Quotas Amid Row\n\n"
              "Sweden's Anna Lindqvist will meet Paul Moreau of France on Tuesday.\n")
    names = {n for n, _ in f.entities()}
    assert not any("Discuss" in n or "Quotas" in n for n in names)
    assert {"Anna Lindqvist", "Paul Moreau"} <= names
