"""``translator models``: list and install Argos Translate model packages.

Registered on the main CLI with ``main.add_command(models)``; also runnable
on its own as ``python -m translator.cli.models``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, TypeVar

import click

from translator.engines import argos_packages as model_store
from translator.errors import TranslatorError

T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    """Run ``action``; a library error becomes one ``translator: error:`` line and exit status 1."""
    try:
        return action()
    except TranslatorError as exc:
        click.echo(f"translator: error: {exc}", err=True)
        sys.exit(1)


@click.group("models")
def models() -> None:
    """List and install the offline translation models (Argos Translate packages).

    Packages live in $ARGOS_PACKAGES_DIR, or Argos Translate's default
    folder (~/.local/share/argos-translate/packages) when it is not set.
    """


@models.command("list")
def list_command() -> None:
    """Show the installed packages: code, name, version, path."""
    directory = _run(model_store.packages_dir)
    installed = _run(lambda: model_store.list_installed(directory))
    if not installed:
        click.echo(
            f"no packages installed in {directory}; "
            "install one with: translator models install --file PATH.argosmodel"
        )
        return
    rows = [(p.code, p.name, p.version, str(p.path)) for p in installed]
    widths = [max(len(r[i]) for r in rows + [("code", "name", "version", "path")]) for i in range(3)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(("code", "name", "version"), widths)) + "  path")
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[3])


@models.command("install")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Install this translate-zh_en-*.argosmodel file (offline).  "
    "Without it, the zh→en package is downloaded from the Argos package index.",
)
def install_command(file: Path | None) -> None:
    """Install the zh→en model package, from a file or from the Argos index."""
    if file is not None:
        pkg = _run(lambda: model_store.install_from_file(file))
    else:
        pkg = _run(model_store.install_from_index)
    click.echo(f"installed {pkg.code} {pkg.version} ({pkg.name}) in {pkg.path}")


if __name__ == "__main__":  # pragma: no cover - exercised by a subprocess test
    models(prog_name="translator models")
