"""Jobs across machines: Celery tasks on a Redis broker, run by ``translator worker`` processes.

Two tasks, both plain wrappers of what the in-process paths do:

* :func:`translate_article` (``translator batch --broker``): one article's
  bytes in, prepared, translated, QA'd and stored in the project database;
  a summary out (the batch client writes the exports from the stored document);
* :func:`translate_stored` (the review app): :func:`translator.jobs.translate_document`
  on a document already stored.

Each worker process builds one :class:`~translator.project.Project` when it
starts (engine, glossaries, memory loaded once) and reuses it for every job.

Settings travel with a batch's jobs in two ways (:func:`job_settings`):

* ``opencc`` is the batch's own: the worker prepares the job's article with
  it (a Taiwanese batch and a mainland one can share the workers);
* every other setting that shapes the output (engine, glossaries, memory,
  decoding, QA thresholds), when the batch sets it (a flag, the environment,
  its config file), must equal the worker's: a job asking for another value
  fails with a line saying which setting differs, rather than being
  translated with the worker's and stored as if it were not.

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
import hashlib
import logging
from typing import Any

from .errors import TranslatorError
from .project import Project
from .settings import Settings

log = logging.getLogger(__name__)

ARTICLE_TASK = "translator.translate_article"
STORED_TASK = "translator.translate_stored"

_apps: dict[tuple[str, float], Any] = {}
#: The settings a worker process builds its project from (set by ``translator worker`` before the pool starts).
_worker_settings: Settings | None = None
_worker_project: Project | None = None


def celery_app(broker: str, visibility_timeout_s: float = 3600.0) -> Any:
    """The Celery app for ``broker`` (results kept on the same Redis), with the crash-safe settings."""
    key = (broker, float(visibility_timeout_s))
    app = _apps.get(key)
    if app is not None:
        return app
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
    app.task(name=ARTICLE_TASK, bind=True)(_translate_article_task)
    app.task(name=STORED_TASK, bind=True)(_translate_stored_task)
    _apps[key] = app
    return app


def restore_interval(visibility_timeout_s: float) -> float:
    """Seconds between a worker's looks for jobs of lost workers: a quarter of the timeout, 1 to 10 s."""
    return min(10.0, max(1.0, visibility_timeout_s / 4))


def check_broker(app: Any) -> None:
    """Raise a one-line :class:`TranslatorError` when the broker cannot be reached (one quick try, no retry loop)."""
    with app.connection_for_write() as conn:
        try:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=5)
        except Exception as e:
            raise TranslatorError(
                f"cannot reach the broker {conn.as_uri()} ({one_line(e)}); start it, or check --broker / the 'broker' setting"
            ) from None


def one_line(e: BaseException) -> str:
    """An exception's message on one line (Celery's and redis-py's span several)."""
    return " ".join(str(e).split()) or e.__class__.__name__


def app_for(settings: Settings) -> Any:
    if not settings.broker:
        raise TranslatorError("no broker configured; give --broker redis://HOST:PORT/0 or set 'broker'")
    return celery_app(settings.broker, settings.visibility_timeout_s)


# -- the worker side ---------------------------------------------------------------------


def init_worker_process(**_: Any) -> None:
    """Build this worker process's project and load its engine (Celery's ``worker_process_init``)."""
    global _worker_project
    if _worker_settings is None:
        return
    _worker_project = Project(_worker_settings)
    _worker_project.signature()  # loads the engine, glossaries and memory now, not in the first job
    log.info("worker process ready: %s", _worker_project.signature().short())


def worker_project() -> Project:
    if _worker_project is None:
        init_worker_process()
    if _worker_project is None:
        raise TranslatorError("this process is not a translator worker (no settings); start it with 'translator worker'")
    return _worker_project


def _bound_settings() -> list[str]:
    """Settings that shape the output but belong to the worker's loaded project (besides ``glossaries``)."""
    from .settings import declared

    return [s.name for s in declared() if (s.signature or s.group == "qa" or s.name == "engine") and s.name != "opencc"]


