"""A batch of 200 articles killed with SIGKILL midway, then run again: every article done exactly once, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet


def test_sigkill_midway_then_rerun_does_each_article_exactly_once(tmp_path, sample_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = sample_path.read_text(encoding="utf-8")
    for i in range(200):
        (folder / f"article-{i:03}.txt").write_text(text.replace("江西", f"江西{i}号", 1), encoding="utf-8")
    db, out = tmp_path / "p.sqlite", tmp_path / "out"
    exe = str(Path(sys.executable).with_name("translator"))
    cmd = [exe, "batch", str(folder), "--out", str(out), "--db", str(db), "--engine", "gloss", "--format", "json", "--jobs", "2"]
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "HOME": str(tmp_path)}

    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while _stored(db) < 25 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    before = _stored(db)
    assert 25 <= before < 200

    second = subprocess.run(cmd, env=env, capture_output=True, timeout=600)
    assert second.returncode == 0, second.stderr.decode()[-2000:]
    report = json.loads((out / "report.json").read_text())
    assert report["totals"] == {"articles": 200, "done": 200 - before, "skipped": before, "failed": 0}
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (200,)
        per_doc = conn.execute("SELECT count(*) FROM segments GROUP BY document_id").fetchall()
        assert len(per_doc) == 200 and {n for (n,) in per_doc} == {47}
        # exactly one revision per segment: nothing translated twice, nothing lost
        assert conn.execute("SELECT count(*), count(DISTINCT segment_id) FROM revisions").fetchone() == (200 * 47, 200 * 47)
    exports = sorted(p.name for p in out.glob("article-*.json"))
    assert len(exports) == 200
    assert all(json.loads((out / name).read_text())["signature"] == report["signature"] for name in exports[:: 37])
