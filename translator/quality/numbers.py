"""Numbers in Chinese news text, their English rendering, and the check that a
translation kept them.

Three entry points:

* :func:`parse` finds numeric expressions in a Simplified Chinese source
  (``4965万``, ``3500多亩``, ``百分之三十``, ``三分之一``, ``第十一届``,
  ``2020年6月4日``, ``１２个`` ...) and returns :class:`Number` values with
  their kind, approximation, unit and span;
* :func:`to_english` renders one in English news style
  (``4965万`` → ``49.65 million``, ``3500多亩`` → ``more than 3,500 mu``);
* :func:`compare` checks that every number of a source is in its English
  target with the same value, qualifier and unit, and that the target adds
  none, returning :class:`NumberProblem` items for QA.

:func:`extract_english` is the English side: digits (``49,650,000``,
``49.65 million``), number words (``five``, ``three thousand``), fractions
(``one third``, ``a third``), percentages (``30%``, ``30 percent``),
ordinals (``11th``, ``eleventh``), dates (``June 4, 2020``, ``4 June 2020``,
``2020-06-04``) and qualifiers (``more than``, ``nearly`` ...).

Pure: no I/O, nothing loaded.  Chinese numerals are only taken as numbers
where Chinese writes a number (a measure word or unit follows, or 第 / 百分之 /
分之 frames them, or they have place values like 三千五百), so words such as
千万 "by all means", 万一 "in case", 一些, 五金, 两会 are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal, Sequence

Kind = Literal["cardinal", "ordinal", "percent", "fraction", "year", "date"]
Approx = Literal["more_than", "nearly", "about", "at_least", "less_than", "at_most"]
DateParts = tuple[int | None, int | None, int | None]  # (year, month, day)

__all__ = [
    "Number",
    "NumberProblem",
    "parse",
    "parse_zh_numeral",
    "extract_english",
    "to_english",
    "format_value",
    "compare",
    "APPROX_EN",
    "UNITS",
]


@dataclass(frozen=True)
class Number:
    """One numeric expression, in a Chinese source or an English target.

    ``value`` is the full value (``4965万`` → 49650000; ``30%`` → 30;
    ``三分之一`` → 0.333…; a year → the year; a date → its year, month or day,
    whichever is most significant).  ``unit`` is an English unit key of
    :data:`UNITS` (``"mu"``, ``"yuan"`` ...) or ``None``.  ``step`` is the
    precision the text shows (``49.65 million`` → 10000).  ``soft`` marks an
    expression that is often not a number in translation (Chinese ``一个`` "a",
    English ``one``, ``first``, ``both``): it may be matched, but is never
    reported missing or extra.
    """

    value: int | float
    kind: Kind = "cardinal"
    approx: Approx | None = None
    unit: str | None = None
    span: tuple[int, int] = (0, 0)
    text: str = ""
    date: DateParts | None = None
    step: float = 1.0
    soft: bool = False
    note: str = ""  # e.g. "plan" for 十三五 (13th Five-Year Plan)


@dataclass(frozen=True)
class NumberProblem:
    """A difference between the numbers of a source and its translation.

    ``code`` is one of ``number_mismatch`` (value missing or different;
    severity ``error``, or ``warning`` when the target only rounded it),
    ``number_qualifier`` (多/近/以上 ... lost or added), ``number_unit``
    (unit or percent missing) and ``number_extra`` (a number in the target
    with no counterpart in the source).
    """

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    source: Number | None = None
    target: Number | None = None


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

APPROX_EN: dict[str, str] = {
    "more_than": "more than",
    "nearly": "nearly",
    "about": "about",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "up to",
}

# Qualifiers that may stand for each other without a warning.
_APPROX_OK: dict[str | None, set[str | None]] = {
    None: {None},
    "more_than": {"more_than", "at_least"},
    "at_least": {"at_least", "more_than"},
    "nearly": {"nearly", "about"},
    "about": {"about", "nearly"},
    "less_than": {"less_than", "at_most"},
    "at_most": {"at_most", "less_than"},
}


@dataclass(frozen=True)
class UnitInfo:
    singular: str
    plural: str
    pattern: str | None  # English regex; None: not checked in targets
    measure: bool = False  # a physical/money unit: render digits, never words


UNITS: dict[str, UnitInfo] = {
    "mu": UnitInfo("mu", "mu", r"\bmu\b", True),
    "hectare": UnitInfo("hectare", "hectares", r"\bhectares?\b|\bha\b", True),
    "square km": UnitInfo(
        "square km", "square km", r"\bsquare\s+(?:kilomet(?:re|er)s?|km)\b|\bsq\.?\s*km\b|\bkm2\b|km²", True
    ),
    "square metre": UnitInfo(
        "square metre", "square metres", r"\bsquare\s+met(?:re|er)s?\b|\bsq\.?\s*m\b|\bm2\b|m²", True
    ),
    "cubic metre": UnitInfo("cubic metre", "cubic metres", r"\bcubic\s+met(?:re|er)s?\b|\bm3\b|m³", True),
    "km": UnitInfo("km", "km", r"\bkilomet(?:re|er)s?\b|\bkm\b", True),
    "metre": UnitInfo("metre", "metres", r"\bmet(?:re|er)s?\b|\bm\b", True),
    "cm": UnitInfo("cm", "cm", r"\bcentimet(?:re|er)s?\b|\bcm\b", True),
    "tonne": UnitInfo("tonne", "tonnes", r"\btonnes?\b|\btons?\b", True),
    "kg": UnitInfo("kg", "kg", r"\bkilo(?:gram(?:me)?)?s?\b|\bkgs?\b", True),
    "jin": UnitInfo("jin", "jin", r"\bjin\b|\bcatt(?:y|ies)\b", True),
    "yuan": UnitInfo("yuan", "yuan", r"\byuan\b|\bRMB\b|\bCNY\b|\brenminbi\b|[¥￥]", True),
    "US dollar": UnitInfo("US dollar", "US dollars", r"\bdollars?\b|\bUSD\b|\$", True),
    "euro": UnitInfo("euro", "euros", r"\beuros?\b|\bEUR\b|€", True),
    "HK dollar": UnitInfo("Hong Kong dollar", "Hong Kong dollars", r"\bHong Kong dollars?\b|\bHK\$|\bHKD\b", True),
    "kWh": UnitInfo("kWh", "kWh", r"\bkilowatt[- ]hours?\b|\bkWh\b", True),
    "kW": UnitInfo("kW", "kW", r"\bkilowatts?\b|\bkW\b", True),
    "MW": UnitInfo("MW", "MW", r"\bmegawatts?\b|\bMW\b", True),
    "household": UnitInfo("household", "households", r"\bhouseholds?\b|\bfamil(?:y|ies)\b|\bhomes?\b"),
    "percentage point": UnitInfo(
        "percentage point", "percentage points", r"\bpercentage[- ]points?\b|\bpoints?\b|\bpp\b", True
    ),
    # rendered, never checked: translations vary too much
    "times": UnitInfo("time", "times", None),
    "person": UnitInfo("person", "people", None),
    "person-time": UnitInfo("person-time", "person-times", None),
    "year": UnitInfo("year", "years", None),
    "month": UnitInfo("month", "months", None),
    "week": UnitInfo("week", "weeks", None),
    "day": UnitInfo("day", "days", None),
    "hour": UnitInfo("hour", "hours", None),
    "age": UnitInfo("year old", "years old", None),
}

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
_MEASURES = frozenset(
    "个 场 家 项 次 名 位 届 批 所 座 条 件 台 辆 株 头 只 篇 部 期 轮 款 类 种 处 间 套 张 份 "
    "起 级 组 支 根 棵 块 本 首 段 层 栋 幢 床 道 门 艘 架 枚 例 匹 口 对 双 封 笔 宗 集".split()
)
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

# Full-width digits and signs -> ASCII, length-preserving so spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／－", "0123456789.%/-")

_ZD = "零〇○一二两三四五六七八九"
_NUMZ = rf"[{_ZD}十百千万亿]+(?:点[{_ZD}]+)?"
_NUMA = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_NUM = rf"(?:{_NUMA}|{_NUMZ})"
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
        else:  # 万 / 亿
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
    if pending:
        if last_unit >= 100 and s[-2] in "百千万亿":
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
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation:
            return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _zh_int(whole) if whole not in ("零", "〇") else 0
        f = _zh_digits(frac)
        if w is None or f is None:
            return None
        return Decimal(f"{w}.{''.join(str(_ZH_DIGITS[c]) for c in frac)}")
    v = _zh_int(s)
    return None if v is None else Decimal(v)


def _plain(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _step_of(d: Decimal, mult: int = 1) -> float:
    """The precision a number shows: 4965万 → 10000, 1.2万 → 1000, 35.5 → 0.1."""
    exp = d.as_tuple().exponent
    return float(Decimal(10) ** min(int(exp), 0) * mult)


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
        d = parse_zh_numeral(g("dd")) if g("dd") else None
        if not isinstance(mo, int) or not 1 <= mo <= 12 or (d is not None and not 1 <= int(d) <= 31):
            return None
        parts: DateParts = (y, mo, int(d) if d is not None else None)
        value = y if y is not None else mo
        return Number(value, "date", span=(start, end), date=parts)
    if g("day"):
        d = int(g("dv"))
        return Number(d, "date", span=(start, end), date=(None, None, d))
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
        d = _decimal(g("pz"))
        if d is None:
            return None
        return _with_context(t, Number(_plain(d), "percent", span=(start, end), step=_step_of(d)))
    if g("fracz"):
        den, num = _decimal(g("fden")), _decimal(g("fnum"))
        if not den or num is None:
            return None
        return _with_context(t, Number(float(num / den), "fraction", span=(start, end), step=0.0))
    if g("half"):
        return _with_context(t, Number(0.5, "fraction", span=(start, end), step=0.0))
    if g("ord"):
        d = _decimal(g("ov"))
        if d is None or d != d.to_integral_value():
            return None
        return Number(int(d), "ordinal", span=(start, end))
    if g("fraca"):
        a, b = int(g("fa")), int(g("fb"))
        if b == 0 or a >= b:
            return None
        return _with_context(t, Number(a / b, "fraction", span=(start, end), step=0.0))
    if g("cheng"):
        d = Decimal(g("cv")) if g("cv")[0].isdigit() else Decimal(_ZH_DIGITS[g("cv")])
        return _with_context(t, Number(_plain(d * 10), "percent", span=(start, end)))
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
    value = d * mult
    approx: Approx | None = "more_than" if (q1 or q2) else None
    if pct:
        num = Number(_plain(value), "percent", approx, span=(start, end), step=_step_of(d, mult))
        return _with_context(t, num)
    # Chinese numerals need a frame to be a number.
    single = is_zh and len(nv) == 1
    unit_key, _, measure_len = _unit_or_measure(t, end)
    framed = bool(mult_s or q1 or q2 or unit_key or measure_len)
    if single and not framed:
        return None
    soft = is_zh and nv == "一" and not mult_s and not q1 and not q2
    num = Number(_plain(value), "cardinal", approx, span=(start, end), step=_step_of(d, mult), soft=soft)
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
    return replace(num, span=(start, end), approx=approx, unit=unit, value=value, kind=kind)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# English rendering
# ---------------------------------------------------------------------------

_SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS_ORD = "_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}


def format_value(value: int | float | Decimal, *, words: bool = False) -> str:
    """English digits for ``value``: ``49650000`` → ``49.65 million``, ``3500`` → ``3,500``,
    ``35.5`` → ``35.5``; with ``words``, 1–9 as words (``five``)."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if words and d == d.to_integral_value() and 1 <= d <= 9:
        return _SMALL_WORDS[int(d)]
    if abs(d) >= 10**6:
        for scale, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if abs(d) >= scale:
                q = (d / scale).normalize()
                exp = q.as_tuple().exponent
                if isinstance(exp, int) and exp >= -3:
                    return f"{_group(q)} {name}"
                break
    return _group(d)


