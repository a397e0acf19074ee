"""``translator normalize`` throughput against OpenCC's own ``convert`` on the same text.

Run by hand:  .venv/bin/python bench/bench_normalize.py [--mb 10] [--rounds 3] [--quick]

The corpus is the sample article repeated until it reaches the size asked
for; each copy is prepared as its own document (as a batch of articles
would be).  In the same run, alternating round by round and keeping each
one's best round:

* OpenCC's ``convert`` alone, article by article;
* the whole ``translator normalize`` command's pipeline (ingest, repairs,
  annotation removal, OpenCC, punctuation, line classification, metadata,
  garble check, segmentation, the document model): ``command_ratio=``;
* the convert stage (``translator.prepare.convert``): OpenCC plus
  punctuation, called as the pipeline calls them.

Prints the throughputs, then ``ratio=<convert stage / opencc>`` as the
last line.  ``--quick`` (50 kB, one round) is what the test suite runs: it
must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("input_mb", "articles", "segments", "opencc_mb_s", "normalize_mb_s", "command_ratio", "convert_mb_s", "ratio")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of UTF-8 text to process")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of each measurement (best kept)")
    ap.add_argument("--quick", action="store_true", help="50 kB, one round: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.mb, args.rounds = 0.05, 1

    import opencc

    from translator.prepare.convert import punctuation_lines, to_simplified
    from translator.prepare.pipeline import prepare_bytes

    article = SAMPLE.read_bytes()
    copies = int(args.mb * 1e6 // len(article)) + 1
    # Vary each copy a little so nothing can be cached across documents.
    docs = [article.replace("江西".encode(), f"江西{i}".encode(), 1) for i in range(copies)]
    total_mb = sum(len(d) for d in docs) / 1e6

    prepare_bytes(docs[0])  # load dictionaries once, outside the timing
    converter = opencc.OpenCC("t2s")

    texts = [d.decode("utf-8") for d in docs]

    def run_opencc() -> None:
        for t in texts:
            converter.convert(t)

    def run_stage() -> None:
        for t in texts:
            punctuation_lines(to_simplified(t))

    segments = 0

    def run_whole() -> None:
        nonlocal segments
        segments = 0
        for i, d in enumerate(docs):
            doc = prepare_bytes(d, name=f"copy-{i}.txt")
            segments += sum(len(b.segments) for b in doc.blocks)

    best = {"opencc": float("inf"), "stage": float("inf"), "whole": float("inf")}
    for _ in range(args.rounds):
        for name, fn in (("opencc", run_opencc), ("stage", run_stage), ("whole", run_whole)):
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    opencc_s, stage_s = best["opencc"], best["stage"]

    print(f"input_mb={total_mb:.2f}")
    print(f"articles={copies}")
    print(f"segments={segments}")
    print(f"opencc_mb_s={total_mb / opencc_s:.2f} (OpenCC's convert alone, {opencc_s:.2f} s)")
    print(f"normalize_mb_s={total_mb / best['whole']:.2f} (translator normalize: ingest, repair, annotations, OpenCC, "
          f"punctuation, classify, garble check, segment, documents; {best['whole']:.2f} s)")
    print(f"command_ratio={opencc_s / best['whole']:.3f}")
    print(f"convert_mb_s={total_mb / stage_s:.2f} (the convert stage: OpenCC + punctuation, {stage_s:.2f} s)")
    print(f"ratio={opencc_s / stage_s:.3f}")


if __name__ == "__main__":
    main()
