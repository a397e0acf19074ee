"""Page furniture and metadata: sorts the lines of an article into title,
metadata, body (headings and paragraphs) and boilerplate (breadcrumbs, share
bars, the site footer).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..zh import CLAUSE_END, COLON, COMMA, ELLIPSIS, LIST_SEPARATOR, SEMICOLON, SENTENCE_END

# --- line classification -------------------------------------------------------

LineKind = Literal["title", "heading", "paragraph", "metadata", "boilerplate"]

_KEYS = {
    "date": r"(?:发布|发表|更新|成文|印发|发文|发稿|录入|添加|加入|上传|出版|刊发|刊登|编辑|修改|创建|提交)(?:日期|时间)"
    r"|日期|时间|发布于|发表于",
    "source": r"来源|稿源|出处|文章来源|信息来源|稿件来源|新闻来源|消息来源|资料来源|本文来源|内容来源",
    "author": r"作者|记者|撰文|文|通讯员|撰稿",
    "editor": r"责任编辑|责编|编辑|审核|校对|审校|值班编辑|发布者|发布人|录入者|录入人|录入",
}
_KEY_RE = re.compile(
    r"[【\[]?(?P<key>" + "|".join(f"(?P<{k}>{v})" for k, v in _KEYS.items()) + r")[】\]]?\s*[:：]\s*"
)
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<time>\d{1,2}[:：]\d{2}(?:[:：]\d{2})?))?"
)
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|你现在的位置|您现在的位置|所在位置|位置)\s*[:：]|^首页\s*[>»＞›/]")
_SHARE = re.compile(
    r"^(?:分享到|分享至|字号|【?字体|打印本页|打印|关闭窗口|关闭|收藏|阅读次数|浏览次数|点击数|点击量|阅读量|"
    r"扫一扫|返回顶部|上一篇|下一篇|【打印】|【关闭】|来源\s*[:：]?\s*$)"
)
# Lines that begin the site footer; everything after the first one is boilerplate.
_FOOTER_START = re.compile(
    r"^(?:稿件反馈|意见反馈|纠错|我要纠错|网友评论|发表评论|我来说两句|评论|相关新闻|相关阅读|相关文章|延伸阅读|推荐阅读|"
    r"热点推荐|今日推荐|精彩推荐|编辑推荐|热门推荐|为您推荐|猜你喜欢|最新资讯|热门文章|相关链接|免责声明|版权声明|版权所有|"
    r".{0,12}(?:版权与免责声明|免责声明|版权声明))\s*[:：]?\s*$"
)
# Headers of recommendation feeds ("你可能还想看", "其他人也在看", hot lists): after the story, everything
# from one on is other articles, however long (on a short brief twenty times the story), so the cut is
# not held back as a footer's is; only the rule that never leaves the body empty applies.
_FEED_START = re.compile(
    r"^(?:你?可能(?:还)?(?:想看|喜欢|感兴趣|也喜欢|还想看)|其他人(?:也)?在看|大家(?:都)?在看|别人(?:也)?在看|猜你喜欢|"
    r"为你推荐|为您推荐|更多推荐|相关推荐|推荐阅读|热门推荐|精彩推荐|今日推荐|编辑推荐|延伸阅读|"
    r"热榜|热搜榜?|热门排行|点击排行|阅读排行|排行榜|热门文章|热点新闻|热门新闻|(?:24|48)小时热(?:文|门|点|榜)|"
    r"(?:今日|本周|本月)?热(?:点|门)(?:排行|榜|资讯|话题)|热门话题|最热文章|看了(?:本文|此文)的人还看了)"
    r"(?:[^\S\n]*[\(（][^）)]{0,10}[）)])?[^\S\n]*[:：>›»]?[^\S\n]*$"
)
# Marks that make a line footer wherever they stand.  Every alternative starts
# with a literal character, so the regex engine skips ahead on that character
# set (one pass over the whole article); [^\S\n] keeps a match inside one line.
_FOOTER_MARK = re.compile(
    r"ICP(?:备|證|证)[^\S\n]*\d|公网安备|增值电信业务经营许可证|版权所有(?![者人方])"
    # legal notices and licence numbers: 反侵权公告：…, …版权与免责声明：…, 国新网证…, …新出网备字…号
    r"|反侵权公告|版权与免责声明|免责声明[^\S\n]*[:：]|国新网(?:证|許|许|[^\S\n]*\d)|新出网(?:备|证|證)|互联网新闻信息服务许可证|网络文化经营许可证"
    r"|信息网络传播视听节目许可证|广播电视节目制作经营许可证|违法和不良信息举报|不良信息举报"
    r"|不代表本(?:网|站)(?:赞同其)?(?:观点|立场)|转载请注明|未经(?:本(?:网|站))?(?:书面)?(?:许可|授权)[^\n]{0,8}不得"
    r"|C(?i:opyright[^\S\n]*(?:©|\(c\)|&copy;))|c(?i:opyright[^\S\n]*(?:©|\(c\)|&copy;))"
    r"|A(?i:ll rights reserved)|a(?i:ll rights reserved)"
)
# Whole lines that are footer wherever they stand (social links, site links).
_FOOTER_LINE = re.compile(r"(?:视频号|抖音|微信|微博|微信公众号|官方微博|关注我们|联系我们|网站地图|关于我们|广告服务)\s*$")
# Matches at the start of every line that _FOOTER_LINE, _FOOTER_START, _BREADCRUMB,
# _SHARE or a metadata key (after the separators parse_metadata strips) can match;
# one anchored match rules a body line out of all of them.
_FURNITURE_HINT = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_FOOTER_LINE, _FOOTER_START, _BREADCRUMB, _SHARE))
    + f"|[ |｜丨/　]*(?:{_KEY_RE.pattern})"
)
# What may end a line of prose (a heading ends in none of these).
_SENTENCE_END = SENTENCE_END + SEMICOLON + ELLIPSIS + "!?;." + COLON + ":"
HEADING_MAX = 30
# Interface text: log-in and browser prompts, share prompts, bracketed buttons.
_INTERFACE = re.compile(
    r"您还未登录|请(?:先)?登录后|登录后(?:才能|即可|再)|(?:升级|更新|更换)(?:您的)?浏览器|浏览器版本(?:过低|太低)|"
    r"您(?:的|使用的)浏览器|分享让更多人看到|分享到[:：]?$|^[【\[](?:纠错|我要纠错|打印|关闭|收藏|推荐|复制链接|返回顶部|"
    r"评论|发表评论|字号|大|中|小|进入论坛|我要评论)[】\]]$"
)
INTERFACE_MAX = 60  # interface text is short; a longer line mentioning a browser is prose
# A video player's interface: playback rates, times, quality and control labels, its error messages.
_PLAYER_TOKEN = re.compile(
    r"(?:倍速|[0-4](?:\.\d{1,2})?[xX×倍]|\d{1,2}:\d{2}(?::\d{2})?|/|清晰度|画质|超清|高清|标清|流畅|蓝光|原画|自动|"
    r"全屏|退出全屏|网页全屏|小窗|画中画|播放|暂停|重播|重新播放|静音|音量|弹幕|字幕|倍数|下一个|上一个|"
    r"\d{3,4}[pP]|直播|回放|广告|跳过广告|关闭广告|\d+秒后?(?:关闭|跳过)?)"
)
_PLAYER_MESSAGE = re.compile(
    r"(?:很抱歉|抱歉)[，,]?(?:当前)?视频(?:播放|加载)(?:失败|出错|异常)|当前视频(?:播放|加载)(?:失败|出错|异常)|"
    r"视频(?:播放|加载)(?:失败|出错)[，,]?请(?:刷新|稍后)|(?:视频)?错误码[:：]?\s*[\w-]+$|^请(?:刷新|重新加载)(?:页面)?(?:后)?重试$|"
    r"您的浏览器(?:不支持|暂不支持)(?:HTML5)?(?:视频|播放|video)|^视频加载中|^(?:正在)?加载中[.…]*$"
)
# Platform disclaimers and comment notices ("本文为网易自媒体平台“网易号”作者上传并发布…", in English too):
# a platform's words, never the article's, whatever their length.
_DISCLAIMER = re.compile(
    r"(?:网易|搜狐|百家|企鹅|头条|大鱼|一点|新浪|凤凰|澎湃|人民)号[”\"」]?(?:[^\n]{0,20})(?:作者|用户)[^\n]{0,6}上传并发布"
    r"|(?:自媒体|内容)平台[^\n]{0,12}(?:作者|用户)[^\n]{0,6}上传并发布|仅代表该作者(?:本人)?(?:观点|立场)"
    r"|仅提供信息(?:发布|存储)(?:平台|空间|服务)|网友评论仅供(?:其|网友)?表达个人看法"
    r"|^本文(?:来自|来源于|转载自)[^\n]{0,12}(?:号|客户端|平台|APP)[^\n]{0,12}$"
    r"|(?i:is\s+uploaded\s+and\s+posted\s+by\s+a\s+user\s+of|only\s+provides\s+information\s+storage\s+services"
    r"|the\s+content\s+above\s*\(including\s+the\s+pictures)"
)
DISCLAIMER = "platform disclaimer / comment notice"
PLAYER = "video player interface"
FEED = "recommended articles"
OTHER_ARTICLE = "another article after the story"
# A line that is only keys with nothing after them: "发表时间：", "来源： 作者："
_EMPTY_LABEL = re.compile(r"(?:[ |｜丨/　]*" + _KEY_RE.pattern + r")+$")
# Breadcrumbs that don't start with 首页: "科技 > 要闻 > … > 正文", "网易首页--> 主频道--> 消费"
_CRUMB_SEP = re.compile(r"\s*(?:-*>{1,2}|»|＞{1,2}|›|→)\s*")
CRUMB_PART_MAX = 16
CRUMB_MAX = 100
# Lines of related links in plain text: "·标题 (2005-04-27)"
_BULLET = "·•●◆◇■□▪▶►"
BULLET_LINE_MAX = 60
BYLINE_MAX = 80  # a byline is short
BYLINE_PREFIX_MAX = 30  # what may stand before its date: a site or column name
BYLINE_REST_MAX = 16  # what may follow it without a key: a source's name, a counter
BYLINE_SITE_MAX = 10  # a site's name before the date, unless it is a domain ("BUSINESS.SOHU.COM")
_NOT_A_SITE = re.compile(f"[{SENTENCE_END}{CLAUSE_END}:“”‘’「」]")
_BYLINE_TAIL = re.compile(r"(?:\s*(?:更新|发布|发表|[AaPp]\.?[Mm]\.?|星期.|周.))*[\s|｜丨/　]*")
_PROSE_MARKS = SENTENCE_END + "!?"
_CLAUSE_MARKS = SENTENCE_END + COMMA + SEMICOLON + ",;!?"  # a byline's tail holds none of these
PROSE_MIN = 15  # a line of running prose: this long, with a sentence mark in it
RUNNING_PROSE_MIN = 80  # a paragraph of several sentences: this long, with two sentence marks
REPEAT_MIN = 10  # a page's block repeated word for word is a layout copy when at least this long
# Author and editor values are names: short tokens, no sentence punctuation.
_NAME_SPLIT = re.compile(rf"[\s{LIST_SEPARATOR}{COMMA},/;{SEMICOLON}]+")
_NOT_NAMES = re.compile(rf"[{SENTENCE_END}!?{ELLIPSIS}{COLON}:“”\"「」（）()]|你|您|我们|什么|怎么|如何|哪|吗|呢|是否")
NAME_MAX = 8


@dataclass
class Classified:
    """What :func:`classify` found: a kind and a reason for each line, and the article's metadata.

    ``notes`` are messages for the reviewer about the cleaning as a whole
    (cleaning that would have removed most of the text, and was held back).
    ``date_line`` says which kind of line gave ``metadata["date"]``:
    ``"byline"`` (a date-first line) or ``"metadata line"`` (``发布日期：…``).
    """

    kinds: list[LineKind]
    reasons: list[str]
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    date_line: str = ""
    flags: list[tuple[str, str]] = field(default_factory=list)  # (code, message): other notes on the whole page


# Month/day/year with slashes, as servers in an American locale print a date (ASP's "9/17/2004 5:54:13 AM").
_US_DATE = re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])")


# A date in Chinese numerals, as official documents sign them: 二〇二二年一月二十七日.
_ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0}
_ZH_DATE = re.compile(r"(?P<y>[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日")


def _zh_number(text: str) -> int:
    """一 .. 三十一 as a number (十 for ten)."""
    if "十" not in text:
        return _ZH_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as YYYY-MM-DD: year first (``2024.05.20``, ``2024年5月20日``,
    ``2024-5-20 08:00``), else month/day/year with slashes (``9/17/2004``), else in Chinese numerals
    (``二〇二二年一月二十七日``); None if there is none."""
    m = _DATE.search(text) or _US_DATE.search(text)
    try:
        if m:
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        z = _ZH_DATE.search(text)
        if z is None:
            return None
        year = int("".join(str(_ZH_DIGITS[c]) for c in z["y"]))
        return date(year, _zh_number(z["m"]), _zh_number(z["d"])).isoformat()
    except (ValueError, KeyError):
        return None


