"""Each stage's template as a form: show, check as you type, save (with conflict handling)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from aeflow.domain import Stage
from aeflow.domain.diff import diff
from aeflow.domain.validation import parse_project
from aeflow.errors import Conflict, Invalid, NotFound, Problem
from aeflow.i18n import _
from aeflow.messages import describe
from aeflow.services import projects
from aeflow.web import forms, retro_view
from aeflow.web.deps import MAX_NUMBER, Access, get_db, project_access
from aeflow.web.pages import author, depth_of, project_page
from aeflow.web.templating import render

router = APIRouter(prefix="/p/{project_id}/stages", include_in_schema=False,
                   dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]


def _stage(name: str) -> Stage:
    try:
        return Stage(name)
    except ValueError:
        raise NotFound(_("There is no stage called {name}.", name=name)) from None


def _depth(request: Request, form: Any, level: int) -> int:
    raw = form.get("depth") if form is not None else None
    if raw in ("1", "3"):
        return int(raw)
    q = request.query_params.get("depth")
    return int(q) if q in ("1", "3") else level


def _page(request: Request, access: Access, stage: Stage, sf: forms.StageForm, *, status: int = 200,
          notice: str | None = None, conflict: dict[str, Any] | None = None) -> Response:
    project, version = projects.load(get_db(request), access.project_id)
    ctx = {"sf": sf, "stage": stage, "notice": notice, "conflict": conflict, "forms": forms,
           "intro": forms.STAGE_INTROS[stage], "describe": describe}
    if stage == Stage.retrospective:
        ctx.update(row_notes={retro_view.METRICS_TABLE: retro_view.row_info}, retro_flags=retro_view.flags(project))
    if request.headers.get("hx-request") == "true" and request.method == "POST":
        return render(request, "partials/stage_form.html", status_code=status, p=project, access=access,
                      depth=sf.depth, **ctx)
    return project_page(request, access, "project/stage.html", project, version, tab="stages",
                        status_code=status, **ctx)


@router.get("/{stage}")
def show(request: Request, access: Acc, stage: str = "intake") -> Response:
    st = _stage(stage)
    project, version = projects.load(get_db(request), access.project_id)
    sf = forms.StageForm(st, depth_of(request, project), project.model_dump(mode="json"), version,
                         page=_page_number(request.query_params.get("page")))
    return _page(request, access, st, sf, notice=_filled_notice(request.query_params.get("filled"), version)
                 if st == Stage.retrospective else None)


def _filled_notice(filled: str | None, version: int) -> str | None:
    """What the fill button did (it redirects here with ``?filled=changed|same``)."""
    if filled == "changed":
        return _("Filled from the imported data: saved as version {version}.", version=version)
    if filled == "same":
        return _("Filled from the imported data: nothing changed, the project stays at version {version}.",
                 version=version)
    return None


def _page_number(raw: Any) -> int:
    text = str(raw or "0")
    return min(int(text), 10_000) if text.isdigit() else 0


def _candidate(request: Request, access: Access, st: Stage, form: Any
               ) -> tuple[forms.StageForm, dict[str, Any], dict[str, list[int]], int, int]:
    db = get_db(request)
    current, current_version = projects.load(db, access.project_id)
    base_version = _version(form.get("version"), current_version)
    depth = _depth(request, form, current.level.value)
    doc, positions = forms.apply_form(current.model_dump(mode="json"), st, depth, form)
    sf = forms.StageForm(st, depth, doc, base_version, page=_page_number(form.get("page")))
    return sf, doc, positions, base_version, current_version


def _version(raw: Any, current: int) -> int:
    text = str(raw or current).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
        raise Invalid(_("The request is not valid."), [Problem(("version",), "int_parsing", {"input": text[:20]})])
    return int(text)


def _as_stored(doc: dict[str, Any]) -> dict[str, Any]:
    """The form's edit as the project would store it (``"0.94"`` typed in a box is the number 0.94), so
    that the conflict view lists only real changes; the form's values as they are if they do not parse."""
    try:
        return parse_project(doc).model_dump(mode="json")
    except Invalid:
        return doc


def _place(sf: forms.StageForm, exc: Invalid, positions: dict[str, list[int]]) -> None:
    known = forms.known_names(sf.doc, sf.stage, sf.depth)
    sf.errors, sf.other_problems = forms.errors_by_field(exc.problems, positions, known)


@router.post("/{stage}/check")
async def check(request: Request, access: Acc, stage: str = "intake") -> Response:
    """Validate without saving: out-of-band swaps of every field's message (inline validation)."""
    st = _stage(stage)
    form = await request.form()
    sf, doc, positions, _b, _c = _candidate(request, access, st, form)
    try:
        parse_project(doc)
    except Invalid as exc:
        _place(sf, exc, positions)
    names = forms.known_names(sf.doc, st, sf.depth)
    return render(request, "partials/stage_errors.html", sf=sf, names=sorted(names), describe=describe)


@router.post("/{stage}")
async def save(request: Request, access: Acc, stage: str = "intake") -> Response:
    st = _stage(stage)
    form = await request.form()
    sf, doc, positions, base_version, current_version = _candidate(request, access, st, form)
    db = get_db(request)
    overwrite = form.get("overwrite") == str(current_version)
    if base_version > current_version:
        raise Conflict(_("The request is not valid."))
    expected = current_version if overwrite else base_version
    reason = str(form.get("reason") or "").strip() or _("stage {n} edited: {stage}", n=st.number, stage=_(st.label))
    try:
        project = parse_project(doc)
        new_version = projects.save(db, project, expected_version=expected, author=author(access.user),
                                    reason=reason)
    except Invalid as exc:
        _place(sf, exc, positions)
        return _page(request, access, st, sf, status=422)
    except Conflict as exc:
        base = projects.get_version(db, access.project_id, base_version).model_dump(mode="json")
        latest, latest_version = projects.load(db, access.project_id)
        conflict = {
            "message": exc.message,
            "theirs": diff(base, latest.model_dump(mode="json")),
            "mine": diff(base, _as_stored(forms.apply_form(base, st, sf.depth, form)[0])),
            "current_version": latest_version,
        }
        return _page(request, access, st, sf, status=409, conflict=conflict)
    fresh = forms.StageForm(st, sf.depth, project.model_dump(mode="json"), new_version, page=sf.page)
    notice = _("Saved as version {version}.", version=new_version) if new_version != expected else \
        _("Nothing changed.")
    return _page(request, access, st, fresh, notice=notice)
