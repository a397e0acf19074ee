"""OpenCC conversion and punctuation: what changes and what must stay untouched."""

from __future__ import annotations

import pytest

from translator.errors import TranslatorError
from translator.prepare.convert import detect_script, fullwidth_punctuation, punctuation_map, to_simplified


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
