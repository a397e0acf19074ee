"""The sample article end to end: what the normalization issue's "done when" demands."""

from __future__ import annotations

import re

from translator.prepare.pipeline import prepare_bytes

# Every line of the site footer, as it appears in the original (Traditional) text.
FOOTER_LINES = [
    "稿件反饋",
    "中紙網版權與免責聲明",
    "該文章系轉載",
    "網友評論",
    "最新紙業(yè)資訊",
    "訪談",
    "紙業(yè)資訊排行",
    "最新求購",
    "南京中紙網資訊有限公司版權所有",
    "蘇公網安備",
    "視頻號",
    "抖音",
]
PINYIN_ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


def test_metadata(sample_doc):
    m = sample_doc.metadata
    assert m.title == "江西：特色产业扛起扶贫重任"
    assert m.date == "2020-06-04"
    assert m.source == "中国电子报"
    assert m.editor == "王磊"
    assert m.original_script == "zh-Hant"
    assert sample_doc.title is not None and sample_doc.title.source == m.title


def test_blocks(sample_doc):
    kinds = [b.kind for b in sample_doc.blocks]
    assert len(kinds) == 16
    assert kinds.count("heading") == 5 and kinds.count("paragraph") == 11
    headings = [b.source for b in sample_doc.blocks if b.kind == "heading"]
    assert headings == ["时光如鼓点催人奋进", "履责担当真抓实干", "特色产业特色扶贫", "设计服务成功量产", "信息化扶贫精准发力"]
    assert sample_doc.blocks[0].source.startswith("“脱贫攻坚工作我们必须持续用力")
    assert sample_doc.blocks[-1].source.startswith("行百里者半九十。")


def test_simplified_and_fullwidth(sample_doc):
    from translator.prepare.convert import to_simplified

    for seg in sample_doc.segments():
        assert to_simplified(seg.source) == seg.source
        # ASCII punctuation between Chinese characters is gone (the garbled span aside)
        if not seg.has_flag("mojibake"):
            assert not re.search(r"[\u4e00-\u9fff][,:;!][\u4e00-\u9fff]", seg.source), seg.source


def test_no_footer_in_blocks_and_all_footer_removed(sample_doc):
    body = "\n".join(s.original + s.source for s in sample_doc.segments())
    removed = "\n".join(r.text for r in sample_doc.removed if r.reason == "boilerplate")
    for line in FOOTER_LINES:
        assert line not in body
        assert line in removed, line
    for word in ("版权", "ICP", "免责", "评论", "Copyright"):
        assert word not in body


def test_metadata_lines_removed_with_reason(sample_doc):
    meta = [r.text for r in sample_doc.removed if r.reason == "metadata"]
    assert any("來源:中國電子報" in t for t in meta)
    assert any("責任編輯:王磊" in t for t in meta)


def test_zero_pinyin_annotations(sample_doc):
    for seg in sample_doc.segments():
        assert not PINYIN_ANNOTATION.search(seg.source), seg.source
        assert not PINYIN_ANNOTATION.search(seg.original), seg.original
    artefacts = [r for r in sample_doc.removed if r.reason == "artefact"]
    assert len(artefacts) > 100 and all(PINYIN_ANNOTATION.fullmatch(r.text) for r in artefacts)
    # real parentheses survive
    text = "".join(s.source for s in sample_doc.segments())
    assert "(含已摘帽贫困县)" in text and "(NFC)" in text


def test_garbled_spans_flagged_and_kept(sample_doc):
    flagged = [s for s in sample_doc.segments() if s.has_flag("mojibake")]
    assert len(flagged) == 2
    first = flagged[0]
    span = next(f.span for f in first.flags if f.code == "mojibake")
    assert span is not None
    assert "魇」ば艔d" in first.source[span[0] : span[1]]
    assert first.source.endswith("确保全面完成脱贫攻坚目标任务。")  # kept, not dropped or "fixed"
    # the original keeps the garbled run and the Traditional script, as found
    assert first.original.startswith("苯\ue3d3眨\ue0d8\ue147魇」ば艔d黨組書記、廳長楊貴平")
    assert first.original.endswith("確保全面完成脫貧攻堅目標任務。")
    second = flagged[1]
    assert "厝罕娒撠" in second.source
    unflagged = [s for s in sample_doc.segments() if not s.has_flag("mojibake")]
    assert len(unflagged) > 40


def test_gb18030_gives_identical_blocks(sample_doc, sample_bytes):
    text = sample_bytes.decode("utf-8")
    # The garbled span holds private-use characters; GB18030 encodes them too.
    gb = prepare_bytes(text.encode("gb18030"), name="sample-gb18030.txt")
    assert gb.input["encoding"] == "gb18030"
    assert [b.to_dict() for b in gb.blocks] == [b.to_dict() for b in sample_doc.blocks]
    assert gb.metadata == sample_doc.metadata


def test_segment_ids_stable_and_unique(sample_doc, sample_bytes):
    again = prepare_bytes(sample_bytes, name="again.txt")
    ids = [s.id for s in sample_doc.segments()]
    assert ids == [s.id for s in again.segments()]
    assert len(set(ids)) == len(ids)


def test_long_sentences_split_and_marked(sample_doc):
    for seg in sample_doc.segments():
        assert len(seg.source) <= 160, seg.source
    joined = [s for s in sample_doc.segments() if s.joins_next]
    assert joined, "the sample has sentences over 150 characters"
    for block in sample_doc.blocks:
        for seg in block.segments[:-1]:
            if seg.joins_next:
                assert seg.source[-1] in "，；"
        assert not block.segments[-1].joins_next


def test_json_roundtrip(sample_doc):
    from translator.document import Document

    again = Document.from_dict(sample_doc.to_dict())
    assert again.to_dict() == sample_doc.to_dict()


def test_garbled_lines_next_to_each_other_are_flagged_each_in_place():
    from translator.prepare.pipeline import prepare_text

    garbled = "地群众脱贫致富的步伐比如说".encode().decode("gbk", errors="replace")
    doc = prepare_text(f"标题\n\n第一段正常。{garbled}。\n\n{garbled}第二段也有。\n\n第三段完全正常的句子。")
    flagged = [(b.kind, s.source) for b in doc.blocks for s in b.segments if s.has_flag("mojibake")]
    assert len(flagged) == 2 and flagged[0][1] != flagged[1][1]
    for b in doc.blocks:
        for s in b.segments:
            for f in s.flags:
                a, e = f.span
                assert 0 <= a < e <= len(s.source)
    assert not any(s.flags for s in doc.blocks[-1].segments)
