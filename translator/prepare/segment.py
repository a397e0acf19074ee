"""Paragraphs to sentences.  Pure functions on normalized text.

A sentence ends after 。！？； or an ellipsis (…… / …), or after the closing
quotes and brackets that directly follow one.  Nothing splits inside 《》,
quotes or brackets.  An opening quote that is never closed (scrape damage)
does not swallow the rest of the paragraph: only balanced pairs count.

Sentences longer than :data:`MAX_LEN` characters are split further at ；
then ，so no engine length limit truncates them; each such piece but the
last carries ``joins_next`` so exports can rejoin the sentence.  A piece
still longer than :data:`HARD_MAX` (a run with no such mark) is cut
mechanically, preferably at a space, a punctuation mark or the edge of a
Latin word; such a piece carries ``hard_cut`` too, for a reviewer to check
the join.

Every scan here is linear in the paragraph's length.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import NamedTuple

from .. import zh

MAX_LEN = 150
HARD_MAX = 300  # no segment is longer: a longer run without ；or ，is cut mechanically
TERMINATORS = zh.SENTENCE_END + zh.SEMICOLON
_PAIR = {**zh.PAIRS, "(": ")"}  # ASCII parentheses enclose text too
OPENERS = "".join(_PAIR)
CLOSERS = "".join(_PAIR.values())
_OPENER_OF = dict(zip(CLOSERS, OPENERS))
_E = zh.ELLIPSIS
_TOKEN = re.compile(rf"[{TERMINATORS}!?]+|{_E}+|\.{{3,}}|(?<=[A-Za-z])\.(?=\s)|[{re.escape(OPENERS + CLOSERS)}]")
_PAIR_CHARS = re.compile(f"[{re.escape(OPENERS + CLOSERS)}]")


class Span(NamedTuple):
    start: int
    end: int
    joins_next: bool = False
    hard_cut: bool = False  # the span ends at a mechanical cut (see HARD_MAX), not at punctuation


def _pair_deltas(text: str) -> dict[int, int]:
    """+1 at each opener and -1 at each closer of a balanced pair; unmatched ones are left out.

    A closer matches the nearest open pair of its type; pairs opened inside it
    and never closed are dropped with it.  Linear: the open pairs are one
    stack, with the positions in it of each type's open pairs beside it, so a
    closer finds its opener without scanning, and every pair is dropped once.
    """
    delta: dict[int, int] = {}
    openers: list[str] = []  # the open pairs, innermost last: their openers ...
    positions: list[int] = []  # ... and where they are
    open_at: dict[str, list[int]] = {o: [] for o in OPENERS}  # indices into the two, per opener
    for m in _PAIR_CHARS.finditer(text):
        ch, pos = m.group(0), m.start()
        if ch in _PAIR:
            open_at[ch].append(len(openers))
            openers.append(ch)
            positions.append(pos)
            continue
        mine = open_at[_OPENER_OF[ch]]
        if not mine:
            continue  # a closer nothing opened
        k = mine[-1]
        delta[positions[k]] = 1
        delta[pos] = -1
        while len(openers) > k:  # this pair, and the pairs opened inside it and never closed
            open_at[openers.pop()].pop()
            positions.pop()
    return delta


def _balanced_depths(text: str) -> dict[int, int]:
    """Nesting depth *before* each punctuation token, counting only balanced pairs."""
    delta = _pair_deltas(text)
    depth = 0
    depths: dict[int, int] = {}
    for m in _TOKEN.finditer(text):
        pos = m.start()
        depths[pos] = depth
        depth += delta.get(pos, 0)
    return depths


# A sentence with no terminator inside quotes or brackets: the common case,
# split by one regex.  Paragraphs where a terminator may sit inside a
# pair, or where an ASCII . ! ? may end a sentence, take the careful path below.
_SIMPLE_SENTENCE = re.compile(rf"[^{TERMINATORS}{_E}]*(?:[{TERMINATORS}]+|{_E}+)[{re.escape(CLOSERS)}]*|[^{TERMINATORS}{_E}]+$")
# Sound because pairs are matched to the next closer of their type unless a
# same-type opener intervenes: "an opener, then a terminator or another opener
# of its type before its closer" is exactly when a pair may enclose a
# terminator.
_NEEDS_CARE = re.compile(
    "|".join(f"{re.escape(o)}[^{re.escape(c)}]*?[{TERMINATORS}{_E}{re.escape(o)}]" for o, c in _PAIR.items())
    + r"|[A-Za-z][.]|[!?]|\.\.\."
)


def sentences(text: str, max_len: int = MAX_LEN) -> list[Span]:
    """Sentence spans of one paragraph, covering it with no gaps (outer whitespace trimmed).

    Most paragraphs have no terminator inside quotes or brackets and no ASCII
    sentence mark: one regex splits those.  The others take the careful path,
    which tracks balanced pairs (a test checks both paths agree where the
    fast one is taken).
    """
    if _NEEDS_CARE.search(text):
        return _careful_sentences(text, max_len)
    out: list[Span] = []
    for m in _SIMPLE_SENTENCE.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if e > s:
            out.extend(_split(text, Span(s, e), max_len))
    return out


def _careful_sentences(text: str, max_len: int = MAX_LEN) -> list[Span]:
    depths = _balanced_depths(text)
    # The tokens as three lists of numbers and strings, not a list of match
    # objects: nothing here for the garbage collector to walk, however long.
    starts: list[int] = []
    ends: list[int] = []
    marks: list[str] = []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        marks.append(m.group(0))
    n = len(starts)
    cuts: list[int] = []
    for i in range(n):
        ch, pos = marks[i], starts[i]
        if ch in _PAIR or ch in CLOSERS:
            continue
        if ch[0] in "!?." and not _latin_sentence_end(text, pos, ends[i]):
            continue  # a "?" glued into Chinese is a lost character, not a question
        # closers directly after the terminator belong to this sentence
        end, depth = ends[i], depths[pos]
        j = i + 1
        while j < n and starts[j] == end and marks[j] in CLOSERS:
            if depth > 0 and depths[starts[j]] == depth and _is_matched_closer(depths, starts, j):
                depth -= 1
            end = ends[j]
            j += 1
        if depth == 0:
            cuts.append(end)
    out: list[Span] = []
    for span in _spans(text, cuts):
        out.extend(_split(text, span, max_len))
    return out


def _split(text: str, span: Span, max_len: int) -> list[Span]:
    """A sentence split at ；，(:func:`split_long`), then at :data:`HARD_MAX` (:func:`hard_cut`)."""
    if span.end - span.start <= min(max_len, HARD_MAX):
        return [span]
    out: list[Span] = []
    for piece in split_long(text, span, max_len):
        out.extend(hard_cut(text, piece))
    return out


def hard_cut(text: str, span: Span, limit: int = HARD_MAX) -> list[Span]:
    """``span`` cut into pieces of at most ``limit`` characters, each but the last marked ``hard_cut``.

    Within the last half of each piece's room the cut is made, nearest the
    limit, after a space (best), or after a punctuation mark or at the edge
    of a Latin word or number; failing those, at the limit (never between a
    character and a combining mark that follows it).  Pieces are trimmed,
    and all but the last carry ``joins_next``.
    """
    if span.end - span.start <= limit:
        return [span]
    out: list[Span] = []
    start, end = span.start, span.end
    while end - start > limit:
        cut = _cut_point(text, start, start + limit)
        s, e = _trim(text, start, cut)
        out.append(Span(s, e, True, True))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        s, e = _trim(text, start, end)
        out.append(Span(s, e, span.joins_next, span.hard_cut))
    else:  # only space was left: the last piece ends the span
        last = out[-1]
        out[-1] = Span(last.start, last.end, span.joins_next, span.hard_cut)
    return out


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:]`` so the piece ends at or before ``limit`` (see :func:`hard_cut`)."""
    floor = start + max(1, (limit - start) // 2)
    punct = -1
    for c in range(limit, floor - 1, -1):
        before, after = text[c - 1], text[c]
        if before.isspace() or after.isspace():
            return c
        if punct < 0 and (_is_latin(before) != _is_latin(after) or _is_mark(before)):
            punct = c
    if punct >= 0:
        return punct
    c = limit
    while c > floor and _is_attached(text[c]):
        c -= 1
    return c


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_mark(ch: str) -> bool:
    """Punctuation or a symbol (a piece may end after it)."""
    return not ch.isalnum() and unicodedata.category(ch)[0] in "PS"


def _is_attached(ch: str) -> bool:
    """A character that belongs to the one before it (combining mark, variation selector, joiner)."""
    return unicodedata.combining(ch) > 0 or unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _is_matched_closer(depths: dict[int, int], starts: list[int], j: int) -> bool:
    """A closer (the token starting at ``starts[j]``) is matched when the depth after it is lower than before it."""
    if j + 1 < len(starts):
        return depths[starts[j + 1]] < depths[starts[j]]
    return True


def _latin_sentence_end(text: str, start: int, end: int) -> bool:
    """ASCII ! ? . end a sentence only after a Latin word and before a space or the end.

    Chinese question and exclamation marks were made full-width by
    normalization, so an ASCII one left between Chinese characters is debris.
    """
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before.isascii() and before.isalnum() and (not after or after.isspace())


def _spans(text: str, cuts: list[int]) -> list[Span]:
    out: list[Span] = []
    start = 0
    for c in sorted(set(cuts)) + [len(text)]:
        s, e = _trim(text, start, c)
        if e > s:
            out.append(Span(s, e))
        start = c
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def split_long(text: str, span: Span, max_len: int = MAX_LEN) -> list[Span]:
    """Split a sentence over ``max_len`` at ；, then ，, outside quotes and brackets.

    Pieces are as even as possible and each at most ``max_len`` where the
    punctuation allows; a stretch with no such mark stays whole.
    """
    length = span.end - span.start
    if length <= max_len:
        return [span]
    sub = text[span.start : span.end]
    for marks in (_SEMICOLONS, _COMMAS):
        candidates = [m.start() for m in marks.finditer(sub) if 0 < m.start() + 1 < len(sub)]
        points = [i + 1 for i, d in zip(candidates, _depths_at(sub, candidates)) if d == 0]
        if points:
            break
    else:
        return [span]
    pieces = int(-(-length // max_len))  # ceil
    cuts: list[int] = []
    target = length / pieces
    last = 0
    for k in range(1, pieces):
        best = _nearest_after(points, last, target * k)
        if best is None:
            break
        cuts.append(best)
        last = best
    out: list[Span] = []
    start = 0
    for c in cuts + [len(sub)]:
        s, e = _trim(sub, start, c)
        if e > s:
            out.append(Span(span.start + s, span.start + e, joins_next=True))
        start = c
    out[-1] = Span(out[-1].start, out[-1].end, span.joins_next)
    # a piece still too long (uneven marks) is split again
    result: list[Span] = []
    for piece in out:
        if piece.end - piece.start > max_len and len(out) > 1:
            inner = split_long(text, Span(piece.start, piece.end), max_len)
            inner[-1] = Span(inner[-1].start, inner[-1].end, piece.joins_next)
            result.extend(inner)
        else:
            result.append(piece)
    return result


def _nearest_after(points: list[int], last: int, want: float) -> int | None:
    """Of the sorted ``points`` after ``last``, the one nearest ``want`` (the smaller on a tie).

    Two binary searches, where scanning every point for every cut made
    splitting a long sentence quadratic.
    """
    lo = bisect.bisect_right(points, last)
    if lo == len(points):
        return None
    j = bisect.bisect_left(points, want, lo)
    if j == lo:
        return points[lo]
    if j == len(points):
        return points[-1]
    below, above = points[j - 1], points[j]
    return below if want - below <= above - want else above


_SEMICOLONS = re.compile(f"[{zh.SEMICOLON};]")
_COMMAS = re.compile(f"[{zh.COMMA},]")


def _depths_at(text: str, positions: list[int]) -> list[int]:
    """Nesting depth (balanced pairs only) at each of ``positions`` (sorted, not pair characters)."""
    if not positions:
        return []
    delta = _pair_deltas(text)
    if not delta:
        return [0] * len(positions)
    events = sorted(delta.items())
    out: list[int] = []
    depth = j = 0
    for p in positions:
        while j < len(events) and events[j][0] < p:
            depth += events[j][1]
            j += 1
        out.append(depth)
    return out
