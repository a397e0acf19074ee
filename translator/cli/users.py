"""``translator users``: the review app's accounts (add, list, password, role, deactivate, activate)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import TranslatorError
from ..vocabulary import ROLES
from .common import db_option, project_from


def _users(ctx: click.Context, db: str | None) -> Any:
    return project_from(ctx, db=db).users


def read_password(confirm: bool = True) -> str:
    """At a terminal: asked twice, hidden.  Otherwise: the first line of standard input."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise TranslatorError("no password on standard input; pipe it in (one line), or run at a terminal to be asked")
    return password


@click.group("users")
def users() -> None:
    """Accounts of the review app: translators, reviewers, admins."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default=ROLES[0], show_default=True)
@db_option
@click.pass_context
def add(ctx: click.Context, name: str, role: str, db: str | None) -> None:
    """Add user NAME; the password is asked at a terminal, else read from standard input."""
    from ..store.users import check_name

    check_name(name)
    store = _users(ctx, db)
    user = store.add(name, read_password(), role=role)
    click.echo(f"added {user.name} ({user.role})")


@users.command("list")
@db_option
@click.pass_context
def list_(ctx: click.Context, db: str | None) -> None:
    """Each user: name, role, active, since."""
    rows = _users(ctx, db).list()
    if not rows:
        click.echo("no users yet; add one with 'translator users add NAME --role admin'")
    for u in rows:
        click.echo(f"{u.name}\t{u.role}\t{'active' if u.active else 'inactive'}\tsince {u.created_at[:10]}")


@users.command("passwd")
@click.argument("name")
@db_option
@click.pass_context
def passwd(ctx: click.Context, name: str, db: str | None) -> None:
    """Set NAME's password (asked, or read from standard input); their open sessions end."""
    store = _users(ctx, db)
    store.get(name)
    store.set_password(name, read_password())
    click.echo(f"password of {name} changed")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@db_option
@click.pass_context
def role(ctx: click.Context, name: str, role: str, db: str | None) -> None:
    """Give NAME another ROLE."""
    _users(ctx, db).set_role(name, role)
    click.echo(f"{name} is now {role}")


@users.command("deactivate")
@click.argument("name")
@db_option
@click.pass_context
def deactivate(ctx: click.Context, name: str, db: str | None) -> None:
    """Stop NAME from logging in (their open sessions end); their work stays."""
    _users(ctx, db).set_active(name, False)
    click.echo(f"{name} deactivated")


@users.command("activate")
@click.argument("name")
@db_option
@click.pass_context
def activate(ctx: click.Context, name: str, db: str | None) -> None:
    """Let NAME log in again."""
    _users(ctx, db).set_active(name, True)
    click.echo(f"{name} activated")
