"""Garbled-span detection: real rare-character text stays clean, encoding round trips are caught."""

from __future__ import annotations

import pytest

from translator.prepare.garble import find_garbled

CLEAN = [
    "枳壳、钩藤、栀子、黄精等江西道地中药材，种植面积达到3500多亩。",
    "狗牯脑名茶产自遂川县汤湖镇，蓑衣佬农业开发有限公司参与合作。",
    "鄱阳湖畔的婺源县篁岭村晒秋，赣南脐橙远销海外。",
    "彝族、傈僳族、佤族、畲族、仡佬族、鄂温克族代表出席会议。",
    "龃龉、踟蹰、饕餮、魑魅魍魉、耄耋都是难字。",
    "钽铌、钨钼、铷铯等稀有金属，氟盐化工和玻纤复合材料。",
    "支持省内涉农APP平台建设，推荐“江西供销e家农村电商平台服务项目”。",
    "《100%非浓缩还原(NFC)橙汁生产技术规范》江西省地方标准。",
    "𠀀𠀁是扩展B区的字，出现一两个不算乱码。",
]


@pytest.mark.parametrize("text", CLEAN)
def test_rare_but_real_text_is_not_flagged(text):
    assert find_garbled(text) == []


ORIGINAL = "带动了当地群众脱贫致富的步伐比如说遂川县"


@pytest.mark.parametrize(
    "garbled",
    [
        ORIGINAL.encode("utf-8").decode("gbk", errors="replace"),  # UTF-8 read as GBK
        ORIGINAL.encode("gbk").decode("big5", errors="replace"),  # GBK read as Big5
        ORIGINAL.encode("utf-8").decode("big5", errors="replace"),  # UTF-8 read as Big5
    ],
)
def test_wrong_encoding_round_trips_are_flagged(garbled):
    text = f"这是正常的句子，{garbled}，后面也正常。"
    spans = find_garbled(text)
    assert len(spans) == 1
    a, b = spans[0]
    assert text[:a].startswith("这是正常的句子") and text[b:].endswith("后面也正常。")
    assert b - a >= len(garbled) * 0.6  # most of the damage is inside the span
