"""Paragraphs to sentences.  Pure functions on normalized text.

A sentence ends after 。！？； or an ellipsis (…… / …), or after the closing
quotes and brackets that directly follow one.  Nothing splits inside 《》,
quotes or brackets.  An opening quote that is never closed (scrape damage)
does not swallow the rest of the paragraph: only balanced pairs count.

Sentences longer than :data:`MAX_LEN` characters are split further at ；
then ，so no engine length limit truncates them; each such piece but the
last carries ``joins_next`` so exports can rejoin the sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple


MAX_LEN = 150
TERMINATORS = "。！？；"
OPENERS = "“‘「『《（(【〈"
CLOSERS = "”’」』》）)】〉"
_PAIR = dict(zip(OPENERS, CLOSERS))
_TOKEN = re.compile(rf"[{TERMINATORS}!?]+|…+|\.{{3,}}|(?<=[A-Za-z])\.(?=\s)|[{re.escape(OPENERS + CLOSERS)}]")
_PAIR_CHARS = re.compile(f"[{re.escape(OPENERS + CLOSERS)}]")


class Span(NamedTuple):
    start: int
    end: int
    joins_next: bool = False


def _pair_deltas(text: str) -> dict[int, int]:
    """+1 at each opener and -1 at each closer of a balanced pair; unmatched ones are left out.

    A closer matches the nearest open pair of its type; pairs opened inside it
    and never closed are dropped with it.
    """
    delta: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for m in _PAIR_CHARS.finditer(text):
        ch, pos = m.group(0), m.start()
        if ch in _PAIR:
            stack.append((ch, pos))
            continue
        for k in range(len(stack) - 1, -1, -1):
            if _PAIR[stack[k][0]] == ch:
                delta[stack[k][1]] = 1
                delta[pos] = -1
                del stack[k:]
                break
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
_SIMPLE_SENTENCE = re.compile(rf"[^{TERMINATORS}…]*(?:[{TERMINATORS}]+|…+)[{re.escape(CLOSERS)}]*|[^{TERMINATORS}…]+$")
# Sound because pairs are matched to the next closer of their type unless a
# same-type opener intervenes: "an opener, then a terminator or another opener
# of its type before its closer" is exactly when a pair may enclose a
# terminator.
_NEEDS_CARE = re.compile(
    "|".join(f"{re.escape(o)}[^{re.escape(c)}]*?[{TERMINATORS}…{re.escape(o)}]" for o, c in _PAIR.items())
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
            out.extend(split_long(text, Span(s, e), max_len))
    return out


def _careful_sentences(text: str, max_len: int = MAX_LEN) -> list[Span]:
    depths = _balanced_depths(text)
    tokens = list(_TOKEN.finditer(text))
    cuts: list[int] = []
    for i, m in enumerate(tokens):
        ch, pos = m.group(0), m.start()
        if ch in _PAIR or ch in CLOSERS:
            continue
        if ch[0] in "!?." and not _latin_sentence_end(text, pos, m.end()):
            continue  # a "?" glued into Chinese is a lost character, not a question
        # closers directly after the terminator belong to this sentence
        end, depth = m.end(), depths[pos]
        j = i + 1
        while j < len(tokens) and tokens[j].start() == end and tokens[j].group(0) in CLOSERS:
            nxt = tokens[j]
            if depth > 0 and depths[nxt.start()] == depth and _is_matched_closer(depths, tokens, j):
                depth -= 1
            end = nxt.end()
            j += 1
        if depth == 0:
            cuts.append(end)
    out: list[Span] = []
    for span in _spans(text, cuts):
        out.extend(split_long(text, span, max_len))
    return out


def _is_matched_closer(depths: dict[int, int], tokens: list[re.Match[str]], j: int) -> bool:
    """A closer is matched when the depth after it is lower than before it."""
    if j + 1 < len(tokens):
        return depths[tokens[j + 1].start()] < depths[tokens[j].start()]
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
        want = target * k
        best = min((p for p in points if p > last), key=lambda p: abs(p - want), default=None)
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


_SEMICOLONS = re.compile("[；;]")
_COMMAS = re.compile("[，,]")


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
