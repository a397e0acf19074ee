"""A memory match's diff against the current source: Chinese character by character, numbers and words whole."""

from __future__ import annotations

import pytest

from translator.textdiff import MAX_DIFF, diff, tokens
from translator.vocabulary import DIFF_OPS


@pytest.mark.parametrize(("match", "source", "ops"), [
    ("江西扶贫成果显著。", "江西扶贫成果非常显著。", [["equal", "江西扶贫成果"], ["insert", "非常"], ["equal", "显著。"]]),
    ("江西扶贫成果非常显著。", "江西扶贫成果显著。", [["equal", "江西扶贫成果"], ["delete", "非常"], ["equal", "显著。"]]),
    # A number is one token: 2019 → 2020 is one change, not a shared "20".
    ("2019年增长5%。", "2020年增长5%。", [["delete", "2019"], ["insert", "2020"], ["equal", "年增长5%。"]]),
    ("他说“好”。", "他说“好。", [["equal", "他说“好"], ["delete", "”"], ["equal", "。"]]),
    ("GDP增长", "CPI增长", [["delete", "GDP"], ["insert", "CPI"], ["equal", "增长"]]),
    ("同一句。", "同一句。", [["equal", "同一句。"]]),
    ("", "新句子", [["insert", "新句子"]]),
    ("\U00020000字", "\U00020001字", [["delete", "\U00020000"], ["insert", "\U00020001"], ["equal", "字"]]),  # Extension B
])
def test_diff_ops(match, source, ops):
    assert diff(match, source) == ops
    # Applying the ops: equal + delete is the match's source, equal + insert this one.
    assert "".join(t for op, t in ops if op != "insert") == match
    assert "".join(t for op, t in ops if op != "delete") == source
    assert {op for op, _ in ops} <= set(DIFF_OPS)


def test_tokens_keep_latin_words_and_numbers_whole():
    assert tokens("共2,300万元，APP下载") == ["共", "2,300", "万", "元", "，", "APP", "下", "载"]
    assert tokens("１２３４") == ["１２３４"]  # full-width digits


def test_very_long_sources_are_one_delete_and_one_insert():
    a, b = "字" * (MAX_DIFF + 1), "词" * 10
    assert diff(a, b) == [["delete", a], ["insert", b]]
