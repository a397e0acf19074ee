"""Term mining: recurring multi-character units that no glossary covers, ranked by termhood, with English candidates.

What a terminologist does with a concordancer, done over every article:

1. **Candidates.**  A term the glossary covers is never proposed, nor a
   piece of one where it stands inside the term (the glossary's matches in
   each segment); a longer unit holding one is (扶贫车间 holds the term
   扶贫).  The Han runs of each segment are segmented with jieba
   (the tokenizer the gloss engine loads once per process) and every run of
   1-4 consecutive words of 2-10 characters is a candidate, unless it starts
   or ends with a function word (的, 了, 和, 在 ...), holds a clause-level one
   inside, or is a bare number or date (三年, 第一, 6月).
2. **Statistics.**  Occurrences, documents (the spread) and the word tuple of
   each candidate, in one pass (documents come in order, so the spread is a
   counter, not a set).
3. **Termhood.**  C-value (Frantzi, Ananiadou & Mima 2000) over the
   candidates seen ``min_count`` times or more: ``log2(length) * (f(a) -
   f of the most frequent longer candidate containing a)``, so a fragment
   that only ever occurs inside a longer unit scores 0 and drops out.  The score
   is ``log2(1 + C-value)`` times the spread ``1 + log2(documents)`` times the
   domain specificity: how much more often the unit occurs here than jieba's
   general-language frequency table predicts (``log10`` of the ratio, from 10
   times (0) to 1,000 times (1)), which ranks 政府 or 发展 below 扶贫车间; a name or
   an abbreviation (jieba's part-of-speech tags) counts as specific however
   common it is (上海, 发改委).  Verbs common in general language, adverbs,
   pronouns, numerals and the like cannot start or end a term, and a single
   word that jieba tags a verb and CC-CEDICT defines as one ("to optimize")
   is not a term.
4. **English.**  For each term kept: the renderings the translation memory's
   approved segments already use for it (a CC-CEDICT sense, its pinyin, or the
   English word sequence most associated with it across the memory's
   targets, Dice coefficient), then CC-CEDICT's senses, then its pinyin (a
   person's name surname first), so every row has something to start from.
   An example sentence (the shortest segment it occurs in) comes with it.

Everything Chinese-specific comes from :mod:`translator.zh`; the dictionary
and jieba from :func:`translator.engines.gloss.load_resources`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from ..zh import HAN

if TYPE_CHECKING:
    from ..engines.gloss import GlossResources
    from ..store.glossary import Glossary

__all__ = ["Candidate", "MinedTerm", "TextSegment", "mine_terms", "renderings_of", "spot", "spot_rendering", "TermEnglish"]

#: Most words (jieba tokens) in one candidate, and its length in characters.
MAX_WORDS = 4
MIN_CHARS, MAX_CHARS = 2, 10
#: Words a term neither starts nor ends with (particles, prepositions, pronouns, conjunctions, copulas, adverbs).
EDGE_STOP = frozenset(
    "的 了 着 过 地 得 之 和 与 及 并 或 而 在 于 对 向 从 以 由 被 把 将 为 是 有 也 都 又 还 就 更 已 不 没 没有 这 那 其 该 此 各 每 "
    "我 你 他 她 它 我们 他们 自己 大家 一个 一些 这个 那个 这些 那些 等 等等 中 上 下 里 内 外 后 前 时 来 去 说 要 会 能 可 "
    "所 个 们 吗 呢 吧 啊 很 最 再 才 只 让 使 给 把 到 如 若 但 但是 而且 因为 所以 如果 以及 通过 进行 关于 对于 按照 "
    "根据 一 二 已经 正在 还是 就是 以来 以上 以下 其中 同时 目前 今年 去年 近年来 不断 持续 积极 进一步 全面 深入 "
    "切实 努力 重要 主要 相关 有关 一批 一系列 一是 二是 三是 四是 其他 此外 另外 通过 实现 开展 推进 加快 加强".split()
)
#: Characters no term starts with: demonstratives and distributives (这是, 该县, 每年, 各地).
DEMONSTRATIVES = frozenset("这那此该其每各某本")
#: Words that end a noun phrase wherever they stand (a candidate never spans them).
INNER_STOP = frozenset("的 了 和 与 及 并 或 而 是 在 对 把 被 将 从 等 着 过 也 都 就".split())
_HAN_RUN = regex.compile(f"[{HAN}]+")
_NUMERIC = regex.compile(
    r"^(?:第?[零〇一二两三四五六七八九十百千万亿几数多]+(?:[个年月日号天次名项家条位种批届期度周岁元亩户人]|分之)?"
    r"|[零〇一二两三四五六七八九十百千万亿]+[个年月日号天次名项家条位种批届期度周岁元亩户人][零〇一二两三四五六七八九十]*.?)$"
)
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
#: English words an association n-gram neither starts nor ends with.
EN_STOP = frozenset(
    "the a an of and or in on at to for from by with as is are was were be been its it this that these those their his her "
    "has have had will would which who whom what also than more most such into over under about after before between "
    "while not no but all any each every other new said says".split()
)


@dataclass(frozen=True)
class TextSegment:
    """One segment to mine: where it comes from (a document and segment id, or a file name) and its Simplified source."""

    document: str
    segment: str
    source: str


@dataclass(frozen=True)
class Candidate:
    """An English rendering offered for a mined term: the text, where it came from, and how many approved segments use it."""

    target: str
    origin: str  # "memory" | "cedict" | "pinyin"
    uses: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "origin": self.origin, "uses": self.uses}


@dataclass
class MinedTerm:
    source: str
    count: int
    documents: int
    score: float
    cvalue: float
    specificity: float
    example: str
    example_document: str
    example_segment: str
    candidates: list[Candidate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "count": self.count,
            "documents": self.documents,
            "score": round(self.score, 3),
            "cvalue": round(self.cvalue, 3),
            "specificity": round(self.specificity, 3),
            "candidates": [c.to_dict() for c in self.candidates],
            "example": self.example,
            "example_document": self.example_document,
            "example_segment": self.example_segment,
        }


class _Stats:
    """Counts of every candidate in one pass; documents counted as they change (segments come document by document)."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.docs: Counter[str] = Counter()
        self.last_doc: dict[str, int] = {}
        self.words: dict[str, tuple[str, ...]] = {}
        self.example: dict[str, int] = {}
        self.tokens = 0
        self.documents = 0


