"""Shared pieces of the project pages: loading, today's date, the header, and the change author."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse

from aeflow.domain import Project
from aeflow.i18n import N_
from aeflow.services import projects, workspace
from aeflow.services.accounts import User
from aeflow.storage.database import Database
from aeflow.web import views
from aeflow.web.deps import ROLE_NAMES, Access, get_db
from aeflow.web.templating import render

T = TypeVar("T")

TABS = (
    ("overview", "", N_("Overview")),
    ("stages", "/stages/intake", N_("Stages")),
    ("dashboard", "/dashboard", N_("Dashboard")),
    ("plan", "/plan", N_("Plan")),
    ("budget", "/budget", N_("Budget")),
    ("risks", "/risks", N_("Risks")),
    ("cadence", "/cadence", N_("Cadence")),
    ("decisions", "/decisions", N_("Decisions")),
    ("review", "/review", N_("Review")),
    ("data", "/data", N_("Data")),
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


class ProjectCache:
    """Parsed projects by (id, version): a page reads the version (one small query) and parses the
    project only when it changed. Projects are never mutated in place, so sharing them is safe."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Project] = OrderedDict()
        self._derived: dict[tuple[str, int], dict[tuple[str, dt.date], Any]] = {}
        self._lock = threading.Lock()

    def derived(self, project: Project, version: int, name: str, today: dt.date,
                compute: Callable[[], T]) -> T:
        """``compute()`` once per project version and day (the views are pure functions of both)."""
        key = (project.id, version)
        with self._lock:
            memo = self._derived.get(key)
            if memo is not None and (name, today) in memo:
                return memo[(name, today)]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if key in self._items:
                self._derived.setdefault(key, {})[(name, today)] = value
        return value

    def get(self, db: Database, project_id: str, known_version: int | None = None) -> tuple[Project, int]:
        version = known_version if known_version is not None else workspace.current_version(db, project_id)
        if version is not None:
            with self._lock:
                hit = self._items.get((project_id, version))
                if hit is not None:
                    self._items.move_to_end((project_id, version))
                    return hit, version
        project, version = projects.load(db, project_id)
        with self._lock:
            self._items[(project_id, version)] = project
            while len(self._items) > self.size:
                old, _p = self._items.popitem(last=False)
                self._derived.pop(old, None)
        return project, version


def load(request: Request, access: Access) -> tuple[Project, int]:
    """The project of this request: parsed once per version; the access check read the version.

    A version read by the access check is at most as old as this request, so a project saved in the
    same instant shows on the next page; writes always check the version they are based on."""
    cache: ProjectCache = request.app.state.project_cache
    known = getattr(request.state, "project_version", None)
    version = known[1] if known and known[0] == access.project_id and request.method == "GET" else None
    return cache.get(get_db(request), access.project_id, version)


def depth_of(request: Request, project: Project) -> int:
    """The L1/L3 switch: ``?depth=1|3`` overrides the project's level for this page."""
    raw = request.query_params.get("depth")
    if raw in ("1", "3"):
        return int(raw)
    return project.level.value


def derived(request: Request, project: Project, version: int, name: str, compute: Callable[[], T]) -> T:
    cache: ProjectCache = request.app.state.project_cache
    return cache.derived(project, version, name, today_for(request, project), compute)


def project_page(request: Request, access: Access, template: str, project: Project, version: int, *,
                 tab: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    today = today_for(request, project)
    signals = derived(request, project, version, "signals", lambda: views.signals(project, today))
    return render(request, template, status_code=status_code, p=project, version=version, access=access,
                  tab=tab, tabs=TABS, today=today, signals=signals,
                  role_name=ROLE_NAMES[access.role], stage_state=lambda s: views.stage_state(project, s),
                  depth=depth_of(request, project), **context)
