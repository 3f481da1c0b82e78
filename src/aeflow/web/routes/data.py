"""The KPI dashboard (attainment, pacing, trend by channel, fired triggers) and the data page
(upload a platform export, preview it and check its columns, then import it in the background)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from aeflow.domain.labels import channel_label
from aeflow.errors import AeflowError, Invalid, NotFound
from aeflow.i18n import _
from aeflow.services import data as data_service
from aeflow.services import monitoring, projects, retrospective
from aeflow.storage.database import Database
from aeflow.web.deps import Access, Number, get_db, project_access
from aeflow.web.pages import author, derived, load, project_page, today_for
from aeflow.web.templating import render

router = APIRouter(prefix="/p/{project_id}", include_in_schema=False, dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]
MAX_UPLOAD = 200 * 1024 * 1024
SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def platform_choices() -> list[tuple[str, str]]:
    from aeflow.importers.registry import platforms

    return [(key, _(p.label)) for key, p in platforms().items()]


def upload_hint(exc: AeflowError) -> str | None:
    """The web's own hint for an upload the importer refused: the upload form's fields, not CLI options."""
    code = exc.data.get("code")
    if code == data_service.BAD_CELLS:
        return _("Correct the file, or tick “import the readable rows, skip the others” under the preview and "
                 "import it again.")
    if code is None and exc.data.get("missing") and exc.hint is None:
        return _("Export the report again with the missing columns in it (the platform's report settings choose "
                 "the columns), then upload it again.")
    if code != data_service.UNKNOWN_LAYOUT:
        return exc.hint
    chosen = data_service.platform_label(str(exc.data.get("platform") or ""))
    if chosen is not None:
        return _("Check that the file is an export of {platform}, or choose another platform in the Platform "
                 "list of the upload form and check the file again.", platform=chosen)
    return _("Choose the platform in the Platform list of the upload form and check the file again.")


def preview_view(summary: dict[str, Any]) -> dict[str, Any]:
    """What the preview shows: the metrics' labels, and the rows that cannot be read apart from the
    rows every import leaves out (totals, repeated headers, notes)."""
    from aeflow.exporters.labels import metric

    planned = data_service.SKIP_CODES
    return {**summary, "totals_labels": {k: metric(k) for k in summary["totals"]},
            "problems": [i for i in summary["skipped"] if i["code"] not in planned],
            "left_out": [i for i in summary["skipped"] if i["code"] in planned]}


def uploads_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir) / "uploads"


def kpi_board(request: Request, project: Any, version: int) -> Any:
    """The monitoring dashboard, computed once per project version, day and import."""
    metrics = request.app.state.metrics

    def compute() -> Any:
        with metrics.use() as store:
            return monitoring.dashboard(store, project) if store.fact_count(project.id) else None

    return derived(request, project, version, f"kpi-board-{metrics.generation}", compute)


def kpi_statuses(request: Request, project: Any, version: int) -> list[Any] | None:
    """The brief's KPIs as the dashboard judges them — the dashboard's own statuses, or, with no
    imported data, as the documents judge them (on the retrospective's figures, as of today) —
    for every page that says whether a KPI was met. ``None`` when the metrics store cannot be used."""
    try:
        board = kpi_board(request, project, version)
    except AeflowError:
        return None
    if board is not None:
        return list(board.kpis)
    return derived(request, project, version, "kpis-recorded",
                   lambda: monitoring.kpi_statuses(project, None, today=today_for(request, project)))


@router.get("/dashboard")
def dashboard(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    board: Any = None
    problem: str | None = None
    try:
        board = kpi_board(request, project, version)
    except AeflowError as exc:
        problem = exc.message
    trend: dict[str, Any] = {"weeks": [], "series": {}}
    if board is not None:
        weeks = sorted({str(w["week"]) for w in board.weeks if w.get("week") is not None})
        series: dict[str, list[float | None]] = {}
        for w in board.weeks:
            row = series.setdefault(channel_label(str(w.get("channel") or "")), [None] * len(weeks))
            if w.get("week") is not None:
                row[weeks.index(str(w["week"]))] = w.get("spend")
        trend = {"weeks": weeks, "series": series, "label": _("Spend per week")}
    return project_page(request, access, "project/dashboard.html", project, version, tab="dashboard",
                        board=board, problem=problem, trend=trend)


@router.get("/data")
def data_page(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    return project_page(request, access, "project/data.html", project, version, tab="data", preview=None,
                        upload=None, error=None, platforms=platform_choices())


@router.post("/data/preview")
async def preview(request: Request, access: Acc, file: UploadFile, platform: Annotated[str, Form()] = "auto"
                  ) -> Response:
    """Store the upload aside, read it without importing it, and show what would be imported."""
    name = SAFE_NAME.sub("_", Path(file.filename or "export.csv").name)[-120:] or "export.csv"
    token = secrets.token_hex(8)
    folder = uploads_dir(request) / access.project_id / token
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await file.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD:
                out.close()
                path.unlink(missing_ok=True)
                raise Invalid(_("The file is larger than {mb} MB.", mb=MAX_UPLOAD // 1024 // 1024))
            out.write(chunk)
    project, version = load(request, access)
    try:
        summary = data_service.inspect(path, platform=platform or "auto", year=project.launch.year)
    except AeflowError as exc:
        exc.hint = upload_hint(exc)
        return project_page(request, access, "project/data.html", project, version, tab="data", preview=None,
                            upload=None, error=exc, status_code=422, platforms=platform_choices(),
                            selected=platform or "auto")
    return project_page(request, access, "project/data.html", project, version, tab="data",
                        preview=preview_view(summary),
                        upload={"token": token, "name": name, "platform": platform or "auto"}, error=None,
                        platforms=platform_choices(), selected=platform or "auto")


@router.post("/data/import")
def confirm_import(request: Request, access: Acc, token: Annotated[str, Form()], name: Annotated[str, Form()],
                   platform: Annotated[str, Form()] = "auto", skip_bad_rows: Annotated[str, Form()] = ""
                   ) -> Response:
    if not re.fullmatch(r"[0-9a-f]{16}", token) or SAFE_NAME.sub("_", name) != name:
        raise NotFound(_("this upload does not exist"))
    path = uploads_dir(request) / access.project_id / token / name
    if not path.is_file():
        raise NotFound(_("this upload does not exist"))
    job = request.app.state.jobs.submit("import", project_id=access.project_id, requested_by=access.user.username,
                                        params={"project_id": access.project_id, "path": str(path),
                                                "platform": platform, "skip_bad_rows": bool(skip_bad_rows)})
    return render(request, "partials/job.html", job=job, p_id=access.project_id)


@router.post("/data/retrospective")
def fill_retrospective(request: Request, access: Acc, version: Annotated[Number, Form()]) -> Response:
    """Stage 8: fill the retrospective's metric rows from the imported data (a new version)."""
    project, _current = load(request, access)
    with request.app.state.metrics.use() as store:
        if not store.fact_count(project.id):
            raise NotFound(_("There is no imported data for this project yet."))
        filled = retrospective.save_filled(get_db(request), store, project, expected_version=version,
                                           author=author(access.user))
    outcome = "changed" if filled.changed else "same"
    return RedirectResponse(f"/p/{project.id}/stages/retrospective?filled={outcome}", status_code=303)


def import_job(metrics: Any) -> Any:
    """Job ``import``: land one staged upload in the metrics store, then check every trigger."""

    def run(db: Database, params: dict[str, Any], progress: Any) -> dict[str, Any]:
        project, _version = projects.load(db, str(params["project_id"]))
        progress(0.05, _("reading the file"))
        with metrics.use() as store:
            try:
                report = data_service.import_files(
                    store, project, [Path(str(params["path"]))], platform=str(params.get("platform") or "auto"),
                    skip_bad_rows=bool(params.get("skip_bad_rows")), author=str(params.get("_author", "")),
                    progress=lambda message, fraction: progress(0.05 + 0.8 * fraction, message))
            except AeflowError as exc:
                exc.hint = upload_hint(exc)  # the job's page shows it under the message
                raise
            metrics.changed()
            progress(0.9, _("checking the triggers"))
            alerts = monitoring.after_import(store, project)
        facts = sum(x.facts for x in report.landed)
        return {"facts": facts, "alerts": len(alerts), "message": _("{facts} daily rows imported, {alerts} new alert(s)",
                                                                     facts=facts, alerts=len(alerts))}

    return run
