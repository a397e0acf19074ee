"""HTML pages to article text: recognising a page, extracting its article, its title and its date.

A page is recognised from the document as a whole (linear scans, no
backtracking); the article is extracted with trafilatura's XML output, walked
once (headings, tail text, link-only lines); the title loses the site's part;
a date is kept only where the page writes it out in full.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import IngestError
from ..zh import COMMA, SEMICOLON, SENTENCE_END

# The tags an HTML page can start with (after whitespace and comments); matched
# at one position at a time, so nothing backtracks over the comments.
_HTML_START_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|div|p|article)\b", re.IGNORECASE)
_ASCII_SPACE = b" \t\n\r\f\v"
SNIFF_BYTES = 2048  # how much of the text is looked at to tell HTML from plain text
# Numeric character references in the C1 range mean Windows-1252 in browsers
# (HTML5 "numeric character reference end state"): &#0147; is a left quote.
_C1_REF = re.compile(r"&#(?:0*(1[2-5][0-9])|[xX]0*([89][0-9a-fA-F]));")
_C1_CHARS = re.compile("[\u0080-\u009f]")


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


_ARCHIVE_URL = re.compile(r'\sid="(https?://[^"\s]{1,2000})"')


def archive_url(text: str) -> str | None:
    """The address an archiver's ``<text id="http://..." ...>`` wrapper says the page was saved from, or None."""
    m = _ARCHIVE_OPEN.match(text)
    found = _ARCHIVE_URL.search(m.group(0)) if m else None
    return found.group(1) if found else None


# Dates news sites put in their articles' addresses, year first and in full:
# /2005-03-21/, /2005-08/16/, /2005/07/31/, /20050311/, /2022/0213/, /20220206-title.
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})(?:-(\d{2})-(\d{2})|-(\d{2})/(\d{2})|/(\d{2})/(\d{2})|(\d{2})(\d{2})|/(\d{2})(\d{2}))(?=[/_.-])"
)


