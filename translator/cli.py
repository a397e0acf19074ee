"""The ``translator`` command line.

Errors caused by input or environment (:class:`TranslatorError`) become one
line on stderr, naming the file, and a non-zero exit; the other files of the
same call are still processed.  Programming errors keep their tracebacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable

import click

from . import __version__
from .document import Document
from .errors import TranslatorError
from .normalize import CONFIGS

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
    from .pipeline import normalize_bytes

    for path in files:
        try:
            data, name = read_input(path)
            yield name, normalize_bytes(data, name=name, opencc=opencc_config)  # type: ignore[arg-type]
        except TranslatorError as e:
            error_line(e)
            yield path, None


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
    docs: list[Document] = []
    failed = 0
    for _, doc in each_document(files, opencc_config):
        if doc is None:
            failed += 1
        else:
            docs.append(doc)
    if docs:
        emit(docs, as_json, len(files) > 1, render_text)
    if failed:
        sys.exit(1)


def render_text(doc: Document) -> str:
    """A readable view of a document: metadata, blocks with segment ids, flags, what was removed."""
    m = doc.metadata
    out = [f"== {doc.input.get('name', '')} ({doc.input.get('encoding')}, {doc.input.get('format')}, {m.original_script or '?'} via {doc.input.get('opencc')})"]
    for key in ("title", "date", "source", "author", "editor", "url"):
        value = getattr(m, key)
        if value:
            out.append(f"{key}: {value}")
    out.append("")
    for block in doc.blocks:
        prefix = "## " if block.kind == "heading" else ""
        for seg in block.segments:
            out.append(f"{prefix}[{seg.id}] {seg.source}")
            if seg.target is not None:
                out.append(f"    → {seg.target}  ({seg.status})")
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
        from .cli_models import models
    except ImportError:  # pragma: no cover - during development only
        return
    main.add_command(models)


_register_optional()


if __name__ == "__main__":  # pragma: no cover
    main()
