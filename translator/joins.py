"""The English of one sentence the segmenter split (``joins_next``), read as one sentence.

A sentence over 150 characters is split at ；/，(:mod:`translator.prepare.segment`)
and each piece is translated alone, so an engine writes each as a sentence of
its own, capital first: rejoined, "…decision dispose, It set clear…".  The
piece that continues a sentence starts lower-case ("…, it set clear…"),
unless its first word is a name: ``I``, an acronym or a word with inner
capitals (``MIIT``, ``IoT``), a word the caller knows as a name (the
glossary's English, words written with a capital inside sentences), or the
first of a run of capitalised words (``Nanchang University``).

:func:`continue_sentence` does it to one piece, :func:`join` to the pieces of
a sentence; :func:`names_in` collects the words written with a capital inside
sentences.  Pure: nothing loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

__all__ = ["continue_sentence", "join", "names_in"]

_FIRST = regex.compile(r"^(?P<lead>[\s\"'“‘(\[]*)(?P<word>\p{L}[\p{L}\p{N}'’\-]*)(?P<rest>.*)$", regex.DOTALL)
_ENDED = regex.compile(r"[.!?…][\"'”’)\]]*\s*$")  # English that ends its sentence
_NEXT_WORD = regex.compile(r"^\s+(?P<word>\p{L}[\p{L}\p{N}'’\-]*)")
_WORDS = regex.compile(r"(?<=[\p{L}\p{N},;)\"'”’]\s+)(?P<word>\p{Lu}[\p{L}\p{N}'’\-]*)")
# Words that start a clause and are never names, whatever follows them (The Department of ...).
_FUNCTION = frozenset(
    """the a an it its this that these those there then they them their we our he his she her you your
    and or but so yet nor as at by for from in into of on onto to with without within while when where
    which who whom whose what how why if though although because since until after before also not no
    all both each every many more most some such other another one two three first second last next
    has have had is are was were be been being do does did can could will would shall should may might
    must""".split()
)


def names_in(texts: Iterable[str]) -> set[str]:
    """Words written with a capital inside a sentence (after a word or a comma, not after a
    full stop or a colon) in ``texts``: names, kept capitalised where a piece starts with one."""
    return {m.group("word") for text in texts for m in _WORDS.finditer(text or "")}


def _is_name(word: str, rest: str, names: set[str] | frozenset[str]) -> bool:
    if word == "I" or word.startswith(("I'", "I’")):
        return True
    if any(c.isupper() or c.isdigit() for c in word[1:]):
        return True  # MIIT, IoT, McDonald, G20
    if word.lower() in _FUNCTION:
        return False
    if word in names:
        return True
    nxt = _NEXT_WORD.match(rest)
    return bool(nxt and nxt.group("word")[:1].isupper())


def continue_sentence(text: str, names: set[str] | frozenset[str] = frozenset(), *, after: str = "") -> str:
    """``text`` as the continuation of a sentence: its first letter lower-case unless it
    starts a name (see the module's docstring).  A piece that opens a quotation keeps it,
    and so does a piece ``after`` English that ended its sentence ("….": a capital is right)."""
    if _ENDED.search(after):
        return text
    m = _FIRST.match(text)
    if m is None or not m.group("word")[:1].isupper() or m.group("lead").strip():
        return text
    word, rest = m.group("word"), m.group("rest")
    if _is_name(word, rest, names):
        return text
    return m.group("lead") + word[0].lower() + word[1:] + rest


def join(targets: Sequence[str], names: set[str] | frozenset[str] | None = None) -> str:
    """The English pieces of one sentence rejoined with a space (empty ones skipped), each
    piece after the first continuing the sentence.  Without ``names``, the words written
    with a capital inside the pieces themselves count as names."""
    pieces = [t.strip() for t in targets if t and t.strip()]
    if names is None:
        names = names_in(pieces)
    if not pieces:
        return ""
    out = [pieces[0]]
    for piece in pieces[1:]:
        out.append(continue_sentence(piece, names, after=out[-1]))
    return " ".join(out)
