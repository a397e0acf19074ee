"""What the commands share: options built from the settings declaration, input reading, output.

Errors: a command raises :class:`~translator.errors.TranslatorError`; the
group in :mod:`translator.cli.group` turns it into one line and exit status 1
(the one bridge).  Commands that take several files report a bad file with
:func:`error_line` and go on with the others (see :func:`read_inputs`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from ..document import Document, json_chunks
from ..errors import TranslatorError
from ..prepare.reader import input_limit, read_input
from ..project import Project
from ..settings import Settings, spec

F = TypeVar("F", bound=Callable[..., Any])


def error_line(err: TranslatorError | str) -> None:
    click.echo(f"translator: error: {err}", err=True)


def warning_line(message: str) -> None:
    click.echo(f"translator: warning: {message}", err=True)


# -- options from the settings declaration ------------------------------------------


def setting_option(name: str, *flags: str, **kwargs: Any) -> Callable[[F], F]:
    """A flag for setting ``name``; its help, type and choices come from the declaration.

    The flag's value is ``None`` unless given, so an unset flag never
    overrides the settings file or the environment.
    """
    s = spec(name)
    flags = flags or (f"--{name.replace('_', '-')}",)
    if s.type is bool:
        kwargs.setdefault("flag_value", not s.default)
        kwargs.setdefault("default", None)
        kwargs.setdefault("is_flag", True)
    elif s.choices:
        kwargs.setdefault("type", click.Choice(s.choices))
    elif s.type in (int, float):
        kwargs.setdefault("type", s.type)
    if kwargs.get("multiple"):
        # Repeated flags give a tuple; none given means "keep the settings' list", not "no files".
        kwargs.setdefault("callback", lambda _ctx, _param, value: tuple(value) or None)
    default_text = s.default if s.default not in ("", ()) else "none"
    kwargs.setdefault("help", f"{s.help} [setting {s.name}, default: {default_text}]")
    return click.option(*flags, name, default=kwargs.pop("default", None), **kwargs)


json_option = click.option("--json", "as_json", is_flag=True, help="Print the document(s) as JSON.")
# Plain strings, not click.Path: a missing or unreadable file is reported on its own and the others still run.
files_argument = click.argument("files", nargs=-1, required=True)
opencc_option = setting_option("opencc")
db_option = setting_option("db")


def project_from(ctx: click.Context, *, read_only: bool = False, **flags: Any) -> Project:
    """The project for this invocation: settings file and ``--set`` from the group, then the command's flags.

    ``read_only``: the command only reads the database (never creates or changes it).
    """
    root = ctx.find_root()
    obj = root.obj or {}
    settings = Settings.load(config=obj.get("config"), sets=obj.get("set"), overrides=flags)
    return Project(settings, read_only=read_only)


# -- input -----------------------------------------------------------------------------


def read_inputs(files: tuple[str, ...], settings: Settings) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of each readable file; each one that is not gets one line on stderr."""
    limit = input_limit(settings)
    for path in files:
        try:
            data, name = read_input(path, limit=limit)
        except TranslatorError as e:
            error_line(e)
            continue
        yield name, data


def prepare_all(project: Project, files: tuple[str, ...]) -> list[Document]:
    """Every file that can be read and prepared, as a document; the others reported one line each."""
    docs = []
    for name, data in read_inputs(files, project.settings):
        try:
            docs.append(project.prepare(data, name=name))
        except TranslatorError as e:
            error_line(e)
    return docs


# -- output -------------------------------------------------------------------------------


def emit(docs: list[Document], *, as_json: bool, many: bool, render: Callable[[Document], str]) -> None:
    """Print ``docs``: JSON (a list when several files were given) or text, one document at a time.

    The JSON is written in pieces as it is made (:func:`~translator.document.json_chunks`),
    never held whole in memory, and is byte-identical to ``json.dumps(..., indent=2)``.
    """
    if not as_json:
        for d in docs:
            click.echo(render(d))
        return
    out = sys.stdout
    for chunk in json_chunks(docs, many):
        out.write(chunk)
    out.write("\n")


def write_output(out_file: str, data: bytes) -> None:
    """Write an export to ``out_file`` (``-`` is standard output)."""
    if out_file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        with open(out_file, "wb") as fh:
            fh.write(data)
    except OSError as e:
        raise TranslatorError(f"cannot write ({e.strerror}); check the path", path=out_file) from None
