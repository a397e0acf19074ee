"""Find and replace at scale (run by hand; the tests run its ``--quick`` mode only).

A document of ``--segments`` segments (77,000 by default, the size that
took 10 s and grew quadratically before, issue 21) is stored in a SQLite
project; a translator previews, applies and undoes a whole-word replace
named on ``--replaced`` of its segments (8,000: the review page sends the
ids of the rows it shows), through the review app's JSON API (Flask's test
client: the request, the library and the database, no network).  The
replace is linear: twice the segments should take about twice the time.

Prints, one per line::

    preview_ms=   POST /api/documents/ID/replace with preview (nothing written)
    apply_ms=     the same replace applied (one transaction: every change or none)     (target: well under 1000)
    undo_ms=      POST .../replace/ID/undo (one transaction)
    changed=      segments changed by the replace
    segments=     segments in the document

plus preview_cpu_ms=, apply_cpu_ms=, undo_cpu_ms= (the request thread's CPU time: what each costs on an idle
core, whatever else the machine runs), qa_s= (seconds from the apply until the QA of every changed segment is written: a large replace
runs it right after answering), replaced= (segments named), store_s= (seconds to store the document)
and load= (the machine's 1-minute load average: the figures of a shared machine are worth only so much).

    .venv/bin/python bench/bench_replace.py [--segments 77000] [--replaced 8000] [--quick]

``--quick`` (400 segments, 40 named) is what the test suite runs: it must finish and print every key of
``KEYS``; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

KEYS = ("preview_ms", "apply_ms", "undo_ms", "preview_cpu_ms", "apply_cpu_ms", "undo_cpu_ms", "qa_s", "changed", "segments", "replaced", "store_s", "load")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=77_000)
    parser.add_argument("--replaced", type=int, default=8_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.segments, args.replaced = 400, 40

    from helpers.web import login_client, make_app, make_project

    from translator.prepare.pipeline import prepare_text

    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder))
        sentences = [f"江西第{i}项扶贫工作取得显著成果，全省{i % 90 + 10}个县参与其中。" for i in range(args.segments - 1)]
        text = "基准文章\n\n" + "\n\n".join("".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10))
        doc = prepare_text(text, name="bench-replace.txt")
        for k, seg in enumerate(doc.segments()):
            seg.target = f"Project {k} on poverty relief: the tax office and taxpayers agreed."
            seg.status, seg.provenance = "machine", {"engine": "bench"}
        doc.signature = "engine:bench"
        started = time.perf_counter()
        project.documents.save(doc)
        store_s = time.perf_counter() - started
        ids = [s.id for s in doc.segments()]
        step = max(1, len(ids) // args.replaced)
        named = ids[::step][: args.replaced]
        client = login_client(make_app(project), "tina")
        body = {"find": "tax", "replace": "levy", "whole_word": True, "segments": named}

        cpu: dict[str, float] = {}

        def timed(path: str, payload: dict, name: str) -> tuple[float, dict]:
            t, c = time.perf_counter(), time.thread_time()
            r = client.post(path, json=payload)
            ms = 1000 * (time.perf_counter() - t)
            cpu[name] = 1000 * (time.thread_time() - c)
            assert r.status_code == 200, r.get_data(as_text=True)[:500]
            return ms, r.get_json()

        preview_ms, preview = timed(f"/api/documents/{doc.id}/replace", {**body, "preview": True}, "preview")
        versions = {c["segment_id"]: c["version"] for c in preview["changes"]}
        started = time.perf_counter()
        apply_ms, applied = timed(f"/api/documents/{doc.id}/replace", {**body, "versions": versions}, "apply")
        project.review.replacer.wait()  # a large replace runs QA on its segments right after answering
        qa_s = time.perf_counter() - started
        undo_ms, _ = timed(f"/api/documents/{doc.id}/replace/{applied['replace_id']}/undo", {}, "undo")
        assert all("taxpayers" in c["after"] and "levy office" in c["after"] for c in preview["changes"])
        project.close()
    print(f"preview_ms={preview_ms:.0f}")
    print(f"apply_ms={apply_ms:.0f}")
    print(f"undo_ms={undo_ms:.0f}")
    print(f"changed={len(applied['changed'])}")
    print(f"segments={len(ids)}")
    print(f"replaced={len(named)}")
    for name, ms in cpu.items():
        print(f"{name}_cpu_ms={ms:.0f}")
    print(f"qa_s={qa_s:.2f}")
    print(f"load={os.getloadavg()[0]:.1f}")
    print(f"store_s={store_s:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
