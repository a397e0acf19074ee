"""Scrape damage: pinyin annotations, line-break markers, entities, metadata and footer lines."""

from __future__ import annotations

import pytest

from translator.prepare import annotations, furniture, repair
from translator.prepare.pipeline import prepare_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("產業(yè)扶貧", "產業扶貧"),
        ("發(fā)布日期", "發布日期"),
        ("鄉(xiāng)村振興", "鄉村振興"),
        ("全角括號（yè）業（yè）", "全角括號（yè）業"),  # 號 is not read yè; 業 is
        ("(以下簡(jiǎn)稱“方案”)", "(以下簡稱“方案”)"),  # inside real parentheses
        ("(NFC)橙汁", "(NFC)橙汁"),  # Latin in parentheses stays
        ("人工智能(AI)產業", "人工智能(AI)產業"),  # "ai" is a syllable, but not a reading of 能
        ("(含已摘帽貧困縣)", "(含已摘帽貧困縣)"),
        ("中國(zhōng guó)", "中國"),  # a multi-syllable annotation
        ("中(zhong)國", "中國"),  # toneless annotation naming a real reading
        ("中(zhòng)國", "中國"),  # a heteronym reading
        ("中(xyz)國", "中(xyz)國"),  # not pinyin
        ("中(mā)國", "中(mā)國"),  # pinyin, but not a reading of 中
        ("𠀀(hē)字", "𠀀字"),  # CJK Extension B, first code point (U+20000)
        ("𪛖(qiū)字", "𪛖(qiū)字"),  # Extension B, last code point: no known reading, kept
        ("鄉(xiɑ̄nɡ)村", "鄉村"),  # IPA script a/g (and a combining macron) used by some sites
    ],
)
def test_strip_pinyin(line, expected):
    out, removed = annotations.strip_pinyin(line)
    assert out == expected
    # what was cut is exactly what went missing, recorded piece by piece
    assert len(out) + sum(len(r.text) for r in removed) == len(line)
    assert bool(removed) == (out != line)
    assert all(r.reason == "artefact" for r in removed)


def test_literal_crlf_becomes_paragraph_break():
    doc = prepare_text("标题一行\n\n第一段内容很长很长的句子。x0dx0a第二段也是完整的句子。x0dx0ax0dx0a第三段。")
    paragraphs = [b.source for b in doc.blocks]
    assert paragraphs == ["第一段内容很长很长的句子。", "第二段也是完整的句子。", "第三段。"]
    assert any(r.reason == "artefact" and "x0dx0a" in r.text for r in doc.removed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说&#0147;你好&#0148;。", "他说“你好”。"),  # Windows-1252 numeric references
        ("他说&#x93;你好&#x94;。", "他说“你好”。"),
        ("A&amp;B公司&nbsp;成立。", "A&B公司 成立。"),
        ("价格&mdash;上涨。", "价格—上涨。"),
    ],
)
def test_entities_in_text(text, expected):
    out, _ = repair.repair_text(text)
    assert out == expected


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("发布日期：2020-06-04   来源：中国电子报", {"date": "2020-06-04", "source": "中国电子报"}),
        ("发布时间：2020年6月4日 10:30 作者：张三", {"date": "2020-06-04", "author": "张三"}),
        ("【来源：新华网】", {"source": "新华网"}),
        ("责任编辑：王磊", {"editor": "王磊"}),
        ("日期:2019/12/31", {"date": "2019-12-31"}),
        ("这是一段正文，提到了来源：不是元数据的长句子，因为它前面有正文。", None),
        ("发布日期：2020-13-45", None),  # not a real date
    ],
)
def test_parse_metadata(line, fields):
    assert furniture.parse_metadata(line) == fields


def test_breadcrumb_share_and_footer_removed():
    text = "\n".join(
        [
            "当前位置：首页 > 新闻中心 > 行业动态",
            "纸价上涨",
            "发布日期：2021-03-01 来源：中华纸业网",
            "分享到：",
            "今年以来，纸价持续上涨，多家纸企发布涨价函。",
            "业内人士认为，涨价趋势仍将持续。",
            "相关新闻",
            "纸价再涨200元",
            "Copyright © 2002-2021 某某网 版权所有",
        ]
    )
    doc = prepare_text(text)
    assert doc.metadata.title == "纸价上涨"
    assert doc.metadata.date == "2021-03-01" and doc.metadata.source == "中华纸业网"
    assert [b.source for b in doc.blocks] == ["今年以来，纸价持续上涨，多家纸企发布涨价函。", "业内人士认为，涨价趋势仍将持续。"]
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["当前位置：首页 > 新闻中心 > 行业动态"] == "boilerplate"
    assert reasons["分享到："] == "boilerplate"
    assert reasons["相关新闻"] == "boilerplate"
    assert reasons["纸价再涨200元"] == "boilerplate"
    assert reasons["发布日期：2021-03-01 来源：中华纸业网"] == "metadata"


def test_heading_needs_body_after_it():
    doc = prepare_text("标题\n\n第一段。\n\n小标题\n\n第二段正文。\n\n结尾没有标点的一行")
    kinds = [(b.kind, b.source) for b in doc.blocks]
    assert kinds == [
        ("paragraph", "第一段。"),
        ("heading", "小标题"),
        ("paragraph", "第二段正文。"),
        ("paragraph", "结尾没有标点的一行"),
    ]


def test_nothing_disappears_without_trace():
    text = "标题\n发布日期：2020-01-01\n正文产(chǎn)品很好。\n稿件反馈\n免责声明文字。"
    doc = prepare_text(text)
    kept = "".join(s.original for s in doc.segments())
    removed = "".join(r.text for r in doc.removed)
    for piece in ("标题", "发布日期：2020-01-01", "(chǎn)", "稿件反馈", "免责声明文字。"):
        assert piece in kept or piece in removed
