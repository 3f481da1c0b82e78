"""The review page: level-3 readiness with its coaching tips, the pitfall checker's findings and the
需求 → 执行 → 效果 trace matrix — the same engines as ``aeflow readiness``, ``lint`` and ``trace``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from aeflow.engines.review.trace import describe_link
from aeflow.services import review
from aeflow.web.deps import Access, project_access
from aeflow.web.pages import load, project_page, today_for
from aeflow.web.routes.data import kpi_statuses

router = APIRouter(prefix="/p/{project_id}", include_in_schema=False, dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]

#: where in the workspace each template section is edited
SECTION_PAGES = (("insight", "/stages/insight"), ("brief", "/stages/intake"), ("proposal", "/stages/proposal"),
                 ("budget", "/budget"), ("risks", "/risks"), ("cadence", "/cadence"),
                 ("retrospective", "/stages/retrospective"), ("work_items", "/plan"), ("decisions", "/decisions"),
                 ("commitments", "/decisions"), ("team", "/stages/collaboration"))


def page_for(path: str) -> str:
    head = path.split(".")[0].split("[")[0]
    return next((page for key, page in SECTION_PAGES if key == head), "")


@router.get("/review")
def review_page(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    today = today_for(request, project)
    return project_page(
        request, access, "project/review.html", project, version, tab="review",
        readiness=review.project_readiness(project),
        findings=review.lint_project(project, today=today, settings=request.app.state.settings),
        trace=review.project_trace(project, today=today, kpis=kpi_statuses(request, project, version)),
        page_for=page_for, describe_link=describe_link,
    )
