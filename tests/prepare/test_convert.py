"""OpenCC conversion and punctuation: what changes and what must stay untouched."""

from __future__ import annotations

import pytest

from translator.errors import TranslatorError
from translator.prepare.convert import (
    OriginalPositions,
    detect_script,
    fullwidth_punctuation,
    punctuation_lines,
    punctuation_map,
    to_simplified,
)


@pytest.mark.parametrize(
    ("config", "text", "expected"),
    [
        ("t2s", "產業扶貧", "产业扶贫"),
        ("t2s", "臺灣的軟體", "台湾的软体"),
        ("tw2sp", "臺灣的軟體", "台湾的软件"),  # Taiwan phrases
        ("hk2s", "資訊科技", "资讯科技"),
        ("none", "產業", "產業"),
        ("t2s", "已是简体字", "已是简体字"),
    ],
)
def test_opencc_configs(config, text, expected):
    assert to_simplified(text, config) == expected


def test_unknown_config_is_a_clear_error():
    with pytest.raises(TranslatorError, match="unknown OpenCC config 'x2y'"):
        to_simplified("字", "x2y")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("江西:特色产业", "江西：特色产业"),
        ("工作,做到", "工作，做到"),
        ("工作!苯", "工作！苯"),
        ("你好?我们", "你好？我们"),
        ("第一;第二", "第一；第二"),
        ("支持APP,参加", "支持APP，参加"),
        # untouched: numbers, times, Latin, URLs, full-width digits, Extension B
        ("1,000元", "1,000元"),
        ("10:30开会", "10:30开会"),
        ("Hello, world! OK?", "Hello, world! OK?"),
        ("见http://example.com/a,b?x=1", "见http://example.com/a,b?x=1"),
        ("共１２３４５个", "共１２３４５个"),
        ("《人民日报》", "《人民日报》"),
        ("𠀀,𪛖", "𠀀，𪛖"),
        ("当?shù厝", "当?shù厝"),  # a "?" glued to Latin letters is a lost character
        ("2020-06-04", "2020-06-04"),
    ],
)
def test_fullwidth_punctuation(text, expected):
    assert fullwidth_punctuation(text) == expected


def test_punctuation_map_offsets_point_into_the_input():
    text = "发布日期 : 2020年 , 来源:报"
    out, offsets = punctuation_map(text)
    assert out == "发布日期：2020年，来源：报"  # the spaces around the marks go with them
    assert len(offsets) == len(out) + 1
    for i, ch in enumerate(out):
        if ch not in "：，":
            assert text[offsets[i]] == ch


def test_detect_script():
    assert detect_script("產業扶貧", to_simplified("產業扶貧")) == "zh-Hant"
    assert detect_script("产业扶贫", "产业扶贫") == "zh-Hans"
    assert detect_script("abc", "abc") is None


# --- punctuation on many lines: each line as if alone, in one pass --------------------------


class _ScanCounting(str):
    """A str that adds up how many characters its count() calls scan."""

    scanned = 0

    def count(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        _ScanCounting.scanned += max(0, end - start)
        return str.count(self, sub, start, end)


def test_punctuation_lines_is_punctuation_map_per_line():
    import random

    rng = random.Random(10)
    pool = ["字", "字 , 字", "APP,支持", " ; ", "10:30", "\n", "好 !", "a, b", "，", "http://x"]
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        out, offsets = punctuation_lines(text)
        expected = [punctuation_map(line) for line in text.split("\n")]
        assert out.split("\n") == [e[0] for e in expected]
        assert offsets == {k: e[1] for k, e in enumerate(expected) if e[1] is not None}


def test_punctuation_lines_counts_lines_once():
    # Every spaced mark once counted the line breaks from the start of the text.
    text = _ScanCounting("字 , 字\n" * 5_000)
    _ScanCounting.scanned = 0
    out, offsets = punctuation_lines(text)
    assert out == "字，字\n" * 5_000 and len(offsets) == 5_000
    assert _ScanCounting.scanned <= len(text)


# --- where converted text came from ----------------------------------------------------------


@pytest.mark.parametrize(
    "original",
    [
        "記憶體和軟體很好。",
        "他們的記憶體和軟體很好，做得不錯。" * 30,
        "詹姆斯·卡麥隆拍的電影，記憶體 ; 軟體 !",
        "SQL隱碼攻擊和B型肝炎，老年失智症。",
        "記憶體" * 100,  # one word run, longer than a piece
        "",
        "沒有變長的句子。",
    ],
)
def test_original_positions_map_piece_edges_exactly(original):
    where = OriginalPositions(original, "tw2sp")
    converted = to_simplified(original, "tw2sp")
    assert where(0) == 0 and where(len(converted)) == len(original)
    positions = [where(p) for p in range(len(converted) + 1)]
    assert positions == sorted(positions)  # monotone: consecutive spans never overlap
    # After each mark, the original of what came before converts to what came before.
    for p, ch in enumerate(converted):
        if ch in "。，；！ ":
            o = where(p + 1)
            assert to_simplified(original[:o], "tw2sp") == converted[: p + 1], (original, p)


def test_original_positions_convert_each_character_a_bounded_number_of_times(monkeypatch):
    from translator.prepare import convert

    original = "他們的記憶體和軟體很好，做得不錯。" * 2_000
    converted = to_simplified(original, "tw2sp")
    seen = 0
    real = convert.to_simplified

    def counting(text, config="t2s"):
        nonlocal seen
        seen += len(text)
        return real(text, config)

    monkeypatch.setattr(convert, "to_simplified", counting)
    where = OriginalPositions(original, "tw2sp")
    ends = [p + 1 for p, ch in enumerate(converted) if ch == "。"]
    assert [where(e) for e in ends] == [17 * (k + 1) for k in range(2_000)]
    assert seen <= 3 * len(original)


@pytest.mark.parametrize("config", ["t2s", "tw2sp", "hk2s", "none"])
def test_nul_never_ends_the_conversion(config):
    # OpenCC's tw2sp and hk2s dropped everything after a NUL.
    assert to_simplified("字\x00後面的文字\n\x00下一行", config) == to_simplified("字", config) + "\x00" + to_simplified(
        "後面的文字\n", config
    ) + "\x00" + to_simplified("下一行", config)
    assert len(to_simplified("\x00" * 3 + "軟體", config)) == 5
