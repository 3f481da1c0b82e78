"""The JSON API under ``/api/v1``: the workspace's operations for scripts (bearer tokens).

Authenticate with ``Authorization: Bearer <token>`` (make one on the account page or with
``aeflow user token``). A browser session works too, with the CSRF header on changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from aeflow.domain.common import Stage
from aeflow.domain.validation import parse_project
from aeflow.i18n import _
from aeflow.services import accounts, jobs, projects, workspace
from aeflow.services.accounts import Role, User
from aeflow.web import views
from aeflow.web.deps import ROLE_NAMES, Access, Number, get_db, needs, project_access, require_user
from aeflow.web.pages import author, today_for

router = APIRouter(prefix="/api/v1", tags=["projects"])
scoped = APIRouter(prefix="/projects/{project_id}", tags=["projects"],
                   dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]
Me = Annotated[User, Depends(require_user)]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in: send a bearer token"},
    404: {"description": "No such project (or no role on it)"},
    422: {"description": "Invalid input; `error.problems` lists each problem with its path"},
}


class ProjectSummaryOut(BaseModel):
    id: str
    name: str
    client: str
    campaign_type: str
    level: int
    stage: str
    kickoff: dt.date
    launch: dt.date
    version: int
    updated_at: dt.datetime
    role: str


class ProjectOut(BaseModel):
    version: int
    role: str
    project: dict[str, Any] = Field(description="the project document, as in the project file format")


class SaveIn(BaseModel):
    expected_version: Number = Field(description="the version your change is based on")
    reason: str = Field("", max_length=500)
    project: dict[str, Any]


class SavedOut(BaseModel):
    version: int


class NewProjectIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    client: str = Field(min_length=1, max_length=200)
    campaign_type: str = "launch"
    level: int = Field(1, ge=1, le=3)
    kickoff: dt.date | None = None
    launch: dt.date | None = None


class ChangeOut(BaseModel):
    path: str
    old: Any = None
    new: Any = None


class HistoryOut(BaseModel):
    version: int
    author: str
    at: dt.datetime
    reason: str
    restored_from: int | None = None
    changes: list[ChangeOut]


class RestoreIn(BaseModel):
    version: Number
    expected_version: Number | None = None


class UserOut(BaseModel):
    username: str
    display_name: str
    is_admin: bool
    language: str


class JobOut(BaseModel):
    id: str
    kind: str
    status: str
    progress: float
    message: str
    hint: str | None = None


@router.get("/me", response_model=UserOut, responses=ERRORS)
def me(user: Me) -> UserOut:
    return UserOut(username=user.username, display_name=user.display_name, is_admin=user.is_admin,
                   language=user.language)


@router.get("/projects", response_model=list[ProjectSummaryOut], responses=ERRORS)
def list_projects(request: Request, user: Me) -> list[ProjectSummaryOut]:
    roles = accounts.roles_of(get_db(request), user)
    return [ProjectSummaryOut(id=s.id, name=s.name, client=s.client, campaign_type=s.campaign_type.value,
                              level=s.level, stage=s.stage.value, kickoff=s.kickoff, launch=s.launch,
                              version=s.version, updated_at=s.updated_at, role=ROLE_NAMES[roles[s.id]].lower())
            for s in projects.list_projects(get_db(request)) if s.id in roles]


@router.post("/projects", response_model=ProjectOut, status_code=201, responses=ERRORS)
def create_project(request: Request, user: Me, body: NewProjectIn) -> ProjectOut:
    project, version = workspace.create_project(
        get_db(request), user, name=body.name, client=body.client, campaign_type=body.campaign_type,
        level=3 if body.level == 3 else 1, kickoff=body.kickoff.isoformat() if body.kickoff else None,
        launch=body.launch.isoformat() if body.launch else None, today=today_for(request))
    return ProjectOut(version=version, role="lead", project=project.model_dump(mode="json"))


@scoped.get("", response_model=ProjectOut, responses=ERRORS)
def get_project(request: Request, access: Acc) -> ProjectOut:
    project, version = projects.load(get_db(request), access.project_id)
    return ProjectOut(version=version, role=ROLE_NAMES[access.role].lower(), project=project.model_dump(mode="json"))


@scoped.put("", response_model=SavedOut, responses={**ERRORS, 409: {"description": "Stale expected_version"}})
def save_project(request: Request, access: Acc, body: SaveIn) -> SavedOut:
    data = dict(body.project)
    data["id"] = access.project_id  # the URL names the project; the body cannot move it
    project = parse_project(data)
    version = projects.save(get_db(request), project, expected_version=body.expected_version,
                            author=author(access.user), reason=body.reason or _("changed through the API"))
    return SavedOut(version=version)


@scoped.get("/history", response_model=list[HistoryOut], responses=ERRORS)
def history(request: Request, access: Acc) -> list[HistoryOut]:
    return [HistoryOut(version=e.version, author=e.author, at=e.at, reason=e.reason, restored_from=e.restored_from,
                       changes=[ChangeOut(path=c.path, old=c.old, new=c.new) for c in e.changes])
            for e in projects.history(get_db(request), access.project_id)]


@scoped.get("/versions/{version}", response_model=ProjectOut, responses=ERRORS)
def get_version(request: Request, access: Acc, version: Annotated[Number, Path()]) -> ProjectOut:
    project = projects.get_version(get_db(request), access.project_id, version)
    return ProjectOut(version=version, role=ROLE_NAMES[access.role].lower(), project=project.model_dump(mode="json"))


@scoped.post("/restore", response_model=SavedOut, responses={**ERRORS, 409: {"description": "Stale"}})
@needs(Role.lead)
def restore(request: Request, access: Acc, body: RestoreIn) -> SavedOut:
    version = projects.restore(get_db(request), access.project_id, body.version, author=author(access.user),
                               reason=_("restored version {version}", version=body.version),
                               expected_version=body.expected_version)
    return SavedOut(version=version)


@scoped.get("/client-view", responses=ERRORS)
@needs(Role.client)
def client_view(request: Request, access: Acc) -> dict[str, Any]:
    from aeflow.web.routes.data import kpi_statuses

    project, version = projects.load(get_db(request), access.project_id)
    return views.client_view(project, today_for(request, project), kpi_statuses(request, project, version))


@scoped.get("/signals", responses=ERRORS)
def signals(request: Request, access: Acc) -> list[dict[str, str]]:
    project, _version = projects.load(get_db(request), access.project_id)
    return [{"level": s.level, "text": s.text} for s in views.signals(project, today_for(request, project))]


@scoped.get("/jobs/{job_id}", response_model=JobOut, responses=ERRORS)
def job(request: Request, access: Acc, job_id: str) -> JobOut:
    j = jobs.get_job(get_db(request), job_id, access.project_id)
    return JobOut(id=j.id, kind=j.kind, status=j.status, progress=j.progress, message=j.message, hint=j.hint)


@scoped.post("/stage", response_model=SavedOut, responses={**ERRORS, 409: {"description": "Stale"}})
def set_stage(request: Request, access: Acc, stage: Stage, expected_version: Annotated[Number, Query()]) -> SavedOut:
    project, _v = projects.load(get_db(request), access.project_id)
    data = project.model_dump(mode="json")
    data["stage"] = stage.value
    version = projects.save(get_db(request), parse_project(data), expected_version=expected_version,
                            author=author(access.user), reason=_("moved to stage {n}: {stage}",
                                                                 n=stage.number, stage=_(stage.label)))
    return SavedOut(version=version)


class ShareLinkIn(BaseModel):
    days: int = Field(14, ge=1, le=365)
    label: str = Field("", max_length=200)


class ShareLinkOut(BaseModel):
    id: str
    label: str
    url: str | None = Field(None, description="only while the link may be used")
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


def _link_out(request: Request, link: accounts.ShareLink) -> ShareLinkOut:
    from aeflow.web.routes.share import share_url

    active = link.active(get_db(request).now())
    return ShareLinkOut(id=link.id, label=link.label, url=share_url(request, link.id) if active else None,
                        created_by=link.created_by, created_at=link.created_at, expires_at=link.expires_at,
                        revoked_at=link.revoked_at)


@scoped.get("/share-links", response_model=list[ShareLinkOut], responses=ERRORS)
@needs(Role.lead)
def share_links(request: Request, access: Acc) -> list[ShareLinkOut]:
    return [_link_out(request, link) for link in accounts.share_links(get_db(request), access.project_id)]


@scoped.post("/share-links", response_model=ShareLinkOut, status_code=201, responses=ERRORS)
@needs(Role.lead)
def create_share_link(request: Request, access: Acc, body: ShareLinkIn) -> ShareLinkOut:
    link = accounts.create_share_link(get_db(request), access.project_id, by=access.user.username, days=body.days,
                                      label=body.label)
    return _link_out(request, link)


@scoped.delete("/share-links/{link_id}", status_code=204, responses=ERRORS)
@needs(Role.lead)
def revoke_share_link(request: Request, access: Acc, link_id: Annotated[str, Path(max_length=32)]) -> None:
    accounts.revoke_share_link(get_db(request), access.project_id, link_id)


router.include_router(scoped)
