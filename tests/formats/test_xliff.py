"""XLIFF 2.1 and 1.2: export, import, apply; read by lxml and by translate-toolkit."""

from __future__ import annotations

import copy
import io

import pytest
from helpers.samples import AWKWARD_TARGET, reviewed_sample, translated_sample
from lxml import etree
from translate.storage import factory
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from translator.document import Document
from translator.formats import FormatError, exporter
from translator.formats.base import source_version
from translator.formats.xliff import (
    MDA_NS,
    STATE_12,
    STATE_21,
    XLIFF2_NS,
    XLIFF12_NS,
    ZHNEWS_NS,
    Change,
    Edit,
    apply,
    export_xliff,
    export_xliff12,
    read_xliff,
)

X2 = {"x": XLIFF2_NS, "z": ZHNEWS_NS, "mda": MDA_NS}
X1 = {"x": XLIFF12_NS, "z": ZHNEWS_NS}
EXPORTS = {"2.1": export_xliff, "1.2": export_xliff12}


def state(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(s.id, s.target, s.status) for s in doc.segments()]


def blank(doc: Document) -> Document:
    """The same document before translation: every target gone, every status new."""
    d = copy.deepcopy(doc)
    for s in d.segments():
        s.target, s.status = None, "new"
    return d


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_round_trip_loses_nothing(version):
    doc = reviewed_sample()
    data = EXPORTS[version](doc)
    # into a copy with every target cleared: every target and status comes back exactly
    target = blank(doc)
    changes = apply(target, read_xliff(data, target, path="a.xlf"))
    assert state(target) == state(doc)
    assert len(changes) == sum(1 for s in doc.segments() if s.target is not None or s.status != "new")
    # the awkward cases are among them
    by_id = {s.id: s for s in target.segments()}
    assert AWKWARD_TARGET in [s.target for s in by_id.values()]
    assert any(s.target == "" for s in by_id.values()) and any(s.target is None for s in by_id.values())
    assert {s.status for s in by_id.values()} == {"new", "machine", "memory", "needs_review", "translated", "approved", "rejected"}
    # into the document itself: nothing changes
    same = copy.deepcopy(doc)
    assert apply(same, read_xliff(data, same)) == [] and same.to_dict() == doc.to_dict()


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_round_trip_of_control_whitespace_and_joined_pieces(version):
    doc = translated_sample()
    pieces = [s for s in doc.segments() if s.joins_next]
    pieces[0].target = "  leading and trailing  "
    pieces[1].target = "tab\there\r\nand a CRLF\n"
    data = EXPORTS[version](doc)
    target = blank(doc)
    apply(target, read_xliff(data, target))
    assert state(target) == state(doc)


def test_xliff21_structure():
    doc = reviewed_sample()
    root = etree.fromstring(export_xliff(doc))
    assert root.get("version") == "2.1" and root.get("srcLang") == "zh-Hans" and root.get("trgLang") == "en"
    file = root.find("x:file", X2)
    assert file.get(f"{{{ZHNEWS_NS}}}document") == doc.id
    assert file.get(f"{{{ZHNEWS_NS}}}sourceVersion") == source_version(doc)
    metas = {m.get("type"): m.text for m in file.iterfind("mda:metadata/mda:metaGroup/mda:meta", X2)}
    assert metas["signature"] == doc.signature and metas["title"] == "江西：特色产业扛起扶贫重任"
    units = file.findall(".//x:unit", X2)
    assert [u.get("id") for u in units] == [s.id for s in doc.segments()]
    assert len(file.findall("x:group", X2)) == len(list(doc.all_blocks()))
    for unit, seg in zip(units, doc.segments()):
        segment = unit.find("x:segment", X2)
        assert segment.find("x:source", X2).text == seg.source
        assert segment.get("subState") == f"zhnews:{seg.status}"
        assert segment.get("state") == (STATE_21[seg.status] if seg.target is not None else "initial")
        tgt = segment.find("x:target", X2)
        assert (None if tgt is None else (tgt.text or "")) == seg.target
        assert (unit.get(f"{{{ZHNEWS_NS}}}joinsNext") == "yes") == seg.joins_next
        notes = unit.findall("x:notes/x:note", X2)
        assert len([n for n in notes if n.get("category") == "qa"]) == len(seg.qa)
        assert len([n for n in notes if n.get("category") == "flag"]) == len(seg.flags)
    flagged = next(s for s in doc.segments() if s.flags)
    note = root.find(f".//x:unit[@id='{flagged.id}']/x:notes/x:note[@category='flag']", X2)
    assert note.get("appliesTo") == "source" and note.get(f"{{{ZHNEWS_NS}}}code") == "mojibake"
    assert note.get(f"{{{ZHNEWS_NS}}}span") == f"{flagged.flags[0].span[0]} {flagged.flags[0].span[1]}"
    with_terms = next(s for s in doc.segments() if (s.provenance or {}).get("terms"))
    glossary = root.findall(f".//x:unit[@id='{with_terms.id}']/x:notes/x:note[@category='glossary']", X2)
    assert [n.text for n in glossary] == ["扶贫 → poverty alleviation (term)", "APP → APP (dnt)"]
    error = next((s, q) for s in doc.segments() for q in s.qa if q.severity == "warning")
    qa = root.find(f".//x:unit[@id='{error[0].id}']/x:notes/x:note[@category='qa']", X2)
    assert qa.get("priority") == "5" and qa.get("appliesTo") == "target" and error[1].message in qa.text


