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

import pytest

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


# --- 3. furniture that was still kept, by class --------------------------------------------------

P1 = "5月19日，全省乡村振兴工作推进会在南昌召开，会议总结了今年以来的工作成效，部署了下一阶段的重点任务。"
P2 = "会议指出，各地要持续巩固拓展脱贫攻坚成果，推动特色产业提质增效，让农民群众的收入稳步增长。"
BYLINE = '<div class="info">时间：2024.05.20 来源：江西日报</div>'


def _page(*, before: str = "", after: str = "", title: str = "乡村振兴推进会召开", h1: str = "乡村振兴推进会召开",
          byline: str = BYLINE, body: str = f"<p>{P1}</p><p>{P2}</p>") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><div class="main">'
            f'<h1>{h1}</h1>{byline}{before}<div class="content">{body}</div>{after}</div></body></html>').encode()


def _cut(doc: Document, reason: str) -> list[str]:
    return [r.text for r in doc.removed if r.detail == reason]


def test_trailing_recommendation_feeds_go_however_long():
    feed = "".join(f'<li><a href="/a{i}.html">其他新闻标题第{i}条与本文无关</a></li>' for i in range(6))
    long_teaser = "<p>" + "这是另一篇与本文完全无关的推荐文章的正文内容，它讲述的是别的城市的交通建设情况。" * 8 + "</p>"
    for header in ("你可能还想看", "其他人也在看", "猜你喜欢", "24小时热文", "热门排行"):
        doc = prepare_bytes(_page(after=f"<div><div>{header}</div><ul>{feed}</ul>{long_teaser}</div>"), name="brief.html")
        assert _body(doc) == [P1, P2], header  # the feed and the long teaser after it: 7 times the story
        assert _cut(doc, furniture.FEED)[0] == header and not doc.flags
    text = "\n".join(["乡村振兴推进会召开", P1, "你可能还想看", "另一条新闻的标题", "其他人也在看", P2 * 5])
    doc = prepare_text(text)
    assert _body(doc) == [P1] and _cut(doc, furniture.FEED) == ["你可能还想看", "另一条新闻的标题", "其他人也在看", P2 * 5]
    # before the story, such a header is furniture of its own, and the story stays
    doc = prepare_text("\n".join(["标题", "猜你喜欢", P1, P2]))
    assert _body(doc) == [P1, P2]


def test_a_whole_recommended_article_after_the_story_goes():
    other = ('<div class="t">别的城市新建地铁线路</div><div>2024-05-18 来源：新华网</div>'
             "<p>记者从该市交通部门获悉，新建的地铁线路将于年底开通，全长三十公里，设站二十座。</p>")
    doc = prepare_bytes(_page(after=other), name="p.html")
    assert _body(doc) == [P1, P2]
    assert _cut(doc, furniture.OTHER_ARTICLE)[0] == "别的城市新建地铁线路"
    # one longer than the story is held back (a page is never cut to its first lines) and flagged
    longer = other.replace("</p>", "第二句话很长。" * 40 + "</p>")
    doc = prepare_bytes(_page(after=longer), name="p.html")
    assert _body(doc)[:2] == [P1, P2] and len(_body(doc)) > 2 and [f.code for f in doc.flags] == ["cleaning_kept"]


def test_video_player_interface_text_goes():
    player = ('<div class="player"><span>倍速</span><ul><li>2.0X</li><li>1.5X</li><li>1.25X</li><li>1.0X</li><li>0.75X</li></ul>'
              "<span>00:00</span><span>/</span><span>03:25</span><div>高清 标清 流畅</div><div>很抱歉，当前视频播放失败</div>"
              "<div>错误码：0x1001</div><div>请刷新页面重试</div></div>")
    doc = prepare_bytes(_page(before=player), name="video.html")
    assert _body(doc) == [P1, P2]
    assert set(_cut(doc, furniture.PLAYER)) >= {"倍速", "2.0X", "0.75X", "00:00/03:25", "很抱歉，当前视频播放失败", "错误码：0x1001"}
    assert _body(prepare_text("标题\n\n倍速 2.0X 1.5X 1.25X 1.0X 0.75X\n\n" + P1)) == [P1]
    assert _body(prepare_text(f"标题\n\n{P1}\n\n会议于10:30开始，持续到12:00。")) == [P1, "会议于10:30开始，持续到12:00。"]


