"""Bytes → text, with the reasons a file cannot be read spelt out."""
from __future__ import annotations

import codecs
import unicodedata

from newskg.errors import InputError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

MAX_BYTES = 500_000_000          # a file; JSON-lines files hold many articles


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode an article file; returns the text and warnings. Raises InputError with the file name."""
    warnings: list[str] = []
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file is {len(data) / 1e6:.0f} MB, larger than the {MAX_BYTES // 1_000_000} MB limit",
                         "split it into several files")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                                 f"(byte {exc.start})", "re-save the file as UTF-8") from None
            break
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text",
                             "pass .txt, .html or .jsonl articles; convert PDFs or documents to text first")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _looks_binary(data):
                raise InputError(f"{name}: binary file, not text", "pass .txt, .html or .jsonl articles") from None
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"{name}: not valid UTF-8 (byte {exc.start}); read as Windows-1252/Latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t")
    if bad:
        text = "".join(" " if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text)
        warnings.append(f"{name}: {bad} control character(s) replaced by spaces")
    if not text.strip():
        raise InputError(f"{name}: empty article (no text)", "remove the file or add the article text")
    return text, warnings


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    odd = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return odd > len(sample) * 0.05
