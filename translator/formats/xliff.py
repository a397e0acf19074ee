"""XLIFF 2.1 export and import, and XLIFF 1.2 export for older tools.

One unit per segment, with the document's segment ids; one group per block.
Source flags, glossary terms the engine enforced and QA findings travel as
notes; the document's own flags (e.g. ``cleaning_kept``) as notes of the
file (2.1: the ``<file>``'s ``<notes>``; 1.2: the ``<header>``'s).  Our status maps to the XLIFF state, and the exact status is kept
beside it (2.1: ``subState="zhnews:<status>"``; 1.2: ``zhnews:status`` on
the trans-unit, with a standard ``state-qualifier`` where one fits), so a
file that comes back unchanged changes nothing.

The ``<file>`` carries the document id and :func:`~.base.source_version`
(a hash of the segment ids and sources): :func:`read_xliff` refuses a file
from another document, or from an older version of this one.  It returns one
:class:`Edit` per unit; :func:`apply` writes them into the document and
returns the :class:`Change` list (old and new target and status) for
whoever records revisions.

State mapping (our status → XLIFF 2.1 ``state`` / XLIFF 1.2 target ``state``):

=============  ===========  ==========================================
status         2.1          1.2
=============  ===========  ==========================================
new            initial      new (no target: no state)
machine        translated   translated, state-qualifier leveraged-mt
memory         translated   translated, state-qualifier leveraged-tm
needs_review   initial      needs-review-translation
translated     translated   translated
approved       final        final, approved="yes"
rejected       initial      needs-translation, rejected-inaccurate
=============  ===========  ==========================================

On import, the kept status is used when the state still agrees with it;
where a tool changed the state, the status follows the state (initial →
needs_review or new, translated → translated, reviewed/final → approved).
A target edited in the tool (each unit carries a hash of the exported
target, ``zhnews:targetHash``) becomes ``translated`` unless the tool
marks it approved.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from ..document import Block, Document, Segment, Status
from ..vocabulary import CONFIRMED, STATUSES
from . import FormatError
from .base import (
    SOURCE_LANG,
    TARGET_LANG,
    TOOL,
    TOOL_VERSION,
    ZHNEWS_NS,
    localname,
    parse_xml,
    source_version,
    structure_note,
    terms_of,
    xml_bytes,
)

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SUBSTATE_PREFIX = "zhnews:"

STATE_21: dict[str, str] = {
    "new": "initial",
    "machine": "translated",
    "memory": "translated",
    "needs_review": "initial",
    "translated": "translated",
    "approved": "final",
    "rejected": "initial",
}
STATE_12: dict[str, str] = {
    "new": "new",
    "machine": "translated",
    "memory": "translated",
    "needs_review": "needs-review-translation",
    "translated": "translated",
    "approved": "final",
    "rejected": "needs-translation",
}
QUALIFIER_12: dict[str, str] = {"machine": "leveraged-mt", "memory": "leveraged-tm", "rejected": "rejected-inaccurate"}
PRIORITY: dict[str, int] = {"error": 1, "warning": 5, "info": 9}


@dataclass(frozen=True)
class Edit:
    """A unit as the file has it: the segment's target and status.

    ``exported_hash`` and ``exported_status``: what the unit had when it was
    exported (its ``zhnews:targetHash`` and kept status; None where the file
    does not say), so an importer can tell a unit edited in the file from
    one left as it was (not compared: two edits are equal when they set the same).
    """

    segment_id: str
    target: str | None
    status: str
    exported_hash: str | None = field(default=None, compare=False)
    exported_status: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Change:
    """What :func:`apply` changed in one segment."""

    segment_id: str
    old_target: str | None
    old_status: str
    new_target: str | None
    new_status: str


def _z(name: str) -> str:
    return f"{{{ZHNEWS_NS}}}{name}"


def _set_text(el: etree._Element, text: str, seg: Segment, what: str) -> None:
    try:
        el.text = text
    except ValueError:
        bad = next((f"U+{ord(c):04X}" for c in text if ord(c) < 0x20 and c not in "\t\n\r" or 0xD800 <= ord(c) <= 0xDFFF), "?")
        raise FormatError(
            f"segment {seg.id}: its {what} holds a character XML cannot carry ({bad}); remove it and export again"
        ) from None


def _set_doc_text(el: etree._Element, text: str, doc: Document) -> None:
    try:
        el.text = text
    except ValueError:
        raise FormatError(f"document {doc.id}: a flag's message holds a character XML cannot carry; export again") from None


def _meta_items(doc: Document) -> list[tuple[str, str]]:
    m = doc.metadata
    items = [("document-id", doc.id), ("source-version", source_version(doc))]
    for key, value in (("title", m.title), ("date", m.date), ("source", m.source), ("author", m.author),
                       ("editor", m.editor), ("url", m.url), ("original-script", m.original_script)):
        if value:
            items.append((key, value))
    if doc.signature:
        items.append(("signature", doc.signature))
    items += [("tool", TOOL), ("tool-version", TOOL_VERSION)]
    return items


def _notes(seg: Segment, block: Block | None = None) -> list[tuple[dict[str, str], str]]:
    """(attributes, text) of each note of ``seg``: its block's structure (an image's caption, a list item,
    a quote, a table cell), flags, glossary terms, QA findings."""
    out: list[tuple[dict[str, str], str]] = []
    what = structure_note(block) if block is not None else None
    if what is not None and block is not None:
        out.append(({"category": "structure", "appliesTo": "source", _z("kind"): block.kind}, what))
    for f in seg.flags:
        attrs = {"category": "flag", "appliesTo": "source", _z("code"): f.code}
        if f.span is not None:
            attrs[_z("span")] = f"{f.span[0]} {f.span[1]}"
        out.append((attrs, f"{f.code}: {f.message}"))
    for t in terms_of(seg):
        kind = str(t.get("kind", "term"))
        out.append(({"category": "glossary", "appliesTo": "source", _z("kind"): kind},
                    f"{t.get('source', '')} → {t.get('target', '')} ({kind})"))
    for q in seg.qa:
        out.append(({"category": "qa", "appliesTo": "target", "priority": str(PRIORITY.get(q.severity, 5)),
                     _z("code"): q.code, _z("severity"): q.severity}, f"[{q.severity}] {q.code}: {q.message}"))
    return out


# -- export -----------------------------------------------------------------------------------


def _block_attrs(group: etree._Element, block: Block) -> None:
    """A structure block's attrs on its group, as ``zhnews:`` attributes (``zhnews:src``, ``zhnews:row`` ...)."""
    for key, value in block.attrs.items():
        if not key.isidentifier():
            continue
        if isinstance(value, bool):
            group.set(_z(key), "yes" if value else "no")
        elif isinstance(value, (str, int)):
            group.set(_z(key), _XML_UNSAFE.sub("", str(value)))


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def export_xliff(doc: Document) -> bytes:
    """XLIFF 2.1: one ``<unit>`` per segment, one ``<group>`` per block."""
    x = f"{{{XLIFF2_NS}}}"
    root = etree.Element(f"{x}xliff", nsmap={None: XLIFF2_NS, "mda": MDA_NS, "zhnews": ZHNEWS_NS})
    root.set("version", "2.1")
    root.set("srcLang", SOURCE_LANG)
    root.set("trgLang", TARGET_LANG)
    file = etree.SubElement(root, f"{x}file", id=doc.id, canResegment="no")
    file.set("original", str(doc.input.get("name") or doc.id))
    file.set(_z("document"), doc.id)
    file.set(_z("sourceVersion"), source_version(doc))
    metadata = etree.SubElement(file, f"{{{MDA_NS}}}metadata")
    group = etree.SubElement(metadata, f"{{{MDA_NS}}}metaGroup", category="document")
    for key, value in _meta_items(doc):
        meta = etree.SubElement(group, f"{{{MDA_NS}}}meta", type=key)
        meta.text = value
    if doc.flags:  # notes on the whole article (e.g. cleaning_kept): the file's own notes
        file_notes = etree.SubElement(file, f"{x}notes")
        for f in doc.flags:
            note = etree.SubElement(file_notes, f"{x}note", {"category": "flag", _z("code"): f.code})
            _set_doc_text(note, f"{f.code}: {f.message}", doc)
    for b, block in enumerate(doc.all_blocks()):
        grp = etree.SubElement(file, f"{x}group", id=f"b{b}", name=block.kind, type=f"zhnews:{block.kind}")
        _block_attrs(grp, block)
        for seg in block.segments:
            unit = etree.SubElement(grp, f"{x}unit", id=seg.id)
            if seg.joins_next:
                unit.set(_z("joinsNext"), "yes")
            if seg.target is not None:
                unit.set(_z("targetHash"), str(_target_hash(seg.target)))
            notes = _notes(seg, block)
            if notes:
                notes_el = etree.SubElement(unit, f"{x}notes")
                for attrs, text in notes:
                    note = etree.SubElement(notes_el, f"{x}note", attrs)
                    _set_text(note, text, seg, "note")
            state = STATE_21[seg.status] if seg.target is not None else "initial"
            segment = etree.SubElement(unit, f"{x}segment", state=state, subState=f"{SUBSTATE_PREFIX}{seg.status}")
            source = etree.SubElement(segment, f"{x}source")
            source.set(f"{{{XML_NS}}}space", "preserve")
            _set_text(source, seg.source, seg, "source")
            if seg.target is not None:
                target = etree.SubElement(segment, f"{x}target")
                target.set(f"{{{XML_NS}}}space", "preserve")
                _set_text(target, seg.target, seg, "target")
    return xml_bytes(root)


