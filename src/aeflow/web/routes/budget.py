"""The budget page: lines and pacing, the funnel forecast, and the optimiser (a background job)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.domain.labels import channel_label
from aeflow.engines.budget import mix
from aeflow.engines.budget.scenarios import period_names
from aeflow.errors import Conflict, Invalid, NotFound
from aeflow.i18n import _
from aeflow.services import budget_mix, jobs, projects
from aeflow.storage.database import Database
from aeflow.web import views
from aeflow.web.deps import Access, Number, get_db, project_access
from aeflow.web.pages import author, derived, load, project_page, today_for
from aeflow.web.templating import render

router = APIRouter(prefix="/p/{project_id}/budget", include_in_schema=False, dependencies=[Depends(project_access)])
Acc = Annotated[Access, Depends(project_access)]
OBJECTIVES = ("revenue", "conversions", "reach")
FUNNEL = ("impressions", "clicks", "conversions", "gmv")


def _forecast(project: Any) -> dict[str, Any] | None:
    """The funnel forecast of today's plan as plain data (P10 / P50 / P90 and each KPI's chance)."""
    try:
        fc = budget_mix.project_forecast(project, budget_mix.default_benchmarks())
    except (Invalid, ValueError, ZeroDivisionError):
        return None
    if not fc.total:
        return None
    return {
        "total": {k: {"p10": q.p10, "p50": q.p50, "p90": q.p90} for k, q in fc.total.items()},
        "kpis": [{"objective": k.objective, "metric": k.metric, "target": k.target, "comparison": k.comparison,
                  "probability": k.probability, "unit": k.unit} for k in fc.kpis],
        "spend": fc.spend, "draws": fc.draws,
    }


@router.get("")
def budget(request: Request, access: Acc) -> Response:
    project, version = load(request, access)
    by_channel: dict[str, dict[str, float]] = {}  # by the channel's label: the chart's axis
    for line in project.budget.lines:
        row = by_channel.setdefault(channel_label(line.channel), {"planned": 0.0, "committed": 0.0, "actual": 0.0})
        row["planned"] += float(line.planned)
        row["committed"] += float(line.committed)
        row["actual"] += float(line.actual)
    forecast = derived(request, project, version, "forecast", lambda: _forecast(project))
    labels = {"impressions": _("Impressions"), "clicks": _("Clicks"), "conversions": _("Conversions"),
              "gmv": _("GMV")}
    return project_page(request, access, "project/budget.html", project, version, tab="budget",
                        pacing=views.pacing(project, today_for(request, project)), by_channel=by_channel,
                        forecast=forecast, funnel=[(k, labels[k]) for k in FUNNEL], objectives=OBJECTIVES,
                        periods=PERIODS, channels=sorted({line.channel for line in project.budget.lines}),
                        recent=[j for j in jobs.project_jobs(get_db(request), project.id) if j.kind == "optimise"][:3])


PERIODS = tuple(period_names())


def _scenario(params: dict[str, Any]) -> Any:
    """A price-volatility scenario from the form (``None`` when nothing is set)."""
    from aeflow.engines.budget.scenarios import Inflation, Scenario

    cut = float(params.get("budget_cut") or 0) / 100
    lost = tuple(c for c in [str(params.get("lost") or "")] if c)
    period = str(params.get("period") or "")
    inflation = float(params.get("inflation") or 0) / 100
    infl = (Inflation(period, 1 + inflation),) if period in PERIODS and inflation else ()
    if not (cut or lost or infl):
        return None
    return Scenario(name=_("scenario"), inflation=infl, budget_cut=cut, lost=lost)


@router.post("/optimise")
def optimise(request: Request, access: Acc, objective: Annotated[str, Form()] = "revenue",
             budget_cut: Annotated[float, Form(ge=0, le=90)] = 0, lost: Annotated[str, Form(max_length=64)] = "",
             period: Annotated[str, Form(max_length=8)] = "", inflation: Annotated[float, Form(ge=0, le=300)] = 0,
             ) -> Response:
    if objective not in OBJECTIVES:
        raise Invalid(_("unknown objective {objective}: use revenue, conversions or reach", objective=objective))
    _project, version = load(request, access)
    job = request.app.state.jobs.submit("optimise", project_id=access.project_id, requested_by=access.user.username,
                                        params={"project_id": access.project_id, "objective": objective,
                                                "version": version, "budget_cut": budget_cut, "lost": lost,
                                                "period": period if period in PERIODS else "",
                                                "inflation": inflation})
    return render(request, "partials/job.html", job=job, p_id=access.project_id)


def optimise_job(db: Database, params: dict[str, Any], progress: Any) -> dict[str, Any]:
    """Job ``optimise``: today's plan against the optimised mix, with the funnel forecast of both."""
    project = projects.get_version(db, str(params["project_id"]), int(params["version"]))
    progress(0.2, _("optimising the mix"))
    report = budget_mix.optimise_project(project, budget_mix.default_benchmarks(), objective=str(params["objective"]),
                                         scenario=_scenario(params))
    progress(0.9, _("comparing with the plan"))
    channels = sorted(set(report.plan.amounts) | set(report.optimised.amounts))
    gain = report.optimised.objective / report.plan.objective - 1 if report.plan.objective > 0 else None
    seen = report.scenario
    return {
        "objective": report.objective, "version": params["version"], "total": report.total,
        "scenario": {k: params.get(k) for k in ("budget_cut", "lost", "period", "inflation")} if seen else None,
        "scenario_value": seen.objective if seen else None,
        "rows": [{"channel": c, "plan": report.plan.amounts.get(c, 0.0), "optimised": report.optimised.amounts.get(c, 0.0),
                  "scenario": seen.amounts.get(c, 0.0) if seen else None}
                 for c in channels],
        "plan_value": report.plan.objective, "optimised_value": report.optimised.objective, "gain": gain,
        "funnel_metric": report.funnel_metric,
        "plan_funnel": _p50(report.plan.forecast.total.get(report.funnel_metric)),
        "optimised_funnel": _p50(report.optimised.forecast.total.get(report.funnel_metric)),
        "band": [report.optimised.band.p10, report.optimised.band.p50, report.optimised.band.p90],
        "gap": report.result.gap, "free": report.free, "notes": list(report.notes),
        "held": [{"channel": h.channel, "line": h.line, "amount": h.amount, "reason": h.reason.value}
                 for h in report.holds],
        "message": _("optimised: {gain} against the plan", gain=f"{gain:+.1%}" if gain is not None else "—"),
    }


