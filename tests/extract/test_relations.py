"""Relations from dependency patterns: active and passive voice, nouns, negation, conditionals."""
from datetime import date


def test_active_voice(facts):
    f = facts("Row\n\nPoland accused Belarus of staging the crisis.\n")
    assert ("Accuse", "Poland", "Belarus", False) in f.relations()


def test_passive_voice_with_by(facts):
    f = facts("Row\n\nBelarus was criticised by Lithuania on Monday.\n")
    assert ("Criticize", "Lithuania", "Belarus", False) in f.relations()


def test_participle_with_by(facts):
    f = facts("Row\n\nHezbollah, backed by Iran, holds the valley.\n")
    assert ("Support", "Iran", "Hezbollah", False) in f.relations()


def test_negation(facts):
    f = facts("Row\n\nChile did not condemn Peru for the raid.\n")
    assert ("Criticize", "Chile", "Peru", True) in f.relations()


def test_conditional_is_marked_not_asserted(facts):
    f = facts("Row\n\nIf Peru attacks Chile, the region will suffer.\n")
    assert ("Attack", "Peru", "Chile", False) not in f.relations()
    assert ("Attack", "Peru", "Chile", False) in f.relations(hypothetical=True)


def test_not_a_member(facts):
    f = facts("Row\n\nGeorgia is not a member of NATO but is a close partner.\n")
    assert ("MemberOf", "Georgia", "NATO", True) in f.relations()
    assert ("PartnerOf", "Georgia", "NATO", False) in f.relations()


def test_meet_with_a_noun_and_a_title(facts):
    f = facts("Talks\n\nPedro Alvarez held a meeting with Peru's foreign minister on Monday. "
              "Peruvian Foreign Minister Rosa Quispe said the talks were useful.\n")
    assert ("Meet", "Pedro Alvarez", "Rosa Quispe", False) in f.relations()


def test_call_on_and_urge(facts):
    f = facts("Row\n\nLithuania called on Belarus to open the border. Latvia urged Belarus to talk.\n")
    rels = f.relations()
    assert ("CallOn", "Lithuania", "Belarus", False) in rels
    assert ("CallOn", "Latvia", "Belarus", False) in rels


def test_military_buildup_with_a_demonym(facts):
    f = facts("Border\n\nThousands of Russian troops amassed near Finland this week.\n")
    assert ("MilitaryBuildup", "Russia", "Finland", False) in f.relations()


def test_annexation_and_control(facts):
    f = facts("Map\n\nRussia annexed Crimea in 2014. Today the city of Kherson is controlled by Russia.\n")
    rels = f.relations()
    assert ("Annex", "Russia", "Crimea", False) in rels
    assert ("Control", "Russia", "Kherson", False) in rels


def test_annexation_as_a_noun_takes_its_possessor(facts):
    f = facts("Map\n\nThe sanctions followed Russia's annexation of Crimea.\n")
    assert ("Annex", "Russia", "Crimea", False) in f.relations()


def test_support_warn_threaten_attack(facts):
    f = facts("Row\n\nPoland backs Ukraine. Poland warned Belarus against provocations. "
              "Belarus threatened Lithuania with sanctions. Russian forces shelled Ukraine overnight.\n")
    rels = f.relations()
    assert ("Support", "Poland", "Ukraine", False) in rels
    assert ("Warn", "Poland", "Belarus", False) in rels
    assert ("Threaten", "Belarus", "Lithuania", False) in rels
    assert ("Attack", "Russia", "Ukraine", False) in rels


def test_relations_carry_confidence_evidence_and_a_resolved_date(facts):
    f = facts("Row\n\nPoland accused Belarus of staging the crisis on Tuesday.\n", published=date(2021, 11, 12))
    r = next(r for r in f.x.relations if r.type.value == "Accuse")
    assert 0.0 <= r.confidence <= 1.0
    text = f.x.article.text
    assert text[r.trigger.start:r.trigger.end] == "accused"
    assert "Poland accused Belarus" in text[r.sentence.start:r.sentence.end]
    assert r.date == date(2021, 11, 9)   # the Tuesday before a Friday publication


def test_a_statement_acts_for_the_body_that_issued_it(facts):
    f = facts("Drills\n\nChile's Defense Ministry said Peru was raising tensions. "
              "A ministry statement called on Peru to stop the drills. "
              "A statement from the ministry urged Bolivia to stay calm. "
              "A Kremlin statement accused Ukraine of shelling the plant.\n")
    rels = f.relations()
    agents = {a for t, a, b, _ in rels if t == "CallOn"}
    assert len(agents) == 1 and "Ministry" in agents.pop()           # the ministry named just before
    assert {b for t, _, b, _ in rels if t == "CallOn"} == {"Peru", "Bolivia"}
    assert ("Accuse", "Russia", "Ukraine", False) in rels


def test_a_bare_ministry_statement_needs_a_ministry_named_just_before(facts):
    f = facts("Drills\n\nChile's Defense Ministry said Peru was raising tensions. Peru rejected that. "
              "Bolivia worried about the drills. A ministry statement called on Peru to stop the drills.\n")
    assert not [r for r in f.relations() if r[0] == "CallOn"]       # too far back to be sure which ministry