def export_xliff12(doc: Document) -> bytes:
    """XLIFF 1.2: one ``<trans-unit>`` per segment, one ``<group>`` per block."""
    x = f"{{{XLIFF12_NS}}}"
    root = etree.Element(f"{x}xliff", nsmap={None: XLIFF12_NS, "zhnews": ZHNEWS_NS})
    root.set("version", "1.2")
    file = etree.SubElement(root, f"{x}file")
    file.set("original", str(doc.input.get("name") or doc.id))
    file.set("source-language", SOURCE_LANG)
    file.set("target-language", TARGET_LANG)
    file.set("datatype", "plaintext")
    file.set("tool-id", TOOL)
    file.set(_z("document"), doc.id)
    file.set(_z("sourceVersion"), source_version(doc))
    header = etree.SubElement(file, f"{x}header")
    etree.SubElement(header, f"{x}tool", {"tool-id": TOOL, "tool-name": TOOL, "tool-version": TOOL_VERSION})
    for key, value in _meta_items(doc):
        if key not in ("tool", "tool-version"):
            note = etree.SubElement(header, f"{x}note", {"from": TOOL})
            note.text = f"{key}: {value}"
    for f in doc.flags:  # notes on the whole article (e.g. cleaning_kept)
        _set_doc_text(etree.SubElement(header, f"{x}note", {"from": "flag", "annotates": "general"}), f"{f.code}: {f.message}", doc)
    body = etree.SubElement(file, f"{x}body")
    for b, block in enumerate(doc.all_blocks()):
        grp = etree.SubElement(body, f"{x}group", id=f"b{b}", resname=block.kind, restype=f"x-{block.kind}")
        _block_attrs(grp, block)
        for seg in block.segments:
            tu = etree.SubElement(grp, f"{x}trans-unit", id=seg.id)
            tu.set(f"{{{XML_NS}}}space", "preserve")
            if seg.status == "approved":
                tu.set("approved", "yes")
            tu.set(_z("status"), seg.status)
            if seg.joins_next:
                tu.set(_z("joinsNext"), "yes")
            if seg.target is not None:
                tu.set(_z("targetHash"), str(_target_hash(seg.target)))
            src = etree.SubElement(tu, f"{x}source")
            src.set(f"{{{XML_NS}}}lang", SOURCE_LANG)
            _set_text(src, seg.source, seg, "source")
            if seg.target is not None:
                tgt = etree.SubElement(tu, f"{x}target", state=STATE_12[seg.status])
                tgt.set(f"{{{XML_NS}}}lang", TARGET_LANG)
                if seg.status in QUALIFIER_12:
                    tgt.set("state-qualifier", QUALIFIER_12[seg.status])
                _set_text(tgt, seg.target, seg, "target")
            for attrs, text in _notes(seg, block):
                note12 = {"from": attrs["category"], "annotates": attrs["appliesTo"]}
                if "priority" in attrs:
                    note12["priority"] = attrs["priority"]
                _set_text(etree.SubElement(tu, f"{x}note", note12), text, seg, "note")
    return xml_bytes(root)


