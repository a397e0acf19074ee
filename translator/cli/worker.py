"""``translator worker``: a Celery worker translating the jobs that batch and the review app queue."""

from __future__ import annotations

from typing import Any

import click

from .articles import engine_options
from .common import project_from, setting_option


@click.command("worker")
@setting_option("broker")
@setting_option("visibility_timeout_s")
@setting_option("opencc")
@setting_option("max_input_mb")
@engine_options
@click.option("--concurrency", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes (each loads the engine once); one per core or GPU is a good start.")
@click.option("--name", default=None, help="This worker's name in the pool (default: celery@HOSTNAME).")
@click.option("--pool", type=click.Choice(["prefork", "solo"]), default="prefork", show_default=True,
              help="prefork: child processes; solo: jobs run in this process.")
@click.option("--loglevel", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), default="INFO", show_default=True)
@click.pass_context
def worker(ctx: click.Context, concurrency: int, name: str | None, pool: str, loglevel: str, **flags: Any) -> None:
    """Translate queued jobs (batch --broker, the review app's uploads) until stopped.

    Every worker shares the project database (--db, a PostgreSQL URL across
    machines) and the broker (--broker redis://HOST:6379/0).  The engine,
    glossaries and memory load once per worker process, not per job.  A job
    is acknowledged only when finished: one whose worker dies is delivered
    again (after visibility_timeout_s when the whole machine is lost).
    """
    from ..errors import TranslatorError
    from ..jobs.broker import Worker

    project = project_from(ctx, **flags)  # checks the settings and creates or migrates the database, once
    settings = project.settings
    project.close()
    if not settings.broker:
        raise TranslatorError("no broker: give --broker redis://HOST:6379/0 (or set 'broker')")
    Worker(settings).run(concurrency=concurrency, name=name, pool=pool, loglevel=loglevel)
