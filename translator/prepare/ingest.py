"""Bytes to text: encoding detection, and HTML pages to article text.

Everything here answers one question: what did the author write?  Encodings
are detected with charset-normalizer (restricted to the encodings Chinese
news is published in), HTML articles are extracted with trafilatura.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import IngestError
from ..zh import HAN

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

# The tags an HTML page can start with (after whitespace and comments); matched
# at one position at a time, so nothing backtracks over the comments.
_HTML_START_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|div|p|article)\b", re.IGNORECASE)
_ASCII_SPACE = b" \t\n\r\f\v"
_NOT_ASCII_SPACE = re.compile(rb"[^ \t\n\r\f\v]")  # what bytes.strip() keeps
_NOT_BLANK = re.compile("[^\ufeff \t\r\n\u3000\xa0]")
SNIFF_BYTES = 2048  # how much of the text is looked at to tell HTML from plain text
# Numeric character references in the C1 range mean Windows-1252 in browsers
# (HTML5 "numeric character reference end state"): &#0147; is a left quote.
_C1_REF = re.compile(r"&#(?:0*(1[2-5][0-9])|[xX]0*([89][0-9a-fA-F]));")
_C1_CHARS = re.compile("[\u0080-\u009f]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass
class RawText:
    """Decoded input, before any cleaning."""

    text: str
    encoding: str
    format: str  # "text" | "html"
    metadata: dict[str, Any] = field(default_factory=dict)
    # The texts an HTML page marked as headings (<h1>..<h6>), as they appear in ``text``.
    headings: tuple[str, ...] = ()


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
    han = [c for c in to_simplified(text[:20000]) if "\u3400" <= c <= "\u9fff"]
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


def is_html(text: str) -> bool:
    """Whether ``text`` starts like an HTML page: whitespace and comments, then an HTML tag.

    One linear scan of the first :data:`SNIFF_BYTES` characters.  It accepts
    what ``^\\s*(?:<!--.*?-->\\s*)*<(?:html|body|...)\\b`` accepts, without that
    regex's backtracking (exponential in the number of leading comments):
    once the text opens with a comment, the regex can end that comment at any
    later ``-->``, so the page is HTML when a tag follows any ``-->``.
    """
    data = text[:SNIFF_BYTES].encode("utf-8", "ignore")
    pos = _skip_space(data, 0)
    if _HTML_START_TAG.match(data, pos):
        return True
    if not data.startswith(b"<!--", pos):
        return False
    end = data.find(b"-->", pos + 4)
    while end >= 0:
        if _HTML_START_TAG.match(data, _skip_space(data, end + 3)):
            return True
        end = data.find(b"-->", end + 3)
    return False


def _skip_space(data: bytes, pos: int) -> int:
    """The first position at or after ``pos`` that is not ASCII whitespace (``\\s`` of a bytes regex)."""
    n = len(data)
    while pos < n and data[pos] in _ASCII_SPACE:
        pos += 1
    return pos


def fix_c1_references(html: str) -> str:
    """Map ``&#0147;``-style references and raw C1 controls to what browsers show."""

    def ref(m: re.Match[str]) -> str:
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        return _cp1252(code) or m.group(0)

    html = _C1_REF.sub(ref, html)
    return _C1_CHARS.sub(lambda m: _cp1252(ord(m.group(0))) or m.group(0), html)


def _cp1252(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned
        return None


def extract_html(html: str, *, name: str = "<input>") -> tuple[str, dict[str, Any], tuple[str, ...]]:
    """Article text (paragraphs separated by blank lines), metadata, and the headings' texts.

    Uses trafilatura's XML output so headings stay distinguishable from
    paragraphs; metadata (title, date, url, author) comes from the page head.
    """
    import trafilatura
    from lxml import etree

    html = fix_c1_references(html)
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_formatting=False,
        with_metadata=True,
        favor_recall=True,
        deduplicate=False,
        # Dates from the page's markup only: htmldate's extensive search reads
        # "2000" in "在2000多个贫困村" as 2000-01-01.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise IngestError(
            "no article text found in this HTML page; save the article body as text and try again",
            path=name,
        )
    root = etree.fromstring(xml.encode("utf-8"), parser=_safe_xml_parser())
    meta: dict[str, Any] = {}
    for key in ("title", "date", "source", "author", "url", "sitename"):
        v = root.get(key if key != "source" else "sitename")
        if v and key != "sitename":
            meta[key] = v
    if "date" in meta and not _date_written_in(html, meta["date"]):
        del meta["date"]  # a date the page never writes out in full was guessed
    if meta.get("url") is None and root.get("source"):
        meta["url"] = root.get("source")
    paragraphs: list[str] = []
    headings: list[str] = []
    main = root.find("main")
    body = main if main is not None else root
    for el in body.iter("head", "p", "item", "cell", "quote"):
        text = "".join(el.itertext()).strip()
        if not text:
            continue
        paragraphs.append(text)
        if el.tag == "head":  # kept as a heading even when it ends in punctuation
            headings.append(text)
    return "\n\n".join(paragraphs), meta, tuple(headings)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _date_written_in(html: str, iso: str) -> bool:
    """Whether the page writes the date ``iso`` (YYYY-MM-DD) out with year, month and day.

    In a meta tag, a ``<time>`` element or the text: ``2021-03-01``,
    ``2021/3/1``, ``2021年3月1日``, ``20210301``, ``March 1, 2021``,
    ``1 Mar 2021``.  A bare year is not a date.
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if m is None:
        return False
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    numeric = re.compile(
        rf"(?<!\d){y}\s*(?:[-/.年]\s*0?{mo}\s*[-/.月]\s*0?{d}(?!\d)|{mo:02d}{d:02d}(?!\d))"
    )
    if numeric.search(html):
        return True
    month = _MONTHS[mo - 1]
    named = re.compile(
        rf"\b{month}[a-z]*\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)|(?<!\d)0?{d}(?:st|nd|rd|th)?\s+{month}[a-z]*\.?,?\s+{y}(?!\d)",
        re.IGNORECASE,
    )
    return named.search(html) is not None


def _safe_xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read(data: bytes, *, name: str = "<input>") -> RawText:
    """Decode ``data`` and, for an HTML page, extract the article."""
    text, enc = decode(data, name=name)
    text = text.lstrip("\ufeff")
    if is_html(text):
        body, meta, headings = extract_html(text, name=name)
        require_visible(body, name)
        return RawText(body, enc, "html", meta, headings)
    return RawText(text, enc, "text")