def _group(d: Decimal) -> str:
    d = d.normalize()
    if d == d.to_integral_value():
        return f"{int(d):,}"
    s = format(d, "f")
    whole, _, frac = s.partition(".")
    return f"{int(whole):,}.{frac}" if whole not in ("-0",) else f"-0.{frac}"


def _ordinal(n: int, *, words: bool = True) -> str:
    if words and 1 <= n <= 9:
        return _ORD_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fraction_words(value: float) -> str:
    for den in range(2, 11):
        num = round(value * den)
        if num and abs(num / den - value) < 1e-9:
            if den in _FRACTION_NAMES:
                one, many = _FRACTION_NAMES[den]
            else:
                one = _ORD_WORDS[den]
                many = one + "s"
            return f"{_SMALL_WORDS[num]} {one if num == 1 else many}" if num < 20 else f"{num}/{den}"
    return format_value(round(value * 100, 2)) + " percent"


def _date_english(parts: DateParts) -> str:
    y, mo, d = parts
    if mo is None:
        if y is not None:
            return str(y)
        return _ordinal(d or 0, words=False)
    name = _MONTHS[mo - 1]
    if d is not None and y is not None:
        return f"{name} {d}, {y}"
    if d is not None:
        return f"{name} {d}"
    if y is not None:
        return f"{name} {y}"
    return name


