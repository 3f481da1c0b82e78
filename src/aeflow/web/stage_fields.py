"""What each stage's form shows: the fields of the stage's template, L1 first, L3 marked.

Paths are the project's own field names (``brief.objectives``); columns are relative to their row.
"""

from __future__ import annotations

from typing import Any

from aeflow.domain.budget import CostCategory
from aeflow.domain.common import Role, Stage
from aeflow.domain.decision import CommitmentStatus
from aeflow.domain.plan import Status
from aeflow.domain.risk import RiskCategory, RiskStatus
from aeflow.i18n import N_
from aeflow.web.fields import Field


def _t(path: str, label: str, **kw: Any) -> Field:
    return Field(path, label, "text", empty="", **kw)


def _opts(enum: Any) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


OBJECTIVE_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("title", N_("Objective"), required=True),
    _t("kpi.metric", N_("Metric")), Field("kpi.baseline", N_("Baseline"), "number"),
    Field("kpi.target", N_("Target"), "number"), _t("kpi.unit", N_("Unit")),
    Field("kpi.deadline", N_("Deadline"), "date"), _t("kpi.channel", N_("Channel")),
)
WORK_ITEM_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("title", N_("Work item"), required=True),
    _t("milestone", N_("Milestone")), _t("deliverable", N_("Deliverable")), _t("owner", N_("Owner")),
    Field("role", N_("Role"), "select", options=_opts(Role), empty="ae"),
    Field("start", N_("Start"), "date"), Field("due", N_("Due"), "date"),
    Field("depends_on", N_("Depends on"), "cells", empty=[]),
    Field("status", N_("Status"), "select", options=_opts(Status), empty="planned"),
    _t("acceptance_criteria", N_("Acceptance criteria")),
    Field("is_milestone", N_("Milestone?"), "bool"), Field("client_approval", N_("Client approves"), "bool"),
)
RISK_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("description", N_("Risk"), required=True),
    Field("category", N_("Category"), "select", options=_opts(RiskCategory), empty="operations"),
    Field("likelihood", N_("Likelihood (1-5)"), "number"), Field("severity", N_("Severity (1-5)"), "number"),
    _t("response", N_("Response strategy")), _t("owner", N_("Owner")), _t("contact", N_("Contact person")),
    _t("communication", N_("Communication strategy")),
    Field("status", N_("Status"), "select", options=_opts(RiskStatus), empty="open"),
    _t("contingency.when", N_("If this happens"), l3=True), _t("contingency.then", N_("then we"), l3=True),
)
BUDGET_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("channel", N_("Channel"), required=True),
    Field("category", N_("Category"), "select", options=_opts(CostCategory), empty="media"),
    _t("vendor", N_("Vendor")), Field("planned", N_("Planned"), "money", empty="0"),
    Field("committed", N_("Committed"), "money", empty="0"), Field("actual", N_("Actual"), "money", empty="0"),
    Field("contract_signed", N_("Contract signed"), "bool"), _t("notes", N_("Internal notes"), internal=True),
)
CADENCE_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("meeting", N_("Meeting"), required=True),
    _t("frequency", N_("Frequency (RRULE)"), help=N_("e.g. FREQ=WEEKLY;BYDAY=MO")),
    Field("start", N_("First date"), "date"), Field("time", N_("Time"), "time"),
    Field("participants", N_("Participants"), "cells", empty=[]),
    Field("includes_client", N_("Client attends"), "bool"), _t("decision_authority", N_("Decision authority")),
    _t("disclosure", N_("Information disclosure")), _t("visualisation", N_("Progress visualisation")),
)