def test_xliff12_structure():
    doc = reviewed_sample()
    root = etree.fromstring(export_xliff12(doc))
    assert root.get("version") == "1.2"
    file = root.find("x:file", X1)
    assert (file.get("source-language"), file.get("target-language"), file.get("datatype")) == ("zh-Hans", "en", "plaintext")
    assert file.find("x:header/x:tool", X1).get("tool-id") == "zh-news-translator"
    units = file.findall(".//x:trans-unit", X1)
    assert [u.get("id") for u in units] == [s.id for s in doc.segments()]
    for unit, seg in zip(units, doc.segments()):
        assert unit.get(f"{{{ZHNEWS_NS}}}status") == seg.status
        assert (unit.get("approved") == "yes") == (seg.status == "approved")
        tgt = unit.find("x:target", X1)
        if seg.target is None:
            assert tgt is None
        else:
            assert tgt.get("state") == STATE_12[seg.status] and (tgt.text or "") == seg.target
    machine = next(u for u in units if u.get(f"{{{ZHNEWS_NS}}}status") == "machine")
    assert machine.find("x:target", X1).get("state-qualifier") == "leveraged-mt"


def test_translate_toolkit_reads_xliff21():
    doc = reviewed_sample()
    store = Xliff2File.parsestring(export_xliff(doc))
    units = store.units
    assert len(units) == len(list(doc.segments()))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("zh-Hans", "en")
    by_id = {u.getid(): u for u in units}
    for seg in [doc.title.segments[0], *doc.blocks[0].segments[:2]]:
        assert by_id[seg.id].source == seg.source and by_id[seg.id].target == seg.target
    approved = next(s for s in doc.segments() if s.status == "approved")
    needs = next(s for s in doc.segments() if s.status == "needs_review")
    assert by_id[approved.id].isapproved() and by_id[needs.id].isfuzzy()


def test_translate_toolkit_reads_xliff12_through_its_factory():
    doc = reviewed_sample()
    f = io.BytesIO(export_xliff12(doc))
    f.name = "article.xlf"
    store = factory.getobject(f)
    assert isinstance(store, xlifffile)
    units = store.units
    assert len(units) == len(list(doc.segments()))
    for unit, seg in zip(units, doc.segments()):
        assert unit.source == seg.source
        assert (unit.target or "") == (seg.target or "")
    approved = [u for u, s in zip(units, doc.segments()) if s.status == "approved"]
    assert approved and all(u.isapproved() for u in approved)
    flagged = next(u for u, s in zip(units, doc.segments()) if s.flags)
    assert "mojibake:" in flagged.getnotes()


# -- import: what a CAT tool sends back ---------------------------------------------------------


