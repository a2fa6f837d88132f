"""Posts from every common construction, on sentences written for the tests."""


def test_title_before_the_name_with_a_country_adjective(facts):
    f = facts("Talks\n\nPolish Defence Minister Anna Kowalska visited the base on Monday.\n")
    assert ("Anna Kowalska", "Defence Minister", "Poland") in f.posts()


def test_title_before_the_name_with_an_organisation(facts):
    f = facts("Aid\n\nUNICEF Executive Director Carla Mendes spoke to donors.\n")
    assert any(h == "Carla Mendes" and r == "Executive Director" for h, r, _ in f.posts())


def test_apposition_after_the_name(facts):
    f = facts("Ports\n\nPedro Alvarez, Chile's foreign minister, arrived in Lima on Sunday.\n")
    assert ("Pedro Alvarez", "Foreign Minister", "Chile") in f.posts()


def test_title_of_a_state_then_the_name(facts):
    f = facts("Ports\n\nThe foreign minister of Chile, Pedro Alvarez, arrived in Lima on Sunday.\n")
    assert ("Pedro Alvarez", "Foreign Minister", "Chile") in f.posts()


def test_a_spokesperson_serves_the_state_of_their_principal(facts):
    f = facts("Grain\n\nTurkish President Kemal Arslan backed the deal, "
              "his spokesman Emre Demir told reporters.\n")
    assert ("Kemal Arslan", "President", "Turkey") in f.posts()
    assert ("Emre Demir", "Spokesperson", "Turkey") in f.posts()


def test_a_deputy_title_is_its_own_role(facts):
    f = facts("Gas\n\nNorwegian Deputy Foreign Minister Ola Berg said exports would rise.\n")
    assert ("Ola Berg", "Deputy Foreign Minister", "Norway") in f.posts()


def test_roles_are_normalised(facts):
    f = facts("UN\n\nThe U.N. Secretary-General Antonio Ferreira spoke. "
              "Brazilian spokeswoman Lucia Rocha agreed.\n")
    roles = {r for _, r, _ in f.posts()}
    assert {"Secretary General", "Spokesperson"} <= roles


def test_a_title_naming_one_states_office(facts):
    f = facts("Visit\n\nSecretary of State Michael Grant flew to Cairo.\n")
    assert ("Michael Grant", "Secretary of State", "United States") in f.posts()


def test_a_known_office_holder_places_a_bare_title(facts):
    from datetime import date
    f = facts("Paris\n\nPresident Emmanuel Macron spoke on Monday.\n", published=date(2019, 5, 6))
    assert ("Emmanuel Macron", "President", "France") in f.posts()
    macron = next(e for e in f.x.entities if e.name == "Emmanuel Macron")
    assert macron.wikidata == "Q3052772"


def test_an_unknown_person_with_a_bare_title_stays_unplaced(facts):
    f = facts("Talks\n\nPresident Marta Quillon opened the session.\n")
    assert ("Marta Quillon", "President", None) in f.posts()
