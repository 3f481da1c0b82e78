"""Stage 2 — insight and positioning (客户洞察与定位)."""

from __future__ import annotations

from pydantic import Field

from aeflow.domain.common import Id, NonEmpty, Record, Text


class Persona(Record):
    id: Id
    name: NonEmpty
    description: Text = ""
    demographics: Text = ""
    needs: list[NonEmpty] = Field(default_factory=list)
    barriers: list[NonEmpty] = Field(default_factory=list)
    channels: list[NonEmpty] = Field(default_factory=list)


class FunnelStage(Record):
    """One stage of the purchase path and where the audience meets the brand there."""

    stage: NonEmpty = Field(description="e.g. awareness, interest, consideration, purchase, loyalty")
    touchpoints: list[NonEmpty] = Field(default_factory=list)
    message: Text = ""


class Competitor(Record):
    name: NonEmpty
    positioning: Text = ""
    price_band: Text = ""
    strengths: list[NonEmpty] = Field(default_factory=list)
    weaknesses: list[NonEmpty] = Field(default_factory=list)
    channels: list[NonEmpty] = Field(default_factory=list)


class SWOT(Record):
    strengths: list[NonEmpty] = Field(default_factory=list)
    weaknesses: list[NonEmpty] = Field(default_factory=list)
    opportunities: list[NonEmpty] = Field(default_factory=list)
    threats: list[NonEmpty] = Field(default_factory=list)


class ChannelTrait(Record):
    channel: NonEmpty
    audience: Text = ""
    strengths: Text = ""
    content_formats: list[NonEmpty] = Field(default_factory=list)
    notes: Text = ""


class Insight(Record):
    industry_context: Text = ""
    pain_points: list[NonEmpty] = Field(default_factory=list)
    positioning: Text = ""
    # Level 3
    personas: list[Persona] = Field(default_factory=list)
    purchase_path: list[FunnelStage] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    swot: SWOT | None = None
    channel_traits: list[ChannelTrait] = Field(default_factory=list)
    market_data: list[NonEmpty] = Field(default_factory=list)