#: jieba part-of-speech tags no term starts with, and those none ends with (adverbs, prepositions, conjunctions,
#: pronouns, numerals, measure words, particles, time and place words; adjectives at the end).
BAD_FIRST = frozenset("d ad p c r m q u t f uj ul uz ug ud y e o zg".split())
BAD_LAST = BAD_FIRST | frozenset("a ag".split())
#: A verb counts as part of a term (扶贫, 脱贫 in 脱贫攻坚) only when it is rare in general language (jieba's counts).
COMMON_VERB = 1000


def _keep(words: Sequence[str], text: str, tags: dict[str, str], freq: dict[str, int]) -> bool:
    """Whether a run of words can be a term: a noun phrase (a rare verb allowed), not a bare number or date."""
    if not MIN_CHARS <= len(text) <= MAX_CHARS:
        return False
    if words[0] in EDGE_STOP or words[-1] in EDGE_STOP or text[0] in DEMONSTRATIVES:
        return False
    if len(words) > 2 and any(w in INNER_STOP for w in words[1:-1]):
        return False
    first, last = tags.get(words[0], "x"), tags.get(words[-1], "x")
    if first in BAD_FIRST or last in BAD_LAST:
        return False
    for w, tag in ((words[0], first), (words[-1], last)):
        if tag == "v" and freq.get(w, 0) >= COMMON_VERB:
            return False
    return _NUMERIC.match(text) is None


def _is_verb(term: str, words: Sequence[str], tags: dict[str, str], resources: GlossResources) -> bool:
    """A single word jieba tags a verb (or verbal noun) and CC-CEDICT defines first as one ("to optimize"): an action,
    not a term (优化, 检测).  扶贫, defined first as "assistance to the poor", stays."""
    if len(words) != 1 or tags.get(term, "") not in ("v", "vn"):
        return False
    entry = resources.dictionary.lookup(term)
    if not entry:
        return False
    common = [e for e in entry if not e.pinyin[:1].isupper()] or entry
    first = common[0].definitions[0] if common[0].definitions else ""
    return first.startswith("to ")


_TAGS: dict[int, dict[str, str]] = {}