def parse_metadata(text: str) -> dict[str, str] | None:
    """``key: value`` fields of a metadata line (``发布日期:2020-06-04 来源:中国电子报``), or None."""
    if not _KEY_RE.match(text.lstrip(" |｜丨/　")):
        return None
    matches = list(_KEY_RE.finditer(text))
    fields: dict[str, str] = {}
    dated = len(matches) > 1 and any(m.group("date") for m in matches)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = _own_value(text[m.end() : end]).strip(" |｜丨/　\t【】[]，,；;")
        key = next(k for k in _KEYS if m.group(k))
        if key == "date":
            iso = parse_date(value)
            if iso is None:
                return None
            fields["date"] = iso
        elif value:
            when = _DATE.search(value)
            iso = parse_date(when.group(0)) if when is not None and not value[when.end() :].strip() else None
            if when is not None and iso is not None:
                # "作者：张三 2005-03-01 10:00": the byline's date after a name
                fields.setdefault("date", iso)
                value = value[: when.start()].strip(" |｜丨/　\t【】[]，,；;")
                if not value:
                    continue
            if len(value) > 40:
                return None
            if _MARKUP_DEBRIS.fullmatch(value):
                continue  # 'size="20"': an attribute of the page's markup where the value was left empty
            if key in ("author", "editor") and not _holds_names(value):
                if dated:
                    continue  # "作者： size="20" 来源： 发布日期：…": a field holding the page's debris, not a name
                return None  # "记者：你通过什么渠道……？" is a question, not a byline
            fields[key] = value
    return fields or None


