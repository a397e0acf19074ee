"""Scrape damage: pinyin annotations, line-break markers, entities, metadata and footer lines."""

from __future__ import annotations

import pytest

from translator.prepare import furniture, pinyin, repair
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
    out, removed = pinyin.strip_pinyin(line)
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


# --- linear scans: the same answers as before, on inputs of the shapes that were slow ------


def _old_between_paragraphs(texts: list[str], i: int) -> bool:
    for t in texts[i + 1 :]:
        if not t:
            continue
        return len(t) > furniture.HEADING_MAX or t[-1] in furniture._SENTENCE_END
    return False


def test_body_follows_is_what_the_lookahead_said():
    import random

    rng = random.Random(8)
    pool = ["", "", "小标题", "正文很长。" * 10, "短句。", "x" * 31, "没有标点的行", "  ", "结尾：", "数字2020"]
    for _ in range(300):
        texts = [t.strip() for t in (rng.choice(pool) for _ in range(rng.randint(0, 30)))]
        assert furniture._body_follows(texts) == [_old_between_paragraphs(texts, i) for i in range(len(texts))]


def test_many_short_lines_are_classified():
    # 200k short lines took 128 s when every line copied the rest of the list.
    n = 5_000
    texts = ["第一部分", "这一段是正文，说明了情况。", "", "短行"] * n
    classified = furniture.classify(texts)
    assert classified.kinds[:5] == ["title", "paragraph", "paragraph", "paragraph", "heading"]
    # every 第一部分 but the title is a heading; 短行 is followed by another heading, not body
    assert classified.kinds.count("heading") == n - 1
    assert classified.kinds[-1] == "paragraph"


def _old_article_lines(text, headings=()):
    """The whole-text version article_lines replaced (one strip over the text, then split)."""
    stripped_text, hits = pinyin.strip_annotations(text)
    by_line: dict[int, list] = {}
    for k, annotation, note in hits:
        by_line.setdefault(k, []).append((annotation, note))
    out = []
    for k, (rawline, line) in enumerate(zip(text.split("\n"), stripped_text.split("\n"))):
        raw = rawline.strip(pinyin._EDGES)
        if raw and not raw.isspace():
            artefacts = by_line.get(k, [])
            out.append((raw, line.strip(pinyin._EDGES) if artefacts else raw, raw in headings, artefacts))
    return out


def test_article_lines_line_by_line_is_the_whole_text_strip():
    import random

    rng = random.Random(9)
    pool = ["產業(yè)", "發(fā)布", "(NFC)", "（含县）", "中(zhong)國", "\n", "\n\n", " ", "\u3000", "正文。", "(yè)", "字（yè）"]
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 25)))
        new = [(ln.raw, ln.original, ln.heading, [(r.text, r.detail) for r in ln.artefacts])
               for ln in pinyin.article_lines(text, {"產業"})]
        assert new == _old_article_lines(text, {"產業"}), text


class _ScanCounting(str):
    """A str that adds up how many characters its count() and rfind() calls scan."""

    scanned = 0

    def count(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        _ScanCounting.scanned += max(0, end - start)
        return str.count(self, sub, start, end)

    def rfind(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        _ScanCounting.scanned += max(0, end - start)
        return str.rfind(self, sub, start, end)


def test_annotations_on_one_long_line_scan_it_once():
    # Each annotation once looked back to the start of its line: quadratic on one long line.
    text = _ScanCounting("產業(yè)發展" * 5_000 + "\n" + "鄉(xiāng)村" * 5_000)
    _ScanCounting.scanned = 0
    out, hits = pinyin.strip_annotations(text)
    assert len(hits) == 10_000 and "(" not in out
    assert {k for k, _, _ in hits} == {0, 1}
    assert _ScanCounting.scanned <= 2 * len(text)


def test_annotation_context_stops_at_the_line_start():
    # 業 ends the first line; the annotation on the next line has no character before it.
    out, hits = pinyin.strip_annotations("產業\n(yè)業(yè)")
    assert out == "產業\n(yè)業" and [(k, a) for k, a, _ in hits] == [(1, "(yè)")]


def test_repeated_annotations_share_their_strings():
    lines = pinyin.article_lines("產業(yè)發展，產業(yè)振興。\n產業(yè)興旺。")
    found = [r for ln in lines for r in ln.artefacts]
    assert len(found) == 3 and len({id(r.text) for r in found}) == 1 and len({id(r.detail) for r in found}) == 1
