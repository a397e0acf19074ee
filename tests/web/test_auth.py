"""Every route needs a session (but login and static files); CSRF on every write; roles; login limits; cookies."""

from __future__ import annotations

import pytest
from helpers.web import PASSWORD, USERS, login_client, make_app, make_project

WRITE = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app):  # type: ignore[no-untyped-def]
    """(method, path) for every route of the app, with sample values for its arguments."""
    samples = {"doc_id": "doc1", "segment_id": "doc1-1-0", "fmt": "html", "name": "tina", "filename": "css/app.css",
               "job_id": "article-0", "comment_id": "1", "replace_id": "1"}
    out = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for arg in rule.arguments:
            for form in (f"<{arg}>", f"<path:{arg}>", f"<int:{arg}>"):
                path = path.replace(form, samples[arg])
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, path))
    return out


def test_every_route_but_login_and_static_needs_a_session(app):
    client = app.test_client()
    checked = 0
    for endpoint, method, path in routes(app):
        r = client.open(path, method=method)
        r.close()  # a static file's response holds the file open
        if endpoint == "static":
            assert r.status_code == 200, path
        elif endpoint == "auth.login":
            assert r.status_code in (200, 400), (method, path)
        elif path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.get_json()["error"]["code"] == "unauthorized"
        else:
            assert r.status_code == 302 and "/login?next=" in r.headers["Location"], (method, path, r.status_code)
        checked += 1
    assert checked >= 30


def test_every_write_needs_the_csrf_token(csrf_app, doc_id):
    client = login_client(csrf_app, "adam")
    writes = [(e, m, p) for e, m, p in routes(csrf_app) if m in WRITE]
    assert len(writes) >= 15
    for _endpoint, method, path in writes:
        r = client.open(path.replace("doc1", doc_id), method=method, json={})
        assert r.status_code == 400, (method, path, r.status_code)
        if path.startswith("/api/"):
            assert r.get_json()["error"]["code"] == "csrf"
        else:
            assert b"CSRF" in r.data
    # A wrong token is refused too; the right one in the header passes.
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][0]
    r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": "x"}, headers={"X-CSRFToken": "forged"})
    assert r.status_code == 400
    token = client.get("/").get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "target": "x"}, headers={"X-CSRFToken": token})
    assert r.status_code == 200, r.get_json()


def test_login_form_needs_its_csrf_token(csrf_app):
    r = csrf_app.test_client().post("/login", data={"username": "tina", "password": PASSWORD})
    assert r.status_code == 400 and b"CSRF" in r.data


def test_login_wrong_password_unknown_user_and_success(client, auth):
    assert auth.login("tina", "wrong-password").status_code == 401
    assert auth.login("nobody", PASSWORD).status_code == 401
    r = auth.login("tina")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_login_never_redirects_off_site(client, target):
    from helpers.web import csrf_token

    token = csrf_token(client, "/login")
    r = client.post(f"/login?next={target}", data={"username": "tina", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_login_returns_to_the_page_asked_for(client, doc_id):
    r = client.get(f"/documents/{doc_id}/review")
    assert r.status_code == 302
    from helpers.web import csrf_token

    token = csrf_token(client, r.headers["Location"])
    r = client.post(r.headers["Location"], data={"username": "tina", "password": PASSWORD, "csrf_token": token})
    assert r.headers["Location"] == f"/documents/{doc_id}/review"


def test_logout_is_a_post(client, auth):
    auth.login()
    assert client.get("/logout").status_code == 405
    auth.logout()
    assert client.get("/").status_code == 302


def test_login_attempts_are_rate_limited(tmp_path):
    app = make_app(make_project(tmp_path, login_rate_limit="3 per minute"))
    client = app.test_client()
    for _ in range(3):
        assert client.post("/login", data={"username": "tina", "password": "bad"}).status_code == 401
    r = client.post("/login", data={"username": "tina", "password": PASSWORD})
    assert r.status_code == 429 and b"too many login attempts" in r.data
    assert client.get("/login").status_code == 200  # showing the form is not limited


def test_password_change_and_deactivation_end_sessions(app, project):
    from translator.store.users import Users

    client = login_client(app, "tina")
    assert client.get("/api/me").get_json() == {"name": "tina", "role": "translator"}
    Users(project.store).set_password("tina", "another-password")
    assert client.get("/api/me").status_code == 401
    client = login_client(app, "rita")
    Users(project.store).set_active("rita", False)
    assert client.get("/api/me").status_code == 401
    assert app.test_client().post("/login", data={"username": "rita", "password": PASSWORD}).status_code == 401


def test_session_cookie_is_httponly_and_samesite_lax(client, auth):
    r = auth.login()
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "translator_session=" in cookie


def test_pages_carry_a_strict_content_security_policy(client, auth):
    auth.login()
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("tina", {"me"}), ("rita", {"me", "approve", "delete"}), ("adam", {"me", "approve", "delete", "users", "glossary_edit"})],
)
def test_roles(app, doc_id, name, allowed):
    client = login_client(app, name)
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    checks = {
        "me": client.get("/api/me"),
        "approve": client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": "approved",
                                                                    "override": "roles test"}),  # (the QA gate)
        "delete": client.get(f"/documents/{doc_id}/delete"),
        "users": client.get("/users"),
        "glossary_edit": client.post("/glossary/edit", data={"old_source": "x", "source": "x", "target": "y"}),
    }
    for what, r in checks.items():
        if what in allowed:
            assert r.status_code in (200, 404), (name, what, r.status_code)  # 404: no such glossary entry, but allowed
        else:
            assert r.status_code == 403, (name, what, r.status_code)
            body = r.get_json() if r.is_json else None
            assert body is None or body["error"]["code"] == "forbidden"
    assert USERS[name]


