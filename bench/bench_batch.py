"""``translator batch`` against ``translator translate`` run once per article, gloss engine.

Run by hand:  .venv/bin/python bench/bench_batch.py [--articles 50] [--rounds 1] [--quick]

Makes N distinct copies of the sample article, then, side by side in one
run, times:

* ``translator translate --json FILE`` once per article (what a user without
  ``batch`` does): the sum of the N runs;
* one ``translator batch`` over the same N files (store, JSON and HTML
  exports, report), on a fresh database.

Prints both and ``overhead_ratio=<batch / sum of translate>`` last.
``--quick`` (one short article, one round, the tiny random-weight Argos model
of tests/tinyargos.py instead of the gloss engine, whose dictionaries take
seconds to load) is what the test suite runs: it must finish and print every
key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("articles", "engine", "translate_each_s", "batch_s", "overhead_ratio")

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from helpers.tinyargos import install_tiny_package  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1, help="rounds of each measurement (best kept)")
    ap.add_argument("--quick", action="store_true", help="one article, one round: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.articles, args.rounds = 1, 1
    exe = str(Path(sys.executable).with_name("translator"))
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "no-models"), "HOME": str(work)}
    engine = "gloss"
    if args.quick:
        env.update(install_tiny_package(work))
        engine = "argos"
    folder = work / "in"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    if args.quick:  # the title, the date line and the first paragraph
        text = "\n".join(text.splitlines()[:5])
    files = []
    for i in range(args.articles):
        f = folder / f"article-{i:03}.txt"
        f.write_text(text.replace("江西", f"江西{i}号", 1), encoding="utf-8")
        files.append(f)
    best_single = best_batch = float("inf")
    for r in range(args.rounds):
        t0 = time.perf_counter()
        for f in files:
            subprocess.run([exe, "translate", "--json", "--engine", engine, "--no-memory", str(f)],
                           env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best_single = min(best_single, time.perf_counter() - t0)
        out, db = work / f"out{r}", work / f"p{r}.sqlite"
        t0 = time.perf_counter()
        subprocess.run([exe, "batch", str(folder), "--out", str(out), "--db", str(db), "--engine", engine,
                        "--format", "json", "--format", "html"], env=env, check=True, stderr=subprocess.DEVNULL)
        best_batch = min(best_batch, time.perf_counter() - t0)
    shutil.rmtree(work, ignore_errors=True)
    print(f"articles={args.articles}")
    print(f"engine={engine}")
    print(f"translate_each_s={best_single:.2f} ({best_single / args.articles:.3f} s per article)")
    print(f"batch_s={best_batch:.2f} ({best_batch / args.articles:.3f} s per article)")
    print(f"overhead_ratio={best_batch / best_single:.3f}")


if __name__ == "__main__":
    main()
