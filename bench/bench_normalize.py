"""Normalize throughput against OpenCC's own ``convert`` on the same text.

Run by hand:  .venv/bin/python bench/bench_normalize.py [--mb 10]

The corpus is the sample article repeated until it reaches the size asked
for; each copy is normalized as its own document (as a batch of articles
would be).  OpenCC converts the very same text, article by article, in the
same run.  Prints the throughputs, the ratio of the Normalize stage alone
(OpenCC + punctuation, ``stage_ratio``), then ``ratio=<ours/opencc>`` for
the whole ``translator normalize`` pipeline.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of UTF-8 text to process")
    args = ap.parse_args()

    import opencc

    from translator.pipeline import normalize_bytes

    article = SAMPLE.read_bytes()
    copies = int(args.mb * 1e6 // len(article)) + 1
    # Vary each copy a little so nothing can be cached across documents.
    docs = [article.replace("江西".encode(), f"江西{i}".encode(), 1) for i in range(copies)]
    texts = [d.decode("utf-8") for d in docs]
    total_mb = sum(len(d) for d in docs) / 1e6

    normalize_bytes(docs[0])  # load dictionaries once, outside the timing
    converter = opencc.OpenCC("t2s")
    converter.convert(texts[0])

    t0 = time.perf_counter()
    for t in texts:
        converter.convert(t)
    opencc_s = time.perf_counter() - t0

    # The Normalize stage alone (OpenCC + punctuation), as the pipeline runs it.
    from translator.normalize import punctuation_map, to_simplified

    t0 = time.perf_counter()
    for t in texts:
        for line in to_simplified(t).split("\n"):
            punctuation_map(line)
    stage_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    segments = 0
    for i, d in enumerate(docs):
        doc = normalize_bytes(d, name=f"copy-{i}.txt")
        segments += sum(len(b.segments) for b in doc.blocks)
    ours_s = time.perf_counter() - t0

    print(f"input: {total_mb:.1f} MB in {copies} articles, {segments} segments")
    print(f"opencc convert: {total_mb / opencc_s:8.2f} MB/s ({opencc_s:.2f} s)")
    print(f"normalize stage (OpenCC + punctuation): {total_mb / stage_s:8.2f} MB/s ({stage_s:.2f} s)")
    print(f"stage_ratio={opencc_s / stage_s:.3f}")
    print("normalize (whole command: ingest, clean, OpenCC, punctuation, segment, garble check):")
    print(f"                {total_mb / ours_s:8.2f} MB/s ({ours_s:.2f} s)")
    print(f"ratio={opencc_s / ours_s:.3f}")


if __name__ == "__main__":
    main()
