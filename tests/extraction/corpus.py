"""The extraction corpus and its metrics, shared by ``bench/bench_extract.py`` and ``tests/prepare/test_extract_corpus.py``.

The corpus is a set of real Chinese web pages with human-made gold text
(see ``SOURCES.md`` beside this file): for each page ``ID.html`` (the bytes
as saved), ``ID.gold.txt`` (the article body a person cut out of it) and
``ID.date.txt`` (the publication date the person read off the page, or
``UNKNOWN``).  ``manifest.json`` says where each page comes from and whether
it is a *tuning* page (looked at while the rules were written) or an
*unseen* one (never looked at; only its numbers were read).

Metrics, per page; a set's figure is the mean over its pages (macro):

``recall``
    Share of the gold's sentences found in the output body.  The gold is cut
    into sentences at 。！？；!?; and line breaks; both sides are normalised
    (NFKC, Traditional to Simplified, every character that is not a letter,
    digit or Han dropped), and a gold sentence of at least
    :data:`MIN_SENTENCE` characters counts as found when it is a substring of
    the normalised body.
``precision``
    Character precision of the output body: share of the normalised body's
    characters that lie in some run of :data:`SHINGLE` characters that also
    occurs in the normalised gold.  An empty body has precision 0.
``date``
    Whether the output's date (YYYY-MM-DD) is the gold's, on the pages whose
    gold states a date (``dated``); a page whose gold gives none is not counted.
``lost``
    The page lost its article: recall below :data:`LOST_BELOW`.

For ours, the body is the document's blocks (title excluded), joined by line
breaks (a page ours refuses has an empty body); for trafilatura, the text of
``trafilatura.extract`` with its default settings on the page decoded as
ours decodes it (its date from the same call's JSON output).
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_SENTENCE = 6  # normalised characters; shorter gold pieces (labels, numbers) are not counted
SHINGLE = 8  # characters in a run that must also be in the gold for precision
LOST_BELOW = 0.5  # recall under which a page has lost its article

_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_NOT_TEXT = re.compile(r"[\W_]+")


def corpus_dir() -> Path:
    """Where the pages are: ``pages/`` beside this file, else ``../shared/extraction/pages`` of the project."""
    local = HERE / "pages"
    if local.is_dir():
        return local
    shared = HERE.parent.parent.parent / "shared" / "extraction" / "pages"
    if shared.is_dir():
        return shared
    raise FileNotFoundError(
        f"extraction corpus not found in {local} nor {shared}; SOURCES.md beside this file says where its pages come from"
    )


@dataclass(frozen=True)
class Page:
    id: str
    split: str  # "tuning" | "unseen"
    html: bytes
    gold: str
    gold_date: str | None  # ISO date, or None where the gold states none


def load(split: str | None = None) -> list[Page]:
    """The corpus pages (those of one split when ``split`` is given), in manifest order."""
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    where = corpus_dir()
    pages = []
    for row in manifest["pages"]:
        if split is not None and row["split"] != split:
            continue
        pid = row["id"]
        gold = (where / f"{pid}.gold.txt").read_bytes().decode("utf-8", "replace")
        date_text = (where / f"{pid}.date.txt").read_bytes().decode("utf-8", "replace")
        pages.append(Page(pid, row["split"], (where / f"{pid}.html").read_bytes(), gold, gold_date(date_text)))
    return pages


_GOLD_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def gold_date(text: str) -> str | None:
    m = _GOLD_DATE.search(text)
    if m is None:
        return None
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def normalise(text: str) -> str:
    """NFKC, Simplified, and nothing but letters, digits and Han (lower case)."""
    from translator.prepare.convert import to_simplified

    text = to_simplified(unicodedata.normalize("NFKC", text), "t2s")
    return _NOT_TEXT.sub("", text).lower()


def gold_sentences(gold: str) -> list[str]:
    out = []
    for piece in _SENTENCE_END.split(gold):
        norm = normalise(piece)
        if len(norm) >= MIN_SENTENCE:
            out.append(norm)
    return out


def recall(gold: str, body: str) -> float:
    sentences = gold_sentences(gold)
    if not sentences:
        return 1.0
    norm_body = normalise(body)
    return sum(s in norm_body for s in sentences) / len(sentences)


def precision(gold: str, body: str) -> float:
    norm_body = normalise(body)
    if not norm_body:
        return 0.0
    norm_gold = normalise(gold)
    shingles = {norm_gold[i : i + SHINGLE] for i in range(max(1, len(norm_gold) - SHINGLE + 1))}
    covered = [False] * len(norm_body)
    for i in range(max(1, len(norm_body) - SHINGLE + 1)):
        if norm_body[i : i + SHINGLE] in shingles:
            for k in range(i, min(i + SHINGLE, len(norm_body))):
                covered[k] = True
    return sum(covered) / len(norm_body)


@dataclass(frozen=True)
class Score:
    page: str
    split: str
    recall: float
    precision: float
    dated: bool  # the gold states a date
    date_right: bool
    lost: bool


def score(page: Page, body: str, date: str | None) -> Score:
    r = recall(page.gold, body)
    return Score(
        page.id, page.split, r, precision(page.gold, body),
        page.gold_date is not None, page.gold_date is not None and date == page.gold_date, r < LOST_BELOW,
    )


def ours(page: Page) -> tuple[str, str | None]:
    """Our body and date for a page: ``prepare_bytes``, blocks joined by line breaks."""
    body, _, date = ours_with_title(page)
    return body, date


def ours_with_title(page: Page) -> tuple[str, str, str | None]:
    """Our body, headline and date for a page (the headline is the document's title block, translated with
    the rest; some golds include it, so ``recall_with_title`` scores it with the body)."""
    from translator.errors import IngestError
    from translator.prepare.pipeline import prepare_bytes

    try:
        doc = prepare_bytes(page.html, name=f"{page.id}.html")
    except IngestError:  # refused: nothing extracted, the article is lost
        return "", "", None
    return "\n".join(b.source for b in doc.blocks), doc.metadata.title or "", doc.metadata.date


def index_flagged(page: Page) -> bool:
    """Whether ours flags the page ``index_page`` (a list of articles rather than one) or refuses it."""
    from translator.errors import IngestError
    from translator.prepare.pipeline import prepare_bytes

    try:
        doc = prepare_bytes(page.html, name=f"{page.id}.html")
    except IngestError:
        return True
    return any(f.code == "index_page" for f in doc.flags)


def extracted(page: Page) -> str:
    """What our extraction step alone gives (before the cleaner): the text :func:`ingest.read` returns."""
    from translator.errors import IngestError
    from translator.prepare.ingest import read

    try:
        return read(page.html, name=f"{page.id}.html").text
    except IngestError:
        return ""


def trafilatura_alone(page: Page) -> tuple[str, str | None]:
    """trafilatura's own ``extract()`` with its defaults: body text and date.

    It is given the page as text decoded as ours decodes it (its own
    guess reads some GB2312 pages as Latin-1), so the two differ in
    extraction only.
    """
    import trafilatura

    from translator.errors import IngestError
    from translator.prepare.decode import decode

    try:
        html: str | bytes = decode(page.html)[0]
    except IngestError:
        html = page.html
    out = trafilatura.extract(html, output_format="json", with_metadata=True)
    if not out:
        return "", None
    data = json.loads(out)
    return data.get("text") or "", data.get("date")


@dataclass(frozen=True)
class Summary:
    pages: int
    recall: float
    precision: float
    dated: int
    dates_right: int
    lost: int

    @property
    def date_share(self) -> float:
        return self.dates_right / self.dated if self.dated else 1.0


def summarise(scores: Iterable[Score]) -> Summary:
    s = list(scores)
    return Summary(
        len(s),
        statistics.fmean(x.recall for x in s) if s else 0.0,
        statistics.fmean(x.precision for x in s) if s else 0.0,
        sum(x.dated for x in s),
        sum(x.date_right for x in s),
        sum(x.lost for x in s),
    )


def key_values(prefix: str, summary: Summary) -> Iterator[str]:
    """``key=value`` lines of a summary, each key starting with ``prefix``."""
    yield f"{prefix}_pages={summary.pages}"
    yield f"{prefix}_recall={summary.recall:.3f}"
    yield f"{prefix}_precision={summary.precision:.3f}"
    yield f"{prefix}_dates_right={summary.dates_right}/{summary.dated}"
    yield f"{prefix}_date_share={summary.date_share:.3f}"
    yield f"{prefix}_lost={summary.lost}"
