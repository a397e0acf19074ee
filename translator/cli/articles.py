"""``translator normalize`` and ``translator translate``: articles in, documents out."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..document import Document
from .common import emit, files_argument, json_option, opencc_option, prepare_all, project_from, setting_option, warning_line

F = TypeVar("F", bound=Callable[..., Any])


@click.command("normalize")
@files_argument
@opencc_option
@json_option
@setting_option("max_input_mb")
@click.pass_context
def normalize(ctx: click.Context, files: tuple[str, ...], as_json: bool, **flags: Any) -> None:
    """Clean, convert to Simplified and segment article FILES ('-' reads stdin)."""
    project = project_from(ctx, **flags)
    docs = prepare_all(project, files)
    if docs:
        emit(docs, as_json=as_json, many=len(files) > 1, render=render_text)
    if len(docs) < len(files):
        sys.exit(1)


def engine_options(command: F) -> F:
    """The options of every command that translates: engine, glossaries, memory, decoding."""
    for option in reversed((
        setting_option("engine"),
        setting_option("glossaries", "--glossary", multiple=True, default=None, metavar="FILE",
                       help="A user glossary TSV (repeatable); its rows override the shipped glossaries. [setting glossaries]"),
        setting_option("shipped_glossaries", "--no-shipped-glossaries",
                       help="Use only the --glossary files. [setting shipped_glossaries]"),
        setting_option("db"),
        setting_option("memory", "--no-memory", help="Do not look up the translation memory. [setting memory]"),
        setting_option("beam_size", type=click.IntRange(1, 16)),
        setting_option("device"),
        setting_option("compute_type"),
        setting_option("threads", type=click.IntRange(0, 256)),
    )):
        command = option(command)
    return command


@click.command("translate")
@files_argument
@opencc_option
@json_option
@setting_option("max_input_mb")
@engine_options
@click.pass_context
def translate(ctx: click.Context, files: tuple[str, ...], as_json: bool, **flags: Any) -> None:
    """Normalize, translate and QA article FILES ('-' reads stdin)."""
    project = project_from(ctx, read_only=True, **flags)  # translate only reads the memory
    _ = project.engine  # glossaries, memory and engine first: a bad one stops the call before any work
    for warning in project.warnings:
        warning_line(warning)
    docs = prepare_all(project, files)
    if docs:
        project.translate(docs)
        emit(docs, as_json=as_json, many=len(files) > 1, render=render_text)
    if len(docs) < len(files):
        sys.exit(1)


def render_text(doc: Document) -> str:
    """A readable view of a document: metadata, blocks with segment ids, flags, what was removed."""
    m = doc.metadata
    out = [f"== {doc.input.get('name', '')} ({doc.input.get('encoding')}, {doc.input.get('format')}, {m.original_script or '?'} via {doc.input.get('opencc')})"]
    for key in ("title", "date", "source", "author", "editor", "url"):
        value = getattr(m, key)
        if value:
            out.append(f"{key}: {value}")
    if doc.signature:
        out.append(f"signature: {doc.signature}")
    out.append("")
    for block in doc.all_blocks():
        prefix = {"heading": "## ", "title": "# "}.get(block.kind, "")
        for seg in block.segments:
            out.append(f"{prefix}[{seg.id}] {seg.source}")
            if seg.target is not None:
                engine = (seg.provenance or {}).get("engine", "")
                label = f"{seg.status}, {engine}" + (" — a word gloss, not a translation" if engine == "gloss" else "")
                out.append(f"    → {seg.target}  ({label})")
            for f in seg.flags:
                out.append(f"    ! {f.code}: {f.message}")
            for q in seg.qa:
                out.append(f"    ! {q.severity} {q.code}: {q.message}")
        out.append("")
    counts: dict[str, int] = {}
    for r in doc.removed:
        counts[r.reason] = counts.get(r.reason, 0) + 1
    out.append("removed: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) if counts else "removed: nothing")
    return "\n".join(out)
