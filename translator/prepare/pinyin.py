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
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

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
    pos = line = line_start = 0
    for m in _ANNOTATION.finditer(text):
        start, end = m.span()
        breaks = text.count("\n", pos, start)
        if breaks:  # the line changed: it starts after the last break since the previous annotation
            line += breaks
            line_start = text.rfind("\n", pos, start) + 1
        decided = _decision(text[max(line_start, start - 4) : end])
        parts.append(text[pos:start])
        if decided is None:
            parts.append(m.group(0))
        else:
            hits.append((line, *decided))
        pos = end
    if not hits:
        return text, hits
    parts.append(text[pos:])
    return "".join(parts), hits


@dataclass(slots=True)
class Line:
    """One non-empty line of an article, as the later stages need it."""

    raw: str  # as found, edges trimmed
    original: str  # the same without its pinyin annotations
    heading: bool = False  # the HTML marked it as a heading
    artefacts: list[Removed] = field(default_factory=list)  # the annotations removed from it


def article_lines(text: str, headings: Collection[str] = ()) -> list[Line]:
    """The non-empty lines of ``text``, each without its pinyin annotations.

    ``headings`` are the texts an HTML page marked as headings; a line equal
    to one of them is a heading whatever its punctuation.  The text is read
    a line at a time (an annotation never spans lines), so no second copy of
    it is made.
    """
    lines: list[Line] = []
    any_parens = "(" in text or "（" in text
    for rawline in _split_lines(text):
        raw = rawline.strip(_EDGES)
        if not raw or raw.isspace():  # a line of other whitespace (U+001E, U+0085 ...) is empty too
            continue
        artefacts: list[Removed] = []
        original = raw
        if any_parens and ("(" in raw or "（" in raw):
            stripped, hits = strip_annotations(rawline)
            if hits:
                artefacts = [Removed("artefact", annotation, note) for _, annotation, note in hits]
                original = stripped.strip(_EDGES)
        lines.append(Line(raw, original, raw in headings, artefacts))
    return lines


def _split_lines(text: str) -> Iterator[str]:
    """``text.split("\\n")``, one line at a time."""
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            yield text[pos:]
            return
        yield text[pos:end]
        pos = end + 1


_EDGES = " \t\u3000"
# Decisions by context (up to four characters before, then the annotation), shared by all
# texts; emptied when it reaches DECISIONS_LIMIT so scraped input cannot grow it without end.
# A decision to remove holds the annotation and the note, one string object each for every
# removal with that context, so a long article's thousands of removals share them.
_DECISIONS: dict[str, tuple[str, str] | None] = {}
_SHARED: dict[str, str] = {}  # one object per distinct annotation and note
DECISIONS_LIMIT = 200_000


def _decision(key: str) -> tuple[str, str] | None:
    """``(annotation, note)`` for the annotation that ends ``key`` (its context, then ``(...)``), or None to keep it."""
    if key in _DECISIONS:
        return _DECISIONS[key]
    if len(_DECISIONS) >= DECISIONS_LIMIT:
        _DECISIONS.clear()
        _SHARED.clear()
    p = max(key.rfind("("), key.rfind("（"))
    note = _annotation_owner(key[:p], key[p + 1 : -1])
    if note is None:
        decided = None
    else:
        annotation = key[p:]
        decided = (_SHARED.setdefault(annotation, annotation), _SHARED.setdefault(note, note))
    _DECISIONS[key] = decided
    return decided


def _annotation_owner(before: str, annotation: str) -> str | None:
    """The removal note when ``annotation`` (inside the parentheses) is a reading of the
    characters that end ``before``; None when it is not (a real parenthesis)."""
    syllables = re.split(r"[ ']", annotation)
    chars = before[-len(syllables) :] if len(before) >= len(syllables) else ""
    if chars and all(_HAN_CHAR.fullmatch(c) for c in chars) and _is_reading(chars, syllables):
        return f"pinyin annotation after {chars}"
    return None
