"""``translator documents`` and ``translator export``: the documents stored in the project database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import TranslatorError
from ..formats import DOCUMENT_FORMATS
from ..vocabulary import DEFAULT_LAYOUT, LAYOUTS, STATUSES
from .common import db_option, error_line, project_from, read_inputs, write_output


@click.group("documents")
def documents() -> None:
    """The documents stored in the project database (by 'translator batch' or the review app)."""


@documents.command("list")
@db_option
@click.option("--all", "include_deleted", is_flag=True, help="Include deleted documents.")
@click.pass_context
def list_(ctx: click.Context, db: str | None, include_deleted: bool) -> None:
    """Each stored document: id, segments by status, title, name."""
    rows = project_from(ctx, db=db, read_only=True).documents.list(include_deleted=include_deleted)
    if not rows:
        click.echo("no documents stored yet; 'translator batch' stores them")
        return
    for r in rows:
        done = r.counts.get("approved", 0)
        by_status = ", ".join(f"{r.counts[s]} {s}" for s in STATUSES if r.counts.get(s))
        deleted = " [deleted]" if r.deleted else ""
        click.echo(f"{r.id}  {done}/{r.total} approved  {r.title or '(no title)'}  ({r.name}){deleted}")
        click.echo(f"    {by_status or 'no segments'}; updated {r.updated_at}")


@documents.command("import")
@click.argument("files", nargs=-1, required=True)
@db_option
@click.option("--by", "by", default="", help="Who made the edits (recorded in each revision) [default: the file name].")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], db: str | None, by: str) -> None:
    """Merge edited XLIFF FILES (2.1 or 1.2, from 'translator export') back into their stored documents, as edits.

    A unit left as it was exported changes nothing; a unit changed both in the
    file and in the database since the export is a conflict: it keeps what the
    database has, is named on standard error, and the command exits 1.
    """
    project = project_from(ctx, db=db)
    failed = False
    read = 0
    for name, data in read_inputs(files, project.settings):
        read += 1
        try:
            result = project.review.import_xliff(data, name=name, by=by or Path(name).name)
        except TranslatorError as e:
            error_line(e)
            failed = True
            continue
        for problem in result.problems:
            error_line(f"{name}: {problem.message}")
        failed = failed or bool(result.problems)
        conflicts = len(result.conflicts)
        tail = f", {conflicts} conflict(s) left as stored" if conflicts else ""
        others = len(result.problems) - conflicts
        tail += f", {others} unit(s) refused" if others else ""
        click.echo(f"{name}: {len(result.changed)} segment(s) changed in {result.document_id}{tail}")
    if failed or read < len(files):
        sys.exit(1)


@click.command("export")
@click.argument("document")
@click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMATS), default="html", show_default=True)
@click.option("--layout", type=click.Choice(LAYOUTS), default=DEFAULT_LAYOUT, show_default=True,
              help="Layout of the HTML export.")
@click.option("--approved-only", is_flag=True, help="Leave out English not approved yet (HTML and text; without it, such English is marked).")
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@db_option
@click.pass_context
def export(ctx: click.Context, document: str, fmt: str, layout: str, approved_only: bool, out_file: str, db: str | None) -> None:
    """Export one stored DOCUMENT (its id, an id prefix or its name) as FORMAT."""
    from ..formats import exporter

    store = project_from(ctx, db=db, read_only=True).documents
    doc = store.get(store.resolve(document))
    ex = exporter(fmt)
    write_output(out_file, ex.export_document(doc, ex.options_for(layout=layout, approved_only=approved_only)))
