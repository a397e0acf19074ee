"""Issue 21 §1: a page's images with their captions, lists, quotes and tables become blocks of their
kind, in place, each with its attrs; text input and prose-only documents keep their shape."""

from __future__ import annotations

import json
import typing

from helpers.structure import CAPTION_1, CAPTION_2, CELLS, PAGE, PHOTO_1, PHOTO_2

from translator import vocabulary
from translator.document import Block, BlockKind, Document, json_chunks
from translator.prepare.pipeline import prepare_bytes, prepare_text


def _doc() -> Document:
    return prepare_bytes(PAGE.encode("utf-8"), name="harvest.html")


def test_the_block_kinds_are_the_vocabularys():
    assert typing.get_args(BlockKind) == vocabulary.BLOCK_KINDS
    assert set(vocabulary.STRUCTURE_KINDS) == {"image", "list_item", "quote", "table_cell"}


def test_each_piece_of_structure_is_a_block_of_its_kind_in_place():
    doc = _doc()
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [
        "paragraph", "image", "paragraph", "image", "paragraph", "list_item", "list_item", "paragraph",
        "list_item", "list_item", "quote", "paragraph", *["table_cell"] * 6, "paragraph",
    ]


def test_images_keep_an_absolute_src_their_alt_and_their_caption_as_segments():
    images = [b for b in _doc().blocks if b.kind == "image"]
    assert [b.attrs for b in images] == [{"src": PHOTO_1, "alt": "农民展示稻谷"}, {"src": PHOTO_2, "alt": "市民选购"}]
    assert [b.source for b in images] == [CAPTION_1, CAPTION_2]
    # the caption is text like any other: two sentences, two segments to translate and review
    assert [s.source for s in images[0].segments] == ["5月19日，在南昌市郊区，农民展示刚收获的稻谷。", "新华社记者 李梦馨 摄"]


def test_a_caption_is_not_also_a_paragraph():
    doc = _doc()
    paragraphs = [b.source for b in doc.blocks if b.kind == "paragraph"]
    assert CAPTION_1 not in paragraphs and CAPTION_2 not in paragraphs


def test_list_items_know_their_list_and_whether_it_is_ordered():
    items = [b for b in _doc().blocks if b.kind == "list_item"]
    assert [(b.source, b.attrs) for b in items] == [
        ("农产品展销会在主会场举行。", {"ordered": False, "list": 1}),
        ("农业技术讲座在分会场举行。", {"ordered": False, "list": 1}),
        ("上午九点举行开幕式。", {"ordered": True, "list": 2}),
        ("下午两点举行颁奖仪式。", {"ordered": True, "list": 2}),
    ]


def test_a_quote_is_a_quote_block():
    (quote,) = [b for b in _doc().blocks if b.kind == "quote"]
    assert quote.source == "丰收节是农民自己的节日，我们要把它办好。" and quote.attrs == {"quote": 1}


def test_table_cells_know_their_table_row_and_column():
    cells = [b for b in _doc().blocks if b.kind == "table_cell"]
    assert [(b.attrs["row"], b.attrs["col"], b.source) for b in cells] == [
        (r, c, CELLS[r - 1][c - 1]) for r in (1, 2) for c in (1, 2, 3)
    ]
    assert {b.attrs["table"] for b in cells} == {1}
    assert [bool(b.attrs.get("head")) for b in cells] == [True] * 3 + [False] * 3


def test_attrs_are_in_the_json_only_where_there_are_any_and_survive_a_round_trip():
    doc = _doc()
    d = json.loads(doc.to_json())
    image = next(b for b in d["blocks"] if b["kind"] == "image")
    assert image["src"] == PHOTO_1 and image["alt"] == "农民展示稻谷" and image["segments"]
    paragraph = next(b for b in d["blocks"] if b["kind"] == "paragraph")
    assert set(paragraph) == {"kind", "segments"}
    back = Document.from_dict(d)
    assert [(b.kind, b.attrs) for b in back.blocks] == [(b.kind, b.attrs) for b in doc.blocks]
    assert Block.from_dict({"kind": "paragraph", "segments": []}).attrs == {}


def test_the_streamed_json_has_the_attrs_too():
    doc = _doc()
    assert "".join(json_chunks([doc], many=False)) == json.dumps(doc.to_dict(), ensure_ascii=False, indent=2)


def test_text_input_stays_headings_and_paragraphs():
    doc = prepare_text("标题\n\n- 第一项内容在这里。\n\n> 引用的一句话。\n\n第二段的内容。", name="a.txt")
    assert {b.kind for b in doc.blocks} <= {"heading", "paragraph"}
    assert all(not b.attrs for b in doc.all_blocks())


def test_an_image_without_a_caption_is_left_out_whatever_its_alt():
    page = PAGE.replace(
        "<p>活动现场展示",
        '<p><img src="/logo.png"></p><p><img src="/flag.png" alt="中国"></p><p>活动现场展示',
    )
    doc = prepare_bytes(page.encode("utf-8"), name="p.html")
    images = [b for b in doc.blocks if b.kind == "image"]
    assert [(b.attrs["src"], b.source) for b in images] == [(PHOTO_1, CAPTION_1), (PHOTO_2, CAPTION_2)]
    assert "中国" not in [b.source for b in doc.blocks]


def test_a_line_after_an_image_is_its_caption_only_when_it_reads_as_one():
    page = PAGE.replace("<p>5月19日，市民在活动现场选购农产品。新华社记者 李梦馨 摄</p>", "<p>市民在活动现场选购农产品，场面热闹。</p>")
    doc = prepare_bytes(page.encode("utf-8"), name="p.html")
    assert [b.attrs["src"] for b in doc.blocks if b.kind == "image"] == [PHOTO_1]
    assert "市民在活动现场选购农产品，场面热闹。" in [b.source for b in doc.blocks if b.kind == "paragraph"]


def test_a_table_that_lays_out_the_page_stays_prose():
    """Old pages put the article in a table: its cells are paragraphs, not a table of data."""
    prose = "省农业农村厅负责人表示，今年全省粮食生产形势良好，农民收入持续增长，" * 4 + "各项工作稳步推进。"
    page = PAGE.replace(
        "<p>省农业农村厅负责人表示",
        f"<table><tr><td><p>{prose}</p><p>第二段内容也在同一个格子里。</p></td><td>导航</td></tr>"
        f"<tr><td>{prose}</td><td>更多</td></tr></table><p>省农业农村厅负责人表示",
    )
    doc = prepare_bytes(page.encode("utf-8"), name="p.html")
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert {b.attrs["table"] for b in cells} == {1} and len(cells) == 6  # the table of data is still one
    assert prose in [b.source for b in doc.blocks if b.kind == "paragraph"]


def test_attrs_never_overwrite_a_blocks_kind_or_segments():
    block = Block("quote", [], {"kind": "image", "segments": "x", "quote": 1})
    assert block.to_dict() == {"kind": "quote", "quote": 1, "segments": []}