def job_settings(project: Project) -> dict[str, Any]:
    """What a batch's jobs carry: its ``opencc``, and the output-shaping settings it sets itself."""
    settings = project.settings
    expect = {name: getattr(settings, name) for name in _bound_settings() if settings.source_of(name) != "default"}
    if settings.source_of("glossaries") != "default" or settings.source_of("shipped_glossaries") != "default":
        expect["glossaries"] = project.glossary.versions  # by content: the files' paths differ between machines
    return {"opencc": settings.opencc, "expect": expect}


def _mismatch(project: Project, expect: dict[str, Any]) -> str | None:
    """The first setting ``expect`` gives another value than this worker's, as one line; None when all agree."""
    for name, wanted in expect.items():
        have = project.glossary.versions if name == "glossaries" else getattr(project.settings, name, None)
        if have != wanted:
            return (
                f"the batch sets {name} to {wanted!r}, this worker runs with {have!r}; start the workers "
                f"with the same {name}, or leave it to them"
            )
    return None


def translate_article(project: Project, data: bytes, name: str, job: dict[str, Any] | None = None) -> dict[str, Any]:
    """Prepare, translate and store one article; the batch's summary of it (no exports).

    ``job`` is what :func:`job_settings` gave the batch.  Idempotent: an
    article already stored with this signature is not translated or stored
    again (``status`` "skipped").
    """
    from .batch import ArticleResult, _summarise
    from .store.documents import Documents

    job = job or {}
    problem = _mismatch(project, job.get("expect", {}))
    if problem:
        raise TranslatorError(f"{name}: {problem}")
    opencc = job.get("opencc") or None
    signature = project.signature(opencc=opencc).short()
    store = Documents(project.store)
    doc = project.prepare(data, name=name, opencc=opencc)
    result = ArticleResult(name, "failed", document=doc.id, name=str(doc.input.get("name")))
    if store.signature_of(doc.id) == signature:
        _summarise(store.get(doc.id), result)
        result.status = "skipped"
    else:
        project.translate([doc])
        store.save(doc, input_sha256=hashlib.sha256(data).hexdigest())
        _summarise(doc, result)
        result.status = "done"
    out = result.to_dict()
    out["signature"] = signature
    return out


def _translate_article_task(task: Any, data_b64: str, name: str, job: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        return translate_article(worker_project(), base64.b64decode(data_b64), name, job)
    except TranslatorError as e:
        return {"input": name, "status": "failed", "error": str(e)}


def _translate_stored_task(task: Any, doc_id: str) -> dict[str, Any]:
    from .jobs import translate_document

    def progress(done: int, total: int) -> None:
        task.update_state(state="PROGRESS", meta={"done": done, "total": total})

    try:
        stored = translate_document(worker_project(), doc_id, progress=progress)
    except TranslatorError as e:
        return {"document": doc_id, "state": "failed", "error": str(e)}
    return {"document": doc_id, "state": "done", "stored": stored}


def run_worker(settings: Settings, *, concurrency: int, name: str | None, pool: str = "prefork", loglevel: str = "INFO") -> None:
    """Run a Celery worker for ``settings.broker`` until stopped (what ``translator worker`` does)."""
    global _worker_settings
    from celery import signals

    _worker_settings = settings
    app = app_for(settings)
    signals.worker_process_init.connect(init_worker_process, weak=False)
    if pool == "solo":
        init_worker_process()  # the pool is this process
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--pool={pool}", "--without-gossip",
            "--without-mingle", "--without-heartbeat"]
    if name:
        argv.append(f"--hostname={name}")
    app.worker_main(argv=argv)


# -- the client side ---------------------------------------------------------------------


def enqueue_article(app: Any, data: bytes, name: str, job: dict[str, Any] | None = None) -> Any:
    """Queue one article for a worker (``job``: :func:`job_settings`); its :class:`celery.result.AsyncResult`."""
    return app.send_task(ARTICLE_TASK, args=[base64.b64encode(data).decode("ascii"), name, job or {}])


def enqueue_stored(app: Any, doc_id: str) -> Any:
    return app.send_task(STORED_TASK, args=[doc_id])
