"""``translator publish``: a full build of a site of 1,000 articles, then an incremental rebuild after one changes.

Run by hand:  .venv/bin/python bench/bench_publish.py [--articles 1000] [--quick]

Stores ``--articles`` approved articles (a title, eight paragraphs of three
sentences, credits and an original URL each; the sample's sentences cycled)
in a SQLite project database, then times, through ``Project.publish``:

* ``full_s``: the first build (every article page, the index pages, feed, sitemap);
* ``rerun_s``: a rebuild with nothing changed;
* ``incremental_s``: a rebuild after a reviewer changed one sentence of one article
  (one page rewritten, plus the index, feed and sitemap);

each the best of three rounds (the machine is shared), and prints ``key=value`` lines, the last ``incremental_ratio=`` (incremental over
full; the target is at most 0.05).  ``--quick`` (20 articles) is what the test suite
runs: it must finish and print every key of ``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translator.document import Block, Document, Metadata, Segment  # noqa: E402
from translator.project import Project  # noqa: E402
from translator.settings import Settings  # noqa: E402

# The key=value lines every run prints, --quick included (tests/bench/test_bench_quick.py checks them).
KEYS = ("articles", "pages_written", "full_s", "rerun_s", "incremental_s", "incremental_written", "rounds", "site_mb",
        "incremental_ratio")
ROUNDS = 3

ZH = ("江西省今年脱贫攻坚取得新进展。", "全省贫困人口减少了十万人。", "特色产业成为农民增收的重要来源。",
      "政府继续加大对农村基础设施的投入。", "专家认为，这一成果来之不易。", "下一步将巩固脱贫成果，推进乡村振兴。")
EN = ("Jiangxi made new progress in poverty alleviation this year.", "The province's poor population fell by 100,000.",
      "Distinctive industries became an important source of farmers' income.",
      "The government kept increasing its investment in rural infrastructure.",
      "Experts believe the achievement did not come easily.", "Next, it will consolidate the results and advance rural revitalization.")


def article(n: int) -> Document:
    doc_id = f"{n:012x}"
    seg = 0

    def block(kind: str, count: int, k: int, *, title: str | None = None) -> Block:
        nonlocal seg
        segments = []
        for j in range(count):
            i = (n + k + j) % len(ZH)
            segments.append(Segment(
                id=f"{doc_id}-{k}-{j}", source=f"{ZH[i][:-1]}（{n}-{k}-{j}）。", original=ZH[i], target=title or f"{EN[i]} ({n}.{k}.{j})",
                status="approved", provenance={"editor": "Lin Yue", "reviewer": "Mark Ellis"},
            ))
        return Block(kind, segments)  # type: ignore[arg-type]

    return Document(
        id=doc_id,
        metadata=Metadata(title=f"江西新闻第{n}号", date=f"20{20 + n % 6:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}", source="江西日报",
                          url=f"https://www.example.cn/news/{n}.html", original_script="zh-Hant" if n % 3 == 0 else "zh-Hans"),
        title=block("title", 1, 0, title=f"Jiangxi report number {n}: distinctive industries and rural revitalization"),
        blocks=[block("paragraph", 3, k) for k in range(1, 9)],
        input={"name": f"article-{n}.txt", "opencc": "t2s"},
        signature="engine:gloss|version:bench",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="20 articles: checks the script runs (figures mean nothing)")
    args = parser.parse_args()
    count = 20 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(env={}, cwd=Path(tmp), overrides={"db": str(Path(tmp) / "bench.sqlite"), "engine": "gloss"})
        project = Project(settings)
        docs = project.documents
        for n in range(count):
            docs.save(article(n), by="Mark Ellis")
        base = "https://news.example.org/"
        # The machine is shared: each figure is the best of ROUNDS (full builds into fresh folders; incremental
        # rebuilds each after a different article changed), measured alternately.
        full_times, rerun_times, incremental_times = [], [], []
        written = []
        for r in range(ROUNDS):
            out = Path(tmp) / f"site{r}"
            t = time.perf_counter()
            full = project.publish(str(out), base)
            full_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            project.publish(str(out), base)
            rerun_times.append(time.perf_counter() - t)
            changed = docs.get(f"{(count // 2 + r) % count:012x}").blocks[0].segments[0]
            docs.update_segment(changed.id, by="Mark Ellis", target=f"A sentence a reviewer changed ({r}).", status="approved")
            t = time.perf_counter()
            incremental = project.publish(str(out), base)
            incremental_times.append(time.perf_counter() - t)
            written.append(len(incremental.written))
        full_s, rerun_s, incremental_s = min(full_times), min(rerun_times), min(incremental_times)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        project.close()
    print(f"articles={len(full.published)}")
    print(f"pages_written={len(full.written)}")
    print(f"full_s={full_s:.3f}")
    print(f"rerun_s={rerun_s:.3f}")
    print(f"incremental_s={incremental_s:.3f}")
    print(f"incremental_written={max(written)}")
    print(f"rounds={ROUNDS}")
    print(f"site_mb={size / 1e6:.1f}")
    print(f"incremental_ratio={incremental_s / full_s:.4f}")


if __name__ == "__main__":
    main()
