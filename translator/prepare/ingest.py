"""Bytes to text: encoding detection, and HTML pages to article text.

Everything here answers one question: what did the author write?  Encodings
are detected with charset-normalizer (restricted to the encodings Chinese
news is published in), HTML articles are extracted with trafilatura.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import IngestError

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

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|article)\b", re.I | re.S)
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

    Raises :class:`IngestError` for empty, binary or undecodable input.
    """
    if not data.strip():
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
    text, enc = _detect(data, name)
    return _check_text(text, name), enc


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS))
    best = results.best()
    if best is None:
        kind = "binary" if _looks_binary(data) else "undecodable"
        raise IngestError(
            f"{kind} file: not text in UTF-8, GB18030/GBK or Big5; "
            "convert it to UTF-8 or give an HTML/text article",
            path=name,
        )
    enc = best.encoding
    if enc in ("big5", "big5hkscs", "cp950"):
        # GB18030 decodes almost any byte pair; Big5 text read as GB18030 is
        # legal but nonsense.  Prefer the reading that has fewer rare chars.
        enc = _prefer_chinese_reading(data, enc)
    try:
        return data.decode(enc), _canonical(enc)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(
            f"undecodable file (looks like {enc} but is not valid); re-save it as UTF-8",
            path=name,
        ) from None


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
    from .garble import common_chars
    from .convert import to_simplified

    common = common_chars()
    han = [c for c in to_simplified(text[:20000]) if "\u3400" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(c in common for c in han) / len(han)


def _canonical(enc: str) -> str:
    return {"utf_8": "utf-8", "utf_16": "utf-16", "utf_32": "utf-32", "big5hkscs": "big5-hkscs"}.get(
        enc, enc.replace("_", "-")
    )


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return b"\x00" in sample or controls > len(sample) * 0.05


def _check_text(text: str, name: str) -> str:
    """Reject decoded text that is really binary (control characters, NULs)."""
    sample = text[:8192]
    bad = len(_CONTROL.findall(sample))
    if bad > max(8, len(sample) // 100):
        raise IngestError(
            "binary file: it contains control bytes, not article text; give a .txt or .html article",
            path=name,
        )
    if not text.strip("\ufeff \t\r\n\u3000\xa0"):
        raise IngestError("file is empty; nothing to translate", path=name)
    return text


def is_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2048].encode("utf-8", "ignore")))


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


def _safe_xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read(data: bytes, *, name: str = "<input>") -> RawText:
    """Decode ``data`` and, for an HTML page, extract the article."""
    text, enc = decode(data, name=name)
    text = text.lstrip("\ufeff")
    if is_html(text):
        body, meta, headings = extract_html(text, name=name)
        return RawText(body, enc, "html", meta, headings)
    return RawText(text, enc, "text")
