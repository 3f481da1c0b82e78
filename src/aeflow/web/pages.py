"""Shared pieces of the project pages: loading, today's date, the header, and the change author."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse

from aeflow.domain import Project
from aeflow.i18n import N_
from aeflow.services import projects
from aeflow.services.accounts import User
from aeflow.web import views
from aeflow.web.deps import ROLE_NAMES, Access, get_db
from aeflow.web.templating import render

TABS = (
    ("overview", "", N_("Overview")),
    ("stages", "/stages/intake", N_("Stages")),
    ("plan", "/plan", N_("Plan")),
    ("budget", "/budget", N_("Budget")),
    ("risks", "/risks", N_("Risks")),
    ("cadence", "/cadence", N_("Cadence")),
    ("decisions", "/decisions", N_("Decisions")),
    ("history", "/history", N_("History")),
    ("documents", "/documents", N_("Documents")),
    ("share", "/share", N_("Sharing")),
)


def today_for(request: Request, project: Project | None = None) -> dt.date:
    """Today in the project's time zone (the database's clock, so tests can set it)."""
    try:
        zone: dt.tzinfo = ZoneInfo(project.timezone if project else "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return get_db(request).now().astimezone(zone).date()


def author(user: User) -> str:
    """How a change names its user in the history."""
    return user.username


def load(request: Request, access: Access) -> tuple[Project, int]:
    return projects.load(get_db(request), access.project_id)


def depth_of(request: Request, project: Project) -> int:
    """The L1/L3 switch: ``?depth=1|3`` overrides the project's level for this page."""
    raw = request.query_params.get("depth")
    if raw in ("1", "3"):
        return int(raw)
    return project.level.value


def project_page(request: Request, access: Access, template: str, project: Project, version: int, *,
                 tab: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    today = today_for(request, project)
    return render(request, template, status_code=status_code, p=project, version=version, access=access,
                  tab=tab, tabs=TABS, today=today, signals=views.signals(project, today),
                  role_name=ROLE_NAMES[access.role], stage_state=lambda s: views.stage_state(project, s),
                  depth=depth_of(request, project), **context)
