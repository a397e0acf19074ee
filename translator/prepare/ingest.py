"""Bytes in, article text out: decoding (:mod:`.decode`), then, for an HTML page, extraction (:mod:`.html`).

Everything here answers one question: what did the author write?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .decode import decode, require_visible
from .html import archive_url, extract_page, is_html, unwrap_archive


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
    # The lines of an HTML page that are its structure (captions, list items, quotes, table cells): (text, attrs).
    structure: tuple[tuple[str, dict[str, Any]], ...] = ()


def read(data: bytes, *, name: str = "<input>") -> RawText:
    """Decode ``data`` and, for an HTML page, extract the article."""
    text, enc = decode(data, name=name)
    text = text.lstrip("\ufeff")
    if is_html(text):
        html, archived_title = unwrap_archive(text)
        page = extract_page(html, name=name, title=archived_title)
        if not page.metadata.get("url") and archive_url(text):
            page.metadata["url"] = archive_url(text)
        require_visible(page.text, name)
        return RawText(page.text, enc, "html", page.metadata, page.headings, page.links, page.structure)
    return RawText(text, enc, "text")