def _tag_table(tokenizer: Any) -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (words it found by HMM have none: taken as nouns)."""
    table = _TAGS.get(id(tokenizer))
    if table is None:
        import jieba.posseg

        table = _TAGS[id(tokenizer)] = dict(jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    return table


def _collect(segments: Iterable[TextSegment], glossary: Glossary | None, tokenizer: Any) -> tuple[_Stats, list[TextSegment]]:
    stats = _Stats()
    kept: list[TextSegment] = []
    doc_numbers: dict[str, int] = {}
    count, docs, last_doc, words_of, example = stats.count, stats.docs, stats.last_doc, stats.words, stats.example
    tags, freq = _tag_table(tokenizer), getattr(tokenizer, "FREQ", {})
    for seg in segments:
        text = seg.source
        if not text or not _HAN_RUN.search(text):
            continue
        covered: list[tuple[int, int]] = []
        if glossary is not None and glossary.terms:
            covered = [(m.start, m.end) for m in glossary.match(text)]
        index = len(kept)
        kept.append(seg)
        doc = doc_numbers.setdefault(seg.document, len(doc_numbers))
        for found in _HAN_RUN.finditer(text):
            run = found.group(0)
            if len(run) < MIN_CHARS:
                continue
            toks = list(tokenizer.cut(run, HMM=True))
            stats.tokens += len(toks)
            starts = [found.start()]
            for tok in toks:
                starts.append(starts[-1] + len(tok))
            n = len(toks)
            for i in range(n):
                first = toks[i]
                if first in EDGE_STOP:
                    continue
                for j in range(i + 1, min(i + MAX_WORDS, n) + 1):
                    ws = toks[i:j]
                    if ws[-1] in INNER_STOP and j > i + 1:
                        break
                    cand = "".join(ws)
                    if len(cand) > MAX_CHARS:
                        break
                    if not _keep(ws, cand, tags, freq):
                        continue
                    if covered and any(a <= starts[i] and starts[j] <= b for a, b in covered):
                        continue  # a glossary term, or a piece of one where it stands
                    count[cand] += 1
                    if last_doc.get(cand) != doc:
                        last_doc[cand] = doc
                        docs[cand] += 1
                    if cand not in words_of:
                        words_of[cand] = tuple(ws)
                        example[cand] = index
                    elif len(kept[example[cand]].source) > len(seg.source) and len(seg.source) >= 12:
                        example[cand] = index  # the shortest full sentence makes the clearest example
    stats.documents = len(doc_numbers)
    return stats, kept


def _cvalues(stats: _Stats, min_count: int) -> dict[str, float]:
    """C-value of each candidate seen ``min_count`` times: ``log2(length) * (f(a) - f(longest container))``.

    The frequency subtracted is that of the most frequent longer candidate containing ``a`` (Frantzi et al. take
    the mean over all of them; a fragment of one frequent term and of several rare ones would then survive:
    高质量 inside 高质量发展).  A candidate that only ever occurs inside one longer unit scores 0.
    """
    frequent = {c: n for c, n in stats.count.items() if n >= min_count}
    container: Counter[str] = Counter()
    for b, fb in frequent.items():
        ws = stats.words[b]
        if len(ws) < 2:
            continue
        for i in range(len(ws)):
            for j in range(i + 1, len(ws) + 1):
                if j - i == len(ws):
                    continue
                a = "".join(ws[i:j])
                if a in frequent and container[a] < fb:
                    container[a] = fb
    return {a: math.log2(len(a)) * (fa - container[a]) for a, fa in frequent.items()}


#: jieba tags of names (places, people, organisations, other proper nouns) and abbreviations: terms however common.
NAME_TAGS = frozenset("ns nr nt nz nrt nrfg j".split())


def _specificity(term: str, words: Sequence[str], count: int, tokens: float, tokenizer: Any, tags: dict[str, str]) -> float:
    """How much more often ``term`` occurs where it occurs than jieba's general-language counts predict, in 0.02..1.

    ``tokens``: the words of the documents it occurs in (their number times the mean document length, so a
    term of one article is not diluted by the others).  ``log10`` of the ratio of the two relative
    frequencies: 10 times or less gives 0.02, 1,000 times or more 1.
    A name or an abbreviation (jieba's tags) is a term however common it is (上海, 发改委): 1.
    """
    if tags.get(words[-1], "") in NAME_TAGS and (len(words) == 1 or tags.get(words[0], "") in NAME_TAGS):
        return 1.0
    freq = tokenizer.FREQ.get(term, 0) if hasattr(tokenizer, "FREQ") else 0
    total = getattr(tokenizer, "total", 0) or 60_000_000
    ratio = (count / max(tokens, 1)) / ((freq + 1) / total)
    return max(0.02, min(1.0, (math.log10(max(ratio, 1.0)) - 1) / 2))


def mine_terms(
    segments: Iterable[TextSegment],
    *,
    resources: GlossResources,
    glossary: Glossary | None = None,
    memory: Iterable[tuple[str, str]] = (),
    min_count: int = 3,
    limit: int | None = 100,
) -> list[MinedTerm]:
    """Recurring terms of ``segments`` that ``glossary`` does not cover, best first (see the module's docstring).

    ``memory``: approved ``(source, target)`` pairs whose English is offered
    first.  ``limit``: how many rows (None: all).
    """
    tokenizer = resources.tokenizer
    stats, kept = _collect(segments, glossary, tokenizer)
    tags = _tag_table(tokenizer)
    per_doc = stats.tokens / max(1, stats.documents)
    cvals = _cvalues(stats, max(1, min_count))
    scored: list[MinedTerm] = []
    for term, cv in cvals.items():
        if cv <= 0 or _is_verb(term, stats.words[term], tags, resources):
            continue
        n = stats.count[term]
        spec = _specificity(term, stats.words[term], n, stats.docs[term] * per_doc, tokenizer, tags)
        spread = 1.0 + math.log2(stats.docs[term])
        ex = kept[stats.example[term]]
        score = spec * spread * math.log2(1.0 + cv)
        scored.append(MinedTerm(term, n, stats.docs[term], score, cv, spec, ex.source, ex.document, ex.segment))
    scored.sort(key=lambda t: (-t.score, -t.count, t.source))
    top = scored if limit is None else scored[:limit]
    if top:
        english = TermEnglish(resources, memory, [t.source for t in top])
        for t in top:
            t.candidates = english.candidates(t.source, words=stats.words[t.source])
    return top


# -- English for a term ------------------------------------------------------------------------------


def _pinyin_forms(term: str, resources: GlossResources) -> list[str]:
    """The term in pinyin: a person's name surname first (杨贵平 → Yang Guiping), else one capitalised word."""
    pieces = resources.split_names(term)
    if len(pieces) == 1 and pieces[0][1]:
        return [resources.person_name(term)]
    syllables = [resources.romanise(c) for c in term]
    out = ""
    for s in syllables:
        out += ("'" if out and s[:1] in "aoe" else "") + s
    return [out.capitalize()]


def renderings_of(
    term: str, resources: GlossResources, *, glossary_target: str | None = None, words: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """The English a term is known to take, as ``(text, origin)``: the glossary's, CC-CEDICT's senses (for a term
    that is no headword, the first sense of each of its ``words``, when each has one), its pinyin."""
    out: list[tuple[str, str]] = []
    if glossary_target:
        out.append((glossary_target, "glossary"))
    for s in resources.senses(term)[:6]:
        if s:
            out.append((s, "cedict"))
    if not out and len(words) > 1:
        firsts = [next((x for x in resources.senses(w) if x), "") for w in words]
        if all(firsts):
            out.append((" ".join(firsts), "cedict"))
    for p in _pinyin_forms(term, resources):
        out.append((p, "pinyin"))
    seen: set[str] = set()
    unique = []
    for text, origin in out:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            unique.append((text, origin))
    return unique


def _flexible(target: str) -> regex.Pattern[str]:
    """A rendering as a pattern: case-insensitive, any spaces, hyphens or apostrophes between its words (and
    between the syllables of a pinyin word), a leading article optional, a plural allowed."""
    from .checks import _term_regex

    return _term_regex(target)


_SYLLABLE_CACHE: dict[str, regex.Pattern[str]] = {}


def _name_pattern(pinyin: str) -> regex.Pattern[str]:
    """A pinyin name, its syllables in either order of surname and given name, any separators: Yang Guiping,
    Yang Gui-ping, YANG Guiping, Guiping Yang."""
    found = _SYLLABLE_CACHE.get(pinyin)
    if found is not None:
        return found
    parts = pinyin.split()
    sep = r"[\s\-'’]*"

    def word(w: str) -> str:
        syl = regex.findall(r"[bcdfghjklmnpqrstwxyz]*[aeiouü]+(?:ng|n|r)?(?![aeiouü])", w.lower().replace("'", ""))
        return sep.join(regex.escape(s) for s in syl) if "".join(syl) == w.lower().replace("'", "") else regex.escape(w)

    forms = [r"[\s\-]+".join(word(p) for p in parts)]
    if len(parts) == 2:
        forms.append(r"[\s\-]+".join(word(p) for p in reversed(parts)))
    pattern = regex.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", regex.IGNORECASE)
    if len(_SYLLABLE_CACHE) < 10_000:
        _SYLLABLE_CACHE[pinyin] = pattern
    return pattern


def spot(target: str, renderings: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The text of ``target`` that renders the term and the origin of the rendering it matched: the longest of the
    known ``renderings`` found in it, as written."""
    best: tuple[str, str] | None = None
    for text, origin in renderings:
        pattern = _name_pattern(text) if origin == "pinyin" else _flexible(text)
        m = pattern.search(target)
        if m and (best is None or len(m.group(0)) > len(best[0])):
            best = (m.group(0), origin)
    return best


def spot_rendering(target: str, renderings: Sequence[tuple[str, str]]) -> str | None:
    """The text of ``target`` that renders the term (see :func:`spot`), or None."""
    found = spot(target, renderings)
    return None if found is None else found[0]


class TermEnglish:
    """English candidates for terms: the memory's renderings first, then CC-CEDICT's, then pinyin.

    The memory is read once: the entries whose source holds one of ``terms``
    (a character-bigram index finds them), and their targets' word n-grams.
    """

    def __init__(self, resources: GlossResources, memory: Iterable[tuple[str, str]], terms: Sequence[str]) -> None:
        self.resources = resources
        wanted: dict[str, list[str]] = {}
        for t in terms:
            wanted.setdefault(t[:2], []).append(t)
        self.uses: dict[str, list[int]] = {t: [] for t in terms}
        self.targets: list[str] = []
        for source, target in memory:
            hit = False
            for i in range(len(source) - 1):
                for t in wanted.get(source[i : i + 2], ()):
                    if source.startswith(t, i) and (not self.uses[t] or self.uses[t][-1] != len(self.targets)):
                        self.uses[t].append(len(self.targets))
                        hit = True
            if hit:
                self.targets.append(target)
        self._grams: list[set[str]] = [self._ngrams(t) for t in self.targets]
        self._gram_count: Counter[str] = Counter(g for grams in self._grams for g in grams)

    @staticmethod
    def _ngrams(target: str) -> set[str]:
        words = [w.lower() for w in _WORD.findall(target)]
        out = set()
        for i in range(len(words)):
            if words[i] in EN_STOP:
                continue
            for j in range(i + 1, min(i + 4, len(words)) + 1):
                if words[j - 1] not in EN_STOP:
                    out.add(" ".join(words[i:j]))
        return out

    def candidates(self, term: str, *, glossary_target: str | None = None, words: Sequence[str] = ()) -> list[Candidate]:
        known = renderings_of(term, self.resources, glossary_target=glossary_target, words=words)
        entries = self.uses.get(term, [])
        used: Counter[str] = Counter()
        origin_of: dict[str, str] = {}
        for e in entries:
            found = spot_rendering(self.targets[e], known)
            if found:
                key = found.casefold()
                used[key] += 1
                origin_of.setdefault(key, found)
        out: list[Candidate] = [Candidate(origin_of[k], "memory", n) for k, n in used.most_common()]
        if len(entries) >= 2 and not used:
            assoc = self._associated(entries)
            if assoc is not None:
                out.append(Candidate(assoc[0], "memory", assoc[1]))
        seen = {c.target.casefold() for c in out}
        for text, origin in known:
            if text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(Candidate(text, origin, 0))
        return out

    def _associated(self, entries: list[int]) -> tuple[str, int] | None:
        """The target word n-gram most associated with the term (Dice over the memory's entries read), if strong."""
        inside: Counter[str] = Counter(g for e in entries for g in self._grams[e])
        best: tuple[float, int, str] | None = None
        for g, both in inside.items():
            if both < max(2, math.ceil(len(entries) / 2)):
                continue
            dice = 2 * both / (len(entries) + self._gram_count[g])
            key = (dice, len(g.split()), g)
            if dice >= 0.5 and (best is None or key > best):
                best = key
        if best is None:
            return None
        words = best[2].split()
        pattern = regex.compile(r"(?<!\w)" + r"\W+".join(regex.escape(w) for w in words) + r"(?!\w)", regex.IGNORECASE)
        written = next((m.group(0) for e in entries if (m := pattern.search(self.targets[e]))), best[2])
        return written, inside[best[2]]
