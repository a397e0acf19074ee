"""``translator batch`` and ``translator batch --broker`` (a real Redis, a real ``translator worker``) export
byte-identical JSON for the same article, its document-level flags included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# A short lead, a footer line, then the article: cleaning holds the footer back and flags it (cleaning_kept).
P1 = "近日，惊爆台湾本土天王吴宗宪被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。"
P2 = "2005年4月18日吴宗宪进棚录像，凌晨收班后在餐厅用餐，出来的时候突然被几名不明人士殴打。"
P3 = "贺一航在医院接受整容手术后，露脸向媒体说明一切，他说他不知道打他的人是谁。"
ARTICLE = "\n".join(["明星挨打事件回顾", "本报讯，记者昨日获悉，新规即将出台。", "相关新闻", P1, P2, P3]) + "\n"


def test_batch_and_batch_broker_export_the_same_bytes(tmp_path, sample_path, postgres_server, redis_server):
    import redis

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "star.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "jiangxi.txt").write_bytes(sample_path.read_bytes())  # 47 segments, two of them flagged mojibake
    local_db, queued_db = postgres_server.new_database(), postgres_server.new_database()
    broker = redis_server.url(3)
    redis.Redis.from_url(broker).flushdb()
    exe = str(Path(sys.executable).with_name("translator"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "HOME": str(tmp_path)}
    common = ["--engine", "gloss", "--format", "json", "--format", "xliff", "--format", "html"]

    local = subprocess.run([exe, "batch", str(folder), "--out", str(tmp_path / "local"), "--db", local_db, *common],
                           env=env, capture_output=True, timeout=300)
    assert local.returncode == 0, local.stderr.decode()[-3000:]

    log = tmp_path / "worker.log"
    with log.open("wb") as sink:
        worker = subprocess.Popen(
            [exe, "worker", "--broker", broker, "--db", queued_db, "--engine", "gloss", "--pool", "solo", "--name", "same@test"],
            env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while "same@test ready." not in log.read_text(errors="replace"):
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.05)
        queued = subprocess.run(
            [exe, "batch", str(folder), "--out", str(tmp_path / "queued"), "--db", queued_db, "--broker", broker, *common],
            env=env, capture_output=True, timeout=300,
        )
        assert queued.returncode == 0, queued.stderr.decode()[-3000:] + log.read_text()[-3000:]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert "Task translator.translate_article[" in log.read_text()  # the worker really did the work

    exported = sorted(p.name for p in (tmp_path / "local").glob("*.json") if p.name != "report.json")
    assert exported == ["jiangxi.json", "star.json"]
    assert exported == sorted(p.name for p in (tmp_path / "queued").glob("*.json") if p.name != "report.json")
    for name in exported:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "queued" / name).read_bytes(), name
    star = json.loads((tmp_path / "local" / "star.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in star["flags"]] == ["cleaning_kept"] and "相关新闻" in star["flags"][0]["message"]
    for other in ("star.xlf", "star.html"):  # the other exports come from the same stored document
        assert (tmp_path / "local" / other).read_bytes() == (tmp_path / "queued" / other).read_bytes(), other
    reports = [json.loads((tmp_path / run / "report.json").read_text()) for run in ("local", "queued")]
    assert reports[0]["signature"] == reports[1]["signature"]
    assert [{k: v for k, v in a.items() if k != "seconds"} for a in reports[0]["articles"]] == [
        {k: v for k, v in a.items() if k != "seconds"} for a in reports[1]["articles"]
    ]
