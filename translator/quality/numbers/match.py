"""When a target number matches a source number, and the indexes that let
:func:`.compare.compare` find the matches without trying every pair.

A target matches a source *exactly* (:func:`_exact`) when the values agree
within a relative 1e-9 (a fraction against a percentage ×100; years and dates
part by part), and *as rounded* (:func:`_rounded`) when the target is within
half the precision it shows (``about 50 million`` for 4965万) and within 5%.

compare() pairs each source number with the first free target that matches,
preferring one whose qualifier agrees.  Trying every target for every source
is quadratic (8,000 numbers in one segment took 15 s; cubic, 4 minutes, with
some of them wrong, for the leftovers), so :class:`_Targets`
buckets the targets by value, kind, qualifier and (for rounding) precision:
a source looks only at the buckets near its value.  Within a bucket every
target answers the match test alike, so only its first free target is
tested, and the pairing is the one the exhaustive scan gives.
:class:`_Sources` answers "does the source have this value anyway?" the same
way, and :class:`_Nearest` finds the free target nearest a position.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence

from .model import DateParts, Number

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

_TEMPORAL = ("year", "date")


# Values are compared as floats, with a relative tolerance of 1e-9.  An int too
# large for a float (a 400-digit run of digits) stays an int (see _fv); _close
# applies the same tolerance to it in integer arithmetic, and _rounded never
# matches it.


def _fv(v: float) -> float:
    """``float(v)``, or ``v`` itself: an int beyond the float range (~1.8e308)."""
    try:
        return float(v)
    except OverflowError:
        return v


def _comparable(a: float, b: float) -> bool:
    """Both are finite floats, so the arithmetic of _close and _rounded applies."""
    if isinstance(a, int) or isinstance(b, int):
        return False
    return math.isfinite(a) and math.isfinite(b)


def _close(a: float, b: float) -> bool:
    if isinstance(a, int) or isinstance(b, int):  # beyond the float range
        x, y = _as_int(a), _as_int(b)
        return x is not None and y is not None and abs(x - y) * 10**9 <= max(abs(x), abs(y))
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _as_int(v: float) -> int | None:
    """An int as is, a finite float truncated (only used beyond 1e308), else None."""
    if isinstance(v, int):
        return v
    return int(v) if math.isfinite(v) else None


def _values(s: Number, t: Number) -> tuple[float, float] | None:
    """The two values to compare, on the target's scale, or None if kinds cannot match."""
    sk, tk = s.kind, t.kind
    if sk in _TEMPORAL or tk == "date":
        return None
    if sk == "fraction" and tk == "percent":
        return _fv(s.value) * 100, _fv(t.value)
    if sk == "percent" and tk == "fraction":
        return _fv(s.value), _fv(t.value) * 100
    if sk == "fraction" and tk not in ("fraction",):
        return None
    if tk == "fraction" and sk != "fraction":
        return None
    return _fv(s.value), _fv(t.value)


def _date_match(s: Number, t: Number) -> bool:
    if s.kind == "year":
        y = int(s.value)
        if t.kind == "date":
            return bool(t.date and t.date[0] == y)
        return t.kind in ("year", "cardinal") and _close(_fv(t.value), float(y))
    sd = s.date or (None, None, None)
    if t.kind == "date" and t.date:
        return all(a is None or a == b for a, b in zip(sd, t.date))
    if sd[0] is None and sd[1] is None and sd[2] is not None:  # day only: 4日
        return t.kind in ("cardinal", "ordinal") and _close(_fv(t.value), float(sd[2]))
    if sd[1] is None and sd[2] is None and sd[0] is not None:
        return t.kind in ("year", "cardinal") and _close(_fv(t.value), float(sd[0]))
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
    if not _comparable(a, b):
        return False
    step = t.step if t.kind != "fraction" else 0.0
    if s.kind == "fraction" and t.kind == "percent":
        step = max(step, 0.1)
    diff = abs(a - b)
    return diff <= step / 2 + 1e-9 * max(1.0, abs(a)) and diff <= 0.05 * abs(a)