def to_english(expr: Number | str | int | float, *, words: bool = True) -> str:
    """English news rendering: ``4965万`` → ``49.65 million``, ``660多万`` →
    ``more than 6.6 million``, ``3500多亩`` → ``more than 3,500 mu``, ``1/3`` →
    ``one third``, ``百分之三十`` → ``30 percent``, ``第十一届`` → ``11th``,
    ``2020年6月4日`` → ``June 4, 2020``.

    A string is parsed with :func:`parse` and must hold exactly one number
    (``ValueError`` otherwise).  With ``words``, counts 1–9 without a
    physical unit and ordinals 1st–9th are words (``five``, ``first``).
    """
    if isinstance(expr, bool):
        raise TypeError("to_english() takes a Number, a Chinese string or a number, not bool")
    if isinstance(expr, (int, float)):
        return format_value(expr, words=words)
    if isinstance(expr, str):
        found = parse(expr)
        if len(found) != 1:
            what = "no number" if not found else f"{len(found)} numbers"
            raise ValueError(f"to_english() needs one numeric expression; {expr!r} has {what}")
        expr = found[0]
    num = expr
    if num.kind == "date" and num.date is not None:
        text = _date_english(num.date)
    elif num.kind == "year":
        text = str(int(num.value))
    elif num.kind == "ordinal":
        text = _ordinal(int(num.value), words=words)
        if num.note == "plan":
            text += " Five-Year Plan"
    elif num.kind == "fraction":
        text = _fraction_words(float(num.value))
    elif num.kind == "percent":
        text = format_value(num.value)
        text += " percentage points" if num.unit == "percentage point" else " percent"
    else:
        info = UNITS.get(num.unit or "")
        use_words = words and (info is None or not info.measure)
        text = format_value(num.value, words=use_words)
        if info is not None:
            one = num.value == 1 and num.approx is None
            text += " " + (info.singular if one else info.plural)
    if num.approx:
        text = f"{APPROX_EN[num.approx]} {text}"
    return text


