"""``translator memory``: the translation memory in the project database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import TranslatorError
from ..store.memory import Memory
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
    memory = Memory(project.store)  # an unusable database stops the call before any file is read
    done = 0
    for name, data in read_inputs(files, project.settings):
        try:
            n = _import_one(memory, data, name, editor)  # one file, one transaction
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
    project = project_from(ctx, db=db, read_only=True)
    store = project.store
    click.echo(f"{store.path or store.name}: {len(Memory(store))} entries")


def _import_one(memory: Memory, data: bytes, name: str, editor: str) -> int:
    if not name.lower().endswith(".tmx"):
        return memory.import_json(data, name, editor=editor)
    from ..formats.tmx import read_tmx
    from ..store.memory import MemoryEntry

    entries = [
        MemoryEntry(e.source, e.target, origin=str(e.metadata.get("origin", "")),
                    editor=str(e.metadata.get("editor") or editor), provenance={"imported_from": Path(name).name})
        for e in read_tmx(data, path=name)
    ]
    return memory.add_many(entries)


@memory.command("export")
@db_option
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@click.pass_context
def export(ctx: click.Context, db: str | None, out_file: str) -> None:
    """Write the whole memory as TMX 1.4b, for CAT tools."""
    from ..formats.tmx import export_tmx

    data = export_tmx(Memory(project_from(ctx, db=db, read_only=True).store).entries())
    write_output(out_file, data)
