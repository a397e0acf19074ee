"""Extraction fidelity on real Chinese pages: ``translator normalize`` beside trafilatura's own ``extract()``.

Run by hand:  .venv/bin/python bench/bench_extract.py [--pages] [--quick]

For every page of the corpus in ``tests/extraction/`` (real pages from a
public extraction test suite, with human-made gold text and dates; see
``tests/extraction/SOURCES.md``), in the same run:

* ours: ``prepare_bytes`` on the page's bytes, the body being the
  document's blocks (title excluded);
* ``extracted``: our extraction step alone, before the cleaner
  (``ingest.read``), for recall only: what the cleaner loses is the difference;
* trafilatura: ``trafilatura.extract`` with its defaults (text and date).

Metrics (defined in ``tests/extraction/corpus.py``, shared with the test):

* ``recall``: share of the gold's sentences found in the body (sentences cut
  at 。！？；!?; and line breaks, both sides normalised: NFKC, Simplified,
  letters, digits and Han only; a sentence counts when it is a substring
  of the body), mean over pages;
* ``precision``: character precision of the body: share of its normalised
  characters inside some 8-character run that also occurs in the gold;
  mean over pages (an empty body scores 0);
* ``dates_right``: pages whose date is the gold's, of the pages whose gold
  states a date; ``date_share`` the same as a share;
* ``ours_recall_with_title``: ``recall`` of our body with the document's title
  (block 0, translated like the rest) before it: some golds include the headline;
* ``lost``: pages whose recall is under 0.5 (the article is lost);
  ``lost_to_cleaner``: pages lost by ours but not by our extraction step;
* ``index_flagged``: pages ours flags ``index_page`` (a list of articles, not one)
  or refuses (a count only: which pages is not printed for the unseen set).

Prints ``key=value`` lines per set (``tuning``: pages looked at while the
rules were written; ``unseen``: never looked at) and ``all``, for ``ours``,
``trafilatura`` and ``extracted``; with ``--pages``, one line per page first.
``--quick`` scores the first two pages of each set only: what the test suite
runs (it must finish and print every key of ``KEYS``; its figures mean nothing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from extraction import corpus  # noqa: E402

SETS = ("tuning", "unseen", "all")
SUMMARY = ("pages", "recall", "precision", "dates_right", "date_share", "lost")  # corpus.key_values
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = (
    "tuning_ours_pages", "tuning_ours_recall", "tuning_ours_precision",
    "tuning_ours_dates_right", "tuning_ours_date_share", "tuning_ours_lost",
    "tuning_trafilatura_pages", "tuning_trafilatura_recall", "tuning_trafilatura_precision",
    "tuning_trafilatura_dates_right", "tuning_trafilatura_date_share", "tuning_trafilatura_lost",
    "tuning_extracted_recall", "tuning_lost_to_cleaner", "tuning_ours_recall_with_title", "tuning_index_flagged",
    "unseen_ours_pages", "unseen_ours_recall", "unseen_ours_precision",
    "unseen_ours_dates_right", "unseen_ours_date_share", "unseen_ours_lost",
    "unseen_trafilatura_pages", "unseen_trafilatura_recall", "unseen_trafilatura_precision",
    "unseen_trafilatura_dates_right", "unseen_trafilatura_date_share", "unseen_trafilatura_lost",
    "unseen_extracted_recall", "unseen_lost_to_cleaner", "unseen_ours_recall_with_title", "unseen_index_flagged",
    "all_ours_pages", "all_ours_recall", "all_ours_precision",
    "all_ours_dates_right", "all_ours_date_share", "all_ours_lost",
    "all_trafilatura_pages", "all_trafilatura_recall", "all_trafilatura_precision",
    "all_trafilatura_dates_right", "all_trafilatura_date_share", "all_trafilatura_lost",
    "all_extracted_recall", "all_lost_to_cleaner", "all_ours_recall_with_title", "all_index_flagged",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="print each page's figures too")
    parser.add_argument("--quick", action="store_true", help="the first two pages of each set only: a smoke run")
    args = parser.parse_args()
    pages = corpus.load()
    if args.quick:
        pages = [p for p in pages if p.split == "tuning"][:2] + [p for p in pages if p.split == "unseen"][:2]
    rows = []
    for page in pages:
        body, title, date = corpus.ours_with_title(page)
        index = corpus.index_flagged(page)
        t_body, t_date = corpus.trafilatura_alone(page)
        ours = corpus.score(page, body, date)
        titled = corpus.recall(page.gold, f"{title}\n{body}")
        theirs = corpus.score(page, t_body, t_date)
        ex = corpus.score(page, corpus.extracted(page), None)
        rows.append((page, ours, theirs, ex, titled, index))
        if args.pages:
            print(
                f"page={page.id} split={page.split} ours_recall={ours.recall:.3f} ours_precision={ours.precision:.3f} "
                f"ours_date={date} trafilatura_recall={theirs.recall:.3f} trafilatura_precision={theirs.precision:.3f} "
                f"trafilatura_date={t_date} extracted_recall={ex.recall:.3f} gold_date={page.gold_date} index_flagged={index}"
            )
    for name in SETS:
        chosen = [r for r in rows if name == "all" or r[0].split == name]
        for label, k in (("ours", 1), ("trafilatura", 2)):
            for line in corpus.key_values(f"{name}_{label}", corpus.summarise(r[k] for r in chosen)):
                print(line)
        print(f"{name}_extracted_recall={corpus.summarise(r[3] for r in chosen).recall:.3f}")
        print(f"{name}_lost_to_cleaner={sum(r[1].lost and not r[3].lost for r in chosen)}")
        print(f"{name}_ours_recall_with_title={sum(r[4] for r in chosen) / max(1, len(chosen)):.3f}")
        print(f"{name}_index_flagged={sum(r[5] for r in chosen)}")


if __name__ == "__main__":
    main()
