"""The review app with a broker configured: an upload is a job (its bytes) run by a real
``translator worker`` process on a real Redis, into the shared PostgreSQL database."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

from helpers.web import login_client, make_app, make_project


def test_an_upload_goes_through_the_queue_to_a_worker(tmp_path, sample_bytes, redis_server, postgres_url):
    import redis

    broker = redis_server.url(2)
    redis.Redis.from_url(broker).flushdb()
    project = make_project(tmp_path, db=postgres_url, broker=broker, visibility_timeout_s=30)
    app = make_app(project)
    from translator.jobs.broker import CeleryRunner

    queue = app.extensions["translator.worker"]
    assert isinstance(queue, CeleryRunner)
    client = login_client(app, "tina")
    r = client.post("/documents", data={"file": (io.BytesIO(sample_bytes), "jiangxi.txt")}, content_type="multipart/form-data")
    assert r.status_code == 302
    pending = r.headers["Location"]
    job_id = pending.rsplit("/", 1)[1]
    assert client.get(f"/api/jobs/{job_id}").get_json()["job"]["state"] == "queued"  # no worker yet: it waits in the queue
    assert client.get(pending).status_code == 200

    log = tmp_path / "worker.log"
    exe = str(Path(sys.executable).with_name("translator"))
    env = {**os.environ, "ARGOS_PACKAGES_DIR": "", "HOME": str(tmp_path)}
    with log.open("wb") as sink:
        worker = subprocess.Popen(
            [exe, "worker", "--broker", broker, "--db", postgres_url, "--engine", "gloss", "--pool", "solo", "--name", "web@test"],
            env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        assert queue.wait(120), log.read_text()[-3000:]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    job = client.get(f"/api/jobs/{job_id}").get_json()["job"]
    assert job["state"] == "done", job
    assert job["finished_at"] == client.get(f"/api/jobs/{job_id}").get_json()["job"]["finished_at"]  # not reset by a poll
    doc_id = job["document"]
    assert client.get(pending).headers["Location"].endswith(f"/documents/{doc_id}")
    state = client.get(f"/api/documents/{doc_id}").get_json()["document"]
    assert state["total"] == 47 and "new" not in state["counts"] and state["signature"].startswith("engine:gloss")
    assert "Task translator.translate_article[" in log.read_text() and "succeeded" in log.read_text()
    project.close()


def test_without_a_broker_the_embedded_thread_runs_uploads(tmp_path):
    from translator.jobs import ThreadRunner

    app = make_app(make_project(tmp_path))
    assert type(app.extensions["translator.worker"]) is ThreadRunner
