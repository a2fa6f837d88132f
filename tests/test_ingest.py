"""newskg.ingest: files and folders → Article records, or an InputError per file that cannot be read."""
from __future__ import annotations

import codecs
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newskg.errors import InputError
from newskg.ingest import read
from newskg.model import Article


def read_all(*paths: Path) -> tuple[list[Article], list[InputError]]:
    items = list(read(list(paths)))
    articles = [x for x in items if isinstance(x, Article)]
    errors = [x for x in items if isinstance(x, InputError)]
    assert len(articles) + len(errors) == len(items), f"read() yielded something else: {items!r}"
    return articles, errors


def read_one(path: Path) -> Article:
    articles, errors = read_all(path)
    assert not errors, [str(e) for e in errors]
    assert len(articles) == 1
    return articles[0]


# ---------------------------------------------------------------- plain text


ARTICLE = (
    "\n\n   Fishing talks collapse in Reykjavik\n"
    "\n"
    "Reading Time: 3 minutes\n"
    "\n"
    "Reykjavik (Reuters) – Fisheries ministers from four northern states left the talks on Friday.\n"
    "\n"
    "The chair said a second round would follow in the autumn.\n"
)


def test_headline_is_first_nonempty_line(tmp_path):
    f = tmp_path / "talks.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    a = read_one(f)
    assert a.title == "Fishing talks collapse in Reykjavik"
    assert a.source == "talks.txt"
    assert a.text == ARTICLE, "the stored text must be the file's text exactly (offsets refer to it)"


@pytest.mark.parametrize("line, place, agency", [
    ("Brussels (dpa) – NATO ministers met on Tuesday.", "Brussels", "dpa"),
    ("Reykjavik (Reuters) – Fisheries ministers met on Friday.", "Reykjavik", "Reuters"),
    ("Geneva (AFP) — Negotiators resumed their work.", "Geneva", "AFP"),
])
def test_dateline_gives_place_and_agency(tmp_path, line, place, agency):
    f = tmp_path / "a.txt"
    f.write_text(f"Some headline about talks\n\n{line}\n\nA second paragraph.\n", encoding="utf-8")
    a = read_one(f)
    assert a.dateline_place == place
    assert a.agency == agency


def test_no_dateline_in_an_ordinary_first_paragraph(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Quiet week in parliament\n\nThe members of parliament debated the budget for hours.\n",
                 encoding="utf-8")
    a = read_one(f)
    assert a.agency is None
    assert a.dateline_place is None


def test_boilerplate_is_masked_with_offsets_unchanged(tmp_path):
    f = tmp_path / "talks.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    a = read_one(f)
    line = "Reading Time: 3 minutes"
    start = ARTICLE.index(line)
    assert any(m.start <= start and start + len(line) <= m.end for m in a.masked), a.masked
    # only the boilerplate is masked: the headline and the body are not
    for m in a.masked:
        assert ARTICLE[m.start:m.end].strip() == line
    analysed = a.analysis_text()
    assert len(analysed) == len(a.text)
    assert line not in analysed
    assert analysed[start:start + len(line)].strip() == ""
    # everything else is untouched, character for character
    for i, (x, y) in enumerate(zip(a.text, analysed)):
        if not (start <= i < start + len(line)):
            assert x == y, f"character {i} changed: {x!r} → {y!r}"
    assert a.text == ARTICLE


def test_boilerplate_before_the_headline_is_not_the_headline(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Reading Time: 2 minutes\n\nHarbour strike enters second week\n\nDockers stayed out.\n",
                 encoding="utf-8")
    a = read_one(f)
    assert a.title == "Harbour strike enters second week"


def test_sentence_mentioning_reading_time_is_not_boilerplate(tmp_path):
    text = "Budget report\n\nThe reading time of the report is three hours, the minister said.\n"
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    a = read_one(f)
    assert a.masked == ()
    assert a.analysis_text() == text


# ---------------------------------------------------------------- JSON lines


def test_jsonl_one_article_per_line_and_a_bad_line_named(tmp_path):
    rows = [
        json.dumps({"text": "Leaders of the two states met in Rome on Monday.", "title": "Rome summit opens",
                    "date": "2021-04-13", "url": "https://example.org/rome"}),
        '{"text": "this line is broken", ',
        json.dumps({"text": "Farmers blocked roads near the capital.", "title": "Farm protest spreads"}),
    ]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, errors = read_all(f)
    assert len(errors) == 1
    assert "feed.jsonl line 2" in str(errors[0])
    assert len(articles) == 2
    first, third = articles
    assert first.title == "Rome summit opens"
    assert first.published == date(2021, 4, 13)
    assert first.url == "https://example.org/rome"
    assert "Leaders of the two states met in Rome on Monday." in first.text
    assert third.title == "Farm protest spreads"
    assert "Farmers blocked roads near the capital." in third.text
    assert third.published is None
    # each line is its own article with its own source and stable key
    assert first.source != third.source
    assert first.key and third.key and first.key != third.key


