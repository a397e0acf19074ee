"""The glossary TSV as a registered format: one writer, one reader (the one glossary files load with), used by the CLI and the web app."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.formats import FormatError, exporter, importer, importer_for_path
from translator.store.glossary import Glossary, Term

TERMS = [
    Term("吉安", "Ji'an City", "house style"),
    Term("APP", "APP", "keep", "dnt"),
    Term("摘帽", "take off the hat", "calque", "forbidden"),
    Term("于都", "Yudu\u2028County", "a U+2028 stays inside its field"),
]


def test_written_terms_load_back_as_written(tmp_path):
    data = exporter("tsv")(TERMS)
    assert data.decode("utf-8").splitlines()[0] == "source\ttarget\tnote\tkind"
    back = importer("tsv").load()(data, path="g.tsv")
    assert [(t.source, t.target, t.note, t.kind) for t in back] == [(t.source, t.target, t.note, t.kind) for t in TERMS]
    assert back[0].origin == "g.tsv:2"
    path = tmp_path / "g.tsv"
    path.write_bytes(data)
    g = Glossary.load([path], shipped=False)  # what the engines load
    assert g.terms["于都"].target == "Yudu\u2028County" and [t.target for t in g.forbidden["摘帽"]] == ["take off the hat"]
    assert exporter("tsv")(g) == exporter("tsv")([g.terms["吉安"], g.terms["APP"], g.terms["于都"], *g.forbidden["摘帽"]])
    assert importer_for_path("House.TSV").name == "tsv"


@pytest.mark.parametrize(("term", "message"), [
    (Term("扶贫", "poverty\talleviation"), "tab or line break in its target"),
    (Term("扶贫", "poverty alleviation", "line one\nline two"), "tab or line break in its note"),
    (Term("扶\r贫", "poverty alleviation"), "tab or line break in its source"),
    (Term("#扶贫", "poverty alleviation"), "reads as a comment"),
    (Term("  ", "blank"), "empty source"),
    (Term("扶贫", "poverty alleviation", "", "synonym"), "not one of term, dnt, forbidden"),  # type: ignore[arg-type]
])
def test_what_a_tsv_cannot_hold_is_refused_in_one_line(term, message):
    with pytest.raises(FormatError, match=message):
        exporter("tsv")([term])


def test_bad_bytes_name_the_file():
    with pytest.raises(FormatError, match=r"^bad\.tsv: not UTF-8"):
        importer("tsv").load()(b"\xff\xfe junk", path="bad.tsv")


def test_the_cli_writes_through_the_one_writer(cli, tmp_path):
    """'translator glossary import' writes what the registry's writer writes (the review app's export uses it too)."""
    from translator.formats.glossary_csv import export_glossary_csv

    csv_file = tmp_path / "terms.csv"
    csv_file.write_bytes(export_glossary_csv(TERMS))
    r = cli("glossary", "import", str(csv_file), "--out", "-")
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == exporter("tsv")(TERMS)


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\r\n"), min_size=1, max_size=10
).filter(lambda s: s.strip() != "" and not s.strip().startswith("#"))


@settings(max_examples=60, deadline=None)
@given(rows=st.dictionaries(_cell, st.tuples(_cell, st.text(alphabet="ab \u2028\x85\x0b", max_size=5)), min_size=1, max_size=6))
def test_any_writable_terms_round_trip(rows):
    terms = [Term(s, t, n) for s, (t, n) in rows.items()]
    back = importer("tsv").load()(exporter("tsv")(terms), path="p.tsv")
    assert [(t.source, t.target, t.note) for t in back] == [(s.strip(), t.strip(), n.strip()) for s, (t, n) in rows.items()]