_MARKUP_DEBRIS = re.compile(r"""(?:[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|\S+)\s*)+""")
# Page furniture a field's value can run into: "刘欢】 返回搜狐，查看更多" is the editor 刘欢.
# So can another label the keys do not name ("李四 点击：123", "张三 阅读次数：56"), and a share bar ("【字体：").
_VALUE_END = re.compile(
    r"[】\]]|\s*(?:返回搜狐|返回首页|返回列表|返回顶部|查看更多|阅读全文|点击查看|更多精彩|进入专题|分享到)"
    r"|\s*【(?:字体|字号)"
)


def _own_value(value: str) -> str:
    """A field's value up to where the page's furniture starts: a closing bracket never opened in it, a button's label."""
    for m in _VALUE_END.finditer(value):
        if m.group(0) in "】]" and ("【" if m.group(0) == "】" else "[") in value[: m.start()]:
            continue  # a bracket the value opened: "【人民网】"
        return value[: m.start()]
    return value


def _holds_names(value: str) -> bool:
    """Whether an author or editor value is names: short tokens, no sentence punctuation, no pronoun or question word."""
    if _NOT_NAMES.search(value):
        return False
    return all(len(token) <= NAME_MAX for token in _NAME_SPLIT.split(value))


def parse_byline(text: str, *, by_headline: bool = True) -> dict[str, str] | None:
    """Fields of a date-first byline (``2022.01.20 16:31 来源：河南日报客户端``,
    ``BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]``), or None.

    A short line whose date stands at its start or after a short site name,
    followed by ``key: value`` fields; by the headline (``by_headline``),
    also by a source's name, a counter, or nothing.
    """
    if len(text) > BYLINE_MAX:
        return None
    m = _DATE.search(text)
    if m is None or m.start() > BYLINE_PREFIX_MAX:
        return None
    prefix = _BUTTONS.sub(" ", text[: m.start()].replace("://", ""))
    if _NOT_A_SITE.search(prefix) or not (prefix.isascii() or _site_names(prefix)):
        return None  # what stands before the date is a sentence's start, not a site's name
    iso = parse_date(m.group(0))
    if iso is None:
        return None
    tail = _BYLINE_TAIL.match(text, m.end())
    rest = text[tail.end() if tail else m.end() :]
    fields = {"date": iso}
    more = parse_metadata(rest) if rest else None
    if more is not None:
        fields.update((k, v) for k, v in more.items() if k != "date")
        return fields
    if not by_headline:
        return None  # after the prose, "《光明日报》（2022年02月13日 02版）" is the article's own line
    if not rest:
        return fields
    # "《理财周刊》", "金羊网—新快报", "阅读10544次": a source's name or a counter, nothing of a sentence
    if len(rest) > BYLINE_REST_MAX or any(c in rest for c in _CLAUSE_MARKS):
        return None
    name = rest.strip(" |｜丨/　\t【】[]")
    if name and not any(c.isdigit() for c in name):
        fields["source"] = name
    return fields