# ---------------------------------------------------------------------------
# English extraction
# ---------------------------------------------------------------------------

_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_SMALL_WORDS)}
_WORD_VALUES.update({w: 10 * i for i, w in enumerate(_TENS_WORDS) if w != "_"})
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ORD_WORDS) if i}
_ORD_VALUES.update({w: 10 * i for i, w in enumerate(_TENS_ORD) if w != "_"})
_DEN_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
              "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
              "tenth": 10, "tenths": 10}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_INDEX = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)}
_ORDSFX = r"(?:st|nd|rd|th)"
_NOT_BEFORE = r"(?:(?<=RMB)|(?<=CNY)|(?<=USD)|(?<=US\$)|(?<=HK\$)|(?<![A-Za-z0-9_.,]))(?<![A-Za-z]-)"

_EN_DATE = re.compile(
    rf"""
    (?P<iso>{_NOT_BEFORE}(?P<iy>[12][0-9]{{3}})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9])(?![0-9]))
  | (?P<md>\b(?P<m1>{_MONTH_RE})\s+(?P<d1>[0-3]?[0-9]){_ORDSFX}?\b(?:,?\s+(?P<y1>[12][0-9]{{3}})\b)?)
  | (?P<dm>{_NOT_BEFORE}(?P<d2>[0-3]?[0-9]){_ORDSFX}?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})(?:,?\s+(?P<y2>[12][0-9]{{3}})\b)?)
  | (?P<my>\b(?P<m3>{_MONTH_RE}),?\s+(?P<y3>[12][0-9]{{3}})\b)
  | (?P<mo>\b(?P<m4>January|February|March|April|June|July|August|September|October|November|December)\b)
  | (?P<may>\b(?:[Ii]n|of|[Ss]ince|from|until|till|by|through|to|between|and|early|late|mid|before|after|last|next|this)[\s-]+(?P<m5>May)\b)
    """,
    re.VERBOSE,
)
_EN_DIGITS = re.compile(
    rf"""
    {_NOT_BEFORE}
    (?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
    (?:
        (?P<ordsfx>{_ORDSFX})\b
      | /(?P<den>[0-9]+)\b
      | (?:(?:\s+|-)(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b|(?P<abbr>bn|mn)\b)?
        (?:\s*(?P<pct>%|(?i:percent|per\s+cent|pct)\b)|\s+(?P<pp>(?i:percentage[- ]points?))\b)?
        (?P<plus>\+|-plus\b)?
    )
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
_NUMWORD = r"(?:" + "|".join(sorted(list(_WORD_VALUES) + list(_SCALE_WORDS), key=len, reverse=True)) + r")"
_EN_WORDS = re.compile(
    rf"(?i:\b(?P<a>a\s+)?(?P<run>{_NUMWORD}(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?<=million)\s+and\s+|\s+|-){_NUMWORD})*)\b)"
    rf"(?P<frac>(?i:[\s-]+(?:{'|'.join(_DEN_WORDS)})\b))?"
    r"(?:\s*(?P<pct>%|(?i:percent|per\s+cent)\b))?"
)
_EN_AFRAC = re.compile(rf"(?i:\b(?:a|one)[\s-]+(?P<den>half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b)")
_EN_HALF = re.compile(r"(?i:\bhalf\b)")
_EN_ORDWORD = re.compile(
    r"(?i:\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?P<w>"
    + "|".join(sorted(_ORD_VALUES, key=len, reverse=True))
    + r")\b)"
)
# "one third", "a third", "two-thirds": the ordinal word is a denominator
_EN_FRACTION_HEAD = re.compile(
    r"(?i:\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+)$"
)
_EN_SOFT = re.compile(r"(?i:\b(?P<w>both|twice|double|doubled|twin|triple|tripled|threefold|twofold)\b)")
_SOFT_VALUES = {"both": 2, "twice": 2, "double": 2, "doubled": 2, "twin": 2, "twofold": 2,
                "triple": 3, "tripled": 3, "threefold": 3}
_EN_QUAL_BEFORE = re.compile(
    r"(?i:\b(?P<q>more\s+than|over|upwards\s+of|in\s+excess\s+of|above|exceeding|exceeded|surpassing|"
    r"nearly|almost|close\s+to|approaching|just\s+under|just\s+below|about|around|approximately|roughly|some|"
    r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|a\s+minimum\s+of|"
    r"less\s+than|fewer\s+than|under|below|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|"
    r"a\s+maximum\s+of)"
    r"[\s-]+(?:(?:the|an?)\s+)?(?:(?:RMB|CNY|US\$|HK\$|\$|¥|￥|€|£)\s*)?$)"
)
_EN_QUAL_AFTER = re.compile(
    r"(?i:^(?:-(?P<q1>odd|plus)\b|\s*(?:[A-Za-z-]+\s+){0,3}?(?P<q>or\s+more|or\s+above|and\s+above|and\s+more|or\s+so|or\s+less|or\s+fewer)\b))"
)
_QUAL_MAP: dict[str, Approx] = {
    "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "above": "more_than", "exceeding": "more_than", "exceeded": "more_than", "surpassing": "more_than",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "approaching": "nearly",
    "just under": "nearly", "just below": "nearly",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "at least": "at_least", "no less than": "at_least", "not less than": "at_least",
    "no fewer than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "not more than": "at_most",
    "a maximum of": "at_most",
    "or more": "at_least", "or above": "at_least", "and above": "at_least", "and more": "at_least",
    "or so": "about", "odd": "more_than", "or less": "at_most", "or fewer": "at_most",
    "plus": "more_than", "+": "more_than", "-plus": "more_than",
}
_FIVE_YEAR_PLAN = re.compile(r"(?i:\bfive[- ]year\s+plans?)")


def _word_run_value(run: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in re.split(r"[\s-]+", run.lower()):
        if w == "and" or not w:
            continue
        if w in _WORD_VALUES:
            current += _WORD_VALUES[w]
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif w in _SCALE_WORDS:
            total += max(current, 1) * _SCALE_WORDS[w]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def extract_english(text: str) -> list[Number]:
    """Numbers in an English ``text``, left to right, each with its qualifier."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(num: Number) -> None:
        taken.append(num.span)
        found.append(num)

    for m in _FIVE_YEAR_PLAN.finditer(text):  # 13th Five-Year Plan: the five is a name, 五年 may use it
        add(Number(5, "cardinal", unit="year", span=(m.start(), m.start() + 4), text=text[m.start() : m.start() + 4], soft=True))

    for m in _EN_DATE.finditer(text):
        if not free(*m.span()):
            continue
        g = m.group
        if g("iso"):
            y, mo, d = int(g("iy")), int(g("im")), int(g("id"))
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            parts: DateParts = (y, mo, d)
        else:
            mname = g("m1") or g("m2") or g("m3") or g("m4") or g("m5")
            mo = _MONTH_INDEX[mname[:3].lower()]
            dd = g("d1") or g("d2")
            yy = g("y1") or g("y2") or g("y3")
            if dd is not None and not 1 <= int(dd) <= 31:
                continue
            parts = (int(yy) if yy else None, mo, int(dd) if dd else None)
        value = parts[0] if parts[0] is not None else parts[1]
        span = (m.start("m5"), m.end()) if g("may") else m.span()
        add(Number(value or 0, "date", span=span, text=text[span[0] : span[1]], date=parts))

    for m in _EN_DIGITS.finditer(text):
        if not free(*m.span()):
            continue
        g = m.group
        raw = g("n")
        try:
            d = Decimal(raw.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits digits
            continue
        if g("ordsfx"):
            add(Number(int(d), "ordinal", span=m.span(), text=m.group(0)))
            continue
        if g("den"):
            den = int(g("den"))
            if den:
                add(Number(float(d / den), "fraction", span=m.span(), text=m.group(0), step=0.0))
            continue
        scale = 1
        if g("scale"):
            scale = _SCALE_WORDS[g("scale").lower()]
        elif g("abbr"):
            scale = 10**9 if g("abbr") == "bn" else 10**6
        value = d * scale
        if "." in raw:
            step = float(Decimal(10) ** Decimal(raw).as_tuple().exponent * scale)
        else:
            digits = raw.replace(",", "")
            zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
            step = float(10**zeros * scale)
        kind: Kind = "cardinal"
        unit = None
        if g("pct"):
            kind = "percent"
        elif g("pp"):
            kind, unit = "percent", "percentage point"
        elif scale == 1 and "," not in raw and "." not in raw and 1000 <= d <= 2199 and len(raw) == 4:
            kind = "year"
        approx: Approx | None = "more_than" if g("plus") else None
        add(Number(_plain(value), kind, approx, unit, span=m.span(), text=m.group(0), step=step,
                   date=(int(d), None, None) if kind == "year" else None))

    for m in _EN_ORDWORD.finditer(text):
        if free(*m.span()) and not _EN_FRACTION_HEAD.search(text[max(0, m.start() - 12) : m.start()]):
            v = _ORD_VALUES[m.group("w").lower()] + (_WORD_VALUES[m.group("tens").lower()] if m.group("tens") else 0)
            add(Number(v, "ordinal", span=m.span(), text=m.group(0), soft=v <= 3))

    for m in _EN_WORDS.finditer(text):
        if not free(m.start("run"), m.end()):
            continue
        run = m.group("run")
        value = _word_run_value(run)
        if value is None:
            continue
        start = m.start("a") if m.group("a") and run.split()[0].lower() in _SCALE_WORDS else m.start("run")
        if m.group("frac"):
            den = _DEN_WORDS[m.group("frac").strip(" -").lower()]
            add(Number(value / den, "fraction", span=(start, m.end()), text=text[start : m.end()], step=0.0))
            continue
        kind = "percent" if m.group("pct") else "cardinal"
        end = m.end()
        soft = value <= 1 and kind == "cardinal"
        add(Number(value, kind, span=(start, end), text=text[start:end], soft=soft))

    for m in _EN_AFRAC.finditer(text):
        if free(*m.span()):
            add(Number(1 / _DEN_WORDS[m.group("den").lower()], "fraction", span=m.span(), text=m.group(0), step=0.0))
    for m in _EN_HALF.finditer(text):
        if free(*m.span()):
            add(Number(0.5, "fraction", span=m.span(), text=m.group(0), step=0.0, soft=True))
    for m in _EN_SOFT.finditer(text):
        if free(*m.span()):
            add(Number(_SOFT_VALUES[m.group("w").lower()], "cardinal", span=m.span(), text=m.group(0), soft=True))

    out = []
    for num in sorted(found, key=lambda n: n.span):
        out.append(_english_qualifier(text, num))
    return out


def _english_qualifier(text: str, num: Number) -> Number:
    if num.approx is not None or num.kind in ("date", "ordinal"):
        return num
    start, end = num.span
    q = None
    before = _EN_QUAL_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        q = before.group("q")
    else:
        after = _EN_QUAL_AFTER.match(text[end : end + 40])
        if after:
            q = after.group("q") or after.group("q1")
    if q is None:
        return num
    approx = _QUAL_MAP[re.sub(r"\s+", " ", q.lower())]
    kind = "cardinal" if num.kind == "year" else num.kind  # "over 2000 yuan" is no year
    return replace(num, approx=approx, kind=kind, date=None if kind == "cardinal" else num.date)


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

_TEMPORAL = ("year", "date")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _values(s: Number, t: Number) -> tuple[float, float] | None:
    """The two values to compare, on the target's scale, or None if kinds cannot match."""
    sk, tk = s.kind, t.kind
    if sk in _TEMPORAL or tk == "date":
        return None
    if sk == "fraction" and tk == "percent":
        return float(s.value) * 100, float(t.value)
    if sk == "percent" and tk == "fraction":
        return float(s.value), float(t.value) * 100
    if sk == "fraction" and tk not in ("fraction",):
        return None
    if tk == "fraction" and sk != "fraction":
        return None
    return float(s.value), float(t.value)


def _date_match(s: Number, t: Number) -> bool:
    if s.kind == "year":
        y = int(s.value)
        if t.kind == "date":
            return bool(t.date and t.date[0] == y)
        return t.kind in ("year", "cardinal") and _close(float(t.value), y)
    sd = s.date or (None, None, None)
    if t.kind == "date" and t.date:
        return all(a is None or a == b for a, b in zip(sd, t.date))
    if sd[0] is None and sd[1] is None and sd[2] is not None:  # day only: 4日
        return t.kind in ("cardinal", "ordinal") and _close(float(t.value), sd[2])
    if sd[1] is None and sd[2] is None and sd[0] is not None:
        return t.kind in ("year", "cardinal") and _close(float(t.value), sd[0])
    return False


def _exact(s: Number, t: Number) -> bool:
    if s.kind in _TEMPORAL:
        return _date_match(s, t)
    v = _values(s, t)
    return v is not None and _close(*v)


def _rounded(s: Number, t: Number) -> bool:
    if s.kind in _TEMPORAL:
        return False
    v = _values(s, t)
    if v is None:
        return False
    a, b = v
    step = t.step if t.kind != "fraction" else 0.0
    if s.kind == "fraction" and t.kind == "percent":
        step = max(step, 0.1)
    diff = abs(a - b)
    return diff <= step / 2 + 1e-9 * max(1.0, abs(a)) and diff <= 0.05 * abs(a)


def _unit_near(target: str, t: Number, unit: str) -> bool:
    info = UNITS.get(unit)
    if info is None or info.pattern is None:
        return True
    pat = re.compile(info.pattern, re.IGNORECASE if unit not in ("kW", "MW", "kWh") else 0)
    start, end = t.span
    after = target[end : end + 80]
    words = re.match(r"(?:[\s-]*[^\s]+){0,6}", after)
    window_after = words.group(0) if words else after
    window_before = target[max(0, start - 24) : start]
    return bool(pat.search(window_after) or re.search(r"(?:" + info.pattern + r")\s*$", window_before))


def _describe(s: Number) -> str:
    return to_english(s, words=False)


def compare(source_zh: str, target_en: str) -> list[NumberProblem]:
    """Problems with the numbers of ``target_en`` as a translation of ``source_zh``.

    Every source number must be in the target with the same value (a value
    rounded to the precision the target shows is a warning), the same
    qualifier (多/余 → more than, 近 → nearly ...) and its unit (亩 → mu);
    a target number with no source counterpart is a warning.
    """
    src = parse(source_zh)
    tgt = extract_english(target_en)
    used = [False] * len(tgt)
    pairing: dict[int, tuple[int, str]] = {}
    order = sorted(range(len(src)), key=lambda i: src[i].soft)  # required first

    def candidates() -> list[int]:  # a target date may serve several source parts
        return [j for j in range(len(tgt)) if not used[j] or tgt[j].kind == "date"]

    for test, how in ((_exact, "exact"), (_rounded, "rounded")):
        for i in order:
            if i in pairing:
                continue
            s = src[i]
            fits = [j for j in candidates() if test(s, tgt[j])]
            good = [j for j in fits if tgt[j].approx in _APPROX_OK[s.approx]]
            best = (good or fits or [None])[0]
            if best is not None:
                pairing[i] = (best, how)
                used[best] = True

    problems: list[NumberProblem] = []
    src_len = max(len(source_zh), 1)
    tgt_len = max(len(target_en), 1)
    for i, s in enumerate(src):
        expected = _describe(s)
        if i not in pairing:
            if s.soft:
                continue
            klass = "temporal" if s.kind in _TEMPORAL else "numeric"
            rest = [
                j for j in range(len(tgt))
                if not used[j] and not tgt[j].soft
                and (("temporal" if tgt[j].kind in ("date",) else "numeric") == klass or tgt[j].kind == "year")
                and not _explained(tgt[j], src)
            ]
            if rest:
                pos = s.span[0] / src_len
                j = min(rest, key=lambda j: abs(tgt[j].span[0] / tgt_len - pos))
                used[j] = True
                t = tgt[j]
                problems.append(NumberProblem(
                    "number_mismatch", "error",
                    f"{s.text} ({expected}) does not match {t.text!r} in the target", s, t))
            else:
                problems.append(NumberProblem(
                    "number_mismatch", "error",
                    f"{s.text} ({expected}) is missing from the target", s, None))
            continue
        j, how = pairing[i]
        t = tgt[j]
        if how == "rounded":
            shown = t.text if t.approx is None else f"{APPROX_EN[t.approx]} {t.text}"
            problems.append(NumberProblem(
                "number_mismatch", "warning",
                f"{s.text} ({expected}) appears rounded as {shown!r}", s, t))
        if t.approx not in _APPROX_OK[s.approx] and not (how == "rounded" and s.approx is None):
            if s.approx is not None and t.approx is None:
                msg = (f"{s.text}: the qualifier {APPROX_EN[s.approx]!r} is lost in {t.text!r} "
                       f"(expected {expected!r})")
            elif s.approx is None:
                msg = f"{t.text!r} adds {APPROX_EN[t.approx or 'about']!r}; the source {s.text} is exact"
            else:
                msg = (f"{s.text} means {APPROX_EN[s.approx]!r} but the target says "
                       f"{APPROX_EN[t.approx or 'about']!r} {t.text!r}")
            problems.append(NumberProblem("number_qualifier", "warning", msg, s, t))
        if s.kind == "percent" and t.kind not in ("percent", "fraction"):
            problems.append(NumberProblem(
                "number_unit", "warning",
                f"{s.text}: 'percent' is missing after {t.text!r} (expected {expected!r})", s, t))
        elif s.unit and not _unit_near(target_en, t, s.unit):
            name = UNITS[s.unit].plural
            problems.append(NumberProblem(
                "number_unit", "warning",
                f"{s.text}: the unit {name!r} is missing near {t.text!r} (expected {expected!r})", s, t))
    for j, t in enumerate(tgt):
        if used[j] or t.soft or _explained(t, src):
            continue
        problems.append(NumberProblem(
            "number_extra", "warning",
            f"{t.text!r} in the target has no counterpart in the source", None, t))
    return problems


def _explained(t: Number, src: Sequence[Number]) -> bool:
    """A target number whose value the source has anyway (repeated, or part of a date)."""
    for s in src:
        if _exact(s, t):
            return True
        sd = s.date
        if sd is None:
            continue
        if t.kind in ("year", "cardinal") and sd[0] is not None and _close(float(t.value), sd[0]):
            return True
        if t.kind == "date" and t.date:
            if all(b is None or a == b for a, b in zip(sd, t.date)):
                return True
    if t.kind == "date" and t.date:  # June 4, 2020 for 2020年 ... 6月4日 given apart
        parts = [p for p in t.date if p is not None]
        have = {p for s in src if s.date for p in s.date if p is not None}
        return all(p in have for p in parts)
    return False
