"""Stage 8 — the retrospective (复盘)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from aeflow.domain.common import Comparison, Id, NonEmpty, Record, Text


class Rank(StrEnum):
    """Why ``aeflow retro`` singled a row out: the best or worst channel or creative in the imported data."""

    best_channel = "best_channel"
    worst_channel = "worst_channel"
    best_creative = "best_creative"
    worst_creative = "worst_creative"


class Source(StrEnum):
    """Where a row's ``actual`` came from."""

    entered = "entered"
    """Written by the AE (the file, the web form): never replaced by the imported data."""
    data = "data"
    """Filled from the imported data (equal to ``data_actual``): refreshed by the next fill."""


class MetricRow(Record):
    metric: NonEmpty
    channel: Text = ""
    objective: Id | None = None
    target: float | None = None
    actual: float | None = None
    unit: Text = ""
    comparison: Comparison = Comparison.ge
    note: Text = ""
    data_actual: float | None = Field(
        None, description="The figure the imported data gave at the last `aeflow retro` (written by the tool; "
                          "`actual` equal to it means the actual was filled from the data).")
    rank: Rank | None = Field(None, description="Set by `aeflow retro`: best/worst channel or creative in the data.")

    @property
    def source(self) -> Source | None:
        """``data`` when the actual is the imported data's figure, ``entered`` when the AE wrote it."""
        if self.actual is None:
            return None
        if self.data_actual is not None and self.actual == self.data_actual:
            return Source.data
        return Source.entered

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
