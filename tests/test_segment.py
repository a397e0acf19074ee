"""Sentence splitting: terminators, closing quotes, 《》, ellipsis, long sentences."""

from __future__ import annotations

import pytest

from translator.prepare.segment import MAX_LEN, sentences


def split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("前半；后半。", ["前半；", "后半。"]),
        ("他说：“我们来了。”然后走了。", ["他说：“我们来了。”", "然后走了。"]),
        ("“好！”“走吧。”", ["“好！”", "“走吧。”"]),
        ("印发《通知。附件》。下一句。", ["印发《通知。附件》。", "下一句。"]),
        ("这是（括号里。有句号）的句子。", ["这是（括号里。有句号）的句子。"]),
        ("经过多方努力……示范典型相继涌现。", ["经过多方努力……", "示范典型相继涌现。"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("他问：‘是吗？’她答。", ["他问：‘是吗？’", "她答。"]),
        # an opening quote never closed (scrape damage) does not swallow the paragraph
        ("“工作要做好！苯眨党组书记强调。下一句。", ["“工作要做好！", "苯眨党组书记强调。", "下一句。"]),
        # a stray closing bracket inside garbled text does not matter either
        ("乱码」ば文字。正常句子。", ["乱码」ば文字。", "正常句子。"]),
        ("带动了当?shù厝罕。正常。", ["带动了当?shù厝罕。", "正常。"]),
        ("收入２０００元。𠀀字句。", ["收入２０００元。", "𠀀字句。"]),
        ("没有结尾标点", ["没有结尾标点"]),
        ("Latin text. More text! 中文。", ["Latin text.", "More text!", "中文。"]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert split(text) == expected


def test_long_sentence_split_at_semicolon_then_comma():
    clause = "这是一个相当长的分句用来测试切分"
    text = "，".join([clause] * 20) + "。"
    spans = sentences(text)
    assert len(spans) >= 3
    assert all(s.end - s.start <= MAX_LEN for s in spans)
    assert [s.joins_next for s in spans] == [True] * (len(spans) - 1) + [False]
    assert "".join(text[s.start : s.end] for s in spans) == text  # rejoinable, nothing lost


def test_long_sentence_prefers_semicolons_and_respects_quotes():
    text = f"{'甲' * 60}，“引号里的；分号不能切”，{'乙' * 50}；{'丙' * 30}，{'丁' * 30}。"
    parts = split(text)
    assert len(parts) == 2
    assert parts[0].endswith("；") and "“引号里的；分号不能切”" in parts[0]


def test_long_sentence_without_marks_stays_whole():
    text = "字" * 400 + "。"
    assert split(text) == [text]


def test_long_sentence_cuts_never_fall_inside_a_balanced_pair():
    import random

    from translator.prepare.segment import _balanced_depths

    rng = random.Random(5)
    alphabet = list("甲乙丙丁，，，；“”‘’《》（）")
    cuts = 0
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(160, 400))) + "。"
        depths = _balanced_depths(text)  # depth before each punctuation token
        for sp in sentences(text)[:-1]:
            if sp.joins_next:
                # a cut is right after ，or ；: its depth is the depth before the next token
                nxt = min((p for p in depths if p >= sp.end), default=None)
                assert nxt is None or depths[nxt] == 0, (text, sp)
                cuts += 1
    assert cuts > 100


def test_fast_path_agrees_with_the_careful_one():
    """Paragraphs without a terminator inside a pair take one regex; it must give what the careful path gives."""
    import random

    from translator.prepare import segment

    rng = random.Random(20201129)
    alphabet = list("甲乙丙。！？；…，“”‘’《》（）()【】 a.!?")
    fast = 0
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if not segment._NEEDS_CARE.search(text):
            fast += 1
            assert segment.sentences(text) == segment._careful_sentences(text), text
    assert fast > 1000  # the fast path was really exercised
