"""Lossless repairs of scrape damage: literal ``x0dx0a`` for lost line breaks,
HTML entities left in text, zero-width characters.  Everything undone is
returned as a :class:`~translator.document.Removed` record.
"""

from __future__ import annotations

import html
import re

from ..document import Removed
from .html import fix_c1_references

# --- lossless repairs --------------------------------------------------------

# A lost CR LF saved as the literal text "x0dx0a" (or an escaped "\r\n").
_CRLF_LITERAL = re.compile(r"(?:x0dx0a|\\r\\n)+", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


def repair_text(text: str) -> tuple[str, list[Removed]]:
    """Line breaks, entities and invisible characters, fixed without losing anything."""
    removed: list[Removed] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")

    def crlf(m: re.Match[str]) -> str:
        removed.append(Removed("artefact", m.group(0), "literal line break marker → paragraph break"))
        return "\n\n"

    if "x0d" in text or "X0D" in text or "\\r\\n" in text:
        text = _CRLF_LITERAL.sub(crlf, text)
    if "&" in text:
        text = fix_c1_references(text)
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if not text.isascii() and _INVISIBLE.search(text):
        n = len(_INVISIBLE.findall(text))
        removed.append(Removed("artefact", f"{n} invisible character(s)", "zero-width / soft hyphen"))
        text = _INVISIBLE.sub("", text)
    return text.replace("\xa0", " "), removed
