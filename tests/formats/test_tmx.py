"""TMX 1.4b: translation-memory entries out and back; read by lxml and translate-toolkit."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from helpers.samples import AWKWARD_TARGET, REVIEWER, TRANSLATOR, reviewed_sample
from lxml import etree
from translate.storage import factory
from translate.storage.tmx import tmxfile

from translator.formats import FormatError, exporter
from translator.formats.tmx import TMEntry, document_entries, export_tmx, iso_date, read_tmx, tmx_date
from translator.store.database import Store
from translator.store.memory import Memory

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def memory_rows(tmp_path) -> list[TMEntry]:
    """Rows of a real memory, as the CLI would hand them to the exporter."""
    store = Store(tmp_path / "m.sqlite")
    memory = Memory(store)
    memory.add("第一句话。", "The first sentence.", origin="abc-1-0", editor="ann", provenance={"engine": "argos", "beam_size": 4})
    memory.add("价格<成本&利润", AWKWARD_TARGET, origin="abc-1-1", editor="")
    with store.connect() as conn:
        rows = list(conn.execute(store.tm.select().order_by(store.tm.c.id)))
    store.close()
    return [
        TMEntry(r.source, r.target, {"origin": r.origin, "editor": r.editor or None, "provenance": r.provenance,
                                    "created_at": r.created_at, "updated_at": r.updated_at})
        for r in rows
    ]


def test_memory_rows_round_trip(tmp_path):
    rows = memory_rows(tmp_path)
    data = export_tmx(rows)
    back = read_tmx(data, path="m.tmx")
    expected = [TMEntry(e.source, e.target, {k: v for k, v in e.metadata.items() if v is not None}) for e in rows]
    assert back == expected
    assert back[0].metadata["provenance"] == {"engine": "argos", "beam_size": 4}


def test_tmx_structure(tmp_path):
    rows = memory_rows(tmp_path)
    root = etree.fromstring(export_tmx(rows, created="2024-05-01T12:30:00+08:00"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "zh-Hans" and header.get("creationdate") == "20240501T043000Z"
    assert header.get("segtype") == "sentence" and header.get("o-tmf") and header.get("datatype") == "plaintext"
    tus = root.findall("body/tu")
    assert len(tus) == 2
    tu = tus[0]
    assert tu.get("creationid") == "ann" and tu.get("creationdate") == tmx_date(rows[0].metadata["created_at"])
    assert tu.get("changedate") == tmx_date(rows[0].metadata["updated_at"])
    assert [(p.get("type"), p.text) for p in tu.findall("prop")][0] == ("x-origin", "abc-1-0")
    assert [t.get(XML_LANG) for t in tu.findall("tuv")] == ["zh-Hans", "en"]
    assert [t.findtext("seg") for t in tus[1].findall("tuv")] == ["价格<成本&利润", AWKWARD_TARGET]
    # the DTD's order: props before the tuvs
    assert [c.tag for c in tu] == ["prop", "prop", "tuv", "tuv"]


def test_document_entries_are_the_approved_segments():
    doc = reviewed_sample()
    entries = document_entries(doc)
    approved = [s for s in doc.segments() if s.status == "approved" and s.target]
    assert [(e.source, e.target) for e in entries] == [(s.source, s.target) for s in approved]
    assert entries[0].metadata == {"origin": approved[0].id, "status": "approved", "editor": TRANSLATOR, "reviewer": REVIEWER}
    assert len(document_entries(doc, statuses=("approved", "translated"))) == len(entries) + 1
    back = read_tmx(exporter("tmx")(entries))
    assert back == entries


def test_translate_toolkit_reads_our_tmx(tmp_path):
    doc = reviewed_sample()
    entries = document_entries(doc, statuses=("approved", "translated")) + memory_rows(tmp_path)
    f = io.BytesIO(export_tmx(entries))
    f.name = "memory.tmx"
    store = factory.getobject(f)
    assert isinstance(store, tmxfile)
    assert len(store.units) == len(entries)
    for unit, entry in zip(store.units, entries):
        assert (unit.source, unit.target) == (entry.source, entry.target)
    assert AWKWARD_TARGET in [u.target for u in store.units]


def test_foreign_tmx_with_inline_codes_and_other_languages():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
 srclang="zh-CN" datatype="html"/>
<body>
<tu tuid="7" creationdate="20200102T030405Z"><prop type="client">Xinhua</prop>
 <tuv xml:lang="zh-CN"><seg>点击<bpt i="1">&lt;b&gt;</bpt>这里<ept i="1">&lt;/b&gt;</ept></seg></tuv>
 <tuv xml:lang="fr-FR"><seg>Cliquez ici</seg></tuv>
 <tuv xml:lang="en-GB"><seg>Click <hi>here</hi><ph>&lt;br/&gt;</ph></seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>只有中文</seg></tuv></tu>
</body></tmx>""".encode()
    entries = read_tmx(data)
    assert entries == [TMEntry("点击这里", "Click here", {"created_at": "2020-01-02T03:04:05+00:00", "tuid": "7", "client": "Xinhua"})]


def test_dates():
    assert tmx_date("2024-05-01T12:00:00+00:00") == "20240501T120000Z"
    assert tmx_date(datetime(2024, 5, 1, 12, tzinfo=UTC)) == "20240501T120000Z"
    assert tmx_date("2024-05-01T12:00:00") == "20240501T120000Z"  # naive: UTC
    assert iso_date("20240501T120000Z") == "2024-05-01T12:00:00+00:00"
    with pytest.raises(FormatError, match="'yesterday' is not an ISO 8601 date"):
        export_tmx([("a", "b", {"created_at": "yesterday"})])
    bad = b'<tmx version="1.4"><header/><body><tu creationdate="2024"><tuv xml:lang="zh"><seg>a</seg></tuv>' \
          b'<tuv xml:lang="en"><seg>b</seg></tuv></tu></body></tmx>'
    with pytest.raises(FormatError, match=r"^bad\.tmx: date '2024' is not in TMX form"):
        read_tmx(bad, path="bad.tmx")


def test_malformed_and_foreign_files_are_one_line_naming_the_file():
    with pytest.raises(FormatError) as e:
        read_tmx(b"<tmx version='1.4'><body><tu>", path="cut.tmx")
    assert str(e.value).startswith("cut.tmx: not a well-formed TMX file (") and "\n" not in str(e.value)
    with pytest.raises(FormatError, match=r"^x\.tmx: not a TMX file \(root element <martif>\)"):
        read_tmx(b"<martif/>", path="x.tmx")
    with pytest.raises(FormatError, match=r"^x\.tmx: not a TMX file \(no <body>\)"):
        read_tmx(b"<tmx/>", path="x.tmx")
