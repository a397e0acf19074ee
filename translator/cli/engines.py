"""``translator engines``: the configured engines, reachable and loaded or not; ``translator engines test``: three sentences each."""

from __future__ import annotations

import click

from ..engines.select import configured_engines, try_engine
from .common import project_from


def _statuses(ctx: click.Context) -> list:
    project = project_from(ctx, read_only=True)
    return configured_engines(project.settings, project.glossary)


@click.group("engines", invoke_without_command=True)
@click.pass_context
def engines(ctx: click.Context) -> None:
    """List the configured engines and whether each is reachable and loaded (* marks the one in use)."""
    if ctx.invoked_subcommand is not None:
        return
    statuses = _statuses(ctx)
    for s in statuses:
        mark = "*" if s.selected else " "
        click.echo(f"{mark} {s.name:<6} {'ok' if s.ok else 'FAILED':<7} {s.detail}")
    if not any(s.ok for s in statuses if s.selected):
        ctx.exit(1)


@engines.command("test")
@click.pass_context
def test(ctx: click.Context) -> None:
    """Translate three sentences of the sample with each engine; print the English and the time per sentence."""
    failed = False
    for s in _statuses(ctx):
        click.echo(f"== {s.name}{' (in use)' if s.selected else ''}: {s.detail}")
        if not s.ok or s.engine is None:
            failed = True
            continue
        for r in try_engine(s.engine):
            click.echo(f"  {r.seconds:7.3f} s  {r.source}")
            click.echo(f"             → {r.english or '(nothing)'}")
            for problem in r.problems:
                failed = True
                click.echo(f"             ! {problem}")
    if failed:
        ctx.exit(1)
