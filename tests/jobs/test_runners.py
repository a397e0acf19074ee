"""The runners: threads of this process (order, failures, states) and the Celery client's reading of states.

Real parts: a real project on a SQLite file with the gloss engine, the real
article job.  The Celery client's state reading is checked against a stand-in
for one result (the real queue runs in tests/web/test_queue.py and tests/e2e).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from translator.jobs import ThreadRunner, TranslateArticle, TranslateDocument, job_settings, make_runner
from translator.project import Project
from translator.settings import Settings
from translator.store.documents import Documents

ARTICLE = "江西扶贫工作\n\n江西扶贫成果显著。我们继续努力。\n\n第二段有三个项目。\n".encode()


def _project(tmp_path: Path, **overrides: Any) -> Project:
    values = {"db": str(tmp_path / "p.sqlite"), "engine": "gloss", "packages_dir": "", **overrides}
    return Project(Settings.load(env={}, overrides=values, cwd=tmp_path))


@pytest.fixture
def project(tmp_path):
    p = _project(tmp_path)
    yield p
    p.close()


def test_an_article_job_prepares_translates_and_stores(project):
    runner = ThreadRunner(project, start=False)
    state = runner.submit(TranslateArticle(ARTICLE, "a.txt", job_settings(project)))
    assert (state.state, state.kind, state.name, state.document) == ("queued", "article", "a.txt", None)
    assert runner.busy() and Documents(project.store).list() == []
    runner.run_pending()
    done = runner.status(state.id)
    assert done is not None and done.state == "done" and done.finished_at is not None
    assert done.result is not None and done.result["status"] == "done" and done.result["segments"] == 4
    assert done.result["signature"].startswith("engine:gloss") and done.done == done.total == 4
    stored = Documents(project.store).get(done.document or "")
    assert [s.status for s in stored.segments()] != ["new"] * 4
    assert runner.finished([state.id]) == [done] and not runner.busy()
    runner.forget(state.id)
    assert runner.status(state.id) is None


def test_with_several_threads_articles_are_stored_in_submission_order(project, monkeypatch):
    """The same bytes twice: the first submitted is translated, the second finds it stored (skipped), even
    when the second is prepared first; preparing is what the threads do side by side."""
    second_prepared = threading.Event()
    real = project.prepare

    def prepare(data: bytes, *, name: str = "<input>", opencc: str | None = None):  # type: ignore[no-untyped-def]
        if name == "one.txt":
            assert second_prepared.wait(30), "the second article was not prepared alongside the first"
        doc = real(data, name=name, opencc=opencc)
        if name == "two.txt":
            second_prepared.set()
        return doc

    monkeypatch.setattr(project, "prepare", prepare)
    runner = ThreadRunner(project, threads=2)
    settings = job_settings(project)
    first = runner.submit(TranslateArticle(ARTICLE, "one.txt", settings), key="1")
    second = runner.submit(TranslateArticle(ARTICLE, "two.txt", settings), key="2")
    try:
        assert runner.wait(60)
        states = {s.id: s for s in runner.finished(["1", "2"])}
    finally:
        runner.close()
    assert first.id == "1" and second.id == "2"
    assert [(states[k].result or {}).get("status") for k in ("1", "2")] == ["done", "skipped"]


def test_a_failing_job_does_not_hold_up_the_next_and_is_one_line(project):
    runner = ThreadRunner(project, threads=2)
    bad = runner.submit(TranslateArticle(b"", "empty.txt", {}))
    missing = runner.submit(TranslateDocument("nope"))
    good = runner.submit(TranslateArticle(ARTICLE, "a.txt", {}))
    try:
        assert runner.wait(60)
    finally:
        runner.close()
    states = [runner.status(s.id) for s in (bad, missing, good)]
    assert [s.state for s in states if s] == ["failed", "failed", "done"]
    assert states[0] and states[0].error == "empty.txt: file is empty; nothing to translate"
    assert states[1] and "no stored document 'nope'" in (states[1].error or "")


def test_a_job_asking_for_other_settings_than_the_project_runs_fails_naming_it(project):
    runner = ThreadRunner(project, start=False)
    state = runner.submit(TranslateArticle(ARTICLE, "a.txt", {"opencc": "t2s", "expect": {"beam_size": 2}}))
    runner.run_pending()
    failed = runner.status(state.id)
    assert failed is not None and failed.state == "failed"
    assert failed.error == ("a.txt: the batch sets beam_size to 2, this worker runs with 4; start the workers with the "
                            "same beam_size, or leave it to them")


def test_a_job_still_queued_is_joined_not_queued_twice(project):
    runner = ThreadRunner(project, start=False)
    a = runner.submit(TranslateArticle(ARTICLE, "a.txt", {}))
    b = runner.submit(TranslateArticle(ARTICLE, "b.txt", {}))  # the same bytes: the same job
    assert a.id == b.id and b.name == "a.txt"
    runner.run_pending()
    assert runner.submit(TranslateArticle(ARTICLE, "b.txt", {})).state == "queued"  # once finished, a new one


class _Result:
    """What the Celery client reads of one job: ``state`` and ``info`` (the task's return value when done)."""

    def __init__(self, state: str, info: Any) -> None:
        self.state, self.info = state, info

    def forget(self) -> None:
        self.forgotten = True


def test_the_celery_client_reads_states_and_keeps_finished_at(tmp_path):
    from translator.jobs.broker import CeleryRunner, _Sent
    from translator.jobs.runners import describe

    project = _project(tmp_path, broker="redis://127.0.0.1:1/0")
    runner = make_runner(project)
    assert isinstance(runner, CeleryRunner) and runner.capacity is None
    job = TranslateDocument("doc1")
    result = _Result("PENDING", None)
    runner._jobs["doc1"] = _Sent(result, describe(job, "doc1"))
    assert runner.status("doc1").state == "queued"  # type: ignore[union-attr]
    result.state, result.info = "PROGRESS", {"done": 64, "total": 100}
    running = runner.status("doc1")
    assert running is not None and (running.state, running.done, running.total) == ("running", 64, 100)
    result.state, result.info = "SUCCESS", {"ok": True, "result": {"document": "doc1", "stored": 100}}
    first = runner.status("doc1")
    assert first is not None and first.state == "done" and first.result == {"document": "doc1", "stored": 100}
    assert runner.status("doc1").finished_at == first.finished_at is not None  # type: ignore[union-attr]
    result.info = {"ok": True, "result": {}, "finished_at": 1234.5}  # the worker's own time wins
    assert runner.status("doc1").finished_at == 1234.5  # type: ignore[union-attr]
    result.state, result.info = "SUCCESS", {"ok": False, "error": "doc1: no stored document", "finished_at": 1.0}
    failed = runner.status("doc1")
    assert failed is not None and (failed.state, failed.error) == ("failed", "doc1: no stored document")
    runner.forget("doc1")
    assert getattr(result, "forgotten", False) and runner.status("doc1") is None
    runner.close()
    project.close()
