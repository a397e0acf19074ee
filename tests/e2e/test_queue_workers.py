"""Real workers on a real broker and database: a batch through two ``translator worker`` processes,
one killed with SIGKILL (with all its processes) mid-job; the other finishes the batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _started_on(client, hostname: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Ids of jobs the results backend shows running on worker ``hostname``."""
    ids = []
    for key in client.scan_iter("celery-task-meta-*"):
        raw = client.get(key)
        if raw is None:
            continue
        meta = json.loads(raw)
        if meta.get("status") == "STARTED" and (meta.get("result") or {}).get("hostname") == hostname:
            ids.append(meta["task_id"])
    return ids


def _worker(exe: str, name: str, broker: str, db: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:
        return subprocess.Popen(
            [exe, "worker", "--broker", broker, "--db", db, "--engine", "gloss", "--concurrency", "1", "--name", name,
             "--visibility-timeout-s", "4", "--loglevel", "INFO"],
            env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,  # its own process group
        )


def test_two_workers_one_killed_mid_job_the_batch_still_finishes_once_each(tmp_path, sample_path, redis_server, postgres_url):
    import redis
    import sqlalchemy as sa

    folder = tmp_path / "in"
    folder.mkdir()
    text = sample_path.read_text(encoding="utf-8")
    for i in range(30):
        (folder / f"article-{i:02}.txt").write_text(text.replace("江西", f"江西{i}号", 1), encoding="utf-8")
    broker = redis_server.url(1)
    client = redis.Redis.from_url(broker)
    client.flushdb()
    exe = str(Path(sys.executable).with_name("translator"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "HOME": str(tmp_path)}
    workers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        # a first, then b: both ready before the first job, a waiting longest on the broker (it gets the first job)
        for n in ("a", "b"):
            log = tmp_path / f"{n}.log"
            workers[n] = _worker(exe, f"{n}@test", broker, postgres_url, env, log)
            deadline = time.monotonic() + 120
            while f"{n}@test ready." not in log.read_text(errors="replace"):
                assert workers[n].poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.05)
        out = tmp_path / "out"
        batch = subprocess.Popen(
            [exe, "batch", str(folder), "--out", str(out), "--db", postgres_url, "--engine", "gloss", "--format", "json",
             "--broker", broker, "--visibility-timeout-s", "4"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        # kill worker a, with all its processes, while it runs a job
        deadline = time.monotonic() + 120
        while not _started_on(client, "a@test"):
            assert batch.poll() is None, "the batch finished before worker a took a job"
            assert time.monotonic() < deadline, (tmp_path / "a.log").read_text()[-3000:]
            time.sleep(0.02)
        os.killpg(workers["a"].pid, signal.SIGKILL)
        workers["a"].wait(timeout=30)
        assert workers["a"].returncode == -signal.SIGKILL
        stdout, stderr = batch.communicate(timeout=240)
        assert batch.returncode == 0, stderr.decode()[-3000:] + (tmp_path / "b.log").read_text()[-3000:]
    finally:
        for p in workers.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
    report = json.loads((out / "report.json").read_text())
    totals = report["totals"]
    assert totals["articles"] == 30 and totals["failed"] == 0 and totals["done"] + totals["skipped"] == 30
    assert report["signature"].startswith("engine:gloss|")
    assert stderr.decode().count("translator: [") == 30  # one progress line per article, fed from the jobs' states
    assert len(list(out.glob("article-*.json"))) == 30
    b_log = (tmp_path / "b.log").read_text()
    assert "succeeded" in b_log
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 30
            per_doc = conn.execute(sa.text("SELECT count(*) FROM segments GROUP BY document_id")).scalars().all()
            assert len(per_doc) == 30 and set(per_doc) == {47}
            # one revision per segment: nothing stored twice, nothing lost
            assert tuple(conn.execute(sa.text("SELECT count(*), count(DISTINCT segment_id) FROM revisions")).one()) == (
                30 * 47, 30 * 47,
            )
    finally:
        engine.dispose()


def test_a_batch_brings_its_opencc_and_is_refused_settings_the_worker_does_not_run(tmp_path, redis_server, postgres_url):
    """The batch's --opencc is applied by the worker to its articles; a decoding setting the batch sets to
    another value than the worker's fails each article with one line naming it, instead of a silent mismatch."""
    import redis

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tw.txt").write_text("這套軟體的資訊安全獲得政府認證。\n", encoding="utf-8")
    broker = redis_server.url(2)
    redis.Redis.from_url(broker).flushdb()
    exe = str(Path(sys.executable).with_name("translator"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "HOME": str(tmp_path)}
    log = tmp_path / "w.log"
    worker = _worker(exe, "w@test", broker, postgres_url, env, log)
    try:
        deadline = time.monotonic() + 120
        while "w@test ready." not in log.read_text(errors="replace"):
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.05)

        def batch(out: str, *extra: str) -> subprocess.CompletedProcess[bytes]:
            return subprocess.run(
                [exe, "batch", str(folder), "--out", str(tmp_path / out), "--db", postgres_url, "--engine", "gloss",
                 "--broker", broker, *extra],
                env=env, capture_output=True, timeout=240,
            )

        r = batch("tw", "--opencc", "tw2sp")
        assert r.returncode == 0, r.stderr.decode()[-3000:] + log.read_text()[-3000:]
        [exported] = (tmp_path / "tw").glob("tw*.json")
        doc = json.loads(exported.read_text(encoding="utf-8"))
        sources = "".join(s["source"] for b in doc["blocks"] for s in b["segments"])
        assert "这套软件的信息安全" in sources  # tw2sp's phrases; the worker's own t2s would give 软体, 资讯
        assert "opencc:tw2sp" in doc["signature"]  # signed with the conversion it was prepared with, not the worker's
        assert "opencc:tw2sp" in json.loads((tmp_path / "tw" / "report.json").read_text())["signature"]

        r = batch("beam", "--beam-size", "2")
        assert r.returncode == 1
        errors = [line for line in r.stderr.decode().splitlines() if "beam_size" in line]
        assert errors == [f"translator: error: {folder / 'tw.txt'}: the batch sets beam_size to 2, this worker runs "
                          "with 4; start the workers with the same beam_size, or leave it to them"], r.stderr.decode()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
