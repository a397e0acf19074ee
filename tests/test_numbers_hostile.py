"""Numbers QA on hostile input: shapes that used to raise, each from a small case."""

from __future__ import annotations

import pytest

from translator.quality.numbers import compare, extract_english, parse, to_english

# -- 1. thousands separators and a decimal point together -----------------------


def test_english_number_with_separators_and_a_decimal_point():
    (n,) = extract_english("12,345.5 mu")
    assert n.value == pytest.approx(12345.5)
    assert n.step == pytest.approx(0.1)
    (n,) = extract_english("1,234,567.25")
    assert n.value == pytest.approx(1234567.25)
    assert n.step == pytest.approx(0.01)


def test_chinese_number_with_separators_and_a_decimal_point():
    (n,) = parse("全县共有耕地12,345.5亩")
    assert (n.value, n.unit, n.text) == (pytest.approx(12345.5), "mu", "12,345.5亩")
    assert to_english(n) == "12,345.5 mu"


@pytest.mark.parametrize(
    "zh,en",
    [
        ("全县共有耕地12345.5亩", "The county has 12,345.5 mu of farmland."),
        ("全县共有耕地12,345.5亩", "The county has 12,345.5 mu of farmland."),
        ("全县共有耕地12,345.5亩", "The county has 12345.5 mu of farmland."),
    ],
)
def test_compare_accepts_separators_with_a_decimal_point(zh, en):
    assert compare(zh, en) == []


def test_compare_still_catches_a_wrong_number_with_separators():
    problems = compare("全县共有耕地12345.5亩", "The county has 12,354.5 mu of farmland.")
    assert [(p.code, p.severity) for p in problems] == [("number_mismatch", "error")]
    assert "12,354.5" in problems[0].message
