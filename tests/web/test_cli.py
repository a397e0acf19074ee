"""translator users (password at a TTY or from stdin, hashed) and translator serve (waitress, a real process)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def test_users_add_list_passwd_role(cli, tmp_path):
    db = str(tmp_path / "p.sqlite")
    r = cli("users", "add", "mei", "--role", "reviewer", "--db", db, input=b"a-long-password\n")
    assert r.returncode == 0 and r.stdout == b"added mei (reviewer)\n", r.stderr
    stored = sqlite3.connect(db).execute("SELECT password_hash, role FROM users WHERE name = 'mei'").fetchone()
    assert stored[1] == "reviewer" and "a-long-password" not in stored[0] and stored[0].startswith(("scrypt:", "pbkdf2:"))
    r = cli("users", "list", "--db", db)
    assert r.stdout.decode().startswith("mei\treviewer\tactive")
    assert cli("users", "passwd", "mei", "--db", db, input=b"another-password\n").returncode == 0
    assert cli("users", "role", "mei", "admin", "--db", db).stdout == b"mei is now admin\n"
    assert cli("users", "deactivate", "mei", "--db", db).returncode == 0
    from translator.store.database import Store
    from translator.store.users import Users

    users = Users(Store(db))
    assert users.authenticate("mei", "another-password") is None  # deactivated
    users.set_active("mei", True)
    assert users.authenticate("mei", "another-password").role == "admin"


def test_users_errors_are_one_line(cli, tmp_path):
    db = str(tmp_path / "p.sqlite")
    for args, stdin, message in [
        (("users", "add", "mei"), b"short\n", "the password is too short: at least 8 characters"),
        (("users", "add", "mei"), b"", "no password on standard input"),
        (("users", "add", "bad name"), b"a-long-password\n", "'bad name' is not a usable user name"),
        (("users", "passwd", "nobody"), b"a-long-password\n", "no user 'nobody'"),
    ]:
        r = cli(*args, "--db", db, input=stdin)
        assert r.returncode == 1 and r.stderr.decode().startswith("translator: error: ") and message in r.stderr.decode(), r.stderr
        assert r.stderr.count(b"\n") == 1
    cli("users", "add", "mei", "--db", db, input=b"a-long-password\n")
    r = cli("users", "add", "mei", "--db", db, input=b"a-long-password\n")
    assert r.returncode == 1 and b"already exists" in r.stderr
    r = cli("users", "add", "ana", "--role", "boss", "--db", db, input=b"a-long-password\n")
    assert r.returncode == 2 and b"'boss' is not one of" in r.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_waitress_on_loopback(tmp_path):
    port = _free_port()
    exe = Path(sys.executable).with_name("translator")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ARGOS_PACKAGES_DIR": "", "TRANSLATOR_ENGINE": "gloss",
           "TRANSLATOR_SECRET_KEY_FILE": str(tmp_path / "secret.key"), "PYTHONPATH": ":".join(sys.path)}
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--db", str(tmp_path / "p.sqlite")],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as r:
                    assert r.status == 200 and r.headers["Server"] == "translator"
                    break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not answer in 30 s"
                time.sleep(0.1)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/me", timeout=2)
        except urllib.error.HTTPError as e:
            assert e.code == 401
            e.close()
        assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=10)
    assert f"review app on http://127.0.0.1:{port}/".encode() in err and b"no users yet" in err
