"""TMX 1.4b: translation-memory entries out and back in.

An entry is ``(source, target, metadata)``: approved segments of a document
(:func:`document_entries`) or rows of the memory.  Metadata keys map to TMX
as follows, and back on import:

==============  =====================================================
metadata        TMX
==============  =====================================================
``created_at``  ``creationdate`` (ISO 8601 ↔ ``YYYYMMDDThhmmssZ``, UTC)
``updated_at``  ``changedate``
``editor``      ``creationid``
``changed_by``  ``changeid``
``tuid``        ``tuid``
anything else   ``<prop type="x-KEY">`` (``origin``, ``status``, …); a
                value that is not a string as JSON in
                ``<prop type="x-json-KEY">``
==============  =====================================================
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from lxml import etree

from ..document import Document
from . import FormatError
from .base import (
    _DOCTYPE_MARKS,
    _ENTITY_MARKS,
    SOURCE_LANG,
    TARGET_LANG,
    TOOL,
    TOOL_VERSION,
    _entities_refused,
    lang_matches,
    localname,
    syntax_message,
    xml_bytes,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE_ATTRS = {"created_at": "creationdate", "updated_at": "changedate"}
_PLAIN_ATTRS = {"editor": "creationid", "changed_by": "changeid", "tuid": "tuid"}
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})  # native codes inside <seg>, not text


class TMEntry(NamedTuple):
    source: str
    target: str
    metadata: dict[str, Any]


def tmx_date(value: str | datetime) -> str:
    """``2024-05-01T12:00:00+00:00`` (or a datetime) → ``20240501T120000Z``; a naive time is taken as UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise FormatError(f"'{value}' is not an ISO 8601 date and time; give dates as 2024-05-01T12:00:00+00:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def iso_date(value: str) -> str:
    """``20240501T120000Z`` → ``2024-05-01T12:00:00+00:00`` (the form the memory stores)."""
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat(timespec="seconds")
    except ValueError:
        raise FormatError(f"date '{value}' is not in TMX form YYYYMMDDThhmmssZ") from None


def document_entries(doc: Document, *, statuses: Iterable[str] = ("approved",)) -> list[TMEntry]:
    """One entry per segment of ``doc`` whose status is in ``statuses`` and whose target is not empty."""
    wanted = set(statuses)
    out = []
    for seg in doc.segments():
        if seg.status in wanted and seg.target and seg.target.strip():
            prov = seg.provenance or {}
            meta: dict[str, Any] = {"origin": seg.id, "status": seg.status}
            for key in ("editor", "reviewer", "created_at", "updated_at"):
                if isinstance(prov.get(key), str) and prov[key]:
                    meta[key] = prov[key]
            out.append(TMEntry(seg.source, seg.target, meta))
    return out


def export_tmx(entries: Iterable[tuple[str, str, Mapping[str, Any]]], *, created: str | datetime | None = None) -> bytes:
    """TMX 1.4b of ``entries``; ``created`` (default: now) is the header's creation date."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL,
            "creationtoolversion": TOOL_VERSION,
            "segtype": "sentence",
            "o-tmf": TOOL,
            "adminlang": "en",
            "srclang": SOURCE_LANG,
            "datatype": "plaintext",
            "creationdate": tmx_date(created if created is not None else datetime.now(UTC)),
        },
    )
    body = etree.SubElement(root, "body")
    for n, (source, target, metadata) in enumerate(entries, 1):
        tu = etree.SubElement(body, "tu")
        for key, value in metadata.items():
            if value is None:
                continue
            try:
                if key in _DATE_ATTRS:
                    tu.set(_DATE_ATTRS[key], tmx_date(value))
                elif key in _PLAIN_ATTRS and isinstance(value, str):
                    tu.set(_PLAIN_ATTRS[key], value)
                else:
                    prop = etree.SubElement(tu, "prop")
                    if isinstance(value, str):
                        prop.set("type", f"x-{key}")
                        prop.text = value
                    else:
                        prop.set("type", f"x-json-{key}")
                        prop.text = json.dumps(value, ensure_ascii=False, sort_keys=True)
            except ValueError as e:  # a character XML cannot hold, or a bad date
                raise FormatError(f"entry {n}: metadata '{key}': {e}") from None
        for lang, text in ((SOURCE_LANG, source), (TARGET_LANG, target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            try:
                etree.SubElement(tuv, "seg").text = text
            except ValueError:
                raise FormatError(f"entry {n}: its {'source' if lang == SOURCE_LANG else 'target'} holds a character XML cannot carry") from None
    return xml_bytes(root)


def _seg_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if localname(child) and localname(child) not in _CODE_ELEMENTS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(data: bytes, *, path: str = "<tmx>") -> list[TMEntry]:
    """The zh→en entries of a TMX file (translation units without both languages are skipped)."""
    import io

    return list(iter_tmx(io.BytesIO(data), path=path))


def iter_tmx(source: Any, *, path: str = "<tmx>") -> Iterator[TMEntry]:
    """The zh→en entries of a TMX file, one at a time, in constant memory.

    ``source`` is a file name or a binary file object.  The file is read
    with ``lxml.etree.iterparse`` under the same safe settings as every XML
    input (no entities resolved, no network, no DTD loaded, no huge trees):
    each ``<tu>`` is read, turned into an entry and dropped.  A DOCTYPE that
    declares entities is refused before any entry is given.
    """
    try:
        if hasattr(source, "read"):
            yield from _iter(source, path)
        else:
            with open(source, "rb") as f:  # closed whatever happens, even when the file is refused midway
                yield from _iter(f, path)
    except FormatError as e:
        if e.path is None:
            e.path = path
        raise


def _iter(source: Any, path: str) -> Iterator[TMEntry]:
    head = source.read(_HEAD)
    stream = _Rewound(head, source)
    # the internal DTD subset comes before the root element: the head of the file holds it
    if any(m in head for m in _DOCTYPE_MARKS) and any(m in head for m in _ENTITY_MARKS):
        raise _entities_refused(path, "TMX")
    events = etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    )
    source_lang = "zh"
    root: etree._Element | None = None
    seen_body = False
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if root is None:
                    root = el
                    if el.tag != "tmx":
                        raise FormatError(f"not a TMX file (root element <{localname(el)}>)")
                    dtd = el.getroottree().docinfo.internalDTD
                    if dtd is not None and any(True for _ in dtd.iterentities()):
                        raise _entities_refused(path, "TMX")
                elif el.tag == "body" and depth == 2:
                    seen_body = True
                continue
            depth -= 1
            if el.tag == "header" and depth == 1:
                srclang = el.get("srclang")
                if srclang and srclang != "*all*" and lang_matches(srclang, "zh"):
                    source_lang = srclang
            elif el.tag == "tu":
                for ref in el.iter(etree.Entity):
                    raise FormatError(
                        f"line {ref.sourceline}: entity {ref.text} is not defined in the file (external DTDs are never read); "
                        "replace it with the text it stands for",
                        path=path,
                    )
                entry = _entry(el, source_lang)
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:  # drop the units already read: constant memory
                    while el.getprevious() is not None:
                        del parent[0]
                if entry is not None:
                    yield entry
    except etree.XMLSyntaxError as e:
        raise FormatError(f"not a well-formed TMX file ({syntax_message(e)}); export it again", path=path) from None
    except ValueError as e:
        raise FormatError(f"not a well-formed TMX file ({' '.join(str(e).split())}); export it again", path=path) from None
    if root is None:
        raise FormatError("not a well-formed TMX file (empty); export it again", path=path)
    if not seen_body:
        raise FormatError("not a TMX file (no <body>)")


_HEAD = 1 << 16


class _Rewound:
    """A binary stream whose first bytes were read already (``head``), read again from the start."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self.head, self.rest = head, rest

    def read(self, n: int = -1) -> bytes:
        if self.head:
            if n is None or n < 0:
                out, self.head = self.head + self.rest.read(), b""
                return out
            out, self.head = self.head[:n], self.head[n:]
            return out
        return bytes(self.rest.read(n))


def _entry(tu: etree._Element, source_lang: str) -> TMEntry | None:
    source = target = None
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if seg is None:
            raise FormatError(f"line {tuv.sourceline}: <tuv> without <seg>")
        if source is None and lang_matches(lang, source_lang):
            source = _seg_text(seg)
        elif target is None and lang_matches(lang, "en"):
            target = _seg_text(seg)
    if source is None or target is None:
        return None
    meta: dict[str, Any] = {}
    for key, attr in _DATE_ATTRS.items():
        if tu.get(attr):
            meta[key] = iso_date(str(tu.get(attr)))
    for key, attr in _PLAIN_ATTRS.items():
        if tu.get(attr) is not None:
            meta[key] = tu.get(attr)
    for prop in tu.findall("prop"):
        kind = prop.get("type") or ""
        text = prop.text or ""
        if kind.startswith("x-json-"):
            try:
                meta[kind.removeprefix("x-json-")] = json.loads(text)
            except json.JSONDecodeError:
                raise FormatError(f"line {prop.sourceline}: <prop type='{kind}'> is not JSON") from None
            except RecursionError:
                raise FormatError(
                    f"line {prop.sourceline}: <prop type='{kind}'> holds JSON nested thousands of levels deep; "
                    "remove the property or export the file again"
                ) from None
        else:
            meta[kind.removeprefix("x-")] = text
    return TMEntry(source, target, meta)
