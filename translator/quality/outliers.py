"""QA across one document's segments: a target much shorter than its translator's own habit.

The ``length_ratio`` check of :mod:`.checks` has a wide fixed band (0.8 to 8
English characters per Chinese character): it must suit every engine and
translator, so a segment that lost a clause still passes it (a two-clause
sentence with one clause dropped reads 1.6).  Within one document the ratio
is steady: on the hand-made reference translation of the sample, every
segment of 20 Chinese characters or more lies between 0.74 and 1.6 times the
document's median (the gloss draft: from 0.64).  :func:`length_outliers`
flags a segment below :data:`SHORT_FACTOR` times the median of the
document's other translated segments, under the same code, ``length_ratio``.

Pure: a function of the segments.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence

from ..document import QAIssue, Segment
from ..zh import HAN

__all__ = ["MIN_HAN", "MIN_SEGMENTS", "SAMPLE", "SHORT_FACTOR", "length_outliers", "outlier_among", "ratio_of"]

MIN_HAN = 20  # Chinese characters: shorter segments vary too much to compare
MIN_SEGMENTS = 8  # translated segments of MIN_HAN or more a document needs for a median
SHORT_FACTOR = 0.55  # of the document's median ratio
SAMPLE = 200  # segments an edit in the review app is compared with (the document's first), so a save stays fast

_HAN_CHARS = re.compile(f"[{HAN}]")  # code-point ranges: the re module reads them, faster than regex
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def ratio_of(seg: Segment) -> tuple[int, float] | None:
    """``(Chinese characters, English characters per source unit)`` of a translated segment of
    :data:`MIN_HAN` Chinese characters or more; ``None`` for the others (they vary too much to compare)."""
    han = len(_HAN_CHARS.findall(seg.source))
    target = (seg.target or "").strip()
    if han < MIN_HAN or not target:
        return None
    units = han + len(_LATIN_OR_DIGIT.findall(seg.source)) / 2  # as checks.length_ratio counts them
    return han, len(target) / units


def length_outliers(segments: Sequence[Segment]) -> dict[str, QAIssue]:
    """``{segment id: finding}`` for the segments whose target is short next to the others'.

    The median is taken over the document's translated segments of
    :data:`MIN_HAN` Chinese characters or more; with fewer than
    :data:`MIN_SEGMENTS` of them nothing is reported.
    """
    ratios = {seg.id: r for seg in segments if (r := ratio_of(seg)) is not None}
    if len(ratios) < MIN_SEGMENTS:
        return {}
    median = statistics.median(r for _, r in ratios.values())
    return {seg.id: found for seg in segments if (found := _finding(seg, ratios.get(seg.id), median)) is not None}


def outlier_among(seg: Segment, others: Mapping[str, tuple[int, float]]) -> QAIssue | None:
    """``seg``'s finding next to ``others`` (the document's :func:`ratio_of` by segment id; ``seg``'s own entry, if
    any, is replaced by its ratio now): ``length_outliers([seg, *the others]).get(seg.id)`` without the others' work."""
    own = ratio_of(seg)
    if own is None:
        return None
    ratios = {**others, seg.id: own}
    if len(ratios) < MIN_SEGMENTS:
        return None
    return _finding(seg, own, statistics.median(r for _, r in ratios.values()))


def _finding(seg: Segment, found: tuple[int, float] | None, median: float) -> QAIssue | None:
    if found is None:
        return None
    han, ratio = found
    if ratio >= SHORT_FACTOR * median:
        return None
    return QAIssue(
        "length_ratio",
        "warning",
        f"the target is short for its source next to the rest of the document: "
        f"{len((seg.target or '').strip())} characters for {han} Chinese characters (ratio {ratio:.1f}; "
        f"this document's median {median:.1f}); a clause may be missing",
    )
