"""Stage 8 — the retrospective (复盘)."""

from __future__ import annotations

from pydantic import Field

from aeflow.domain.common import Comparison, Id, NonEmpty, Record, Text


class MetricRow(Record):
    metric: NonEmpty
    channel: Text = ""
    objective: Id | None = None
    target: float | None = None
    actual: float | None = None
    unit: Text = ""
    comparison: Comparison = Comparison.ge
    note: Text = ""

    @property
    def variance(self) -> float | None:
        if self.target is None or self.actual is None:
            return None
        return self.actual - self.target

    @property
    def met(self) -> bool | None:
        if self.target is None or self.actual is None:
            return None
        return self.comparison.holds(self.actual, self.target)


class Retrospective(Record):
    metrics: list[MetricRow] = Field(default_factory=list)
    delivery_quality: Text = ""
    client_feedback: Text = ""
    learnings: list[NonEmpty] = Field(default_factory=list)
    improvements: list[NonEmpty] = Field(default_factory=list)
    owner: Text = ""
    next_iteration: list[NonEmpty] = Field(default_factory=list)
    long_term_value: Text = Field("", description="L3: brand health and relationship value")
