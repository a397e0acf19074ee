"""The site's Atom feed (``feed.xml``) and sitemap (``sitemap.xml``), built with lxml.

The feed is Atom 1.0 with ``xml:lang="en"``: one entry per published article,
newest first, with its English title, link (and the original's, with its
``hreflang``), first-published and updated times and its lead as summary.
The sitemap follows the sitemaps.org 0.9 schema, each article with
``xhtml:link`` alternates: the English page itself and the Chinese original.
"""

from __future__ import annotations

from lxml import etree

from ..formats.base import TOOL, TOOL_VERSION, xml_bytes
from ..formats.html import EN
from .pages import Entry, index_name

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def atom_feed(entries: list[Entry], *, base_url: str, site_title: str, updated: str) -> bytes:
    """The Atom feed of ``entries`` (newest first)."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set(XML_LANG, EN)
    _sub(feed, ATOM, "id", base_url)
    _sub(feed, ATOM, "title", site_title)
    _sub(feed, ATOM, "subtitle", "English translations of Chinese news articles, reviewed by people.")
    _sub(feed, ATOM, "updated", max((e.updated_at for e in entries), default=updated))
    _sub(feed, ATOM, "link", rel="self", type="application/atom+xml", href=base_url + "feed.xml")
    _sub(feed, ATOM, "link", rel="alternate", type="text/html", href=base_url)
    _sub(_sub(feed, ATOM, "author"), ATOM, "name", site_title)
    _sub(feed, ATOM, "generator", TOOL, version=TOOL_VERSION)
    for e in entries:
        entry = _sub(feed, ATOM, "entry")
        _sub(entry, ATOM, "id", e.url)
        _sub(entry, ATOM, "title", e.title)
        _sub(entry, ATOM, "link", rel="alternate", type="text/html", hreflang=EN, href=e.url)
        if e.original_url:
            _sub(entry, ATOM, "link", rel="related", type="text/html", hreflang=e.original_lang, href=e.original_url,
                 title=e.zh_title or "original")
        _sub(entry, ATOM, "published", e.published_at)
        _sub(entry, ATOM, "updated", e.updated_at)
        _sub(entry, ATOM, "summary", e.lead or e.title, type="text")
    return xml_bytes(feed)


def sitemap(entries: list[Entry], *, base_url: str, pages: int, updated: str) -> bytes:
    """The sitemap: the index pages, then each article with its language alternates."""
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "xhtml": XHTML})
    newest = max((e.updated_at for e in entries), default=updated)
    for page in range(1, pages + 1):
        url = _sub(urlset, SITEMAP, "url")
        _sub(url, SITEMAP, "loc", base_url if page == 1 else base_url + index_name(page))
        _sub(url, SITEMAP, "lastmod", newest)
    for e in entries:
        url = _sub(urlset, SITEMAP, "url")
        _sub(url, SITEMAP, "loc", e.url)
        _sub(url, SITEMAP, "lastmod", e.updated_at)
        _sub(url, XHTML, "link", rel="alternate", hreflang=EN, href=e.url)
        if e.original_url:
            _sub(url, XHTML, "link", rel="alternate", hreflang=e.original_lang, href=e.original_url)
    return xml_bytes(urlset)