def test_translators_can_mark_translated_but_not_approve_or_reject(app, doc_id):
    client = login_client(app, "tina")
    seg = client.get(f"/api/documents/{doc_id}/segments").get_json()["segments"][1]
    for status in ("approved", "rejected"):
        r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": status, "note": "n"})
        assert r.status_code == 403 and "reviewer" in r.get_json()["error"]["message"]
    r = client.patch(f"/api/segments/{seg['id']}", json={"version": seg["version"], "status": "translated",
                                                          "target": "Jiangxi's poverty alleviation has achieved remarkable results."})
    assert r.status_code == 200 and r.get_json()["segment"]["status"] == "translated"


def test_admin_manages_users(app):
    client = login_client(app, "adam")
    r = client.post("/users", data={"username": "nina", "password": "long-enough-1", "role": "reviewer"})
    assert r.status_code == 302
    from helpers.web import AuthActions

    nina = app.test_client()
    assert AuthActions(nina).login("nina", "long-enough-1").status_code == 302
    assert nina.get("/api/me").get_json()["role"] == "reviewer"
    assert client.post("/users", data={"username": "nina", "password": "long-enough-1", "role": "reviewer"}).status_code == 400
    assert client.post("/users", data={"username": "short", "password": "short", "role": "reviewer"}).status_code == 400
    assert client.post("/users/nina", data={"action": "role", "role": "translator"}).status_code == 302
    assert client.post("/users/nina", data={"action": "deactivate"}).status_code == 302
    assert app.test_client().post("/login", data={"username": "nina", "password": "long-enough-1"}).status_code == 401
    r = client.post("/users/adam", data={"action": "deactivate"})
    assert r.status_code == 400 and b"yourself" in r.data


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app):
    """The session is a signed cookie: logging out must end it on the server side too, not only in the browser."""
    client = login_client(app, "tina")
    assert client.get("/api/me").status_code == 200
    copy = app.test_client()
    copy.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")).value)
    assert copy.get("/api/me").get_json()["name"] == "tina"  # the copy works while the session is open
    from helpers.web import csrf_token

    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    assert copy.get("/api/me").status_code == 401
    assert login_client(app, "tina").get("/api/me").status_code == 200  # logging in again works


@pytest.mark.parametrize("data", [{"action": "deactivate"}, {"action": "deactivate", "role": "admin"},
                                  {"action": "role", "role": "reviewer"}])
def test_an_admin_cannot_deactivate_or_demote_themselves_whatever_the_form_adds(app, project, data):
    client = login_client(app, "adam")
    r = client.post("/users/adam", data=data)
    assert r.status_code == 400 and b"another admin" in r.data
    adam = project.users.get("adam")
    assert adam.active and adam.role == "admin"
    assert client.post("/users/adam", data={"action": "role", "role": "admin"}).status_code == 302  # a no-op change is fine