# ---------------------------------------------------------------------------
# Indexes
# ---------------------------------------------------------------------------

Test = Callable[[Number, Number], bool]
SlotKey = tuple[str, "str | None"]  # (kind, approx) of the targets in a slot
Slots = dict[SlotKey, "_Slot"]
DateKey = tuple[tuple[int, ...], tuple["int | None", ...]]  # (parts used, their values)

# Every subset of a date's (year, month, day) positions.
_MASKS: tuple[tuple[int, ...], ...] = tuple(
    tuple(k for k in range(3) if bits >> k & 1) for bits in range(8)
)
_YEAR_KINDS = frozenset(("year", "cardinal"))
_DAY_KINDS = frozenset(("cardinal", "ordinal"))
_PERCENT_KIND = frozenset(("percent",))


def _mask_of(parts: DateParts) -> tuple[int, ...]:
    return tuple(k for k in range(3) if parts[k] is not None)


def _date_key(parts: DateParts, mask: tuple[int, ...]) -> DateKey:
    return mask, tuple(parts[k] for k in mask)


def _exact_window(a: float) -> float:
    """A half-width around ``a`` that holds every value _close to it."""
    if isinstance(a, int):
        return abs(a) // 10**8 + 1
    return 2e-9 * max(1.0, abs(a))


def _usable(a: float) -> bool:
    """A value that can be close to something: an int, or a finite float."""
    return isinstance(a, int) or math.isfinite(a)


class _Slot:
    """Target indices of one bucket, ascending, with a cursor past the used ones."""

    __slots__ = ("head", "items")

    def __init__(self) -> None:
        self.items: list[int] = []
        self.head = 0

    def first(self, used: list[bool] | None) -> int | None:
        """The first target not used yet; with ``used`` None (dates), the first."""
        items = self.items
        if used is None:
            return items[0]
        h = self.head
        while h < len(items) and used[items[h]]:
            h += 1
        self.head = h
        return items[h] if h < len(items) else None


class _ByValue:
    """Slots keyed by value, found by a window of values."""

    def __init__(self) -> None:
        self.slots: dict[float, Slots] = {}
        self.keys: list[float] = []

    def add(self, value: float, sub: SlotKey, j: int) -> None:
        if isinstance(value, float) and math.isnan(value):
            return  # matches nothing
        self.slots.setdefault(value, {}).setdefault(sub, _Slot()).items.append(j)

    def freeze(self) -> None:
        self.keys = sorted(self.slots)

    def near(self, a: float, w: float) -> Iterator[Slots]:
        keys = self.keys
        for k in keys[bisect_left(keys, a - w) : bisect_right(keys, a + w)]:
            yield self.slots[k]


