"""Bytes to text: encoding detection, and HTML pages to article text.

Everything here answers one question: what did the author write?  Encodings
are detected with charset-normalizer (restricted to the encodings Chinese
news is published in), HTML articles are extracted with trafilatura.
"""

from __future__ import annotations

import re
import unicodedata
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
    # The texts of an HTML page's lines that are nothing but links (navigation, related articles).
    links: tuple[str, ...] = ()


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
    """Whether ``text`` is an HTML page, judged from the document as a whole.

    Either it starts like one (:func:`_starts_like_html`), or its markup says
    so wherever it stands (:func:`_marked_up_as_html`): pages that begin with
    an XML declaration, a ``<title>``, ``<link>``, ``<script>`` or ``<table>``,
    a line an archiver put first (CleanEval's ``<text id=... encoding=...>``)
    or a saved-page comment.  Both are linear scans.
    """
    return _starts_like_html(text) or _marked_up_as_html(text)


def _starts_like_html(text: str) -> bool:
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


# An opening or closing tag of an element that only HTML pages have.  Every
# alternative starts with "<", so a search is one pass over the text.
_PAGE_TAG = re.compile(
    r"</?(?i:(!doctype\s+html|html|head|body|frameset)|(title|meta|link|script|style|noscript|table|tbody|tr|td|th|"
    r"div|span|p|br|hr|a|img|ul|ol|li|dl|dd|dt|form|input|iframe|font|center|h[1-6]|b|strong|em|i|section|nav|"
    r"header|footer|article|aside|main|base))(?=[\s/>])"
)
PAGE_TAGS_MIN = 10  # tags of at least ...
PAGE_NAMES_MIN = 3  # ... this many different elements make a page, without <html>, <head> or <body>


def _marked_up_as_html(text: str) -> bool:
    """Whether the markup of ``text`` is a page's: a document element (``<html>``, ``<head>``,
    ``<body>``, an HTML doctype) anywhere, or :data:`PAGE_TAGS_MIN` tags of at least
    :data:`PAGE_NAMES_MIN` different HTML elements.

    One pass of :data:`_PAGE_TAG` over the text, stopped as soon as the answer is known.
    A plain-text article with a stray ``<br>`` or ``<p>`` left in it is not a page.
    """
    names: set[str] = set()
    count = 0
    for m in _PAGE_TAG.finditer(text):
        if m.group(1):
            return True
        count += 1
        names.add(m.group(2).lower())
        if count >= PAGE_TAGS_MIN and len(names) >= PAGE_NAMES_MIN:
            return True
    return False


# The line an archiver puts around a saved page (CleanEval: <text id="http://…" title="…" encoding="gb2312">).
_ARCHIVE_OPEN = re.compile(r"\s*<text\s[^<>]{0,4000}>")
_ARCHIVE_CLOSE = re.compile(r"</text>\s*$")
_ARCHIVE_TITLE = re.compile(r'\stitle="([^"]*)"')


def unwrap_archive(text: str) -> tuple[str, str | None]:
    """``text`` without an archiver's ``<text id=... title=...>`` wrapper around the page, and the wrapper's title.

    HTML parsers put the whole page inside that unknown element, where
    extraction finds no article.  Without a wrapper: ``(text, None)``.
    """
    m = _ARCHIVE_OPEN.match(text)
    if m is None:
        return text, None
    end = _ARCHIVE_CLOSE.search(text, m.end(), len(text)) if text.rstrip().endswith("</text>") else None
    title = _ARCHIVE_TITLE.search(m.group(0))
    return text[m.end() : end.start() if end else len(text)], _tag_text(title.group(1)) if title else None


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
    """Article text (paragraphs separated by blank lines), metadata, and the headings' texts (see :func:`extract_page`)."""
    page = extract_page(html, name=name)
    return page.text, page.metadata, page.headings


@dataclass
class Page:
    """What :func:`extract_page` found in an HTML page."""

    text: str
    metadata: dict[str, Any]
    headings: tuple[str, ...]
    links: tuple[str, ...]  # the texts of lines that are nothing but links (navigation, related articles)


def extract_page(html: str, *, name: str = "<input>", title: str | None = None) -> Page:
    """The article of an HTML page: its lines, metadata, headings and link-only lines.

    Every piece of text in trafilatura's XML lands on exactly one line:
    a block element (``head``, ``p``, ``item``, ``cell``, ``quote``) starts a
    line, ``<lb/>`` breaks one, and text after a closing block tag (its
    *tail*) continues the enclosing block, or is a line of its own between
    blocks (``</p>预祝大会圆满成功！``).
    """
    import trafilatura
    from lxml import etree

    html = fix_c1_references(html)
    if "html" not in html[:TRAFILATURA_SNIFF].lower():
        # trafilatura refuses a page whose start doesn't say "html" when lxml finds
        # little in it (one that opens with a <script>, a <table>, or after an
        # archiver's wrapper); is_html has already judged this one a page.
        html = "<!DOCTYPE html>\n" + html
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_links=True,  # to tell lines that are only links; the text is the same
        include_formatting=False,
        with_metadata=True,
        favor_recall=True,
        deduplicate=False,
        # htmldate's extensive search also reads dates in the text (a forum's
        # "发布时间 2005/05/17"); what it guesses from a bare number ("2000" in
        # "在2000多个贫困村" as 2000-01-01) is dropped below, as the page never
        # writes that date out in full.
        date_extraction_params={"extensive_search": True, "original_date": True},
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
    main = root.find("main")
    lines = _block_lines(main if main is not None else root)
    headline = page_title(html, meta.get("title"), [text for text, _, _ in lines[:TITLE_LOOKAHEAD]], archived=title)
    if headline:
        meta["title"] = headline
    return Page(
        "\n\n".join(text for text, _, _ in lines),
        meta,
        tuple(text for text, heading, _ in lines if heading),
        tuple(text for text, _, link in lines if link),
    )


