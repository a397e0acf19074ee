"""Extraction fidelity, cleaner side: the footer never swallows the article, interview
questions are not bylines, and the furniture of real pages goes to ``removed`` with its reason."""

from __future__ import annotations

import pytest

from translator.document import Document
from translator.prepare import furniture
from translator.prepare.pipeline import prepare_bytes, prepare_text

P1 = "近日，惊爆台湾本土天王吴宗宪被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。"
P2 = "2005年4月18日吴宗宪进棚录像，凌晨收班后在餐厅用餐，出来的时候突然被几名不明人士殴打。"
P3 = "贺一航在医院接受整容手术后，露脸向媒体说明一切，他说他不知道打他的人是谁。"


def _body(doc: Document) -> list[str]:
    return [b.source for b in doc.blocks]


def _removed(doc: Document) -> dict[str, tuple[str, str]]:
    return {r.text: (r.reason, r.detail) for r in doc.removed}


# --- 2. the footer never swallows the article ------------------------------------------------


def test_a_comment_line_before_the_article_does_not_start_the_footer():
    # A portal page: the extractor put 发表评论 / 今日推荐 before the article.
    text = "\n".join(["明星挨打事件回顾", "2005-04-27 14:32更新 来源：千龙新闻网", "发表评论", "今日推荐", P1, P2, P3])
    doc = prepare_text(text)
    assert _body(doc) == [P1, P2, P3]
    assert _removed(doc)["发表评论"] == ("boilerplate", "comment / related links")
    assert not doc.flags


def test_after_the_article_the_footer_still_goes():
    text = "\n".join(["标题", P1, P2, "相关新闻", "纸价再涨200元", "另一条新闻的标题"])
    doc = prepare_text(text)
    assert _body(doc) == [P1, P2]
    assert _removed(doc)["另一条新闻的标题"] == ("boilerplate", "site footer")


def test_cleaning_that_would_remove_most_of_the_text_is_held_back_and_flagged():
    # A short lead, a footer line, then the article: as footer it would take most of the prose.
    lead = "本报讯，记者昨日获悉，新规即将出台。"
    text = "\n".join(["标题", lead, "相关新闻", P1, P2, P3])
    doc = prepare_text(text)
    assert _body(doc)[-3:] == [P1, P2, P3]
    assert [f.code for f in doc.flags] == ["cleaning_kept"]
    assert "相关新闻" in doc.flags[0].message
    assert doc.to_dict()["flags"][0]["code"] == "cleaning_kept"
    assert Document.from_dict(doc.to_dict()).flags == doc.flags


def test_a_footer_mark_in_running_prose_is_a_word_of_the_article():
    prose = (
        "其次，提供音频和视频内容的播客，使本来已经很麻烦的互联网版权问题更加复杂。美国唱片工会表示，"
        "播客在使用其它音乐时一定要获得版权所有者或制作人的许可。这一点已经成为业内共识，各方正在商讨具体办法。"
    )
    doc = prepare_text("\n".join(["标题", P1, prose]))
    assert _body(doc) == [P1, prose]
    doc = prepare_text("\n".join(["标题", P1, "Copyright © 2005 某某网 版权所有"]))
    assert _body(doc) == [P1]


# --- 3. interview questions are not bylines ----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["记者：你通过什么渠道最快的获取这些信息？", "记者：那么您认为，这个行业的前景如何", "编辑：我们该怎么办！"],
)
def test_an_interview_question_is_not_a_byline(line):
    assert furniture.parse_metadata(line) is None
    doc = prepare_text("\n".join(["专访", P1, line, "答：主要是通过网络和朋友。", P2]))
    assert line in _body(doc)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("记者：张三 李四", {"author": "张三 李四"}),
        ("作者：新华社记者 王磊", {"author": "新华社记者 王磊"}),
        ("作者：张三 2005-03-01 10:00", {"author": "张三", "date": "2005-03-01"}),
        ("来源：新华网，作者：张三", {"source": "新华网", "author": "张三"}),
    ],
)
def test_a_byline_is_short_and_holds_names(line, fields):
    assert furniture.parse_metadata(line) == fields


# --- 5. furniture kept in the body before ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("2022.01.20 16:31 来源：河南日报客户端", {"date": "2022-01-20", "source": "河南日报客户端"}),
        ("BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]", {"date": "2005-03-11", "source": "人民网"}),
        ("2005-04-27 14:32更新 来源：千龙新闻网", {"date": "2005-04-27", "source": "千龙新闻网"}),
        ("http://www.sina.net 2005年03月21日 11:21 《理财周刊》", {"date": "2005-03-21", "source": "《理财周刊》"}),
        ("2004-12-10 阅读10544次", {"date": "2004-12-10"}),
        ("2005年3月1日", {"date": "2005-03-01"}),
    ],
)
def test_date_first_bylines(line, fields):
    assert furniture.parse_byline(line) == fields
    doc = prepare_text("\n".join(["标题", line, P1]))
    assert _body(doc) == [P1]
    assert _removed(doc)[line][0] == "metadata"
    assert doc.metadata.date == fields["date"]


