"""Bytes to text: what did the author write, in which encoding?

Encodings are detected with charset-normalizer, restricted to the encodings
Chinese news is published in, with strict decodes as the fallback (UTF-16
without a BOM included); binary input and files of only invisible
characters are refused with one line naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import IngestError
from ..zh import COMMON_HAN_FIRST, COMMON_HAN_LAST, HAN

# What Chinese news sites publish in, best first.  Detection is restricted to
# these so a short GBK page is never read as, say, KOI8-R.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5hkscs", "big5", "utf_16", "utf_32")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

_NOT_ASCII_SPACE = re.compile(rb"[^ \t\n\r\f\v]")  # what bytes.strip() keeps
_NOT_BLANK = re.compile("[^\ufeff \t\r\n\u3000\xa0]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, *, name: str = "<input>") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    In order: a byte order mark; UTF-8; UTF-16 without a BOM (told by where
    its zero bytes fall); charset-normalizer's guess; then strict decodes of
    the candidate encodings (:func:`_strict_fallback`), so a valid text is
    never refused because the guess alone failed.

    Raises :class:`IngestError` for empty, binary or undecodable input, and
    for input with nothing visible in it.
    """
    if _NOT_ASCII_SPACE.search(data) is None:  # data.strip() would copy the whole file to say the same
        raise IngestError("file is empty; nothing to translate", path=name)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), name), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    if b"\x00" not in data:
        try:
            return _check_text(data.decode("utf-8"), name), "utf-8"
        except UnicodeDecodeError:
            pass
    else:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _check_text(utf16[0], name), utf16[1]
    text, enc = _detect(data, name)
    return _check_text(text, name), enc


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is not None:
        enc = best.encoding
        if enc in ("big5", "big5hkscs", "cp950"):
            # GB18030 decodes almost any byte pair; Big5 text read as GB18030 is
            # legal but nonsense.  Prefer the reading that has fewer rare chars.
            enc = _prefer_chinese_reading(data, enc)
        try:
            return data.decode(enc), _canonical(enc)
        except (UnicodeDecodeError, LookupError):
            pass  # the guess is wrong: try the candidates one by one
    found = _strict_fallback(data)
    if found is not None:
        return found
    if not _looks_binary(data):
        found = _lenient_fallback(data)
        if found is not None:
            return found
    kind = "binary" if _looks_binary(data) else "undecodable"
    raise IngestError(
        f"{kind} file: not text in UTF-8, GB18030/GBK, Big5 or UTF-16; "
        "convert it to UTF-8 or give an HTML/text article",
        path=name,
    )


# Tried one by one, strictly, when detection gives no answer or a wrong one.
FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5hkscs", "big5")


def _strict_fallback(data: bytes) -> tuple[str, str] | None:
    """The first of :data:`FALLBACK_ENCODINGS` that decodes ``data`` without error.

    A later one wins only when its text is clearly more plausible Chinese
    (Big5 bytes are nearly always valid GB18030 too, but read as nonsense).
    UTF-16 without a BOM comes last, taken only when its text looks like text.
    """
    chosen: tuple[str, str] | None = None
    chosen_ratio = 0.0
    for enc in FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if chosen is None:
            chosen, chosen_ratio = (text, enc), _common_ratio(text)
            continue
        ratio = _common_ratio(text)
        if ratio > chosen_ratio + 0.1:
            chosen, chosen_ratio = (text, enc), ratio
    if chosen is not None:
        return chosen[0], _canonical(chosen[1])
    for enc in ("utf-16-le", "utf-16-be"):
        if len(data) % 2 == 0:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, enc
    return None


# A page of one encoding with a few broken byte sequences (a double-byte character cut in two by an
# editor or a truncation) is read as a browser reads it: each broken sequence becomes U+FFFD, which
# the garble stage flags as ``mojibake`` where it stands.  Only when such bytes are rare.
LENIENT_ENCODINGS = ("gb18030", "big5hkscs")
BROKEN_PER_CHARS = 1000  # at most one broken sequence per this many characters ...
BROKEN_MAX = 64  # ... and never more than this many in all


