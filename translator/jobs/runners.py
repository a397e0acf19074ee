"""Who runs the jobs: one interface (:class:`Runner`), threads in this process or ``translator worker`` processes.

Two kinds of job, each a plain payload and a plain function of a project:

* :class:`~.article.TranslateArticle` → :func:`~.article.translate_article`
  (``translator batch``, the review app's uploads);
* :class:`~.document.TranslateDocument` → :func:`~.document.translate_document`
  (the review app's "translate the rest").

:func:`run_job` runs either; a runner only decides where.  The
:class:`ThreadRunner` runs them on threads of this process; the
:class:`~.broker.CeleryRunner` sends them to ``translator worker``
processes through the broker.  :func:`translator.jobs.make_runner` picks
the one the settings ask for (``broker`` set: the queue), so the batch and
the review app never branch on the transport.

A job's state (:class:`JobState`: queued, running with progress, done with
its result, failed with a one-line error) is what the pages poll and the
batch collects.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, replace
from typing import Any, Protocol

from ..errors import TranslatorError
from ..project import Project
from .article import TranslateArticle, translate_article
from .document import TranslateDocument, translate_document

log = logging.getLogger(__name__)

Job = TranslateArticle | TranslateDocument
ACTIVE = frozenset({"queued", "running"})
FINAL = frozenset({"done", "failed"})


@dataclass
class JobState:
    """One job as its runner sees it; ``result`` is what the job's function returned (None until done)."""

    id: str
    kind: str
    name: str
    state: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    error: str | None = None
    queued_at: float = 0.0
    finished_at: float | None = None
    result: dict[str, Any] | None = None

    @property
    def document(self) -> str | None:
        """The document the job is about: given for a stored one, known once an article job is done."""
        if self.kind == "document":
            return self.name
        return None if self.result is None else self.result.get("document")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["document"] = self.document
        return d


def describe(job: Job, key: str) -> JobState:
    """A new job's state: queued now."""
    name = job.name if isinstance(job, TranslateArticle) else job.doc_id
    return JobState(key, job.kind, name, queued_at=time.time())


def run_job(
    project: Project,
    job: Job,
    *,
    progress: Callable[[int, int], None] | None = None,
    serial: AbstractContextManager[Any] | None = None,
) -> dict[str, Any]:
    """Run one job on ``project``; its result (raises :class:`TranslatorError` when it cannot be done)."""
    if isinstance(job, TranslateArticle):
        return translate_article(project, job, progress=progress, serial=serial)
    if serial is not None:
        with serial:
            stored = translate_document(project, job.doc_id, progress=progress)
    else:
        stored = translate_document(project, job.doc_id, progress=progress)
    return {"document": job.doc_id, "stored": stored}


class Runner(Protocol):
    """What the batch, the review app and the tests need of whoever runs the jobs."""

    #: How many jobs run at once here (threads); None for a pool of workers elsewhere.
    capacity: int | None

    def check(self) -> None:
        """Raise a one-line :class:`TranslatorError` when jobs cannot be run at all (a broker that is not there)."""

    def submit(self, job: Job, *, key: str | None = None) -> JobState:
        """Queue ``job`` under ``key`` (default ``job.key``); a job still queued or running under that key is kept."""

    def status(self, key: str) -> JobState | None:
        """The job's state now; None when no job was submitted under ``key``."""

    def busy(self) -> bool:
        """True while any job is queued or running."""

    def wait(self, timeout: float = 60.0) -> bool:
        """Wait until no job is queued or running; True when that happened within ``timeout`` seconds."""

    def finished(self, keys: Collection[str]) -> list[JobState]:
        """Wait until one job of ``keys`` is done or failed; the states of all that are (at least one)."""

    def forget(self, key: str) -> None:
        """Drop a finished job's state (and its result, wherever it is kept)."""

    def run_pending(self) -> None:
        """Run or wait for every queued job (tests, and an app started without threads)."""

    def close(self) -> None:
        """Stop taking jobs; release threads and connections."""


class Polling:
    """:meth:`wait` and :meth:`finished`, written once on top of ``status`` and ``busy``."""

    poll_s = 0.05

    def status(self, key: str) -> JobState | None:
        raise NotImplementedError

    def busy(self) -> bool:
        raise NotImplementedError

    def _pause(self, seconds: float) -> None:
        time.sleep(seconds)

    def wait(self, timeout: float = 60.0) -> bool:
        end = time.monotonic() + timeout
        while self.busy():
            left = end - time.monotonic()
            if left <= 0:
                return False
            self._pause(min(self.poll_s, left))
        return True

    def finished(self, keys: Collection[str]) -> list[JobState]:
        if not keys:
            return []
        while True:
            states = [self.status(k) for k in keys]
            unknown = [k for k, s in zip(keys, states, strict=True) if s is None]
            if unknown:
                raise TranslatorError(f"no job '{unknown[0]}' was submitted here")
            done = [s for s in states if s is not None and s.state in FINAL]
            if done:
                return done
            self._pause(self.poll_s)