def _p50(q: Any) -> float | None:
    return None if q is None else float(q.p50)


@router.get("/optimise/{job_id}")
def optimise_result(request: Request, access: Acc, job_id: str) -> Response:
    job = jobs.get_job(get_db(request), job_id, access.project_id)
    if job.kind != "optimise" or job.status != "done" or not job.result:
        raise NotFound(_("this optimisation is not ready yet"))
    project, version = load(request, access)
    return project_page(request, access, "project/optimise.html", project, version, tab="budget", job=job,
                        result=job.result, stale=int(job.result["version"]) != version,
                        hold_reason=lambda reason: mix.HoldReason(reason).label)


@router.post("/optimise/{job_id}/accept")
def accept(request: Request, access: Acc, job_id: str, version: Annotated[Number, Form()]) -> Response:
    """Write the optimised allocation into the budget lines, as a new version (if nothing changed since)."""
    db = get_db(request)
    job = jobs.get_job(db, job_id, access.project_id)
    if job.kind != "optimise" or not job.result:
        raise NotFound(_("this optimisation is not ready yet"))
    current = projects.load(db, access.project_id)[1]
    if int(job.result["version"]) != current or version != current:
        raise Conflict(_("The project changed after this optimisation; run it again on the current version."))
    project = projects.get_version(db, access.project_id, current)
    report = budget_mix.optimise_project(project, budget_mix.default_benchmarks(), objective=str(job.result["objective"]),
                                         scenario=_scenario(job.result.get("scenario") or {}))
    budget_mix.accept(db, access.project_id, report, author=author(access.user))
    return RedirectResponse(f"/p/{access.project_id}/budget", status_code=303)
