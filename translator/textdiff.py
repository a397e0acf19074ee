"""What differs between two sources: the diff a memory match shows against the segment being translated.

A CAT tool shows a fuzzy match's source with what the current source adds
and lacks marked, so a 99 % match that differs by a closing quote is told
at a glance from one that differs by a number.  :func:`diff` is that, as a
list of ``[op, text]`` pairs (:data:`~translator.vocabulary.DIFF_OPS`):
``equal`` text both share, ``delete`` text only the match's source has,
``insert`` text only this segment's source has.  Chinese is compared
character by character (a Han character is a word); a run of Latin letters
or of digits is one token, so ``2019`` against ``2020`` is one change, not
two digits.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import regex

from .vocabulary import DIFF_OPS

EQUAL, DELETE, INSERT = DIFF_OPS
#: A token: a run of Latin letters, a run of digits (full-width too), or any other single character.
_TOKEN = regex.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+|[0-9０-９]+(?:[.,][0-9０-９]+)*|.", regex.S)
#: Longest sources compared token by token; beyond that the diff is one delete and one insert.
MAX_DIFF = 5_000


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff(match_source: str, source: str) -> list[list[str]]:
    """The edit from ``match_source`` (a memory match's source) to ``source``, as ``[op, text]`` pairs."""
    if match_source == source:
        return [[EQUAL, source]] if source else []
    if len(match_source) > MAX_DIFF or len(source) > MAX_DIFF:
        return [p for p in ([DELETE, match_source], [INSERT, source]) if p[1]]
    a, b = tokens(match_source), tokens(source)
    out: list[list[str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1][1] += text
        else:
            out.append([op, text])

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(DELETE, "".join(a[i1:i2]))
            add(INSERT, "".join(b[j1:j2]))
    return out
