"""Jobs across machines: Celery on a Redis broker, run by ``translator worker`` processes.

The two tasks are thin wrappers of :func:`~.runners.run_job`, one per job
kind, with the payload as JSON (an article's bytes in base64):

* ``translator.translate_article``: :class:`~.article.TranslateArticle`
  (``translator batch --broker``, the review app's uploads);
* ``translator.translate_stored``: :class:`~.document.TranslateDocument`.

:class:`CeleryRunner` is the client side of :class:`~.runners.Runner`;
:class:`Worker` the worker side: it builds one :class:`~translator.project.Project`
per worker process when the process starts (engine, glossaries, memory
loaded once) and reuses it for every job.  The project lives on that
object, never in a module global.

Crash safety: late acknowledgement (a job is acknowledged only after it
finished), ``task_reject_on_worker_lost`` (a job whose worker process died
is delivered again), prefetch 1 (a worker holds no jobs it is not running).
A whole worker machine lost with jobs unacknowledged: Redis gives them to
another worker after the ``visibility_timeout_s`` setting.  Writes are
idempotent: an article is stored by its document id, and a job finding the
document already stored with the same signature stores nothing again.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from ..errors import TranslatorError
from ..project import Project
from ..settings import Settings
from .article import TranslateArticle
from .document import TranslateDocument
from .runners import ACTIVE, Job, JobState, Polling, describe, run_job

log = logging.getLogger(__name__)

ARTICLE_TASK = "translator.translate_article"
STORED_TASK = "translator.translate_stored"


def celery_app(broker: str, visibility_timeout_s: float = 3600.0) -> Any:
    """A Celery app for ``broker`` (results kept on the same Redis), with the crash-safe settings."""
    try:
        from celery import Celery
    except ImportError as e:
        raise TranslatorError(
            f"the job queue needs Celery ({e.name} is missing): pip install 'zh-news-translator[scale]'"
        ) from None

    app = Celery("translator", broker=broker, backend=broker, set_as_current=False)
    # A job of a lost worker is due again after the visibility timeout; a live worker looks for such
    # jobs every `unacked_restore_interval` s (one Redis query), so it comes back within timeout + interval.
    transport = {
        "visibility_timeout": float(visibility_timeout_s),
        "unacked_restore_interval": restore_interval(visibility_timeout_s),
        "unacked_restore_throttle": 1,
    }
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_track_started=True,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        result_expires=7 * 24 * 3600,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app


def app_for(settings: Settings) -> Any:
    if not settings.broker:
        raise TranslatorError("no broker configured; give --broker redis://HOST:PORT/0 or set 'broker'")
    return celery_app(settings.broker, settings.visibility_timeout_s)


def restore_interval(visibility_timeout_s: float) -> float:
    """Seconds between a worker's looks for jobs of lost workers: a quarter of the timeout, 1 to 10 s."""
    return min(10.0, max(1.0, visibility_timeout_s / 4))


def one_line(e: BaseException) -> str:
    """An exception's message on one line (Celery's and redis-py's span several)."""
    return " ".join(str(e).split()) or e.__class__.__name__


def payload(job: Job) -> tuple[str, list[Any]]:
    """The task name and JSON arguments of ``job``."""
    if isinstance(job, TranslateArticle):
        return ARTICLE_TASK, [base64.b64encode(job.data).decode("ascii"), job.name, job.settings]
    return STORED_TASK, [job.doc_id]


# -- the client side ---------------------------------------------------------------------


@dataclass
class _Sent:
    result: Any  # celery.result.AsyncResult
    state: JobState  # as queued
    finished_at: float | None = None  # when this client first saw it finished (a worker's own time is preferred)


