"""Numbers QA on hostile input: shapes that used to raise, each from a small case."""

from __future__ import annotations

import pytest

from translator.quality.numbers import (
    compare,
    extract_english,
    parse,
    parse_zh_numeral,
    to_english,
)

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


# -- 2. numbers beyond the float range (~1.8e308) ---------------------------------

BIG = "1" * 400  # a 400-digit run
OTHER = "2" + "1" * 399  # as long, different from the first digit on


def test_huge_number_parses_exactly():
    (n,) = parse(f"共{BIG}个")
    assert n.value == int(BIG)  # not rounded to 28 digits, not a float
    (t,) = extract_english(f"{BIG} units")
    assert t.value == int(BIG)


def test_huge_number_renders_every_digit():
    (n,) = parse(f"共{BIG}个")
    english = to_english(n)
    assert english.replace(",", "") == BIG
    assert english.startswith("1,111,") and english.endswith(",111")


@pytest.mark.parametrize(
    "zh,en", [(f"共{BIG}个", f"{BIG} units"), (f"共{BIG}.5亩", f"{BIG}.5 mu")], ids=["integer", "decimal"]
)
def test_compare_matches_equal_huge_numbers(zh, en):
    assert compare(zh, en) == []


def test_compare_reports_a_different_huge_number():
    problems = compare(f"共{BIG}个", f"{OTHER} units")
    assert [(p.code, p.severity) for p in problems] == [("number_mismatch", "error")]
    assert problems[0].target is not None and problems[0].target.value == int(OTHER)


def test_huge_number_is_never_close_to_a_small_one():
    problems = compare("共5个", f"{BIG} units")
    assert [p.code for p in problems] == ["number_mismatch"]  # 5 vs the huge one, not a match


def test_huge_number_past_the_int_to_str_limit():
    run = "1" * 5000  # Python refuses str(int) past 4300 digits
    (n,) = parse(f"共{run}个")
    assert to_english(n).replace(",", "") == run
    assert [p.code for p in compare("共5个", f"{run} units")] == ["number_mismatch"]
    assert compare(f"共{run}个", f"{run} units") == []


@pytest.mark.parametrize(
    "zh,en",
    [
        ("一点" + "五" * 5000 + "亩", "x"),  # Chinese decimal with a 5000-digit fraction
        ("共5个", "nine " + "hundred " * 200 + "thirds"),  # a word fraction of 9e400
        ("1分之" + BIG, "x"),  # a Chinese "fraction" of 1e399
        ("共5个", f"{BIG}/3 of them"),
        ("共5个", f"1/{BIG} of them"),
        ("第" + BIG + "届", f"the {BIG}th"),
        (BIG + "年", "x"),
        ("百分之" + BIG, f"{BIG} percent"),
        ("5" + "亿" * 60 + "元", "x"),
    ],
    ids=["zh-decimal-5000", "en-word-fraction", "zh-fraction", "en-fraction-num", "en-fraction-den",
         "ordinals", "zh-year-shape", "percent", "zh-multipliers"],
)
def test_huge_shapes_never_raise(zh, en):
    problems = compare(zh, en)
    for p in problems:
        assert p.message
    for n in parse(zh):
        assert to_english(n)


def test_huge_ordinal_and_fraction_render():
    (n,) = parse("第" + BIG + "届")
    assert to_english(n) == BIG + "th"
    assert compare("第" + BIG + "届", f"the {BIG}th") == []
    assert [n.kind for n in extract_english(f"{BIG}/3 of them")] == []  # no such fraction


@pytest.mark.parametrize("text,value", [("三点五", 3.5), ("三点", None), ("三点5", None), ("三点五x", None)])
def test_chinese_decimal_point_needs_chinese_digits_after_it(text, value):
    # 三点 and 三点5 used to raise (ValueError, KeyError) instead of being no numeral
    assert parse_zh_numeral(text) == value


# -- 4. other shapes found by tests/quality/test_numbers_fuzz.py ---------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("A", None),  # KeyError: a Latin letter among Chinese numerals
        ("三A", None),
        ("1e999999999", None),  # Decimal took the exponent: a billion-digit int
        ("1e5", None),
        ("1_000", None),  # Decimal takes underscores, a news text does not
        ("12.", 12),
        ("4,965.5", 4965.5),
    ],
)
def test_parse_zh_numeral_takes_only_numerals(text, value):
    assert parse_zh_numeral(text) == value
