"""Property: the numbers functions never raise, whatever the text (Hypothesis)."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.quality.numbers import (
    compare,
    extract_english,
    parse,
    parse_zh_numeral,
    to_english,
)

ALPHABET = (
    string.digits
    + "零一二三四五六七八九十百千万亿两"  # Chinese numerals
    + "亩元人个%％年月日"  # units
    + ",.，．"  # separators
    + string.ascii_letters
    + " "
)
# Pieces that put the parsers on their less travelled paths.
TOKENS = [
    "第", "百分之", "分之", "点", "多", "余", "近", "约", "超过", "以上", "成", "号", "度", "/", "-", "+",
    " million", " billion", " thousand", " hundred", " percent", " per cent", " percentage points",
    "th", "st", " third", " thirds", "a ", "one", "twenty-", "half", "May ", "June ", " 2020",
    "-plus", " or more", "more than ", "nearly ", "RMB", "$", "US$", "five-year plan", "5G", "COVID-19",
    "0" * 40, "9" * 320,
]

texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=60),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(alphabet=ALPHABET, max_size=4)), max_size=14).map("".join),
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_parse_and_render_never_raise(text):
    for n in parse(text):
        assert text[n.span[0] : n.span[1]] == n.text
        assert to_english(n)
        assert to_english(n, words=False)


@FAST
@given(texts)
def test_extract_english_never_raises(text):
    for n in extract_english(text):
        assert 0 <= n.span[0] < n.span[1] <= len(text)


@FAST
@given(texts)
def test_parse_zh_numeral_never_raises(text):
    value = parse_zh_numeral(text)
    assert value is None or isinstance(value, (int, float))


@FAST
@given(texts, texts)
def test_compare_never_raises(source, target):
    for p in compare(source, target):
        assert p.code in ("number_mismatch", "number_qualifier", "number_unit", "number_extra")
        assert p.message
