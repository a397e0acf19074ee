"""Unsafe input refused, markup inert: XXE and entity expansion in every XML import; XSS in every export."""

from __future__ import annotations

import contextlib
import csv
import io
import json

import pytest
from helpers.samples import XSS_SOURCE, XSS_TARGET, reviewed_sample, xss_sample
from lxml import etree, html

from translator.formats import EXPORTERS, FormatError, exporter, importer
from translator.formats.base import localname
from translator.formats.glossary_csv import read_glossary_csv
from translator.formats.html import SCRIPT, export_html
from translator.formats.tbx import read_tbx
from translator.formats.tmx import document_entries, read_tmx
from translator.formats.xliff import export_xliff, read_xliff
from translator.store.glossary import Term

# A body each reader would accept, with &e; where the entity would land.
BODIES = {
    "XLIFF": '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh"><file id="f">'
    '<unit id="u"><segment><source>&e;</source></segment></unit></file></xliff>',
    "TMX": '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&e;</seg></tuv>'
    '<tuv xml:lang="en"><seg>&e;</seg></tuv></tu></body></tmx>',
    "TBX": '<martif type="TBX-Basic"><text><body><termEntry id="t"><langSet xml:lang="zh"><tig><term>&e;</term></tig>'
    '</langSet><langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>',
}
ROOTS = {"XLIFF": "xliff", "TMX": "tmx", "TBX": "martif"}


def read(what: str, data: bytes, path: str):
    if what == "XLIFF":
        return read_xliff(data, reviewed_sample(), path=path)
    return read_tmx(data, path=path) if what == "TMX" else read_tbx(data, path=path)


def attacks(tmp_path) -> dict[str, str]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    laughs = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 12))
    return {
        "xxe-file": f'<!ENTITY e SYSTEM "{secret.as_uri()}">',
        "xxe-network": '<!ENTITY e SYSTEM "http://127.0.0.1:9/steal">',
        "parameter-entity": '<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p; <!ENTITY e "x">',
        "billion-laughs": laughs + '<!ENTITY e "&a11;">',
    }


def parser_calls(monkeypatch) -> list[str]:
    """The names of lxml's XML parsing entry points called from now on (each still does its work)."""
    calls: list[str] = []
    for name in ("fromstring", "XML", "parse", "iterparse", "XMLParser", "XMLPullParser"):
        real = getattr(etree, name)

        def spy(*args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(etree, name, spy)
    return calls


@pytest.mark.parametrize("what", ["XLIFF", "TMX", "TBX"])
def test_entity_declarations_are_refused_naming_the_file(what, tmp_path, monkeypatch):
    """Refused from the file's bytes, before any XML parser reads them: nothing is expanded or fetched,
    however deep the entities nest (billion laughs) or wherever they point."""
    reviewed_sample()  # translated once, before the parsers are watched
    parsed = parser_calls(monkeypatch)
    for name, subset in attacks(tmp_path).items():
        data = f'<?xml version="1.0"?>\n<!DOCTYPE {ROOTS[what]} [{subset}]>\n{BODIES[what]}'.encode()
        with pytest.raises(FormatError) as e:
            read(what, data, f"evil-{name}.x")
        message = str(e.value)
        assert message.startswith(f"evil-{name}.x: refused: this {what} file's DOCTYPE declares entities"), message
        assert "TOP-SECRET" not in message and "\n" not in message
        assert parsed == [], f"{name}: an XML parser read the file before it was refused"
    # in UTF-16 too
    data = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "x">]>{BODIES[what]}'.encode("utf-16")
    with pytest.raises(FormatError, match=f"^u16.x: refused: this {what} file's DOCTYPE declares entities"):
        read(what, data, "u16.x")
    assert parsed == []
    # The spies do see parsing: the same body without the DOCTYPE goes through a parser.
    with contextlib.suppress(FormatError):  # the XLIFF body's unit is not the sample's: refused, after parsing
        read(what, BODIES[what].replace("&e;", "ok").encode(), "plain.x")
    assert parsed