@pytest.mark.parametrize(
    "line",
    [
        "「被告人某某与学生黄某某、周某某于1989年5月26日离开邵阳到北京",  # a sentence's start before the date
        "2005年3月1日，全省召开工作会议，部署今年的重点工作。",  # a sentence after it
        "BUSINESS.SOHU.COM 2005年3月11日12:12 " + "很长的一段文字" * 10,
    ],
)
def test_dates_in_sentences_are_not_bylines(line):
    assert furniture.parse_byline(line) is None


def test_after_the_prose_a_date_line_without_a_key_is_the_articles_own():
    # A notice's closing date, an edition line: only a keyed byline is furniture there.
    lines = ["标题", P1, "吉林省人民政府", "2022年1月27日", "《光明日报》（ 2022年02月13日 02版）", "2022-01-28 来源：吉林日报"]
    doc = prepare_text("\n".join(lines))
    assert _body(doc) == [P1, *lines[2:5]]
    assert _removed(doc)["2022-01-28 来源：吉林日报"] == ("metadata", "date, source")


@pytest.mark.parametrize(
    "line",
    ["科技 > 要闻 > 互联网 > 正文", "网易首页--> 主频道--> 消费真相--> 耐克", "新闻中心 » 国内新闻 » 社会", "资讯 > 正文"],
)
def test_breadcrumbs_that_do_not_start_with_the_home_page(line):
    doc = prepare_text("\n".join(["标题", line, P1]))
    assert _body(doc) == [P1]
    assert _removed(doc)[line] == ("boilerplate", "navigation / share bar")


@pytest.mark.parametrize("line", ["价格 > 100元", "└→ ↓└→先去弄清楚相关的原则←─────┐↓│", "甲 > 乙，所以结论成立。"])
def test_comparisons_and_diagrams_are_not_breadcrumbs(line):
    doc = prepare_text("\n".join(["标题", P1, line, P2]))
    assert line.replace(" ", "") in [b.replace(" ", "") for b in _body(doc)]


def test_related_link_lists_in_plain_text():
    items = ["·明星挨打事件簿(图) (2005-04-27 12:00PM)", "·不必担心，总能化挨打为娱乐的 (2005-04-20 17:03PM)"]
    doc = prepare_text("\n".join(["标题", P1, *items, P2]))
    assert _body(doc) == [P1, P2]
    assert {_removed(doc)[i] for i in items} == {("boilerplate", "navigation / related links")}


@pytest.mark.parametrize(
    "line",
    [
        "反侵权公告：本站刊载的所有内容，未经授权禁止转载。",
        "大河网版权与免责声明：凡本网注明来源的作品，版权均属本网所有。",
        "国新网证4112006001号",
        "豫新出网备字023号",
        "互联网新闻信息服务许可证：41120170003",
        "违法和不良信息举报电话：0371-12345678",
        "（本文不代表本网观点）",
    ],
)
def test_legal_notices_and_licence_numbers(line):
    doc = prepare_text("\n".join(["标题", P1, line]))
    assert _body(doc) == [P1]
    assert _removed(doc)[line] == ("boilerplate", "copyright / licence / social link")


def test_a_news_office_named_in_prose_is_not_a_licence():
    line = "据国新网消息，国务院新闻办公室将于明天上午举行新闻发布会，介绍有关情况。"
    assert _body(prepare_text("\n".join(["标题", P1, line]))) == [P1, line]


@pytest.mark.parametrize(
    "line",
    ["您还未登录，请登录后进行收藏！", "您的浏览器版本过低，请升级浏览器", "分享让更多人看到", "发表时间：", "来源： 作者：", "【纠错】", "【打印】"],
)
def test_interface_text_and_empty_labels(line):
    doc = prepare_text("\n".join(["标题", line, P1]))
    assert _body(doc) == [P1]
    assert _removed(doc)[line] == ("boilerplate", "interface text")


def _page(*paragraphs: str, title: str = "明星挨打事件回顾") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode()


def test_a_block_repeated_on_a_page_is_kept_once():
    doc = prepare_bytes(_page(P1, P2, P1, P3), name="r.html")
    assert _body(doc) == [P1, P2, P3]
    assert ("boilerplate", "repeated block") in [(r.reason, r.detail) for r in doc.removed]


def test_in_a_plain_text_a_repeated_line_is_the_authors():
    doc = prepare_text("\n".join(["标题", P1, P2, P1]))
    assert _body(doc) == [P1, P2, P1]


def test_the_headline_repeated_as_the_first_body_block_goes():
    doc = prepare_bytes(_page("明星挨打事件回顾(图)", P1, P2, P3), name="h.html")
    assert doc.metadata.title == "明星挨打事件回顾"
    assert _body(doc) == [P1, P2, P3]
    assert _removed(doc)["明星挨打事件回顾(图)"] == ("metadata", "title")