TRAFILATURA_SNIFF = 50  # the characters trafilatura looks for "html" in (utils.load_html)
_BLOCK_TAGS = frozenset({"head", "p", "item", "cell", "quote"})
# What may stand outside the links of a link-only line: bullets, separators, a date.
_NOT_LINK_TEXT = re.compile(r"[\W\d_]+|[AaPp][Mm]")
LINK_LINE_SLACK = 2  # letters or Han outside the links that a link-only line may have


class _LineBuilder:
    """The line being gathered: its pieces, how much of it is link text, whether a heading."""

    __slots__ = ("heading", "link_chars", "outside", "pieces")

    def __init__(self, heading: bool) -> None:
        self.heading = heading
        self.pieces: list[str] = []
        self.outside: list[str] = []  # the pieces outside links
        self.link_chars = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.pieces.append(text)
            if in_link:
                self.link_chars += len(text.strip())
            else:
                self.outside.append(text)

    def flush(self, out: list[tuple[str, bool, bool]]) -> None:
        text = "".join(self.pieces).strip()
        if text:
            outside = _NOT_LINK_TEXT.sub("", "".join(self.outside))
            out.append((text, self.heading, self.link_chars > 0 and len(outside) <= LINK_LINE_SLACK))
        self.pieces, self.outside, self.link_chars = [], [], 0


def _block_lines(body: Any) -> list[tuple[str, bool, bool]]:
    """``(text, is_heading, is_link_only)`` for every line of trafilatura's XML under ``body``, in order.

    One walk over the tree (start and end events, no recursion).
    """
    from lxml import etree

    out: list[tuple[str, bool, bool]] = []
    stack: list[_LineBuilder] = [_LineBuilder(False)]  # the bottom one gathers text between blocks
    in_link = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if el is body:
            if event == "start":
                stack[-1].add(el.text, False)
            continue
        tag = el.tag
        if event == "start":
            if tag in _BLOCK_TAGS:
                stack[-1].flush(out)
                stack.append(_LineBuilder(tag == "head"))
            elif tag == "lb":
                stack[-1].flush(out)
            if tag == "ref":
                in_link += 1
            stack[-1].add(el.text, in_link > 0)
        else:
            if tag == "ref":
                in_link -= 1
            if tag in _BLOCK_TAGS:
                stack.pop().flush(out)
                if len(stack) == 1:
                    stack[-1].flush(out)  # a tail between blocks is a line of its own
            stack[-1].add(el.tail, in_link > 0)
    stack[0].flush(out)
    return out


# --- the page's title -----------------------------------------------------------------