@pytest.mark.parametrize("what", ["XLIFF", "TMX", "TBX"])
def test_an_external_dtd_is_never_loaded(what, tmp_path):
    """A DOCTYPE naming a DTD (as TMX files often do) is read without loading it: its entities stay undefined."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY e "LOADED">')
    data = f'<!DOCTYPE {ROOTS[what]} SYSTEM "{dtd.as_uri()}">{BODIES[what]}'.encode()
    with pytest.raises(FormatError) as e:
        read(what, data, "ext.x")
    assert str(e.value) == (
        "ext.x: line 1: entity &e; is not defined in the file (external DTDs are never read); replace it with the text it stands for"
    )


def test_a_doctype_without_entities_is_fine():
    data = b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd">' + BODIES["TMX"].replace("&e;", "ok").encode()
    assert [(e.source, e.target) for e in read_tmx(data)] == [("ok", "ok")]


# -- XSS: markup in text stays text in every export --------------------------------------------


def test_html_shows_markup_as_text_and_creates_no_element():
    doc = xss_sample()
    seg = doc.blocks[0].segments[0]
    for options in ({"layout": "side-by-side"}, {"layout": "interleaved"}, {"layout": "target"}, {"approved_only": True}):
        root = html.document_fromstring(export_html(doc, **options))
        assert not root.xpath("//img | //b | //*[@onerror]")
        assert [s.text for s in root.xpath("//script")] == [SCRIPT]
        assert root.xpath(f"//span[@id='zh-{seg.id}']")[0].text == XSS_SOURCE
        assert root.xpath(f"//span[@id='en-{seg.id}']")[0].text == XSS_TARGET
        assert "<b>bold</b>" in root.xpath("//dl[@class='meta']/dd/text()")
        assert not root.xpath("//a[not(starts-with(@href, '#mode-'))]")  # javascript: is not linked


def test_xml_exports_keep_markup_as_text():
    doc = xss_sample()
    seg = doc.blocks[0].segments[0]
    for name in ("xliff", "xliff12"):
        root = etree.fromstring(exporter(name)(doc))
        assert not [el for el in root.iter() if localname(el) in ("script", "img", "b")]
        unit = next(el for el in root.iter() if el.get("id") == seg.id)
        texts = {localname(el): el.text for el in unit.iter() if localname(el) in ("source", "target")}
        assert texts == {"source": XSS_SOURCE, "target": XSS_TARGET}, name
    tmx = etree.fromstring(exporter("tmx")(document_entries(doc)))
    assert not [el for el in tmx.iter() if el.tag in ("script", "img")]
    tu = next(tu for tu in tmx.iter("tu") if tu.findtext("prop[@type='x-origin']") == seg.id)
    assert [t.text for t in tu.iter("seg")] == [XSS_SOURCE, XSS_TARGET]
    terms = [Term(XSS_SOURCE, XSS_TARGET, XSS_TARGET)]
    tbx = etree.fromstring(exporter("tbx")(terms))
    assert not [el for el in tbx.iter() if el.tag in ("script", "img")]
    assert [t.text for t in tbx.iter("term")] == [XSS_SOURCE, XSS_TARGET]
    assert [(t.source, t.target, t.note) for t in read_tbx(exporter("tbx")(terms))] == [(XSS_SOURCE, XSS_TARGET, XSS_TARGET)]


def test_text_exports_keep_markup_verbatim():
    doc = xss_sample()
    data = json.loads(exporter("json")(doc))
    assert data["blocks"][0]["segments"][0]["source"] == XSS_SOURCE
    assert XSS_TARGET in exporter("txt")(doc).decode("utf-8")
    terms = [Term(XSS_SOURCE, XSS_TARGET, "=HYPERLINK(\"http://x\")")]
    rows = list(csv.reader(io.StringIO(exporter("csv")(terms).decode("utf-8"))))
    assert rows[1] == [XSS_SOURCE, XSS_TARGET, "'=HYPERLINK(\"http://x\")", "term"]
    assert [(t.source, t.target, t.note) for t in read_glossary_csv(exporter("csv")(terms))] == [
        (XSS_SOURCE, XSS_TARGET, terms[0].note)
    ]
    tsv = exporter("tsv")(terms)
    # formulas guarded as in the CSV (issue 21), and read back as they were
    assert tsv.decode("utf-8").splitlines()[1] == f"{XSS_SOURCE}\t{XSS_TARGET}\t'=HYPERLINK(\"http://x\")\tterm"
    assert [(t.source, t.target, t.note) for t in importer("tsv").load()(tsv)] == [(XSS_SOURCE, XSS_TARGET, terms[0].note)]


def test_every_exporter_is_covered_here():
    assert set(EXPORTERS) == {"html", "xliff", "xliff12", "tmx", "tbx", "csv", "tsv", "json", "txt"}


def test_xliff_from_the_xss_document_round_trips():
    doc = xss_sample()
    edits = read_xliff(export_xliff(doc), doc)
    assert next(e for e in edits if e.segment_id == doc.blocks[0].segments[0].id).target == XSS_TARGET