class _Targets:
    """The target numbers, bucketed for :meth:`best`.

    Non-date targets are bucketed by value on the scale a source compares
    them at (``plain``; fractions both as they are, ``frac``, and ×100,
    ``frac100``), then by kind and qualifier; for rounding, also by the
    precision (``step``) they show.  Dates go under every subset of their
    parts, so a source date finds them by the parts it has.
    """

    def __init__(self, tgt: Sequence[Number]) -> None:
        self.tgt = tgt
        self.exact: dict[str, _ByValue] = {"plain": _ByValue(), "frac": _ByValue(), "frac100": _ByValue()}
        self.rounded: dict[str, dict[float, _ByValue]] = {"plain": {}, "frac": {}, "frac100": {}}
        self.dates: dict[DateKey, Slots] = {}
        for j, t in enumerate(tgt):
            sub = (t.kind, t.approx)
            if t.kind == "date":
                if t.date:
                    for mask in _MASKS:
                        key = _date_key(t.date, mask)
                        self.dates.setdefault(key, {}).setdefault(sub, _Slot()).items.append(j)
                continue
            v = _fv(t.value)
            views = (("frac", v), ("frac100", v * 100)) if t.kind == "fraction" else (("plain", v),)
            for view, key_value in views:
                self.exact[view].add(key_value, sub, j)
                self.rounded[view].setdefault(t.step, _ByValue()).add(key_value, sub, j)
        for index in self.exact.values():
            index.freeze()
        for by_step in self.rounded.values():
            for index in by_step.values():
                index.freeze()

    def best(self, s: Number, test: Test, used: list[bool], rounded: bool) -> int | None:
        """The first free target passing ``test`` whose qualifier agrees with ``s``,
        else the first free one passing it, else None: what trying every
        target in order gives."""
        ok = _APPROX_OK[s.approx]
        fit: int | None = None
        good: int | None = None
        for slots, kinds, dated in self._lookups(s, rounded):
            for (kind, approx), slot in slots.items():
                if kinds is not None and kind not in kinds:
                    continue
                j = slot.first(None if dated else used)
                if j is None or not test(s, self.tgt[j]):
                    continue
                if fit is None or j < fit:
                    fit = j
                if approx in ok and (good is None or j < good):
                    good = j
        return good if good is not None else fit

    def _lookups(self, s: Number, rounded: bool) -> Iterator[tuple[Slots, frozenset[str] | None, bool]]:
        """(slots, the target kinds that can match, whether they are dates)
        for every bucket that may hold a match of ``s``."""
        if s.kind in _TEMPORAL:
            if rounded:
                return  # dates and years are never "rounded"
            if s.kind == "year":
                y = int(s.value)
                yield self.dates.get(((0,), (y,)), {}), None, True
                yield from self._near("plain", float(y), _YEAR_KINDS)
                return
            sd = s.date or (None, None, None)
            yield self.dates.get(_date_key(sd, _mask_of(sd)), {}), None, True
            if sd[0] is None and sd[1] is None and sd[2] is not None:
                yield from self._near("plain", float(sd[2]), _DAY_KINDS)
            elif sd[1] is None and sd[2] is None and sd[0] is not None:
                yield from self._near("plain", float(sd[0]), _YEAR_KINDS)
            return
        v = _fv(s.value)
        views: tuple[tuple[str, float, frozenset[str] | None], ...]
        if s.kind == "fraction":
            views = (("frac", v, None), ("plain", v * 100, _PERCENT_KIND))
        elif s.kind == "percent":
            views = (("frac100", v, None), ("plain", v, None))
        else:
            views = (("plain", v, None),)
        for view, a, kinds in views:
            if not rounded:
                yield from self._near(view, a, kinds)
                continue
            if isinstance(a, int) or not math.isfinite(a):
                continue  # _rounded never matches such a value
            for step, index in self.rounded[view].items():
                # the precision _rounded allows, as it works it out
                eff = 0.0 if view != "plain" else max(step, 0.1) if s.kind == "fraction" else step
                if not math.isfinite(eff):
                    continue  # only a value past 1e308 shows such a step: no match
                w = (eff / 2 + 1e-9 * max(1.0, abs(a))) * 1.000001
                for slots in index.near(a, w):
                    yield slots, kinds, False

    def _near(
        self, view: str, a: float, kinds: frozenset[str] | None
    ) -> Iterator[tuple[Slots, frozenset[str] | None, bool]]:
        if _usable(a):
            for slots in self.exact[view].near(a, _exact_window(a)):
                yield slots, kinds, False


def _any_close(values: list[float], a: float) -> bool:
    """Whether sorted ``values`` hold one _close to ``a``."""
    if not _usable(a):
        return False
    w = _exact_window(a)
    for i in range(bisect_left(values, a - w), len(values)):
        if values[i] > a + w:
            break
        if _close(values[i], a):
            return True
    return False


