"""What intake extracts from a note: each fact with the span of text it came from."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aeflow.domain.common import CampaignType, Comparison


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Fact):
    """Where a fact was written: ``text[start:end]`` of the note as parsed."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class BudgetSplit(_Fact):
    """A part of the budget given for one channel or cost item (其中抖音5000万)."""

    amount: float
    channel: str | None = None
    label: str = ""
    span: Span


class BudgetFact(_Fact):
    amount: float | None = Field(None, description="in the currency's main unit (yuan for CNY); low end of a range")
    amount_max: float | None = Field(None, description="high end when a range was given (200-300万)")
    currency: str = "CNY"
    approximate: bool = False
    ceiling: bool = Field(False, description="the amount is an upper limit (最多, 不超过, up to)")
    includes_tax: bool | None = None
    period: Literal["month", "week", "quarter"] | None = Field(None, description="budget per period, not total")
    splits: list[BudgetSplit] = Field(default_factory=list)
    span: Span


DateRole = Literal["launch", "kickoff", "deadline", "proposal", "report", "confirm", "meeting", "mention"]


class DateFact(_Fact):
    """A date the note names, resolved against the reference date."""

    date: dt.date
    range_start: dt.date | None = Field(None, description="first day when the note names a period (Q3, 6月)")
    role: DateRole
    vague: bool = Field(False, description="a period or a rough time (Q3, 6月中旬, next week), not a day")
    before: bool = Field(False, description="written as 'before X' / 'X前'")
    span: Span


class DurationFact(_Fact):
    """A length of time: 为期两周, 3个月内, for 4 weeks."""

    days: int = Field(ge=0)
    within: bool = Field(False, description="'within N' (N个月内): a deadline counted from the anchor")
    anchor: Literal["ref", "launch"] = "ref"
    role: DateRole = "deadline"
    span: Span


class KPIFact(_Fact):
    metric: str
    target: float | None
    unit: str
    comparison: Comparison = Comparison.ge
    deadline: dt.date | None = None
    baseline: float | None = None
    relative: bool = Field(False, description="the target is a change from the baseline (提升20%)")
    approximate: bool = False
    channel: str | None = None
    span: Span


class ChannelFact(_Fact):
    name: str
    group: str | None = None
    excluded: bool = False
    span: Span


class CampaignTypeFact(_Fact):
    value: CampaignType
    score: int
    span: Span


class ConstraintFact(_Fact):
    code: str
    text: str
    span: Span


class StakeholderFact(_Fact):
    name: str
    title: str = ""
    decision_maker: bool = False
    span: Span


class OpenQuestion(_Fact):
    code: str
    text: str = Field(description="the question, in the language of the run")
    params: dict[str, Any] = Field(default_factory=dict)


class IntakeResult(_Fact):
    """The draft: every fact found, the campaign-level dates derived from them, and open questions."""

    ref_date: dt.date
    background: Span | None = Field(None, description="a 客户：… / Client: … line")
    budget: BudgetFact | None = None
    budget_mentions: list[BudgetFact] = Field(default_factory=list)
    launch_date: dt.date | None = None
    kickoff: dt.date | None = None
    deadline: dt.date | None = None
    proposal_due: dt.date | None = None
    duration_days: int | None = None
    dates: list[DateFact] = Field(default_factory=list)
    durations: list[DurationFact] = Field(default_factory=list)
    kpis: list[KPIFact] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    excluded_channels: list[str] = Field(default_factory=list)
    channel_mentions: list[ChannelFact] = Field(default_factory=list)
    campaign_type: CampaignType | None = None
    campaign_types: list[CampaignTypeFact] = Field(default_factory=list)
    constraints: list[ConstraintFact] = Field(default_factory=list)
    stakeholders: list[StakeholderFact] = Field(default_factory=list)
    acceptance: list[Span] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data: dates as ISO strings, whole numbers without a trailing ``.0``."""
        return _tidy(self.model_dump(mode="json"))


def _tidy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