# -- import -----------------------------------------------------------------------------------


_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "sub"})  # native code, not text (1.2); 2.x codes are empty


def _inline_text(el: etree._Element) -> str:
    """The text of a source or target: ``cp`` as its character, native code left out."""
    parts = [el.text or ""]
    for child in el:
        name = localname(child)
        if name == "cp":
            parts.append(_code_point(child))
        elif name and name not in _CODE_ELEMENTS:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(cp: etree._Element) -> str:
    """The character a ``<cp hex="…"/>`` stands for; a surrogate (half of a UTF-16 pair) is not one."""
    hex_ = cp.get("hex", "")
    try:
        value = int(hex_, 16) if hex_.isascii() and hex_.isalnum() else -1
        char = chr(value)
    except ValueError:
        raise FormatError(f"line {cp.sourceline}: <cp hex='{hex_}'> is not a code point; give a hexadecimal number up to 10FFFF") from None
    if 0xD800 <= value <= 0xDFFF:
        raise FormatError(
            f"line {cp.sourceline}: <cp hex='{hex_}'> is a lone surrogate (half of a UTF-16 pair), not a character; "
            "give the character's own code point"
        )
    return char


def _derived_21(state: str, target: str | None) -> str:
    if state in ("reviewed", "final"):
        return "approved"
    if state == "translated":
        return "translated"
    return "needs_review" if target else "new"


