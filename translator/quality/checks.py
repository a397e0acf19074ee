"""QA checks on a translated segment.

Each check is a small function registered with a ``code``, a default
``severity`` and a one-line description (as in Translate Toolkit's
``translate/filters/checks.py``).  A check yields messages, or
``(severity, message)`` when a finding is milder or graver than its default;
every message names what is wrong (the term, the number, the characters).

:func:`run_checks` runs :data:`CHECKS` on one :class:`~translator.document.Segment`
and returns :class:`~translator.document.QAIssue` items.  ``terms`` are the
glossary matches (or terms) of the segment's source, ``forbidden`` the
forbidden renderings that concern it, ``notes`` the ``Translation.notes`` of
the engine output (e.g. ``{"code": "placeholder_lost", ...}``).

Pure: nothing is loaded at import; numbers come from :mod:`translator.quality.numbers`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import regex

from ..document import QAIssue, Segment
from ..store.glossary import Match, Term, outside_numbers
from ..zh import CLOSERS, DASH, ELLIPSIS, HAN, SENTENCE_END
from . import numbers

Severity = Literal["error", "warning", "info"]
Finding = str | tuple[Severity, str]

__all__ = ["Check", "CheckContext", "CHECKS", "QAThresholds", "run_checks", "check_codes"]


@dataclass(frozen=True)
class QAThresholds:
    """The configurable limits of the checks (settings ``qa_*``)."""

    length_ratio_band: tuple[float, float] = (0.8, 8.0)  # English characters per Chinese character
    length_ratio_min_source: int = 8  # Chinese characters; shorter segments vary too much
    repeat_word: int = 4  # the same word this many times in a row
    repeat_phrase: int = 3  # a 2-4 word phrase this many times in a row


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    description: str
    func: Callable[[CheckContext], Iterable[Finding]]
    needs_target: bool = True  # skipped while the target is empty


@dataclass
class CheckContext:
    """What a check sees: the segment, its glossary context and engine notes."""

    segment: Segment
    terms: Sequence[Match | Term] = ()
    forbidden: Sequence[Term] = ()
    notes: Sequence[Mapping[str, Any]] = ()
    thresholds: QAThresholds = QAThresholds()

    @property
    def source(self) -> str:
        return self.segment.source

    @property
    def target(self) -> str:
        return self.segment.target or ""

    @functools.cached_property
    def trusted_source(self) -> str:
        """The source with its garbled spans (``mojibake`` flags) blanked: what survives of
        them is no number or term a translation must keep (source_mojibake reports them)."""
        text = self.source
        for flag in self.segment.flags:
            if flag.code == "mojibake" and flag.span is not None:
                a, b = flag.span
                text = text[:a] + " " * (b - a) + text[b:]
        return text

    @functools.cached_property
    def number_problems(self) -> list[numbers.NumberProblem]:
        return numbers.compare(self.trusted_source, self.target)

    @functools.cached_property
    def term_counts(self) -> list[tuple[Term, int]]:
        """Each distinct term/dnt of the source with its occurrence count."""
        return _term_counts(self.trusted_source, self.terms)


CHECKS: list[Check] = []


def check(code: str, severity: Severity, description: str, *, needs_target: bool = True) -> Callable[
    [Callable[[CheckContext], Iterable[Finding]]], Callable[[CheckContext], Iterable[Finding]]
]:
    """Register a check in :data:`CHECKS` (in definition order)."""

    def register(func: Callable[[CheckContext], Iterable[Finding]]) -> Callable[[CheckContext], Iterable[Finding]]:
        CHECKS.append(Check(code, severity, description, func, needs_target))
        return func

    return register


def check_codes() -> dict[str, tuple[Severity, str]]:
    """``{code: (severity, description)}`` of every registered check, for docs and UIs."""
    return {c.code: (c.severity, c.description) for c in CHECKS}


def run_checks(
    segment: Segment,
    *,
    terms: Sequence[Match | Term] = (),
    forbidden: Sequence[Term] = (),
    notes: Sequence[Mapping[str, Any]] = (),
    checks: Sequence[Check] | None = None,
    thresholds: QAThresholds | None = None,
) -> list[QAIssue]:
    """Run ``checks`` (default: all of :data:`CHECKS`) on ``segment``."""
    if not segment.source.strip():
        return []
    all_notes = list(notes)
    prov_notes = (segment.provenance or {}).get("notes")
    if isinstance(prov_notes, list):
        all_notes.extend(n for n in prov_notes if isinstance(n, Mapping) and n not in all_notes)
    ctx = CheckContext(segment, tuple(terms), tuple(forbidden), tuple(all_notes), thresholds or QAThresholds())
    has_target = bool(ctx.target.strip())
    issues: list[QAIssue] = []
    for c in CHECKS if checks is None else checks:
        if c.needs_target and not has_target:
            continue
        for finding in c.func(ctx):
            severity, message = finding if isinstance(finding, tuple) else (c.severity, finding)
            issues.append(QAIssue(c.code, severity, message))
    return issues


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_HAN = regex.compile(rf"[{HAN}\p{{Hiragana}}\p{{Katakana}}\p{{Bopomofo}}]+")
# CJK symbols and punctuation (、。〈〉《》「」『』【】〔〕〜 ideographic space),
# full-width forms (，：；！？（） ０-９ Ａ-Ｚ ￥), Chinese ellipsis and dash,
# and curly double quotes glued to a word the Chinese way (the“Full Park”project).
# Curly quotes spaced the English way are correct typography, not leftovers.
_FULLWIDTH = regex.compile(
    rf"[\u3000-\u303F\uFF00-\uFFEF]+|{ELLIPSIS}{{2,}}|{DASH}{{2,}}|(?<=[\p{{L}}\p{{N}}])“|”(?=[\p{{L}}\p{{N}}])"
)
_WORD = regex.compile(r"\w+(?:['’-]\w+)*")
_SENTENCE_END_ZH = SENTENCE_END + "!?" + ELLIPSIS  # translate-toolkit's sentenceend
_CLOSERS = CLOSERS + ")\"'"
_SENTENCE_END_EN = ".!?…"
_DANGLING = frozenset(
    "and or but the a an of to with for in on at by from that which who whose as than into".split()
)
_JOINING = frozenset("and or but".split())  # may end a piece the next segment continues
_PARTICLES = frozenset("on in by over through".split())  # "spurs us on", "let them in"
_OBJECT_PRONOUNS = frozenset("us them it him her me you".split())


def _quote_list(items: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(repr(x) for x in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# Irregular forms of verbs that start glossary targets ("win the battle against poverty").
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("is", "are", "was", "were", "been", "being"), "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"), "go": ("goes", "went", "gone", "going"),
    "win": ("won",), "shake": ("shook", "shaken"), "take": ("took", "taken"), "make": ("made",),
    "give": ("gave", "given"), "build": ("built",), "lead": ("led",), "hold": ("held",),
    "keep": ("kept",), "bring": ("brought",), "get": ("got", "gotten"), "fight": ("fought",),
    "break": ("broke", "broken"), "draw": ("drew", "drawn"), "write": ("wrote", "written"),
    "become": ("became",), "run": ("ran",), "pay": ("paid",), "lay": ("laid",), "seek": ("sought",),
    "choose": ("chose", "chosen"), "rise": ("rose", "risen"), "grow": ("grew", "grown"),
}
_VOWELS = "aeiou"
# "the Internet of Things (IoT)": the full form, the long form or the acronym alone
_ACRONYM = regex.compile(r"^(?P<long>.*\S)\s+\((?P<short>[A-Z][A-Za-z0-9&.\-]*[A-Z0-9])\)$")


def _inflections(word: str) -> list[str]:
    """``word`` and its -s, -ed and -ing forms (complete → completing, win → winning, won)."""
    forms = [word, word + "s", word + "es", word + "ed", word + "ing"]
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms += [word[:-1] + "ies", word[:-1] + "ied"]
    if len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        forms += [word + word[-1] + "ed", word + word[-1] + "ing"]  # win → winning, stop → stopped
    forms += _IRREGULAR.get(word, ())
    return sorted(set(forms), key=len, reverse=True)


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2:
        return regex.escape(word[:-1]) + r"(?:y|ies)"
    return regex.escape(word) + r"(?:s|es)?"


def _words_pattern(text: str) -> str:
    """A run of words: spaces match any run of spaces or hyphens; the last word may take a
    plural, a lower-case first word (a verb, often) its -s/-ed/-ing and irregular forms."""
    words = text.split()
    parts = [regex.escape(w) for w in words]
    last = words[-1] if words else text
    if last[-1:].isalpha() and last.isascii():
        parts[-1] = _plural(last)
    first = words[0] if words else ""
    if first.isascii() and first.isalpha() and first.islower():
        forms = [regex.escape(f) for f in _inflections(first)]
        if len(words) == 1:
            forms.append(_plural(first))
        parts[0] = "(?:" + "|".join(forms) + ")"
    return r"[\s\-]+".join(parts)


@functools.lru_cache(maxsize=4096)
def _term_regex(target: str) -> regex.Pattern[str]:
    """Case-insensitive, word-boundary-aware pattern for an English term.

    Spaces match any run of spaces or hyphens; a final word may take a plural
    (``county`` → ``counties``, ``project`` → ``projects``); a lower-case first
    word its verb forms (``win the battle`` → ``winning the battle``, ``issue``
    → ``issued``, ``be removed`` → ``been removed``); a leading article is
    optional (``the State Council`` is kept by "State Council's decision"); a
    target with its acronym, ``the Internet of Things (IoT)``, is kept by the
    full form, the long form or the acronym alone (news style spells an
    acronym out once).
    """
    words = target.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    text = " ".join(words)
    acronym = _ACRONYM.match(text)
    if acronym:
        long = acronym.group("long")
        short = regex.escape(acronym.group("short"))
        words_re = _words_pattern(long)
        body = rf"(?:{words_re}\s*\({short}\)|{words_re}|(?<!\w){short})"
    else:
        body = _words_pattern(text)
    start = r"(?<!\w)" if target[:1].isalnum() or target[:1] == "_" else ""
    end = r"(?!\w)" if target[-1:].isalnum() or target[-1:] == "_" or acronym else ""
    return regex.compile(start + body + end, regex.IGNORECASE)


def _find_term(text: str, target: str) -> list[tuple[int, int]]:
    return [m.span() for m in _term_regex(target).finditer(text)]


def _term_counts(source: str, terms: Sequence[Match | Term]) -> list[tuple[Term, int]]:
    counts: dict[str, int] = {}
    by_source: dict[str, Term] = {}
    plain: list[Term] = []
    for t in terms:
        if isinstance(t, Match):
            if t.term.kind == "forbidden":
                continue
            counts[t.term.source] = counts.get(t.term.source, 0) + 1
            by_source.setdefault(t.term.source, t.term)
        elif t.kind != "forbidden":
            plain.append(t)
    if plain:
        # Longest match over the given terms, as Glossary.match does, so that
        # 贫困 inside 贫困县 is not counted when both are terms.
        # A unit after a number (万元 in 2300万元) is the numbers check's, as in Glossary.match.
        table = {t.source: t for t in plain}
        longest = max(len(s) for s in table)
        found: list[Match] = []
        i = 0
        n = len(source)
        while i < n:
            for length in range(min(longest, n - i), 0, -1):
                term = table.get(source[i : i + length])
                if term is not None:
                    found.append(Match(i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        for m in outside_numbers(source, found):
            counts[m.term.source] = counts.get(m.term.source, 0) + 1
            by_source.setdefault(m.term.source, m.term)
    return [(by_source[s], c) for s, c in counts.items()]


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


@check("empty", "error", "The target is empty but the source is not.", needs_target=False)
def empty(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.target.strip():
        yield f"no translation for {_clip(ctx.source)!r}"


@check(
    "source_mojibake",
    "error",
    "The source has text garbled by a wrong encoding; check it against the original.",
    needs_target=False,
)
def source_mojibake(ctx: CheckContext) -> Iterator[Finding]:
    for flag in ctx.segment.flags:
        if flag.code != "mojibake":
            continue
        where = ""
        if flag.span is not None:
            a, b = flag.span
            where = f" '{ctx.source[a:b]}'"
        yield (
            f"the source has text garbled by a wrong-encoding round trip{where}: "
            "the translation of that part cannot be trusted; check it against the original article"
        )


@check(
    "hard_cut",
    "warning",
    "A sentence with no usable punctuation was cut mechanically; check the translation joins the next segment well.",
    needs_target=False,
)
def hard_cut(ctx: CheckContext) -> Iterator[Finding]:
    for flag in ctx.segment.flags:
        if flag.code == "hard_cut":
            yield flag.message


@check(
    "placeholder_lost",
    "error",
    "The engine dropped a glossary placeholder; the term may be missing or misplaced.",
    needs_target=False,
)
def placeholder_lost(ctx: CheckContext) -> Iterator[Finding]:
    for note in ctx.notes:
        if note.get("code") == "placeholder_lost":
            yield str(note.get("message") or "a glossary placeholder was lost in translation")
        elif note.get("code") == "placeholder_duplicated":
            yield ("warning", str(note.get("message") or "a glossary term came out more than once"))


@check(
    "engine_failed",
    "error",
    "The engine gave no usable translation (server unreachable, timed out, an empty or Chinese answer); translate it by hand.",
    needs_target=False,
)
def engine_failed(ctx: CheckContext) -> Iterator[Finding]:
    for note in ctx.notes:
        if note.get("code") == "engine_failed":
            yield str(note.get("message") or "the engine gave no translation")


@check("untranslated", "error", "Chinese characters or full-width punctuation left in the target.")
def untranslated(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.target
    # Do-not-translate terms may legitimately be Chinese: blank them out first.
    for term, _ in ctx.term_counts:
        if term.kind == "dnt" and _HAN.search(term.target):
            target = target.replace(term.target, " " * len(term.target))
    han = list(dict.fromkeys(m.group(0) for m in _HAN.finditer(target)))
    marks = list(dict.fromkeys(m.group(0) for m in _FULLWIDTH.finditer(target)))
    if han:
        yield f"Chinese left in the target: {_quote_list(han)}"
    if marks:
        yield f"full-width punctuation or characters left in the target: {_quote_list(marks)}"


@check("glossary_missing", "error", "A glossary term's required English is missing (or appears too few times).")
def glossary_missing(ctx: CheckContext) -> Iterator[Finding]:
    found = {term.source: _find_term(ctx.target, term.target) for term, _ in ctx.term_counts}
    for term, n_src in ctx.term_counts:
        # English of a longer term holding this one's (win the battle against poverty ⊃ the
        # battle against poverty) is that term's: it does not count for the shorter one too.
        longer = [
            span for other, _ in ctx.term_counts
            if len(other.target) > len(term.target) for span in found[other.source]
        ]
        n_tgt = sum(1 for a, b in found[term.source] if not any(x <= a and b <= y for x, y in longer))
        label = "do-not-translate term" if term.kind == "dnt" else "glossary term"
        if n_tgt == 0:
            yield f"{label} {term.source} → {term.target!r} is missing from the target"
        elif n_tgt < n_src:
            yield (
                "warning",
                f"{label} {term.source} → {term.target!r} occurs {_times(n_src)} in the source "
                f"but {_times(n_tgt)} in the target",
            )


@check("forbidden_term", "error", "A rendering the glossary forbids is used in the target.")
def forbidden_term(ctx: CheckContext) -> Iterator[Finding]:
    approved = {t.source: t for t, _ in ctx.term_counts}
    for bad in ctx.forbidden:
        if bad.source not in ctx.source:
            continue
        good = approved.get(bad.source)
        allowed = _find_term(ctx.target, good.target) if good else []
        hits = [
            s for s in _find_term(ctx.target, bad.target)
            if not any(a <= s[0] and s[1] <= b for a, b in allowed)
        ]
        if hits:
            found = ctx.target[hits[0][0] : hits[0][1]]
            advice = f"; use {good.target!r}" if good else ""
            origin = f" ({bad.origin})" if bad.origin else ""
            yield f"forbidden rendering {found!r} for {bad.source} used{advice}{origin}"


def _number_check(code: str) -> Callable[[CheckContext], Iterator[Finding]]:
    def run(ctx: CheckContext) -> Iterator[Finding]:
        for p in ctx.number_problems:
            if p.code == code:
                yield (p.severity, p.message)

    run.__name__ = code
    return run


check("number_mismatch", "error", "A source number is missing or different in the target (rounded: warning).")(
    _number_check("number_mismatch")
)
check("number_qualifier", "warning", "多/余/近/以上 ... (more than, nearly, over) lost or added.")(
    _number_check("number_qualifier")
)
check("number_unit", "warning", "A number's unit (mu, yuan, tonnes, percent ...) is missing in the target.")(
    _number_check("number_unit")
)
check("number_extra", "warning", "A number in the target has no counterpart in the source.")(
    _number_check("number_extra")
)


@check("truncated", "warning", "The target looks cut off (or the engine says it stopped early or read only part of the source).")
def truncated(ctx: CheckContext) -> Iterator[Finding]:
    for note in ctx.notes:
        if note.get("code") == "source_truncated":
            yield ("error", f"the engine read only part of the source: {note.get('message', '')}")
            return
        if note.get("code") == "length_capped":
            yield f"the engine hit its length cap, the end may be missing: {note.get('message', '')}"
            return
    source = ctx.source.rstrip().rstrip(_CLOSERS + " ")
    target = ctx.target.rstrip()
    bare = target.rstrip(_CLOSERS + " ")
    words = _WORD.findall(bare)
    tail = target[-30:]
    joined = ctx.segment.joins_next  # the tool split this sentence at ，/；: the next segment goes on with it
    last = words[-1].lower() if words else ""
    if (
        bare and bare[-1].isalpha() and last in _DANGLING
        and not (joined and last in _JOINING)
        and not (last in _PARTICLES and len(words) > 1 and words[-2].lower() in _OBJECT_PRONOUNS)  # spurs us on
    ):
        yield f"the target ends with {words[-1]!r}: …{tail!r}"
        return
    if bare.endswith(("-", "–", "(")) or (bare.endswith(",") and not joined):
        yield f"the target ends with {bare[-1]!r}: …{tail!r}"
        return
    if (
        source
        and source[-1] in _SENTENCE_END_ZH
        and not ctx.segment.joins_next
        and bare
        and bare[-1] not in _SENTENCE_END_EN
    ):
        yield f"the source ends with {source[-1]!r} but the target stops without one: …{tail!r}"
        return
    han = len(_HAN_CHARS.findall(ctx.source))
    if han >= 20 and len(target) < 0.5 * han:
        yield f"the target has {len(target)} characters for {han} Chinese characters"


_HAN_CHARS = regex.compile(f"[{HAN}]")
_LATIN_OR_DIGIT = regex.compile(r"[A-Za-z0-9]")


@check("repetition", "warning", "A word or phrase repeats in a loop, typical of a machine translation gone wrong.")
def repetition(ctx: CheckContext) -> Iterator[Finding]:
    words = [w.lower() for w in _WORD.findall(ctx.target)]
    n_words = len(words)
    # the same word 4+ times in a row
    i = 0
    while i < n_words:
        j = i
        while j + 1 < n_words and words[j + 1] == words[i]:
            j += 1
        if j - i + 1 >= ctx.thresholds.repeat_word:
            yield f"{words[i]!r} repeated {j - i + 1} times in a row"
            return
        i = j + 1
    # a 2-4 word phrase repeat_phrase+ times in a row
    runs = ctx.thresholds.repeat_phrase
    for size in (4, 3, 2):
        for start in range(0, n_words - runs * size + 1):
            gram = words[start : start + size]
            reps = 1
            k = start + size
            while words[k : k + size] == gram:
                reps += 1
                k += size
            if reps >= runs:
                yield f"{' '.join(gram)!r} repeated {reps} times in a row"
                return


@check("length_ratio", "warning", "The target is implausibly short or long for the source.")
def length_ratio(ctx: CheckContext) -> Iterator[Finding]:
    han = len(_HAN_CHARS.findall(ctx.source))
    if han < ctx.thresholds.length_ratio_min_source:
        return
    units = han + len(_LATIN_OR_DIGIT.findall(ctx.source)) / 2  # 4965万: digits count half
    chars = len(ctx.target.strip())
    ratio = chars / units
    low, high = ctx.thresholds.length_ratio_band
    if ratio < low or ratio > high:
        what = "short" if ratio < low else "long"
        yield (
            f"the target is {what}: {chars} characters for {han} Chinese characters "
            f"(ratio {ratio:.1f}; expected {low:g}–{high:g})"
        )


@check("gloss_draft", "info", "The target is a word-by-word dictionary gloss, not a translation.")
def gloss_draft(ctx: CheckContext) -> Iterator[Finding]:
    prov = ctx.segment.provenance or {}
    if prov.get("kind") == "gloss":
        yield f"word-by-word gloss by {prov.get('engine', 'gloss')} ({prov.get('model', 'dictionary')}); rewrite it as English"


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"

