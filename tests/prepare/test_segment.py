"""Sentence splitting: terminators, closing quotes, 《》, ellipsis, long sentences."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.prepare.segment import HARD_MAX, MAX_LEN, sentences


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


def test_long_sentence_without_marks_stays_whole_up_to_the_hard_limit():
    text = "字" * (HARD_MAX - 1) + "。"
    assert split(text) == [text]
    assert not sentences(text)[0].hard_cut


def test_run_without_punctuation_is_cut_at_the_hard_limit_and_marked():
    text = "字" * 400 + "。"
    spans = sentences(text)
    assert [(s.end - s.start, s.joins_next, s.hard_cut) for s in spans] == [(HARD_MAX, True, True), (101, False, False)]
    assert "".join(text[s.start : s.end] for s in spans) == text


def test_hard_cut_prefers_a_space_then_a_latin_edge():
    words = " ".join(["word"] * 100)  # 499 characters, spaces every 5
    spans = sentences(words)
    assert all(s.end - s.start <= HARD_MAX for s in spans) and len(spans) == 2
    first = words[spans[0].start : spans[0].end]
    assert first.endswith("word") and not words[spans[1].start].isspace()
    assert " ".join(words[s.start : s.end] for s in spans) == words
    # No space: the cut is at the edge of a Latin run, not inside it.
    mixed = ("字" * 7 + "ABCDEFG") * 40
    for s in sentences(mixed)[:-1]:
        assert s.hard_cut
        assert not (mixed[s.end - 1].isascii() and mixed[s.end].isascii())
    # Only Han: anywhere, at the limit.
    assert sentences("字" * 1000)[0].end == HARD_MAX


def test_hard_cut_never_separates_a_combining_mark():
    text = ("a" + "\u0301") * 400  # each a followed by a combining acute accent, no space
    for s in sentences(text):
        assert s.end - s.start <= HARD_MAX
        assert unicodedata.combining(text[s.start]) == 0


def test_hard_cut_pieces_cover_a_huge_run_in_order():
    text = "字" * 100_000
    spans = sentences(text)
    assert len(spans) == -(-100_000 // HARD_MAX)
    assert all(a.end == b.start for a, b in itertools.pairwise(spans))
    assert [s.joins_next for s in spans] == [True] * (len(spans) - 1) + [False]
    assert [s.hard_cut for s in spans] == [True] * (len(spans) - 1) + [False]


def test_hard_cut_keeps_the_joins_next_of_a_piece_split_at_a_comma():
    text = "，".join(["字" * 400] * 2) + "。"
    spans = sentences(text)
    assert all(s.end - s.start <= HARD_MAX for s in spans)
    assert [s.joins_next for s in spans] == [True] * (len(spans) - 1) + [False]
    assert "".join(text[s.start : s.end] for s in spans) == text
    # the piece ending at the comma is not a mechanical cut
    comma_end = [s for s in spans if text[s.end - 1] == "，"]
    assert comma_end and not any(s.hard_cut for s in comma_end)


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
            if sp.joins_next and not sp.hard_cut:
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


# --- linear pair matching and long-sentence splitting: the same answers as before -----------


def _old_pair_deltas(text: str) -> dict[int, int]:
    """The version that rescanned the stack for every closer."""
    from translator.prepare.segment import _PAIR, _PAIR_CHARS

    delta: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for m in _PAIR_CHARS.finditer(text):
        ch, pos = m.group(0), m.start()
        if ch in _PAIR:
            stack.append((ch, pos))
            continue
        for k in range(len(stack) - 1, -1, -1):
            if _PAIR[stack[k][0]] == ch:
                delta[stack[k][1]] = 1
                delta[pos] = -1
                del stack[k:]
                break
    return delta


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="“”‘’「」『』《》（）()【】〈〉字。", max_size=60))
def test_pair_matching_is_what_it_was(text):
    from translator.prepare.segment import _pair_deltas

    assert _pair_deltas(text) == _old_pair_deltas(text)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("（（（《》》》", [(3, 4)]),  # openers never closed; closers nothing opened
        ("《a（b》c）", [(0, 4)]),  # the （ opened inside 《》 is dropped with it
        ("“a‘b”c’", [(0, 4)]),
        ("（a）（b", [(0, 2)]),
        ("》》（（a）", [(3, 5)]),
    ],
)
def test_unmatched_pairs(text, pairs):
    from translator.prepare.segment import _pair_deltas

    expected = {}
    for a, b in pairs:
        expected[a], expected[b] = 1, -1
    assert _pair_deltas(text) == expected


def test_many_unmatched_brackets_split_like_few():
    # 3 MB of this never finished when every closer rescanned the open pairs.
    n = 2_000
    text = "（字" * n + "》字。" * n
    spans = sentences(text)
    pieces = [text[s.start : s.end] for s in spans]
    assert "".join(pieces) == text
    # the unclosed （ never swallow the paragraph: every 。 ends a sentence (a 》 right after it joins it)
    ends = [p for p, s in zip(pieces, spans) if not s.joins_next]
    assert len(ends) == n and all(p.endswith(("。", "。》")) for p in ends)
    assert set(ends[1:-1]) == {"字。》"}
    # the first sentence is too long for one segment: cut mechanically
    assert all(s.end - s.start <= HARD_MAX for s in spans)
    assert [s.hard_cut for s in spans if s.joins_next] and all(s.hard_cut for s in spans if s.joins_next)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.integers(0, 500), max_size=40, unique=True).map(sorted), st.integers(0, 500), st.floats(0, 600))
def test_nearest_cut_is_what_min_chose(points, last, want):
    from translator.prepare.segment import _nearest_after

    expected = min((p for p in points if p > last), key=lambda p: abs(p - want), default=None)
    assert _nearest_after(points, last, want) == expected


def test_long_sentence_with_many_commas():
    n = 20_000
    text = "字，" * n + "。"
    spans = sentences(text)
    assert all(0 < s.end - s.start <= MAX_LEN for s in spans)
    assert "".join(text[s.start : s.end] for s in spans) == text
    assert [s.joins_next for s in spans] == [True] * (len(spans) - 1) + [False]
    assert not any(s.hard_cut for s in spans)
