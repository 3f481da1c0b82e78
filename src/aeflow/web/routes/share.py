"""Sharing: share links for the client (lead only) and project members; the public client view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.errors import NotFound
from aeflow.i18n import _
from aeflow.services import accounts, projects
from aeflow.services.accounts import Role
from aeflow.web import views
from aeflow.web.deps import ROLE_NAMES, Access, Number, get_db, needs, project_access
from aeflow.web.pages import load, project_page, today_for
from aeflow.web.routes.data import kpi_statuses
from aeflow.web.templating import render

router = APIRouter(include_in_schema=False)
project_router = APIRouter(prefix="/p/{project_id}/share", dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]


def share_url(request: Request, link_id: str) -> str:
    return str(request.base_url).rstrip("/") + "/s/" + request.app.state.signer.share(link_id)


@project_router.get("")
def sharing(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    db = get_db(request)
    links = accounts.share_links(db, project.id) if access.can_lead else []
    now = db.now()
    return project_page(request, access, "project/share.html", project, version, tab="share",
                        links=[(link, share_url(request, link.id), link.active(now)) for link in links],
                        members=accounts.members(db, project.id), roles=list(Role), role_names=ROLE_NAMES,
                        new_url=request.query_params.get("new"))


@project_router.post("/links")
@needs(Role.lead)
def create_link(request: Request, access: Acc, days: Annotated[int, Form(ge=1, le=365)] = 14,
                label: Annotated[str, Form()] = "") -> Response:
    link = accounts.create_share_link(get_db(request), access.project_id, by=access.user.username, days=days,
                                      label=label)
    return RedirectResponse(f"/p/{access.project_id}/share?new={link.id}", status_code=303)


@project_router.post("/links/{link_id}/revoke")
@needs(Role.lead)
def revoke_link(request: Request, access: Acc, link_id: str) -> Response:
    accounts.revoke_share_link(get_db(request), access.project_id, link_id)
    return RedirectResponse(f"/p/{access.project_id}/share", status_code=303)


@project_router.post("/members")
@needs(Role.lead)
def add_member(request: Request, access: Acc, username: Annotated[str, Form()],
               role: Annotated[str, Form()] = "member") -> Response:
    accounts.set_role(get_db(request), access.project_id, username.strip(), Role.parse(role))
    return RedirectResponse(f"/p/{access.project_id}/share", status_code=303)


@project_router.post("/members/{user_id}/remove")
@needs(Role.lead)
def remove_member(request: Request, access: Acc, user_id: Annotated[Number, Path()]) -> Response:
    accounts.remove_member(get_db(request), access.project_id, user_id)
    return RedirectResponse(f"/p/{access.project_id}/share", status_code=303)


@router.get("/s/{token}")
def shared_view(request: Request, token: str) -> Response:
    """A client's read-only view through a share link: no login, nothing internal."""
    link_id = request.app.state.signer.unsign_share(token)
    if link_id is None:
        raise NotFound(_("This link has expired or was revoked. Ask your account executive for a new one."))
    db = get_db(request)
    link = accounts.open_share_link(db, link_id)
    project, version = projects.load(db, link.project_id)
    kpis = kpi_statuses(request, project, version)
    return render(request, "client.html", view=views.client_view(project, today_for(request, project), kpis),
                  shared=True, back=None, headers={"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"})


router.include_router(project_router)
