"""Extraction fidelity on real pages: the corpus of ``tests/extraction`` (see its ``SOURCES.md``),
ours beside trafilatura's own ``extract()``, with the metrics ``bench/bench_extract.py`` prints
(defined in ``tests/extraction/corpus.py``).

The issue's bar: recall at least trafilatura's, character precision above it, dates right on
at least 85% of the pages whose gold states one, and no page losing its article to the
cleaner.  The tuning set meets all of it; the unseen set (never looked at while the rules
were written) meets the precision and lost-article parts, and the whole corpus the recall and
precision parts: those are asserted here.  The unseen set's recall and dates fall short of
the bar (bench_extract prints by how much).
"""

from __future__ import annotations

import pytest
from extraction import corpus

# The pages come from a public extraction dataset (tests/extraction/SOURCES.md).  Fetched data
# may live only in the project's shared/ folder, never in this repository: the fixture
# extraction_corpus finds ../shared/extraction/pages (or tests/extraction/pages, git-ignored),
# and without them skips, or fails under CI=true.


@pytest.fixture(scope="module")
def scored(extraction_corpus) -> list[tuple[corpus.Page, corpus.Score, corpus.Score]]:
    out = []
    for page in corpus.load():
        ours = corpus.score(page, *corpus.ours(page))
        theirs = corpus.score(page, *corpus.trafilatura_alone(page))
        out.append((page, ours, theirs))
    return out


def _summaries(scored, split: str | None) -> tuple[corpus.Summary, corpus.Summary]:
    chosen = [s for s in scored if split is None or s[0].split == split]
    return corpus.summarise(s[1] for s in chosen), corpus.summarise(s[2] for s in chosen)


def test_the_corpus_has_both_sets(scored):
    splits = [page.split for page, _, _ in scored]
    assert splits.count("tuning") == 45 and splits.count("unseen") == 24


def test_no_page_loses_its_article_to_the_cleaner(scored):
    lost = [page.id for page, ours, _ in scored if ours.lost and not corpus.score(page, corpus.extracted(page), None).lost]
    assert lost == []


def test_no_more_pages_lost_than_trafilatura_loses(scored):
    for split in ("tuning", "unseen", None):
        ours, theirs = _summaries(scored, split)
        assert ours.lost <= theirs.lost, split


def test_tuning_pages_meet_the_issue_bar(scored):
    ours, theirs = _summaries(scored, "tuning")
    assert ours.recall >= theirs.recall
    assert ours.precision > theirs.precision
    assert ours.date_share >= 0.85


def test_unseen_pages_are_cleaner_than_trafilatura(scored):
    ours, theirs = _summaries(scored, "unseen")
    assert ours.precision > theirs.precision
    assert ours.dates_right >= theirs.dates_right


def test_the_whole_corpus_keeps_as_much_and_less_furniture(scored):
    ours, theirs = _summaries(scored, None)
    assert ours.recall >= theirs.recall
    assert ours.precision > theirs.precision
