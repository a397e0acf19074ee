"""The format registry: names, lazy imports, errors; the JSON and text exporters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers.samples import XSS_SOURCE, reviewed_sample, translated_sample

from translator.document import Document
from translator.formats import EXPORTERS, IMPORTERS, FormatError, exporter, importer, importer_for_path
from translator.formats.base import sentences


def test_every_promised_exporter_is_registered_and_loads():
    assert set(EXPORTERS) == {"html", "xliff", "xliff12", "tmx", "tbx", "csv", "tsv", "json", "txt"}
    for name, e in EXPORTERS.items():
        assert callable(e.load()), name
        assert e.extension.startswith(".") and e.takes in ("document", "entries", "glossary")
    for i in IMPORTERS.values():
        assert callable(i.load())


def test_importing_the_package_imports_no_format_module():
    code = (
        "import sys, translator.formats as f; f.exporter('html'); f.importer('tmx');"
        "print(sorted(m for m in sys.modules if m.startswith('translator.formats.') or m == 'lxml.etree'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "import sys, translator.formats as f; f.exporter('json').load(); print('translator.formats.document_json' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


def test_unknown_format_lists_the_choices():
    with pytest.raises(FormatError) as e:
        exporter("docx")
    assert str(e.value) == "unknown export format 'docx'; choose one of html, xliff, xliff12, tmx, tbx, csv, tsv, json, txt"
    with pytest.raises(FormatError, match="choose one of xliff, tmx, tbx, csv, tsv, json"):
        importer("po")
    with pytest.raises(FormatError, match=r"^notes\.po: cannot tell the format from the extension '\.po'"):
        importer_for_path("notes.po")
    assert importer_for_path("Article.XLIFF").name == "xliff" and importer_for_path("a/b.tbx").name == "tbx"
    assert exporter("HTML") is EXPORTERS["html"]


def test_every_document_exporter_writes_utf8_bytes():
    doc = reviewed_sample()
    for name, e in EXPORTERS.items():
        if e.takes == "document":
            data = e(doc)
            assert isinstance(data, bytes) and data.decode("utf-8"), name
            assert "江西" in data.decode("utf-8") or name == "txt", name


def test_json_export_is_the_documents_own_json_and_reads_back():
    doc = reviewed_sample()
    data = exporter("json")(doc)
    assert data == (doc.to_json() + "\n").encode("utf-8")
    back = importer("json").load()(data, path="a.json")
    assert isinstance(back, Document) and back.to_dict() == doc.to_dict()
    with pytest.raises(FormatError, match=r"^a\.json: not JSON"):
        importer("json").load()(b"{", path="a.json")
    with pytest.raises(FormatError, match=r"^a\.json: not a document's JSON"):
        importer("json").load()(json.dumps({"blocks": []}).encode(), path="a.json")


def test_text_export_rejoins_long_sentences_and_writes_blocks_as_paragraphs():
    doc = translated_sample()
    for seg in doc.segments():
        seg.status = "approved"  # finished copy: nothing marked
    text = exporter("txt")(doc).decode("utf-8")
    paragraphs = text.rstrip("\n").split("\n\n")
    assert len(paragraphs) == len([b for b in doc.all_blocks() if b.segments])
    block = next(b for b in doc.blocks if any(s.joins_next for s in b.segments))
    k = [b for b in doc.all_blocks() if b.segments].index(block)
    pieces = next(p for p in sentences(block) if len(p) > 1)
    rejoined = " ".join(s.target.strip() for s in pieces)
    assert rejoined in paragraphs[k]
    assert paragraphs[k] == " ".join(" ".join(s.target.strip() for s in p) for p in sentences(block))
    assert paragraphs[0] == doc.title.segments[0].target


def test_text_export_marks_what_is_missing_or_unapproved():
    doc = reviewed_sample()
    text = exporter("txt")(doc).decode("utf-8")
    assert "[not translated]" in text and "[awaiting review]" not in text
    # every sentence not approved is marked with its status; approved ones are plain
    for pieces in (p for b in doc.all_blocks() for p in sentences(b)):
        english = " ".join(s.target.strip() for s in pieces if s.target)
        if not english:
            continue
        statuses = {s.status for s in pieces}
        if statuses == {"approved"}:
            assert english in text and f": {english}]" not in text
        elif statuses == {"machine"}:
            assert f"[machine: {english}]" in text
    second = doc.blocks[0].segments[1]
    assert f"[translated: {second.target}]" in text
    rejected = next(s for s in doc.segments() if s.status == "rejected")
    joined = next(s for s in doc.segments() if s.joins_next)
    assert f"[rejected: {joined.target.strip()} {rejected.target.strip()}]" in text  # the least finished piece decides
    assert "left out" not in text


def test_text_export_approved_only_leaves_out_the_rest_and_says_so():
    doc = reviewed_sample()
    approved = exporter("txt")(doc, approved_only=True).decode("utf-8")
    assert approved.startswith("Jiangxi: Distinctive Industries Shoulder the Task of Poverty Alleviation\n\n")
    shown = [s.target for s in doc.segments() if s.status == "approved" and not s.joins_next and s.target]
    assert shown and all(t in approved for t in shown)
    hidden = [s.target for s in doc.segments() if s.status != "approved" and s.target]
    assert not any(t in approved for t in hidden)
    assert "[awaiting review]" not in approved and "[not translated]" not in approved and "[machine" not in approved
    # the sentence whose first piece is approved and second rejected is not half shown
    joined = next(s for s in doc.segments() if s.joins_next)
    assert joined.status == "approved" and joined.target not in approved
    left_out = sum(1 for b in doc.all_blocks() for p in sentences(b) if not all(s.status == "approved" and s.target for s in p))
    assert approved.endswith(f"\n\n----\n{left_out} sentences not approved yet (or with a QA error open) are left out.\n")
    # a paragraph with nothing approved is not an empty line
    assert "\n\n\n" not in approved


def test_text_export_keeps_markup_as_text():
    doc = translated_sample()
    doc.blocks[0].segments[0].target = XSS_SOURCE
    assert XSS_SOURCE in exporter("txt")(doc).decode("utf-8")
