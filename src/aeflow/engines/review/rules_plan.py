"""Pitfall rules on goals, boundaries, feasibility and process (AE1xx–AE4xx)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aeflow.domain.lintconfig import Severity
from aeflow.domain.plan import Status, WorkItem
from aeflow.domain.project import Project
from aeflow.engines.review.registry import Hit, ReviewContext, each, missing_fields, rule
from aeflow.i18n import N_, _

#: the statuses as the user reads them (the same message ids as the documents' labels)
STATUS_WORDS = {
    Status.planned: N_("planned"), Status.in_progress: N_("in progress"),
    Status.waiting_client: N_("waiting for client"), Status.blocked: N_("blocked"), Status.done: N_("done"),
    Status.cancelled: N_("cancelled"),
}

VAGUE = re.compile(r"提升|提高|增强|扩大|加强|影响力|知名度|好感|认知|awareness|influence|improve|boost|enhance",
                   re.IGNORECASE)


# ---- goals ---------------------------------------------------------------------------------------
@rule("AE101", "goals", Severity.error, N_("objective {id} has no KPI"),
      N_("Every objective needs a measurable KPI (metric, target, unit, deadline); otherwise nobody can say "
         "at the end whether it was met. Add a kpi block to the objective."))
def objective_without_kpi(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, o in each(p.brief.objectives, "brief.objectives"):
        if o.kpi is None:
            yield Hit(path, {"id": o.id})


@rule("AE102", "goals", Severity.error, N_("the KPI of objective {id} lacks: {missing}"),
      N_("A KPI is only measurable with a metric, a target, a unit and a deadline. Fill the missing parts "
         "with the client and record where the number came from."))
def kpi_incomplete(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, o in each(p.brief.objectives, "brief.objectives"):
        k = o.kpi
        if k is None:
            continue
        missing = [name for name, value in (("target", k.target), ("unit", k.unit), ("deadline", k.deadline))
                   if value in (None, "")]
        if missing:
            yield Hit(path + ".kpi", {"id": o.id, "missing": missing_fields(missing)})


@rule("AE103", "goals", Severity.warning, N_("the KPI of objective {id} has no baseline"),
      N_("At level 3 every KPI states where we start from (baseline), so that the lift can be judged and "
         "ROI argued. Ask the client for last campaign's or last quarter's figure."), level3_only=True)
def kpi_without_baseline(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, o in each(p.brief.objectives, "brief.objectives"):
        if o.kpi is not None and o.kpi.baseline is None:
            yield Hit(path + ".kpi.baseline", {"id": o.id})


@rule("AE104", "goals", Severity.error, N_("objective {id} is vague: “{title}” has no number"),
      N_("Goals like “raise brand influence” cannot be delivered or accepted. Turn each into a number: "
         "which metric, how much, by when."))
def vague_objective(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, o in each(p.brief.objectives, "brief.objectives"):
        numeric = o.kpi is not None and o.kpi.target is not None
        if VAGUE.search(o.title) and not numeric and not re.search(r"\d", o.title):
            yield Hit(path, {"id": o.id, "title": o.title})


# ---- boundaries ----------------------------------------------------------------------------------
@rule("AE201", "boundaries", Severity.error, N_("the brief has no out-of-scope list"),
      N_("Without a written out-of-scope list every extra request looks included. List what this project "
         "does not cover and have the client confirm it."))
def no_out_of_scope(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.brief.out_of_scope:
        yield Hit("brief.out_of_scope")


@rule("AE202", "boundaries", Severity.error, N_("the brief has no acceptance points"),
      N_("Acceptance points say when a deliverable counts as done. Agree them before work starts, not at "
         "delivery."))
def no_acceptance_points(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.brief.acceptance_points:
        yield Hit("brief.acceptance_points")


@rule("AE203", "boundaries", Severity.error, N_("decision {id} changes the scope but the client has not confirmed it"),
      N_("A scope change is only real once the client confirms it in writing. Get the confirmation (mail or "
         "signed minutes) and set client_confirmed."))
def scope_change_unconfirmed(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, d in each(p.decisions, "decisions"):
        if d.changes_scope and not d.client_confirmed:
            yield Hit(path, {"id": d.id})


# ---- feasibility ---------------------------------------------------------------------------------
def _open_items(p: Project) -> Iterator[tuple[str, WorkItem]]:
    for path, w in each(p.work_items, "work_items"):
        if w.status != Status.cancelled:
            yield path, w


@rule("AE301", "feasibility", Severity.error, N_("work item {id} has no owner"),
      N_("A deliverable without an owner is nobody's job. Name one person (not a team)."))
def item_without_owner(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in _open_items(p):
        if not w.owner:
            yield Hit(path + ".owner", {"id": w.id})


@rule("AE302", "feasibility", Severity.error, N_("work item {id} has no due date"),
      N_("Without a due date a deliverable cannot be scheduled or chased. Run aeflow plan or set due."))
def item_without_due(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in _open_items(p):
        if w.due is None:
            yield Hit(path + ".due", {"id": w.id})


@rule("AE303", "feasibility", Severity.warning, N_("work item {id} has no acceptance criterion"),
      N_("Say how the deliverable will be accepted (who approves, against what), so that review rounds end."))
def item_without_acceptance(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in _open_items(p):
        if w.deliverable and not w.acceptance_criteria:
            yield Hit(path + ".acceptance_criteria", {"id": w.id})


@rule("AE304", "feasibility", Severity.warning, N_("work item {id} has no time estimate"),
      N_("Polish without feasibility is the classic pitfall: estimate the hours of every deliverable so that "
         "cost and workload can be checked."))
def item_without_estimate(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in _open_items(p):
        if w.deliverable and w.estimated_hours is None:
            yield Hit(path + ".estimated_hours", {"id": w.id})


@rule("AE305", "feasibility", Severity.error, N_("the plan misses the launch date by {days} working day(s)"),
      N_("The critical path ends after the launch. Compress it (parallel steps, shorter review rounds) or agree "
         "a new date with the client before presenting the plan."))
def plan_misses_launch(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.schedule is not None and not ctx.schedule.feasible:
        yield Hit("work_items", {"days": ctx.schedule.late_by_days, "chain": " → ".join(ctx.schedule.chain)})


@rule("AE306", "feasibility", Severity.warning, N_("{owner} is over-allocated in week {week}: {hours} h of {capacity} h"),
      N_("An over-allocated owner makes every date on the plan uncertain. Move work, add people or extend "
         "the item."))
def owner_overallocated(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.schedule is None:
        return
    for owner, week, hours, capacity in ctx.schedule.overallocated:
        yield Hit("team", {"owner": owner, "week": week, "hours": f"{hours:g}", "capacity": f"{capacity:g}"})


# ---- process -------------------------------------------------------------------------------------
@rule("AE401", "process", Severity.error, N_("there is no communication cadence"),
      N_("Results without process confuse every hand-off. Set at least a weekly status meeting with its "
         "participants and decision authority."))
def no_cadence(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.cadence:
        yield Hit("cadence")


@rule("AE402", "process", Severity.warning, N_("no meeting of the cadence includes the client"),
      N_("At level 3 the client sits in a regular review: decisions get confirmed there and leave a trace."),
      level3_only=True)
def cadence_without_client(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if p.cadence and not any(c.includes_client for c in p.cadence):
        yield Hit("cadence")


@rule("AE403", "process", Severity.warning, N_("work item {id} is {status} but the change has no date"),
      N_("Record when a status changed (status_history, actual dates) so that progress can be traced."))
def status_change_undated(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in each(p.work_items, "work_items"):
        if w.status == Status.planned:
            continue
        dated = any(c.status == w.status for c in w.status_history)
        if w.status == Status.done:
            dated = dated or w.actual_finish is not None
        elif w.status == Status.in_progress:
            dated = dated or w.actual_start is not None
        if not dated:
            yield Hit(path + ".status", {"id": w.id, "status": _(STATUS_WORDS[w.status])})


@rule("AE404", "process", Severity.error, N_("work item {id} was due on {due} and is still planned"),
      N_("A past-due item still marked planned hides a delay. Update its status and dates, and tell the "
         "people who depend on it."))
def past_due_still_planned(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, w in each(p.work_items, "work_items"):
        if w.status == Status.planned and w.due is not None and w.due < ctx.today:
            yield Hit(path + ".status", {"id": w.id, "due": w.due.isoformat()})