class _Sources:
    """The source numbers, indexed to tell whether the source has a target's value
    anyway (repeated, or as part of a date): :meth:`explains`."""

    def __init__(self, src: Sequence[Number]) -> None:
        self.frac: list[float] = []  # fractions
        self.frac100: list[float] = []  # fractions ×100
        self.pct: list[float] = []  # percentages
        self.plain: list[float] = []  # cardinals, ordinals, percentages
        self.years: list[float] = []  # years, alone or in dates
        self.days: list[float] = []  # day-only dates (4日)
        self.dates: set[DateKey] = set()  # what a target date must have, per source date
        self.parts: set[DateKey] = set()  # every subset of every source date
        self.have: set[int] = set()  # every year, month and day of the source
        for s in src:
            if s.kind == "year":
                y = int(s.value)
                self.years.append(float(y))
                self.dates.add(((0,), (y,)))
            elif s.kind == "date":
                sd = s.date or (None, None, None)
                self.dates.add(_date_key(sd, _mask_of(sd)))
                if sd[0] is None and sd[1] is None and sd[2] is not None:
                    self.days.append(float(sd[2]))
            else:
                v = _fv(s.value)
                if s.kind == "fraction":
                    self.frac.append(v)
                    self.frac100.append(v * 100)
                else:
                    self.plain.append(v)
                    if s.kind == "percent":
                        self.pct.append(v)
            if s.date is not None:
                if s.date[0] is not None:
                    self.years.append(float(s.date[0]))
                for mask in _MASKS:
                    self.parts.add(_date_key(s.date, mask))
                self.have.update(p for p in s.date if p is not None)
        for values in (self.frac, self.frac100, self.pct, self.plain, self.years, self.days):
            values[:] = sorted(x for x in values if not (isinstance(x, float) and math.isnan(x)))

    def explains(self, t: Number) -> bool:
        """Whether the source has ``t``'s value anyway: some source matches it
        exactly, has its year, or is a date with its parts; or (June 4, 2020
        for 2020年 ... 6月4日 given apart) the source has each part of it."""
        if t.kind == "date":
            if not t.date:
                return False
            if any(_date_key(t.date, mask) in self.dates for mask in _MASKS):
                return True
            if _date_key(t.date, _mask_of(t.date)) in self.parts:
                return True
            return all(p in self.have for p in t.date if p is not None)
        v = _fv(t.value)
        if t.kind == "fraction":
            return _any_close(self.frac, v) or _any_close(self.pct, v * 100)
        if t.kind == "percent" and _any_close(self.frac100, v):
            return True
        if _any_close(self.plain, v):
            return True
        if t.kind in _YEAR_KINDS and _any_close(self.years, v):
            return True
        return t.kind in _DAY_KINDS and _any_close(self.days, v)


class _Nearest:
    """Free targets in target order; :meth:`take` removes the one nearest a
    relative position, as ``min`` over them would pick it (ties: the first)."""

    def __init__(self, items: list[int], keys: list[float]) -> None:
        self.items = items  # ascending target indices, so keys ascend too
        self.keys = keys
        self.where = {j: i for i, j in enumerate(items)}
        n = len(items)
        self._next = list(range(n + 1))  # -> first free position >= i (n: none)
        self._prev = list(range(n + 1))  # shifted by one: -> last free position < i (0: none)

    @staticmethod
    def _find(parent: list[int], i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def discard(self, j: int) -> None:
        i = self.where.pop(j, None)
        if i is not None:
            self._next[i] = i + 1
            self._prev[i + 1] = i

    def take(self, pos: float) -> int | None:
        keys = self.keys
        k = bisect_left(keys, pos)  # keys before k are < pos: nearer as they rise
        q = self._find(self._next, k)  # keys from q on are >= pos: farther as they rise
        p = self._find(self._prev, k) - 1
        if q < len(keys) and (p < 0 or abs(keys[q] - pos) < abs(keys[p] - pos)):
            best = q
        elif p >= 0:
            d = abs(keys[p] - pos)
            while (before := self._find(self._prev, p) - 1) >= 0 and abs(keys[before] - pos) == d:
                p = before
            best = p
        else:
            return None
        j = self.items[best]
        self.discard(j)
        return j
