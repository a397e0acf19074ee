"""Detect text garbled by a wrong-encoding round trip ("mojibake").

Such a span cannot be repaired (the round trip lost bytes), so it is kept
as found and reported, never rewritten.  Garbled Chinese looks like a run of
characters that are individually rare and never form words together, mixed
with debris: kana, stray closing brackets, lone Latin letters, ``?`` and
U+FFFD.  Real text has rare characters too (名 names, 枳壳, 栀子), but they
sit inside dictionary words.

Detection is two-step so it stays cheap on megabytes of text: a regex finds
dense windows of odd characters, then jieba checks only those windows.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..zh import COMMON_HAN, COMMON_HAN_FIRST, COMMON_HAN_LAST

# Characters that are never "odd" by themselves.
_ALWAYS_OK = (
    "，。、；：？！“”‘’《》（）【】—…·「」『』〈〉"
    "\u3000 \t0123456789０１２３４５６７８９％"
)
# Every alternative starts with a character class, so the regex engine can skip
# ahead to candidates instead of trying a lookbehind at every position.
_STRONG = re.compile(f"[\u3040-\u30ff\ufffd\ue000-\uf8ff]|[?？](?<=[{COMMON_HAN}][?？])(?=[{COMMON_HAN} a-z])")
COMMON_THRESHOLD = 600  # aggregated jieba frequency below which a character is rare
WINDOW = 8
MIN_ODD = 4
MARGIN = 12  # characters looked at on each side of a dense window
RARE = 20000  # aggregated frequency below which a Han character counts as rare inside a window
_QUIET = "，。、；：！“”‘’《》（）"  # punctuation that does not count against a window


@functools.cache
def _lexicon() -> tuple[dict[str, int], dict[str, int]]:
    """Character frequencies, and the multi-character words of jieba's dictionary with theirs.

    Read straight from jieba's ``dict.txt`` (without initialising jieba's
    tokenizer, which would cost a second and a cache file).  The words are
    a dict, not a set: a dict of strings and numbers is not tracked by the
    garbage collector, so its 300,000 entries are not walked in every full
    collection while a long article is prepared.
    """
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a dependency
        raise RuntimeError("jieba is not installed")
    path = Path(spec.origin).with_name("dict.txt")
    freq: dict[str, int] = {}
    words: dict[str, int] = {}
    get = freq.get
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, f, _ = line.split(" ", 2)
            n = int(f)
            if len(word) > 1 and n >= 3:
                words[word] = n
            for ch in word:
                freq[ch] = get(ch, 0) + n
    return freq, words


def _char_freq() -> dict[str, int]:
    return _lexicon()[0]


@functools.cache
def common_chars() -> frozenset[str]:
    return frozenset(c for c, n in _char_freq().items() if n >= COMMON_THRESHOLD)


@functools.cache
def _odd_class() -> re.Pattern[str]:
    """A regex matching one 'odd' character: not common Han, not ASCII word/space, not usual punctuation."""
    common = "".join(sorted(common_chars() | set(_ALWAYS_OK)))
    escaped = re.escape(common)
    # A Latin letter glued between Han characters is odd too (``艔d黨``).
    return re.compile(f"[^{escaped}\\x20-\\x7e\\n]|[A-Za-z](?<=[{COMMON_HAN}][A-Za-z])(?=[{COMMON_HAN}])")


_REPLACEMENT = re.compile("\ufffd+")


def find_garbled(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text`` that look garbled by an encoding round trip, and every run of
    U+FFFD (bytes a decoder could not read: the characters there are lost, however few)."""
    found: list[tuple[int, int]] = []
    for a, b in _odd_windows(text):
        span = _confirm(text, a, b)
        if span:
            found.append(span)
    found.extend(m.span() for m in _REPLACEMENT.finditer(text))
    spans: list[tuple[int, int]] = []
    for span in sorted(found):
        if spans and span[0] <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(span[1], spans[-1][1]))
        else:
            spans.append(span)
    return spans


