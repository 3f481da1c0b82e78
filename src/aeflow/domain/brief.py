"""Stage 1 — the requirement brief (需求梳理) and its measurable objectives."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from aeflow.domain.budget import CostCategory
from aeflow.domain.common import Comparison, Id, NonEmpty, Record, Text

OUTCOME_MEASURES = frozenset({"conversions", "revenue"})
"""The measures a KPI's ``outcome_channels`` apply to."""


class KPI(Record):
    """A measurable target: ``metric comparison target unit`` by ``deadline``."""

    metric: NonEmpty = Field(description="canonical metric name, e.g. impressions, ctr, roas, attendance")
    baseline: float | None = None
    target: float | None = None
    unit: Text = Field("", description="e.g. 次, %, 人, 元, x")
    comparison: Comparison = Comparison.ge
    deadline: dt.date | None = None
    channel: Text = Field("", description="channel the KPI is measured on; empty for all channels")
    outcome_channels: list[NonEmpty] = Field(
        default_factory=list,
        description="channels whose conversions and revenue count in cpa, cvr, roas, roi (e.g. [tmall] when "
                    "only the store's orders are the conversion); empty: the KPI's channel")
    spend_categories: list[CostCategory] = Field(
        default_factory=lambda: [CostCategory.media],
        description="budget cost categories counted as spend in cpa, cpc, cpm, roas, roi: platform exports "
                    "carry media spend; the other categories (and media of channels no export carries) count "
                    "with the actuals recorded on their budget lines, e.g. [media, kol] for media and KOL fees")

    def channels_for(self, measure: str) -> tuple[str, ...]:
        """The channels whose ``measure`` (``conversions``, ``revenue``, ``spend``, ``impressions`` …)
        counts in this KPI: the outcome channels for conversions and revenue when given, else the
        KPI's channel; ``()`` means every channel."""
        if measure in OUTCOME_MEASURES and self.outcome_channels:
            return tuple(self.outcome_channels)
        return (self.channel,) if self.channel and self.channel.lower() != "all" else ()

    @model_validator(mode="after")
    def _target_needs_unit(self) -> KPI:
        if self.target is not None and not self.unit:
            raise PydanticCustomError(
                "kpi_unit_missing",
                "target {target} of metric {metric} has no unit",
                {"target": f"{self.target:,.10g}", "metric": self.metric, "field": "unit"},
            )
        return self


class StageTarget(Record):
    """An intermediate target on the way to a KPI (阶段目标)."""

    date: dt.date
    target: float
    note: Text = ""


class Objective(Record):
    id: Id
    title: NonEmpty
    kpi: KPI | None = None
    stage_targets: list[StageTarget] = Field(default_factory=list)
    priority: int = Field(1, ge=1, le=5)


class RequirementBrief(Record):
    background: Text = ""
    pain_points: list[NonEmpty] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    constraints: list[NonEmpty] = Field(default_factory=list)
    scoring_criteria: list[NonEmpty] = Field(default_factory=list)
    acceptance_points: list[NonEmpty] = Field(default_factory=list)
    in_scope: list[NonEmpty] = Field(default_factory=list)
    out_of_scope: list[NonEmpty] = Field(default_factory=list)
    # Level 3
    hidden_goals: list[NonEmpty] = Field(default_factory=list)
    benefit_points: list[NonEmpty] = Field(default_factory=list)
    risk_points: list[NonEmpty] = Field(default_factory=list)
    alternatives: list[NonEmpty] = Field(default_factory=list)