def _derived_12(state: str | None, approved: bool, target: str | None) -> str:
    if state in ("final", "signed-off"):
        return "approved"
    if state == "translated":
        return "translated"
    if state is not None and state.startswith("needs-review"):
        return "needs_review"
    if state is None:
        if approved:
            return "approved"
        return "translated" if target else "new"
    return "needs_review" if target else "new"  # new, needs-translation, needs-adaptation, needs-l10n, x-…


def target_hash(target: str | None) -> str | None:
    """The hash an exported unit carries of its target (``zhnews:targetHash``); None for no target."""
    return None if target is None else hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]


_target_hash = target_hash


def _after_edit(status: str, target: str | None, unit: etree._Element) -> str:
    """A target changed in the tool (its hash differs from the exported one) is a human translation,
    unless the tool marks it approved."""
    edited = _target_hash(target) != unit.get(_z("targetHash"))
    if edited and target and target.strip() and status not in CONFIRMED:
        return "translated"
    return status


def document_id_of(data: bytes, path: str = "<xliff>") -> str:
    """The document id an XLIFF file of ours names (read safely), so it can be matched to its document."""
    root = parse_xml(data, path, "XLIFF")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "file":
            doc_id = el.get(_z("document"))
            if doc_id:
                return doc_id
    raise FormatError("names no document of this tool (no zhnews:document on <file>); export the document again", path=path)


def read_xliff(data: bytes, doc: Document, *, path: str = "<xliff>") -> list[Edit]:
    """The target and status of every unit of an XLIFF 2.x or 1.2 file exported from ``doc``.

    Refuses (:class:`FormatError`) a file from another document, one whose
    sources changed since it was exported, and anything that is not such a
    file.  Nothing in ``doc`` changes: give the edits to :func:`apply`.
    """
    try:
        return _read(data, doc, path)
    except FormatError as e:
        if e.path is None:
            e.path = path
        raise


def _read(data: bytes, doc: Document, path: str) -> list[Edit]:
    root = parse_xml(data, path, "XLIFF")
    ns = etree.QName(root).namespace
    if localname(root) != "xliff" or ns not in (XLIFF2_NS, XLIFF12_NS):
        raise FormatError(f"not an XLIFF 2 or 1.2 file (root element <{localname(root)}> in {ns or 'no namespace'})")
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        raise FormatError(f"expected one <file>, found {len(files)}; give the file as it was exported")
    file = files[0]
    exported_from = file.get(_z("document"))
    if exported_from is None:
        raise FormatError("this XLIFF file was not exported by translator (its <file> has no zhnews:document); export the document again")
    if exported_from != doc.id:
        raise FormatError(f"this XLIFF file was exported from document {exported_from}, not {doc.id}; import it into {exported_from}")
    if file.get(_z("sourceVersion")) != source_version(doc):
        raise FormatError(
            f"the sources of document {doc.id} changed since export (version {file.get(_z('sourceVersion'))}, now "
            f"{source_version(doc)}); export again and carry the edits over"
        )
    segs = {s.id: s for s in doc.segments()}
    edits: list[Edit] = []
    seen: set[str] = set()
    units = file.iter(f"{{{ns}}}unit" if ns == XLIFF2_NS else f"{{{ns}}}trans-unit")
    for unit in units:
        uid = unit.get("id") or ""
        seg = segs.get(uid)
        if seg is None:
            raise FormatError(f"line {unit.sourceline}: unit '{uid}' is not a segment of document {doc.id}")
        if uid in seen:
            raise FormatError(f"line {unit.sourceline}: unit '{uid}' appears twice; keep one")
        seen.add(uid)
        edit = _unit_21(unit, seg) if ns == XLIFF2_NS else _unit_12(unit, seg)
        edits.append(edit)
    missing = [i for i in segs if i not in seen]
    if missing:
        raise FormatError(f"{len(missing)} segment(s) missing from the file, first {missing[0]}; give the whole file as exported")
    return edits


