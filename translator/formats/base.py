"""What every format shares: the error, safe XML reading, sentences.

Every XML input goes through :func:`parse_xml`: no entity is resolved, no
DTD or network resource is loaded, huge trees are refused, and a file whose
DOCTYPE declares entities (XXE, "billion laughs") is refused before it is
parsed.  Every failure is one :class:`FormatError` line naming the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from .. import __version__
from ..document import Block, Document, Segment
from ..joins import join
from . import FormatError

TOOL = "zh-news-translator"
TOOL_VERSION = __version__
SOURCE_LANG = "zh-Hans"
TARGET_LANG = "en"
# Our own attributes and values in XLIFF, TMX and TBX files live in this namespace.
ZHNEWS_NS = "urn:zh-news-translator:formats"

# -- XML ----------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


_ENTITY_MARKS = tuple(s.encode(enc) for s in ("<!ENTITY",) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_DOCTYPE_MARKS = tuple(s.encode(enc) for s in ("<!DOCTYPE",) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def _entities_refused(path: str, what: str) -> FormatError:
    return FormatError(
        f"refused: this {what} file's DOCTYPE declares entities (XML external entities or entity expansion "
        "are never read); export the file again without a DOCTYPE",
        path=path,
    )


def parse_xml(data: bytes, path: str, what: str) -> etree._Element:
    """The root element of ``data``, parsed safely; ``what`` names the format in messages ("XLIFF")."""
    if any(m in data for m in _DOCTYPE_MARKS) and any(m in data for m in _ENTITY_MARKS):
        raise _entities_refused(path, what)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise FormatError(f"not a well-formed {what} file ({syntax_message(e)}); export it again", path=path) from None
    except ValueError as e:  # e.g. an XML declaration lxml will not take
        raise FormatError(f"not a well-formed {what} file ({' '.join(str(e).split())}); export it again", path=path) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise _entities_refused(path, what)
    # With an external DTD named (and never loaded), an undefined &name; is kept as a reference node.
    for ref in root.iter(etree.Entity):
        raise FormatError(
            f"line {ref.sourceline}: entity {ref.text} is not defined in the file (external DTDs are never read); "
            "replace it with the text it stands for",
            path=path,
        )
    return root


def syntax_message(e: etree.XMLSyntaxError) -> str:
    """libxml2's complaint on one line (it may hold line breaks), with the line it is at."""
    msg = " ".join(str(e.msg if getattr(e, "msg", None) else e).split()).rstrip(".")
    return msg + (f" at line {e.lineno}" if e.lineno else "")


def localname(el: etree._Element) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def xml_bytes(root: etree._Element) -> bytes:
    """UTF-8 XML with a declaration, indented, ending in a newline."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def lang_matches(lang: str | None, wanted: str) -> bool:
    """``zh-Hans``, ``zh-CN`` and ``zh`` match ``zh``; ``en-GB`` matches ``en`` (case-insensitive)."""
    if not lang:
        return False
    return lang.lower().replace("_", "-").split("-")[0] == wanted.lower().split("-")[0]


# -- documents -----------------------------------------------------------------------------


def source_version(doc: Document) -> str:
    """A hash of the document's segment ids and sources: it changes whenever a source does."""
    payload = json.dumps([[s.id, s.source, s.joins_next] for s in doc.segments()], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def structure_note(block: Block) -> str | None:
    """What a translator reads about a structure block (None for prose): "image https://… (alt: …): its caption",
    "list item 2 of an ordered list", "quote", "table 1, row 2, column 1 (header)"."""
    from ..vocabulary import STRUCTURE_KINDS

    if block.kind not in STRUCTURE_KINDS:
        return None
    a = block.attrs
    if block.kind == "image":
        alt = f" (alt: {a['alt']})" if a.get("alt") else ""
        return f"image {a.get('src', '')}{alt}: its caption"
    if block.kind == "list_item":
        return f"list item of {'an ordered' if a.get('ordered') else 'a bulleted'} list"
    if block.kind == "table_cell":
        head = " (header)" if a.get("head") else ""
        return f"table {a.get('table', 1)}, row {a.get('row', '?')}, column {a.get('col', '?')}{head}"
    return "quote"


def sentences(block: Block) -> Iterator[list[Segment]]:
    """The block's sentences: runs of segments joined by ``joins_next``, in order."""
    run: list[Segment] = []
    for seg in block.segments:
        run.append(seg)
        if not seg.joins_next:
            yield run
            run = []
    if run:
        yield run


def join_source(pieces: Iterable[Segment]) -> str:
    """Chinese pieces of one sentence rejoined (with nothing between them)."""
    return "".join(s.source for s in pieces)


def join_target(pieces: Iterable[Segment]) -> str:
    """English pieces of one sentence rejoined with a space; empty pieces skipped; a piece
    that goes on with the sentence starts lower-case unless it starts with a name
    (:func:`translator.joins.join`: "…decision dispose, it set clear…")."""
    return join([s.target or "" for s in pieces])


def credits(doc: Document, key: str) -> list[str]:
    """Distinct non-empty ``provenance[key]`` values (``editor``, ``reviewer``) of the segments, in order."""
    out: dict[str, None] = {}
    for seg in doc.segments():
        value = (seg.provenance or {}).get(key)
        names = value if isinstance(value, list) else [value]
        for name in names:
            if isinstance(name, str) and name.strip():
                out.setdefault(name.strip(), None)
    return list(out)


def terms_of(seg: Segment) -> list[dict[str, Any]]:
    """The glossary terms the engine enforced on ``seg`` (``provenance["terms"]``)."""
    terms = (seg.provenance or {}).get("terms") or []
    return [t for t in terms if isinstance(t, dict)]
