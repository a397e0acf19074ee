"""Pinyin annotations glued after characters (``產業(yè)`` → ``產業``).

An annotation is removed only where each syllable is a real reading of the
character before it (pypinyin), so real parentheses — ``(NFC)``,
``(含已摘帽贫困县)`` — stay.  :func:`article_lines` splits an article into
its lines and strips their annotations in one pass.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Collection

from ..document import Removed
from ..zh import HAN

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# Letters a pinyin syllable is written with (combining tone marks included).
_SYLLABLE_CHARS = "abcdefghijklmnopqrstuvwxyzü" + _TONED + "ɑɡê" + "".join(map(chr, range(0x300, 0x370)))
_SYLLABLE = f"[{re.escape(_SYLLABLE_CHARS)}]+"
_HAN_CHAR = re.compile(f"[{HAN}]")
_ANNOTATION = re.compile(rf"[(（]({_SYLLABLE}(?:[ ']{_SYLLABLE})*)[)）]")


def _fold(s: str) -> str:
    s = s.replace("ɑ", "a").replace("ɡ", "g").replace("v", "ü")
    return unicodedata.normalize("NFC", s)


def _strip_tone(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@functools.cache
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    out: set[str] = set()
    for c in {ch, _simplified(ch)}:
        for r in pinyin(c, style=Style.TONE, heteronym=True, errors="ignore")[:1]:
            out.update(_fold(x) for x in r)
    return frozenset(out)


@functools.cache
def _simplified(ch: str) -> str:
    from .convert import to_simplified

    s = to_simplified(ch)
    return s if len(s) == 1 else ch


def _is_reading(chars: str, syllables: list[str]) -> bool:
    if len(chars) != len(syllables):
        return False
    for ch, syl in zip(chars, syllables):
        readings = _readings(ch)
        syl = _fold(syl)
        if syl in readings:
            continue
        # An annotation typed without tone marks still names a reading.
        if syl == _strip_tone(syl) and syl in {_strip_tone(r) for r in readings}:
            continue
        return False
    return True


def strip_pinyin(line: str) -> tuple[str, list[Removed]]:
    """Remove pinyin annotations that name a real reading of the characters before them."""
    out, hits = strip_annotations(line)
    return out, [Removed("artefact", annotation, note) for _, annotation, note in hits]


Hit = tuple[int, str, str]  # (line index, the annotation as found, why it was removed)


def strip_annotations(text: str) -> tuple[str, list[Hit]]:
    """Remove pinyin annotations from a whole text, line structure kept.

    Returns the text without them and one ``(line index, annotation, note)``
    per removal, in order.  An annotation is removed when its syllables are
    readings of the Han characters just before it on the same line.
    """
    hits: list[Hit] = []
    if "(" not in text and "（" not in text:
        return text, hits
    parts: list[str] = []
    pos = line = 0
    for m in _ANNOTATION.finditer(text):
        start, end = m.span()
        line += text.count("\n", pos, start)
        line_start = text.rfind("\n", 0, start) + 1
        note = _decision(text[max(line_start, start - 4) : end])
        parts.append(text[pos:start])
        if note is None:
            parts.append(m.group(0))
        else:
            hits.append((line, m.group(0), note))
        pos = end
    if not hits:
        return text, hits
    parts.append(text[pos:])
    return "".join(parts), hits


@dataclass
class Line:
    """One non-empty line of an article, as the later stages need it."""

    raw: str  # as found, edges trimmed
    original: str  # the same without its pinyin annotations
    heading: bool = False  # the HTML marked it as a heading
    artefacts: list[Removed] = field(default_factory=list)  # the annotations removed from it


def article_lines(text: str, headings: Collection[str] = ()) -> list[Line]:
    """The non-empty lines of ``text``, each without its pinyin annotations.

    ``headings`` are the texts an HTML page marked as headings; a line equal
    to one of them is a heading whatever its punctuation.
    """
    stripped_text, hits = strip_annotations(text)
    by_line: dict[int, list[Removed]] = {}
    for k, annotation, note in hits:
        by_line.setdefault(k, []).append(Removed("artefact", annotation, note))
    lines: list[Line] = []
    for k, (rawline, line) in enumerate(zip(text.split("\n"), stripped_text.split("\n"))):
        raw = rawline.strip(_EDGES)
        if raw and not raw.isspace():  # a line of other whitespace (U+001E, U+0085 ...) is empty too
            artefacts = by_line.get(k, [])
            lines.append(Line(raw, line.strip(_EDGES) if artefacts else raw, raw in headings, artefacts))
    return lines


_EDGES = " \t\u3000"
# Decisions by context (up to four characters before, then the annotation), shared by all
# texts; emptied when it reaches DECISIONS_LIMIT so scraped input cannot grow it without end.
_DECISIONS: dict[str, str | None] = {}
DECISIONS_LIMIT = 200_000


def _decision(key: str) -> str | None:
    """The removal note for the annotation that ends ``key`` (its context, then ``(...)``), or None."""
    if key in _DECISIONS:
        return _DECISIONS[key]
    if len(_DECISIONS) >= DECISIONS_LIMIT:
        _DECISIONS.clear()
    p = max(key.rfind("("), key.rfind("（"))
    note = _DECISIONS[key] = _annotation_owner(key[:p], key[p + 1 : -1])
    return note


def _annotation_owner(before: str, annotation: str) -> str | None:
    """The removal note when ``annotation`` (inside the parentheses) is a reading of the
    characters that end ``before``; None when it is not (a real parenthesis)."""
    syllables = re.split(r"[ ']", annotation)
    chars = before[-len(syllables) :] if len(before) >= len(syllables) else ""
    if chars and all(_HAN_CHAR.fullmatch(c) for c in chars) and _is_reading(chars, syllables):
        return f"pinyin annotation after {chars}"
    return None
