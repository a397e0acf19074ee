"""The embedded job runner: one worker thread in the server process, translating uploads in order.

It runs :func:`translator.jobs.translate_document`, a plain function of the
project and a document id, so a job queue's worker can run the same
function later.  The state of each job (queued, running, done, failed, with
its progress and error) is kept here for the pages to poll; the translated
segments themselves are in the database as soon as each step is stored.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from translator.errors import TranslatorError
from translator.project import Project

log = logging.getLogger(__name__)


@dataclass
class JobState:
    document: str
    state: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    error: str | None = None
    queued_at: float = 0.0
    finished_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Worker:
    """Runs translation jobs on one daemon thread (started on the first job unless ``start_thread`` is false)."""

    def __init__(self, project: Project, *, start_thread: bool = True) -> None:
        self.project = project
        self.start_thread = start_thread
        self._queue: queue.Queue[str] = queue.Queue()
        self._jobs: dict[str, JobState] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, doc_id: str) -> JobState:
        """Queue the document's translation (a job already queued or running for it is kept)."""
        with self._lock:
            job = self._jobs.get(doc_id)
            if job is not None and job.state in ("queued", "running"):
                return job
            job = self._jobs[doc_id] = JobState(doc_id, queued_at=time.time())
            self._queue.put(doc_id)
            if self.start_thread and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._loop, name="translator-worker", daemon=True)
                self._thread.start()
            return job

    def status(self, doc_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(doc_id)
            return job.to_dict() if job is not None else None

    def busy(self) -> bool:
        with self._lock:
            return any(j.state in ("queued", "running") for j in self._jobs.values())

    def run_pending(self) -> None:
        """Run every queued job in this thread (tests, and a server started without the thread)."""
        while True:
            try:
                doc_id = self._queue.get_nowait()
            except queue.Empty:
                return
            self._run(doc_id)

    def wait(self, timeout: float = 60.0) -> bool:
        """Wait until no job is queued or running; True when that happened within ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() > end:
                return False
            time.sleep(0.02)
        return True

    def _loop(self) -> None:
        while True:
            self._run(self._queue.get())

    def _run(self, doc_id: str) -> None:
        from translator.jobs import translate_document

        with self._lock:
            job = self._jobs.setdefault(doc_id, JobState(doc_id, queued_at=time.time()))
            job.state = "running"

        def progress(done: int, total: int) -> None:
            with self._lock:
                job.done, job.total = done, total

        try:
            translate_document(self.project, doc_id, progress=progress)
        except TranslatorError as e:
            self._finish(job, "failed", str(e))
        except Exception as e:  # a bug must not kill the worker thread: report it on the page, log the traceback
            log.exception("translating %s failed", doc_id)
            self._finish(job, "failed", f"internal error ({e.__class__.__name__}); the server log has the details")
        else:
            self._finish(job, "done", None)

    def _finish(self, job: JobState, state: str, error: str | None) -> None:
        with self._lock:
            job.state, job.error, job.finished_at = state, error, time.time()


class QueueWorker:
    """The same interface as :class:`Worker`, with the jobs run by ``translator worker`` processes.

    Used when the ``broker`` setting is configured: an upload's translation
    becomes a Celery job; its state (queued, running with progress, done,
    failed) is read back from the broker's result store.
    """

    def __init__(self, project: Project) -> None:
        from translator.taskqueue import app_for

        self.project = project
        self.app = app_for(project.settings)
        self._jobs: dict[str, tuple[Any, float]] = {}  # document -> (its job, when queued)
        self._lock = threading.Lock()

    def submit(self, doc_id: str) -> JobState:
        from translator.taskqueue import enqueue_stored

        with self._lock:
            current = self._state(doc_id)
            if current is not None and current.state in ("queued", "running"):
                return current
            try:
                job = enqueue_stored(self.app, doc_id)
            except Exception as e:  # the broker is down: the page says so instead of a 500
                log.error("cannot queue %s on the broker: %s", doc_id, e)
                return JobState(doc_id, state="failed", error="the job queue is unreachable; try again later",
                                queued_at=time.time(), finished_at=time.time())
            self._jobs[doc_id] = (job, time.time())
            return JobState(doc_id, queued_at=time.time())

    def status(self, doc_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._state(doc_id)
            return job.to_dict() if job is not None else None

    def busy(self) -> bool:
        with self._lock:
            return any((j := self._state(d)) is not None and j.state in ("queued", "running") for d in list(self._jobs))

    def run_pending(self) -> None:
        """Nothing to run here: the workers run the jobs (waits for them instead)."""
        self.wait()

    def wait(self, timeout: float = 60.0) -> bool:
        end = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() > end:
                return False
            time.sleep(0.05)
        return True

    def _state(self, doc_id: str) -> JobState | None:
        entry = self._jobs.get(doc_id)
        if entry is None:
            return None
        job, queued_at = entry
        state = JobState(doc_id, queued_at=queued_at)
        status, info = job.state, job.info
        if status in ("STARTED", "PROGRESS"):
            state.state = "running"
            if isinstance(info, dict):
                state.done, state.total = int(info.get("done", 0)), int(info.get("total", 0))
        elif status == "SUCCESS":
            value = info if isinstance(info, dict) else {}
            state.state = "failed" if value.get("state") == "failed" else "done"
            state.error = value.get("error")
            state.finished_at = time.time()
        elif status in ("FAILURE", "REVOKED"):
            state.state, state.error, state.finished_at = "failed", "the job failed on the worker", time.time()
        return state


def make_worker(project: Project, *, start_thread: bool = True) -> Worker | QueueWorker:
    """The job queue's client when a broker is configured, else the embedded worker thread."""
    if project.settings.broker:
        return QueueWorker(project)
    return Worker(project, start_thread=start_thread)
