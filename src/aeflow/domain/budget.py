"""Stage 4 — budget lines (资源与预算编排)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from aeflow.domain.common import Id, Money, NonEmpty, Record, Text


class CostCategory(StrEnum):
    media = "media"
    kol = "kol"
    production = "production"
    event = "event"
    fee = "fee"
    labour = "labour"
    other = "other"


class BudgetLine(Record):
    id: Id
    channel: NonEmpty
    category: CostCategory = CostCategory.media
    vendor: Text = ""
    planned: Money = Decimal(0)
    committed: Money = Decimal(0)
    actual: Money = Decimal(0)
    objective: Id | None = None
    contract_signed: bool = Field(False, description="committed money under a signed contract cannot move")
    notes: Text = Field("", description="internal notes, never shown to the client")


class Budget(Record):
    total: Money | None = None
    agency_fee: Money | None = Field(None, description="internal: the agreed agency fee")
    lines: list[BudgetLine] = Field(default_factory=list)

    @property
    def planned(self) -> Decimal:
        return sum((line.planned for line in self.lines), Decimal(0))

    @property
    def actual(self) -> Decimal:
        return sum((line.actual for line in self.lines), Decimal(0))

    @model_validator(mode="after")
    def _lines_within_total(self) -> Budget:
        if self.total is not None and self.planned > self.total:
            raise PydanticCustomError(
                "budget_over_total", "budget lines plan {planned}, more than the total {total}",
                {"planned": str(self.planned), "total": str(self.total), "field": "lines"},
            )
        return self
