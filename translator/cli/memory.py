"""``translator memory``: the translation memory in the project database."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..errors import TranslatorError
from ..store.memory import BULK_LOAD
from .common import db_option, error_line, project_from, read_inputs, write_output


@click.group("memory")
def memory() -> None:
    """The translation memory in the project database."""


@memory.command("import")
@click.argument("files", nargs=-1, required=True)
@db_option
@click.option("--editor", default="", help="Who approved these, when the files do not say.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], db: str | None, editor: str) -> None:
    """Add to the memory the approved segments of translated document JSON FILES, or the units of TMX FILES (*.tmx)."""
    project = project_from(ctx, db=db)
    memory = project.memory  # an unusable database stops the call before any file is read
    done = added = 0
    for path in files:
        if path.lower().endswith(".tmx") and os.path.isfile(path):
            # streamed from the file, in constant memory (a TMX memory may be gigabytes)
            pieces: Any = [(path, None)]
        else:
            pieces = read_inputs((path,), project.settings)
        for name, data in pieces:
            try:  # one file, one transaction
                counts = memory.import_file(name if data is None else data, name, editor=editor)
            except TranslatorError as e:
                error_line(e)
                continue
            done += 1
            added += counts.stored
            click.echo(f"{name}: {counts.summary()}")
    if added >= BULK_LOAD:
        memory.after_bulk_load()
    if done < len(files):
        sys.exit(1)


@memory.command("stats")
@db_option
@click.pass_context
def stats(ctx: click.Context, db: str | None) -> None:
    """How many entries the memory holds."""
    project = project_from(ctx, db=db, read_only=True)
    store = project.store
    click.echo(f"{store.path or store.name}: {len(project.memory)} entries")


@memory.command("export")
@db_option
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@click.pass_context
def export(ctx: click.Context, db: str | None, out_file: str) -> None:
    """Write the whole memory as TMX 1.4b, for CAT tools."""
    from ..formats.tmx import export_tmx

    data = export_tmx(project_from(ctx, db=db, read_only=True).memory.entries())
    write_output(out_file, data)


@memory.command("concordance")
@click.argument("text")
@db_option
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="Most hits shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON ({hits: [...]}, as the review app's API).")
@click.pass_context
def concordance(ctx: click.Context, text: str, db: str | None, limit: int, as_json: bool) -> None:
    """Where TEXT was translated before: the memory and every document's approved segments (Chinese, or English whole words)."""
    import json

    from ..store.concordance import MEMORY

    project = project_from(ctx, db=db, read_only=True)
    hits = project.review.concordance(text, limit=limit)
    if as_json:
        click.echo(json.dumps({"query": text, "hits": hits}, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no approved translation holds '{text}'")
        return
    for h in hits:
        where = h["origin"] if h["origin"] == MEMORY else f"{h['origin']} {h['segment_id']} ({h['status']})"
        click.echo(f"{h['source']}\t{h['target']}\t{where}")