# A share bar's buttons before a byline's date: "【字体：大 中 小】", "[打印]".
_BUTTONS = re.compile(r"【[^】\n]{0,16}】|\[[^\]\n]{0,16}\]")
BYLINE_SITES_MAX = 3  # names before a byline's date: a site and its channels ("中国新闻网 国际新闻频道")


def _site_names(prefix: str) -> bool:
    """Whether ``prefix`` is a site's name, or a few of them apart (a site and its channel), each short."""
    names = prefix.split()
    return len(names) <= BYLINE_SITES_MAX and all(len(n) <= BYLINE_SITE_MAX for n in names)


def _is_breadcrumb(text: str) -> bool:
    """Whether ``text`` is a trail of short items joined by ``>``, ``-->``, ``»`` (at least three, or two ending in 正文)."""
    if len(text) > CRUMB_MAX:
        return False
    parts = [p for p in _CRUMB_SEP.split(text)]
    if len(parts) < 2 or (len(parts) == 2 and parts[-1].strip() != "正文"):
        return False
    return all(
        0 < len(p.strip()) <= CRUMB_PART_MAX and _WORD.search(p) is not None and not any(c in p for c in SENTENCE_END + COMMA)
        for p in parts[:-1]
    )


def _is_running_prose(text: str) -> bool:
    """A paragraph of several sentences (a footer mark in it is a word of the article, not a footer)."""
    return len(text) >= RUNNING_PROSE_MIN and sum(text.count(c) for c in SENTENCE_END) >= 2


