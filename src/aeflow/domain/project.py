"""The project: one aggregate holding the records of all eight stages.

Cross-record rules (unique ids, references between records, dependency cycles, owners that are on
the team) are checked here, so that no invalid project can be built in memory. Each problem keeps
its exact path, e.g. ``work_items[3].depends_on[0]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from aeflow.domain.brief import RequirementBrief
from aeflow.domain.budget import Budget
from aeflow.domain.cadence import ActionKind, CadenceItem
from aeflow.domain.client import Client
from aeflow.domain.common import CampaignType, Id, Level, NonEmpty, Record, Role, Stage, Text
from aeflow.domain.dates import not_before
from aeflow.domain.decision import Commitment, Decision
from aeflow.domain.graph import find_cycles
from aeflow.domain.insight import Insight
from aeflow.domain.lintconfig import LintConfig
from aeflow.domain.plan import WorkItem
from aeflow.domain.proposal import Proposal
from aeflow.domain.retro import Retrospective
from aeflow.domain.risk import Risk
from aeflow.errors import Problem

SCHEMA_VERSION = 1


class TeamMember(Record):
    name: NonEmpty
    role: Role
    side: str = Field("agency", pattern="^(agency|client|vendor)$")
    email: Text = ""
    weekly_capacity_hours: float = Field(40, ge=0, le=168)


class Project(Record):
    schema_version: int = Field(SCHEMA_VERSION, ge=1, le=SCHEMA_VERSION)
    id: Id
    name: NonEmpty
    client: Client
    campaign_type: CampaignType
    level: Level = Level.L1
    stage: Stage = Stage.intake
    kickoff: dt.date
    launch: dt.date
    flight_end: dt.date | None = Field(None, description="last day of the campaign's flight")
    currency: str = Field("CNY", pattern="^[A-Z]{3}$")
    locale: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    channels: list[NonEmpty] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list)
    brief: RequirementBrief = Field(default_factory=RequirementBrief)
    insight: Insight = Field(default_factory=Insight)
    proposal: Proposal = Field(default_factory=Proposal)
    work_items: list[WorkItem] = Field(default_factory=list)
    budget: Budget = Field(default_factory=Budget)
    risks: list[Risk] = Field(default_factory=list)
    cadence: list[CadenceItem] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    retrospective: Retrospective = Field(default_factory=Retrospective)
    lint: LintConfig | None = Field(None, description="this project's pitfall-checker settings")

    _launch_after_kickoff = field_validator("launch")(not_before("kickoff"))
    _end_after_launch = field_validator("flight_end")(not_before("launch"))

    @model_validator(mode="after")
    def _references(self) -> Project:
        problems = reference_problems(self)
        if problems:
            raise PydanticCustomError(
                "references",
                "{count} reference problem(s)",
                {"count": len(problems), "problems": [
                    {"path": list(p.path), "code": p.code, "params": p.params} for p in problems
                ]},
            )
        return self

    def objective(self, objective_id: str) -> Any:
        return next((o for o in self.brief.objectives if o.id == objective_id), None)

    def work_item(self, item_id: str) -> WorkItem | None:
        return next((w for w in self.work_items if w.id == item_id), None)


def _duplicates(items: Iterable[Any], path: tuple[str | int, ...], attr: str = "id") -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            yield Problem(path + (i, attr), "duplicate_id", {"id": key, "first": seen[key]})
        else:
            seen[key] = i


def reference_problems(p: Project) -> list[Problem]:
    """Every broken cross-reference of a project, each with its exact path."""
    out: list[Problem] = []
    meetings = [(ci, ri, r) for ci, c in enumerate(p.cadence) for ri, r in enumerate(c.records)]
    for items, path in (
        (p.brief.objectives, ("brief", "objectives")),
        (p.work_items, ("work_items",)),
        (p.budget.lines, ("budget", "lines")),
        (p.risks, ("risks",)),
        (p.cadence, ("cadence",)),
        (p.decisions, ("decisions",)),
        (p.commitments, ("commitments",)),
        (p.insight.personas, ("insight", "personas")),
    ):
        out.extend(_duplicates(items, path))
    seen_meetings: dict[str, tuple[int, int]] = {}
    for ci, ri, record in meetings:
        if record.id in seen_meetings:
            out.append(Problem(("cadence", ci, "records", ri, "id"), "duplicate_id", {"id": record.id}))
        seen_meetings.setdefault(record.id, (ci, ri))

    objectives = {o.id for o in p.brief.objectives}
    items = {w.id for w in p.work_items}
    decisions = {d.id for d in p.decisions}
    commitments = {c.id for c in p.commitments}
    team = {m.name for m in p.team}

    def ref(value: str | None, known: set[str], path: tuple[str | int, ...], code: str) -> None:
        if value is not None and value not in known:
            out.append(Problem(path, code, {"id": value}))

    for i, w in enumerate(p.work_items):
        for j, dep in enumerate(w.depends_on):
            if dep == w.id:
                out.append(Problem(("work_items", i, "depends_on", j), "self_dependency", {"id": dep}))
            else:
                ref(dep, items, ("work_items", i, "depends_on", j), "unknown_work_item")
        ref(w.objective, objectives, ("work_items", i, "objective"), "unknown_objective")
        if team and w.owner and w.owner not in team:
            out.append(Problem(("work_items", i, "owner"), "unknown_owner", {"id": w.owner}))
    for i, line in enumerate(p.budget.lines):
        ref(line.objective, objectives, ("budget", "lines", i, "objective"), "unknown_objective")
    for i, oid in enumerate(p.proposal.objectives):
        ref(oid, objectives, ("proposal", "objectives", i), "unknown_objective")
    for i, cell in enumerate(p.proposal.strategy_map):
        for j, oid in enumerate(cell.objectives):
            ref(oid, objectives, ("proposal", "strategy_map", i, "objectives", j), "unknown_objective")
    for i, row in enumerate(p.retrospective.metrics):
        ref(row.objective, objectives, ("retrospective", "metrics", i, "objective"), "unknown_objective")
    for ci, ri, record in meetings:
        base = ("cadence", ci, "records", ri)
        for j, did in enumerate(record.decisions):
            ref(did, decisions, base + ("decisions", j), "unknown_decision")
        for j, action in enumerate(record.action_items):
            known = items if action.becomes == ActionKind.work_item else commitments
            code = "unknown_work_item" if action.becomes == ActionKind.work_item else "unknown_commitment"
            ref(action.ref, known, base + ("action_items", j, "ref"), code)
    out.extend(_cycles(p.work_items))
    return out


def _cycles(work_items: list[WorkItem]) -> list[Problem]:
    """One problem per dependency cycle, at the item whose dependency closes it."""
    index = {w.id: i for i, w in enumerate(work_items)}
    deps = {w.id: [d for d in w.depends_on if d in index and d != w.id] for w in work_items}
    return [Problem(("work_items", index[node], "depends_on"), "dependency_cycle", {"cycle": " → ".join(cycle)})
            for node, cycle in find_cycles(deps)]