def url_date(url: str | None) -> str | None:
    """The date an article's address states (see :data:`_URL_DATE`), as YYYY-MM-DD, or None."""
    import datetime

    m = _URL_DATE.search(url or "")
    if m is None:
        return None
    y, mo, d = int(m.group(1)), *(int(g) for g in m.groups()[1:] if g is not None)
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


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
    # The article's structure: ``(line text, attrs)`` for each line that is an image's caption, a list
    # item, a quote or a table cell, in order; ``attrs`` holds ``kind`` and the block's attrs (see
    # :class:`translator.document.Block`).
    structure: tuple[tuple[str, dict[str, Any]], ...] = ()


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
        include_images=True,  # <graphic src alt>: an image block, its caption translated (the image is never fetched)
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
    stated = markup_date(html)
    if stated is not None:
        meta["date"] = stated  # what the markup states wins over a date the extensive search read in the text
    if "date" in meta and not _date_written_in(html, meta["date"]):
        del meta["date"]  # a date the page never writes out in full was guessed
    declared = declared_date(html)
    if declared is not None:
        meta["declared_date"] = declared
    if meta.get("url") is None and root.get("source"):
        meta["url"] = root.get("source")
    main = root.find("main")
    body = main if main is not None else root
    graphics: list[tuple[int, Any]] = []
    lines = _block_lines(body, graphics=graphics)
    lines, structure = _structure(body, lines, graphics, html, meta.get("url"))
    lines = _resplit(lines, html)
    headline = page_title(html, meta.get("title"), [text for text, _, _ in lines[:TITLE_LOOKAHEAD]], archived=title)
    if headline:
        meta["title"] = headline
    return Page(
        "\n\n".join(text for text, _, _ in lines),
        meta,
        tuple(text for text, heading, _ in lines if heading),
        tuple(text for text, _, link in lines if link),
        tuple(structure),
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


def _block_lines(
    body: Any,
    *,
    blocks: frozenset[str] = _BLOCK_TAGS,
    headings: frozenset[str] = frozenset({"head"}),
    breaks: frozenset[str] = frozenset({"lb"}),
    link: str = "ref",
    skip: frozenset[str] = frozenset(),
    graphics: list[tuple[int, Any]] | None = None,
) -> list[tuple[str, bool, bool]]:
    """``(text, is_heading, is_link_only)`` for every line of trafilatura's XML under ``body``, in order.

    One walk over the tree (start and end events, no recursion).  The tag
    sets are trafilatura's; :func:`_page_lines` walks an HTML page with HTML's
    (and ``skip``: elements whose text is never shown, such as ``<script>``).
    With ``graphics``, each ``<graphic>`` ends the line before it and is
    listed there with the index of the line that follows it.
    """
    from lxml import etree

    out: list[tuple[str, bool, bool]] = []
    stack: list[_LineBuilder] = [_LineBuilder(False)]  # the bottom one gathers text between blocks
    in_link = 0
    hidden = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if el is body:
            if event == "start":
                stack[-1].add(el.text, False)
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in skip:
            hidden += 1 if event == "start" else -1
            if event == "end" and not hidden:
                stack[-1].add(el.tail, in_link > 0)
            continue
        if hidden:
            continue
        if event == "start":
            if tag in blocks:
                stack[-1].flush(out)
                stack.append(_LineBuilder(tag in headings))
            elif tag in breaks:
                stack[-1].flush(out)
            elif graphics is not None and tag == "graphic":
                stack[-1].flush(out)
                graphics.append((len(out), el))
            if tag == link:
                in_link += 1
            if tag:
                stack[-1].add(el.text, in_link > 0)
        else:
            if tag == link:
                in_link -= 1
            if tag in blocks:
                stack.pop().flush(out)
                if len(stack) == 1:
                    stack[-1].flush(out)  # a tail between blocks is a line of its own
            stack[-1].add(el.tail, in_link > 0)
    stack[0].flush(out)
    return out


# A photo's caption as the line after it: a credit at its end ("新华社记者 李梦馨 摄", "（资料图片）",
# "供图") or "图为…" at its start.
_CAPTION = re.compile(
    r"(?:[摄攝]|[摄攝]影|供[图圖]|[资資]料[图圖]片?|[(（][图圖][)）])\s*[)）]?\s*$|^\s*[(（]?[图圖](?:为|為|片|：|:)"
)
CAPTION_MAX = 300  # characters a caption line has at most
_STRUCTURE_TAGS = ("item", "quote", "cell")


def _structure(
    body: Any, lines: list[tuple[str, bool, bool]], graphics: list[tuple[int, Any]], html: str, base: str | None
) -> tuple[list[tuple[str, bool, bool]], list[tuple[str, dict[str, Any]]]]:
    """The lines with each image's caption in place, and the structure of the lines (see :attr:`Page.structure`).

    An image's caption is its ``<figcaption>`` in the page, else the line
    right after it when that reads as a caption (:data:`_CAPTION`); an image
    with neither is left out (icons, flags, logos and buttons have an
    ``alt`` and no caption; the caption is what is translated).  Its ``src``
    is made absolute against ``base`` (the page's URL) when that is known.  List
    items, quotes and the cells of a table of data (:func:`_is_data_table`)
    are their own lines, each knowing its list, quote or table, row and column.
    """
    from urllib.parse import urljoin

    structure: list[tuple[int, str, dict[str, Any]]] = []  # (order, text, attrs)
    if graphics:
        lines = list(lines)
        figcaptions = _figcaptions(html, base)
        inserted = 0
        for at, el in graphics:
            found = (el.get("src") or "").strip()
            src = urljoin(base, found) if base and found else found
            if not src:
                continue
            alt = " ".join((el.get("alt") or "").split())
            attrs: dict[str, Any] = {"kind": "image", "src": src, "alt": alt}
            at += inserted
            caption = figcaptions.get(found) or figcaptions.get(src)
            following = lines[at][0] if at < len(lines) else None
            if caption and following != caption:
                lines.insert(at, (caption, False, False))
                inserted += 1
            elif caption is None and following is not None and len(following) <= CAPTION_MAX and _CAPTION.search(following):
                caption = following
            if caption:
                structure.append((at, caption, attrs))
    position = {text: k for k, (text, _, _) in enumerate(lines)}
    counters = {"list": 0, "quote": 0, "table": 0}
    lists: dict[Any, int] = {}
    tables: dict[Any, tuple[int, dict[Any, int]]] = {}
    data_tables = {t for t in body.iter("table") if _is_data_table(t)}
    for el in body.iter(*_STRUCTURE_TAGS):
        if el.tag == "cell" and _table_of(el) not in data_tables:
            continue  # a table that lays out the page: its lines are prose, as they read
        own = [text for text, _, _ in _block_lines(el)]
        for sub in el.iterdescendants(*_STRUCTURE_TAGS):
            for text, _, _ in _block_lines(sub):
                if text in own:
                    own.remove(text)
        if el.tag == "item":
            parent = el.getparent()
            if parent not in lists:
                counters["list"] += 1
                lists[parent] = counters["list"]
            attrs = {"kind": "list_item", "ordered": parent is not None and parent.get("rend") == "ol",
                     "list": lists[parent]}
        elif el.tag == "quote":
            counters["quote"] += 1
            attrs = {"kind": "quote", "quote": counters["quote"]}
        else:
            row = el.getparent()
            table = _table_of(el)
            if table not in tables:
                counters["table"] += 1
                tables[table] = (counters["table"], {})
            number, rows = tables[table]
            if row not in rows:
                rows[row] = len(rows) + 1
            col = 1 + sum(1 for _ in el.itersiblings("cell", preceding=True))
            attrs = {"kind": "table_cell", "table": number, "row": rows[row], "col": col}
            if el.get("role") == "head":
                attrs["head"] = True
        for text in own:
            structure.append((position.get(text, len(lines)), text, dict(attrs)))
    structure.sort(key=lambda item: item[0])
    return lines, [(text, attrs) for _, text, attrs in structure]


TABLE_CELL_MAX = 100  # characters a cell of a table of data holds at most


def _table_of(cell: Any) -> Any:
    row = cell.getparent()
    return row.getparent() if row is not None else None


def _is_data_table(table: Any) -> bool:
    """Whether a ``<table>`` of trafilatura's XML holds data rather than laying out the page.

    Old pages put the article, the navigation and the sidebars in tables; a
    table of data has two rows or more, two columns in some row, and cells
    of one short line each (:data:`TABLE_CELL_MAX`), no table inside.
    """
    rows = table.findall("row")
    if len(rows) < 2 or max(len(r.findall("cell")) for r in rows) < 2:
        return False
    if any(el is not table for el in table.iterdescendants("table")):
        return False
    for row in rows:
        for cell in row.findall("cell"):
            lines = _block_lines(cell)
            if len(lines) > 1 or any(len(text) > TABLE_CELL_MAX for text, _, _ in lines):
                return False
    return True


def _figcaptions(html: str, base: str | None) -> dict[str, str]:
    """Each ``<figure>``'s caption text by the ``src`` of its images (as written, and made absolute)."""
    from urllib.parse import urljoin

    from lxml import etree
    from lxml import html as lxml_html

    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return {}
    out: dict[str, str] = {}
    if root is None:
        return out
    for figure in root.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        text = " ".join("".join(caption.itertext()).split()) if caption is not None else ""
        if not text:
            continue
        for img in figure.iter("img"):
            for name in ("src", "data-src", "data-original"):
                src = (img.get(name) or "").strip()
                if src:
                    out.setdefault(src, text)
                    if base:
                        out.setdefault(urljoin(base, src), text)
    return out


# HTML's block elements: each starts a line of the page as a browser lays it out.
_HTML_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li dt dd td th tr caption figcaption blockquote pre section article header footer nav "
    "aside main ul ol dl table form fieldset legend address center".split()
)
_HTML_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_HTML_HIDDEN = frozenset("script style noscript template head select option textarea button".split())
RESPLIT_TRIES = 8  # page lines starting like an extractor's line that are tried as its first piece
RESPLIT_PARTS_MIN = 3  # a line of the extractor holding this many space-separated parts may be several of the page's


