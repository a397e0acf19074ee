"""The ``translator`` command group: settings options, lazily loaded commands, the one error bridge.

Each command lives in its own module and is imported only when it runs (or
when ``--help`` lists it).  A command whose module cannot be imported is
still listed, marked unavailable, and running it prints why: a broken
install never silently removes a command.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from .. import __version__
from ..errors import TranslatorError
from .common import error_line

# name -> "module:attribute", in the order --help lists them.
COMMANDS = {
    "normalize": "translator.cli.articles:normalize",
    "translate": "translator.cli.articles:translate",
    "batch": "translator.cli.batch:batch",
    "worker": "translator.cli.worker:worker",
    "documents": "translator.cli.documents:documents",
    "export": "translator.cli.documents:export",
    "publish": "translator.cli.publish:publish",
    "memory": "translator.cli.memory:memory",
    "glossary": "translator.cli.glossary:glossary",
    "terms": "translator.cli.terms:terms",
    "qa": "translator.cli.qa:qa",
    "models": "translator.cli.models:models",
    "engines": "translator.cli.engines:engines",
    "settings": "translator.cli.settings:settings",
    "serve": "translator.cli.serve:serve",
    "users": "translator.cli.users:users",
}


class TranslatorGroup(click.Group):
    """Loads commands on demand and turns a :class:`TranslatorError` into one line and exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            command = getattr(importlib.import_module(module), attr)
        except ImportError as e:
            return _unavailable(cmd_name, f"{e.__class__.__name__}: {e}")
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TranslatorError as e:
            error_line(e)
            ctx.exit(1)


def _unavailable(name: str, reason: str) -> click.Command:
    def run() -> None:
        raise TranslatorError(f"the '{name}' command is unavailable ({reason}); reinstall zh-news-translator")

    return click.Command(name, callback=run, help=f"Unavailable: {reason}", short_help=f"(unavailable: {reason})")


def _parse_set(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE (see 'translator settings' for the names)")
        out[name.strip().replace("-", "_")] = value
    return out


@click.group(cls=TranslatorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="translator")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML) [default: $TRANSLATOR_CONFIG, else ./translator.toml if present].")
@click.option("--set", "set_", multiple=True, callback=_parse_set, metavar="NAME=VALUE",
              help="Set any setting (repeatable); see 'translator settings'. A command's own flags win.")
@click.pass_context
def main(ctx: click.Context, config: str | None, set_: dict[str, str]) -> None:
    """Chinese news articles to reviewed, publishable English."""
    ctx.obj = {"config": config, "set": set_}
    _warnings_to_stderr()


class _WarningLine(logging.Handler):
    """The library's warnings (``translator.*`` loggers) as ``translator: warning: ...`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"translator: warning: {record.getMessage()}\n")  # the stream of the moment


def _warnings_to_stderr() -> None:
    log = logging.getLogger("translator")
    if not any(isinstance(h, _WarningLine) for h in log.handlers):
        handler = _WarningLine(logging.WARNING)
        log.addHandler(handler)
        log.propagate = False