def _is_prose(text: str) -> bool:
    """A line of running prose: long enough, with a sentence mark."""
    return len(text) >= PROSE_MIN and any(c in text for c in _PROSE_MARKS)


def _key(text: str) -> str:
    """``text`` without spaces and punctuation, to compare lines that differ only there."""
    return _NOT_KEY.sub("", text)


_NOT_KEY = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]")  # a letter, digit or Han


def _is_heading_shape(text: str) -> bool:
    return 0 < len(text) <= HEADING_MAX and text[-1] not in _SENTENCE_END and not text.isdigit()


def classify(
    texts: list[str],
    *,
    marked: list[bool] | None = None,
    title: str | None = None,
    links: list[bool] | None = None,
    page: bool = False,
) -> Classified:
    """Label every line: title, metadata, heading, paragraph or boilerplate.

    ``texts`` are the normalized lines; ``marked`` says which the HTML marked
    as headings, ``links`` which are nothing but links.  ``title`` is the
    title known from elsewhere (an HTML head); a body line repeating it is
    metadata.  Otherwise the first short unpunctuated line before the first
    paragraph is the title.  ``page``: the text was extracted from an HTML
    page, where a block repeated word for word is a copy made by the layout.

    The site footer starts at a footer line (``相关新闻``, ``发表评论``, an
    editor line) once running prose has been seen: before it, such a line is
    furniture of its own.  Where the footer would still hold more prose than
    the body kept, the footer is not cut, and a note says so.
    """
    out = _classify(texts, marked, title, links, page, footer_allowed=True)
    n = len(texts)
    held_back = (SITE_FOOTER, OTHER_ARTICLE)  # cuts that stand only while they take less prose than the body keeps
    cut_prose = sum(len(texts[i]) for i in range(n) if out.reasons[i] in held_back and _is_prose(texts[i].strip()))
    kept_prose = sum(
        len(texts[i]) for i in range(n) if out.kinds[i] == "paragraph" and _is_prose(texts[i].strip())
    )
    if cut_prose > kept_prose:
        first = next(i for i in range(n) if out.reasons[i] in held_back)
        what = "site footer" if out.reasons[first] == SITE_FOOTER else "another article"
        out = _classify(texts, marked, title, links, page, footer_allowed=False)
        out.notes.append(
            f"cleaning kept the text after '{texts[first].strip()[:40]}': as {what} it would have removed "
            f"{cut_prose} characters of prose, more than the {kept_prose} of the article kept; "
            "check the article's end and remove what is not the article by hand"
        )
    _hold_back_emptying(texts, out)
    index = _index_page(texts, out, title)
    if index is not None:
        out.flags.append(("index_page", index))
    return out


INDEX_DATED_MIN = 10  # dated teaser lines that make a page a list of articles ...
INDEX_DATED_WITH_HOST_TITLE = 5  # ... or this many, when the page's title is only a host name
_HOST_NAME = re.compile(r"(?i:(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,6}/?)")


def _index_page(texts: list[str], out: Classified, title: str | None) -> str | None:
    """Why the page lists articles rather than being one (many short lines with their own dates, a title
    that is only a host name such as ``blog.wenxuecity.com``), or None."""
    stripped = [x.strip() for x in texts]
    is_dated = [bool(t) and len(t) <= BYLINE_MAX and _DATE.search(t) is not None for t in stripped]
    dated = [t for t, d in zip(stripped, is_dated) if d]
    host = title is not None and _HOST_NAME.fullmatch(title.strip()) is not None
    if len(dated) < (INDEX_DATED_WITH_HOST_TITLE if host else INDEX_DATED_MIN):
        return None
    if not host and _one_article_holds_most(stripped, is_dated, out.kinds):
        return None  # an article with a list of related links, or its comments, each with its date
    why = f"its title is only the host name '{title}' and it" if host else "it"
    return (
        f"this page looks like a list of articles, not one: {why} holds {len(dated)} short lines with their own dates "
        f"(first: '{dated[0][:40]}'); translate each article's own page, or remove what is not the article by hand"
    )


