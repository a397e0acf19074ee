"""Document-level flags in every export where a reader needs them: JSON, XLIFF 2.1 and 1.2 (file notes),
the bilingual HTML page (notes in its header); read back with real XML and HTML parsers."""

from __future__ import annotations

import json

import pytest
from lxml import etree, html

from translator.document import Flag
from translator.formats import exporter
from translator.formats.xliff import read_xliff
from translator.prepare.pipeline import prepare_text

P1 = "近日，惊爆台湾本土天王吴宗宪被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。"
P2 = "2005年4月18日吴宗宪进棚录像，凌晨收班后在餐厅用餐，出来的时候突然被几名不明人士殴打。"
P3 = "贺一航在医院接受整容手术后，露脸向媒体说明一切，他说他不知道打他的人是谁。"
FLAGGED = "\n".join(["明星挨打事件回顾", "本报讯，记者昨日获悉，新规即将出台。", "相关新闻", P1, P2, P3])
HOSTILE = "kept <script>alert(1)</script> & more"


@pytest.fixture
def doc():
    d = prepare_text(FLAGGED, name="star.txt")
    assert [f.code for f in d.flags] == ["cleaning_kept"]
    d.flags.append(Flag("cleaning_kept", HOSTILE))
    for seg in d.segments():
        seg.target, seg.status = f"EN {seg.source}", "machine"
    return d


def test_json_carries_the_flags(doc):
    back = json.loads(exporter("json")(doc))
    assert back["flags"] == [f.to_dict() for f in doc.flags]


def test_xliff21_has_them_as_file_notes_and_still_imports(doc):
    data = exporter("xliff")(doc)
    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0", "z": "urn:zh-news-translator:formats"}
    file = root.find("x:file", ns)
    notes = file.findall("x:notes/x:note", ns)
    assert [n.get("category") for n in notes] == ["flag", "flag"]
    assert [n.get("{urn:zh-news-translator:formats}code") for n in notes] == ["cleaning_kept", "cleaning_kept"]
    assert "相关新闻" in notes[0].text and notes[1].text == f"cleaning_kept: {HOSTILE}"
    # XLIFF 2's order inside <file>: metadata, then notes, then the groups
    names = [etree.QName(c).localname for c in file]
    assert names.index("metadata") < names.index("notes") < names.index("group")
    edits = read_xliff(data, doc)  # the file's own notes do not get in the way of the units
    assert len(edits) == sum(1 for _ in doc.segments())


def test_xliff12_has_them_as_header_notes(doc):
    root = etree.fromstring(exporter("xliff12")(doc))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    flags = [n for n in root.findall("x:file/x:header/x:note", ns) if n.get("from") == "flag"]
    assert [n.get("annotates") for n in flags] == ["general", "general"]
    assert flags[1].text == f"cleaning_kept: {HOSTILE}"
    assert read_xliff(exporter("xliff12")(doc), doc)


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved", "target"])
def test_html_page_shows_them_in_its_header_as_text(doc, layout):
    data = exporter("html")(doc, layout=layout)
    page = html.fromstring(data)
    notes = page.xpath("//header/p[@role='note']")
    assert [n.get("data-flag") for n in notes] == ["cleaning_kept", "cleaning_kept"]
    assert "相关新闻" in notes[0].text_content()
    assert notes[1].text_content() == f"Note (cleaning_kept): {HOSTILE}"
    assert b"<script>alert(1)" not in data and not page.xpath("//header//script")  # text, never markup


def test_no_flags_no_notes():
    plain = prepare_text("标题\n\n江西扶贫成果显著。", name="a.txt")
    assert not plain.flags
    assert b'role="note"' not in exporter("html")(plain)
    assert b"<notes>" not in exporter("xliff")(plain).split(b"<group")[0]
    assert "flags" not in json.loads(exporter("json")(plain))
