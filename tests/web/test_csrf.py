"""Every state-changing request needs the page's CSRF token."""

from __future__ import annotations

import pytest

from aeflow.services import accounts, projects

from .conftest import PASSWORD, A, Env, csrf_of

POSTS = [
    ("/login", {"username": "lead", "password": PASSWORD}),
    ("/logout", {}),
    ("/lang", {"lang": "en"}),
    ("/projects", {"name": "x", "client": "y"}),
    (f"/p/{A}/stages/intake", {"version": "1", "brief.background": "changed"}),
    (f"/p/{A}/advance", {"version": "1"}),
    (f"/p/{A}/decisions", {"version": "1", "what": "x"}),
    (f"/p/{A}/share/links", {"days": "3"}),
    (f"/p/{A}/history/1/restore", {"version": "1"}),
]


@pytest.mark.parametrize(("path", "data"), POSTS, ids=[p for p, _d in POSTS])
def test_posts_without_the_token_are_refused(env: Env, path: str, data: dict[str, str]) -> None:
    c = env.client("lead")
    before = projects.load(env.db, A)[1]
    r = c.post(path, data=data, follow_redirects=False)
    assert r.status_code == 403, (path, r.status_code)
    r = c.post(path, data={**data, "csrf_token": "not-the-token"}, follow_redirects=False)
    assert r.status_code == 403
    assert projects.load(env.db, A)[1] == before


def test_a_token_from_another_browser_is_refused(env: Env) -> None:
    mallory = env.client("member")
    foreign = csrf_of(mallory, "/")
    victim = env.client("lead")
    r = victim.post(f"/p/{A}/share/links", data={"days": "3", "csrf_token": foreign}, follow_redirects=False)
    assert r.status_code == 403
    assert accounts.share_links(env.db, A) == []


def test_the_header_works_for_htmx_and_the_form_field_for_forms(env: Env) -> None:
    c = env.client("lead")
    token = csrf_of(c, "/")
    r = c.post(f"/p/{A}/share/links", data={"days": "3"}, headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert r.status_code == 303
    r = c.post(f"/p/{A}/share/links", data={"days": "4", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert len(accounts.share_links(env.db, A)) == 2


def test_json_api_with_a_session_cookie_needs_the_header(env: Env) -> None:
    c = env.client("lead")
    project, version = projects.load(env.db, A)
    body = {"expected_version": version, "project": project.model_dump(mode="json") | {"name": "renamed"}}
    assert c.put(f"/api/v1/projects/{A}", json=body).status_code == 403
    token = csrf_of(c, "/")
    assert c.put(f"/api/v1/projects/{A}", json=body, headers={"X-CSRF-Token": token}).status_code == 200
    assert projects.load(env.db, A)[0].name == "renamed"