def _odd_windows(text: str, window: int = WINDOW, min_odd: int = MIN_ODD) -> list[tuple[int, int]]:
    """Windows where ``min_odd`` odd characters fall within ``window`` characters, merged."""
    positions = [m.start() for m in _odd_class().finditer(text)]
    positions += [m.start() for m in _STRONG.finditer(text)]
    if len(positions) < min_odd:
        return []
    positions = sorted(set(positions))
    candidates: list[tuple[int, int]] = []
    for i in range(len(positions) - min_odd + 1):
        a, b = positions[i], positions[i + min_odd - 1]
        if b - a < window:
            if candidates and a <= candidates[-1][1]:
                candidates[-1] = (candidates[-1][0], b + 1)
            else:
                candidates.append((a, b + 1))
    return candidates



@functools.cache
def _never_odd() -> frozenset[str]:
    return common_chars() | frozenset(_ALWAYS_OK)


def _tokens(text: str, lo: int, hi: int, words: dict[str, int]) -> list[tuple[int, int, str]]:
    """Greedy longest-match words (2-4 characters) over ``text[lo:hi]``; other characters alone."""
    out: list[tuple[int, int, str]] = []
    i = lo
    while i < hi:
        for n in (4, 3, 2):
            if i + n <= hi and text[i : i + n] in words:
                out.append((i, i + n, text[i : i + n]))
                i += n
                break
        else:
            j = i + 1
            if text[i].isascii() and text[i].isalnum():  # keep Latin/digit runs together
                while j < hi and text[j].isascii() and text[j].isalnum():
                    j += 1
            out.append((i, j, text[i:j]))
            i = j
    return out


def _confirm(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Check a dense window word by word; return the garbled span, grown to its edges."""
    freq, words = _lexicon()
    lo, hi = max(0, a - MARGIN), min(len(text), b + MARGIN)
    tokens = _tokens(text, lo, hi, words)
    ok = _never_odd()

    def odd(tok: str) -> bool:
        """An odd character on its own (the context-free part of ``_odd_class`` and ``_STRONG``)."""
        if len(tok) != 1:
            return False
        if tok not in ok and not ("\x20" <= tok <= "\x7e" or tok == "\n"):
            return True
        return "\u3040" <= tok <= "\u30ff" or tok == "\ufffd" or "\ue000" <= tok <= "\uf8ff"

    def bad(tok: str) -> bool:
        if len(tok) != 1:
            return tok.isascii() and tok.isalpha() and len(tok) <= 3
        if odd(tok):
            return True
        if COMMON_HAN_FIRST <= tok <= COMMON_HAN_LAST:
            return freq.get(tok, 0) < RARE
        return not tok.isspace() and tok not in _QUIET

    def debris(tok: str) -> bool:
        # Latin letters, digits and ASCII punctuation glued inside a garbled run.
        return len(tok) <= 4 and tok.isascii() and not tok.isspace()

    best: tuple[int, int] | None = None
    run_start = None
    run_bad = run_odd = 0
    last_end = lo
    tokens.append((hi, hi, "。。"))
    for i, (s, e, tok) in enumerate(tokens):
        if bad(tok) or (run_start is not None and debris(tok)):
            if run_start is None:
                run_start, run_bad, run_odd = s, 0, 0
            run_bad += 1
            run_odd += odd(tok)
            last_end = e
            continue
        # One ordinary character inside a garbled run does not end it.
        if run_start is not None and len(tok) == 1 and tok != "\n" and i + 1 < len(tokens) and bad(tokens[i + 1][2]):
            continue
        if (
            run_start is not None
            and run_bad >= 5
            and run_odd >= 3
            and (best is None or last_end - run_start > best[1] - best[0])
        ):
            best = (run_start, last_end)
        run_start = None
    if best is None:
        return None
    return _trim(text, best)



def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and text[s] in "，。、；：？！ !,.;:":
        s += 1
    while e > s and text[e - 1] in "，。、；： ,.;:":
        e -= 1
    return s, e
