"""Accounts: the login form, logging out, roles, and the users page (admins).

Sessions are Flask-Login's, in a signed cookie.  A session names the user's
id and ``session_version``; changing the password, role or active flag
changes that version, so every open session of the account ends.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from translator.store.users import MAX_PASSWORD, User, UserError, Users
from translator.vocabulary import ROLES

from .errors import AppError, error_response, wants_json

bp = Blueprint("auth", __name__, template_folder="templates")
F = TypeVar("F", bound=Callable[..., Any])


class Account(UserMixin):
    """The logged-in user as Flask-Login sees it."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_version}"

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def role(self) -> str:
        return self.user.role

    def can(self, role: str) -> bool:
        return self.user.can(role)


def users() -> Users:
    return current_app.extensions["translator.project"].users


def load_user(session_id: str) -> Account | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = users().by_id(int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return Account(user)


def unauthorized() -> Any:
    if wants_json():
        return error_response(401, "unauthorized", "log in first: this needs a session")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def role_of(user: Any) -> str:
    return user.role if getattr(user, "is_authenticated", False) else ""


def can(role: str) -> bool:
    """True when the logged-in user has ``role`` or a higher one (templates show or hide controls by it)."""
    return bool(current_user.is_authenticated and me().can(role))


def me() -> Account:
    return current_user


def requires(role: str) -> Callable[[F], F]:
    """The view needs ``role`` or a higher one (403 otherwise)."""

    def wrap(view: F) -> F:
        @functools.wraps(view)
        def inner(*args: Any, **kwargs: Any) -> Any:
            check_role(role)
            return view(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap


def check_role(role: str) -> None:
    if not current_user.is_authenticated or not me().can(role):
        raise AppError(403, "forbidden", f"this needs the {role} role (you are {role_of(current_user) or 'not logged in'})")


class LoginForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])


class AddUserForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    role = SelectField("Role", choices=list(ROLES), default="translator")


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host, never ``//host``)."""
    if not target:
        return url_for("documents.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("documents.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        user = users().authenticate(form.username.data or "", form.password.data or "")
        if user is not None:
            session.clear()  # a fresh session: nothing from before the login carries over
            login_user(Account(user))
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        error, status = "Unknown user name or wrong password.", 401
    elif request.method == "POST":
        error, status = "Give a user name and a password.", 400
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    # The session is signed, not stored: a copy of the cookie would outlive a plain logout. Moving the
    # account's session version on ends it (and the account's other sessions) for good.
    if current_user.is_authenticated:
        users().end_sessions(me().name)
    logout_user()
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.route("/users", methods=["GET", "POST"])
@requires("admin")
def user_list() -> Any:
    form = AddUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            users().add(form.username.data or "", form.password.data or "", role=form.role.data or "translator")
        except UserError as e:
            flash(str(e), "error")
            status = 400
        else:
            flash(f"User {form.username.data} added as {form.role.data}.")
            return redirect(url_for("auth.user_list"))
    elif request.method == "POST":
        flash("Give a user name, a password and a role.", "error")
        status = 400
    return render_template("auth/users.html", users=users().list(), form=form, roles=ROLES), status


@bp.route("/users/<name>", methods=["POST"])
@requires("admin")
def user_change(name: str) -> Any:
    action = request.form.get("action", "")
    target = users().get(name)
    if action == "role":
        users().set_role(name, request.form.get("role", ""), by=me().name)
        flash(f"{name} is now {request.form.get('role')}.")
    elif action == "password":
        users().set_password(name, request.form.get("password", ""))
        flash(f"Password of {name} changed; their open sessions have ended.")
    elif action in ("deactivate", "activate"):
        users().set_active(name, action == "activate", by=me().name)
        flash(f"{name} {'activated' if action == 'activate' else 'deactivated'}.")
    else:
        raise AppError(400, "invalid", f"unknown action '{action}'; use role, password, activate or deactivate")
    if target.name == me().name:  # own password or role changed: the session version moved on
        login_user(Account(users().get(name)))
    return redirect(url_for("auth.user_list"))


__all__ = ["Account", "bp", "check_role", "load_user", "me", "requires", "role_of", "unauthorized", "can"]
