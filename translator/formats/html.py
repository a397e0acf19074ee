"""The article page: one self-contained file (the HTML export), and the page of the published site.

Built with lxml's tree API only, so every source and target is text, never
markup.  The page holds every layout's content once: a row per block, the
Chinese and the English side by side in it, each sentence a ``<span>`` whose
``data-segments`` names its segments on both sides; a class on ``<html>``
picks the layout the page opens in (:mod:`translator.formats.reader` says how
the layouts switch, with and without script):

* ``side-by-side``: two columns, one row per block (headings included), the
  Chinese muted;
* ``interleaved``: each Chinese block, muted, followed by its English;
* ``target``: the English only; hovering over a sentence, or tapping it,
  shows its Chinese in a tooltip laid over the page (nothing moves).

The header has the English title over the Chinese one, one credits line
(translated by, reviewed by, the original's source, link and date) and the
document's flags as notes; the engine's signature and the rest of the
provenance are in the "About this translation" footer.  The English runs at
most about 70 characters a line; print styles; dark mode by
``prefers-color-scheme``.  Every text element has ``lang``.

English not yet approved is marked (class ``unreviewed``, with a legend);
with ``approved_only`` it is left out instead, as is approved English with a QA
error still open (:attr:`~translator.document.Segment.publishable`); the Chinese
stays, and the header says how many sentences are left out.

:func:`export_html` is the export: style and script inline, allowed by the
page's Content-Security-Policy through their hashes.  :func:`article_page`
is the tree the published site completes (:mod:`translator.publish.pages`):
its style and script linked, its head given the site's links and metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree, html

from ..document import Block, Document, Segment
from ..vocabulary import DEFAULT_LAYOUT, LAYOUT_LABELS, LAYOUTS
from ..zh import HAN
from . import FormatError
from .base import TOOL, TOOL_VERSION, credits, join_source, join_target, sentences
from .reader import CSS, SCRIPT, csp_hash

UNTRANSLATED = "[not translated]"
ZH = "zh-Hans"
EN = "en"

_HAN = re.compile(f"[{HAN}]")
_HOST = re.compile(r"[A-Za-z0-9.-]+(?::\d{1,5})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December")

CSP = f"default-src 'none'; style-src {csp_hash(CSS)}; script-src {csp_hash(SCRIPT)}; base-uri 'none'; form-action 'none'"
#: The published page's policy: its style sheet and script are files of the site.
LINKED_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


@dataclass(frozen=True)
class Assets:
    """Where a published page finds the site's style sheet and script (relative URLs)."""

    stylesheet: str
    script: str


def lang_of(text: str) -> str:
    """``zh-Hans`` for text holding a Han character, else ``en``."""
    return ZH if _HAN.search(text) else EN


def el(parent: etree._Element, tag: str, text: str | None = None, *, lang: str | None = None, **attrs: str) -> etree._Element:
    """A child element with ``text`` as text (never markup); ``data_x`` and ``aria_x`` attributes become ``data-x``..."""
    node = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if lang is not None:
        node.set("lang", lang)
    if text is not None:
        try:
            node.text = text
        except ValueError:
            raise FormatError(f"text holds a character HTML cannot carry: {text[:40]!r}; remove it and export again") from None
    return node


def web_url(url: str | None) -> bool:
    """True for an absolute http(s) address (anything else is shown, never linked: no ``javascript:``)."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def readable_date(value: str) -> str:
    """``2020-06-04`` as ``4 June 2020``; anything else as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return value
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def export_html(doc: Document, *, layout: str = DEFAULT_LAYOUT, approved_only: bool = False) -> bytes:
    """The self-contained page, opening in ``layout`` (``side-by-side``, ``interleaved`` or ``target``)."""
    return page_bytes(article_page(doc, layout=layout, approved_only=approved_only))


def page_bytes(root: etree._Element) -> bytes:
    """A page tree as the bytes of an HTML5 file."""
    return html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=True)


