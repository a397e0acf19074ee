"""Extraction, issue 21 sections 2 and 3: a short article under a breadcrumb keeps its body, and each
class of furniture still kept until now goes, each on a small page written for it.

The pages are small, well-formed HTML of the shapes the issue names (a
``<nav>`` breadcrumb over an ``<article>``; a brief followed by
recommendation feeds; a video player's controls; platform disclaimers; a
metadata field running into furniture; a subtitle repeated as the first
paragraph; site names in titles; an index page; a date under the headline
beside dates in a related list).  Everything cut is under ``removed`` with
its reason: nothing disappears.
"""

from __future__ import annotations

from pathlib import Path

from translator.document import Document
from translator.prepare import furniture
from translator.prepare.pipeline import prepare_bytes, prepare_text

PAGES = Path(__file__).parent / "pages"


def _body(doc: Document) -> list[str]:
    return [b.source for b in doc.blocks]


def _removed(doc: Document) -> dict[str, tuple[str, str]]:
    return {r.text: (r.reason, r.detail) for r in doc.removed}


# --- 2. a short article lost whole ------------------------------------------------------------


def test_a_short_article_under_a_breadcrumb_keeps_its_body():
    doc = prepare_bytes((PAGES / "short-under-breadcrumb.html").read_bytes(), name="short.html")
    assert _body(doc) == ["市中心的新公园今天开放。", "市民们纷纷前来游玩。", "公园面积约二十公顷。"]
    assert doc.metadata.title == "新公园今天开放" and doc.metadata.date == "2024-05-20"
    assert _removed(doc)["首页 > 城市"] == ("boilerplate", "navigation / share bar")
    assert not doc.flags


def test_the_same_page_with_five_paragraphs_is_kept_the_same_way():
    page = (PAGES / "short-under-breadcrumb.html").read_text(encoding="utf-8")
    more = page.replace("<p>公园面积约二十公顷。</p>", "<p>公园面积约二十公顷。</p><p>园内种有三百棵樱花树。</p><p>开放时间为早六点至晚十点。</p>")
    doc = prepare_bytes(more.encode(), name="short5.html")
    assert _body(doc)[-2:] == ["园内种有三百棵樱花树。", "开放时间为早六点至晚十点。"] and len(_body(doc)) == 5


def test_a_removal_that_would_leave_the_body_empty_is_held_back_and_flagged():
    # The joined line a fallback extraction gives (no page to re-cut it by): a breadcrumb at its start.
    line = "首页 > 城市 新公园今天开放 本报记者 王明 2024-05-20 市中心的新公园今天开放。市民们纷纷前来游玩。公园面积约二十公顷。"
    doc = prepare_text(line + "\n")
    assert _body(doc) == [line]
    assert [f.code for f in doc.flags] == ["cleaning_kept"]
    assert "首页 > 城市" in doc.flags[0].message and "0 characters" in doc.flags[0].message
    # a page that is furniture only keeps nothing and says nothing: there is no prose to hold back
    doc = prepare_text("首页 > 城市\n分享到\n")
    assert _body(doc) == [] and not doc.flags


def test_a_line_is_cut_back_only_into_the_pages_own_lines():
    from translator.prepare.html import _resplit

    html = "<html><body><div>甲乙 丙</div><p>丁戊</p></body></html>"
    assert _resplit([("甲乙 丙 丁戊", False, False)], html) == [("甲乙 丙", False, False), ("丁戊", False, False)]
    assert _resplit([("甲乙 丙 丁", False, False)], html) == [("甲乙 丙 丁", False, False)]  # not exactly those lines
    assert furniture.BODY_MIN > 0