STAGE_FIELDS: dict[Stage, tuple[Field, ...]] = {
    Stage.intake: (
        Field("brief.background", N_("Client background"), "textarea", empty=""),
        Field("brief.pain_points", N_("Core pain points"), "lines", empty=[]),
        Field("brief.objectives", N_("Goals and measurable KPIs"), "table", columns=OBJECTIVE_COLUMNS),
        Field("brief.in_scope", N_("In scope"), "lines", empty=[]),
        Field("brief.out_of_scope", N_("Out of scope"), "lines", empty=[]),
        Field("brief.constraints", N_("Constraints"), "lines", empty=[]),
        Field("brief.scoring_criteria", N_("Scoring criteria"), "lines", empty=[]),
        Field("brief.acceptance_points", N_("Acceptance points"), "lines", empty=[]),
        Field("brief.hidden_goals", N_("Hidden goals"), "lines", l3=True, empty=[]),
        Field("brief.benefit_points", N_("Benefit points"), "lines", l3=True, empty=[]),
        Field("brief.risk_points", N_("Risk points"), "lines", l3=True, empty=[]),
        Field("brief.alternatives", N_("Alternative proposals"), "lines", l3=True, empty=[]),
    ),
    Stage.insight: (
        Field("insight.industry_context", N_("Industry context"), "textarea", empty=""),
        Field("insight.pain_points", N_("Surface pain points"), "lines", empty=[]),
        Field("insight.positioning", N_("Positioning"), "textarea", empty=""),
        Field("insight.personas", N_("Audience personas"), "table", l3=True, columns=(
            _t("id", N_("ID"), required=True), _t("name", N_("Persona"), required=True),
            _t("demographics", N_("Demographics")), _t("description", N_("Description")),
            Field("needs", N_("Needs"), "cells", empty=[]), Field("channels", N_("Channels"), "cells", empty=[]))),
        Field("insight.purchase_path", N_("Purchase path"), "table", l3=True, columns=(
            _t("stage", N_("Funnel stage"), required=True), Field("touchpoints", N_("Touchpoints"), "cells", empty=[]),
            _t("message", N_("Message")))),
        Field("insight.competitors", N_("Competitors"), "table", l3=True, columns=(
            _t("name", N_("Competitor"), required=True), _t("positioning", N_("Positioning")),
            _t("price_band", N_("Price band")), Field("channels", N_("Channels"), "cells", empty=[]))),
        Field("insight.market_data", N_("Market data"), "lines", l3=True, empty=[]),
    ),
    Stage.proposal: (
        Field("proposal.problem_statement", N_("Problem statement"), "textarea", empty=""),
        Field("proposal.creative_direction", N_("Creative direction"), "textarea", empty=""),
        Field("proposal.execution_plan", N_("Execution plan"), "lines", empty=[]),
        Field("proposal.timeline", N_("Timeline"), "table", columns=(
            _t("name", N_("Phase"), required=True), Field("start", N_("Start"), "date"),
            Field("end", N_("End"), "date"), _t("focus", N_("Focus")))),
        Field("proposal.budget.total", N_("Cost estimate"), "money", internal=True),
        Field("proposal.strategy_map", N_("Strategy map"), "table", l3=True, columns=(
            _t("channel", N_("Channel"), required=True), _t("funnel_stage", N_("Funnel stage"), required=True),
            _t("content", N_("Content")), _t("rhythm", N_("Rhythm")),
            Field("objectives", N_("Objectives"), "cells", empty=[]))),
        Field("proposal.budget.roi", N_("Expected ROI"), "number", l3=True),
        Field("proposal.budget.roas", N_("Expected ROAS"), "number", l3=True),
        Field("proposal.risks_and_mitigation", N_("Risks and opportunities"), "lines", l3=True, empty=[]),
        Field("proposal.resource_needs", N_("Cross-department resources"), "lines", l3=True, empty=[]),
    ),
    Stage.budget: (
        Field("budget.total", N_("Total budget"), "money", internal=True),
        Field("budget.agency_fee", N_("Agency fee"), "money", internal=True, l3=True),
        Field("budget.lines", N_("Budget lines"), "table", columns=BUDGET_COLUMNS, internal=True),
    ),
    Stage.collaboration: (
        Field("team", N_("Team and hand-offs"), "table", columns=(
            _t("name", N_("Name"), required=True),
            Field("role", N_("Role"), "select", options=_opts(Role), empty="ae"),
            Field("side", N_("Side"), "select", options=("agency", "client", "vendor"), empty="agency"),
            _t("email", N_("Email")), Field("weekly_capacity_hours", N_("Hours per week"), "number"))),
        Field("cadence", N_("Communication cadence"), "table", columns=CADENCE_COLUMNS),
        Field("commitments", N_("Client commitments"), "table", columns=(
            _t("id", N_("ID"), required=True), _t("promise", N_("Promise"), required=True),
            _t("owner", N_("Owner")), Field("due", N_("Due"), "date"),
            Field("status", N_("Status"), "select", options=_opts(CommitmentStatus), empty="open"))),
    ),
    Stage.risk: (
        Field("risks", N_("Risk register"), "table", columns=RISK_COLUMNS),
    ),
    Stage.monitoring: (
        Field("work_items", N_("Execution checklist"), "table", columns=WORK_ITEM_COLUMNS),
    ),
    Stage.retrospective: (
        Field("retrospective.metrics", N_("Metrics against target"), "table", columns=(
            _t("metric", N_("Metric"), required=True), _t("channel", N_("Channel")),
            Field("target", N_("Target"), "number"), Field("actual", N_("Actual"), "number"),
            _t("unit", N_("Unit")), _t("note", N_("Note")))),
        Field("retrospective.delivery_quality", N_("Delivery quality"), "textarea", empty=""),
        Field("retrospective.client_feedback", N_("Client feedback"), "textarea", empty=""),
        Field("retrospective.learnings", N_("Key learnings"), "lines", empty=[]),
        Field("retrospective.improvements", N_("Improvements"), "lines", empty=[]),
        _t("retrospective.owner", N_("Owner")),
        Field("retrospective.next_iteration", N_("Next-iteration plan"), "lines", empty=[]),
        Field("retrospective.long_term_value", N_("Long-term client value"), "textarea", l3=True, empty=""),
    ),
}

STAGE_INTROS: dict[Stage, str] = {
    Stage.intake: N_("Turn the client's ask into a written brief: boundaries, deliverables and KPIs that can be measured."),
    Stage.insight: N_("Understand the market and the audience, and decide where the brand stands."),
    Stage.proposal: N_("The proposal: the problem, the strategy map, the timeline and what it costs."),
    Stage.budget: N_("Place the money: budget lines by channel and vendor, committed and spent."),
    Stage.collaboration: N_("Who does what, when the team meets, who decides, and what was promised to the client."),
    Stage.risk: N_("What could go wrong, how likely and how bad, and what we do if it happens."),
    Stage.monitoring: N_("The execution checklist: every deliverable with its owner, date and acceptance criteria."),
    Stage.retrospective: N_("Compare results with targets, keep the learnings, and plan the next cycle."),
}
