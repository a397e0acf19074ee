"""Extraction fidelity on real Chinese pages: ``translator normalize`` beside trafilatura's own ``extract()``.

Run by hand:  .venv/bin/python bench/bench_extract.py [--pages]

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
* ``lost``: pages whose recall is under 0.5 (the article is lost);
  ``lost_to_cleaner``: pages lost by ours but not by our extraction step.

Prints ``key=value`` lines per set (``tuning``: pages looked at while the
rules were written; ``unseen``: never looked at) and ``all``, for ``ours``,
``trafilatura`` and ``extracted``; with ``--pages``, one line per page first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from extraction import corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="store_true", help="print each page's figures too")
    args = parser.parse_args()
    rows = []
    for page in corpus.load():
        body, date = corpus.ours(page)
        t_body, t_date = corpus.trafilatura_alone(page)
        ours = corpus.score(page, body, date)
        theirs = corpus.score(page, t_body, t_date)
        ex = corpus.score(page, corpus.extracted(page), None)
        rows.append((page, ours, theirs, ex))
        if args.pages:
            print(
                f"page={page.id} split={page.split} ours_recall={ours.recall:.3f} ours_precision={ours.precision:.3f} "
                f"ours_date={date} trafilatura_recall={theirs.recall:.3f} trafilatura_precision={theirs.precision:.3f} "
                f"trafilatura_date={t_date} extracted_recall={ex.recall:.3f} gold_date={page.gold_date}"
            )
    for name in ("tuning", "unseen", "all"):
        chosen = [r for r in rows if name == "all" or r[0].split == name]
        for label, k in (("ours", 1), ("trafilatura", 2)):
            for line in corpus.key_values(f"{name}_{label}", corpus.summarise(r[k] for r in chosen)):
                print(line)
        print(f"{name}_extracted_recall={corpus.summarise(r[3] for r in chosen).recall:.3f}")
        print(f"{name}_lost_to_cleaner={sum(r[1].lost and not r[3].lost for r in chosen)}")


if __name__ == "__main__":
    main()
