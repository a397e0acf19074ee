"""Numbers in Chinese news text, their English rendering, and the check that a
translation kept them.

Three entry points, one module each:

* :func:`parse` (:mod:`.zh`) finds numeric expressions in a Simplified
  Chinese source (``4965万``, ``3500多亩``, ``百分之三十``, ``三分之一``,
  ``第十一届``, ``2020年6月4日``, ``１２个`` ...) and returns :class:`Number`
  values with their kind, approximation, unit and span;
* :func:`to_english` (:mod:`.en`) renders one in English news style
  (``4965万`` → ``49.65 million``, ``3500多亩`` → ``more than 3,500 mu``);
  :func:`extract_english` finds the numbers of an English text;
* :func:`compare` (:mod:`.compare`) checks that every number of a source is
  in its English target with the same value, qualifier and unit, and that the
  target adds none, returning :class:`NumberProblem` items for QA; when two
  numbers match, and the indexes that keep it near-linear, are in
  :mod:`.match`.

Shared types and tables (:class:`Number`, :data:`UNITS`, :data:`APPROX_EN`)
live in :mod:`.model`.  Pure: no I/O, nothing loaded.
"""

from __future__ import annotations

from .compare import compare
from .en import extract_english, format_value, to_english
from .model import (
    APPROX_EN,
    UNITS,
    Approx,
    DateParts,
    Kind,
    Number,
    NumberProblem,
    UnitInfo,
)
from .zh import parse, parse_zh_numeral

__all__ = [
    "APPROX_EN",
    "UNITS",
    "Approx",
    "DateParts",
    "Kind",
    "Number",
    "NumberProblem",
    "UnitInfo",
    "compare",
    "extract_english",
    "format_value",
    "parse",
    "parse_zh_numeral",
    "to_english",
]
