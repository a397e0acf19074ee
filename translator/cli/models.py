"""``translator models``: list and install Argos Translate model packages."""

from __future__ import annotations

from pathlib import Path

import click

from ..engines import argos_install
from ..engines import argos_packages as model_store
from .common import project_from


def _packages_dir(ctx: click.Context) -> Path | None:
    folder = project_from(ctx).settings.packages_dir
    return Path(folder) if folder else None


@click.group("models")
def models() -> None:
    """List and install the offline translation models (Argos Translate packages).

    Packages live in the packages_dir setting ($ARGOS_PACKAGES_DIR), or Argos
    Translate's default folder (~/.local/share/argos-translate/packages).
    """


@models.command("list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """Show the installed packages: code, name, version, path."""
    directory = _packages_dir(ctx) or model_store.packages_dir()
    installed = model_store.list_installed(directory)
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
@click.pass_context
def install_command(ctx: click.Context, file: Path | None) -> None:
    """Install the zh→en model package, from a file or from the Argos index."""
    directory = _packages_dir(ctx)
    if file is not None:
        pkg = argos_install.install_from_file(file, directory)
    else:
        pkg = argos_install.install_from_index(directory)
    click.echo(f"installed {pkg.code} {pkg.version} ({pkg.name}) in {pkg.path}")
