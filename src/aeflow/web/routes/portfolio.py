"""The portfolio (every project the user may open) and creating a project."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.domain.common import CampaignType, Stage
from aeflow.errors import AeflowError, Invalid
from aeflow.services import accounts, projects, workspace
from aeflow.services.accounts import Role, User
from aeflow.web import views
from aeflow.web.deps import ROLE_NAMES, get_db, require_user
from aeflow.web.pages import today_for
from aeflow.web.routes.data import kpi_statuses
from aeflow.web.templating import render

router = APIRouter(include_in_schema=False)


def portfolio_rows(request: Request, user: User) -> list[dict[str, Any]]:
    db = get_db(request)
    roles = accounts.roles_of(db, user)
    today = today_for(request)
    rows = []
    for summary in projects.list_projects(db):
        role = roles.get(summary.id)
        if role is None:
            continue
        row: dict[str, Any] = {"s": summary, "role": role, "role_name": ROLE_NAMES[role]}
        if role >= Role.viewer:
            project, version = request.app.state.project_cache.get(db, summary.id)
            row.update(pacing=views.pacing(project, today),
                       health=views.kpi_health(kpi_statuses(request, project, version)),
                       signals=views.signals(project, today), milestone=views.next_milestone(project, today),
                       progress=views.progress(project), live=live_status(request, project, version))
        rows.append(row)
    return rows


def live_status(request: Request, project: Any, version: int) -> dict[str, Any] | None:
    """Budget pacing and fired triggers from the imported data, when there is any (the KPIs' health:
    :func:`aeflow.web.views.kpi_health`)."""
    from aeflow.web.routes.data import kpi_board

    try:
        board = kpi_board(request, project, version)
    except AeflowError:
        return None
    if board is None:
        return None
    total = next((b for b in board.budget if not b.channel), board.budget[0] if board.budget else None)
    return {"alerts": len(board.alerts), "budget": total}


def _matches(row: dict[str, Any], q: str, stage: str, ctype: str, level: str) -> bool:
    s = row["s"]
    if q and q.lower() not in f"{s.name} {s.client} {s.id}".lower():
        return False
    if stage and s.stage.value != stage:
        return False
    if ctype and s.campaign_type.value != ctype:
        return False
    return not (level and str(s.level) != level)


@router.get("/")
def portfolio(request: Request, user: Annotated[User, Depends(require_user)], q: str = "", stage: str = "",
              type: str = "", level: str = "") -> Response:
    rows = [r for r in portfolio_rows(request, user) if _matches(r, q.strip(), stage, type, level)]
    template = "partials/portfolio_rows.html" if request.headers.get("hx-request") == "true" else "portfolio.html"
    return render(request, template, rows=rows, q=q, stage=stage, ctype=type, level=level,
                  campaign_types=list(CampaignType), all_stages=list(Stage))


@router.get("/projects/new")
def new_project_page(request: Request, user: Annotated[User, Depends(require_user)]) -> Response:
    today = today_for(request)
    return render(request, "new_project.html", form={"kickoff": today.isoformat(),
                                                    "launch": (today + dt.timedelta(days=84)).isoformat(),
                                                    "level": "1", "campaign_type": "launch"},
                  problems={}, campaign_types=list(CampaignType))


@router.post("/projects")
def create_project(request: Request, user: Annotated[User, Depends(require_user)],
                   name: Annotated[str, Form()] = "", client: Annotated[str, Form()] = "",
                   campaign_type: Annotated[str, Form()] = "launch", level: Annotated[str, Form()] = "1",
                   kickoff: Annotated[str, Form()] = "", launch: Annotated[str, Form()] = "",
                   notes: Annotated[str, Form()] = "") -> Response:
    form = {"name": name, "client": client, "campaign_type": campaign_type, "level": level, "kickoff": kickoff,
            "launch": launch, "notes": notes}
    try:
        project, _v = workspace.create_project(
            get_db(request), user, name=name, client=client, campaign_type=campaign_type,
            level=3 if level == "3" else 1, kickoff=kickoff, launch=launch, today=today_for(request))
    except Invalid as exc:
        by_field = {str(p.path[0]): p for p in exc.problems if p.path}
        return render(request, "new_project.html", status_code=422, form=form, problems=by_field,
                      campaign_types=list(CampaignType))
    if notes.strip():
        questions = workspace.apply_notes(get_db(request), project.id, notes, author=user.username)
        return _intake_result(request, user, project.id, notes, questions)
    return RedirectResponse(f"/p/{project.id}/stages/intake", status_code=303)


def _intake_result(request: Request, user: User, project_id: str, notes: str, questions: list[str]) -> Response:
    """The new project's intake page: the draft is saved; here are the questions still open."""
    from aeflow.web.deps import Access
    from aeflow.web.pages import load, project_page

    access = Access(user=user, project_id=project_id, role=Role.lead)
    project, version = load(request, access)
    return project_page(request, access, "project/intake.html", project, version, tab="stages",
                        engine=workspace.intake_available(), questions=questions, notes=notes)