def _edit_21(data: bytes, unit_id: str, *, target: str | None = None, state: str | None = None, drop: tuple[str, ...] = ()) -> bytes:
    root = etree.fromstring(data)
    segment = root.find(f".//x:unit[@id='{unit_id}']/x:segment", X2)
    if target is not None:
        segment.find("x:target", X2).text = target
    if state is not None:
        segment.set("state", state)
    for attr in drop:
        segment.attrib.pop(attr, None)
        segment.getparent().attrib.pop(attr, None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_import_sees_edits_made_in_a_tool():
    doc = reviewed_sample()
    segs = list(doc.segments())
    machine = next(s for s in segs if s.status == "machine")
    machine2 = [s for s in segs if s.status == "machine"][1]
    needs = next(s for s in segs if s.status == "needs_review" and s.target)
    approved = next(s for s in segs if s.status == "approved")
    data = export_xliff(doc)
    data = _edit_21(data, machine.id, target="A better sentence.")  # edited, state left as it was
    data = _edit_21(data, machine2.id, state="final")  # signed off in the tool
    data = _edit_21(data, needs.id, state="translated", drop=("subState",))  # a tool that drops subState
    data = _edit_21(data, approved.id, target="Approved, then polished.")  # still final: stays approved
    edits = {e.segment_id: e for e in read_xliff(data, doc)}
    assert edits[machine.id] == Edit(machine.id, "A better sentence.", "translated")
    assert edits[machine2.id] == Edit(machine2.id, machine2.target, "approved")
    assert edits[needs.id].status == "translated"
    assert edits[approved.id] == Edit(approved.id, "Approved, then polished.", "approved")
    before = {s.id: (s.target, s.status) for s in segs}
    changes = apply(doc, edits.values())
    assert {c.segment_id for c in changes} == {machine.id, machine2.id, needs.id, approved.id}
    c = next(c for c in changes if c.segment_id == machine.id)
    assert c == Change(machine.id, before[machine.id][0], "machine", "A better sentence.", "translated")
    assert next(s for s in doc.segments() if s.id == machine.id).target == "A better sentence."


def test_import_of_xliff12_edits():
    doc = reviewed_sample()
    machine = next(s for s in doc.segments() if s.status == "machine")
    root = etree.fromstring(export_xliff12(doc))
    tgt = root.find(f".//x:trans-unit[@id='{machine.id}']/x:target", X1)
    tgt.text, tgt.attrib["state"] = "Signed off.", "signed-off"
    edits = {e.segment_id: e for e in read_xliff(etree.tostring(root), doc)}
    assert edits[machine.id] == Edit(machine.id, "Signed off.", "approved")


def test_import_refuses_a_file_from_another_document():
    doc = reviewed_sample()
    other = copy.deepcopy(doc)
    other.id = "0123456789ab"
    for version, export in EXPORTS.items():
        with pytest.raises(FormatError) as e:
            read_xliff(export(doc), other, path="old.xlf")
        assert str(e.value) == (
            f"old.xlf: this XLIFF file was exported from document {doc.id}, not 0123456789ab; import it into {doc.id}"
        ), version


def test_import_refuses_a_file_exported_before_the_sources_changed():
    doc = reviewed_sample()
    data = export_xliff(doc)
    changed = copy.deepcopy(doc)
    changed.blocks[0].segments[0].source += "（更正）"
    with pytest.raises(FormatError, match=r"^old\.xlf: the sources of document .* changed since export .*; export again"):
        read_xliff(data, changed, path="old.xlf")


def test_import_refuses_an_edited_source_and_foreign_files():
    doc = reviewed_sample()
    seg = doc.blocks[0].segments[0]
    root = etree.fromstring(export_xliff(doc))
    root.find(f".//x:unit[@id='{seg.id}']/x:segment/x:source", X2).text = "改过的原文"
    with pytest.raises(FormatError, match=f"^a.xlf: line \\d+: the source of unit '{seg.id}' was changed"):
        read_xliff(etree.tostring(root), doc, path="a.xlf")
    foreign = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh"><file id="f"/></xliff>'
    with pytest.raises(FormatError, match="^b.xlf: this XLIFF file was not exported by translator"):
        read_xliff(foreign, doc, path="b.xlf")
    with pytest.raises(FormatError, match=r"^c.xlf: not an XLIFF 2 or 1.2 file \(root element <tmx>"):
        read_xliff(b"<tmx/>", doc, path="c.xlf")


def test_malformed_xliff_is_one_line_naming_the_file():
    doc = reviewed_sample()
    data = export_xliff(doc)[:-200]
    with pytest.raises(FormatError) as e:
        read_xliff(data, doc, path="cut.xlf")
    assert str(e.value).startswith("cut.xlf: not a well-formed XLIFF file (") and "\n" not in str(e.value)


def test_apply_refuses_unknown_segments_and_statuses_and_changes_nothing_then():
    doc = reviewed_sample()
    first = next(doc.segments())
    before = doc.to_dict()
    with pytest.raises(FormatError, match="segment nope is not in document"):
        apply(doc, [Edit(first.id, "changed", "approved"), Edit("nope", "x", "approved")])
    with pytest.raises(FormatError, match="unknown status 'done'"):
        apply(doc, [Edit(first.id, "changed", "approved"), Edit(first.id, "x", "done")])
    assert doc.to_dict() == before


def test_a_target_xml_cannot_hold_is_a_clear_error():
    doc = translated_sample()
    seg = doc.blocks[0].segments[0]
    seg.target = "bad \x0b character"
    with pytest.raises(FormatError, match=f"segment {seg.id}: its target holds a character XML cannot carry \\(U\\+000B\\)"):
        exporter("xliff")(doc)
