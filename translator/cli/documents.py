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
    from ..store.documents import Documents

    rows = Documents(project_from(ctx, db=db, read_only=True).store).list(include_deleted=include_deleted)
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
    """Merge edited XLIFF FILES (2.1 or 1.2, from 'translator export') back into their stored documents, as revisions."""
    from ..formats.xliff import apply, read_xliff
    from ..store.documents import Documents

    project = project_from(ctx, db=db)
    store = Documents(project.store)
    done = 0
    for name, data in read_inputs(files, project.settings):
        try:
            doc = store.get(store.resolve(_document_id_of(data, name)))
            changes = apply(doc, read_xliff(data, doc, path=name))
            for c in changes:
                store.update_segment(c.segment_id, by=by or Path(name).name, target=c.new_target or "",
                                     status=c.new_status, note=f"imported from {Path(name).name}")
        except TranslatorError as e:
            error_line(e)
            continue
        done += 1
        click.echo(f"{name}: {len(changes)} segment(s) changed in {doc.id}")
    if done < len(files):
        sys.exit(1)


def _document_id_of(data: bytes, name: str) -> str:
    """The document id an XLIFF file of ours names (read safely), so it can be matched to its document."""
    from ..formats import FormatError
    from ..formats.base import parse_xml
    from ..formats.xliff import ZHNEWS_NS

    root = parse_xml(data, name, "XLIFF")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "file":
            doc_id = el.get(f"{{{ZHNEWS_NS}}}document")
            if doc_id:
                return doc_id
    raise FormatError("names no document of this tool (no zhnews:document on <file>); export the document again", path=name)


@click.command("export")
@click.argument("document")
@click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMATS), default="html", show_default=True)
@click.option("--layout", type=click.Choice(LAYOUTS), default=DEFAULT_LAYOUT, show_default=True,
              help="Layout of the HTML export.")
@click.option("--approved-only", is_flag=True, help="Show only approved English (HTML and text).")
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@db_option
@click.pass_context
def export(ctx: click.Context, document: str, fmt: str, layout: str, approved_only: bool, out_file: str, db: str | None) -> None:
    """Export one stored DOCUMENT (its id, an id prefix or its name) as FORMAT."""
    from ..formats import exporter
    from ..store.documents import Documents

    store = Documents(project_from(ctx, db=db, read_only=True).store)
    doc = store.get(store.resolve(document))
    ex = exporter(fmt)
    write_output(out_file, ex.export_document(doc, ex.options_for(layout=layout, approved_only=approved_only)))