def _check_source(source_el: etree._Element | None, seg: Segment, line: int | None) -> None:
    if source_el is None or _inline_text(source_el) != seg.source:
        raise FormatError(f"line {line}: the source of unit '{seg.id}' was changed; edit targets only, or export again")


def _unit_21(unit: etree._Element, seg: Segment) -> Edit:
    x = f"{{{XLIFF2_NS}}}"
    segments = unit.findall(f"{x}segment")
    if len(segments) != 1 or unit.find(f"{x}ignorable") is not None:
        raise FormatError(f"line {unit.sourceline}: unit '{seg.id}' was resegmented; keep one <segment> per unit")
    segment = segments[0]
    _check_source(segment.find(f"{x}source"), seg, segment.sourceline)
    target_el = segment.find(f"{x}target")
    target = None if target_el is None else _inline_text(target_el)
    state = segment.get("state", "initial")
    sub = segment.get("subState", "")
    kept = sub.removeprefix(SUBSTATE_PREFIX) if sub.startswith(SUBSTATE_PREFIX) else None
    if kept in STATUSES and (STATE_21[kept] if target is not None else "initial") == state:
        status = kept
    else:
        status = _derived_21(state, target)
    return Edit(seg.id, target, _after_edit(status, target, unit), unit.get(_z("targetHash")), kept if kept in STATUSES else None)


def _unit_12(unit: etree._Element, seg: Segment) -> Edit:
    x = f"{{{XLIFF12_NS}}}"
    _check_source(unit.find(f"{x}source"), seg, unit.sourceline)
    target_el = unit.find(f"{x}target")
    target = None if target_el is None else _inline_text(target_el)
    state = None if target_el is None else target_el.get("state")
    kept = unit.get(_z("status"))
    if kept in STATUSES and (STATE_12[kept] if target is not None else None) == state:
        status = kept
    else:
        status = _derived_12(state, unit.get("approved") == "yes", target)
    return Edit(seg.id, target, _after_edit(status, target, unit), unit.get(_z("targetHash")), kept if kept in STATUSES else None)


# -- apply ------------------------------------------------------------------------------------


def apply(doc: Document, edits: Iterable[Edit]) -> list[Change]:
    """Write ``edits`` into ``doc`` in place; returns what changed (nothing changes if any edit is invalid)."""
    segs = {s.id: s for s in doc.segments()}
    todo: list[tuple[Segment, Edit]] = []
    for e in edits:
        seg = segs.get(e.segment_id)
        if seg is None:
            raise FormatError(f"segment {e.segment_id} is not in document {doc.id}")
        if e.status not in STATUSES:
            raise FormatError(f"segment {e.segment_id}: unknown status '{e.status}'; use one of {', '.join(STATUSES)}")
        todo.append((seg, e))
    changes: list[Change] = []
    for seg, e in todo:
        if seg.target == e.target and seg.status == e.status:
            continue
        changes.append(Change(seg.id, seg.target, seg.status, e.target, e.status))
        seg.target = e.target
        seg.status = cast(Status, e.status)
    return changes


def changes_as_dicts(changes: Iterable[Change]) -> list[dict[str, Any]]:
    """The changes as plain dicts (for JSON output)."""
    return [
        {"segment_id": c.segment_id, "old_target": c.old_target, "old_status": c.old_status,
         "new_target": c.new_target, "new_status": c.new_status}
        for c in changes
    ]
