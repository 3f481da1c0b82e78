"""A user of project A cannot read or change project B through any page or API route.

The routes are not listed by hand: every route of the app whose path names a project is tried with
every method it answers, as a user who has no role on that project.
"""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts

from aeflow.services import projects
from aeflow.web.deps import project_access

from .conftest import A, B, Env, csrf_of

SAMPLE = {"stage": "intake", "item_id": "W1", "number": "1", "name": "yaml", "job_id": "x", "link_id": "x",
          "user_id": "1", "version": "1"}


def project_routes(app) -> list[tuple[str, str, object]]:  # type: ignore[no-untyped-def]
    """Every (method, path, route) of the app whose path names a project, routers included."""
    out = []
    for route in iter_route_contexts(app.routes):
        if route.path and "{project_id}" in route.path:
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    out.append((method, route.path, route))
    return out


def fill(path: str, project_id: str) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1).split(":")[0]
        return project_id if name == "project_id" else SAMPLE.get(name, "x")

    return re.sub(r"\{([^}]+)\}", value, path)


def test_every_project_route_depends_on_the_access_check(env: Env) -> None:
    routes = project_routes(env.app)
    assert len(routes) >= 30
    for method, path, route in routes:
        calls = {d.call for d in route.dependant.dependencies}  # type: ignore[attr-defined]
        assert project_access in calls, (method, path)


def test_no_route_lets_a_user_of_a_reach_b(env: Env) -> None:
    c = env.client("lead")  # lead of A, nothing on B
    token = csrf_of(c, "/")
    before = projects.load(env.db, B)[1]
    b_name = projects.load(env.db, B)[0].name
    tried = 0
    for method, path, _route in project_routes(env.app):
        url = fill(path, B)
        r = c.request(method, url, data={"csrf_token": token, "version": "1"} if method != "GET" else None,
                      headers={"X-CSRF-Token": token}, follow_redirects=False)
        assert r.status_code in (403, 404, 422), (method, url, r.status_code)
        assert b_name not in r.text, (method, url)
        tried += 1
    assert tried >= 30
    assert projects.load(env.db, B)[1] == before


def test_the_same_routes_open_for_a_member_of_the_project(env: Env) -> None:
    c = env.client("lead")
    ok = 0
    for method, path, _route in project_routes(env.app):
        if method == "GET" and "{" not in fill(path, A) and not any(k in path for k in ("job", "{name}")):
            r = c.get(fill(path, A), follow_redirects=False)
            assert r.status_code in (200, 303), (path, r.status_code)
            ok += 1
    assert ok >= 12


def test_lists_show_only_the_users_projects(env: Env) -> None:
    c = env.client("lead")
    b_name = projects.load(env.db, B)[0].name
    a_name = projects.load(env.db, A)[0].name
    page = c.get("/").text
    assert a_name in page and b_name not in page
    listed = {p["id"] for p in c.get("/api/v1/projects").json()}
    assert listed == {A}
