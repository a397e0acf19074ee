"""``translator terms mine`` at 250, 500 and 1,000 articles: time, peak memory, growth; and what it proposes.

Run by hand:  .venv/bin/python bench/bench_terms.py [--sizes 250,500,1000] [--seed 19] [--quick]

**Scaling.**  Articles are made by recombining the paragraphs of real ones
(the sample and the pages of the extraction corpus, ``tests/extraction/``):
each a headline and 6-14 paragraphs drawn with a fixed seed, written as
``.txt`` files.  Each size runs the real command, ``translator terms mine
FILES... --json --no-shipped-glossaries``, in a fresh process that first
loads CC-CEDICT, jieba and its part-of-speech table (``load_s``, the same at every size), then runs
the command (``seconds``: the CPU seconds, user and system, of reading, preparing and mining every
article: on a machine other jobs share, wall time, ``command_wall_s``, says more about them than about
the command) and reports its peak resident memory (``peak_mb``, ``ru_maxrss``).  ``exponent=``
is the log-log slope of ``seconds`` over the sizes (1.0 is linear; the issue
asks for 1.2 or less); ``exponent_total=`` the same with the load counted.

**What it proposes.**  On the sample and nine news articles of the corpus
(local government, policy, the epidemic: the shipped glossaries' domain),
with the shipped glossaries off: of the shipped terms that occur three
times or more, the share the top 20, 50 and 100 rows propose
(``share_top100=``), exactly or as the longer unit that holds them
(``share_top100_within=``), and the top 20 rows (``top20=``) to judge by hand.

``--quick`` (5, 10 and 20 articles) is what the test suite runs: it must
finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from extraction import corpus  # noqa: E402 - the corpus's pages (tests/extraction/corpus.py)

# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = (
    "articles", "seconds", "peak_mb", "load_s", "seconds_at_largest", "peak_mb_at_largest", "exponent", "exponent_total",
    "shipped_terms_ge3", "share_top20", "share_top50", "share_top100", "share_top100_within", "top20",
)
SAMPLE = ROOT / "examples" / "jiangxi-poverty-alleviation.txt"
#: News articles of the extraction corpus in the shipped glossaries' domain (local government, policy, epidemic).
NEWS = ("36efbc69", "b26fbb82", "aefcf136", "500b350d", "d232c5df", "9890f458", "3e1af229", "33a95b71", "f70d9c97")

CHILD = r"""
import resource, sys, time

def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime

t0, c0 = time.perf_counter(), cpu()
from translator.engines.gloss import load_resources
from translator.quality.terms import _tag_table
r = load_resources()
_tag_table(r.tokenizer)  # jieba's part-of-speech table, read once per process like the dictionary
r.romanise("中")  # pypinyin
t1, c1 = time.perf_counter(), cpu()
from translator.cli import main
try:
    main(sys.argv[1:], prog_name="translator", standalone_mode=False)
except SystemExit:
    pass
t2, c2 = time.perf_counter(), cpu()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"load_s={c1 - c0:.3f} seconds={c2 - c1:.3f} wall_s={t2 - t1:.3f} peak_kb={peak}", file=sys.stderr)
"""


def paragraphs() -> list[str]:
    """Every paragraph of the sample and of the corpus's gold texts, long enough to be prose."""
    texts = [SAMPLE.read_text(encoding="utf-8")]
    folder = corpus.corpus_dir()
    texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.gold.txt"))]
    out = []
    for text in texts:
        out += [p.strip() for p in text.replace("\r", "").split("\n") if len(p.strip()) >= 20]
    return out


def make_articles(folder: Path, n: int, pool: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        body = rng.sample(pool, rng.randint(6, 14))
        title = body[0][:18].rstrip("，。、；：") + "报道"
        path = folder / f"article-{i:05d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def run_size(n: int, pool: list[str], seed: int, work: Path) -> dict[str, float]:
    folder = work / f"n{n}"
    folder.mkdir()
    paths = make_articles(folder, n, pool, seed)
    args = ["--set", f"glossary_file={work / 'none.tsv'}", "terms", "mine", *paths, "--db", str(work / "none.sqlite"),
            "--json", "--no-shipped-glossaries", "--limit", "100"]
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=work, check=False)
    if done.returncode != 0:
        raise SystemExit(f"terms mine failed at {n} articles:\n{done.stderr[-2000:]}")
    rows = json.loads(done.stdout)
    line = done.stderr.strip().splitlines()[-1]
    values = dict(item.split("=") for item in line.split())
    return {"load_s": float(values["load_s"]), "seconds": float(values["seconds"]), "wall": float(values["wall_s"]),
            "peak_mb": int(values["peak_kb"]) / 1024, "rows": len(rows)}


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def proposals() -> dict[str, str]:
    """The shipped terms seen three times or more in the sample and NEWS, and how many the top rows propose."""
    from translator.project import Project
    from translator.quality.terms import TextSegment
    from translator.settings import Settings
    from translator.store.glossary import Glossary

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(env={}, cwd=Path(tmp), overrides={
            "db": str(Path(tmp) / "none.sqlite"), "shipped_glossaries": False, "glossary_file": str(Path(tmp) / "g.tsv")})
        project = Project(settings, read_only=True)
        files = [SAMPLE] + [corpus.corpus_dir() / f"{n}.gold.txt" for n in NEWS]
        docs = [project.prepare(f.read_bytes(), name=f.name) for f in files]
        segs = [TextSegment(str(d.input.get("name")), s.id, s.source) for d in docs for s in d.segments()]
        rows = project.terminology.mine(segs, min_count=3, limit=None)
        project.close()
    text = "\n".join(s.source for s in segs)
    shipped = Glossary.load([], shipped=True)
    wanted = {src for src in shipped.terms if text.count(src) >= 3}
    rank = {r.source: i for i, r in enumerate(rows)}
    out = {"shipped_terms_ge3": str(len(wanted))}
    for k in (20, 50, 100):
        out[f"share_top{k}"] = f"{sum(rank.get(t, 10**9) < k for t in wanted) / max(1, len(wanted)):.2f}"
    top100 = [r.source for r in rows[:100]]
    out["share_top100_within"] = f"{sum(any(t in r for r in top100) for t in wanted) / max(1, len(wanted)):.2f}"
    out["missed_top100"] = ",".join(sorted((t for t in wanted if rank.get(t, 10**9) >= 100), key=lambda t: -text.count(t)))
    out["top20"] = ",".join(f"{r.source}{'*' if r.source in shipped.terms else ''}" for r in rows[:20])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="250,500,1000")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--quick", action="store_true", help="5, 10 and 20 articles: seconds, figures mean nothing")
    args = ap.parse_args()
    sizes = [5, 10, 20] if args.quick else [int(s) for s in args.sizes.split(",")]
    pool = paragraphs()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t0 = time.perf_counter()
            r = run_size(n, pool, args.seed, Path(tmp))
            results.append(r)
            print(f"articles={n} seconds={r['seconds']:.2f} command_wall_s={r['wall']:.2f} peak_mb={r['peak_mb']:.0f} "
                  f"load_s={r['load_s']:.2f} rows={r['rows']} wall_s={time.perf_counter() - t0:.1f}", flush=True)
    print(f"seconds_at_largest={results[-1]['seconds']:.2f}")
    print(f"peak_mb_at_largest={results[-1]['peak_mb']:.0f}")
    print(f"exponent_total={slope(sizes, [r['seconds'] + r['load_s'] for r in results]):.2f}")
    print(f"exponent={slope(sizes, [r['seconds'] for r in results]):.2f}")
    for key, value in proposals().items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
