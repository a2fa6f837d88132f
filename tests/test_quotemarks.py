"""newskg.extract.quotemarks.find_quotes: pairs of quote marks on characters, not tokens."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.extract.quotemarks import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    ("The mayor said “we will rebuild the bridge” on Sunday.", ["we will rebuild the bridge"]),
    ('The mayor said "we will rebuild the bridge" on Sunday.', ["we will rebuild the bridge"]),
    ("Le maire a déclaré «nous reconstruirons le pont» dimanche.", ["nous reconstruirons le pont"]),
    ("Der Bürgermeister sagte „wir bauen die Brücke wieder auf“ am Sonntag.",
     ["wir bauen die Brücke wieder auf"]),
    ("Mayor: ‘We will rebuild the bridge’", ["We will rebuild the bridge"]),
    ("Mayor vows ‘no surrender’ as floods rise", ["no surrender"]),
    ("Two quotes: “first one” and then “second one” here.", ["first one", "second one"]),
])
def test_quote_mark_styles(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "Le maire a déclaré « nous reconstruirons le pont » dimanche.",
    "Le maire a déclaré «\u00a0nous reconstruirons le pont\u00a0» dimanche.",
])
def test_french_guillemets_with_spaces_inside(text):
    # French typography puts a (no-break) space inside « »; the quote is the words between them
    found = quoted(text)
    assert len(found) == 1, found
    assert found[0].strip() == "nous reconstruirons le pont"


def test_offsets_point_between_the_marks():
    text = "He said “we agree” twice."
    (q,) = find_quotes(text)
    assert text[q.start - 1] == "“" and text[q.end] == "”"
    assert q.open_mark == "“"
    assert not q.continued


@pytest.mark.parametrize("text", [
    "Russia’s army and Norway’s navy don’t train together.",
    "Russia's army and Norway's navy don't train together.",
    "The allies' plans and the ministers’ meeting were delayed.",
    "The ’90s were different, said the ministers' aide.",
    "It's the generals’ view that the allies' troops won't leave.",
])
def test_apostrophes_are_not_quote_marks(text):
    assert quoted(text) == []


def test_apostrophes_inside_a_quote_do_not_end_it():
    text = "The envoy said “Russia’s troops don’t belong in the allies’ territory” on Monday."
    assert quoted(text) == ["Russia’s troops don’t belong in the allies’ territory"]


def test_apostrophe_inside_single_quoted_headline():
    text = "Envoy: ‘Russia’s troops must leave’"
    assert quoted(text) == ["Russia’s troops must leave"]


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "She said “the word ‘never’ is not in our vocabulary” and left."
    assert quoted(text) == ["the word ‘never’ is not in our vocabulary"]


def test_nested_same_style_quotes():
    text = "She said “they called it a “routine drill” last week” and left."
    assert quoted(text) == ["they called it a “routine drill” last week"]


def test_nested_double_in_straight_single():
    text = "He wrote: 'the so-called \"exercise\" is a threat' in the letter."
    assert quoted(text) == ['the so-called "exercise" is a threat']


def test_quote_continued_in_the_next_paragraph():
    text = ("The minister said: “We will defend every village and every road.\n\n"
            "“And we will not give up a single metre,” she added.")
    spans = find_quotes(text)
    assert [text[q.start:q.end] for q in spans] == [
        "We will defend every village and every road.",
        "And we will not give up a single metre,",
    ]
    assert spans[0].continued is True
    assert spans[1].continued is False


def test_unclosed_quote_not_continued_is_dropped():
    text = "The minister said: “We will defend every village.\n\nThe meeting ended at noon."
    assert quoted(text) == []


def test_quote_does_not_run_across_paragraphs_without_marks():
    text = "He said “first part\n\nsecond part” later."
    # the first paragraph's mark is never closed and the next paragraph does not open a quote
    assert "first part\n\nsecond part" not in quoted(text)


def test_empty_quote_marks_are_not_a_quote():
    assert quoted("He wrote “” and “ ” in the form.") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. \n'\"“”‘’«»„,")), max_size=200))
def test_spans_are_well_formed_on_any_text(text):
    spans = find_quotes(text)
    last_end = -1
    for q in spans:
        assert 0 < q.start < q.end <= len(text)
        assert text[q.start:q.end].strip()
        assert q.start > last_end, "quotes are outermost and do not overlap"
        last_end = q.end
