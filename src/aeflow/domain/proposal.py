"""Stage 3 — the proposal (提案框架) and its strategy map."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from pydantic import ValidationInfo

from aeflow.domain.common import Id, Money, NonEmpty, Record, Text


class StrategyCell(Record):
    """One cell of the strategy map: what runs on a channel at a funnel stage, and how often."""

    channel: NonEmpty
    funnel_stage: NonEmpty
    content: Text = ""
    rhythm: Text = Field("", description="content rhythm, e.g. 预热期每周2条, launch week daily")
    objectives: list[Id] = Field(default_factory=list, description="ids of the objectives this cell serves")


class Phase(Record):
    """A phase of the proposal's timeline (预热, 引爆, 持续, …)."""

    name: NonEmpty
    start: dt.date
    end: dt.date
    focus: Text = ""

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise PydanticCustomError(
                "date_before_start", "{field} {value} is before the start {start}",
                {"field": "end", "value": end.isoformat(), "start": start.isoformat()},
            )
        return end


class BudgetEstimate(Record):
    total: Money | None = None
    roi: float | None = Field(None, description="expected (revenue - cost) / cost")
    roas: float | None = Field(None, description="expected revenue / media spend")
    assumptions: list[NonEmpty] = Field(default_factory=list)


class Proposal(Record):
    problem_statement: Text = ""
    objectives: list[Id] = Field(default_factory=list, description="ids of the brief's objectives addressed")
    creative_direction: Text = ""
    strategy_map: list[StrategyCell] = Field(default_factory=list)
    execution_plan: list[NonEmpty] = Field(default_factory=list)
    timeline: list[Phase] = Field(default_factory=list)
    budget: BudgetEstimate = Field(default_factory=BudgetEstimate)
    risks_and_mitigation: list[NonEmpty] = Field(default_factory=list)
    resource_needs: list[NonEmpty] = Field(default_factory=list, description="L3: cross-department resources")
