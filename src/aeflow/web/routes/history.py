"""Every version of a project: who, when, why, what changed; a version's diff; restore."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.domain.diff import diff
from aeflow.i18n import _
from aeflow.services import projects
from aeflow.services.accounts import Role
from aeflow.web.deps import Access, Number, get_db, needs, project_access
from aeflow.web.pages import author, load, project_page

router = APIRouter(prefix="/p/{project_id}/history", include_in_schema=False,
                   dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]


@router.get("")
def history(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    entries = list(reversed(projects.history(get_db(request), access.project_id)))
    return project_page(request, access, "project/history.html", project, version, tab="history",
                        entries=entries)


@router.get("/{number}")
def show_version(request: Request, access: Acc, number: Annotated[Number, Path()],
                 against: Annotated[Number | None, Query()] = None) -> Response:
    db = get_db(request)
    project, version = load(request, access)
    old_number = against if against is not None else max(1, number - 1)
    new = projects.get_version(db, access.project_id, number).model_dump(mode="json")
    old = projects.get_version(db, access.project_id, old_number).model_dump(mode="json")
    entry = next(e for e in projects.history(db, access.project_id) if e.version == number)
    return project_page(request, access, "project/version.html", project, version, tab="history",
                        entry=entry, number=number, against=old_number,
                        changes=diff(old, new) if old_number != number else [])


@router.post("/{number}/restore")
@needs(Role.lead)
def restore(request: Request, access: Acc, number: Annotated[Number, Path()],
            version: Annotated[Number, Form()]) -> Response:
    projects.restore(get_db(request), access.project_id, number, author=author(access.user),
                     reason=_("restored version {version}", version=number), expected_version=version)
    return RedirectResponse(f"/p/{access.project_id}/history", status_code=303)
