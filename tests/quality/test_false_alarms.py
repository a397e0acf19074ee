"""Regression tests for the false alarms of issue 19, each on real parts: the shipped
glossaries, the numbers module, the gloss engine, the project's translate run."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from translator.document import QAIssue, Segment
from translator.quality.checks import run_checks
from translator.quality.numbers import compare, parse
from translator.store.glossary import Glossary


@functools.lru_cache(maxsize=1)
def shipped() -> Glossary:
    return Glossary.load()


def qa(source: str, target: str, *, joins_next: bool = False) -> list[QAIssue]:
    g = shipped()
    seg = Segment("s1", source, source, joins_next=joins_next, target=target, status="translated",
                  provenance={"editor": "A Translator"})
    return run_checks(seg, terms=[m.term for m in g.match(source)], forbidden=g.forbidden_for(source))


def codes(issues: list[QAIssue]) -> list[str]:
    return [i.code for i in issues]


# -- ‘三高’: a numeral inside a word ---------------------------------------------------


@pytest.mark.parametrize(
    "source,target",
    [
        ("做到‘三高’。", "Achieve the 'three highs'."),
        ("协调三大通信运营企业加快光纤网络建设。", "The three major telecom operators were asked to speed up fibre networks."),
        ("“两型三化”公共服务平台项目。", "Public service platform projects under the 'two types and three modernizations'."),
        ("行百里者半九十。", "On a journey of a hundred li, ninety is only halfway."),
    ],
)
def test_a_numeral_inside_a_word_accounts_for_its_english(source, target):
    assert [p.message for p in compare(source, target)] == []
    assert "number_extra" not in codes(qa(source, target))


def test_a_numeral_inside_a_word_is_never_required():
    assert [n for n in parse("做到‘三高’") if not n.soft] == []
    assert compare("做到‘三高’。", "Achieve high quality, high standards and a high starting point.") == []


def test_a_real_number_is_still_required_beside_one():
    # 三大 is soft; the 12 villages are not, and "three" cannot stand in for them
    problems = compare("协调三大运营企业完成12个行政村升级。", "The three major operators upgraded three villages.")
    assert [p.code for p in problems] == ["number_mismatch"]


# -- truncated: the tool's own split at ，-----------------------------------------------


def test_a_piece_the_segmenter_split_may_end_with_a_comma():
    source = "按照党中央、国务院关于打赢脱贫攻坚战三年行动决策部署，"
    target = "following the decisions of the CPC Central Committee and the State Council on the three-year action to win the battle against poverty,"
    assert "truncated" not in codes(qa(source, target, joins_next=True))
    # the same English for a piece that ends a sentence is cut off
    assert "truncated" in codes(qa(source.rstrip("，") + "。", target))


def test_a_phrasal_particle_is_not_a_dangling_word():
    assert "truncated" not in codes(qa("时光如鼓点催人奋进", "Time, like a drumbeat, spurs us on"))
    assert "truncated" in codes(qa("时光如鼓点催人奋进", "Time, like a drumbeat, spurs on"))


# -- overlapping terms 脱贫攻坚 / 脱贫攻坚战 / 打赢脱贫攻坚战 -------------------------------


@pytest.mark.parametrize(
    "source,target",
    [
        ("坚决打好脱贫攻坚战。", "It resolutely fought the battle against poverty."),
        ("打赢脱贫攻坚战是全面建成小康社会的关键。",
         "Winning the battle against poverty is the key to completing the building of a moderately prosperous "
         "society in all respects."),
        ("坚决打好脱贫攻坚战，确保脱贫攻坚目标任务如期完成。",
         "It resolutely fought the battle against poverty to ensure that the goals of the fight against poverty "
         "are met on time."),
    ],
)
def test_overlapping_terms_give_no_glossary_error_on_a_right_target(source, target):
    assert [i for i in qa(source, target) if i.code.startswith("glossary")] == []


def test_the_shorter_term_inside_a_longer_one_is_not_required_separately():
    # 脱贫攻坚 "the fight against poverty" inside 脱贫攻坚战: only "the battle against poverty" is asked for
    assert [m.term.source for m in shipped().match("坚决打好脱贫攻坚战。")] == ["脱贫攻坚战"]
    issues = qa("坚决打好脱贫攻坚战。", "It resolutely fought the battle against poverty.")
    assert not any("fight against poverty" in i.message for i in issues)


def test_a_longer_terms_english_does_not_count_for_the_shorter_one():
    # 打赢脱贫攻坚战 and, apart, 脱贫攻坚战: "battle against poverty" must be there twice
    source = "打赢脱贫攻坚战，打好脱贫攻坚战。"
    assert "glossary_missing" in codes(qa(source, "Win the battle against poverty and fight it well."))
    assert "glossary_missing" not in codes(
        qa(source, "Win the battle against poverty, and fight the battle against poverty well.")
    )


def test_a_term_is_found_in_its_verb_forms_and_by_its_acronym():
    assert "glossary_missing" not in codes(qa("已摘帽贫困县。", "Impoverished counties that have been removed from the poverty list."))
    assert "glossary_missing" not in codes(qa("联合印发通知。", "They jointly issued a circular."))
    assert "glossary_missing" not in codes(qa("向工信部推荐。", "It was recommended to MIIT."))
    assert "glossary_missing" not in codes(qa("利用物联网技术。", "Using Internet of Things technology."))
    assert "glossary_missing" in codes(qa("利用物联网技术。", "Using networked technology."))


# -- 万元 / 亿元: the unit after a number is the numbers module's -------------------------


def test_a_unit_after_a_number_is_no_glossary_term():
    g = shipped()
    assert {m.term.source for m in g.match("共投入资金2300万元，撬动产值180亿元")} == set()
    # standing alone, 万元 is still the glossary's
    assert [m.term.source for m in g.match("人均增收万元")] == ["万元"]
    # nor does QA ask for "10,000 yuan" after the number
    assert codes(qa("共投入资金2300万元。", "A total of 23 million yuan was invested.")) == []
    assert codes(qa("撬动产值180亿元。", "It leveraged 18 billion yuan of output.")) == []


def test_the_gloss_draft_converts_the_number_and_its_unit_once():
    from translator.engines.gloss import GlossEngine

    (out,) = GlossEngine(shipped()).translate_batch(["共投入资金2300万元，撬动产值180亿元。"])
    assert "23 million yuan" in out.text and "18 billion yuan" in out.text
    assert "10,000 yuan" not in out.text and "100 million yuan" not in out.text


def test_the_glossary_wrapper_masks_no_unit_after_a_number():
    from helpers.fakes import FakeEngine

    from translator.engines.wrappers import GlossaryEngine

    fake = FakeEngine()
    (out,) = GlossaryEngine(fake, shipped()).translate_batch(["贫困县共投入2300万元"])
    (sent,), _ = fake.calls[0]
    assert "2300万元" in sent  # the number and its unit reach the model whole; only 贫困县 is masked
    assert "10,000 yuan" not in out.text and "impoverished county" in out.text.lower()


# -- the rejoined English of a split sentence -------------------------------------------


def test_the_draft_of_a_split_sentence_reads_as_one_sentence(tmp_path: Path):
    from translator.formats.text import export_text
    from translator.prepare.pipeline import prepare_bytes
    from translator.project import Project
    from translator.settings import Settings

    root = Path(__file__).resolve().parents[2]
    doc = prepare_bytes((root / "examples" / "jiangxi-poverty-alleviation.txt").read_bytes(), name="sample.txt")
    settings = Settings.load(env={}, cwd=tmp_path, overrides={"db": str(tmp_path / "p.sqlite"), "engine": "gloss"})
    project = Project(settings)
    try:
        project.translate([doc])
    finally:
        project.close()
    segs = list(doc.segments())
    after = [segs[k] for k in range(1, len(segs)) if segs[k - 1].joins_next]
    assert len(after) >= 5
    for seg in after:
        first = (seg.target or "").lstrip("\"'“‘([")
        word = first.split()[0]
        # a continuing piece starts lower-case, or with a name the glossary or the article spells with a capital
        assert first[:1].islower() or word.strip(",") in shipped().names() or not word[1:].islower(), seg.target
    text = export_text(doc).decode()
    assert "dispose, Clear" not in text and "dispose, clear" in text