class _InOrder:
    """Lets jobs through a section one at a time, in the order of their tickets (their submission)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._released: set[int] = set()

    def turn(self, ticket: int) -> _Turn:
        return _Turn(self, ticket)

    def _enter(self, ticket: int) -> None:
        with self._cond:
            while self._next != ticket:
                self._cond.wait()

    def _release(self, ticket: int) -> None:
        with self._cond:
            self._released.add(ticket)
            while self._next in self._released:
                self._released.discard(self._next)
                self._next += 1
            self._cond.notify_all()


class _Turn:
    """One job's turn: entered at most once, released exactly once (also when the job failed before its turn)."""

    def __init__(self, gate: _InOrder, ticket: int) -> None:
        self.gate, self.ticket, self.released = gate, ticket, False

    def __enter__(self) -> _Turn:
        self.gate._enter(self.ticket)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.gate._release(self.ticket)


class ThreadRunner(Polling):
    """Runs jobs on ``threads`` daemon threads of this process (started on the first job unless ``start`` is false).

    With several threads, articles are prepared side by side while their
    translation and storing go one at a time, in submission order (one
    engine; the same article given twice is translated once).
    """

    def __init__(self, project: Project, *, threads: int = 1, start: bool = True) -> None:
        self.project = project
        self.capacity: int | None = max(1, threads)
        self.start = start
        self._queue: queue.Queue[tuple[str, Job, int] | None] = queue.Queue()
        self._jobs: dict[str, JobState] = {}
        self._cond = threading.Condition()
        self._workers: list[threading.Thread] = []
        self._gate = _InOrder()
        self._tickets = 0

    def check(self) -> None:
        return None

    def submit(self, job: Job, *, key: str | None = None) -> JobState:
        key = key or job.key
        with self._cond:
            current = self._jobs.get(key)
            if current is not None and current.state in ACTIVE:
                return replace(current)
            state = self._jobs[key] = describe(job, key)
            self._queue.put((key, job, self._tickets))
            self._tickets += 1
            if self.start:
                self._workers = [t for t in self._workers if t.is_alive()]
                while len(self._workers) < (self.capacity or 1):
                    t = threading.Thread(target=self._loop, name=f"translator-jobs-{len(self._workers)}", daemon=True)
                    t.start()
                    self._workers.append(t)
            return replace(state)

    def status(self, key: str) -> JobState | None:
        with self._cond:
            state = self._jobs.get(key)
            return None if state is None else replace(state)

    def busy(self) -> bool:
        with self._cond:
            return any(j.state in ACTIVE for j in self._jobs.values())

    def forget(self, key: str) -> None:
        with self._cond:
            state = self._jobs.get(key)
            if state is not None and state.state in FINAL:
                del self._jobs[key]

    def run_pending(self) -> None:
        """Run every queued job in this thread (tests, and an app started without the threads)."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self._run(*item)

    def close(self) -> None:
        for _ in self._workers:
            self._queue.put(None)
        for t in self._workers:
            t.join(timeout=60)
        self._workers = []

    def _pause(self, seconds: float) -> None:
        with self._cond:  # woken as soon as a job finishes
            self._cond.wait(seconds)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._run(*item)

    def _run(self, key: str, job: Job, ticket: int) -> None:
        with self._cond:
            state = self._jobs.setdefault(key, describe(job, key))
            state.state = "running"
        turn = self._gate.turn(ticket)

        def progress(done: int, total: int) -> None:
            with self._cond:
                state.done, state.total = done, total

        try:
            result = run_job(self.project, job, progress=progress, serial=turn)
        except TranslatorError as e:
            self._finish(state, "failed", str(e), None)
        except Exception as e:  # a bug must not kill the thread: report it on the job, log the traceback
            log.exception("job %s failed", key)
            self._finish(state, "failed", f"internal error ({e.__class__.__name__}); the log has the details", None)
        else:
            self._finish(state, "done", None, result)
        finally:
            turn.release()

    def _finish(self, state: JobState, outcome: str, error: str | None, result: dict[str, Any] | None) -> None:
        with self._cond:
            state.state, state.error, state.result, state.finished_at = outcome, error, result, time.time()
            self._cond.notify_all()
