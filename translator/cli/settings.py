"""``translator settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import click

from ..settings import declared
from .common import project_from


@click.command("settings")
@click.pass_context
def settings(ctx: click.Context) -> None:
    """Show every setting: value, source (default, file, env, flag), environment variable and help."""
    resolved = project_from(ctx).settings
    group = ""
    for s in declared():
        if s.group != group:
            group = s.group
            click.echo(f"[{group}]")
        value = resolved.shown(s.name)
        shown = ", ".join(value) if isinstance(value, tuple) else value
        click.echo(f"  {s.name} = {shown!r}  ({resolved.source_of(s.name)}; ${s.env})")
        click.echo(f"      {s.help}")