TITLE_LOOKAHEAD = 12  # lines at the start of the article where the headline is looked for
_TITLE_TAG = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_END = re.compile(r"</title\s*>", re.IGNORECASE)
_H1 = re.compile(r"<h1\b[^>]*>", re.IGNORECASE)
_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_OG_TITLE = re.compile(r"""(?:property|name)\s*=\s*["']?og:title\b""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# A site's or column's name after the headline: "…-新华网", "…_央广网", "…--大河网", "… | 频道".
_SITE_SUFFIX = re.compile(
    r"\s*(?:-{1,2}|_{1,2}|\||｜|—{1,2}|–|－|::|»)\s*([^-_|｜—–－:»]{1,20})\s*$"
    r"|\s+(\S{1,6}(?:网|网站|在线|频道))$"  # "… 松花江网": a site's name after a space
)
# A site's or column's name before the headline: "多维博客 » …", "书记市长这一周 | …".
_SITE_PREFIX = re.compile(r"^\s*([^|｜»]{1,12}?)\s*(?:\||｜|»|::)\s*")
_TITLE_NOT_TEXT = re.compile(r"[\W_]+")
TITLE_MIN = 4  # characters a headline has at least, once its site part is gone
H1_LOOKED_AT = 3
HEAD_BYTES = 262144  # where <title> and og:title are looked for


def site_prefixes(title: str) -> list[str]:
    """``title``, then ``title`` without each site or column name after it, one more each time
    (``…_新闻_央广网`` → ``…_新闻`` → ``…``).

    A trailing part goes when it is short, holds no sentence punctuation and
    what stays before it is still a headline (:data:`TITLE_MIN` characters)
    and longer than it; a leading part before ``|`` or ``»`` goes likewise.
    """
    out = [" ".join(title.split())]
    m = _SITE_PREFIX.match(out[0])
    if m is not None and len(_title_key(out[0][m.end() :])) > len(_title_key(m.group(1))):
        out.append(out[0][m.end() :])
    while True:
        m = _SITE_SUFFIX.search(out[-1])
        if m is None:
            return out
        kept, part = _title_key(out[-1][: m.start()]), m.group(1) or m.group(2)
        if len(kept) < TITLE_MIN or len(kept) <= len(_title_key(part)) or any(c in part for c in "。！？，；"):
            return out  # what would go is no shorter than what stays, or a sentence: not a site's name
        out.append(out[-1][: m.start()].rstrip())


def strip_site(title: str) -> str:
    """``title`` without the site and column names after it (the last of :func:`site_prefixes`)."""
    return site_prefixes(title)[-1]


def _title_key(text: str) -> str:
    return _TITLE_NOT_TEXT.sub("", unicodedata.normalize("NFKC", text)).lower()


def _same_title(a: str, b: str) -> bool:
    """Whether two titles are the same headline: equal once spaces and punctuation are gone,
    or one starts the other and is at least 80% of it (a "(图)" or a subtitle more)."""
    ka, kb = _title_key(a), _title_key(b)
    if not ka or not kb:
        return False
    short, long = sorted((ka, kb), key=len)
    return long.startswith(short) and len(short) * 5 >= len(long) * 4


def _title_sources(html: str) -> tuple[str | None, str | None, list[str]]:
    """The page's ``<title>``, ``og:title`` and first ``<h1>`` texts (each a bounded search)."""
    head = html[:HEAD_BYTES]
    title = None
    m = _TITLE_TAG.search(head)
    if m is not None:
        end = _TITLE_END.search(head, m.end())
        if end is not None:
            title = _tag_text(head[m.end() : end.start()])
    og = None
    for tag in _META_TAG.finditer(head):
        if _OG_TITLE.search(tag.group(0)):
            c = _CONTENT.search(tag.group(0))
            if c is not None:
                og = _tag_text(c.group(1) or c.group(2) or "")
            break
    h1s: list[str] = []
    pos = 0
    while len(h1s) < H1_LOOKED_AT:
        m = _H1.search(html, pos)
        if m is None:
            break
        end = _H1_END.search(html, m.end())
        if end is None:
            break
        h1s.append(_tag_text(html[m.end() : end.start()]))
        pos = end.end()
    return title or None, og or None, [h for h in h1s if h]


def _tag_text(fragment: str) -> str:
    import html as htmllib

    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment)).split())


def page_title(html: str, found: str | None, first_lines: list[str], *, archived: str | None = None) -> str | None:
    """The headline of a page, without its site's name.

    ``found`` is the extractor's title; ``first_lines`` the article's first
    lines; ``archived`` stands in for a missing ``<title>``.  In order:

    1. the ``<title>`` minus its site part (:func:`site_prefixes`) where the article repeats it;
    2. where the ``<title>`` had a site part: the ``<h1>`` or ``og:title`` that is the rest of it;
    3. a candidate (``<h1>``, ``og:title``, the extractor's title) that the article repeats;
    4. the ``<h1>`` or ``og:title`` that is the whole ``<title>``;
    5. the ``<title>`` minus every site part; the extractor's title minus its.

    A ``<title>`` that is only a site's or column's name is so passed over
    for the headline the article repeats.
    """
    title, og, h1s = _title_sources(html)
    title = title or archived
    prefixes = site_prefixes(title) if title else []
    for line in first_lines:
        p = _matching([line], prefixes)
        if p is not None:
            return p
    h1_or_og = [[h] for h in h1s] + ([site_prefixes(og)] if og else [])
    if len(prefixes) > 1:
        for options in h1_or_og:
            p = _matching(options, prefixes)
            if p is not None:
                return options[0] if len(options) == 1 else p
    for options in [*h1_or_og, *([site_prefixes(found)] if found else [])]:
        for line in first_lines:
            p = _matching([line], options)
            if p is not None:
                return p
    for options in h1_or_og:
        p = _matching(options, prefixes)
        if p is not None:
            return options[0] if len(options) == 1 else p
    if prefixes and len(_title_key(prefixes[-1])) >= TITLE_MIN:
        return prefixes[-1]
    return strip_site(found) if found else title


def _matching(texts: list[str], options: list[str]) -> str | None:
    """The shortest of ``options`` that is the same headline as one of ``texts``, or None."""
    for option in reversed(options):
        if any(_same_title(text, option) for text in texts):
            return option
    return None


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
        html, archived_title = unwrap_archive(text)
        page = extract_page(html, name=name, title=archived_title)
        require_visible(page.text, name)
        return RawText(page.text, enc, "html", page.metadata, page.headings, page.links)
    return RawText(text, enc, "text")
