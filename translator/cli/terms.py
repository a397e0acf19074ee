"""``translator terms``: terms mined from articles (files, or the stored documents) that no glossary covers."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import click

from ..errors import TranslatorError
from .common import db_option, prepare_all, project_from, setting_option, write_output


@click.group("terms")
def terms() -> None:
    """Terminology mined from the articles."""


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, n: int) -> str:
    return text + " " * max(0, n - width(text))


def clip(text: str, n: int) -> str:
    out = ""
    for c in text:
        if width(out + c) > n - 1:
            return out + "…"
        out += c
    return out


@terms.command("mine")
@click.argument("inputs", nargs=-1)
@db_option
@click.option("--min-count", type=int, default=3, show_default=True, help="Fewest occurrences of a term proposed.")
@click.option("--limit", type=int, default=100, show_default=True, help="Most rows (0: all).")
@setting_option("glossaries", "--glossary", multiple=True, default=None, metavar="FILE",
                help="A user glossary TSV (repeatable), over the shipped ones: its terms are not proposed. [setting glossaries]")
@setting_option("shipped_glossaries", "--no-shipped-glossaries",
                help="Propose terms the shipped glossaries cover too. [setting shipped_glossaries]")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option("--out", "out_file", default=None, metavar="FILE.tsv",
              help="Also write the rows as a glossary TSV (first candidate as the English) to edit and import.")
@click.pass_context
def mine(ctx: click.Context, inputs: tuple[str, ...], min_count: int, limit: int, as_json: bool, out_file: str | None,
         **flags: Any) -> None:
    """Propose recurring terms of INPUT articles (files; none: the stored documents) that no glossary covers.

    Rows: source, count, documents, candidates (the memory's English first, then CC-CEDICT's, then pinyin), example.
    """
    project = project_from(ctx, read_only=True, **flags)
    most = limit or None
    if inputs:
        docs = prepare_all(project, inputs)
        if not docs:
            raise TranslatorError("no article could be read; nothing to mine")
        rows = project.terminology.mine_documents(docs, min_count=min_count, limit=most)
    else:
        project.documents  # noqa: B018 - an unusable database is one clear error
        rows = project.terminology.mine_stored(min_count=min_count, limit=most)
    if out_file:
        write_output(out_file, tsv(rows))
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No recurring term outside the glossaries.")
        return
    click.echo(f"{'#':>3}  {pad('source', 14)}{'count':>6}{'docs':>6}  {pad('candidates', 44)}example")
    for i, r in enumerate(rows, 1):
        cands = "; ".join(c.target + (f" (memory ×{c.uses})" if c.origin == "memory" else "") for c in r.candidates[:3])
        click.echo(f"{i:>3}  {pad(r.source, 14)}{r.count:>6}{r.documents:>6}  {pad(clip(cands, 43), 44)}{clip(r.example, 50)}")


def tsv(rows: list[Any]) -> bytes:
    """Mined rows as a glossary TSV: the first candidate as the English, the others, counts and example in the note."""
    from ..formats.glossary_tsv import export_glossary_tsv
    from ..store.glossary import Term

    out = []
    for r in rows:
        first, *others = r.candidates or []
        note = f"mined: {r.count}× in {r.documents} document{'s' if r.documents != 1 else ''}"
        if others:
            note += "; other candidates: " + " | ".join(c.target for c in others[:4])
        note += f"; e.g. {r.example[:120]}"
        clean = lambda s: " ".join(s.split())  # noqa: E731 - a cell holds no tab or line break
        out.append(Term(r.source, clean(first.target if first else r.source), clean(note), "term"))
    return export_glossary_tsv(out)
