"""Glossary hygiene (translator/quality/glossary_hygiene.py through Project.terminology): overlapping terms whose
English conflicts, duplicates across files, terms no stored document holds; real files, a real SQLite project."""

from __future__ import annotations

from translator.project import Project
from translator.quality.glossary_hygiene import glossary_findings
from translator.settings import Settings
from translator.store.glossary import Glossary, shipped_glossaries

FIRST = (
    "source\ttarget\tnote\tkind\n"
    "脱贫攻坚\tthe fight against poverty\t\tterm\n"
    "脱贫攻坚战\tthe battle against poverty\t\tterm\n"
    "江西\tJiangxi\t\tterm\n"
    "江西省\tJiangxi Province\t\tterm\n"
    "扶贫\tpoverty alleviation\t\tterm\n"
    "扶贫\tpoverty relief\t\tforbidden\n"
    "扶贫办\tpoverty relief office\t\tterm\n"
)
SECOND = (
    "source\ttarget\tnote\tkind\n"
    "江西省\tJiangxi Province\t\tterm\n"
    "赣州\tGanzhou City\t\tterm\n"
)
THIRD = "source\ttarget\tnote\tkind\n赣州\tGanzhou\t\tterm\n"


def project_with(tmp_path, *texts: str) -> Project:
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"g{i}.tsv"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    settings = Settings.load(env={}, cwd=tmp_path, overrides={
        "db": str(tmp_path / "p.sqlite"), "glossaries": paths, "shipped_glossaries": False,
        "glossary_file": str(tmp_path / "editable.tsv"),
    })
    return Project(settings)


def test_overlaps_duplicates_and_unused_terms(tmp_path):
    from translator.prepare.pipeline import prepare_text

    project = project_with(tmp_path, FIRST, SECOND)
    try:
        project.documents.save(prepare_text("江西省脱贫攻坚战取得胜利。扶贫办发布通知。", name="a.txt"))
        found = project.terminology.glossary_check()
        overlap = [f.message for f in found if f.kind == "overlap"]
        assert any("脱贫攻坚 → 'the fight against poverty'" in m and "脱贫攻坚战 → 'the battle against poverty'" in m
                   for m in overlap)
        assert not any("江西 →" in m for m in overlap)  # Jiangxi Province contains Jiangxi: no conflict
        assert any("扶贫办 → 'poverty relief office'" in m and "forbids" in m for m in overlap)
        [dup] = [f for f in found if f.kind == "duplicate"]
        assert dup.severity == "info" and "江西省" in dup.message and "g0.tsv:5" in dup.message and "g1.tsv:2" in dup.message
        unused = {f.terms[0].source for f in found if f.kind == "unused"}
        assert unused == {"赣州"}  # 江西, 扶贫 and 脱贫攻坚 occur, inside longer words too
    finally:
        project.close()


def test_different_english_in_two_files_is_a_warning_naming_the_winner(tmp_path):
    project = project_with(tmp_path, SECOND, THIRD)  # two user files that conflict: the check reports, never refuses
    try:
        [dup] = [f for f in project.terminology.glossary_check(stored=False) if f.kind == "duplicate"]
        assert dup.severity == "warning"
        assert "'Ganzhou City' (g0.tsv:3)" in dup.message and "the last one loaded wins (g1.tsv:2)" in dup.message
    finally:
        project.close()


def test_the_shipped_overlap_of_the_issue_is_reported():
    shipped = [(str(f), f.read_text(encoding="utf-8")) for f in shipped_glossaries()]
    found = glossary_findings(Glossary.load([], shipped=True), shipped)
    pairs = [{t.source for t in f.terms} for f in found if f.kind == "overlap"]
    assert {"脱贫攻坚", "脱贫攻坚战"} in pairs
    # no wolf: a compound whose English is another thing, one holding every word of its part's English, or one
    # holding it but for an abbreviation in brackets
    for fine in ({"造纸", "造纸机"}, {"纸业", "晨鸣纸业"}, {"针叶浆", "漂白硫酸盐针叶浆"}, {"中医药", "国家中医药管理局"},
                 {"江西", "江西省"}, {"赣", "赣州"}, {"化学热磨机械浆", "漂白化学热磨机械浆"}):
        assert fine not in pairs
    assert len(pairs) < 10
