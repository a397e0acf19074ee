"""Background work: the jobs (plain functions of a project) and who runs them.

=================  =============================================================
module             what
=================  =============================================================
``article.py``     one article's bytes in: prepared, translated, QA'd, stored
                   (:func:`translate_article`; batch, uploads, workers)
``document.py``    a stored document's untranslated segments translated
                   (:func:`translate_document`; "translate the rest")
``runners.py``     the :class:`Runner` interface, :class:`JobState`,
                   :func:`run_job`, the :class:`ThreadRunner`
``broker.py``      Celery on Redis: the :class:`~.broker.CeleryRunner` (client)
                   and the :class:`~.broker.Worker` (``translator worker``)
=================  =============================================================

:func:`make_runner` picks the runner the settings ask for.  Celery is
imported only by ``broker.py``, and only when a broker is used.
"""

from __future__ import annotations

from ..project import Project
from .article import ArticleResult, TranslateArticle, job_settings, translate_article
from .document import TranslateDocument, translate_document
from .runners import Job, JobState, Runner, ThreadRunner, run_job

__all__ = [
    "ArticleResult",
    "Job",
    "JobState",
    "Runner",
    "ThreadRunner",
    "TranslateArticle",
    "TranslateDocument",
    "job_settings",
    "make_runner",
    "run_job",
    "translate_article",
    "translate_document",
]


def make_runner(project: Project, *, threads: int = 1, start: bool = True) -> Runner:
    """The job queue's client when the ``broker`` setting is set, else a :class:`ThreadRunner` with ``threads``
    threads (``start`` false: none; jobs wait for :meth:`~ThreadRunner.run_pending`)."""
    if project.settings.broker:
        from .broker import CeleryRunner

        return CeleryRunner(project)
    return ThreadRunner(project, threads=threads, start=start)