def _lenient_fallback(data: bytes) -> tuple[str, str] | None:
    """The reading of ``data`` in one of :data:`LENIENT_ENCODINGS` with the fewest broken sequences
    (each replaced by U+FFFD), when they are rare and the rest reads as Chinese text; else None."""
    best: tuple[int, str, str] | None = None
    for enc in LENIENT_ENCODINGS:
        text = data.decode(enc, errors="replace")
        broken = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
        if broken > min(BROKEN_MAX, max(1, len(text) // BROKEN_PER_CHARS)) or not _looks_like_text(text):
            continue
        if best is None or broken < best[0]:
            best = (broken, text, enc)
    if best is None or _common_ratio(best[1]) < LENIENT_COMMON_MIN:
        return None
    return best[1], _canonical(best[2])


LENIENT_COMMON_MIN = 0.8  # share of common characters among the Han of a lenient reading


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le" | "utf-16-be")`` when ``data`` is UTF-16 without a BOM, else None.

    ASCII characters and line breaks in UTF-16 have a zero high byte: at odd
    offsets in little-endian text, at even ones in big-endian.  Chinese
    characters rarely have a zero byte (1 in 256), so in real UTF-16 text
    the zeros fall almost all on one side.  The decoded text must also look
    like text (:func:`_looks_like_text`).
    """
    if len(data) % 2:
        return None
    head = data[: 2 * PLAUSIBLE_SAMPLE]  # enough to tell; the decode below checks the rest
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 4 * even:
        enc = "utf-16-le"
    elif even > 4 * odd:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return (text, enc) if _looks_like_text(text) else None


# Characters of Chinese news text: ASCII and Latin-1 text, general and CJK
# punctuation, kana, full-width forms, Han.  Bytes of another encoding read
# as UTF-16 give mostly other characters (Hangul, Yi, private use, controls).
_UNLIKELY_TEXT = re.compile(f"[^\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u30ff\uff00-\uffef{HAN}]")
PLAUSIBLE_SAMPLE = 65536  # characters looked at to tell text from a wrong reading


def _looks_like_text(text: str) -> bool:
    sample = text[:PLAUSIBLE_SAMPLE]
    if not sample:
        return False
    return sum(1 for _ in _UNLIKELY_TEXT.finditer(sample)) <= len(sample) // 10


def _prefer_chinese_reading(data: bytes, guess: str) -> str:
    scores = {}
    for enc in (guess, "gb18030"):
        try:
            scores[enc] = _common_ratio(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if "gb18030" in scores and guess in scores and scores["gb18030"] > scores[guess] + 0.1:
        return "gb18030"
    return guess if guess in scores else next(iter(scores), guess)


def _common_ratio(text: str) -> float:
    """Share of CJK characters that are common in news text (cheap plausibility score)."""
    from .convert import to_simplified
    from .garble import common_chars

    common = common_chars()
    han = [c for c in to_simplified(text[:20000]) if COMMON_HAN_FIRST <= c <= COMMON_HAN_LAST]
    if not han:
        return 0.0
    return sum(c in common for c in han) / len(han)


def _canonical(enc: str) -> str:
    return {"utf_8": "utf-8", "utf_16": "utf-16", "utf_32": "utf-32", "big5hkscs": "big5-hkscs"}.get(
        enc, enc.replace("_", "-")
    )


# Binary checks look at every window of WINDOW characters (half-overlapping),
# so a binary tail is found wherever it starts, in one pass.
WINDOW = 8192
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    """Bytes that are not text in any encoding: a NUL, or a window over 5% control bytes."""
    if b"\x00" in data:
        return True
    half = WINDOW // 2
    counts = [
        len(block) - len(block.translate(None, _CONTROL_BYTES))
        for block in (data[i : i + half] for i in range(0, len(data), half))
    ]
    return _dense_window(counts, len(data), half, lambda n: n * 5 // 100)


def _dense_window(counts: list[int], total: int, half: int, limit: Callable[[int], int]) -> bool:
    """Whether two neighbouring half-windows (``counts`` per ``half`` items) hold more than ``limit(window size)``."""
    for i, c in enumerate(counts):
        window = c + (counts[i + 1] if i + 1 < len(counts) else 0)
        size = min(total, (i + 2) * half) - i * half
        if window > limit(size):
            return True
    return False


def _check_text(text: str, name: str) -> str:
    """Reject decoded text that is really binary (control characters, NULs), or holds nothing visible.

    Every window of :data:`WINDOW` characters is checked, not only the first:
    text with a binary tail is binary.
    """
    if _CONTROL.search(text) is not None:
        half = WINDOW // 2
        counts = [0] * (len(text) // half + 1)
        for m in _CONTROL.finditer(text):
            counts[m.start() // half] += 1
        if _dense_window(counts, len(text), half, lambda n: max(8, n // 100)):
            raise IngestError(
                "binary file: it contains control bytes, not article text; give a .txt or .html article",
                path=name,
            )
    if _NOT_BLANK.search(text) is None:
        raise IngestError("file is empty; nothing to translate", path=name)
    require_visible(text, name)
    return text


# Characters that show nothing: whitespace, controls, zero-width and other
# format characters, soft hyphens, variation selectors, fillers, tags.
_VISIBLE = re.compile(
    "[^\\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U000e0000-\U000e0fff]"
)


def require_visible(text: str, name: str) -> None:
    """Raise :class:`IngestError` when ``text`` holds no visible character."""
    if _VISIBLE.search(text) is None:
        raise IngestError(
            "no article text: the file holds only invisible or whitespace characters; "
            "check that this is the article file",
            path=name,
        )
