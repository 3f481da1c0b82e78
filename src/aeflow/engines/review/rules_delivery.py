"""Pitfall rules on commitments, risk, budget and the relationship (AE5xx–AE8xx)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from aeflow.domain.budget import CostCategory
from aeflow.domain.common import ROLE_LABELS, Role
from aeflow.domain.decision import CommitmentStatus
from aeflow.domain.lintconfig import Severity
from aeflow.domain.project import Project
from aeflow.domain.risk import RiskStatus
from aeflow.engines.review.registry import Hit, ReviewContext, each, missing_fields, rule
from aeflow.i18n import N_, _

HIGH_RISK_SCORE = 12  # likelihood × severity at or above this is "high"
GOVERNANCE_ROLES = ("pr", "legal", "data")
MEDIA_CATEGORIES = (CostCategory.media, CostCategory.kol, CostCategory.event)


def _norm(text: str) -> str:
    return text.strip().lower()


# ---- commitments ---------------------------------------------------------------------------------
@rule("AE501", "commitments", Severity.error, N_("client commitment {id} lacks: {missing}"),
      N_("A promise to the client needs an owner and a date, or it will quietly slip. Fill both and keep "
         "the status current."))
def commitment_incomplete(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, c in each(p.commitments, "commitments"):
        missing = [n for n, v in (("owner", c.owner), ("due", c.due)) if not v]
        if missing:
            yield Hit(path, {"id": c.id, "missing": missing_fields(missing)})


@rule("AE502", "commitments", Severity.error, N_("client commitment {id} was due on {due} and is still open"),
      N_("An overdue promise costs trust. Deliver it, or tell the client now with a new date and record it."))
def commitment_overdue(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, c in each(p.commitments, "commitments"):
        if c.status == CommitmentStatus.open and c.due is not None and c.due < ctx.today:
            yield Hit(path + ".status", {"id": c.id, "due": c.due.isoformat()})


# ---- risk ----------------------------------------------------------------------------------------
@rule("AE601", "risk", Severity.error, N_("risk {id} lacks: {missing}"),
      N_("A logged risk helps only with a response, a contact person and a plan for telling the client."))
def risk_incomplete(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, r in each(p.risks, "risks"):
        if r.status == RiskStatus.closed:
            continue
        missing = [n for n, v in (("response", r.response), ("contact", r.contact),
                                  ("communication", r.communication)) if not v]
        if missing:
            yield Hit(path, {"id": r.id, "missing": missing_fields(missing)})


@rule("AE602", "risk", Severity.error, N_("high risk {id} (score {score}) has no {missing}"),
      N_("For a likely and severe risk decide in advance: which data shows it is happening (a trigger aeflow "
         "checks after every import) and what we do then (“if A happens, then B”)."))
def high_risk_unprepared(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, r in each(p.risks, "risks"):
        if r.score < HIGH_RISK_SCORE or r.status == RiskStatus.closed:
            continue
        missing = [n for n, v in (("trigger", r.trigger), ("contingency", r.contingency)) if v is None]
        if missing:
            yield Hit(path, {"id": r.id, "score": r.score, "missing": missing_fields(missing)})


@rule("AE603", "risk", Severity.warning, N_("the risk map does not cover channel {channel}"),
      N_("At level 3 the risk map covers the whole chain: each channel with budget has at least one risk "
         "(platform review, delivery, performance)."), level3_only=True)
def risk_map_channels(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    covered = {_norm(r.channel) for r in p.risks if r.channel}
    covered |= {_norm(r.trigger.channel) for r in p.risks if r.trigger and r.trigger.channel}
    for channel in dict.fromkeys(_norm(c) for c in p.channels):
        if channel not in covered:
            yield Hit("risks", {"channel": channel})


@rule("AE604", "risk", Severity.warning, N_("the risk map does not cover the {team} team"),
      N_("Cross-functional teams (PR, legal, data) each carry their own risks — a legal rejection, a PR "
         "crisis, broken tracking. Give each team on the project at least one risk with a contact."),
      level3_only=True)
def risk_map_teams(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    on_team = {m.role.value for m in p.team} | {w.role.value for w in p.work_items}
    covered = {_norm(r.team) for r in p.risks if r.team} | {r.category.value for r in p.risks}
    for team in GOVERNANCE_ROLES:
        if team in on_team and team not in covered:
            yield Hit("risks", {"team": _(ROLE_LABELS[Role(team)])})


# ---- budget --------------------------------------------------------------------------------------
@rule("AE701", "budget", Severity.error, N_("budget lines add up to {planned}, but the total is {total}"),
      N_("The budget lines must account for the whole budget, so that nothing is spent unplanned. Add a line "
         "(e.g. a reserve) or correct the total."))
def lines_sum_to_total(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    total = p.budget.total
    if total is not None and p.budget.lines and p.budget.planned != total:
        yield Hit("budget.lines", {"planned": f"{p.budget.planned:,.2f}", "total": f"{total:,.2f}"})


@rule("AE702", "budget", Severity.error, N_("budget line {id} commits {committed}, more than planned {planned}"),
      N_("Committed money above the plan is an overrun before the campaign starts. Re-plan the line or "
         "renegotiate the contract."))
def committed_over_planned(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, line in each(p.budget.lines, "budget.lines"):
        if line.committed > line.planned:
            yield Hit(path + ".committed", {"id": line.id, "committed": f"{line.committed:,.2f}",
                                            "planned": f"{line.planned:,.2f}"})


@rule("AE703", "budget", Severity.error, N_("the proposal has no ROI or ROAS estimate"),
      N_("At level 3 the proposal answers the client's business question: what the spend is expected to "
         "return. Run aeflow budget forecast and record the ROI/ROAS estimate."), level3_only=True)
def no_roi_estimate(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if p.proposal.budget.roi is None and p.proposal.budget.roas is None:
        yield Hit("proposal.budget")


def _served_channels(p: Project) -> dict[str, set[str]]:
    """objective id → channels that explicitly serve it (budget links, strategy map, KPI channel)."""
    out: dict[str, set[str]] = {o.id: set() for o in p.brief.objectives}
    for o in p.brief.objectives:
        if o.kpi and o.kpi.channel:
            out[o.id].add(_norm(o.kpi.channel))
    for line in p.budget.lines:
        if line.objective in out:
            out[line.objective].add(_norm(line.channel))
    for cell in p.proposal.strategy_map:
        for oid in cell.objectives:
            if oid in out:
                out[oid].add(_norm(cell.channel))
    return out


@rule("AE704", "budget", Severity.warning, N_("budget line {id} ({channel}) serves no KPI"),
      N_("Spend with no KPI cannot be judged. Link the line to an objective, or map its channel to one in "
         "the strategy map."))
def spend_without_kpi(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    served = set().union(*_served_channels(p).values()) if p.brief.objectives else set()
    for path, line in each(p.budget.lines, "budget.lines"):
        if line.category in MEDIA_CATEGORIES and line.planned > Decimal(0) and line.objective is None \
                and _norm(line.channel) not in served:
            yield Hit(path, {"id": line.id, "channel": line.channel})


@rule("AE705", "budget", Severity.warning, N_("objective {id} is served by no channel"),
      N_("A KPI that no channel works for will not move. Give it budget or a place in the strategy map."))
def kpi_without_channel(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.budget.lines and not p.proposal.strategy_map:
        return
    for path, o in each(p.brief.objectives, "brief.objectives"):
        if not _served_channels(p)[o.id]:
            yield Hit(path, {"id": o.id})


OVER_BURN = ("labour_over_fee", "labour_plan_over_fee", "labour_burn_ahead")


@rule("AE706", "budget", Severity.warning, N_("agency labour: {alert}"),
      N_("Labour is half the budget an AE defends. When hours cost more than the agreed fee, or burn ahead of "
         "the work delivered, agree a change request with the client or re-plan the team before it grows."))
def labour_over_burn(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for code, message in ctx.labour_alerts:
        if code in OVER_BURN:
            yield Hit("budget.agency_fee", {"alert": message})


# ---- relationship --------------------------------------------------------------------------------
@rule("AE801", "relationship", Severity.error, N_("the flight ended on {end} but there is no retrospective with a next-cycle plan"),
      N_("The retrospective turns this campaign into the next one: metrics against targets, learnings, and "
         "a plan for the next cycle the client can say yes to."), level3_only=True)
def no_retrospective(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    end = p.flight_end or p.launch
    r = p.retrospective
    if end < ctx.today and (not r.metrics or not r.next_iteration):
        yield Hit("retrospective", {"end": end.isoformat()})


@rule("AE802", "relationship", Severity.advice, N_("long-term client value is not tracked"),
      N_("Short-term tasks are no substitute for the relationship: note brand health and the value this "
         "work adds for the client beyond this campaign."), level3_only=True)
def no_long_term_value(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.retrospective.long_term_value and not p.client.relationship_notes:
        yield Hit("retrospective.long_term_value")
