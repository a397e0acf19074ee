"""Shared types and tables of :mod:`translator.quality.numbers`.

:class:`Number` is one numeric expression found in a Chinese source
(:mod:`.zh`) or an English target (:mod:`.en`); :class:`NumberProblem` is
what :mod:`.compare` reports.  :data:`UNITS` maps a unit key (``"mu"``,
``"yuan"`` ...) to its English names and the pattern that finds it in a
target; :data:`APPROX_EN` names the qualifiers (``more_than`` → "more than").
The Decimal helpers here are shared by both sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Literal

Kind = Literal["cardinal", "ordinal", "percent", "fraction", "year", "date"]
Approx = Literal["more_than", "nearly", "about", "at_least", "less_than", "at_most"]
DateParts = tuple[int | None, int | None, int | None]  # (year, month, day)


@dataclass(frozen=True)
class Number:
    """One numeric expression, in a Chinese source or an English target.

    ``value`` is the full value (``4965万`` → 49650000; ``30%`` → 30;
    ``三分之一`` → 0.333…; a year → the year; a date → its year, month or day,
    whichever is most significant; exact: an int, however large, or a float
    below about 1.8e308).  ``unit`` is an English unit key of
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


# Decimal arithmetic that is exact (products, sums, power-of-ten scaling of
# finite decimals), whatever the size: a 400-digit number stays that number.
# Not for division, whose result may not terminate.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
# Division: 28 digits as Python's default context, but no overflow trap.
_DIV = Context(prec=28, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _plain(d: Decimal) -> int | float:
    """An integral Decimal as an int, any other as a float.

    A non-integral value beyond the float range (over about 1.8e308) becomes
    the nearest int: its fraction is far below a float's precision anyway,
    and an int stays comparable where a float would be infinite.
    """
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    if math.isinf(f):
        return int(d.to_integral_value())
    return f


def _power10(exp: int) -> Decimal:
    """10 ** exp as an exact Decimal, for any int exp."""
    return Decimal((0, (1,), exp))


def _digits(n: int) -> str:
    """str(n), also past Python's 4300-digit limit on int-to-str conversion."""
    if n.bit_length() < 10_000:  # about 3,000 digits
        return str(n)
    return format(Decimal(n), "f")
