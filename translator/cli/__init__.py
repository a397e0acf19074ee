"""The ``translator`` command line.

Errors caused by input or environment (:class:`TranslatorError`) become one
line on stderr, naming the file, and a non-zero exit; the other files of the
same call are still processed.  Programming errors keep their tracebacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

import click

from .. import __version__
from ..document import Document
from ..errors import TranslatorError
from ..prepare.convert import CONFIGS

# Options shared by several commands, defined once.
opencc_option = click.option(
    "--opencc",
    "opencc_config",
    type=click.Choice(CONFIGS),
    default="t2s",
    show_default=True,
    help="OpenCC conversion to Simplified: t2s (generic), tw2sp (Taiwan, with phrases), hk2s (Hong Kong), none.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print the document(s) as JSON.")
files_argument = click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))


def error_line(err: TranslatorError | str) -> None:
    click.echo(f"translator: error: {err}", err=True)


def read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        return Path(path).read_bytes(), path
    except FileNotFoundError:
        raise TranslatorError("no such file; check the path", path=path) from None
    except IsADirectoryError:
        raise TranslatorError("is a directory; give article files (text or HTML)", path=path) from None
    except OSError as e:
        raise TranslatorError(f"cannot read file ({e.strerror})", path=path) from None


def each_document(files: Iterable[str], opencc_config: str) -> Iterable[tuple[str, Document | None]]:
    """Normalize each file, reporting failures as one line and carrying on."""
    from ..prepare.pipeline import prepare_bytes

    for path in files:
        try:
            data, name = read_input(path)
            yield name, prepare_bytes(data, name=name, opencc=opencc_config)  # type: ignore[arg-type]
        except TranslatorError as e:
            error_line(e)
            yield path, None


def collect_documents(files: Sequence[str], opencc_config: str) -> tuple[list[Document], int]:
    """The documents that could be read, and how many files could not (each reported)."""
    docs = [doc for _, doc in each_document(files, opencc_config) if doc is not None]
    return docs, len(files) - len(docs)


def emit(docs: list[Document], as_json: bool, many: bool, render: Any) -> None:
    if as_json:
        payload: Any = [d.to_dict() for d in docs] if many else docs[0].to_dict()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for d in docs:
            click.echo(render(d))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="translator")
def main() -> None:
    """Chinese news articles to reviewed, publishable English."""


@main.command("normalize")
@files_argument
@opencc_option
@json_option
def normalize_cmd(files: tuple[str, ...], opencc_config: str, as_json: bool) -> None:
    """Clean, convert to Simplified and segment article FILES ('-' reads stdin)."""
    docs, failed = collect_documents(files, opencc_config)
    if docs:
        emit(docs, as_json, len(files) > 1, render_text)
    if failed:
        sys.exit(1)


@main.command("translate")
@files_argument
@opencc_option
@json_option
@click.option("--engine", type=click.Choice(["auto", "argos", "gloss"]), default="auto", show_default=True,
              help="argos: the installed Argos zh→en model; gloss: CC-CEDICT word-by-word draft; auto: argos when installed, else gloss.")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(dir_okay=False),
              help="A user glossary TSV (repeatable); its rows override the shipped glossaries.")
@click.option("--no-shipped-glossaries", is_flag=True, help="Use only the --glossary files.")
@click.option("--db", default=None, help="Project database (translation memory): a file path or a SQLAlchemy URL. [default: $TRANSLATOR_DB or ./translator.sqlite]")
@click.option("--no-memory", is_flag=True, help="Do not look up the translation memory.")
@click.option("--beam-size", type=click.IntRange(1, 16), default=4, show_default=True, help="Argos: beam width.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True, help="Argos: where the model runs.")
@click.option("--compute-type", default=None, help="Argos: CTranslate2 compute type [default: int8 on CPU, int8_float16 on CUDA].")
@click.option("--threads", type=click.IntRange(0, 256), default=0, help="Argos: threads per batch (0 = automatic: parallel batches over all cores).")
def translate_cmd(
    files: tuple[str, ...],
    opencc_config: str,
    as_json: bool,
    engine: str,
    glossaries: tuple[str, ...],
    no_shipped_glossaries: bool,
    db: str | None,
    no_memory: bool,
    beam_size: int,
    device: str,
    compute_type: str | None,
    threads: int,
) -> None:
    """Normalize, translate and QA article FILES ('-' reads stdin)."""
    from ..store.glossary import Glossary
    from ..store.memory import Memory
    from ..project import build_stack, select_engine, translate_documents
    from ..store.database import Store

    try:
        glossary = Glossary.load(glossaries, shipped=not no_shipped_glossaries)
        memory = None if no_memory else Memory(Store(db))
        base, warning = select_engine(
            engine,
            glossary=glossary,
            argos_options={"beam_size": beam_size, "device": device, "compute_type": compute_type, "intra_threads": threads},
        )
    except TranslatorError as e:
        error_line(e)
        sys.exit(1)
    if warning:
        click.echo(f"translator: warning: {warning}", err=True)
    docs, failed = collect_documents(files, opencc_config)
    if docs:
        try:
            translate_documents(docs, build_stack(base, glossary, memory), glossary)
        except TranslatorError as e:
            error_line(e)
            sys.exit(1)
        emit(docs, as_json, len(files) > 1, render_text)
    if failed:
        sys.exit(1)


@main.group("memory")
def memory_group() -> None:
    """The translation memory in the project database."""


db_option = click.option("--db", default=None, help="Project database: a file path or a SQLAlchemy URL. [default: $TRANSLATOR_DB or ./translator.sqlite]")


@memory_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@db_option
@click.option("--editor", default="", help="Who approved these, when the documents do not say.")
def memory_import(files: tuple[str, ...], db: str | None, editor: str) -> None:
    """Add the approved segments of translated document JSON FILES to the memory."""
    from ..store.memory import Memory
    from ..project import record_approved
    from ..store.database import Store

    try:
        memory = Memory(Store(db))
    except TranslatorError as e:
        error_line(e)
        sys.exit(1)
    failed = 0
    for path in files:
        try:
            data, name = read_input(path)
            docs = _load_documents(data, name)
        except TranslatorError as e:
            error_line(e)
            failed += 1
            continue
        n = record_approved(docs, memory, editor=editor)
        click.echo(f"{name}: {n} approved segment(s) added")
    if failed:
        sys.exit(1)


@memory_group.command("stats")
@db_option
def memory_stats(db: str | None) -> None:
    """How many entries the memory holds."""
    from ..store.memory import Memory
    from ..store.database import Store

    try:
        memory = Memory(Store(db))
    except TranslatorError as e:
        error_line(e)
        sys.exit(1)
    click.echo(f"{memory.store.url}: {len(memory)} entries")


def _load_documents(data: bytes, name: str) -> list[Document]:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
        items = payload if isinstance(payload, list) else [payload]
        return [Document.from_dict(d) for d in items]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TranslatorError(f"not document JSON ({e.__class__.__name__}: {e}); give the output of 'translator translate --json'", path=name) from None
    except (KeyError, TypeError, AttributeError) as e:
        raise TranslatorError(f"not document JSON (missing or malformed field {e}); give the output of 'translator translate --json'", path=name) from None


def render_text(doc: Document) -> str:
    """A readable view of a document: metadata, blocks with segment ids, flags, what was removed."""
    m = doc.metadata
    out = [f"== {doc.input.get('name', '')} ({doc.input.get('encoding')}, {doc.input.get('format')}, {m.original_script or '?'} via {doc.input.get('opencc')})"]
    for key in ("title", "date", "source", "author", "editor", "url"):
        value = getattr(m, key)
        if value:
            out.append(f"{key}: {value}")
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


def _register_optional() -> None:
    """Attach command groups defined in their own modules."""
    try:
        from .models import models
    except ImportError:  # pragma: no cover - during development only
        return
    main.add_command(models)


_register_optional()


if __name__ == "__main__":  # pragma: no cover
    main()
