"""Accounts, sessions and the login rate limit."""

from __future__ import annotations

import pytest

from aeflow.errors import Conflict, Invalid
from aeflow.services import accounts
from aeflow.services.accounts import LoginFailed

from .conftest import PASSWORD, A, Env, csrf_of, login


def test_passwords_are_stored_as_argon2_hashes(env: Env) -> None:
    from sqlalchemy import select

    from aeflow.storage.accounts import UserRow

    with env.db.session(write=False) as s:
        stored = s.scalar(select(UserRow.password_hash).where(UserRow.username == "lead"))
    assert stored and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate(env.db, "lead", PASSWORD).username == "lead"
    with pytest.raises(LoginFailed):
        accounts.authenticate(env.db, "lead", PASSWORD + "x")
    with pytest.raises(LoginFailed):
        accounts.authenticate(env.db, "nobody", PASSWORD)


def test_first_user_is_admin_and_names_are_unique(env: Env) -> None:
    assert accounts.get_user(env.db, "admin").is_admin
    assert not accounts.get_user(env.db, "lead").is_admin
    with pytest.raises(Conflict):
        accounts.add_user(env.db, "lead", PASSWORD)
    with pytest.raises(Invalid):
        accounts.add_user(env.db, "shorty", "123")


def test_login_sets_a_signed_httponly_samesite_cookie(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("aeflow_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert c.get("/").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    r = c.post("/login", data={"username": "lead", "password": "nope-nope", "csrf_token": token})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text
    assert c.get("/", follow_redirects=False).status_code == 303


def test_pages_need_a_login(env: Env) -> None:
    c = env.client()
    r = c.get(f"/p/{A}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/p/")
    r = c.get("/api/v1/projects")
    assert r.status_code == 401 and r.json()["error"]["status"] == 401


def test_a_forged_session_cookie_is_ignored(env: Env) -> None:
    c = env.client()
    c.cookies.set("aeflow_session", "bm90LXNpZ25lZA.forged")
    assert c.get("/", follow_redirects=False).status_code == 303


def test_logout_ends_the_session_on_the_server(env: Env) -> None:
    c = env.client("lead")
    stolen = c.cookies.get("aeflow_session")
    token = csrf_of(c, "/")
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    replay = env.client()
    replay.cookies.set("aeflow_session", stolen)
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_login_is_rate_limited(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    codes = [c.post("/login", data={"username": "member", "password": f"wrong-{i}", "csrf_token": token}).status_code
             for i in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    # even the right password waits until the window has passed
    r = c.post("/login", data={"username": "member", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_api_token_authenticates_scripts(env: Env) -> None:
    token = accounts.create_api_token(env.db, accounts.get_user(env.db, "lead"), "ci")
    c = env.client()
    r = c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json()["username"] == "lead"
    assert c.get("/api/v1/me", headers={"Authorization": "Bearer aef_wrong"}).status_code == 401


def test_language_switch_is_per_user(env: Env) -> None:
    c = env.client("lead")
    assert "项目总览" in c.get("/").text
    token = csrf_of(c, "/")
    c.post("/lang", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "Portfolio" in c.get("/").text
    assert accounts.get_user(env.db, "lead").language == "en"
    fresh = env.client()
    login(fresh, "lead")  # the next login brings the user's language back
    assert "Portfolio" in fresh.get("/").text