def _one_article_holds_most(texts: list[str], is_dated: list[bool], kinds: list[LineKind]) -> bool:
    """Whether one stretch of the page between dated lines holds most of its body text (an article's
    prose, and around it related links or comments with their dates), as no list of teasers does."""
    total = stretch = longest = 0
    for t, d, k in zip(texts, is_dated, kinds):
        if d:
            stretch = 0
        elif k in ("paragraph", "heading"):
            stretch += len(t)
            total += len(t)
            longest = max(longest, stretch)
    return total > 0 and longest * 2 >= total


BODY_MIN = 40  # characters of body below which the article is empty, or nearly so


def _hold_back_emptying(texts: list[str], out: Classified) -> None:
    """Never lose the prose to line rules: where the removals would leave less than :data:`BODY_MIN`
    characters of body, the lines of prose they removed are kept, and a note says so."""
    n = len(texts)
    body = sum(len(texts[i].strip()) for i in range(n) if out.kinds[i] in ("paragraph", "heading"))
    if body >= BODY_MIN:
        return
    held = [i for i in range(n) if out.kinds[i] == "boilerplate" and _is_prose(texts[i].strip())]
    if not held or sum(len(texts[i].strip()) for i in held) + body < BODY_MIN:
        return
    for i in held:
        out.kinds[i], out.reasons[i] = "paragraph", ""
    first = texts[held[0]].strip()
    out.notes.append(
        f"cleaning kept {len(held)} line(s) it would have removed as page furniture (first: '{first[:40]}'): "
        f"without them the article would have kept {body} characters; check them and remove what is not the article by hand"
    )


SITE_FOOTER = "site footer"
NAVIGATION = "navigation / share bar"
LINKS = "navigation / related links"


