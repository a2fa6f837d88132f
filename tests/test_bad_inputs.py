"""A corpus of hostile inputs built in one batch: each bad file gets a clear message naming it (or
is read correctly), never a traceback, and the good articles of the batch are built."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEWSKG = Path(sys.executable).parent / "newskg"
GOOD = ("Talks in Oslo\n\nNorwegian Foreign Minister Ola Berg met Swedish officials in Oslo on Monday. "
        "“We agree on the quotas,” Berg said.\n")


def write_corpus(d: Path) -> dict[str, str]:
    """File name → what the user should see: 'built', or a phrase of its error message."""
    files: dict[str, tuple[bytes, str]] = {
        "good.txt": (GOOD.encode(), "built"),
        "empty.txt": (b"", "empty article"),
        "blank.txt": (b" \n\t \n\n", "empty article"),
        "binary.txt": (b"\x00\x01\x02PK\x03\x04" * 200, "binary file"),
        "latin1.txt": ("Café in Zürich\n\nGerman Chancellor Olaf Scholz visited Zürich.\n".encode("latin-1"), "built"),
        "utf16.txt": (("Talks\n\nFrench President Emmanuel Macron met Olaf Scholz in Paris.\n").encode("utf-16"), "built"),
        "bad-utf8.txt": (b"Headline\n\nThe minister said \x80\x81 nothing.\n", "built"),
        "huge.txt": (("Word " * 4_000_000).encode(), "too long for one article"),
        "scripts.html": (("<html><head><title>Border talks</title><style>body{color:red}</style>"
                          "<script>var x = '“not a quote”'; alert(1)</script></head><body><nav>Home | News</nav>"
                          "<article><h1>Border talks</h1><p>Polish President Andrzej Duda met NATO Secretary General "
                          "Mark Rutte in Warsaw on Monday.</p><p>“We stand together,” Duda said after the meeting "
                          "with the alliance chief.</p><p>Poland called on Belarus to end the crisis at the border, "
                          "which officials in Warsaw say was staged.</p></article><script>track()</script>"
                          "</body></html>").encode(), "built"),
        "unbalanced.txt": ("Row\n\n“This never ends, the minister said.\n\nAnd « this » is „fine“.\n".encode(), "built"),
        "long-sentence.txt": (("Headline\n\n" + "and the talks went on " * 2500 + ".\n").encode(), "built"),
        "control.txt": ("Headline\n\nThe\x07 minister\x1b said\x0b hello.\n".encode(), "built"),
        "rtl.txt": ("عنوان\n\nقال الوزير “مرحبا” في القدس. Israeli officials said “שלום”.\n".encode(), "built"),
        "no-entities.txt": (b"Weather\n\nit rained all day and nobody went out.\n", "built"),
        "bad.jsonl": (b'{"text": "Talks\\n\\nUkraine met Poland.", "date": "2022-01-05"}\n{not json}\n'
                      b'{"title": "no text here"}\n', "line 2"),
    }
    for name, (data, _) in files.items():
        (d / name).write_bytes(data)
    return {name: expect for name, (_, expect) in files.items()}


@pytest.mark.slow
def test_hostile_corpus(tmp_path):
    src, store = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    expect = write_corpus(src)
    r = subprocess.run([str(NEWSKG), "build", str(src), "--store", str(store)], capture_output=True, text=True,
                       env={**os.environ, "COLUMNS": "400"}, timeout=600)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    for name, what in expect.items():
        if what != "built":
            line = next((l for l in r.stderr.splitlines() if name in l), "")
            assert what in line, f"{name}: expected {what!r} in its message; stderr:\n{r.stderr}"
    assert "bad.jsonl line 3" in r.stderr and "no \"text\"" in r.stderr
    q = subprocess.run([str(NEWSKG), "query", "SELECT DISTINCT ?source WHERE { GRAPH ?g { ?g nkg:sourceFile ?source } }",
                        "--store", str(store), "--format", "json"], capture_output=True, text=True)
    built = {b["source"]["value"] for b in json.loads(q.stdout)["results"]["bindings"]}
    want = {n for n, w in expect.items() if w == "built"} | {"bad.jsonl#1"}
    assert built == want
    # the repaired encodings were read as text, with a warning where something was guessed
    assert "latin1.txt" in r.stderr and "Windows-1252" in r.stderr
    assert "control character" in r.stderr


def test_html_keeps_the_article_and_drops_scripts(tmp_path):
    from newskg.ingest import read
    expect = write_corpus(tmp_path)
    del expect
    article = next(a for a in read([tmp_path / "scripts.html"]))
    assert "Andrzej Duda met NATO Secretary General" in article.text
    assert "alert(1)" not in article.text and "not a quote" not in article.text and "color:red" not in article.text
    assert article.title == "Border talks" and article.text.count("Border talks") == 1
