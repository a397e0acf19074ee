"""Glossaries: loading, validation errors naming file and line, longest match."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.errors import GlossaryError
from translator.store.glossary import Glossary

HEADER = "source\ttarget\tnote\tkind\n"


def write(tmp_path: Path, name: str, rows: str) -> Path:
    p = tmp_path / name
    p.write_text(HEADER + rows, encoding="utf-8")
    return p


def test_shipped_glossaries_load_and_are_large():
    g = Glossary.load()
    names = set(g.versions)
    assert {"policy.tsv", "places-jiangxi.tsv", "pulp-paper.tsv"} <= names
    assert len(g.terms) > 750
    assert g.terms["吉安"].target == "Ji'an"
    assert g.terms["于都"].target == "Yudu"
    assert g.terms["鄱阳"].target == "Poyang"
    assert g.terms["脱贫攻坚"].kind == "term"
    for src in ("乡村振兴", "工信厅", "党组书记", "摘帽", "三落实"):
        assert src in g.terms, src
    assert all(t.note or t.kind == "dnt" for t in g.terms.values())


def test_longest_match_by_substring(tmp_path):
    g = Glossary.load([write(tmp_path, "g.tsv", "脱贫\tpoverty exit\t\tterm\n脱贫攻坚\tthe fight against poverty\t\tterm\n攻坚战\tbattle\t\tterm\n")], shipped=False)
    ms = g.match("打赢脱贫攻坚战")
    assert [(m.start, m.end, m.term.target) for m in ms] == [(2, 6, "the fight against poverty")]
    assert [m.text for m in g.match("脱贫致富")] == ["脱贫"]


def test_user_file_overrides_shipped(tmp_path):
    user = write(tmp_path, "mine.tsv", "吉安\tJi'an City\tour house style\tterm\n")
    g = Glossary.load([user])
    assert g.terms["吉安"].target == "Ji'an City"
    assert g.versions["mine.tsv"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("吉安\tJi'an\t\tterm\n吉安\tJi'an\t\tterm\n", r"g\.tsv: line 3: '吉安' duplicate of line 2"),
        ("吉安\tJi'an\t\tterm\n吉安\tJian\t\tterm\n", r"g\.tsv: line 3: '吉安' conflicts with line 2"),
        ("吉安\t\tnote\tterm\n", r"g\.tsv: line 2: '吉安' has an empty target"),
        ("吉安\tJi'an\t\tweird\n", r"g\.tsv: line 2: kind 'weird' is not one of term, dnt, forbidden"),
        ("\tJi'an\t\tterm\n", r"g\.tsv: line 2: empty source"),
        ("摘帽\ttake off the hat\t\tterm\n摘帽\ttake off the hat\t\tforbidden\n", r"same target as a term and as a forbidden"),
    ],
)
def test_validation_errors_name_file_and_line(tmp_path, rows, message):
    with pytest.raises(GlossaryError, match=message):
        Glossary.load([write(tmp_path, "g.tsv", rows)], shipped=False)


def test_bad_header_and_encoding(tmp_path):
    p = tmp_path / "h.tsv"
    p.write_text("中文\t英文\n吉安\tJi'an\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"h\.tsv: line 1: header lacks source, target, note"):
        Glossary.load([p], shipped=False)
    p.write_bytes("source\ttarget\tnote\n吉安\tJi'an\t\n".encode("utf-16"))
    with pytest.raises(GlossaryError, match=r"not UTF-8"):
        Glossary.load([p], shipped=False)
    with pytest.raises(GlossaryError, match=r"missing\.tsv: cannot read glossary"):
        Glossary.load([tmp_path / "missing.tsv"], shipped=False)


def test_dnt_and_forbidden(tmp_path):
    g = Glossary.load(
        [write(tmp_path, "g.tsv", "APP\t\tkeep\tdnt\n摘帽\tlifted out of poverty\t\tterm\n摘帽\ttake off the hat\tcalque\tforbidden\n")],
        shipped=False,
    )
    assert g.terms["APP"].target == "APP"
    assert [t.target for t in g.forbidden_for("已摘帽贫困县")] == ["take off the hat"]
    assert g.forbidden_for("没有") == []


def test_two_user_files_that_disagree(tmp_path):
    a = write(tmp_path, "a.tsv", "吉安\tJi'an\t\tterm\n")
    b = write(tmp_path, "b.tsv", "吉安\tJian\t\tterm\n")
    with pytest.raises(GlossaryError, match=r"b\.tsv: line 2: '吉安' → 'Jian' conflicts with a\.tsv:2"):
        Glossary.load([a, b], shipped=False)
