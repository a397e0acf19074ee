"""``translator documents`` and ``translator export``: the documents stored in the project database."""

from __future__ import annotations

import json
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


@documents.command("mine")
@click.option("--user", "user", required=True, help="Whose work: a review app user name.")
@db_option
@click.pass_context
def mine(ctx: click.Context, user: str, db: str | None) -> None:
    """The documents assigned to USER ("My work" in the review app): their step, the stage, what is left for them."""
    items = project_from(ctx, db=db, read_only=True).workflow.my_work(user)
    if not items:
        click.echo(f"nothing is assigned to {user}; a reviewer assigns documents ('translator documents assign')")
        return
    for w in items:
        d = w.document
        turn = "  [your turn]" if w.your_turn else ""
        click.echo(f"{d.id}  {w.assignment.stage}  {', '.join(w.steps)}  {w.left} of {d.total} left  "
                   f"{w.rejected} rejected  {w.open_comments} open comments  {d.title or '(no title)'}  ({d.name}){turn}")


@documents.command("assign")
@click.argument("document")
@click.option("--translator", "translator", default=None, help="Who translates (a user name; '' for nobody).")
@click.option("--reviewer", "reviewer", default=None, help="Who reviews (a user with the reviewer role; '' for nobody).")
@click.option("--by", "by", default="cli", show_default=True, help="Who made the assignment (recorded).")
@db_option
@click.pass_context
def assign(ctx: click.Context, document: str, translator: str | None, reviewer: str | None, by: str, db: str | None) -> None:
    """Give a stored DOCUMENT's steps to people (as an admin would in the review app)."""
    from ..vocabulary import ASSIGNMENTS, ROLES

    project = project_from(ctx, db=db)
    doc_id = project.documents.resolve(document)
    given = dict(zip(ASSIGNMENTS, (translator, reviewer), strict=True))
    a = project.workflow.assign(doc_id, {k: v for k, v in given.items() if v is not None}, user=by, role=ROLES[-1])
    click.echo(f"{doc_id}  {a.stage}  " + "  ".join(f"{step}: {a.who(step) or 'nobody'}" for step in ASSIGNMENTS))
@documents.command("analysis")
@click.argument("document")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON (with each segment's band and score).")
@click.pass_context
def analysis(ctx: click.Context, document: str, db: str | None, as_json: bool) -> None:
    """The size of DOCUMENT and its match analysis against the memory, as Trados's analysis report groups it.

    Segments and source characters for repetitions (a source that occurred
    earlier in the document), 100% memory matches, fuzzy matches of 95-99,
    85-94 and 75-84%, and new segments; the bands add up to the document.
    """
    project = project_from(ctx, db=db, read_only=True)
    doc_id = project.documents.resolve(document)
    result = project.reports.analysis(doc_id)
    size = project.reports.counts(doc_id)
    if as_json:
        click.echo(json.dumps({**result.to_dict(), "counts": size.to_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc_id}: {size.segments:,} segments, {size.source_chars:,} source characters, "
               f"{size.english_words:,} English words")
    width = max(len(b.label) for b in result.bands)
    click.echo(f"{'match':<{width}}  {'segments':>9}  {'characters':>11}  {'share':>6}")
    total = result.total_chars or 1
    for b in result.bands:
        click.echo(f"{b.label:<{width}}  {b.segments:>9,}  {b.source_chars:>11,}  {100 * b.source_chars / total:>5.1f}%")
    click.echo(f"{'total':<{width}}  {result.total_segments:>9,}  {result.total_chars:>11,}  {100.0 if result.total_chars else 0:>5.1f}%")


@documents.command("effort")
@click.argument("document")
@db_option
@click.option("--per", type=click.Choice(["segment", "person"]), default="segment", show_default=True,
              help="One CSV row per segment, or per person.")
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@click.pass_context
def effort(ctx: click.Context, document: str, db: str | None, per: str, out_file: str) -> None:
    """Post-editing effort of DOCUMENT as CSV: edit distance from the first machine draft, and time spent.

    Per segment: segment_id, number, status, source_chars, machine_draft,
    final, edit_distance (Levenshtein, characters), edit_share_pct (of the
    longer of draft and final), time_ms (active time in the review app),
    editors.  Per person: segments_edited, chars_changed, time_ms, segments_timed.
    """
    from ..effort import effort_csv

    project = project_from(ctx, db=db, read_only=True)
    result = project.reports.effort(project.documents.resolve(document))
    write_output(out_file, effort_csv(result, per=per).encode("utf-8"))


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
