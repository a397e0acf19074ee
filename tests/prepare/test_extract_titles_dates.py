"""Extraction fidelity: titles without the site's name, the byline's date over the extractor's guess."""

from __future__ import annotations

import pytest

from translator.prepare import html as page_html
from translator.prepare.pipeline import prepare_bytes, prepare_text

P1 = "今年以来，全省各地持续推进乡村振兴工作，农民收入稳步增长，农村面貌焕然一新，群众的获得感不断增强。"
P2 = "据介绍，该省今年共安排专项资金三十亿元，重点支持特色产业发展和农村基础设施建设，成效十分明显。"
P3 = "下一步，相关部门将继续加大投入力度，完善长效机制，确保各项政策措施落地见效，让群众得到更多实惠。"


def _page(title: str, *, head: str = "", before: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title>{head}</head><body>{before}"
        f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"
    ).encode()


# --- 6. titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("中央军委主席签署命令 发布新规定-新华网", "中央军委主席签署命令 发布新规定"),
        ("中央军委主席签署命令 发布新规定_央广网", "中央军委主席签署命令 发布新规定"),
        ("拿起跨界“指挥棒”她跟学生“较着劲儿”成长--大河网", "拿起跨界“指挥棒”她跟学生“较着劲儿”成长"),
        ("投身外交(3)_读书频道_新浪网", "投身外交(3)"),
        ("从原子弹爆炸原理想开去 - 奇闻异事 - 雅虎社区", "从原子弹爆炸原理想开去"),
        ("多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业", "播客热潮迅速蔓延 挑逗传统传媒业"),
        ("土豆不“土” 土豆无“土” 松花江网", "土豆不“土” 土豆无“土”"),
        ("工商部门初定SK-II广告属于虚假宣传-搜狐财经", "工商部门初定SK-II广告属于虚假宣传"),  # a hyphen inside stays
        ("新华网", "新华网"),
    ],
)
def test_titles_lose_the_site_part(title, expected):
    assert page_html.strip_site(title) == expected
    assert prepare_bytes(_page(title), name="t.html").metadata.title == expected


def test_the_h1_that_matches_the_title_minus_its_site_part_is_preferred():
    page = _page("江苏多地要求师生暂不返校_新闻频道_央广网", before="<h1>央广网</h1><h1>江苏多地要求师生“暂不返校”</h1>")
    assert prepare_bytes(page, name="h.html").metadata.title == "江苏多地要求师生“暂不返校”"


def test_og_title_matching_the_title_is_used_without_its_site_part():
    head = "<meta property='og:title' content='马克龙在莫斯科与普京会面 - 法国报纸摘要'>"
    page = _page("马克龙在莫斯科与普京会面 - 法国报纸摘要", head=head)
    assert prepare_bytes(page, name="o.html").metadata.title == "马克龙在莫斯科与普京会面"


def test_a_site_name_as_title_gives_way_to_the_headline_the_article_repeats():
    page = (
        "<html><head><title>某某网</title></head><body><h1>某某网</h1><article>"
        f"<p>“厕所革命”改善农牧区人居环境</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"
    ).encode()
    title = page_html.page_title(page.decode(), "某某网", ["“厕所革命”改善农牧区人居环境", P1])
    assert title == "某某网"  # nothing matches the <title>, and the article repeats no candidate
    title = page_html.page_title(page.decode(), "“厕所革命”改善农牧区人居环境", ["“厕所革命”改善农牧区人居环境", P1])
    assert title == "“厕所革命”改善农牧区人居环境"


# --- 7. dates ------------------------------------------------------------------------------


def test_the_byline_date_wins_over_the_markup_and_says_so():
    head = "<meta name='date' content='2005-01-01'>"
    page = _page("标题", head=head, before="<div>2005-04-27 14:32更新 来源：千龙新闻网</div>")
    doc = prepare_bytes(page, name="d.html")
    assert doc.metadata.date == "2005-04-27"
    assert doc.metadata.date_source == "byline"
    assert doc.metadata.source == "千龙新闻网"


def test_a_metadata_line_date_says_so():
    doc = prepare_text("\n".join(["标题", "发布日期：2020-06-04 来源：中国电子报", P1]))
    assert (doc.metadata.date, doc.metadata.date_source) == ("2020-06-04", "metadata line")
    assert doc.metadata.to_dict()["date_source"] == "metadata line"


def test_without_a_byline_the_markup_date_says_so():
    doc = prepare_bytes(_page("标题", head="<meta name='date' content='2021-03-01'>"), name="m.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2021-03-01", "html meta")


def test_without_any_date_there_is_no_date_source():
    doc = prepare_text("\n".join(["标题", P1]))
    assert doc.metadata.date is None and "date_source" not in doc.metadata.to_dict()


def test_a_date_the_page_writes_in_its_text_is_found_by_the_extractor():
    # A forum post's "发布时间 2005/05/17" outside the extracted article: htmldate's
    # extensive search finds it, and the page writes it out in full.
    page = _page("标题", before="<div class='info'>〓 网易娱乐 发布时间 2005/05/17 22:11:42 by 某人 〓</div>")
    doc = prepare_bytes(page, name="f.html")
    assert doc.metadata.date == "2005-05-17"
