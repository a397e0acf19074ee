"""Each format carries its options and its file name: callers ask the registry, never branch on a format's name."""

from __future__ import annotations

import inspect

import pytest
from lxml import etree
from lxml import html as lxml_html

from translator.document import Document
from translator.formats import DOCUMENT_FORMATS, EXPORTERS, OPTIONS, FormatError, exporter
from translator.prepare.pipeline import prepare_bytes
from translator.vocabulary import DEFAULT_LAYOUT, LAYOUTS

ARTICLE = "标题\n\n第一句话。第二句话。\n".encode()


def reviewed() -> Document:
    """A real prepared article: the title approved, the first sentence approved, the second machine-translated."""
    doc = prepare_bytes(ARTICLE, name="a.txt")
    segs = [s for s in doc.segments() if s.source.strip()]
    assert len(segs) >= 3
    for seg, (target, status) in zip(segs, [("Title", "approved"), ("First.", "approved"), ("Second.", "machine")]):
        seg.target, seg.status = target, status
    return doc


def test_declared_options_are_the_export_functions_own_keywords():
    for name, ex in EXPORTERS.items():
        params = inspect.signature(ex.load()).parameters
        takes = {p for p in params if p in OPTIONS}
        assert set(ex.options) == takes, name
        assert set(ex.options) <= set(OPTIONS), name


def test_options_for_keeps_only_what_the_format_takes():
    assert exporter("html").options_for(layout="interleaved", approved_only=True) == {"layout": "interleaved", "approved_only": True}
    assert exporter("html").options_for() == {"layout": DEFAULT_LAYOUT, "approved_only": False}
    assert exporter("txt").options_for(layout="interleaved", approved_only=True) == {"approved_only": True}
    assert exporter("xliff").options_for(layout="interleaved", approved_only=True) == {}


def test_an_unknown_layout_is_refused_only_by_a_format_that_has_layouts():
    with pytest.raises(FormatError, match="unknown layout 'zigzag'; choose one of side-by-side, interleaved, target"):
        exporter("html").options_for(layout="zigzag")
    assert exporter("txt").options_for(layout="zigzag") == {"approved_only": False}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_document_format_exports_with_the_options_built_for_it(layout):
    doc = reviewed()
    for name, ex in EXPORTERS.items():
        if not ex.exports_documents:
            with pytest.raises(FormatError, match=f"the {name} format exports a glossary, not a document"):
                ex.export_document(doc, ex.options_for(layout=layout))
            continue
        data = ex.export_document(doc, ex.options_for(layout=layout, approved_only=True))
        assert data, name
        if ex.extension in (".xlf", ".tmx"):
            etree.fromstring(data)  # real XML


def test_the_options_change_what_is_exported():
    doc = reviewed()
    txt = exporter("txt")
    assert "Second." in txt.export_document(doc, txt.options_for()).decode()
    assert "Second." not in txt.export_document(doc, txt.options_for(approved_only=True)).decode()
    page = exporter("html")
    for layout in LAYOUTS:
        root = lxml_html.fromstring(page.export_document(doc, page.options_for(layout=layout)))
        assert root.get("class") == f"layout-{layout}"
    tmx = exporter("tmx").export_document(doc)  # the approved segments, as entries
    sources = [s.text for s in etree.fromstring(tmx).iter("{*}seg", "seg")]
    assert "第二句话。" not in sources and "第一句话。" in sources


def test_file_names_come_from_the_format():
    assert exporter("html").filename("a") == "a.html"
    assert exporter("xliff12").filename("a") == "a.xliff12.xlf"
    assert exporter("xliff").filename("a") == "a.xlf"
    html = exporter("html")
    assert html.filename("a", html.options_for()) == "a.side-by-side.html"
    assert html.filename("a", html.options_for(layout="target", approved_only=True)) == "a.target.approved.html"
    txt = exporter("txt")
    assert txt.filename("a", txt.options_for(approved_only=True)) == "a.approved.txt"
    assert txt.filename("a", txt.options_for()) == "a.txt"
    assert exporter("json").filename("a", {"layout": "target"}) == "a.json"  # an option it does not take names nothing


def test_document_formats_are_those_taking_a_document():
    assert set(DOCUMENT_FORMATS) == {"html", "xliff", "xliff12", "json", "txt"}
    assert all(EXPORTERS[f].takes == "document" for f in DOCUMENT_FORMATS)
