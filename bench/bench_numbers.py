"""Numbers QA (``translator.quality.numbers.compare``) on one segment with many numbers.

Run by hand:  .venv/bin/python bench/bench_numbers.py [--n 2000] [--rounds 5] [--quick]

Builds a Chinese source with ``n`` numbers of mixed shapes (areas in 亩, sums
in 万元, 近 ... 家, percentages, counts, years; many values repeat) and its
English translation, where one number in ten is wrong (so compare() also
pairs by rounding, reports mismatches and looks for extras).  Times
``compare`` at n, 2n and 4n numbers, alternating the sizes round by round
and keeping each size's best round, and prints ``key=value`` lines; the
last is ``exponent=``, the growth exponent fitted to the three sizes (1.0
is linear, 2.0 quadratic).  ``--quick`` (n = 50, one round) is what the test
suite runs: it must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import math
import time

# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("n", "seconds", "problems", "largest_n", "seconds_at_largest", "exponent")


def segment(n: int) -> tuple[str, str]:
    """A source with ``n`` numbers and its translation; every tenth number is wrong."""
    zh: list[str] = []
    en: list[str] = []
    for k in range(n):
        wrong = 1 if k % 10 == 9 else 0
        shape = k % 6
        if shape == 0:
            v = 1000 + 7 * k
            zh.append(f"耕地{v}亩")
            en.append(f"{v + wrong:,} mu of farmland")
        elif shape == 1:
            v = 100 + k
            zh.append(f"投资{v}万元")
            en.append(f"an investment of {(v + wrong) * 10_000:,} yuan")
        elif shape == 2:
            v = 300 + k
            zh.append(f"近{v}家企业")
            en.append(f"nearly {v + wrong:,} enterprises")
        elif shape == 3:
            v = k % 100
            zh.append(f"增长{v}%")
            en.append(f"up {v + wrong} percent")
        elif shape == 4:
            v = 10 + k % 50
            zh.append(f"{v}个项目")
            en.append(f"{v + wrong} projects")
        else:
            y = 1990 + k % 30
            zh.append(f"{y}年")
            en.append(f"in {y + wrong}")
    return "，".join(zh) + "。", ", ".join(en) + "."


def time_once(src: str, tgt: str) -> tuple[float, int]:
    from translator.quality.numbers import compare

    t0 = time.perf_counter()
    problems = len(compare(src, tgt))
    return time.perf_counter() - t0, problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="numbers in the smallest segment (then 2n, 4n)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds per size (best kept)")
    ap.add_argument("--quick", action="store_true", help="n = 50, one round: a smoke run")
    args = ap.parse_args()
    if args.quick:
        args.n, args.rounds = 50, 1

    sizes = [args.n, 2 * args.n, 4 * args.n]
    segments = [segment(n) for n in sizes]
    times = [math.inf] * len(sizes)
    problems = [0] * len(sizes)
    for _ in range(args.rounds):  # sizes alternate round by round, so load drifts hit all alike
        for k, (src, tgt) in enumerate(segments):
            secs, problems[k] = time_once(src, tgt)
            times[k] = min(times[k], secs)
    for n, secs, found in zip(sizes, times, problems):
        print(f"n={n} seconds={secs:.4f} problems={found}")
    # least-squares slope of log(time) over log(n)
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"largest_n={sizes[-1]}")
    print(f"seconds_at_largest={times[-1]:.4f}")
    print(f"exponent={slope:.2f}")


if __name__ == "__main__":
    main()
