"""The review app's accounts: names, hashed passwords and roles, in the project database.

Passwords are hashed with werkzeug (scrypt, salted); the plain text is never
stored.  Each account has a ``session_version`` that changes whenever its
password, role or active flag does: the web app puts it in the session,
so such a change signs every open session of that account out.

Roles: ``translator`` (edits, marks segments translated), ``reviewer``
(also approves or rejects), ``admin`` (also manages users and glossaries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from ..errors import StoreError
from ..vocabulary import ROLE_RANK, ROLES
from .database import Store, now

#: werkzeug's hashing method for new passwords (scrypt, salted); any stored method still verifies.
HASH_METHOD = "scrypt"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


class UserError(StoreError):
    """A user name, role or password was refused, or the user does not exist."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    active: bool
    session_version: int
    created_at: str
    updated_at: str

    def can(self, role: str) -> bool:
        """True when this user's role includes ``role`` (an admin can do what a reviewer can)."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise UserError(
            f"'{name}' is not a usable user name: 1-64 characters, letters, digits and . _ @ -, starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


class Users:
    """The accounts of one project database."""

    def __init__(self, store: Store) -> None:
        store.require_revision("users")
        self.store = store

    def add(self, name: str, password: str, *, role: str = "translator") -> User:
        from werkzeug.security import generate_password_hash

        check_name(name), check_role(role), check_password(password)
        users = self.store.users
        stamp = now()
        with self.store.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
                raise UserError(f"user '{name}' already exists; change its password or role instead")
            conn.execute(users.insert().values(
                name=name, password_hash=generate_password_hash(password, method=HASH_METHOD), role=role, active=True,
                session_version=1, created_at=stamp, updated_at=stamp,
            ))
        return self.get(name)

    def get(self, name: str) -> User:
        user = self.find(name)
        if user is None:
            raise UserError(f"no user '{name}'; 'translator users list' shows them")
        return user

    def find(self, name: str) -> User | None:
        users = self.store.users
        with self.store.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).first()
        return _user(row) if row is not None else None

    def by_id(self, user_id: int) -> User | None:
        users = self.store.users
        with self.store.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row is not None else None

    def list(self) -> list[User]:
        users = self.store.users
        with self.store.connect() as conn:
            return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.name))]

    def authenticate(self, name: str, password: str) -> User | None:
        """The active user with this name and password, else None (same work either way, against timing probes)."""
        from werkzeug.security import check_password_hash

        users = self.store.users
        with self.store.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).first()
        stored = row.password_hash if row is not None else _dummy_hash()
        ok = check_password_hash(stored, password[:MAX_PASSWORD])
        if row is None or not ok or not row.active:
            return None
        return _user(row)

    def set_password(self, name: str, password: str) -> User:
        from werkzeug.security import generate_password_hash

        check_password(password)
        return self._change(name, password_hash=generate_password_hash(password, method=HASH_METHOD))

    def set_role(self, name: str, role: str, *, by: str | None = None) -> User:
        """``by``: who asks; an admin cannot take their own admin rights away (another admin must)."""
        role = check_role(role)
        if by == name and role != "admin" and self.get(name).role == "admin":
            raise UserError("you cannot take away your own admin rights; ask another admin")
        return self._change(name, role=role)

    def set_active(self, name: str, active: bool, *, by: str | None = None) -> User:
        """``by``: who asks; nobody deactivates their own account (another admin must)."""
        if by == name and not active:
            raise UserError("you cannot deactivate yourself; ask another admin")
        return self._change(name, active=active)

    def end_sessions(self, name: str) -> User:
        """End every open session of the account (logging out): a session made before now is refused from now on."""
        return self._change(name)

    def _change(self, name: str, **values: object) -> User:
        users = self.store.users
        with self.store.begin() as conn:
            row = conn.execute(sa.select(users.c.id, users.c.session_version).where(users.c.name == name)).first()
            if row is None:
                raise UserError(f"no user '{name}'; 'translator users list' shows them")
            conn.execute(users.update().where(users.c.id == row.id).values(
                session_version=row.session_version + 1, updated_at=now(), **values,
            ))
        return self.get(name)

    def count_admins(self) -> int:
        return sum(1 for u in self.list() if u.role == "admin" and u.active)


_dummy: list[str] = []


def _dummy_hash() -> str:
    if not _dummy:
        from werkzeug.security import generate_password_hash

        _dummy.append(generate_password_hash("not a password of anyone"))
    return _dummy[0]


def _user(row: object) -> User:
    r = row  # a SQLAlchemy Row
    return User(r.id, r.name, r.role, bool(r.active), r.session_version, r.created_at, r.updated_at)  # type: ignore[attr-defined]
