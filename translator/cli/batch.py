"""``translator batch``: whole folders of articles, stored and exported, resumably."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..batch import DOCUMENT_FORMATS, OutputFolder, expand_inputs, run
from ..jobs import ArticleResult, make_runner
from ..prepare.reader import display_name
from ..vocabulary import DEFAULT_LAYOUT, LAYOUTS
from .articles import engine_options
from .common import error_line, project_from, setting_option, warning_line


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, help="Folder for the exports and report.json (created if missing).")
@click.option("--format", "formats", multiple=True, type=click.Choice(DOCUMENT_FORMATS), default=("json",), show_default=True,
              help="Export each article in this format (repeatable).")
@click.option("--layout", type=click.Choice(LAYOUTS), default=DEFAULT_LAYOUT, show_default=True,
              help="Layout of the HTML export (the page can switch between them).")
@click.option("--approved-only", is_flag=True, help="Leave out English not approved yet in the HTML and text exports (without it, such English is marked).")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Threads preparing articles ahead of the translation.")
@setting_option("opencc")
@setting_option("max_input_mb")
@setting_option("broker")
@setting_option("visibility_timeout_s")
@engine_options
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], out_dir: str, formats: tuple[str, ...], layout: str,
          approved_only: bool, jobs: int, **flags: Any) -> None:
    """Prepare, translate, QA, store and export every article of INPUTS (files, folders, globs; '-' reads a list of paths).

    Each article is stored in the project database (so the review app shows
    it) as soon as it is translated.  A rerun skips the articles already
    stored with the same content and settings.  The exit status is 0 only
    when every article succeeded; report.json in --out says what happened to each.

    With --broker (or the 'broker' setting) each article is a job for
    'translator worker' processes sharing the project database.
    """
    files, missing = expand_inputs(inputs)
    for item in missing:
        error_line(f"{display_name(item)}: no such file, folder or match; check the path")
    project = project_from(ctx, **flags)
    out = OutputFolder(out_dir)
    if not project.settings.broker:
        _ = project.engine  # glossaries, memory and engine first: a bad one stops the run before any work
    for warning in project.warnings:
        warning_line(warning)
    runner = make_runner(project, threads=jobs)  # with a broker: one job per article for 'translator worker' processes
    try:
        report = run(project, files, out, runner=runner, formats=formats or ("json",), layout=layout,
                     approved_only=approved_only, progress=_progress(len(files)))
    finally:
        runner.close()
    for a in report.articles:
        if a.status == "failed":
            error_line(a.error or f"{a.input}: failed")
    totals = report.to_dict()["totals"]
    click.echo(f"{totals['done']} translated, {totals['skipped']} already done, {totals['failed']} failed; "
               f"report: {out.path / 'report.json'}", err=True)
    if missing or not report.ok:
        sys.exit(1)


def _progress(total: int) -> Any:
    """A progress bar with ETA on a terminal; one plain line per article otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

        def update(result: ArticleResult, k: int, n: int) -> None:
            bar.set_postfix_str(f"{result.status} {result.name or result.input}"[-40:], refresh=False)
            bar.update(1)
            if k == n:
                bar.close()

        return update

    def line(result: ArticleResult, k: int, n: int) -> None:
        click.echo(f"translator: [{k}/{n}] {result.input}: {result.status} ({result.seconds:.2f} s)", err=True)

    return line
