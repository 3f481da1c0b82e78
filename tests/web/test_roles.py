"""Roles per project: lead, member, viewer and client — each sees and does what it may."""

from __future__ import annotations

from aeflow.services import accounts, projects

from .conftest import A, Env, csrf_of


def _save_intake(env: Env, user: str, text: str) -> int:
    c = env.client(user)
    token = csrf_of(c, "/")
    version = projects.load(env.db, A)[1]
    r = c.post(f"/p/{A}/stages/intake", data={"csrf_token": token, "version": str(version),
                                              "brief.background": text}, follow_redirects=False)
    return r.status_code


def test_members_edit_viewers_only_read(env: Env) -> None:
    assert _save_intake(env, "member", "written by a member") == 200
    assert projects.load(env.db, A)[0].brief.background == "written by a member"
    viewer = env.client("viewer")
    page = viewer.get(f"/p/{A}/stages/intake")
    assert page.status_code == 200 and 'type="submit"' not in page.text and "readonly" in page.text
    assert _save_intake(env, "viewer", "written by a viewer") == 403
    assert projects.load(env.db, A)[0].brief.background == "written by a member"


def test_every_change_names_its_user(env: Env) -> None:
    _save_intake(env, "member", "who wrote this?")
    last = projects.history(env.db, A)[-1]
    assert last.author == "member"
    assert any(c.path == "brief.background" and c.new == "who wrote this?" for c in last.changes)


def test_the_client_role_sees_only_the_client_view(env: Env) -> None:
    c = env.client("client")
    r = c.get(f"/p/{A}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/p/{A}/client"
    assert c.get(f"/p/{A}/client").status_code == 200
    for page in ("plan", "budget", "risks", "history", "stages/intake", "documents", "share", "decisions"):
        assert c.get(f"/p/{A}/{page}").status_code == 403, page
    assert c.get(f"/api/v1/projects/{A}").status_code == 403
    assert c.get(f"/api/v1/projects/{A}/client-view").status_code == 200


def test_only_the_lead_shares_and_restores(env: Env) -> None:
    member = env.client("member")
    token = csrf_of(member, "/")
    assert member.post(f"/p/{A}/share/links", data={"csrf_token": token, "days": "7"}).status_code == 403
    version = projects.load(env.db, A)[1]
    assert member.post(f"/p/{A}/history/1/restore", data={"csrf_token": token, "version": str(version)}
                       ).status_code == 403
    assert member.post(f"/p/{A}/share/members", data={"csrf_token": token, "username": "other",
                                                      "role": "lead"}).status_code == 403
    lead = env.client("lead")
    token = csrf_of(lead, "/")
    assert lead.post(f"/p/{A}/share/links", data={"csrf_token": token, "days": "7"},
                     follow_redirects=False).status_code == 303
    assert len(accounts.share_links(env.db, A)) == 1


def test_a_lead_adds_a_member_who_can_then_open_the_project(env: Env) -> None:
    other = env.client("other")
    assert other.get(f"/p/{A}").status_code == 404
    lead = env.client("lead")
    token = csrf_of(lead, "/")
    lead.post(f"/p/{A}/share/members", data={"csrf_token": token, "username": "other", "role": "viewer"})
    assert other.get(f"/p/{A}").status_code == 200
    assert accounts.role_of(env.db, accounts.get_user(env.db, "other"), A) == accounts.Role.viewer


def test_admin_sees_every_project(env: Env) -> None:
    page = env.client("admin").get("/").text
    a, _v = projects.load(env.db, A)
    from .conftest import B

    b, _v = projects.load(env.db, B)
    assert a.name in page and b.name in page


def test_a_client_account_cannot_create_projects(env: Env) -> None:
    c = env.client("client")
    assert 'href="/projects/new"' not in c.get("/").text
    token = csrf_of(c, "/")
    before = len(projects.list_projects(env.db))
    r = c.post("/projects", data={"csrf_token": token, "name": "x", "client": "y"})
    assert r.status_code == 403
    assert len(projects.list_projects(env.db)) == before
    assert 'href="/projects/new"' in env.client("member").get("/").text
