"""The plan (Gantt and board), budget, risk register, cadence, decision log and documents pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from aeflow.domain.plan import Status
from aeflow.domain.validation import parse_project
from aeflow.errors import Invalid, NotFound, Problem
from aeflow.i18n import _
from aeflow.services import documents, jobs, projects
from aeflow.web import views
from aeflow.web.deps import Access, Number, get_db, project_access
from aeflow.web.pages import author, load, project_page, today_for
from aeflow.web.templating import render

router = APIRouter(prefix="/p/{project_id}", include_in_schema=False, dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]


@router.get("/plan")
def plan(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/plan.html", project, version, tab="plan",
                        gantt=views.gantt(project), board=views.board(project), workload=views.workload(project),
                        statuses=list(Status), status_labels=views.STATUS_LABELS)


@router.post("/plan/items/{item_id}/status")
def set_status(request: Request, access: Acc, item_id: str, status: Annotated[str, Form()],
               version: Annotated[Number, Form()]) -> Response:
    project, _current = load(request, access)
    if project.work_item(item_id) is None:
        raise NotFound(_("There is no work item {id}.", id=item_id))
    if status not in Status.__members__:
        raise Invalid(_("{status} is not a status", status=status), [Problem(("status",), "enum", {
            "input": status, "expected": ", ".join(Status.__members__)})])
    data = project.model_dump(mode="json")
    today = today_for(request, project)
    for w in data["work_items"]:
        if w["id"] == item_id and w["status"] != status:
            w["status"] = status
            w["status_history"].append({"date": today.isoformat(), "status": status, "by": access.user.username,
                                        "note": ""})
    new = projects.save(get_db(request), parse_project(data), expected_version=version,
                        author=author(access.user), reason=_("{id} is now {status}", id=item_id,
                                                             status=_(views.STATUS_LABELS[Status(status)])))
    if request.headers.get("hx-request") == "true":
        fresh, _v = load(request, access)
        return render(request, "partials/board.html", p=fresh, version=new, access=access,
                      board=views.board(fresh), statuses=list(Status), status_labels=views.STATUS_LABELS)
    return RedirectResponse(f"/p/{project.id}/plan", status_code=303)


@router.get("/risks")
def risks(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/risks.html", project, version, tab="risks",
                        heatmap=views.heatmap(project),
                        ranked=sorted(project.risks, key=lambda r: (-r.score, r.id)))


@router.get("/cadence")
def cadence(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/cadence.html", project, version, tab="cadence",
                        upcoming=views.next_meetings(project, today_for(request, project)))


@router.get("/decisions")
def decisions(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/decisions.html", project, version, tab="decisions",
                        ordered=sorted(project.decisions, key=lambda d: (d.date, d.id), reverse=True),
                        form={}, problems={})


@router.post("/decisions")
def add_decision(request: Request, access: Acc, version: Annotated[Number, Form()],
                 what: Annotated[str, Form()] = "", why: Annotated[str, Form()] = "",
                 by: Annotated[str, Form()] = "", date: Annotated[str, Form()] = "",
                 client_confirmed: Annotated[str, Form()] = "", internal: Annotated[str, Form()] = "") -> Response:
    project, _current = load(request, access)
    data = project.model_dump(mode="json")
    taken = {d["id"] for d in data["decisions"]}
    n = len(taken) + 1
    while f"D{n}" in taken:
        n += 1
    entry: dict[str, Any] = {"id": f"D{n}", "what": what, "why": why, "by": by,
                             "date": date or today_for(request, project).isoformat(),
                             "client_confirmed": bool(client_confirmed), "internal": bool(internal)}
    data["decisions"].append(entry)
    try:
        updated = parse_project(data)
    except Invalid as exc:
        problems = {str(p.path[-1]): p for p in exc.problems if p.path}
        return project_page(request, access, "project/decisions.html", project, version, tab="decisions",
                            status_code=422, ordered=sorted(project.decisions, key=lambda d: (d.date, d.id),
                                                            reverse=True), form=entry, problems=problems)
    projects.save(get_db(request), updated, expected_version=version, author=author(access.user),
                  reason=_("decision {id} logged", id=entry["id"]))
    return RedirectResponse(f"/p/{project.id}/decisions", status_code=303)


@router.get("/documents")
def documents_page(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/documents.html", project, version, tab="documents",
                        formats=documents.formats(), recent=jobs.project_jobs(get_db(request), project.id))


@router.get("/documents/{name}")
def download(request: Request, access: Acc, name: str, audience: str = "internal") -> Response:
    project, version = load(request, access)
    documents.format_of(name)
    series = request.app.state.metrics.document_series(project) if documents.judges_kpis(name) else None
    doc = documents.render_document(get_db(request), project, name, audience=audience, version=version,
                                    series=series)
    stamp = dt.date.today().isoformat()
    return Response(doc.content, media_type=doc.media_type, headers={
        "Content-Disposition": f'attachment; filename="{project.id}-{stamp}{doc.suffix}"'})


@router.post("/documents/{name}/job")
def export_job(request: Request, access: Acc, name: str, audience: Annotated[str, Form()] = "internal") -> Response:
    documents.format_of(name)
    job = request.app.state.jobs.submit("export", project_id=access.project_id, requested_by=access.user.username,
                                        params={"project_id": access.project_id, "format": name,
                                                "audience": audience, "folder": str(exports_dir(request))})
    return render(request, "partials/job.html", job=job, p_id=access.project_id)


@router.get("/jobs/{job_id}")
def job_status(request: Request, access: Acc, job_id: str) -> Response:
    job = jobs.get_job(get_db(request), job_id, access.project_id)
    return render(request, "partials/job.html", job=job, p_id=access.project_id)


@router.get("/jobs/{job_id}/download")
def job_download(request: Request, access: Acc, job_id: str) -> Response:
    job = jobs.get_job(get_db(request), job_id, access.project_id)
    path = exports_dir(request) / str((job.result or {}).get("file", ""))
    if job.status != "done" or not job.result or not path.is_file():
        raise NotFound(_("this document is not ready yet"))
    return FileResponse(path, media_type=str(job.result["media_type"]),
                        filename=f"{access.project_id}{job.result['suffix']}")


def exports_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir) / "exports"