def _classify(
    texts: list[str],
    marked: list[bool] | None,
    title: str | None,
    links: list[bool] | None,
    page: bool,
    *,
    footer_allowed: bool,
) -> Classified:
    n = len(texts)
    kinds: list[LineKind] = ["paragraph"] * n
    reasons = [""] * n
    marked = marked or [False] * n
    links = links or [False] * n
    meta: dict[str, str] = {}
    date_line = ""
    body_started = False
    prose_seen = False
    footer = False
    title_seen = title is not None
    wanted_title = title.strip() if title is not None else None
    wanted_key = _key(wanted_title) if wanted_title else None
    stripped = [t.strip() for t in texts]
    footer_marked = _lines_with(_FOOTER_MARK, stripped)
    body_follows = _body_follows(stripped)
    bullets = _bullet_runs(stripped)
    seen: set[str] = set()
    hint = _FURNITURE_HINT.match
    footer_reason = SITE_FOOTER
    dates: list[tuple[int, str]] = []  # (line, date) of every metadata line and byline giving a date
    following = _next_nonempty(stripped)
    # headlines with their own byline: one or two after the story are recommended articles; many are
    # the posts of a forum thread or a blog, where each is the page's own text
    starts = {i for i, t in enumerate(stripped) if _starts_another_article(t, following[i], stripped)}
    if len(starts) > OTHER_ARTICLES_MAX:
        starts = set()
    for i, t in enumerate(stripped):
        if footer:
            kinds[i], reasons[i] = "boilerplate", footer_reason
            continue
        disclaimer = _DISCLAIMER.search(t)
        if disclaimer is not None and (disclaimer.start() < DISCLAIMER_AT or not _is_running_prose(t)):
            kinds[i], reasons[i] = "boilerplate", DISCLAIMER
            continue
        if i in footer_marked and not _is_running_prose(t):
            kinds[i], reasons[i] = "boilerplate", "copyright / licence / social link"
            continue
        if len(t) <= INTERFACE_MAX and (_INTERFACE.search(t) or _EMPTY_LABEL.match(t)):
            kinds[i], reasons[i] = "boilerplate", "interface text"
            continue
        if len(t) <= INTERFACE_MAX and (_is_player_line(t) or _PLAYER_MESSAGE.search(t)):
            kinds[i], reasons[i] = "boilerplate", PLAYER
            continue
        if len(t) <= INTERFACE_MAX and _FEED_START.match(t):
            kinds[i], reasons[i] = "boilerplate", FEED if prose_seen else "comment / related links"
            if prose_seen:
                footer, footer_reason = True, FEED
            continue
        if prose_seen and footer_allowed and i in starts:
            kinds[i], reasons[i] = "boilerplate", OTHER_ARTICLE
            footer, footer_reason = True, OTHER_ARTICLE
            continue
        if hint(t):  # only such lines can be furniture or metadata
            kind_reason = _furniture(t, prose_seen and footer_allowed)
            if kind_reason is not None and _SHARE.match(t) and not prose_seen and parse_byline(t) is not None:
                kind_reason = None  # "【字体：大 中 小】 2005年03月11日": the share bar holds the byline's date
            if kind_reason is not None:
                kinds[i], reasons[i] = kind_reason
                footer = footer or reasons[i] == SITE_FOOTER
                continue
            fields = parse_metadata(t)
            if fields is not None:
                kinds[i], reasons[i] = "metadata", ", ".join(sorted(fields))
                if "date" in fields:
                    dates.append((i, "metadata line"))
                for k, v in fields.items():
                    meta.setdefault(k, v)
                if "editor" in fields and prose_seen and footer_allowed:
                    footer = True  # the editor line closes the article
                continue
        # A date alone on its line is a byline by the headline; after the prose it is the article's (a notice's date).
        # A line of nothing but links with a date ("相关新闻标题 2023-01-10") is a related article, not a byline.
        related = links[i] and _KEY_RE.search(t) is None
        fields = parse_byline(t, by_headline=not prose_seen) if len(t) <= BYLINE_MAX and not related else None
        if fields is not None:
            kinds[i], reasons[i] = "metadata", ", ".join(sorted(fields))
            dates.append((i, "byline"))
            for k, v in fields.items():
                meta.setdefault(k, v)
            continue
        if _is_breadcrumb(t):
            kinds[i], reasons[i] = "boilerplate", NAVIGATION
            continue
        if (links[i] or bullets[i]) and not _is_prose(t) and t != wanted_title:
            kinds[i], reasons[i] = "boilerplate", LINKS
            continue
        key = _key(t)
        if wanted_key and (key == wanted_key or (not prose_seen and _near(key, wanted_key))):
            kinds[i], reasons[i] = "metadata", "title"
            continue
        if not title_seen and not body_started and (_is_heading_shape(t) or marked[i]) and len(t) <= 60:
            kinds[i] = "title"
            title_seen = True
            continue
        if page and len(key) >= REPEAT_MIN:
            if key in seen:
                kinds[i], reasons[i] = "boilerplate", "repeated block"
                continue
            seen.add(key)
        if marked[i] or (_is_heading_shape(t) and body_follows[i]):
            kinds[i] = "heading"
        elif _is_prose(t):
            prose_seen = True
        body_started = True
    _drop_repeated_subtitle(stripped, kinds, reasons)
    if dates:
        at, date_line = _date_under_the_headline(dates, kinds, reasons)
        meta["date"] = _date_of(stripped[at])
    else:
        # no byline: the one date alone on a line of the body (a notice's "2022年1月27日" under its
        # signature); a page with several (a forum thread, a timeline) says nothing by them
        alone = [t for t, k in zip(stripped, kinds) if k == "paragraph" and _is_date_alone(t)]
        if len(alone) == 1:
            meta["date"], date_line = _date_of(alone[0]), "date line"
    return Classified(kinds, reasons, meta, date_line=date_line)


OTHER_ARTICLES_MAX = 2  # headlines with a byline of their own that a page may hold after its story
DISCLAIMER_AT = 12  # a disclaimer inside running prose counts only when it opens the line ("特别声明：本文为…")


def _is_date_alone(text: str) -> bool:
    """Whether ``text`` is a full date and nothing else (a time, a weekday may follow)."""
    m = _DATE.match(text) or _ZH_DATE.match(text)
    if m is None or parse_date(m.group(0)) is None:
        return False
    tail = _BYLINE_TAIL.match(text, m.end())
    return (tail.end() if tail else m.end()) == len(text)


def _is_player_line(text: str) -> bool:
    """Whether ``text`` is only a video player's controls: ``倍速 2.0X 1.5X``, ``00:00 / 03:25``, ``高清``."""
    tokens = text.replace("/", " / ").split()
    return bool(tokens) and any(t != "/" for t in tokens) and all(_PLAYER_TOKEN.fullmatch(t) for t in tokens)


def _next_nonempty(texts: list[str]) -> list[int | None]:
    """For each line, the index of the next non-empty line after it (None at the end)."""
    out: list[int | None] = [None] * len(texts)
    nxt: int | None = None
    for i in range(len(texts) - 1, -1, -1):
        out[i] = nxt
        if texts[i]:
            nxt = i
    return out


def _starts_another_article(text: str, following: int | None, texts: list[str]) -> bool:
    """After the story: a headline followed by its own byline (a date and a source or author) starts another article."""
    if following is None or not _is_heading_shape(text) or parse_byline(text) is not None or parse_metadata(text) is not None:
        return False
    nxt = texts[following]
    fields = parse_byline(nxt) if len(nxt) <= BYLINE_MAX else None
    if fields is None:
        fields = parse_metadata(nxt)
    return fields is not None and "date" in fields and bool({"source", "author"} & set(fields))


