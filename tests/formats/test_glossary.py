"""Glossaries as TBX-Basic and CSV: round trips of the shipped glossaries; translate-toolkit reads our TBX."""

from __future__ import annotations

import io

import pytest
from helpers.samples import article_glossary_terms
from lxml import etree
from translate.storage import factory
from translate.storage.tbx import tbxfile

from translator.formats import FormatError, exporter
from translator.formats.glossary_csv import export_glossary_csv, read_glossary_csv
from translator.formats.tbx import DEPRECATED, PREFERRED, export_tbx, glossary_terms, read_tbx
from translator.store.glossary import Glossary, Term, parse_tsv

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def content(terms: list[Term]) -> list[tuple[str, str, str, str]]:
    """A term without its origin (a file position, which an export cannot keep)."""
    return [(t.source, t.target, t.note, t.kind) for t in terms]


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return Glossary.load()


def test_tbx_round_trip_of_the_shipped_glossaries(shipped):
    back = read_tbx(export_tbx(shipped), path="all.tbx")
    assert content(back) == content(glossary_terms(shipped))
    assert len(back) == len(shipped)
    assert {t.kind for t in back} == {"term", "dnt", "forbidden"}
    assert back[0].origin.startswith("all.tbx:")


def test_csv_round_trip_of_the_shipped_glossaries(shipped):
    terms = list(shipped.terms.values()) + [t for ts in shipped.forbidden.values() for t in ts]
    back = read_glossary_csv(export_glossary_csv(shipped), path="all.csv")
    assert content(back) == content(terms)
    assert back[0].origin == "all.csv:2"


AWKWARD = [
    Term("公式", "=1+1", "a cell Excel would run"),
    Term("负数", "-5 degrees", "starts with a minus"),
    Term("引号", "'quoted'", "starts with an apostrophe"),
    Term("艾特", "@home", ""),
    Term("多行", "line one\nline two", 'note with "quotes", commas, and\nnewlines'),
    Term("𠮷野家", "Yoshinoya & <Co>", "non-BMP source"),
    Term("5G", "5G", "keep", "dnt"),
    Term("龙头企业", "leading enterprise", "", "term"),
    Term("龙头企业", "dragon head enterprise", "calque", "forbidden"),
    Term("龙头企业", "dragon-head enterprise", "", "forbidden"),
]


def test_round_trips_of_awkward_terms():
    assert content(read_glossary_csv(export_glossary_csv(AWKWARD))) == content(AWKWARD)
    assert content(read_tbx(export_tbx(AWKWARD))) == content(AWKWARD)


def test_csv_guards_against_formulas_in_spreadsheets():
    text = export_glossary_csv(AWKWARD).decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "source,target,note,kind"
    assert lines[1] == "公式,'=1+1,a cell Excel would run,term"
    assert lines[2].startswith("负数,'-5 degrees,") and lines[3].startswith("引号,''quoted',")
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(","))


def test_csv_is_read_by_the_same_rules_as_the_tsv_glossaries():
    tsv = "source\ttarget\tnote\tkind\n国务院\tthe State Council\tofficial\t\nGDP\t\tkeep\tdnt\n摘帽\ttake off the hat\tcalque\tforbidden\n"
    csv_text = "source,target,note,kind\n国务院,the State Council,official,\nGDP,,keep,dnt\n摘帽,take off the hat,calque,forbidden\n"
    assert content(read_glossary_csv(csv_text.encode("utf-8-sig"))) == content(list(parse_tsv(tsv, "g.tsv")))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty; a glossary CSV needs the header"),
        ("term,english\n", "line 1: header lacks source, target"),
        ("source,target\n,x\n", "line 2: empty source"),
        ("source,target,note,kind\n国务院,,x,term\n", "line 2: '国务院' has an empty target"),
        ("source,target,note,kind\n国务院,x,,banned\n", "line 2: kind 'banned' is not one of term, dnt, forbidden"),
        ('source,target\n"国务院,x\n', "not valid CSV"),
    ],
)
def test_csv_errors_name_the_file_and_line(text, message):
    with pytest.raises(FormatError) as e:
        read_glossary_csv(text.encode(), path="g.csv")
    assert str(e.value).startswith("g.csv: ") and message in str(e.value)
    with pytest.raises(FormatError, match="^g.csv: not UTF-8"):
        read_glossary_csv("source,target\n国务院,x\n".encode("gb18030"), path="g.csv")


def test_tbx_structure():
    root = etree.fromstring(export_tbx(AWKWARD, title="Test glossary"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert root.findtext("martifHeader/fileDesc/titleStmt/title") == "Test glossary"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == len({t.source for t in AWKWARD})
    dragon = next(e for e in entries if e.find("langSet/tig/term").text == "龙头企业")
    zh, en = dragon.findall("langSet")
    assert (zh.get(XML_LANG), en.get(XML_LANG)) == ("zh-Hans", "en")
    statuses = [(t.findtext("term"), t.findtext("termNote[@type='administrativeStatus']")) for t in en.findall("tig")]
    assert statuses == [("leading enterprise", PREFERRED), ("dragon head enterprise", DEPRECATED),
                        ("dragon-head enterprise", DEPRECATED)]
    assert en.findall("tig")[1].findtext("note") == "calque"
    five_g = next(e for e in entries if e.find("langSet/tig/term").text == "5G")
    assert five_g.findtext("descrip[@type='Translation needed']") == "no"


def test_translate_toolkit_reads_our_tbx():
    terms = article_glossary_terms()
    f = io.BytesIO(exporter("tbx")(terms))
    f.name = "article.tbx"
    store = factory.getobject(f)
    assert isinstance(store, tbxfile)
    by_source: dict[str, list[Term]] = {}
    for t in terms:
        by_source.setdefault(t.source, []).append(t)
    assert len(store.units) == len(by_source)
    for unit in store.units:
        expected = by_source[unit.source]
        got = [(t.text, t.deprecated) for t in unit.get_target_terms()]
        assert got == [(t.target, t.kind == "forbidden") for t in sorted(expected, key=lambda t: t.kind == "forbidden")]
        assert unit.istranslatable() == (not any(t.kind == "dnt" for t in expected))
    jiangxi = next(u for u in store.units if u.source == "江西")
    assert jiangxi.target == "Jiangxi"


def test_tbx_from_another_tool_any_chinese_and_english_tags():
    data = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1"><descrip type="subjectField">policy</descrip>
 <langSet xml:lang="zh-CN"><ntig><termGrp><term>国务院</term></termGrp></ntig></langSet>
 <langSet xml:lang="de"><tig><term>Staatsrat</term></tig></langSet>
 <langSet xml:lang="en-US"><tig><term>State Council</term><note>official</note></tig>
  <tig><term>the State Council</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>""".encode()
    assert content(read_tbx(data)) == [("国务院", "State Council", "official", "term"), ("国务院", "the State Council", "", "term")]


def test_tbx_errors_name_the_file():
    with pytest.raises(FormatError, match=r"^g\.tbx: not a TBX file \(root element <tmx>\)"):
        read_tbx(b"<tmx/>", path="g.tbx")
    orphan = b'<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>a</term></tig></langSet>' \
             b"</termEntry></body></text></martif>"
    with pytest.raises(FormatError, match=r"^g\.tbx: line 1: entry 'x' has English terms but no Chinese one"):
        read_tbx(orphan, path="g.tbx")
    with pytest.raises(FormatError) as e:
        read_tbx(b"<martif><text>", path="g.tbx")
    assert str(e.value).startswith("g.tbx: not a well-formed TBX file (") and "\n" not in str(e.value)