def _page_lines(html: str) -> list[tuple[str, bool, bool]]:
    """The lines of an HTML page as a browser lays them out: one per block element (see :func:`_block_lines`)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    body = root.find("body")
    return _block_lines(body if body is not None else root, blocks=_HTML_BLOCKS, headings=_HTML_HEADINGS,
                        breaks=frozenset({"br", "hr"}), link="a", skip=_HTML_HIDDEN)


def _resplit(lines: list[tuple[str, bool, bool]], html: str) -> list[tuple[str, bool, bool]]:
    """The extractor's lines, each one that joined several of the page's own lines cut back into them.

    When trafilatura finds too little text it falls back to the page's text
    as one run (a short article: breadcrumb, headline, byline and
    paragraphs in one line, which the cleaner would then judge as a whole).
    Such a line is cut where the page's lines (:func:`_page_lines`) meet, only
    where it is exactly those lines one after the other (spaces aside), each
    piece keeping its page line's heading and link marks.
    """
    if not any(len(text.split()) >= RESPLIT_PARTS_MIN for text, _, _ in lines):
        return lines
    page = [(_squeeze(text), text, heading, link) for text, heading, link in _page_lines(html)]
    page = [p for p in page if p[0]]
    if len(page) < 2:
        return lines
    starts: dict[str, list[int]] = {}
    for j, (key, *_rest) in enumerate(page):
        starts.setdefault(key[0], []).append(j)
    out: list[tuple[str, bool, bool]] = []
    for line in lines:
        pieces = _as_page_lines(line[0], page, starts) if len(line[0].split()) >= RESPLIT_PARTS_MIN else None
        out.extend(pieces if pieces is not None else [line])
    return out


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _as_page_lines(
    text: str, page: list[tuple[str, str, bool, bool]], starts: dict[str, list[int]]
) -> list[tuple[str, bool, bool]] | None:
    """``text`` as two or more consecutive lines of ``page`` (compared without spaces), or None."""
    key = _squeeze(text)
    if not key:
        return None
    for j in starts.get(key[0], ())[:RESPLIT_TRIES]:  # bounded: a page of many equal blocks stays linear
        pos, k, found = 0, j, []
        while k < len(page) and pos < len(key) and key.startswith(page[k][0], pos):
            found.append(k)
            pos += len(page[k][0])
            k += 1
        if pos == len(key) and len(found) >= 2:
            return [(page[k][1], page[k][2], page[k][3]) for k in found]
    return None


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
    # "… zboygirl 天极Blog": a blog platform's name after a space, and the blog's own (Latin) name before it
    r"|\s+((?:[A-Za-z0-9_.-]{2,24}\s+)?\S{1,8}(?:Blog|BLOG|blog|博客|部落格|空间))$"
)
# A site's or column's name before the headline: "多维博客 » …", "书记市长这一周 | …", "千龙网--汽车--…".
_SITE_PREFIX = re.compile(r"^\s*([^|｜»\-_]{1,12}?)\s*(?:\||｜|»|::|-{2,3}|_{2,3})\s*")
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
    while True:  # each site or column name before it, one after the other ("千龙网--汽车--…")
        m = _SITE_PREFIX.match(out[-1])
        if m is None or len(_title_key(out[-1][m.end() :])) <= len(_title_key(m.group(1))):
            break
        out.append(out[-1][m.end() :])
    while True:
        m = _SITE_SUFFIX.search(out[-1])
        if m is None:
            return out
        kept, part = _title_key(out[-1][: m.start()]), m.group(1) or m.group(2) or m.group(3)
        longer = len(kept) > len(_title_key(part)) or m.group(3) is not None  # a blog's name may outweigh a short headline
        if len(kept) < TITLE_MIN or not longer or any(c in part for c in SENTENCE_END + COMMA + SEMICOLON):
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


# Where a page's markup declares its article's date: the publisher's meta tags (Open Graph's
# article:published_time, the PubDate of Chinese government sites, schema.org's datePublished), and the
# article properties a newspaper CMS writes into a comment (``<!--enpproperty <date>2022-02-13 …</date>``).
_DATE_META = re.compile(
    r"""(?:property|name|itemprop)\s*=\s*["']?(?:og:|weibo:)?(?:article:published_time|article:create_at|pubdate|"""
    r"""publishdate|publish_date|publishtime|datepublished|dc\.date\.issued|dc\.date\.created|"""
    r"""sailthru\.date|parsely-pub-date)["'\s>]""",
    re.IGNORECASE,
)
_CMS_DATE = re.compile(r"<!--\s*enpproperty\b[^>]{0,2000}?<date>\s*([^<]{8,40})</date>", re.IGNORECASE)
_ISO_START = re.compile(r"\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def declared_date(html: str) -> str | None:
    """The article's date as its markup declares it (YYYY-MM-DD), or None: the first meta tag of
    :data:`_DATE_META` whose content starts with a full date, else a CMS's ``enpproperty`` comment.
    Dates a page only shows in its text are the cleaner's (the line under the headline)."""
    for tag in _META_TAG.finditer(html):
        text = tag.group(0)
        if not _DATE_META.search(text):
            continue
        content = _CONTENT.search(text)
        found = _iso(content.group(1) or content.group(2)) if content else None
        if found is not None:
            return found
    cms = _CMS_DATE.search(html)
    return _iso(cms.group(1)) if cms else None


def markup_date(html: str) -> str | None:
    """The date htmldate reads from the page's markup alone (meta tags, ``<time>``, structured data,
    the address, the elements that name a date) without its extensive search of the text, which can
    take a date from a related-news list or a comment; None when it finds none the page writes out."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except (ValueError, TypeError):  # a page htmldate cannot parse: the extractor's own date stands
        return None
    return found if found and _date_written_in(html, found) else None


def _iso(text: str) -> str | None:
    import datetime

    m = _ISO_START.match(text)
    if m is None:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _date_written_in(html: str, iso: str) -> bool:
    """Whether the page writes the date ``iso`` (YYYY-MM-DD) out with year, month and day.

    In a meta tag, a ``<time>`` element or the text: ``2021-03-01``,
    ``2021/3/1``, ``2021年3月1日``, ``20210301``, ``3/1/2021``, ``March 1, 2021``,
    ``1 Mar 2021``.  A bare year is not a date.
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if m is None:
        return False
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    numeric = re.compile(
        rf"(?<!\d){y}\s*(?:[-/.年]\s*0?{mo}\s*[-/.月]\s*0?{d}(?!\d)|{mo:02d}{d:02d}(?!\d))"
        rf"|(?<![\d/])0?{mo}/0?{d}/{y}(?![\d/])"  # month/day/year, as American-locale servers print it
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