def image_origins(doc: Document) -> list[str]:
    """The origins (``https://host``) of the article's images, sorted: the page's policy allows its images from them only."""
    found = set()
    for block in doc.blocks:
        src = str(block.attrs.get("src", "")) if block.kind == "image" else ""
        parts = urlsplit(src)
        if web_url(src) and _HOST.fullmatch(parts.netloc):  # a plain host (and port): nothing else enters the policy
            found.add(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
    return sorted(found)


def _policy(assets: Assets | None, images: list[str]) -> str:
    """The page's Content-Security-Policy: with the article's images' origins when it shows images."""
    if not images:
        return CSP if assets is None else LINKED_CSP
    if assets is None:
        return CSP.replace("; base-uri", f"; img-src {' '.join(images)}; base-uri")
    return LINKED_CSP.replace("img-src 'self'", f"img-src 'self' {' '.join(images)}")


def page_shell(title: str, *, layout: str | None, assets: Assets | None, title_lang: str = EN,
               images: list[str] | None = None) -> etree._Element:
    """``<html lang="en">`` with its head (charset, viewport, CSP, title, style) and an empty body.

    ``images``: the origins the article's images come from (:func:`image_origins`), which the policy allows.
    """
    root = etree.Element("html", {"lang": EN})
    if layout is not None:
        root.set("class", f"layout-{layout}")
    head = el(root, "head")
    el(head, "meta", charset="utf-8")
    el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    el(head, "meta", http_equiv="Content-Security-Policy", content=_policy(assets, images or []))
    el(head, "meta", name="referrer", content="no-referrer" if assets is None else "strict-origin-when-cross-origin")
    el(head, "meta", name="color-scheme", content="light dark")
    el(head, "meta", name="generator", content=f"{TOOL} {TOOL_VERSION}")
    el(head, "title", title, lang=title_lang)
    if assets is None:
        el(head, "style", CSS)
    else:
        el(head, "link", rel="stylesheet", href=assets.stylesheet)
    el(root, "body")
    return root


def article_page(doc: Document, *, layout: str = DEFAULT_LAYOUT, approved_only: bool = False,
                 assets: Assets | None = None) -> etree._Element:
    """The page's tree; ``assets``: link the site's style sheet and script instead of inlining them."""
    if layout not in LAYOUTS:
        raise FormatError(f"unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
    zh_title, en_title, title_approved = _title(doc, approved_only)
    root = page_shell(en_title or zh_title or doc.id, layout=layout, assets=assets,
                      title_lang=EN if en_title else lang_of(zh_title or doc.id), images=image_origins(doc))
    head, body = root[0], root[1]
    if assets is not None:
        el(head, "script", src=assets.script)  # not deferred: it sets the remembered layout before the body is drawn
    modes = body
    for name in reversed(LAYOUTS):  # nested, so ``#mode-<name>:target`` contains the whole article
        modes = el(modes, "div", class_="mode", id=f"mode-{name}")

    main = el(modes, "main", class_="reader")
    article = el(main, "article", id="article")
    header = el(article, "header", class_="page-head")
    nav = el(header, "nav", class_="switch", aria_label="Reading mode", lang=EN)
    for name in LAYOUTS:
        el(nav, "a", LAYOUT_LABELS[name], lang=EN, href=f"#mode-{name}", data_layout=name,
           aria_current="true" if name == layout else "false")
    h1 = el(header, "h1")
    if en_title:
        el(h1, "span", en_title, lang=EN, class_="en" if title_approved else "en unreviewed")
    elif zh_title and not approved_only:
        el(h1, "span", UNTRANSLATED, lang=EN, class_="en placeholder")
    if zh_title:
        if len(h1):
            h1[-1].tail = " "
        el(h1, "span", zh_title, lang=ZH, class_="zh")
    _credits(header, doc)
    for f in doc.flags:  # notes on the whole article a reader must see (e.g. cleaning_kept)
        notice = el(header, "p", lang=EN, class_="legend flag", role="note", data_flag=f.code)
        el(notice, "strong", "Note", lang=EN).tail = f" ({f.code}): {f.message}"
    rows, unreviewed, left_out = _rows(doc, approved_only)
    if approved_only and left_out:
        el(header, "p", f"{left_out} {'sentence' if left_out == 1 else 'sentences'} whose English is not approved yet "
           f"(or has a QA error open) {'is' if left_out == 1 else 'are'} left out; the Chinese is shown in full.", lang=EN, class_="legend left-out")
    elif unreviewed or (en_title and not title_approved):
        legend = el(header, "p", lang=EN, class_="legend")
        el(legend, "span", "Highlighted", lang=EN, class_="unreviewed").tail = (
            ": English not yet approved by a reviewer (machine draft, memory match or awaiting review)."
        )

    text = el(article, "div", class_="body")
    for row in rows:
        text.append(row)
    _about(el(article, "footer", class_="about", lang=EN), doc)
    if assets is None:
        el(body, "script", SCRIPT)
    return root


def _title(doc: Document, approved_only: bool) -> tuple[str, str, bool]:
    """(Chinese, English, whether the English is approved) of the title."""
    block = doc.title
    if block is None or not block.segments:
        return doc.metadata.title or "", "", False
    pieces = block.segments
    approved = all(s.status == "approved" for s in pieces)
    english = join_target(pieces)
    if approved_only and not all(s.publishable for s in pieces):
        english = ""
    return block.source or doc.metadata.title or "", english, approved


def _names(parent: etree._Element, names: list[str]) -> None:
    for i, name in enumerate(names):
        span = el(parent, "span", name, lang=lang_of(name), class_="name")
        span.tail = ", " if i < len(names) - 2 else (" and " if i == len(names) - 2 else None)


def _credits(header: etree._Element, doc: Document) -> None:
    """One line: translated by, reviewed by, from the original (source, link, date)."""
    m = doc.metadata
    line = el(header, "p", lang=EN, class_="credits")
    parts: list[etree._Element] = []

    def part() -> etree._Element:
        if parts:
            parts[-1].tail = (parts[-1].tail or "") + " · "
        span = el(line, "span", lang=EN)
        parts.append(span)
        return span

    for label, key in (("Translated by ", "editor"), ("Reviewed by ", "reviewer")):
        names = credits(doc, key)
        if names:
            span = part()
            span.text = label
            span.set("class", "translators" if key == "editor" else "reviewers")
            _names(span, names)
    if m.source or m.url or m.date:
        span = part()
        span.set("class", "original")
        span.text = "From the original"

        def say(text: str) -> None:  # text after what the span holds so far
            if len(span):
                span[-1].tail = (span[-1].tail or "") + text
            else:
                span.text = (span.text or "") + text

        if m.source:
            say(" in ")
            el(span, "span", m.source, lang=lang_of(m.source), class_="source")
        if web_url(m.url):
            say(" at ")
            a = el(span, "a", urlsplit(m.url or "").netloc, lang=EN, href=m.url or "", rel="noreferrer", hreflang=original_lang(doc),
                   class_="original-link")
            a.set("title", m.url or "")
        elif m.url:  # not a web address: shown, never linked
            say(" at ")
            el(span, "span", m.url, lang=EN, class_="original-url")
        if m.date:
            say(", " if (m.source or m.url) else " of ")
            if _ISO_DATE.fullmatch(m.date):
                el(span, "time", readable_date(m.date), lang=EN, datetime=m.date)
            else:
                el(span, "span", m.date, lang=lang_of(m.date))
    if not parts:
        header.remove(line)


def original_lang(doc: Document) -> str:
    """The original's language tag: ``zh-Hant`` when it was in Traditional characters, else ``zh-Hans``."""
    return "zh-Hant" if doc.metadata.original_script == "zh-Hant" else ZH


def _about(footer: etree._Element, doc: Document) -> None:
    """The "About this translation" footer: how it was made, the original's people, the signature."""
    el(footer, "h2", "About this translation", lang=EN)
    dl = el(footer, "dl", class_="meta")
    m = doc.metadata

    def item(label: str) -> etree._Element:
        el(dl, "dt", label, lang=EN)
        return el(dl, "dd")

    for label, value in (("Source", m.source), ("Author", m.author), ("Original editor", m.editor)):
        if value:
            dd = item(label)
            dd.text = value
            dd.set("lang", lang_of(value))
    if m.url:
        dd = item("Original")
        if web_url(m.url):
            el(dd, "a", m.url, lang=EN, href=m.url, rel="noreferrer")
        else:
            dd.text = m.url
            dd.set("lang", EN)
    for label, key in (("Translator", "editor"), ("Reviewer", "reviewer")):
        names = credits(doc, key)
        if names:
            dd = item(label if len(names) == 1 else label + "s")
            for i, name in enumerate(names):
                span = el(dd, "span", name, lang=lang_of(name))
                if i < len(names) - 1:
                    span.tail = ", "
            if len(names) > 1:
                dd.set("lang", EN)  # the commas
    if doc.signature:
        dd = item("Machine translation")
        el(dd, "code", doc.signature, lang=EN)
    el(item("Made with"), "span", f"{TOOL} {TOOL_VERSION}, document {doc.id}", lang=EN)


def _rows(doc: Document, approved_only: bool) -> tuple[list[etree._Element], int, int]:
    """One row per body block (a table's cells one row); with the count of unreviewed sentences shown and of sentences left out.

    A row's two sides hold the block as what it is: a heading ``<h2>``, a
    paragraph ``<p>``, an image ``<figure>`` (the ``<img>`` with the English
    caption, or with the Chinese where no English is shown) with its
    ``<figcaption>``, a list item ``<li>`` of a ``<ul>`` or ``<ol>``, a quote
    ``<blockquote>``, a table's cells in a ``<table>`` on each side.
    """
    rows = []
    counts = [0, 0]  # unreviewed, left out
    table: tuple[object, etree._Element, etree._Element, etree._Element] | None = None  # (its number, row, zh, en)
    numbers: dict[object, int] = {}  # how many items of each list came before
    for b, block in enumerate(doc.blocks, 1):
        if not block.segments:
            continue
        if block.kind == "table_cell":
            if table is None or table[0] != block.attrs.get("table"):
                row = etree.Element("div", {"class": "row table", "id": f"b{b}"})
                zh_side = el(row, "div", class_="zh", lang=ZH)
                en_side = el(row, "div", class_="en", lang=EN)
                table = (block.attrs.get("table"), row, el(zh_side, "table", lang=ZH), el(en_side, "table", lang=EN))
                rows.append(row)
            for side, lang in ((table[2], ZH), (table[3], EN)):
                cell = _cell(side, block, lang)
                if lang == ZH:
                    for pieces in sentences(block):
                        _sentence_zh(cell, pieces)
                else:
                    _english(cell, block, approved_only, counts)
            continue
        table = None
        row = etree.Element("div", {"class": f"row {block.kind}", "id": f"b{b}"})
        zh = _container(el(row, "div", class_="zh", lang=ZH), block, ZH, numbers)
        en_side = el(row, "div", class_="en", lang=EN)
        en = _container(en_side, block, EN, numbers)
        for pieces in sentences(block):
            _sentence_zh(zh, pieces)
        _english(en, block, approved_only, counts)
        if not len(en):  # nothing approved in it: the Chinese alone
            row.remove(en_side)
            row.set("class", row.get("class", "") + " zh-only")
        if block.kind == "image":
            _image(zh if not len(en) else en, block)
        if block.kind == "list_item":
            numbers[block.attrs.get("list")] = numbers.get(block.attrs.get("list"), 0) + 1
        rows.append(row)
    _drop_empty_tables(rows)
    return rows, counts[0], counts[1]


def _english(parent: etree._Element, block: Block, approved_only: bool, counts: list[int]) -> None:
    """The English sentences of ``block`` in ``parent``, separated by spaces; ``counts`` (unreviewed, left out) updated."""
    before = len(parent)
    for pieces in sentences(block):
        shown = _sentence_en(parent, pieces, approved_only)
        if shown == "unreviewed":
            counts[0] += 1
        elif shown == "left out":
            counts[1] += 1
    for span in parent[before:-1]:
        span.tail = " "  # English sentences are separated by a space, Chinese ones by nothing


def _container(side: etree._Element, block: Block, lang: str, numbers: dict[object, int]) -> etree._Element:
    """The element of one side of a row that holds the block's sentences, as the block's kind asks."""
    if block.kind == "heading":
        return el(side, "h2", lang=lang)
    if block.kind == "image":
        return el(el(side, "figure", lang=lang), "figcaption", lang=lang)
    if block.kind == "list_item":
        ordered = bool(block.attrs.get("ordered"))
        attrs = {"start": str(numbers.get(block.attrs.get("list"), 0) + 1)} if ordered else {}
        return el(el(side, "ol" if ordered else "ul", lang=lang, **attrs), "li", lang=lang)
    if block.kind == "quote":
        return el(el(side, "blockquote", lang=lang), "p", lang=lang)
    return el(side, "p", lang=lang)


def _image(figcaption: etree._Element, block: Block) -> None:
    """The block's ``<img>`` before the caption (only a web address: the page never shows another kind of link)."""
    src = str(block.attrs.get("src", ""))
    if not web_url(src):
        return
    figure = figcaption.getparent()
    img = etree.Element("img", {"src": src, "alt": str(block.attrs.get("alt", "")), "loading": "lazy"})
    figure.insert(0, img)


def _cell(table: etree._Element, block: Block, lang: str) -> etree._Element:
    """The cell of ``block`` in ``table``, in its row (rows and cells made as they are first met)."""
    number = int(block.attrs.get("row", 1) or 1)
    while len(table) < number:
        el(table, "tr", lang=lang)
    return el(table[number - 1], "th" if block.attrs.get("head") else "td", lang=lang)


def _drop_empty_tables(rows: list[etree._Element]) -> None:
    """A table whose English side shows nothing (approved-only, nothing approved): the Chinese alone."""
    for row in rows:
        if row.get("class") != "row table":
            continue
        en_side = row[1]
        if not any(len(cell) or (cell.text or "") for tr in en_side[0] for cell in tr):
            row.remove(en_side)
            row.set("class", "row table zh-only")


def _ids(pieces: list[Segment]) -> str:
    return " ".join(s.id for s in pieces)


def _sentence_zh(parent: etree._Element, pieces: list[Segment]) -> None:
    el(parent, "span", join_source(pieces), lang=ZH, id=f"zh-{pieces[0].id}", data_segments=_ids(pieces))


def _sentence_en(parent: etree._Element, pieces: list[Segment], approved_only: bool) -> str:
    """Adds one English sentence; returns "approved", "unreviewed" or "left out" (nothing added)."""
    statuses = " ".join(s.status for s in pieces)
    attrs = {"id": f"en-{pieces[0].id}", "data_segments": _ids(pieces), "data_status": statuses}
    approved = all(s.status == "approved" for s in pieces)
    english = join_target(pieces)
    if approved_only and not (approved and english and all(s.publishable for s in pieces)):
        return "left out"
    if not english:
        el(parent, "span", UNTRANSLATED, lang=EN, class_="placeholder unreviewed", **attrs)
        return "unreviewed"
    el(parent, "span", english, lang=EN, class_="s" if approved else "s unreviewed", **attrs)
    return "approved" if approved else "unreviewed"
