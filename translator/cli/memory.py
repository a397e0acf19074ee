"""``translator memory``: the translation memory in the project database."""

from __future__ import annotations

import sys

import click

from ..errors import TranslatorError
from .common import db_option, error_line, project_from, read_inputs


@click.group("memory")
def memory() -> None:
    """The translation memory in the project database."""


@memory.command("import")
@click.argument("files", nargs=-1, required=True)
@db_option
@click.option("--editor", default="", help="Who approved these, when the documents do not say.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], db: str | None, editor: str) -> None:
    """Add the approved segments of translated document JSON FILES to the memory."""
    from ..store.memory import Memory

    project = project_from(ctx, db=db)
    memory = Memory(project.store)  # an unusable database stops the call before any file is read
    done = 0
    for name, data in read_inputs(files, project.settings):
        try:
            n = memory.import_json(data, name, editor=editor)  # one file, one transaction
        except TranslatorError as e:
            error_line(e)
            continue
        done += 1
        click.echo(f"{name}: {n} approved segment(s) added")
    if done < len(files):
        sys.exit(1)


@memory.command("stats")
@db_option
@click.pass_context
def stats(ctx: click.Context, db: str | None) -> None:
    """How many entries the memory holds."""
    from ..store.memory import Memory

    project = project_from(ctx, db=db, read_only=True)
    store = project.store
    click.echo(f"{store.path or store.name}: {len(Memory(store))} entries")
