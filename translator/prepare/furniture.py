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

# --- line classification -------------------------------------------------------

LineKind = Literal["title", "heading", "paragraph", "metadata", "boilerplate"]

_KEYS = {
    "date": r"发布日期|发布时间|发表日期|发表时间|更新时间|日期|时间|发布于",
    "source": r"来源|稿源|出处|文章来源|信息来源",
    "author": r"作者|记者|撰文|文|通讯员|撰稿",
    "editor": r"责任编辑|责编|编辑|审核|校对|审校|值班编辑",
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
    r"热点推荐|猜你喜欢|最新资讯|热门文章|相关链接|免责声明|版权声明|版权所有|"
    r".{0,12}(?:版权与免责声明|免责声明|版权声明))\s*[:：]?\s*$"
)
# Marks that make a line footer wherever they stand.  Every alternative starts
# with a literal character, so the regex engine skips ahead on that character
# set (one pass over the whole article); [^\S\n] keeps a match inside one line.
_FOOTER_MARK = re.compile(
    r"ICP(?:备|證|证)[^\S\n]*\d|公网安备|增值电信业务经营许可证|版权所有"
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
_SENTENCE_END = "。！？；…!?;.：:"
HEADING_MAX = 30


@dataclass
class Classified:
    """What :func:`classify` found: a kind and a reason for each line, and the article's metadata."""

    kinds: list[LineKind]
    reasons: list[str]
    metadata: dict[str, str] = field(default_factory=dict)


def parse_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return d.isoformat()


def parse_metadata(text: str) -> dict[str, str] | None:
    """``key: value`` fields of a metadata line (``发布日期:2020-06-04 来源:中国电子报``), or None."""
    if not _KEY_RE.match(text.lstrip(" |｜丨/　")):
        return None
    matches = list(_KEY_RE.finditer(text))
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip(" |｜丨/　\t【】[]")
        key = next(k for k in _KEYS if m.group(k))
        if key == "date":
            iso = parse_date(value)
            if iso is None:
                return None
            fields["date"] = iso
        elif value:
            if len(value) > 40:
                return None
            fields[key] = value
    return fields or None


def _is_heading_shape(text: str) -> bool:
    return 0 < len(text) <= HEADING_MAX and text[-1] not in _SENTENCE_END and not text.isdigit()


def classify(texts: list[str], *, marked: list[bool] | None = None, title: str | None = None) -> Classified:
    """Label every line: title, metadata, heading, paragraph or boilerplate.

    ``texts`` are the normalized lines; ``marked`` says which the HTML marked
    as headings.  ``title`` is the title known from elsewhere (an HTML head);
    a body line repeating it is metadata.  Otherwise the first short
    unpunctuated line before the first paragraph is the title.
    """
    n = len(texts)
    kinds: list[LineKind] = ["paragraph"] * n
    reasons = [""] * n
    marked = marked or [False] * n
    meta: dict[str, str] = {}
    body_started = False
    footer = False
    title_seen = title is not None
    wanted_title = title.strip() if title is not None else None
    stripped = [t.strip() for t in texts]
    footer_marked = _lines_with(_FOOTER_MARK, stripped)
    body_follows = _body_follows(stripped)
    hint = _FURNITURE_HINT.match
    for i, t in enumerate(stripped):
        if footer:
            kinds[i], reasons[i] = "boilerplate", "site footer"
            continue
        if i in footer_marked:
            kinds[i], reasons[i] = "boilerplate", "copyright / licence / social link"
            continue
        if hint(t):  # only such lines can be furniture or metadata
            kind_reason = _furniture(t, body_started)
            if kind_reason is not None:
                kinds[i], reasons[i] = kind_reason
                footer = footer or reasons[i] == "site footer"
                continue
            fields = parse_metadata(t)
            if fields is not None:
                kinds[i], reasons[i] = "metadata", ", ".join(sorted(fields))
                for k, v in fields.items():
                    meta.setdefault(k, v)
                if "editor" in fields and body_started:
                    footer = True  # the editor line closes the article
                continue
        if t == wanted_title:
            kinds[i], reasons[i] = "metadata", "title"
            continue
        if not title_seen and not body_started and (_is_heading_shape(t) or marked[i]) and len(t) <= 60:
            kinds[i] = "title"
            title_seen = True
            continue
        if marked[i] or (_is_heading_shape(t) and body_follows[i]):
            kinds[i] = "heading"
        body_started = True
    return Classified(kinds, reasons, meta)


def _furniture(t: str, body_started: bool) -> tuple[LineKind, str] | None:
    """Kind and reason of a line of page furniture (footer, navigation, share bar), or None."""
    if _FOOTER_LINE.match(t):
        return "boilerplate", "copyright / licence / social link"
    if body_started and _FOOTER_START.match(t):
        return "boilerplate", "site footer"
    if _BREADCRUMB.search(t) or _SHARE.match(t):
        return "boilerplate", "navigation / share bar"
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
