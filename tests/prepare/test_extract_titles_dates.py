"""Extraction fidelity: titles without the site's name, the byline's date over the extractor's guess."""

from __future__ import annotations

import pytest

from translator.prepare import furniture
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


# --- issue 21: dates the page states in other ways --------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("时间：2024.05.20", "2024-05-20"),
        ("2024年5月20日", "2024-05-20"),
        ("2024-5-20 08:00", "2024-05-20"),
        ("9/17/2004 5:54:13 AM", "2004-09-17"),  # month/day/year, as an American-locale server prints it
        ("7/5/2005 9:23:57 PM", "2005-07-05"),
        ("13/17/2004", None),  # no month 13
        ("1/2/3/2004", None),  # a path, not a date
    ],
)
def test_dates_in_the_formats_pages_write_them(text, iso):
    assert furniture.parse_date(text) == iso


def test_a_metadata_line_with_markup_debris_in_its_empty_fields_still_gives_its_date():
    # An ASP page printed its empty author and source fields as the attribute that followed them.
    line = '作者： size="20"  来源： size="20"  发布日期： 9/17/2004 5:54:13 AM'
    assert furniture.parse_metadata(line) == {"date": "2004-09-17"}
    doc = prepare_text("\n".join(["孙丰：巴黎举行座谈会", line, P1, P2]))
    assert (doc.metadata.date, doc.metadata.date_source) == ("2004-09-17", "metadata line")
    assert doc.metadata.source is None and doc.metadata.author is None
    assert furniture.parse_metadata("记者：你通过什么渠道了解到的？") is None  # a question is still no byline


@pytest.mark.parametrize(
    "head",
    [
        "<meta property='article:published_time' content='2022-02-13T08:30:00+08:00'>",
        "<meta name='PubDate' content='2022-02-13 08:30'>",
        "<meta itemprop='datePublished' content='2022-02-13'>",
    ],
)
def test_the_date_the_markup_declares_is_read(head):
    doc = prepare_bytes(_page("标题", head=head), name="m.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-02-13", "html meta")


def test_a_newspaper_cms_comment_declares_the_date():
    # Founder's CMS writes the article's properties into a comment after its text.
    page = _page("标题", before="").replace(
        b"</article>", b"</article><!--enpproperty <date>2022-02-13 00:00:00:0</date><author></author>/enpproperty-->"
    )
    doc = prepare_bytes(page, name="c.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-02-13", "html meta")


def test_the_date_under_the_headline_wins_over_the_declared_one():
    head = "<meta property='article:published_time' content='2022-01-28T09:00:00+08:00'>"
    page = _page("标题", head=head, before="<div>时间：2022.01.27</div>")
    doc = prepare_bytes(page, name="u.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-01-27", "metadata line")


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://chanye.finance.sina.com.cn/sm/2005-03-21/244339.shtml", "2005-03-21"),
        ("http://www.xinhuanet.com/jizhe/2005-08/16/content_4894059.htm", "2005-08-16"),
        ("http://blog.example.com/archive/2005/07/31/255509.aspx", "2005-07-31"),
        ("http://business.sohu.com/20050311/n224643115.shtml", "2005-03-11"),
        ("http://www.people.com.cn/n1/2022/0213/c1001-32351234.html", "2022-02-13"),
        ("https://www.rfi.fr/cn/column/20220206-title", "2022-02-06"),
        ("http://www.sohu.com/a/434365209_123753", None),  # an id, not a date
        ("http://example.com/news/20051399/x.html", None),  # no month 13
        (None, None),
    ],
)
def test_the_date_an_address_states(url, iso):
    assert page_html.url_date(url) == iso


def test_without_any_date_in_the_page_its_address_gives_one():
    page = b'<text id="http://business.sohu.com/20050311/n224643115.shtml" title="t" encoding="utf-8">\n' + _page("标题")
    doc = prepare_bytes(page + b"\n</text>", name="a.html")
    assert doc.metadata.url == "http://business.sohu.com/20050311/n224643115.shtml"  # the archiver's address
    assert (doc.metadata.date, doc.metadata.date_source) == ("2005-03-11", "url")
    dated = _page("标题", before="<div>2005-04-27 14:32更新 来源：千龙新闻网</div>")
    doc = prepare_bytes(page.replace(_page("标题"), dated) + b"\n</text>", name="b.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2005-04-27", "byline")  # the page's own date first


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("发稿时间：2005-03-11 10:20", {"date": "2005-03-11"}),
        ("录入时间：2005-3-11", {"date": "2005-03-11"}),
        ("更新日期：2005-03-11", {"date": "2005-03-11"}),
        ("发表于：2005-03-11", {"date": "2005-03-11"}),
        ("出版日期：2005-03-11", {"date": "2005-03-11"}),
        ("编辑时间：2005-03-11", {"date": "2005-03-11"}),  # a date, though 编辑 alone is the editor
        ("编辑：张三", {"editor": "张三"}),
        ("发布者：张三 发布时间：2005-03-11", {"editor": "张三", "date": "2005-03-11"}),
        ("稿件来源：新华社 | 2005-03-11", {"source": "新华社", "date": "2005-03-11"}),
    ],
)
def test_the_keys_metadata_lines_use(line, fields):
    assert furniture.parse_metadata(line) == fields
    doc = prepare_text("\n".join(["江西扶贫工作取得新进展", line, P1, P2]))
    assert doc.metadata.date == fields.get("date")
    body = "".join(b.source for b in doc.blocks)
    assert P1 in body and line[:4] not in body  # the line is metadata, not the article's text


