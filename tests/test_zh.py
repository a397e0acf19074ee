"""translator/zh.py: one Han definition, the sentence and clause marks, pairs and punctuation maps every stage uses."""

from __future__ import annotations

import re
import sys

import pytest
import regex

from translator import zh

_IN_HAN = re.compile(f"[{zh.HAN}]")
_ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_han_is_unicode_script_han():
    """Every character of Script=Han is in HAN; HAN holds nothing else but unassigned code points of its planes."""
    script_han = set(regex.findall(r"\p{Han}", _ALL))
    ours = set(_IN_HAN.findall(_ALL))
    assert script_han - ours == set()
    extra = ours - script_han
    assert extra and all(regex.fullmatch(r"\p{Cn}", c) for c in extra), sorted(hex(ord(c)) for c in extra if not regex.fullmatch(r"\p{Cn}", c))
    assert set(regex.findall(f"[{zh.HAN}]", _ALL)) == ours  # the regex module reads the class as re does


@pytest.mark.parametrize("char", [
    "〇",  # U+3007 ideographic zero: Script=Han, the zero of 二〇二〇年
    "々", "一", "\u9fff", "\u3400", "\u4dbf", "\uf900", "\U00020000", "\U0002a6df", "\U0002b740", "\U00030000", "\U0003134a",
    "⺀", "⼀",  # radicals
])
def test_han_edges(char):
    assert _IN_HAN.fullmatch(char)


@pytest.mark.parametrize("char", [
    "。", "、", "《", "》", "…", "０", "Ａ", "ぁ", "ア", "가", "\u3000", "\u3006", "\u2000", "0", "\U0001f600", "\U00040000",
])
def test_not_han(char):
    assert not _IN_HAN.fullmatch(char)


def test_ideographic_zero_in_the_stages():
    """The 〇 decision: it is Han for every stage, and still zero for the numbers check."""
    from translator.prepare.convert import fullwidth_punctuation
    from translator.quality.numbers import parse
    from translator.quality.numbers.zh import parse_zh_numeral

    assert fullwidth_punctuation("二〇二〇,ABC") == "二〇二〇，ABC"  # an ASCII comma after Han text takes its full-width form
    assert fullwidth_punctuation("二十,ABC") == "二十，ABC"  # as after any other Han character
    assert [(n.value, n.kind) for n in parse("二〇二〇年")] == [(2020, "year")]
    assert [(n.value, n.kind) for n in parse("二〇一九年三月")] == [(2019, "date")]
    assert parse_zh_numeral("〇") == 0 and parse_zh_numeral("一百〇五") == 105  # 〇 as the zero inside a numeral
    assert parse_zh_numeral("一〇五") is None  # a digit string stands only for a year (二〇二〇年)


def test_marks_compose_what_the_stages_use():
    from translator.prepare import segment
    from translator.quality import checks

    assert segment.TERMINATORS == "。！？；"
    assert set(segment.OPENERS) == set(zh.OPENERS) | {"("} and set(segment.CLOSERS) == set(zh.CLOSERS) | {")"}
    assert checks._SENTENCE_END_ZH == "。！？!?…"
    assert zh.CLAUSE_END == "，；：、" and zh.LIST_SEPARATOR == "、"
    assert all(len(o) == len(c) == 1 for o, c in zh.PAIRS.items())
    assert set(zh.SENTENCE_END + zh.CLAUSE_END + zh.ELLIPSIS + zh.DASH) <= set(zh.PUNCTUATION)


def test_punctuation_maps_are_inverse():
    assert zh.FULLWIDTH[","] == "，" and zh.TO_ASCII["？"] == "?"
    assert {v: k for k, v in zh.TO_ASCII.items()} == zh.FULLWIDTH
    assert all(k.isascii() and not v.isascii() for k, v in zh.FULLWIDTH.items())


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("jing1 zhun3", "jīng zhǔn"),
        ("Bei3 jing1", "Běi jīng"),
        ("nu:3", "nǚ"),
        ("lu:4 se4", "lǜ sè"),
        ("gui4 liu2 zhuang4", "guì liú zhuàng"),  # the last vowel of iu / ui; a before o
        ("zou3 xue2", "zǒu xué"),  # the o of ou; e before u
        ("de5 ma5", "de ma"),  # the neutral tone has no mark
        ("r5 hm5", "r5 hm5"),  # syllables without a vowel stay as written
    ],
)
def test_tone_marks_replace_tone_numbers(numbered, marked):
    assert zh.tone_marks(numbered) == marked