def _date_of(text: str) -> str:
    """The date a metadata line or byline gives (as :func:`parse_metadata` or :func:`parse_byline` read it)."""
    fields = parse_metadata(text) or parse_byline(text) or parse_byline(text, by_headline=False) or {}
    return fields.get("date") or parse_date(text) or ""


def _date_under_the_headline(dates: list[tuple[int, str]], kinds: list[LineKind], reasons: list[str]) -> tuple[int, str]:
    """The line whose date is the article's: the first dated line after the headline and before the
    body's prose (the "时间：2024.05.20" under it), else the first dated line of the page."""
    head = next((i for i, (k, r) in enumerate(zip(kinds, reasons)) if k == "title" or r == "title"), None)
    if head is not None:
        body = next((i for i in range(head + 1, len(kinds)) if kinds[i] == "paragraph"), len(kinds))
        under = [(i, kind) for i, kind in dates if head < i < body]
        if under:
            return under[0]
    return dates[0]


def _drop_repeated_subtitle(texts: list[str], kinds: list[LineKind], reasons: list[str]) -> None:
    """A subtitle under the headline that the first paragraph repeats is said once: a first paragraph
    that is the subtitle goes; one that starts with it keeps it, and the subtitle line goes."""
    first_body = next((i for i, k in enumerate(kinds) if k in ("heading", "paragraph")), None)
    if first_body is None or not _is_heading_shape(texts[first_body]):
        return
    para = next((i for i in range(first_body + 1, len(kinds)) if kinds[i] in ("heading", "paragraph")), None)
    if para is None:
        return
    sub, first = _key(texts[first_body]), _key(texts[para])
    if len(sub) < SUBTITLE_MIN:
        return
    if first == sub:
        kinds[para], reasons[para] = "boilerplate", "subtitle repeated"
        if kinds[first_body] == "paragraph":
            kinds[first_body] = "heading"
    elif first.startswith(sub) and kinds[para] == "paragraph":
        kinds[first_body], reasons[first_body] = "boilerplate", "subtitle repeated in the first paragraph"


SUBTITLE_MIN = 4


def _near(a: str, b: str) -> bool:
    """Whether one key starts the other and is at least 80% of it (the headline with or without "(图)")."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(short) * 5 >= len(long) * 4


def _bullet_runs(texts: list[str]) -> list[bool]:
    """Which lines are in a run of two or more short lines that start with a bullet (related links in plain text)."""
    item = [bool(t) and t[0] in _BULLET and len(t) <= BULLET_LINE_MAX and not _is_prose(t) for t in texts]
    out = [False] * len(texts)
    i = 0
    while i < len(texts):
        if not item[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and item[j]:
            j += 1
        if j - i >= 2:
            out[i:j] = [True] * (j - i)
        i = j
    return out


def _furniture(t: str, footer_may_start: bool) -> tuple[LineKind, str] | None:
    """Kind and reason of a line of page furniture (footer, navigation, share bar), or None.

    A footer line starts the site footer only when ``footer_may_start``
    (running prose came before it); otherwise it is a line of its own.
    """
    if _FOOTER_LINE.match(t):
        return "boilerplate", "copyright / licence / social link"
    if _FOOTER_START.match(t):
        return "boilerplate", SITE_FOOTER if footer_may_start else "comment / related links"
    if _BREADCRUMB.search(t) or _SHARE.match(t):
        return "boilerplate", NAVIGATION
    return None


def line_starts(texts: list[str]) -> list[int]:
    """Where each of ``texts`` begins in ``"\\n".join(texts)`` (find a position's line with bisect)."""
    return list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))


def _lines_with(pattern: re.Pattern[str], texts: list[str]) -> set[int]:
    """Indices of the ``texts`` where ``pattern`` matches, found in one pass over them all."""
    hits = [m.start() for m in pattern.finditer("\n".join(texts))]
    if not hits:
        return set()
    starts = line_starts(texts)
    return {bisect.bisect_right(starts, h) - 1 for h in hits}


def _body_follows(texts: list[str]) -> list[bool]:
    """For each line, whether the next non-empty line is body text (long, or ends a sentence).

    A short unpunctuated line is a heading when body text follows it.  One
    backward pass: each line's answer is decided by the nearest non-empty
    line after it.
    """
    out = [False] * len(texts)
    follows = False
    for i in range(len(texts) - 1, -1, -1):
        out[i] = follows
        t = texts[i]
        if t:
            follows = len(t) > HEADING_MAX or t[-1] in _SENTENCE_END
    return out
