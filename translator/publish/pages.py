"""The site's pages: an article (the export's page plus the site's head) and the index, fifty articles a page.

An article's head has what search engines and social networks read:
``<link rel="canonical">``, ``hreflang`` alternates (the English page, and the
original Chinese page when its address is known, ``zh-Hans`` or ``zh-Hant``
as the original was written), Open Graph (``og:locale`` and
``og:locale:alternate``) and a schema.org ``NewsArticle`` in JSON-LD
(``headline``, ``datePublished``, ``dateModified``, ``inLanguage``,
``translator``, ``isBasedOn`` and ``translationOfWork`` naming the original).
Everything is built with lxml (text is never markup); the JSON-LD is
escaped so no ``</script>`` can close its element.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..document import Document
from ..formats.base import credits, join_target, sentences
from ..formats.html import (
    EN,
    ZH,
    Assets,
    article_page,
    el,
    lang_of,
    original_lang,
    page_bytes,
    page_shell,
    readable_date,
    web_url,
)

#: Articles on one index page.
PAGE_SIZE = 50
#: Open Graph locales (language_TERRITORY) of the page and of the original, by its script.
OG_LOCALE = "en_US"
OG_LOCALE_OF = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}
LEAD_CHARS = 240
ASSETS = "assets"


@dataclass(frozen=True)
class Entry:
    """What the index, the feed and the sitemap say of one published article (kept in the site's manifest)."""

    id: str
    path: str
    url: str
    title: str  # English
    zh_title: str
    date: str  # the original's date, as the document has it ("" when unknown)
    source: str
    lead: str
    original_url: str  # "" when unknown or not a web address
    original_lang: str
    published_at: str
    updated_at: str

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _ENTRY_FIELDS}

    def index_fields(self) -> list[str]:
        """What the index shows of the article (its page changes only when one of these does)."""
        return [self.path, self.title, self.zh_title, self.date, self.source, self.lead]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entry:
        return cls(*(str(d.get(k, "")) for k in _ENTRY_FIELDS))


_ENTRY_FIELDS = tuple(Entry.__dataclass_fields__)


