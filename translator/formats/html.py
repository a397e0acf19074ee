"""The bilingual HTML page: one self-contained file, three layouts.

Built with lxml's tree API only, so every source and target is text, never
markup.  The page holds every layout's content once: a row per block, the
Chinese and the English side by side in it; a class on ``<html>`` picks the
layout, and a few lines of inline script switch it:

* ``side-by-side``: two columns, one row per block (headings included);
* ``interleaved``: each Chinese block followed by its English;
* ``target``: the English only; hovering over a block, or tapping it (the
  row takes focus), shows its Chinese.

Every text element has ``lang`` (``zh-Hans`` or ``en``).  The style sheet is
inline, with a print style and one column on narrow screens; a Content
Security Policy allows only the page's own style and script (by hash).
Pieces of one long sentence are rejoined.  With ``approved_only`` only
approved English with no QA error still open is shown (a placeholder stands
for the rest, and a legend says which is which); otherwise
English not yet approved is marked (class ``unreviewed``) and a legend says so.
The document's own flags (e.g. ``cleaning_kept``) are notes in the header.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from lxml import etree, html

from ..document import Document, Segment
from ..vocabulary import DEFAULT_LAYOUT, LAYOUT_LABELS, LAYOUTS
from ..zh import HAN
from . import FormatError
from .base import TOOL, TOOL_VERSION, credits, join_source, join_target, sentences
from .text import HELD

UNTRANSLATED = "[not translated]"
AWAITING_REVIEW = "[awaiting review]"
ZH = "zh-Hans"
EN = "en"

_HAN = re.compile(f"[{HAN}]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")

CSS = """\
:root { --muted: #595959; --mark: #fff3bf; --line: #ccc; }
* { box-sizing: border-box; }
body { font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 76rem; padding: 1rem 1.5rem 3rem; }
[lang|="zh"] { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
h1 { font-size: 1.8rem; line-height: 1.3; margin: .5rem 0; }
h1 .zh { display: block; font-size: 1.2rem; font-weight: normal; color: var(--muted); }
h2 { font-size: 1.25rem; margin: 1rem 0 .25rem; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 1rem 0; font-size: .9rem; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.switch { margin: .5rem 0; }
.switch button { font: inherit; padding: .2rem .7rem; border: 1px solid var(--line); background: none; color: inherit; border-radius: .3rem; cursor: pointer; }
.switch button[aria-pressed="true"] { background: var(--line); }
.legend { font-size: .9rem; color: var(--muted); }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2rem; }
.row p { margin: 0 0 1rem; }
.unreviewed { background: var(--mark); color: #000; }
.placeholder { color: var(--muted); font-style: italic; }
.layout-interleaved .row { grid-template-columns: 1fr; }
.layout-interleaved .row .zh p { margin-bottom: .25rem; }
.layout-target .row { grid-template-columns: 1fr; }
.layout-target .row .zh { display: none; order: 2; }
.layout-target .row:hover .zh, .layout-target .row:focus-within .zh { display: block; color: var(--muted); border-left: 3px solid var(--line); padding-left: .75rem; }
footer { border-top: 1px solid var(--line); margin-top: 2rem; font-size: .85rem; color: var(--muted); }
@media (max-width: 44rem) {
  .row { grid-template-columns: 1fr; }
  .meta { grid-template-columns: 1fr; }
  .meta dd { margin-bottom: .4rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .switch { display: none; }
  .layout-target .row:hover .zh, .layout-target .row:focus-within .zh { display: none; }
  .unreviewed { background: none; text-decoration: underline dotted; }
  .row { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; }
}
"""

SCRIPT = """\
var buttons = document.querySelectorAll("button[data-layout]");
buttons.forEach(function (b) {
  b.addEventListener("click", function () {
    document.documentElement.className = "layout-" + b.getAttribute("data-layout");
    buttons.forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
  });
});
document.querySelector(".switch").hidden = false;
"""


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = f"default-src 'none'; style-src {_csp_hash(CSS)}; script-src {_csp_hash(SCRIPT)}; base-uri 'none'; form-action 'none'"


def _lang_of(text: str) -> str:
    return ZH if _HAN.search(text) else EN


def _el(parent: etree._Element, tag: str, text: str | None = None, *, lang: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if lang is not None:
        el.set("lang", lang)
    if text is not None:
        try:
            el.text = text
        except ValueError:
            raise FormatError(f"text holds a character HTML cannot carry: {text[:40]!r}; remove it and export again") from None
    return el


def export_html(doc: Document, *, layout: str = DEFAULT_LAYOUT, approved_only: bool = False) -> bytes:
    """The page, opening in ``layout`` (``side-by-side``, ``interleaved`` or ``target``)."""
    if layout not in LAYOUTS:
        raise FormatError(f"unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
    root = etree.Element("html", {"lang": EN, "class": f"layout-{layout}"})
    head = _el(root, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "meta", http_equiv="Content-Security-Policy", content=CSP)
    _el(head, "meta", name="referrer", content="no-referrer")
    _el(head, "meta", name="generator", content=f"{TOOL} {TOOL_VERSION}")
    zh_title, en_title, title_approved = _title(doc, approved_only)
    _el(head, "title", en_title or zh_title or doc.id, lang=EN if en_title else _lang_of(zh_title or doc.id))
    _el(head, "style", CSS)
    body = _el(root, "body")

    header = _el(body, "header")
    nav = _el(header, "nav", class_="switch", aria_label="Layout", lang=EN)
    nav.set("hidden", "hidden")
    for i, name in enumerate(LAYOUTS):
        if i:
            nav[-1].tail = " "
        _el(nav, "button", LAYOUT_LABELS[name], lang=EN, type="button", data_layout=name,
            aria_pressed="true" if name == layout else "false")
    h1 = _el(header, "h1")
    if en_title:
        _el(h1, "span", en_title, lang=EN, class_="en" if title_approved else "en unreviewed")
    elif zh_title:
        _el(h1, "span", AWAITING_REVIEW if approved_only else UNTRANSLATED, lang=EN, class_="en placeholder")
    if zh_title:
        if len(h1):
            h1[-1].tail = " "
        _el(h1, "span", zh_title, lang=ZH, class_="zh")
    _meta(_el(header, "dl", class_="meta"), doc)
    for f in doc.flags:  # notes on the whole article a reader must see (e.g. cleaning_kept)
        notice = _el(header, "p", lang=EN, class_="legend flag", role="note", data_flag=f.code)
        _el(notice, "strong", "Note", lang=EN).tail = f" ({f.code}): {f.message}"
    rows, unreviewed, placeholders, held = _rows(doc, approved_only)
    if approved_only and placeholders:
        legend = _el(header, "p", lang=EN, class_="legend")
        _el(legend, "span", AWAITING_REVIEW, lang=EN, class_="placeholder").tail = (
            ": a sentence whose English has not been approved yet is not shown."
        )
    if approved_only and held:
        legend = _el(header, "p", lang=EN, class_="legend held")
        _el(legend, "span", HELD, lang=EN, class_="placeholder").tail = (
            ": an approved sentence with a QA error still open (not fixed, not ignored with a reason) is not shown."
        )
    elif unreviewed or (en_title and not title_approved):
        legend = _el(header, "p", lang=EN, class_="legend")
        _el(legend, "span", "Highlighted", lang=EN, class_="unreviewed").tail = (
            ": English not yet approved by a reviewer (machine draft, memory match or awaiting review)."
        )

    main = _el(body, "main")
    article = _el(main, "article")
    for row in rows:
        article.append(row)

    footer = _el(body, "footer")
    _el(footer, "p", f"Exported by {TOOL} {TOOL_VERSION}. Document {doc.id}.", lang=EN)
    _el(body, "script", SCRIPT)
    return html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=True)


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


def _meta(dl: etree._Element, doc: Document) -> None:
    m = doc.metadata

    def item(label: str) -> etree._Element:
        _el(dl, "dt", label, lang=EN)
        return _el(dl, "dd")

    if m.date:
        dd = item("Date")
        if _ISO_DATE.fullmatch(m.date):
            _el(dd, "time", m.date, lang=EN, datetime=m.date)
        else:
            dd.text = m.date
            dd.set("lang", _lang_of(m.date))
    for label, value in (("Source", m.source), ("Author", m.author), ("Original editor", m.editor)):
        if value:
            dd = item(label)
            dd.text = value
            dd.set("lang", _lang_of(value))
    if m.url:
        dd = item("Original")
        parts = urlsplit(m.url)
        if parts.scheme in ("http", "https") and parts.netloc:
            _el(dd, "a", m.url, lang=EN, href=m.url, rel="noreferrer")
        else:  # not a web address: shown, never linked (no javascript: or data: links)
            dd.text = m.url
            dd.set("lang", EN)
    for label, key in (("Translator", "editor"), ("Reviewer", "reviewer")):
        names = credits(doc, key)
        if names:
            dd = item(label if len(names) == 1 else label + "s")
            for i, name in enumerate(names):
                span = _el(dd, "span", name, lang=_lang_of(name))
                if i < len(names) - 1:
                    span.tail = ", "
            if len(names) > 1:
                dd.set("lang", EN)  # the commas
    if doc.signature:
        dd = item("Machine translation")
        _el(dd, "code", doc.signature, lang=EN)


def _rows(doc: Document, approved_only: bool) -> tuple[list[etree._Element], int, int, int]:
    """One row per body block; with the count of unreviewed sentences shown, of placeholders and of held sentences."""
    rows = []
    unreviewed = placeholders = held = 0
    for b, block in enumerate(doc.blocks, 1):
        if not block.segments:
            continue
        row = etree.Element("div", {"class": f"row {block.kind}", "id": f"b{b}", "tabindex": "0"})
        tag = "h2" if block.kind == "heading" else "p"
        zh = _el(_el(row, "div", class_="zh", lang=ZH), tag, lang=ZH)
        en = _el(_el(row, "div", class_="en", lang=EN), tag, lang=EN)
        for n, pieces in enumerate(sentences(block)):
            _sentence_zh(zh, pieces)
            if n:
                en[-1].tail = " "  # English sentences are separated by a space, Chinese ones by nothing
            shown = _sentence_en(en, pieces, approved_only)
            if shown == "unreviewed":
                unreviewed += 1
            elif shown == "placeholder":
                placeholders += 1
            elif shown == "held":
                held += 1
        rows.append(row)
    return rows, unreviewed, placeholders, held


def _ids(pieces: list[Segment]) -> str:
    return " ".join(s.id for s in pieces)


def _sentence_zh(parent: etree._Element, pieces: list[Segment]) -> None:
    _el(parent, "span", join_source(pieces), lang=ZH, id=f"zh-{pieces[0].id}", data_segments=_ids(pieces))


def _sentence_en(parent: etree._Element, pieces: list[Segment], approved_only: bool) -> str:
    """Adds one English sentence; returns "approved", "unreviewed", "placeholder" or "held" (QA errors open)."""
    statuses = " ".join(s.status for s in pieces)
    attrs = {"id": f"en-{pieces[0].id}", "data_segments": _ids(pieces), "data_status": statuses}
    approved = all(s.status == "approved" for s in pieces)
    english = join_target(pieces)
    if approved_only and not approved:
        _el(parent, "span", AWAITING_REVIEW, lang=EN, class_="placeholder", **attrs)
        return "placeholder"
    if approved_only and not all(s.publishable for s in pieces):
        _el(parent, "span", HELD, lang=EN, class_="placeholder held", **attrs)
        return "held"
    if not english:
        _el(parent, "span", UNTRANSLATED, lang=EN, class_="placeholder unreviewed", **attrs)
        return "unreviewed"
    _el(parent, "span", english, lang=EN, class_="s" if approved else "s unreviewed", **attrs)
    return "approved" if approved else "unreviewed"
