"""QA checks, on hand-written targets and the output of a deterministic fake engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from translator.document import Flag, QAIssue, Segment
from translator.engines.base import Translation
from translator.quality.checks import CHECKS, check_codes, run_checks
from translator.store.glossary import Glossary, Term


class FakeEngine:
    """Answers from a table; notes per source, to imitate the glossary wrapper."""

    name = "fake"

    def __init__(self, table: dict[str, str], notes: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self.table = table
        self.notes = notes or {}

    def describe(self) -> dict[str, Any]:
        return {"engine": self.name, "decoding": {}}

    def translate_batch(self, sources: Sequence[str], *, suppress: Sequence[str] = ()) -> list[Translation]:
        return [
            Translation(self.table[s], None, {"engine": self.name}, list(self.notes.get(s, [])))
            for s in sources
        ]


def segment(source: str, target: str | None, **kw: Any) -> Segment:
    return Segment("s1", source, source, target=target, status="machine" if target else "new", **kw)


def codes(issues: list[QAIssue]) -> list[str]:
    return [i.code for i in issues]


def issue(issues: list[QAIssue], code: str) -> QAIssue:
    found = [i for i in issues if i.code == code]
    assert found, issues
    return found[0]


POVERTY = Term("扶贫", "poverty alleviation", origin="test.tsv:2")
POVERTY_BAD = Term("扶贫", "poverty relief", kind="forbidden", origin="test.tsv:3")
DEPT = Term("工信厅", "Department of Industry and Information Technology", origin="test.tsv:4")
APP = Term("APP", "APP", kind="dnt", origin="test.tsv:5")


# -- the registry -------------------------------------------------------------


def test_registry_has_named_checks_with_severities():
    seen = [c.code for c in CHECKS]
    assert len(seen) == len(set(seen))
    for c in CHECKS:
        assert c.severity in ("error", "warning", "info")
        assert c.description
    expected = {
        "glossary_missing": "error", "forbidden_term": "error", "number_mismatch": "error",
        "number_unit": "warning", "number_extra": "warning", "untranslated": "error", "empty": "error",
        "truncated": "warning", "repetition": "warning", "length_ratio": "warning",
        "source_mojibake": "error", "placeholder_lost": "error",
    }
    table = check_codes()
    for code, severity in expected.items():
        assert table[code][0] == severity


# -- a clean translation passes everything --------------------------------------

CLEAN = [
    ("2019年以来，共支持20个贫困县（含已摘帽贫困县）工业项目71个，共投入工业项目资金4965万。",
     "Since 2019, a total of 71 industrial projects in 20 poverty-stricken counties (including those "
     "already lifted out of poverty) have been supported, with a total investment of 49.65 million."),
    ("种植面积达到3500多亩，有效带动周边1000余农户种植中药材。",
     "The planted area has reached more than 3,500 mu, helping more than 1,000 nearby households grow "
     "Chinese medicinal herbs."),
    ("产业扶贫被认为是实现稳定脱贫的根本之策。",
     "Industrial poverty alleviation is regarded as the fundamental way to lift people out of poverty for good."),
]


@pytest.mark.parametrize("source,target", CLEAN)
def test_clean_translation_has_no_issues(source, target):
    engine = FakeEngine({source: target})
    (tr,) = engine.translate_batch([source])
    seg = segment(source, tr.text, provenance=tr.provenance)
    assert run_checks(seg, terms=[POVERTY], forbidden=[POVERTY_BAD], notes=tr.notes) == []


# -- glossary ------------------------------------------------------------------


def test_glossary_term_missing_is_an_error_quoting_the_term():
    seg = segment("产业扶贫被认为是实现稳定脱贫的根本之策。",
                  "Industrial aid to the poor is regarded as the fundamental policy.")
    i = issue(run_checks(seg, terms=[POVERTY]), "glossary_missing")
    assert i.severity == "error"
    assert "扶贫" in i.message and "'poverty alleviation'" in i.message


def test_glossary_term_too_few_times_is_a_warning():
    seg = segment("扶贫是重点，扶贫是关键。", "Poverty alleviation is the focus and the key.")
    i = issue(run_checks(seg, terms=[POVERTY]), "glossary_missing")
    assert i.severity == "warning"
    assert "twice in the source" in i.message and "once in the target" in i.message


@pytest.mark.parametrize(
    "target",
    [
        "POVERTY ALLEVIATION is the focus.",  # case-insensitive
        "Poverty-alleviation work is the focus.",  # hyphen for a space
        "Poverty alleviation's role is the focus.",
    ],
)
def test_glossary_term_found_flexibly(target):
    seg = segment("扶贫是重点。", target)
    assert "glossary_missing" not in codes(run_checks(seg, terms=[POVERTY]))


def test_glossary_term_needs_word_boundaries():
    term = Term("县", "county")
    seg = segment("这个县很大。", "The countryside is big.")
    assert "glossary_missing" in codes(run_checks(seg, terms=[term]))
    seg = segment("这两个县很大。", "The two counties are big.")  # plural of the last word is fine
    assert "glossary_missing" not in codes(run_checks(seg, terms=[term]))


def test_glossary_matches_from_a_real_glossary(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(
        "source\ttarget\tnote\tkind\n"
        "扶贫\tpoverty alleviation\t\tterm\n"
        "扶贫\tpoverty relief\tnot our style\tforbidden\n"
        "贫困县\tpoverty-stricken county\t\tterm\n"
        "贫困\tpoverty\t\tterm\n",
        encoding="utf-8",
    )
    g = Glossary.load([path], shipped=False)
    source = "支持20个贫困县开展扶贫工作。"
    matches = g.match(source)
    seg = segment(source, "Supporting 20 poverty-stricken counties in poverty relief work.")
    issues = run_checks(seg, terms=matches, forbidden=g.forbidden_for(source))
    assert codes(issues) == ["glossary_missing", "forbidden_term"]
    assert "'poverty relief'" in issue(issues, "forbidden_term").message
    assert "use 'poverty alleviation'" in issue(issues, "forbidden_term").message
    # 贫困 inside 贫困县 is not a separate occurrence (longest match), also with bare Terms
    seg = segment(source, "Supporting 20 poverty-stricken counties in poverty alleviation work.")
    assert run_checks(seg, terms=matches, forbidden=g.forbidden_for(source)) == []
    assert run_checks(seg, terms=list(g.terms.values())) == []


def test_forbidden_term_is_an_error():
    seg = segment("扶贫是重点。", "Poverty relief is the focus.")
    i = issue(run_checks(seg, terms=[POVERTY], forbidden=[POVERTY_BAD]), "forbidden_term")
    assert i.severity == "error"
    assert "'Poverty relief'" in i.message and "扶贫" in i.message and "test.tsv:3" in i.message


def test_forbidden_rendering_inside_the_approved_one_is_fine():
    short_bad = Term("扶贫", "poverty", kind="forbidden")
    seg = segment("扶贫是重点。", "Poverty alleviation is the focus.")
    assert run_checks(seg, terms=[POVERTY], forbidden=[short_bad]) == []


def test_forbidden_term_for_another_source_is_ignored():
    seg = segment("脱贫是重点。", "Poverty relief is the focus.")
    assert "forbidden_term" not in codes(run_checks(seg, forbidden=[POVERTY_BAD]))


def test_dnt_term_must_be_kept_verbatim():
    seg = segment("支持省内涉农APP平台建设。", "Support the building of agricultural app platforms in the province.")
    assert "glossary_missing" not in codes(run_checks(seg, terms=[APP]))  # case-insensitive
    seg = segment("支持省内涉农APP平台建设。", "Support the building of agricultural platforms in the province.")
    assert "do-not-translate term APP" in issue(run_checks(seg, terms=[APP]), "glossary_missing").message


def test_chinese_dnt_term_is_not_untranslated():
    dnt = Term("狗牯脑", "狗牯脑", kind="dnt")
    seg = segment("狗牯脑名茶的原产地。", "The place of origin of the famous 狗牯脑 tea.")
    assert run_checks(seg, terms=[dnt]) == []


# -- numbers -------------------------------------------------------------------

NUMBER_CASES = [
    ("共投入工业项目资金4965万。", "A total of 4.965 million was invested.", "number_mismatch", "error", "4.965 million"),
    ("共投入工业项目资金4965万。", "A total of about 50 million was invested.", "number_mismatch", "warning", "about 50 million"),
    ("种植面积达到3500多亩。", "The planted area reached 3,500 mu.", "number_qualifier", "warning", "more than"),
    ("种植面积达到3500多亩。", "The planted area reached more than 3,500.", "number_unit", "warning", "mu"),
    ("覆盖了近1400家企业。", "It covered nearly 1,400 firms and 300 farms.", "number_extra", "warning", "300"),
    ("按照不低于1/3的比例。", "At a ratio of at least one quarter.", "number_mismatch", "error", "1/3"),
    ("在第十一届博览会上。", "At the 12th expo.", "number_mismatch", "error", "12th"),
]


@pytest.mark.parametrize("source,target,code,severity,quoted", NUMBER_CASES)
def test_number_checks(source, target, code, severity, quoted):
    i = issue(run_checks(segment(source, target)), code)
    assert i.severity == severity
    assert quoted in i.message


@pytest.mark.parametrize(
    "source,target",
    [
        ("共投入工业项目资金4965万。", "A total of 49.65 million was invested."),
        ("共投入资金４９６５万。", "A total of 49.65 million was invested."),
        ("按照支持数量不低于1/3的比例。", "At a ratio of no less than one third."),
        ("在第十一届博览会上。", "At the 11th expo."),
        ("总金额660多万，产值近7亿。", "The total was more than 6.6 million, with output of nearly 700 million."),
    ],
)
def test_number_checks_pass(source, target):
    assert run_checks(segment(source, target)) == []


# -- untranslated ----------------------------------------------------------------


@pytest.mark.parametrize(
    "target,quoted",
    [
        ("Support for 贫困县 industrial projects.", "'贫困县'"),
        ("Support for the \U00020000 project.", "'\U00020000'"),  # CJK Extension B
        ("Support for the \u4e00 project and the \u9fff.", "'\u4e00'"),  # ends of the basic block
        ("Support，for industrial projects.", "'，'"),
        ("Support for “满园扩园” projects.", "'满园扩园'"),
        ("Support for 《Notice》 projects.", "'《'"),
        ("Support for industrial projects……", "'……'"),
        ("Support for industrial、projects.", "'、'"),
        ("Support for ４ projects.", "'４'"),
        ("Support for ＡＢＣ projects.", "'ＡＢＣ'"),
        ("Support for the“Full Park”project.", "'“'"),  # quotes glued Chinese-style
    ],
)
def test_untranslated(target, quoted):
    i = issue(run_checks(segment("支持贫困县工业项目建设。", target)), "untranslated")
    assert i.severity == "error"
    assert quoted in i.message


def test_english_typography_is_not_untranslated():
    seg = segment("支持“满园扩园”项目建设。", "Support for “Full Park” projects — and more… (it’s done).")
    assert "untranslated" not in codes(run_checks(seg))


# -- empty, truncated, repetition, length ----------------------------------------


@pytest.mark.parametrize("target", [None, "", "   "])
def test_empty(target):
    issues = run_checks(segment("共投入工业项目资金4965万。", target))
    assert codes(issues) == ["empty"]
    assert "共投入" in issues[0].message


def test_empty_source_is_not_checked():
    assert run_checks(segment("  ", "")) == []


@pytest.mark.parametrize(
    "target,quoted",
    [
        ("The planted area reached more than 3,500 mu and", "'and'"),
        ("The planted area reached more than 3,500 mu, effectively driving the", "'the'"),
        ("The planted area reached more than 3,500 mu,", "','"),
        ("The planted area reached more than 3,500 mu", "'。'"),
    ],
)
def test_truncated(target, quoted):
    i = issue(run_checks(segment("种植面积达到3500多亩。", target)), "truncated")
    assert i.severity == "warning" and quoted in i.message


def test_not_truncated():
    for target in ("The area reached more than 3,500 mu.", 'He said: "The area reached more than 3,500 mu."'):
        assert "truncated" not in codes(run_checks(segment("种植面积达到3500多亩。", target)))
    # a title has no final punctuation in either language
    assert run_checks(segment("江西特色产业扛起扶贫重任", "Jiangxi's specialty industries take on poverty alleviation")) == []
    # a segment that continues in the next one need not end a sentence
    seg = segment("种植面积达到3500多亩，", "The planted area reached more than 3,500 mu", joins_next=True)
    assert "truncated" not in codes(run_checks(seg))


def test_much_too_short_is_truncated():
    source = "为精准做好两个产业的扶贫工作，江西省工信厅邀请省农业农村厅相关处室负责人召开座谈会。"
    issues = run_checks(segment(source, "To do."))
    assert "truncated" in codes(issues) and "length_ratio" in codes(issues)


@pytest.mark.parametrize(
    "target,quoted",
    [
        ("The company the the the the project.", "'the' repeated 4 times"),
        ("It supported poverty alleviation poverty alleviation poverty alleviation work.",
         "'poverty alleviation' repeated 3 times"),
        ("We will strengthen the of the of the of the of the work.", "repeated"),
        ("and the people and the people and the people and the people.", "repeated"),
    ],
)
def test_repetition(target, quoted):
    i = issue(run_checks(segment("我们将加强扶贫工作。", target)), "repetition")
    assert i.severity == "warning" and quoted in i.message


def test_no_repetition_in_normal_prose():
    target = "Step by step, the county built roads, the county built schools, and it built trust."
    assert "repetition" not in codes(run_checks(segment("该县一步一步修路、建学校、建立信任。", target)))


def test_length_ratio():
    source = "江西的中药材和农副产品资源丰富，有着独特的天然优势。"
    assert "length_ratio" in codes(run_checks(segment(source, "Rich herbs.")))
    long = "Jiangxi has rich resources. " * 20
    i = issue(run_checks(segment(source, long.strip())), "length_ratio")
    assert "long" in i.message and "ratio" in i.message
    ok = "Jiangxi is rich in Chinese medicinal herbs and farm products and has unique natural advantages."
    assert run_checks(segment(source, ok)) == []
    assert "length_ratio" not in codes(run_checks(segment("扶贫。", "Poverty alleviation work in the province.")))


# -- source flags and engine notes ------------------------------------------------


def test_source_mojibake_is_reported_even_without_target():
    source = "高起点谋划乡村振兴工作!苯眨魇」ば艔d党组书记"
    start = source.index("苯")
    flag = Flag("mojibake", "garbled by a wrong-encoding round trip", (start, start + 7))
    for target in (None, "Plan rural revitalisation from a high starting point."):
        issues = run_checks(segment(source, target, flags=[flag]))
        i = issue(issues, "source_mojibake")
        assert i.severity == "error"
        assert "苯眨魇」ば艔d" in i.message and "original" in i.message


def test_placeholder_lost_from_notes_and_provenance():
    source = "产业扶贫被认为是实现稳定脱贫的根本之策。"
    note = {"code": "placeholder_lost", "message": "placeholder ⟦T1⟧ for 扶贫 → 'poverty alleviation' was lost"}
    engine = FakeEngine({source: "Industrial poverty alleviation is the fundamental way out of poverty."},
                        {source: [note]})
    (tr,) = engine.translate_batch([source])
    i = issue(run_checks(segment(source, tr.text), notes=tr.notes), "placeholder_lost")
    assert i.severity == "error" and "⟦T1⟧" in i.message
    seg = segment(source, tr.text, provenance={"engine": "fake", "notes": [note]})
    assert codes(run_checks(seg)) == ["placeholder_lost"]
    assert codes(run_checks(seg, notes=[note])) == ["placeholder_lost"]  # not twice


def test_gloss_output_is_labelled():
    source = "产业扶贫被认为是实现稳定脱贫的根本之策。"
    seg = segment(source, "Industry assistance to the poor by believe is achieve steady lift out of poverty policy.",
                  provenance={"engine": "gloss", "model": "cc-cedict", "kind": "gloss"})
    i = issue(run_checks(seg), "gloss_draft")
    assert i.severity == "info"


def test_checks_subset():
    seg = segment("共投入工业项目资金4965万。", "Invested 4.965 million，the the the the")
    only = [c for c in CHECKS if c.code == "repetition"]
    assert codes(run_checks(seg, checks=only)) == ["repetition"]


@pytest.mark.parametrize("target", ["The State Council approved it.", "State Council approved it.", "The State Council's plan."])
def test_glossary_leading_article_is_optional(target):
    from translator.store.glossary import Term

    seg = Segment("x", "国务院批准了。", "国务院批准了。", target=target)
    issues = run_checks(seg, terms=[Term("国务院", "the State Council")])
    assert not [i for i in issues if i.code == "glossary_missing"]


@pytest.mark.parametrize(
    ("note", "code", "severity"),
    [
        ({"code": "length_capped", "message": "output stopped at the 40-token cap"}, "truncated", "warning"),
        ({"code": "source_truncated", "message": "source has 2000 tokens"}, "truncated", "error"),
        ({"code": "placeholder_duplicated", "message": "glossary term '吉安' came out more than once"}, "placeholder_lost", "warning"),
    ],
)
def test_engine_notes_become_findings(note, code, severity):
    seg = Segment("x", "吉安很好。", "吉安很好。", target="Ji'an is good.")
    issues = [i for i in run_checks(seg, notes=[note]) if i.code == code]
    assert [(i.severity, note["message"] in i.message) for i in issues] == [(severity, True)]
