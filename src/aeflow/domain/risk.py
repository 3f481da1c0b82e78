"""Stage 6 — the risk register (风险清单与应对预案) with machine-checkable triggers."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from aeflow.domain.common import Comparison, Id, NonEmpty, Record, Score, Text


class RiskCategory(StrEnum):
    schedule = "schedule"
    budget = "budget"
    creative = "creative"
    platform = "platform"
    legal = "legal"
    pr = "pr"
    vendor = "vendor"
    performance = "performance"
    client = "client"
    operations = "operations"


class Trigger(Record):
    """A condition checked against the imported data, e.g. 抖音 CTR < 1.0% for 3 consecutive days."""

    metric: NonEmpty = Field(description="ctr, cpa, cpm, roas, spend_pacing …")
    channel: Text = ""
    comparison: Comparison
    threshold: float
    consecutive_days: int = Field(1, ge=1, le=90)


class Contingency(Record):
    """If A happens, then B."""

    when: NonEmpty = Field(description="the situation (A)")
    then: NonEmpty = Field(description="what we do (B)")


class RiskStatus(StrEnum):
    open = "open"
    watching = "watching"
    occurred = "occurred"
    closed = "closed"


class Risk(Record):
    id: Id
    description: NonEmpty
    category: RiskCategory = RiskCategory.operations
    channel: Text = ""
    team: Text = Field("", description="cross-functional team concerned, e.g. legal, pr, data")
    likelihood: Score
    severity: Score
    response: Text = Field("", description="response strategy")
    owner: Text = ""
    contact: Text = ""
    communication: Text = Field("", description="how and to whom it is communicated (client plan)")
    trigger: Trigger | None = None
    contingency: Contingency | None = None
    status: RiskStatus = RiskStatus.open

    @property
    def score(self) -> int:
        return self.likelihood * self.severity
