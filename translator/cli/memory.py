"""``translator memory``: the translation memory in the project database."""

from __future__ import annotations

import json
import sys

import click

from ..document import Document
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
    project = project_from(ctx, db=db)
    project.store  # an unusable database stops the call before any file is read
    done = 0
    for name, data in read_inputs(files, project.settings):
        try:
            n = project.record_approved(load_documents(data, name), editor=editor)
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

    project = project_from(ctx, db=db)
    click.echo(f"{project.store.url}: {len(Memory(project.store))} entries")


def load_documents(data: bytes, name: str) -> list[Document]:
    """The documents of a ``translator translate --json`` output (one document or a list)."""
    hint = "give the output of 'translator translate --json'"
    try:
        payload = json.loads(data.decode("utf-8-sig"))
        items = payload if isinstance(payload, list) else [payload]
        return [Document.from_dict(d) for d in items]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TranslatorError(f"not document JSON ({e.__class__.__name__}: {e}); {hint}", path=name) from None
    except (KeyError, TypeError, AttributeError) as e:
        raise TranslatorError(f"not document JSON (missing or malformed field {e}); {hint}", path=name) from None
