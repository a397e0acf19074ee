"""The Chinese side of :mod:`translator.quality.numbers`: numerals and numeric
expressions in a Simplified Chinese source.

:func:`parse` finds numeric expressions (``4965万``, ``3500多亩``,
``百分之三十``, ``三分之一``, ``第十一届``, ``2020年6月4日``, ``１２个`` ...) and
returns :class:`~.model.Number` values with their kind, approximation, unit
and span; :func:`parse_zh_numeral` is the value of one numeral
(``三千五百`` → 3500, ``三十五点五`` → 35.5).

Chinese numerals are only taken as numbers where Chinese writes a number (a
measure word or unit follows, or 第 / 百分之 / 分之 frame them, or they have
place values like 三千五百), so words such as 千万 "by all means", 万一 "in
case", 一些, 五金, 两会 are never required in a translation.  A lone numeral
inside a word (‘三高’, 两型三化, 三大, 行百里者) is returned *soft*: never reported
missing, but it accounts for "the three highs" or "a hundred" in the English.
Full-width digits and signs count as ASCII ones.  Pure: no I/O, nothing loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import Decimal

from .model import _DIV, _EXACT, Approx, DateParts, Number, _plain, _power10

__all__ = ["parse", "parse_zh_numeral"]

# Chinese unit words -> unit key (longest first when matched).
_ZH_UNITS: dict[str, str] = {
    "平方公里": "square km", "平方千米": "square km", "平方米": "square metre", "平米": "square metre",
    "立方米": "cubic metre", "公顷": "hectare", "亩": "mu", "公里": "km", "千米": "km", "厘米": "cm",
    "米": "metre", "吨": "tonne", "公斤": "kg", "千克": "kg", "斤": "jin",
    "美元": "US dollar", "欧元": "euro", "港元": "HK dollar", "港币": "HK dollar",
    "元": "yuan", "块钱": "yuan", "千瓦时": "kWh", "度电": "kWh", "千瓦": "kW", "兆瓦": "MW",
    "贫困户": "household", "农户": "household", "户": "household",
    "个百分点": "percentage point", "百分点": "percentage point",
    "倍": "times", "人次": "person-time", "人": "person",
    "个月": "month", "年": "year", "周年": "year", "天": "day", "周": "week", "小时": "hour", "岁": "age",
}
_ZH_UNIT_KEYS = sorted(_ZH_UNITS, key=len, reverse=True)

# Measure words (classifiers): make a Chinese numeral a number; dropped in English.
_MEASURES = frozenset((
    "个", "场", "家", "项", "次", "名", "位", "届", "批", "所", "座", "条", "件", "台", "辆", "株", "头", "只", "篇",
    "部", "期", "轮", "款", "类", "种", "处", "间", "套", "张", "份", "起", "级", "组", "支", "根", "棵", "块", "本",
    "首", "段", "层", "栋", "幢", "床", "道", "门", "艘", "架", "枚", "例", "匹", "口", "对", "双", "封", "笔", "宗",
    "集"
))
_SUFFIX_APPROX: tuple[tuple[str, Approx], ...] = (
    ("以上", "more_than"), ("之多", "more_than"), ("多", "more_than"), ("余", "more_than"),
    ("以下", "at_most"), ("以内", "at_most"), ("左右", "about"), ("上下", "about"),
)
_PREFIX_APPROX: tuple[tuple[str, Approx], ...] = (
    ("不低于", "at_least"), ("不少于", "at_least"), ("不超过", "at_most"), ("将近", "nearly"),
    ("接近", "nearly"), ("近乎", "nearly"), ("大约", "about"), ("大概", "about"), ("约合", "about"),
    ("超过", "more_than"), ("多于", "more_than"), ("高于", "more_than"), ("不到", "less_than"),
    ("不足", "less_than"), ("少于", "less_than"), ("低于", "less_than"), ("至少", "at_least"),
    ("最少", "at_least"), ("最多", "at_most"), ("约", "about"), ("逾", "more_than"), ("近", "nearly"),
)
# 近 is not "nearly" in 最近 / 附近 / 临近 ..., nor 约 "about" in 节约 / 签约 ...
_NOT_QUALIFIER = {"近": set("最附临靠亲邻就贴"), "约": set("节制签合预相公条违履集特邀婚")}
# Units a trailing 千/百 of a Chinese number belongs to (五千瓦 = 5 kW; 三千米 stays 3,000 m).
_KILO_UNITS = ("千瓦时", "千瓦", "百分点")

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "亿": 10**8}
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
# 百 / 千 standing alone inside a word (行百里者, 千方百计, 百姓): soft numbers, see _from_match
_LONE_PLACES = {"百": 100, "千": 1000}

# Full-width digits and signs -> ASCII, length-preserving so spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／－", "0123456789.%/-")

_ZD = "零〇○一二两三四五六七八九"
_NUMZ = rf"[{_ZD}十百千万亿]+(?:点[{_ZD}]+)?"
_NUMA = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_NUM = rf"(?:{_NUMA}|{_NUMZ})"
_ARABIC = re.compile(r"[0-9][0-9,]*(?:\.[0-9]*)?")  # what _decimal() takes in ASCII
_ZMONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_ZDAY = r"3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"

_ZH_PATTERN = re.compile(
    rf"""
    (?P<iso>(?<![0-9])(?P<iy>[12][0-9]{{3}})[-/.](?P<im>1[0-2]|0?[1-9])[-/.](?P<id>3[01]|[12][0-9]|0?[1-9])(?![0-9]))
  | (?P<date>(?<![0-9])(?:(?P<dy>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})年)?(?P<dm>{_ZMONTH})月份?(?:(?P<dd>{_ZDAY})[日号])?)
  | (?P<day>(?<![0-9])(?P<dv>3[01]|[12][0-9]|0?[1-9])[日号])
  | (?P<year>(?<![0-9])(?P<yv>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})年(?P<fy>度)?)
  | (?P<plan>十(?P<pv>[一二三四五六七八九])五(?:规划|时期|期间|计划)?)
  | (?P<pctz>百分之(?P<pz>{_NUM}))
  | (?P<fracz>(?P<fden>{_NUM})分之(?P<fnum>{_NUM}))
  | (?P<half>一半)
  | (?P<ord>第(?P<ov>{_NUM}))
  | (?P<fraca>(?<![0-9/])(?P<fa>[0-9]{{1,3}})/(?P<fb>[0-9]{{1,3}})(?![0-9/]))
  | (?P<cheng>(?<![0-9.])(?<![零〇一二两三四五六七八九十百千万亿])(?P<cv>[二三四五六七八九]|[0-9](?:\.[0-9])?)成(?![功为立本果绩员长就熟型交]))
  | (?P<num>(?P<nv>{_NUM})(?P<q1>多|余|几)?(?P<mult>[十百千万亿]+)?(?P<q2>多|余)?(?P<pct>%)?)
    """,
    re.VERBOSE,
)


# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------


def _zh_int(s: str) -> int | None:
    """A positional Chinese integer (三千五百, 十一, 一百零五, 两万, 一亿二千万) or None."""
    if not s:
        return None
    if s[0] in "百千万亿":
        return None
    if len(s) > 1 and all(c in _ZH_DIGITS for c in s):
        return None  # digit strings (二〇一九) only stand for years; see _zh_digits
    total = 0
    section = 0
    pending: int | None = None
    last_unit = 0
    for ch in s:
        if ch in _ZH_DIGITS:
            d = _ZH_DIGITS[ch]
            if pending is not None and pending != 0:
                return None  # 三四: not a positional numeral
            pending = d
        elif ch in _ZH_SMALL:
            unit = _ZH_SMALL[ch]
            if not pending:
                if ch != "十":
                    return None  # 百 / 千 without a digit (百姓, 千方百计), or 零百
                pending = 1  # 十一, 一百十, 一千零十: 十 alone means 一十
            section += pending * unit
            pending = None
            last_unit = unit
        elif ch in _ZH_BIG:
            big = _ZH_BIG[ch]
            inner = section + (pending or 0)
            if inner == 0:
                if total == 0:
                    return None
                total *= big  # 万亿
            elif big == 10**8:
                total = (total + inner) * big
            else:
                total += inner * big
            section = 0
            pending = None
            last_unit = big
        else:
            return None  # not a Chinese numeral character (parse_zh_numeral("A"))
    if pending and last_unit >= 100 and s[-2] in "百千万亿":
        pending *= last_unit // 10  # 两万五 = 25000, 三百五 = 350
    return total + section + (pending or 0)


def _zh_digits(s: str) -> int | None:
    """Digit-by-digit Chinese (二〇一九) or ASCII digits."""
    if s.isascii() and s.isdigit():
        return int(s)
    if all(c in _ZH_DIGITS for c in s):
        return int("".join(str(_ZH_DIGITS[c]) for c in s))
    return None


def parse_zh_numeral(s: str) -> int | float | None:
    """Value of a numeral written in Chinese or Arabic digits: ``三千五百`` → 3500,
    ``三十五点五`` → 35.5, ``4,965`` → 4965, ``１２`` → 12; ``None`` if it is not one."""
    d = _decimal(s.translate(_FULLWIDTH))
    return None if d is None else _plain(d)


def _decimal(s: str) -> Decimal | None:
    if not s:
        return None
    if s[0].isascii() and s[0].isdigit():
        # digits, separators, a point: no exponent ("1e999999999" would be
        # a billion-digit int), no underscores or spaces, which Decimal takes
        if not _ARABIC.fullmatch(s):
            return None
        return Decimal(s.replace(",", ""))
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _zh_int(whole) if whole not in ("零", "〇") else 0
        if w is None or not frac or not all(c in _ZH_DIGITS for c in frac):
            return None
        return _EXACT.add(Decimal(w), Decimal("0." + "".join(str(_ZH_DIGITS[c]) for c in frac)))
    v = _zh_int(s)
    return None if v is None else Decimal(v)


def _step_of(d: Decimal, mult: int = 1) -> float:
    """The precision a number shows: 4965万 → 10000, 1.2万 → 1000, 35.5 → 0.1."""
    exp = d.as_tuple().exponent
    return float(_EXACT.multiply(_power10(min(int(exp), 0)), Decimal(mult)))


# ---------------------------------------------------------------------------
# Parsing a Chinese source
# ---------------------------------------------------------------------------


def parse(text: str) -> list[Number]:
    """Numeric expressions in a Simplified Chinese ``text``, left to right.

    Spans include a leading qualifier (近, 超过 ...), a trailing one (多, 以上
    ...), and the unit or measure word (亩, 万元, 个); ordinals stop before
    their measure word (第十一届 → 第十一) so a glosser can translate 届.
    """
    t = text.translate(_FULLWIDTH)
    out: list[Number] = []
    pos = 0
    n = len(t)
    while pos < n:
        m = _ZH_PATTERN.search(t, pos)
        if m is None:
            break
        num = _from_match(t, m)
        if num is None:
            pos = m.end() if m.end() > m.start() else m.start() + 1
            continue
        if _glued_to_latin(t, num.span[0], m.end()):
            pos = m.end()
            continue
        out.append(replace(num, text=text[num.span[0] : num.span[1]]))
        pos = max(num.span[1], m.end())
    return out


def _glued_to_latin(t: str, start: int, end: int) -> bool:
    """5G, G20, COVID-19, PM2.5: digits that are part of a Latin token."""
    before = t[start - 1] if start > 0 else ""
    after = t[end] if end < len(t) else ""
    if before and before.isascii() and (before.isalpha() or before in "_."):
        return True
    if before == "-" and start > 1 and t[start - 2].isascii() and t[start - 2].isalpha():
        return True
    return bool(after) and after.isascii() and after.isalpha()


def _from_match(t: str, m: re.Match[str]) -> Number | None:
    g = m.group
    start, end = m.start(), m.end()
    if g("iso"):
        return Number(int(g("iy")), "date", span=(start, end),
                      date=(int(g("iy")), int(g("im")), int(g("id"))))
    if g("date"):
        y = _zh_digits(g("dy")) if g("dy") else None
        mo = parse_zh_numeral(g("dm"))
        day = parse_zh_numeral(g("dd")) if g("dd") else None
        if not isinstance(mo, int) or not 1 <= mo <= 12 or (day is not None and not 1 <= int(day) <= 31):
            return None
        parts: DateParts = (y, mo, int(day) if day is not None else None)
        return Number(y if y is not None else mo, "date", span=(start, end), date=parts)
    if g("day"):
        dv = int(g("dv"))
        return Number(dv, "date", span=(start, end), date=(None, None, dv))
    if g("year"):
        y = _zh_digits(g("yv"))
        if y is None or not 1000 <= y <= 2199:
            if y is None:
                return None
            return _with_context(t, Number(y, "cardinal", span=(start, start + len(g("yv")))))  # 3000年: years
        return Number(y, "year", span=(start, end), date=(y, None, None))
    if g("plan"):
        v = 10 + _ZH_DIGITS[g("pv")]
        return Number(v, "ordinal", span=(start, end), note="plan")
    if g("pctz"):
        pz = _decimal(g("pz"))
        if pz is None:
            return None
        return _with_context(t, Number(_plain(pz), "percent", span=(start, end), step=_step_of(pz)))
    if g("fracz"):
        den, numer = _decimal(g("fden")), _decimal(g("fnum"))
        if not den or numer is None:
            return None
        ratio = float(_DIV.divide(numer, den))
        if math.isinf(ratio):
            return None  # 1分之<400 digits>: no fraction
        return _with_context(t, Number(ratio, "fraction", span=(start, end), step=0.0))
    if g("half"):
        return _with_context(t, Number(0.5, "fraction", span=(start, end), step=0.0))
    if g("ord"):
        ov = _decimal(g("ov"))
        if ov is None or ov != ov.to_integral_value():
            return None
        return Number(int(ov), "ordinal", span=(start, end))
    if g("fraca"):
        a, b = int(g("fa")), int(g("fb"))
        if b == 0 or a >= b:
            return None
        return _with_context(t, Number(a / b, "fraction", span=(start, end), step=0.0))
    if g("cheng"):
        cv = Decimal(g("cv")) if g("cv")[0].isdigit() else Decimal(_ZH_DIGITS[g("cv")])
        return _with_context(t, Number(_plain(cv * 10), "percent", span=(start, end)))
    # general number
    nv = g("nv")
    is_zh = not (nv[0].isascii() and nv[0].isdigit())
    mult_s = g("mult") or ""
    q1, q2, pct = g("q1"), g("q2"), g("pct")
    if is_zh and not q1:
        # A trailing 千/百 may belong to a unit (五千瓦, 三百分点): give it back.
        core = nv
        while len(core) > 1 and core[-1] in "千百" and _kilo_unit_at(t, m.start("nv") + len(core) - 1):
            core = core[:-1]
        if core != nv:
            nv, end = core, m.start("nv") + len(core)
            mult_s, q2, pct = "", None, None
    d = _decimal(nv)  # a Chinese run holds its own 万/亿 multipliers
    if d is None:
        if is_zh and nv in _LONE_PLACES and not (q1 or q2 or mult_s or pct):
            # 行百里者: 百 alone is "a hundred" inside a word: soft, like 三 in 三高 below
            return Number(_LONE_PLACES[nv], "cardinal", span=(start, start + 1), soft=True)
        return None
    if q1 == "几" and not (is_zh and nv[-1] in "十百千万"):
        return None
    if is_zh and start > 0 and t[start - 1] in "几数":
        return None  # 几十 / 数百: "dozens", "hundreds", not a number
    mult = 1
    if mult_s:
        for ch in mult_s:
            mult *= _MULT[ch]
        # 5千瓦 / 3百分点: a trailing 千/百 of the multiplier may start a unit
        while mult_s and mult_s[-1] in "千百" and _kilo_unit_at(t, m.start("mult") + len(mult_s) - 1) and not q2:
            mult //= _MULT[mult_s[-1]]
            mult_s = mult_s[:-1]
            end = m.start("mult") + len(mult_s)
            pct = None
    total = _EXACT.multiply(d, Decimal(mult))
    approx: Approx | None = "more_than" if (q1 or q2) else None
    if pct:
        num = Number(_plain(total), "percent", approx, span=(start, end), step=_step_of(d, mult))
        return _with_context(t, num)
    # Chinese numerals need a frame to be a number.
    single = is_zh and len(nv) == 1
    unit_key, _, measure_len = _unit_or_measure(t, end)
    framed = bool(mult_s or q1 or q2 or unit_key or measure_len)
    if single and not framed:
        # A numeral inside a compound word (‘三高’, 两型三化, 三大运营商, 五金): not a number a
        # translation must keep, yet its English ("the three highs") is no extra number either.
        return Number(_plain(total), "cardinal", span=(start, end), soft=True)
    soft = is_zh and nv == "一" and not mult_s and not q1 and not q2
    num = Number(_plain(total), "cardinal", approx, span=(start, end), step=_step_of(d, mult), soft=soft)
    return _with_context(t, num)


def _unit_at(t: str, pos: int) -> str | None:
    for zh in _ZH_UNIT_KEYS:
        if t.startswith(zh, pos):
            return zh
    return None


def _kilo_unit_at(t: str, pos: int) -> bool:
    return any(t.startswith(u, pos) for u in _KILO_UNITS)


def _unit_or_measure(t: str, pos: int) -> tuple[str | None, int, int]:
    """(unit key, length of the unit word, length of a measure word) at ``pos``."""
    zh = _unit_at(t, pos)
    if zh is not None:
        return _ZH_UNITS[zh], len(zh), 0
    if pos < len(t) and t[pos] in _MEASURES:
        return None, 0, 1
    return None, 0, 0


def _with_context(t: str, num: Number) -> Number:
    """Extend ``num`` over its unit/measure word and qualifiers on either side."""
    start, end = num.span
    approx = num.approx
    unit = num.unit
    value = num.value
    kind = num.kind
    if kind in ("cardinal", "percent"):
        unit_key, ulen, mlen = _unit_or_measure(t, end)
        if unit_key == "percentage point":
            kind, unit = "percent", unit_key
            end += ulen
        elif unit_key is not None and kind == "cardinal":
            unit = unit_key
            end += ulen
        elif mlen and kind == "cardinal":
            end += mlen
            if t.startswith("多", end):  # 5个多月, 3个多小时: measure, 多, unit
                approx = "more_than"
                end += 1
                if t.startswith("月", end) and t[end - 2] == "个":
                    unit = "month"
                    end += 1
                else:
                    unit_key, ulen, _ = _unit_or_measure(t, end)
                    if unit_key is not None:
                        unit = unit_key
                        end += ulen
    for zh, ap in _SUFFIX_APPROX:
        if t.startswith(zh, end) and not (zh in "多余" and approx):
            if zh == "余" and end < len(t) - 1 and t[end + 1] in "额量下":
                continue  # 余额 (balance), 余量, 余下
            approx = approx or ap
            end += len(zh)
            break
    for zh, ap in _PREFIX_APPROX:
        s = start - len(zh)
        if s >= 0 and t.startswith(zh, s):
            if s > 0 and t[s - 1] in _NOT_QUALIFIER.get(zh, ()):
                continue
            if zh in ("超过", "低于") and s > 0 and t[s - 1] == "不":
                continue
            approx = approx or ap
            start = s
            break
    return replace(num, span=(start, end), approx=approx, unit=unit, value=value, kind=kind)