def test_platform_disclaimers_and_comment_notices_go_in_chinese_and_english():
    notes = [
        "特别声明：本文为网易自媒体平台“网易号”作者上传并发布，仅代表该作者观点。网易仅提供信息发布平台。",
        "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase "
        "Hao, which is a social media platform and only provides information storage services.",
        "网友评论仅供其表达个人看法，并不表明网易立场。",
        "本文来自网易号客户端",
    ]
    doc = prepare_bytes(_page(after="".join(f"<p>{n}</p>" for n in notes)), name="163.html")
    assert _body(doc) == [P1, P2]
    assert _cut(doc, furniture.DISCLAIMER) == notes
    # the words inside the article's own prose stay
    quoted = "他说，这份声明并不表明公司立场改变。" + P1
    assert _body(prepare_text(f"标题\n\n{quoted}")) == [quoted]


def test_a_metadata_field_that_swallowed_furniture_keeps_only_its_value():
    doc = prepare_bytes(_page(after="<p>责任编辑：刘欢】 返回搜狐，查看更多</p>"), name="sohu.html")
    assert doc.metadata.editor == "刘欢" and _body(doc) == [P1, P2]
    assert furniture.parse_metadata("来源：【人民网】") == {"source": "人民网"}
    assert furniture.parse_metadata("[责任编辑：王磊]") == {"editor": "王磊"}


def test_a_subtitle_repeated_as_the_first_body_segment_is_said_once():
    doc = prepare_text("\n".join(["乡村振兴推进会召开", "全省巩固脱贫攻坚成果", "全省巩固脱贫攻坚成果", P1]))
    assert [(b.kind, b.source) for b in doc.blocks] == [("heading", "全省巩固脱贫攻坚成果"), ("paragraph", P1)]
    assert _cut(doc, "subtitle repeated") == ["全省巩固脱贫攻坚成果"]
    doc = prepare_text("\n".join(["乡村振兴推进会召开", "全省巩固脱贫攻坚成果成效明显", "全省巩固脱贫攻坚成果成效明显。" + P1, P2]))
    assert _body(doc) == ["全省巩固脱贫攻坚成果成效明显。" + P1, P2]
    assert _cut(doc, "subtitle repeated in the first paragraph") == ["全省巩固脱贫攻坚成果成效明显"]


def test_site_names_leave_the_title():
    from translator.prepare.html import page_title, site_prefixes

    assert site_prefixes("千龙网--汽车--宝马新车型上市 售价三十万元")[-1] == "宝马新车型上市 售价三十万元"
    assert site_prefixes("13岁女孩辍学后生下女婴(附图) zboygirl  天极Blog")[-1] == "13岁女孩辍学后生下女婴(附图)"
    assert site_prefixes("江西——特色产业扛起扶贫重任") == ["江西——特色产业扛起扶贫重任"]  # a dash in the headline stays
    html = "<html><head><title>千龙网--汽车--宝马新车型上市 售价三十万元</title></head><body><p>x</p></body></html>"
    assert page_title(html, None, ["与标题无关的第一行"]) == "宝马新车型上市 售价三十万元"
    doc = prepare_bytes(_page(title="乡村振兴推进会召开 zboygirl  天极Blog", h1="乡村振兴推进会召开"), name="blog.html")
    assert doc.metadata.title == "乡村振兴推进会召开"


def test_a_page_that_lists_articles_is_flagged():
    teasers = "".join(
        f'<div class="post"><h2><a href="/p{i}.html">博客文章标题第{i}篇</a></h2><div>2008-03-{i + 1:02d} 10:{i:02d}</div>'
        f"<p>这是第{i}篇文章的摘要，介绍了作者最近的一些生活感想和见闻，内容不长。</p><a href='/p{i}.html'>阅读全文</a></div>"
        for i in range(12)
    )
    html = f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>blog.wenxuecity.com</title></head><body>{teasers}</body></html>'
    doc = prepare_bytes(html.encode(), name="index.html")
    assert [f.code for f in doc.flags] == ["index_page"]
    assert "list of articles" in doc.flags[0].message and "blog.wenxuecity.com" in doc.flags[0].message
    assert not prepare_bytes(_page(), name="one.html").flags  # one article is not flagged


