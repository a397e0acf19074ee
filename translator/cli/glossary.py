"""``translator glossary``: the glossaries as TBX or CSV for CAT tools, and back to our TSV."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import TranslatorError
from .common import db_option, error_line, project_from, read_inputs, setting_option, write_output


@click.group("glossary")
def glossary() -> None:
    """Glossaries in the exchange formats of CAT tools (TBX-Basic, CSV)."""


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True)
@setting_option("glossaries", "--glossary", multiple=True, default=None, metavar="FILE",
                help="A user glossary TSV (repeatable), over the shipped ones. [setting glossaries]")
@setting_option("shipped_glossaries", "--no-shipped-glossaries", help="Only the --glossary files. [setting shipped_glossaries]")
@click.option("--out", "out_file", default="-", show_default=True, help="File to write ('-' is standard output).")
@click.pass_context
def export(ctx: click.Context, fmt: str, out_file: str, **flags: Any) -> None:
    """Write the glossaries in effect (shipped, then yours) as one TBX or CSV file."""
    from ..formats import exporter

    write_output(out_file, exporter(fmt)(project_from(ctx, **flags).glossary))


@glossary.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out_file", default="-", show_default=True, help="The TSV glossary to write ('-' is standard output).")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], out_file: str) -> None:
    """Turn TBX, CSV or TSV FILES into one glossary TSV (use it with --glossary)."""
    from ..formats import importer_for_path
    from ..formats.glossary_tsv import export_glossary_tsv
    from ..store.glossary import check_one_row_per_source

    terms: list[Any] = []
    failed = False
    for name, data in read_inputs(files, project_from(ctx).settings):
        try:
            imp = importer_for_path(name)
            if imp.gives != "terms":
                raise TranslatorError(f"holds {imp.gives}, not glossary terms; give a .tbx, .csv or .tsv file", path=name)
            found = list(imp.load()(data, path=name))
            check_one_row_per_source(found, name)  # the rule the review app's import follows too
            terms.extend(found)
        except TranslatorError as e:
            error_line(e)
            failed = True
    data = export_glossary_tsv(terms)
    _check_loads(data, out_file)
    write_output(out_file, data)
    if failed:
        sys.exit(1)


def _check_loads(data: bytes, name: str) -> None:
    """What we write must load as a glossary: duplicates and conflicting rows are errors here, not later."""
    import tempfile
    from pathlib import Path

    from ..store.glossary import Glossary

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(name).name if name != "-" else "glossary.tsv")
        path.write_bytes(data)
        try:
            Glossary.load([path], shipped=False)
        except TranslatorError as e:
            raise TranslatorError(f"the imported terms do not make a valid glossary: {e.message}", path=name) from None


@glossary.command("check")
@db_option
@setting_option("glossaries", "--glossary", multiple=True, default=None, metavar="FILE",
                help="A user glossary TSV (repeatable), over the shipped ones. [setting glossaries]")
@setting_option("shipped_glossaries", "--no-shipped-glossaries", help="Only the --glossary files. [setting shipped_glossaries]")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def check(ctx: click.Context, as_json: bool, **flags: Any) -> None:
    """Report overlapping terms whose English conflicts, duplicates across files, and terms no stored document holds."""
    import json

    from ..vocabulary import GLOSSARY_CHECK_KINDS, GLOSSARY_CHECK_LABELS

    project = project_from(ctx, read_only=True, **flags)
    findings = project.terminology.glossary_check(stored=_has_documents(project))
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    if not findings:
        click.echo("The glossaries are consistent.")
    for kind in GLOSSARY_CHECK_KINDS:
        mine = [f for f in findings if f.kind == kind]
        if mine:
            click.echo(f"{GLOSSARY_CHECK_LABELS[kind]} ({len(mine)}):")
            for f in mine:
                click.echo(f"  {f.severity}: {f.message}")


def _has_documents(project: Any) -> bool:
    """Whether the project database can be read and holds documents (otherwise no term is 'unused')."""
    try:
        return bool(project.documents.list())
    except TranslatorError:
        return False
