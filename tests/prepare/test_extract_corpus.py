"""Extraction fidelity on real pages: the corpus of ``tests/extraction`` (see its ``SOURCES.md``),
ours beside trafilatura's own ``extract()``, with the metrics ``bench/bench_extract.py`` prints
(defined in ``tests/extraction/corpus.py``).

The issue's bar: recall at least trafilatura's, character precision above it, dates right on
at least 85% of the pages whose gold states one, and no page losing its article.  Both the
tuning set and the unseen set (never looked at while the rules were written; only
bench_extract's summary figures were read) meet all of it, and no article page of the tuning
set is flagged as a list of articles: those are asserted here.
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


def test_unseen_pages_meet_the_issue_bar(scored):
    ours, theirs = _summaries(scored, "unseen")
    assert ours.recall >= theirs.recall
    assert ours.precision > theirs.precision
    assert ours.date_share >= 0.85
    assert ours.lost == 0


def test_no_article_of_the_tuning_set_is_flagged_as_a_list_of_articles(extraction_corpus):
    # the tuning set holds no index page; its articles with dated related links or comments are articles
    assert [page.id for page in corpus.load("tuning") if corpus.index_flagged(page)] == []


def test_the_whole_corpus_keeps_as_much_and_less_furniture(scored):
    ours, theirs = _summaries(scored, None)
    assert ours.recall >= theirs.recall
    assert ours.precision > theirs.precision