def slug(title: str, limit: int = 60) -> str:
    """Lowercase ASCII words of ``title`` joined by hyphens, at most ``limit`` characters ("article" when none)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    out = ""
    for word in re.findall(r"[a-z0-9]+", text):
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "article"


def english_title(doc: Document) -> str:
    return join_target(doc.title.segments) if doc.title is not None else ""


def article_path(doc: Document) -> str:
    """The article's stable address in the site: the English title's slug and the document id."""
    return f"articles/{slug(english_title(doc))}-{doc.id}.html"


def lead(doc: Document, *, approved_only: bool = True) -> str:
    """The first paragraph's English, cut at a word near :data:`LEAD_CHARS` characters."""
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        parts = [join_target(p) for p in sentences(block) if not approved_only or all(s.status == "approved" for s in p)]
        text = " ".join(t for t in parts if t).strip()
        if text:
            if len(text) <= LEAD_CHARS:
                return text
            cut = text[:LEAD_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return ""


def entry_of(doc: Document, *, base_url: str, published_at: str, updated_at: str, approved_only: bool) -> Entry:
    path = article_path(doc)
    m = doc.metadata
    return Entry(
        id=doc.id, path=path, url=base_url + path, title=english_title(doc) or (doc.title.source if doc.title else doc.id),
        zh_title=doc.title.source if doc.title is not None else (m.title or ""), date=m.date or "", source=m.source or "",
        lead=lead(doc, approved_only=approved_only), original_url=(m.url or "") if web_url(m.url) else "", original_lang=original_lang(doc),
        published_at=published_at, updated_at=updated_at,
    )


def _json_ld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped, so nothing in it is markup."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def news_article(doc: Document, entry: Entry, site_title: str) -> dict[str, Any]:
    """The schema.org NewsArticle of a published article."""
    original: dict[str, Any] = {"@type": "NewsArticle", "inLanguage": entry.original_lang}
    if entry.zh_title:
        original["headline"] = entry.zh_title
    if entry.original_url:
        original["url"] = entry.original_url
        original["@id"] = entry.original_url
    if entry.date:
        original["datePublished"] = entry.date
    if entry.source:
        original["publisher"] = {"@type": "Organization", "name": entry.source}
    people = credits(doc, "editor") or credits(doc, "reviewer")
    translators: list[dict[str, str]] = [{"@type": "Person", "name": n} for n in people] or [
        {"@type": "Organization", "name": site_title}
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": entry.url,
        "url": entry.url,
        "mainEntityOfPage": entry.url,
        "headline": entry.title[:110],
        "inLanguage": EN,
        "datePublished": entry.published_at,
        "dateModified": entry.updated_at,
        "translator": translators,
        "isBasedOn": original,
        "translationOfWork": original,
        "publisher": {"@type": "Organization", "name": site_title},
    }
    if entry.lead:
        data["description"] = entry.lead
    reviewers = credits(doc, "reviewer")
    if reviewers:
        data["editor"] = [{"@type": "Person", "name": n} for n in reviewers]
    return data


def _site_bar(body: etree._Element, home: str, site_title: str) -> None:
    nav = etree.Element("nav", {"class": "site", "aria-label": "Site", "lang": EN})
    el(nav, "a", site_title, lang=lang_of(site_title), href=home)
    body.insert(0, nav)


def _meta_property(head: etree._Element, prop: str, content: str) -> None:
    el(head, "meta", property=prop, content=content)


def article_html(doc: Document, entry: Entry, *, layout: str, approved_only: bool, site_title: str) -> bytes:
    """The published page of one article."""
    root = article_page(doc, layout=layout, approved_only=approved_only,
                        assets=Assets(f"../{ASSETS}/reader.css", f"../{ASSETS}/reader.js"))
    head, body = root[0], root[1]
    el(head, "link", rel="canonical", href=entry.url)
    el(head, "link", rel="alternate", hreflang=EN, href=entry.url)
    if entry.original_url:
        el(head, "link", rel="alternate", hreflang=entry.original_lang, href=entry.original_url)
    el(head, "link", rel="alternate", type="application/atom+xml", title=site_title, href="../feed.xml")
    if entry.lead:
        el(head, "meta", name="description", content=entry.lead)
    for prop, content in (
        ("og:type", "article"), ("og:site_name", site_title), ("og:title", entry.title), ("og:url", entry.url),
        ("og:description", entry.lead), ("og:locale", OG_LOCALE),
        ("og:locale:alternate", OG_LOCALE_OF.get(entry.original_lang, "zh_CN")),
        ("article:published_time", entry.published_at), ("article:modified_time", entry.updated_at),
    ):
        if content:
            _meta_property(head, prop, content)
    el(head, "script", _json_ld(news_article(doc, entry, site_title)), type="application/ld+json")
    _site_bar(body, "../index.html", site_title)
    return page_bytes(root)


def index_name(page: int) -> str:
    """The file of index page ``page`` (1: ``index.html``)."""
    return "index.html" if page == 1 else f"page-{page}.html"


def index_html(entries: list[Entry], *, page: int, pages: int, base_url: str, site_title: str) -> bytes:
    """One index page: its articles newest first, both titles, date, source and lead; links to the pages around it."""
    name = index_name(page)
    heading = site_title if page == 1 else f"{site_title}: page {page} of {pages}"
    root = page_shell(heading, layout=None, assets=Assets(f"{ASSETS}/reader.css", f"{ASSETS}/reader.js"), title_lang=lang_of(site_title))
    head, body = root[0], root[1]
    url = base_url if page == 1 else base_url + name
    el(head, "link", rel="canonical", href=url)
    el(head, "link", rel="alternate", type="application/atom+xml", title=site_title, href="feed.xml")
    description = "English translations of Chinese news articles, reviewed by people, with the original beside them."
    el(head, "meta", name="description", content=description)
    for prop, content in (("og:type", "website"), ("og:site_name", site_title), ("og:title", heading), ("og:url", url),
                          ("og:description", description), ("og:locale", OG_LOCALE)):
        _meta_property(head, prop, content)
    if page > 1:
        el(head, "link", rel="prev", href=index_name(page - 1))
    if page < pages:
        el(head, "link", rel="next", href=index_name(page + 1))
    _site_bar(body, "index.html", site_title)
    header = el(body, "header", class_="page-head")
    el(header, "h1", heading, lang=lang_of(heading))
    el(header, "p", "The latest translations, newest first. Each links to its Chinese original.", lang=EN, class_="credits")
    main = el(body, "main", class_="index-main")
    if entries:
        ol = el(main, "ol", class_="index-list")
        for e in entries:
            _index_item(el(ol, "li"), e)
    else:
        el(main, "p", "Nothing is published yet.", lang=EN)
    if pages > 1:
        nav = el(main, "nav", class_="pages", aria_label="Pages", lang=EN)
        if page > 1:
            el(nav, "a", "← Newer", lang=EN, href=index_name(page - 1), rel="prev")
        el(nav, "span", f"Page {page} of {pages}", lang=EN)
        if page < pages:
            el(nav, "a", "Older →", lang=EN, href=index_name(page + 1), rel="next")
    return page_bytes(root)


def _index_item(li: etree._Element, e: Entry) -> None:
    art = el(li, "article", lang=EN)
    h2 = el(art, "h2", lang=lang_of(e.title))
    el(h2, "a", e.title, lang=lang_of(e.title), href=e.path)
    if e.zh_title:
        el(art, "p", e.zh_title, lang=ZH, class_="zh-title")
    meta = el(art, "p", lang=EN, class_="credits")
    if e.date:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", e.date):
            el(meta, "time", readable_date(e.date), lang=EN, datetime=e.date)
        else:
            el(meta, "span", e.date, lang=lang_of(e.date))
    if e.source:
        if len(meta):
            meta[-1].tail = " · "
        el(meta, "span", e.source, lang=lang_of(e.source), class_="source")
    if not len(meta):
        art.remove(meta)
    if e.lead:
        el(art, "p", e.lead, lang=EN, class_="lead")
