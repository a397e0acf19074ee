"""Extraction fidelity, HTML side: pages recognised from the whole document, nothing of the
extractor's XML dropped (tail text), lines that are only links told apart."""

from __future__ import annotations

import pytest

from translator.prepare import html as page_html
from translator.prepare.html import is_html
from translator.prepare.ingest import read
from translator.prepare.pipeline import prepare_bytes

P1 = "今年以来，全省各地持续推进乡村振兴工作，农民收入稳步增长，农村面貌焕然一新，群众的获得感不断增强。"
P2 = "据介绍，该省今年共安排专项资金三十亿元，重点支持特色产业发展和农村基础设施建设，成效十分明显。"
P3 = "下一步，相关部门将继续加大投入力度，完善长效机制，确保各项政策措施落地见效，让群众得到更多实惠。"
ARTICLE = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"


def _body(doc) -> str:
    return "\n".join(b.source for b in doc.blocks)


# --- 1. HTML recognised from the document as a whole -------------------------------------

PAGES = {
    "xml declaration": f'<?xml version="1.0" encoding="utf-8"?>\n<html><body>{ARTICLE}</body></html>',
    "title first": f"<title>乡村振兴见成效</title>\n<meta charset='utf-8'>\n<body>{ARTICLE}</body>",
    "link first": f"<link rel='stylesheet' href='a.css'>\n<body><div>{ARTICLE}</div></body>",
    "script first": f"<script>var a = 1;</script>\n<html><head></head><body>{ARTICLE}</body></html>",
    "table first, no html or body": f"<table><tr><td>导航</td><td>首页</td></tr></table><div>{ARTICLE}</div><br><span>x</span>",
    "CleanEval first line": f'<text id="http://example.cn/a.html" title="乡村振兴见成效" encoding="gb2312">\n<html><body>{ARTICLE}</body></html>\n</text>\n',
    "saved-page comment": f"<!-- saved from url=(0040)http://example.cn/news/a.html -->\n<script>x</script><html><body>{ARTICLE}</body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_are_recognised_whatever_they_start_with(name):
    page = PAGES[name]
    assert is_html(page)
    doc = prepare_bytes(page.encode("utf-8"), name="p.html")
    assert doc.input["format"] == "html"
    body = _body(doc)
    assert P1 in body and P3 in body
    assert "<" not in body and "var a" not in body  # no markup, no script in the article


@pytest.mark.parametrize(
    "text",
    [
        "标题\n\n正文第一段。<br>正文第二段。",  # a stray tag or two in a scraped text
        "标题\n\n<p>正文第一段。</p>\n\n<p>第二段。</p>",
        "文中提到 a < b 和 c > d 的比较。",
        "<pre>x</pre>",
        "<b>加粗</b>" * 50,  # many tags, one element: not a page
    ],
)
def test_plain_text_with_stray_tags_is_not_a_page(text):
    assert not is_html(text)


def test_a_page_is_told_in_one_pass_however_many_tags(monkeypatch):
    # Every tag is looked at once, and the scan stops at the 10th tag of 3 kinds.
    counted = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, text):
            for m in self.pattern.finditer(text):
                counted.append(m)
                yield m

    monkeypatch.setattr(page_html, "_PAGE_TAG", Counting(page_html._PAGE_TAG))
    assert is_html("导航 " + "<div><span>x</span><p>y</p></div>" * 1000)
    assert len(counted) == page_html.PAGE_TAGS_MIN
    counted.clear()
    assert not is_html("正文 " + "<b>加粗</b>" * 1000)
    assert len(counted) == 2000


def test_archive_wrapper_is_taken_off_and_its_title_used():
    html, title = page_html.unwrap_archive(PAGES["CleanEval first line"])
    assert html.lstrip().startswith("<html>") and html.rstrip().endswith("</html>")
    assert title == "乡村振兴见成效"
    assert page_html.unwrap_archive("<html></html>") == ("<html></html>", None)


def test_a_wrapped_page_without_html_or_body_keeps_its_article():
    # The archiver's line and a page that opens with a form: the parser put it all inside <text>.
    page = (
        '<text id="http://blog.example.cn/1.aspx" title="很高兴入住博客堂" encoding="unset">\n'
        "<form name='f'><input type='hidden' name='v' value=''/>"
        f"<div id='top'><h1><a href='/'>某某的博客</a></h1></div><div class='post'>{ARTICLE}</div></form>\n</text>"
    )
    doc = prepare_bytes(page.encode("utf-8"), name="w.html")
    assert P1 in _body(doc) and P3 in _body(doc)
    assert doc.metadata.title == "很高兴入住博客堂"


# --- 4. text after a paragraph element is kept ----------------------------------------------


def test_tail_text_after_a_paragraph_is_kept():
    page = f"<html><body><article>{ARTICLE}预祝大会圆满成功！</article></body></html>"
    raw = read(page.encode("utf-8"), name="t.html")
    lines = raw.text.split("\n\n")
    assert lines[-1] == "预祝大会圆满成功！"
    assert lines.count(P1) == 1  # each piece of text once


def test_nested_blocks_give_each_text_once_and_line_breaks_split_lines():
    lines = page_html._block_lines(
        __import__("lxml.etree", fromlist=["etree"]).fromstring(
            "<main><table><row><cell>今<p>日</p>推荐</cell></row></table>"
            "<p>第一行<lb/>第二行</p><p>甲<ref target='x'>链接</ref>乙</p>尾巴</main>"
        )
    )
    assert [t for t, _, _ in lines] == ["今", "日", "推荐", "第一行", "第二行", "甲链接乙", "尾巴"]


# --- lines that are nothing but links -------------------------------------------------------


def test_lines_of_links_are_told_and_removed_as_navigation():
    related = "".join(
        f"<p>·<a href='/n{k}.html'>相关报道标题第{k}条</a> (2005-04-2{k} 14:32PM)</p>" for k in range(1, 4)
    )
    page = f"<html><body><article>{ARTICLE}<p>相关报道：</p>{related}</article></body></html>"
    raw = read(page.encode("utf-8"), name="l.html")
    assert raw.links == tuple(f"·相关报道标题第{k}条 (2005-04-2{k} 14:32PM)" for k in range(1, 4))
    assert P1 not in raw.links
    doc = prepare_bytes(page.encode("utf-8"), name="l.html")
    assert "相关报道标题" not in _body(doc)
    assert {r.detail for r in doc.removed if "相关报道标题" in r.text} <= {"site footer", "navigation / related links"}