class CeleryRunner(Polling):
    """:class:`~.runners.Runner` whose jobs are run by ``translator worker`` processes; states read from the broker."""

    poll_s = 0.2

    def __init__(self, project: Project) -> None:
        self.capacity: int | None = None  # the workers' pool, however large
        self.project = project
        self.app = app_for(project.settings)
        self._jobs: dict[str, _Sent] = {}
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise a one-line :class:`TranslatorError` when the broker cannot be reached (one quick try, no retry loop)."""
        with self.app.connection_for_write() as conn:
            try:
                conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=5)
            except Exception as e:
                raise TranslatorError(
                    f"cannot reach the broker {conn.as_uri()} ({one_line(e)}); start it, or check --broker / the 'broker' setting"
                ) from None

    def submit(self, job: Job, *, key: str | None = None) -> JobState:
        key = key or job.key
        with self._lock:
            current = self._state(key)
            if current is not None and current.state in ACTIVE:
                return current
            state = describe(job, key)
            task, args = payload(job)
            try:
                sent = self.app.send_task(task, args=args)
            except Exception as e:  # the broker is down: the job says so instead of a traceback
                log.error("cannot queue %s on the broker: %s", key, one_line(e))
                state.state, state.finished_at = "failed", time.time()
                state.error = f"cannot queue the job on the broker ({one_line(e)}); is it running? try again later"
                self._jobs[key] = _Sent(None, state, state.finished_at)
                return replace(state)
            self._jobs[key] = _Sent(sent, state)
            return replace(state)

    def status(self, key: str) -> JobState | None:
        with self._lock:
            return self._state(key)

    def busy(self) -> bool:
        with self._lock:
            return any((s := self._state(k)) is not None and s.state in ACTIVE for k in list(self._jobs))

    def finished(self, keys: Collection[str]) -> list[JobState]:
        try:
            return super().finished(keys)
        except TranslatorError:
            raise
        except Exception as e:  # the broker went away while the workers ran the jobs
            raise TranslatorError(
                f"lost the broker while waiting for the jobs ({one_line(e)}); the jobs stay queued: when it is back, "
                "run again (articles already stored are skipped)"
            ) from None

    def forget(self, key: str) -> None:
        with self._lock:
            sent = self._jobs.pop(key, None)
        if sent is not None and sent.result is not None:
            sent.result.forget()

    def run_pending(self) -> None:
        """Nothing to run here: the workers run the jobs (waits for them instead)."""
        self.wait()

    def close(self) -> None:
        self.app.close()

    def _state(self, key: str) -> JobState | None:
        sent = self._jobs.get(key)
        if sent is None:
            return None
        state = replace(sent.state)
        if sent.result is None:  # never queued
            return state
        status, info = sent.result.state, sent.result.info
        if status in ("STARTED", "PROGRESS"):
            state.state = "running"
            if isinstance(info, dict):
                state.done, state.total = int(info.get("done", 0)), int(info.get("total", 0))
            return state
        if status not in ("SUCCESS", "FAILURE", "REVOKED"):
            return state  # PENDING: queued, or unknown to the backend yet
        if sent.finished_at is None:
            sent.finished_at = time.time()
        value = info if status == "SUCCESS" and isinstance(info, dict) else {}
        state.finished_at = float(value.get("finished_at") or sent.finished_at)
        if value.get("ok"):
            state.state, state.result = "done", value.get("result")
            if state.result is not None and state.kind == "article":
                state.done = state.total = int(state.result.get("segments", 0))
        else:
            state.state = "failed"
            state.error = value.get("error") or f"{state.name}: the job failed on the worker ({info!r})"
        return state


# -- the worker side ---------------------------------------------------------------------


class Worker:
    """A ``translator worker``: the Celery app with the tasks, and this process's project (built once per process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = app_for(settings)
        self.project: Project | None = None
        worker = self

        # Plain functions (Celery binds the task to its first argument); the project is the worker's, not a global.
        @self.app.task(name=ARTICLE_TASK, bind=True)
        def translate_article_task(task: Any, data_b64: str, name: str, settings: dict[str, Any] | None = None) -> Any:
            return worker.run_one(task, TranslateArticle(base64.b64decode(data_b64), name, settings or {}))

        @self.app.task(name=STORED_TASK, bind=True)
        def translate_stored_task(task: Any, doc_id: str) -> Any:
            return worker.run_one(task, TranslateDocument(doc_id))

    def init_process(self, **_: Any) -> None:
        """Build this process's project and load its engine (Celery's ``worker_process_init``)."""
        self.project = Project(self.settings)
        self.project.signature()  # loads the engine, glossaries and memory now, not in the first job
        log.info("worker process ready: %s", self.project.signature().short())

    def run_one(self, task: Any, job: Job) -> dict[str, Any]:
        """Run ``job`` on this process's project: ``{"ok", "result" or "error", "finished_at"}`` (never raises for a
        :class:`TranslatorError`: the client shows its line)."""
        if self.project is None:
            self.init_process()
        assert self.project is not None

        def progress(done: int, total: int) -> None:
            task.update_state(state="PROGRESS", meta={"done": done, "total": total})

        try:
            result = run_job(self.project, job, progress=progress)
        except TranslatorError as e:
            return {"ok": False, "error": str(e), "finished_at": time.time()}
        return {"ok": True, "result": result, "finished_at": time.time()}

    def run(self, *, concurrency: int, name: str | None, pool: str = "prefork", loglevel: str = "INFO") -> None:
        """Run until stopped (what ``translator worker`` does)."""
        from celery import signals

        signals.worker_process_init.connect(self.init_process, weak=False)
        if pool == "solo":
            self.init_process()  # the pool is this process
        argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--pool={pool}", "--without-gossip",
                "--without-mingle", "--without-heartbeat"]
        if name:
            argv.append(f"--hostname={name}")
        self.app.worker_main(argv=argv)