def test_jsonl_line_without_text_is_an_error_naming_the_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"title": "No body"}) + "\n" +
                 json.dumps({"text": "Body of the second article."}) + "\n", encoding="utf-8")
    articles, errors = read_all(f)
    assert [str(e).split(":")[0] for e in errors] == ["feed.jsonl line 1"]
    assert len(articles) == 1 and "Body of the second article." in articles[0].text


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour talks end without a deal | Example News</title>
<style>body { font-family: sans-serif; } .STYLEJUNK { color: red; }</style>
<script>var tracker = "SCRIPTJUNK"; console.log("SCRIPTJUNK");</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour talks end without a deal</h1>
<p>The fishing ministers of three coastal states ended two days of talks in the harbour town on Thursday without agreeing on new quotas for the coming season.</p>
<p>Delegates said the dispute over cod stocks in the northern waters would return to the table at a second round of negotiations planned for the autumn.</p>
<p>The chair of the meeting told reporters that all sides had nevertheless agreed to share their survey data more regularly from now on.</p>
</article>
<script>document.write("SCRIPTJUNK2")</script>
</body></html>
"""


def test_html_main_text_without_script_or_style(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    a = read_one(f)
    for para in ("The fishing ministers of three coastal states ended two days of talks",
                 "Delegates said the dispute over cod stocks",
                 "The chair of the meeting told reporters"):
        assert para in a.text
    for junk in ("SCRIPTJUNK", "STYLEJUNK", "console.log", "font-family", "<p>", "</article>"):
        assert junk not in a.text
    assert a.title and "Harbour talks end without a deal" in a.title


# ---------------------------------------------------------------- folders and bad inputs


def test_folders_are_read_recursively(tmp_path):
    (tmp_path / "2021" / "04").mkdir(parents=True)
    (tmp_path / "top.txt").write_text("Top headline\n\nTop body.\n", encoding="utf-8")
    (tmp_path / "2021" / "mid.txt").write_text("Middle headline\n\nMiddle body.\n", encoding="utf-8")
    (tmp_path / "2021" / "04" / "deep.txt").write_text("Deep headline\n\nDeep body.\n", encoding="utf-8")
    articles, errors = read_all(tmp_path)
    assert not errors
    assert sorted(a.title for a in articles) == ["Deep headline", "Middle headline", "Top headline"]
    sources = {a.title: a.source for a in articles}
    assert sources["Deep headline"].endswith("deep.txt") and "04" in sources["Deep headline"]
    assert len({a.key for a in articles}) == 3


def _bad_batch(folder: Path) -> dict[str, Path]:
    good = folder / "good.txt"
    good.write_text("Ministers meet in Oslo\n\nOslo (AFP) – Ministers met on Monday.\n", encoding="utf-8")
    files = {
        "empty": folder / "empty.txt",
        "blank": folder / "blank.txt",
        "binary": folder / "binary.txt",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(b"  \n\n\t \n   ")
    files["binary"].write_bytes(b"%PDF-1.4\x00\x01\x02\x03\x00\xff\xfe binary \x00 stream")
    return {"good": good, **files}


@pytest.mark.parametrize("kind", ["empty", "blank", "binary"])
def test_unreadable_file_is_an_error_naming_it_and_the_others_still_read(tmp_path, kind):
    files = _bad_batch(tmp_path)
    articles, errors = read_all(tmp_path)
    assert "good.txt" in {a.source for a in articles}
    named = [e for e in errors if files[kind].name in str(e)]
    assert len(named) == 1, [str(e) for e in errors]
    assert "Traceback" not in str(named[0])
    assert named[0].hint, "every error says how to fix it"


def test_all_bad_files_reported_in_one_batch(tmp_path):
    files = _bad_batch(tmp_path)
    articles, errors = read_all(*(files[k] for k in ("empty", "good", "binary", "blank")))
    assert [a.source for a in articles] == ["good.txt"]
    assert len(errors) == 3
    for k in ("empty", "binary", "blank"):
        assert any(files[k].name in str(e) for e in errors)


def test_missing_path_is_an_error_naming_it_and_others_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Headline here\n\nBody here.\n", encoding="utf-8")
    missing = tmp_path / "no_such_article.txt"
    articles, errors = read_all(missing, good)
    assert [a.source for a in articles] == ["good.txt"]
    assert len(errors) == 1 and "no_such_article.txt" in str(errors[0])


def test_invalid_utf8_is_read_as_cp1252_with_a_warning(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Café owners protest\n\nParis (AFP) – Café owners marched on Monday.\n".encode("cp1252"))
    articles, errors = read_all(f)
    assert not errors
    (a,) = articles
    assert a.title == "Café owners protest"
    assert "Paris (AFP) – Café owners marched" in a.text
    assert a.agency == "AFP"
    assert a.warnings and any("latin.txt" in w for w in a.warnings)


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                        ("utf-8", codecs.BOM_UTF8)])
def test_file_with_byte_order_mark_is_read_correctly(tmp_path, codec, bom):
    text = "Talks in Kyiv end\n\nKyiv (AP) – Leaders met on Tuesday to discuss the ceasefire.\n"
    f = tmp_path / "bom.txt"
    f.write_bytes(bom + text.encode(codec))
    a = read_one(f)
    assert a.text == text
    assert a.title == "Talks in Kyiv end"
    assert a.agency == "AP" and a.dateline_place == "Kyiv"
    assert "\ufeff" not in a.text


def test_windows_line_endings_are_normalised(tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"Headline with CRLF\r\n\r\nBody line one.\r\n")
    a = read_one(f)
    assert a.title == "Headline with CRLF"
    assert "\r" not in a.text


def test_source_key_is_stable(tmp_path):
    f = tmp_path / "same.txt"
    f.write_text("Headline\n\nBody.\n", encoding="utf-8")
    assert read_one(f).key == read_one(f).key


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_garbage_gives_an_article_or_an_input_error_never_an_exception(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"garbage{suffix}"
        f.write_bytes(data)
        items = list(read([f]))  # must not raise
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, InputError):
            assert "garbage" in str(item)
        else:
            assert item.text.strip()
            for m in item.masked:
                assert 0 <= m.start <= m.end <= len(item.text)
