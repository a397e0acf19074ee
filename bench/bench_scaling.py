"""How the cost of preparing pathological inputs grows: the growth exponent per shape.

Run by hand (the tests run its ``--quick`` mode only):

    .venv/bin/python bench/bench_scaling.py [--scale 1.0] [--only SHAPE ...] [--quick]

Each shape is an input that once took super-linear time (issue 8, section 2,
and the shapes found while fixing it).  It is run at n, 2n and 4n through
the entry point a user reaches it by (mostly ``prepare_text`` /
``prepare_bytes``, as ``translator normalize`` calls them); the best CPU
time of a few runs is kept, and the growth exponent is the slope of log(time) against
log(size) (1 is linear, 2 quadratic).  Prints one ``shape=... exponent=...``
line per shape and ``worst_exponent=`` last.  Target: at most 1.2.

``exponent`` is the code's own growth: the garbage collector's automatic
runs are paused during each timed call.  ``with_collector_exponent`` is measured as a user runs
it, collector on; CPython's full collections add a cost that is linear in
the long run but climbs in steps over n, 2n, 4n, so it reads a little
higher on small inputs.

The numbers QA shape runs when :func:`translator.quality.numbers.compare`
is importable; the gloss engine's shape belongs to the engines' bench.
``--quick`` (every shape at 1% of its size, one run per size) is what the
test suite runs: it must finish and print every key of ``KEYS``; its figures
mean nothing.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"

Shape = tuple[str, int, Callable[[int], Callable[[], object]]]  # name, n, input size -> the call to time
# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("shape", "exponent", "times", "with_collector_exponent", "worst_with_collector_exponent", "worst_exponent")


def shapes() -> list[Shape]:
    from translator.prepare import decode as decoding
    from translator.prepare import html as page_html
    from translator.prepare.pipeline import prepare_bytes, prepare_text

    def text(make: Callable[[int], str], **kw: object) -> Callable[[int], Callable[[], object]]:
        def build(n: int) -> Callable[[], object]:
            s = make(n)
            return lambda: prepare_text(s, **kw)  # type: ignore[arg-type]

        return build

    def sniff(n: int) -> Callable[[], object]:
        # n comments, all inside the sniffed prefix; the regex this replaced
        # took 6 s at 24 and never finished at 30.
        page = "<!---->" * n + "<script>x</script>"
        return lambda: [page_html.is_html(page) for _ in range(5000)]

    def gb18030(n: int) -> Callable[[], object]:
        # Random common characters: charset-normalizer gives up on about 10% of
        # such texts, and the strict decodes take over.
        rng = random.Random(n)
        data = "".join(chr(rng.randint(0x4E00, 0x9FA5)) if i % 40 else "\n" for i in range(n)).encode("gb18030")
        return lambda: decoding.decode(data)

    def utf16(n: int) -> Callable[[], object]:
        data = (SAMPLE.read_text(encoding="utf-8") * n).encode("utf-16-le")
        return lambda: decoding.decode(data)

    def sample(n: int) -> Callable[[], object]:
        body = SAMPLE.read_text(encoding="utf-8").split("責任編輯")[0]
        data = (body + "\n\n".join([body.split("\n", 4)[4]] * n)).encode("utf-8")
        return lambda: prepare_bytes(data)

    garbled = "地群众脱贫致富的步伐比如说".encode().decode("gbk", errors="replace")
    out: list[Shape] = [
        ("html_leading_comments", 64, sniff),
        ("short_lines", 40_000, text(lambda n: "短行\n" * n)),
        ("tw2sp_length_changing_phrases", 16_000, text(lambda n: "他們的記憶體和軟體很好，做得不錯。" * n, opencc="tw2sp")),
        ("unmatched_brackets", 40_000, text(lambda n: "（字" * n + "》字。" * n)),
        ("garbled_spans_one_paragraph", 4_000, text(lambda n: f"正常的句子。{garbled}。" * n)),
        ("no_punctuation_run", 800_000, text(lambda n: "字" * n)),
        ("long_sentence_many_commas", 400_000, text(lambda n: "字，" * n + "。")),
        ("pinyin_annotations_one_line", 80_000, text(lambda n: "產業(yè)" * n)),
        ("spaced_marks_many_lines", 20_000, text(lambda n: "字 , 字\n" * n)),
        ("quotes_never_closed", 40_000, text(lambda n: "“他说。" * n)),
        ("gb18030_strict_fallback", 2_000_000, gb18030),
        ("utf16_without_bom", 4_000, utf16),
        ("sample_article_repeated", 200, sample),
    ]
    try:
        from translator.quality.numbers import compare
    except ImportError:
        print("note: translator.quality.numbers.compare is not importable here; numbers_qa skipped", flush=True)
    else:

        def numbers(n: int) -> Callable[[], object]:
            src = "，".join(f"{i}亩" for i in range(1, n + 1)) + "。"
            tgt = ", ".join(f"{i} mu" for i in range(1, n + 1)) + "."
            return lambda: compare(src, tgt)

        out.append(("numbers_qa_many_numbers", 1_000, numbers))
    return out


def best_time(call: Callable[[], object], budget: float, *, collector: bool) -> float:
    """The best CPU time of up to three runs (fewer once they have taken ``budget`` seconds).

    CPU time of this process, so other work on the machine disturbs it less
    than the wall clock.  With ``collector`` false, Python's garbage
    collector does not run during the call (what the call made is freed by
    reference counting as usual; the pipeline makes no cycles): the cost of
    the code itself, without the collector's automatic full collections,
    whose count steps up as a run's objects pass each threshold (linear in
    the long run, but a staircase over n, 2n, 4n) and whose cost per object
    grows as the heap outgrows the caches.
    """
    times: list[float] = []
    while len(times) < 3:
        gc.collect()
        if not collector:
            gc.disable()
        try:
            t0 = time.process_time()
            call()
            times.append(time.process_time() - t0)
        finally:
            gc.enable()
        if sum(times) > budget:
            break
    return min(times)


def exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every shape's n (default 1)")
    ap.add_argument("--only", nargs="*", help="run only these shapes")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds of repeated runs per size before settling for fewer")
    ap.add_argument("--quick", action="store_true", help="every shape at 1%% of its size, one run per size: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.scale, args.budget = 0.01, 0.0

    from translator.prepare.pipeline import prepare_text

    prepare_text("預熱(yù)。記憶體", opencc="tw2sp")  # dictionaries loaded outside the timing
    if args.quick:
        gc.freeze()  # the dictionaries out of the collector's sight: the full collection before each call is quick
    worst = worst_gc = 0.0
    for name, n, build in shapes():
        if args.only and name not in args.only:
            continue
        sizes = [max(1, int(n * args.scale)) * k for k in (1, 2, 4)]
        calls = [build(size) for size in sizes]
        times = [best_time(call, args.budget, collector=False) for call in calls]
        gc_times = [best_time(call, args.budget / 2, collector=True) for call in calls]
        e, e_gc = exponent(sizes, times), exponent(sizes, gc_times)
        worst, worst_gc = max(worst, e), max(worst_gc, e_gc)
        shown = " ".join(f"{s}:{t:.3f}s" for s, t in zip(sizes, times))
        shown_gc = " ".join(f"{t:.3f}s" for t in gc_times)
        print(f"shape={name} exponent={e:.2f} times={shown} with_collector_exponent={e_gc:.2f} times={shown_gc}", flush=True)
    print(f"worst_with_collector_exponent={worst_gc:.2f}")
    print(f"worst_exponent={worst:.2f}")


if __name__ == "__main__":
    main()