def test_an_article_with_dated_related_links_or_comments_is_not_an_index_page():
    story = "".join(f"<p>{para}</p>" for para in (P1, P2, *(f"第{n}条，{P2}" for n in "一二三四五六")))
    for tail in (
        "".join(f'<li><a href="/n{i}.html">相关新闻标题第{i}条</a> 2024-04-{i + 1:02d}</li>' for i in range(12)),
        "".join(f"<div>网友{i}：这篇文章写得很好，支持。<br>(2006-12-{i + 1:02d} 03:45:27)</div>" for i in range(16)),
    ):
        html = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>乡村振兴推进会召开</title></head><body>'
            f"<article><h1>乡村振兴推进会召开</h1><div>2024-05-20 08:00 来源：新华网</div>{story}</article><ul>{tail}</ul></body></html>"
        )
        doc = prepare_bytes(html.encode(), name="story.html")
        assert "index_page" not in [f.code for f in doc.flags]  # one article holds most of the page's text
        assert P1 in _body(doc) and doc.metadata.date == "2024-05-20"


def test_the_date_under_the_headline_wins_over_dates_in_related_lists():
    related = "".join(f"<li>2023-0{i + 1}-1{i} 相关新闻{i}</li>" for i in range(4))
    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>乡村振兴推进会召开</title></head><body><div class="main">'
            f'<div class="side"><h3>相关新闻</h3><ul>{related}</ul></div><h1>乡村振兴推进会召开</h1>'
            f'<div class="info">时间：2024.05.20</div><div class="content"><p>{P1}</p><p>{P2}</p></div></div></body></html>')
    doc = prepare_bytes(html.encode(), name="d.html")
    assert (doc.metadata.date, doc.metadata.date_source) == ("2024-05-20", "metadata line")
    doc = prepare_text("\n".join(["2023-01-10 相关新闻一", "2023-02-11 相关新闻二", "乡村振兴推进会召开", "时间：2024.05.20", P1, P2]))
    assert doc.metadata.date == "2024-05-20"
    # a related link with a date is a related link, not a byline
    linked = "".join(f'<li><a href="/r{i}.html">相关新闻标题{i}</a> 2023-0{i + 1}-1{i}</li>' for i in range(4))
    doc = prepare_bytes(_page(after=f"<ul>{linked}</ul>", byline='<div class="info">时间：2024.05.20</div>'), name="r.html")
    assert doc.metadata.date == "2024-05-20"
    assert all(r.reason == "boilerplate" for r in doc.removed if "相关新闻标题" in r.text)


@pytest.mark.parametrize("traditional, simplified", [
    ("他們有著很多朋友。", "他们有着很多朋友。"),
    ("他看著窗外。", "他看着窗外。"),
    ("村裡保留著傳統。", "村里保留着传统。"),
    ("隨著時間推移，這意味著變化。", "随着时间推移，这意味着变化。"),
    ("他是著名作家，著作很多，成就顯著。", "他是著名作家，著作很多，成就显著。"),
    ("他編著了一本書，土著居民讀原著。", "他编著了一本书，土著居民读原著。"),
])
def test_the_aspect_particle_zhe_after_a_verb_becomes_zhe_with_t2s(traditional, simplified):
    from translator.prepare.convert import to_simplified

    assert to_simplified(traditional, "t2s") == simplified
    doc = prepare_text(f"標題\n\n{traditional}")
    assert _body(doc) == [simplified] and doc.blocks[0].segments[0].original == traditional
    assert to_simplified(traditional, "none") == traditional


def test_a_notice_dated_under_its_signature_takes_that_date():
    notice = "\n".join(["关于禁止新增建设项目的通告", P1, "特此通告。", "吉林省人民政府", "2022年1月27日"])
    doc = prepare_text(notice)
    assert (doc.metadata.date, doc.metadata.date_source) == ("2022-01-27", "date line")
    assert _body(doc)[-1] == "2022年1月27日"  # the notice's own line stays in it
    # several dates alone (a timeline) name no date; a 成文日期 field is a date line
    assert prepare_text("\n".join(["大事记", P1, "2020年1月1日", P2, "2021年1月1日", P2 + "此后继续推进。"])).metadata.date is None
    assert furniture.parse_metadata("成文日期：2022年01月27日") == {"date": "2022-01-27"}
