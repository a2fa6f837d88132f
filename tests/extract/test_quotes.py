"""Quotations and their speakers: attribution after, before, around, with a colon, by "according
to", in split and nested quotes, across paragraphs, and through pronouns and descriptions."""


def test_attribution_after_the_quote(facts):
    f = facts("Fish\n\n“We will not give up our waters,” Pedro Alvarez said.\n")
    assert f.speaker_of("give up our waters") == "Pedro Alvarez"


def test_attribution_before_with_a_colon(facts):
    f = facts("Fish\n\nPedro Alvarez said: “We will not give up our waters.”\n")
    assert f.speaker_of("give up our waters") == "Pedro Alvarez"


def test_split_quote_around_the_attribution(facts):
    f = facts("Fish\n\n“We will talk,” Pedro Alvarez said, “but we will not give up our waters.”\n")
    assert f.speaker_of("We will talk") == "Pedro Alvarez"
    assert f.speaker_of("give up our waters") == "Pedro Alvarez"


def test_according_to(facts):
    f = facts("Fish\n\nThe talks were “a waste of time”, according to Maria Lindqvist.\n")
    assert f.speaker_of("waste of time") == "Maria Lindqvist"


def test_nested_quote_belongs_to_the_outer_speaker(facts):
    f = facts("Fish\n\n“They called our offer ‘a joke’ and left,” Pedro Alvarez said.\n")
    quotes = f.quotes()
    assert len(quotes) == 1 and "‘a joke’" in quotes[0][0]
    assert quotes[0][1] == "Pedro Alvarez"


def test_pronoun_speaker(facts):
    f = facts("Fish\n\nMaria Lindqvist met fishermen in Bergen. “The quotas are fair,” she said.\n")
    assert f.speaker_of("quotas are fair") == "Maria Lindqvist"


def test_definite_description_speaker(facts):
    f = facts("Fish\n\nNorwegian Fisheries Minister Ola Berg visited Bergen. Fishermen protested.\n\n"
              "“The quotas are fair,” the minister said.\n")
    assert f.speaker_of("quotas are fair") == "Ola Berg"


def test_fragment_quoted_inside_a_sentence(facts):
    f = facts("Fish\n\nPedro Alvarez condemned the raid as “reckless and dangerous” on Monday.\n")
    assert f.speaker_of("reckless and dangerous") == "Pedro Alvarez"


def test_unattributed_paragraph_continues_the_previous_speaker(facts):
    f = facts("Fish\n\n“We will defend our waters,” Pedro Alvarez said.\n\n"
              "“Nobody should doubt that.”\n")
    assert f.speaker_of("Nobody should doubt") == "Pedro Alvarez"


def test_quote_after_reported_speech_continues_its_speaker(facts):
    f = facts("Fish\n\nMaria Lindqvist is the head of the fisheries board. She says stocks are falling.\n\n"
              "“We have ten years left at most.”\n")
    assert f.speaker_of("ten years left") == "Maria Lindqvist"


def test_multi_paragraph_quote(facts):
    f = facts("Fish\n\n“We will defend our waters,” Pedro Alvarez said. “This is the first point.\n\n"
              "“The second point is that we want talks.”\n")
    assert f.speaker_of("first point") == "Pedro Alvarez"
    assert f.speaker_of("second point") == "Pedro Alvarez"


def test_joint_statement_is_credited_to_the_body(facts):
    f = facts("Summit\n\nThe Nordic Council met in Oslo on Monday.\n\n"
              "“We stand together,” the foreign ministers of Norway, Sweden and Finland said in a joint statement.\n")
    assert f.speaker_of("stand together") == "Nordic Council"


def test_first_person_inside_a_quote_is_its_speaker(facts):
    f = facts("Fish\n\n“We call on Peru to withdraw its boats,” Pedro Alvarez said.\n")
    assert ("CallOn", "Pedro Alvarez", "Peru", False) in f.relations()


def test_vote_labels_are_not_quotes(facts):
    f = facts("Vote\n\nThe motion passed with 90 “yes” votes and 12 “no” votes.\n")
    assert f.quotes() == []


def test_every_quote_has_a_confidence_and_its_sentence(facts):
    f = facts("Fish\n\n“We will not give up our waters,” Pedro Alvarez said.\n")
    q = f.x.quotes[0]
    assert 0.0 <= q.confidence <= 1.0
    text = f.x.article.text
    assert text[q.sentence.start:q.sentence.end].endswith("Pedro Alvarez said.")


def test_a_statement_speaks_for_its_issuer(facts):
    f = facts("Drills\n\nChile's Foreign Ministry said Peru was raising tensions. "
              "\"This is unacceptable,\" the ministry's statement said.\n")
    assert "Ministry" in (f.speaker_of("This is unacceptable") or "")
