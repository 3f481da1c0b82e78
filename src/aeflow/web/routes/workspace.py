"""A project's overview, its client view, the guided stage flow, and the intake box."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.domain import Stage
from aeflow.domain.validation import parse_project
from aeflow.i18n import _
from aeflow.services import projects, workspace
from aeflow.services.accounts import Role
from aeflow.web import views
from aeflow.web.deps import Access, Number, get_db, needs, project_access
from aeflow.web.pages import author, derived, load, project_page, today_for
from aeflow.web.routes.data import kpi_statuses
from aeflow.web.templating import render

router = APIRouter(prefix="/p/{project_id}", include_in_schema=False, dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]


@router.get("")
@needs(Role.client)
def overview(request: Request, access: Acc) -> Response:
    if not access.internal:
        return RedirectResponse(f"/p/{access.project_id}/client", status_code=303)
    project, version = load(request, access)
    today = today_for(request, project)
    facts = derived(request, project, version, "overview", lambda: {
        "pacing": views.pacing(project, today), "milestone": views.next_milestone(project, today),
        "progress": views.progress(project), "workload": views.workload(project)})
    health = views.kpi_health(kpi_statuses(request, project, version))
    return project_page(request, access, "project/overview.html", project, version, tab="overview",
                        health=health, **facts)


@router.get("/client")
@needs(Role.client)
def client(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    today = today_for(request, project)
    view = views.client_view(project, today, kpi_statuses(request, project, version))
    return render(request, "client.html", view=view, shared=False,
                  back=f"/p/{project.id}" if access.internal else None)


@router.post("/advance")
def advance(request: Request, access: Acc, version: Annotated[Number, Form()],
            to: Annotated[str, Form()] = "") -> Response:
    """Move the project to the next stage (or to ``to``)."""
    project, _current = load(request, access)
    order = list(Stage)
    target = Stage(to) if to in Stage.__members__ else order[min(order.index(project.stage) + 1, len(order) - 1)]
    data = project.model_dump(mode="json")
    data["stage"] = target.value
    projects.save(get_db(request), parse_project(data), expected_version=version, author=author(access.user),
                  reason=_("moved to stage {n}: {stage}", n=target.number, stage=_(target.label)))
    return RedirectResponse(f"/p/{project.id}/stages/{target.value}", status_code=303)


@router.post("/level")
def set_level(request: Request, access: Acc, version: Annotated[Number, Form()], level: Annotated[int, Form()]) -> Response:
    """Change the project's depth: level 1 (execution) or level 3 (strategy)."""
    project, _current = load(request, access)
    data = project.model_dump(mode="json")
    data["level"] = 3 if level == 3 else 1
    projects.save(get_db(request), parse_project(data), expected_version=version, author=author(access.user),
                  reason=_("level changed to L{level}", level=data["level"]))
    return RedirectResponse(request.headers.get("referer") or f"/p/{project.id}", status_code=303)


@router.get("/intake")
def intake_page(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/intake.html", project, version, tab="stages",
                        engine=workspace.intake_available(), questions=None, notes="")


@router.post("/intake")
def intake(request: Request, access: Acc, notes: Annotated[str, Form()] = "") -> Response:
    questions = workspace.apply_notes(get_db(request), access.project_id, notes, author=author(access.user)) \
        if notes.strip() else []
    project, version = load(request, access)
    return project_page(request, access, "project/intake.html", project, version, tab="stages",
                        engine=workspace.intake_available(), questions=questions, notes=notes)