def test_a_month_day_year_date_the_extractor_reads_is_one_the_page_writes():
    assert page_html._date_written_in("<span>发布日期：9/17/2004 5:54:13 AM</span>", "2004-09-17")
    assert not page_html._date_written_in("<span>19/17/2004</span>", "2004-09-17")


@pytest.mark.parametrize(
    "line",
    [
        "中国新闻网 国际新闻频道 2005年03月11日 10:25",  # a site and its channel before the date
        "【字体：大 中 小】 2005年03月11日",  # a share bar holding the byline's date
        "打印本页 2005-03-11",
    ],
)
def test_bylines_behind_site_names_and_share_bars(line):
    doc = prepare_text("\n".join(["江西扶贫工作取得新进展", line, P1, P2]))
    assert (doc.metadata.date, doc.metadata.date_source) == ("2005-03-11", "byline")
    assert [r.text for r in doc.removed if r.text == line] == [line]  # cut, as metadata or furniture
    assert P1 in "".join(b.source for b in doc.blocks)


def test_a_dated_line_after_the_prose_is_no_byline_for_being_short_names():
    doc = prepare_text("\n".join(["江西扶贫工作取得新进展", "2005年03月11日 来源：新华网", P1, P2, "国际新闻 要闻 2004-01-02"]))
    assert doc.metadata.date == "2005-03-11"


def test_a_value_ends_at_the_share_bar_and_more_source_keys():
    assert furniture.parse_metadata("本文来源：新华网 时间：2005-03-11") == {"source": "新华网", "date": "2005-03-11"}
    assert furniture.parse_metadata("来源：新华网 【字体：大 中 小】") == {"source": "新华网"}
    assert furniture.parse_metadata("来源：【人民网】") == {"source": "人民网"}  # a bracket the value opened is no end


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("二〇二二年一月二十七日", "2022-01-27"),
        ("二○○五年三月十一日", "2005-03-11"),  # ○ for 〇, as many pages type it
        ("二〇〇五年十二月三十一日", "2005-12-31"),
        ("二〇〇五年十三月一日", None),
        ("二〇〇五年二月三十日", None),
    ],
)
def test_dates_in_chinese_numerals(text, iso):
    assert furniture.parse_date(text) == iso


def test_a_notice_signed_with_a_date_in_chinese_numerals_has_that_date():
    doc = prepare_text("\n".join(["关于做好春节期间安全工作的通知", P1, "江西省人民政府办公厅", "二〇二二年一月二十七日"]))
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-01-27", "date line")
    assert furniture.parse_metadata("成文日期：二〇二二年一月二十七日") == {"date": "2022-01-27"}


def test_the_date_the_markup_states_wins_over_an_older_one_in_a_related_list():
    # The byline sits in a table cell the extractor leaves out; the related links below carry older
    # dates, which htmldate's extensive search of the text (oldest first) would take.
    related = "".join(
        f'·<a href="/0{i}0705/1.html">往期回顾第{i}期</a><span class="yge">（2001-07-0{i + 1} 09:37AM）</span><br>'
        for i in range(3)
    )
    page = (
        "<html><head><title>乡村振兴</title></head><body><table><tr><td><h1>乡村振兴</h1></td></tr>"
        '<tr><td class="ygg">2005-01-06 08:13更新 来源：转载文章</td></tr></table>'
        f"<table><tr><td><p>{P1}</p><p>{P2}</p><p>{P1[:20]}。</p></td></tr></table><table><tr><td>{related}</td></tr></table></body></html>"
    )
    assert page_html.markup_date(page) == "2005-01-06"
    assert page_html.extract_page(page).metadata["date"] == "2005-01-06"  # the extractor's date, no longer 2001-07-01
    assert prepare_bytes(page.encode(), name="r.html").metadata.date == "2005-01-06"
