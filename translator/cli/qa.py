"""``translator qa``: quality checks over the whole project (consistency across documents)."""

from __future__ import annotations

import json

import click

from .common import db_option, project_from


@click.group("qa")
def qa() -> None:
    """QA over every stored document."""


@qa.command("consistency")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def consistency(ctx: click.Context, as_json: bool, **flags: str | None) -> None:
    """Report inconsistent approved translations across the stored documents.

    The same source approved with different English; the same English for
    different sources where that is suspicious; a glossary term approved with
    another rendering than the glossary's; a glossary or mined term rendered
    two ways in different documents.  Each finding names its documents and segments.
    """
    from ..vocabulary import CONSISTENCY_KINDS, CONSISTENCY_LABELS

    project = project_from(ctx, read_only=True, **flags)
    project.documents  # noqa: B018 - an unusable database is one clear error
    findings = project.terminology.consistency()
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    if not findings:
        click.echo("No inconsistency among the approved segments.")
        return
    for kind in CONSISTENCY_KINDS:
        mine = [f for f in findings if f.kind == kind]
        if not mine:
            continue
        click.echo(f"{CONSISTENCY_LABELS[kind]} ({len(mine)}):")
        for f in mine:
            click.echo(f"  {f.message}")
            for p in f.places:
                shown = f" [{p.rendering}]" if p.rendering else ""
                click.echo(f"    {p.document_name or p.document_id} {p.segment_id}{shown}: {p.target}")
