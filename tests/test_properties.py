"""Property-based tests: extraction on arbitrary Unicode text never fails, every offset lies in the
text with anchorOf equal to the text there, every article graph conforms to the shapes; garbage
bytes raise InputError and nothing else."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newskg.errors import InputError
from newskg.extract import extract
from newskg.ingest.decode import decode
from newskg.ingest.text import parse_text
from newskg.nlp.pipeline import load
from newskg.rdf.graph import to_graph
from newskg.validate import validate

# news-like pieces, so that quotes, titles, names and cue words meet in odd combinations
PIECES = ["“", "”", '"', "‘", "’", "«", "»", "„", "'", " ", "\n", "\n\n", ".", ",", ":", "(", ")", " – ",
          "Russia", "Moscow", "NATO", "Ukrainian", "Foreign Minister", "Jens Stoltenberg", "Stoltenberg",
          " said", " he said", " accused ", " met ", " is not a member of ", " called on ", "the alliance",
          "If ", " warned ", "Brussels (dpa) – ", "Reading Time: 3 minutes", "U.S.", " J. ", "al-Assad",
          "مرحبا", "שלום", "\u200f", "日本", "🙂", "\t"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join),
)


@pytest.fixture(scope="module")
def nlp():
    return load(None)


def check(nlp, text: str) -> None:
    article = replace(parse_text(text, "prop.txt"), key="prop")
    x = extract(nlp(article.analysis_text()), article)
    n = len(text)
    spans = [m.span for m in x.mentions]
    spans += [s for p in x.posts for s in (p.span, p.sentence)]
    spans += [s for q in x.quotes for s in (q.span, q.sentence)]
    spans += [s for r in x.relations for s in (r.trigger, r.sentence)]
    for s in spans:
        assert 0 <= s.start <= s.end <= n
    for m in x.mentions:
        assert text[m.span.start:m.span.end] == m.text
    for q in x.quotes:
        assert text[q.span.start:q.span.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
    keys = {e.key for e in x.entities}
    assert all(r.agent in keys and r.target in keys for r in x.relations)
    report = validate(to_graph(x), engine="turbo")
    assert report.conforms, report.text[:2000]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_extraction_on_arbitrary_text(nlp, text):
    check(nlp, text)


@pytest.mark.parametrize("text", [
    "",                                   # nothing at all
    "“unbalanced quote with no end\n\nand another “ here",
    "“nested ‘inner “deeper” inner’ outer”",
    "‹ exotic › 「quote」 『another』 ‚low‘",
    "word " * 10_000 + ".",               # a 10,000-token sentence
    "ابو مازن قال “سلام” \u202eRTL override\u202c and Hebrew “שלום” said Abbas.",
])
def test_hostile_texts(nlp, text):
    check(nlp, text)


def test_the_reference_engine_agrees_on_a_hostile_text(nlp):
    text = "“We call on Moscow,” Jens Stoltenberg said. Russia is not a member of NATO.\n\n“Still.”"
    article = replace(parse_text(text, "prop.txt"), key="prop")
    graph = to_graph(extract(nlp(article.analysis_text()), article))
    assert validate(graph, engine="pyshacl").conforms and validate(graph, engine="turbo").conforms


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_garbage_bytes_decode_or_raise_input_error(data):
    try:
        text, warnings = decode(data, "garbage.bin")
    except InputError as exc:
        assert "garbage.bin" in str(exc)
    else:
        assert isinstance(text, str) and text.strip()
        assert all(isinstance(w, str) for w in warnings)
