"""Shared building blocks of the domain records: base class, identifiers, enums, money.

Errors raised here use :class:`pydantic_core.PydanticCustomError` with a stable ``type`` code and
a context; :mod:`aeflow.domain.messages` turns codes into sentences in the user's language.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aeflow.i18n import N_


class Record(BaseModel):
    """Base of every domain record: unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A record identifier: letters, digits, ``_ . -``; unique within its collection."""

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]
Hours = Annotated[float, Field(ge=0, le=100000)]
Score = Annotated[int, Field(ge=1, le=5)]


class Level(int, Enum):
    """Depth of the work: 1 = execution (一级AE), 3 = strategy (三级AE)."""

    L1 = 1
    L3 = 3


class Stage(StrEnum):
    """The eight stages of a project, in order."""

    intake = "intake"
    insight = "insight"
    proposal = "proposal"
    budget = "budget"
    collaboration = "collaboration"
    risk = "risk"
    monitoring = "monitoring"
    retrospective = "retrospective"

    @property
    def number(self) -> int:
        return list(Stage).index(self) + 1

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.intake: N_("Intake & goal clarification"),
    Stage.insight: N_("Insight & positioning"),
    Stage.proposal: N_("Proposal & strategy map"),
    Stage.budget: N_("Resources & budget"),
    Stage.collaboration: N_("Collaboration & cadence"),
    Stage.risk: N_("Risk & contingency"),
    Stage.monitoring: N_("Execution monitoring"),
    Stage.retrospective: N_("Retrospective"),
}


class CampaignType(StrEnum):
    launch = "launch"  # 新品上市
    promotion = "promotion"  # 618 / 双11 / 大促
    brand_event = "brand_event"  # 品牌活动
    popup = "popup"  # 线下快闪
    kol_seeding = "kol_seeding"  # 达人种草
    private_domain = "private_domain"  # 私域拉新
    always_on = "always_on"  # 常态化内容

    @property
    def label(self) -> str:
        return CAMPAIGN_LABELS[self]


CAMPAIGN_LABELS = {
    CampaignType.launch: N_("Product launch"),
    CampaignType.promotion: N_("Sales promotion"),
    CampaignType.brand_event: N_("Brand event"),
    CampaignType.popup: N_("Offline pop-up"),
    CampaignType.kol_seeding: N_("KOL seeding"),
    CampaignType.private_domain: N_("Private-domain growth"),
    CampaignType.always_on: N_("Always-on content"),
}


class Role(StrEnum):
    """Team roles that own work."""

    ae = "ae"
    creative = "creative"
    copy = "copy"
    design = "design"
    media = "media"
    pr = "pr"
    legal = "legal"
    data = "data"
    client = "client"
    production = "production"
    vendor = "vendor"


ROLE_LABELS = {
    Role.ae: N_("Account executive"),
    Role.creative: N_("Creative"),
    Role.copy: N_("Copywriting"),
    Role.design: N_("Design"),
    Role.media: N_("Media buying"),
    Role.pr: N_("PR"),
    Role.legal: N_("Legal"),
    Role.data: N_("Data analysis"),
    Role.client: N_("Client"),
    Role.production: N_("Production"),
    Role.vendor: N_("Vendor"),
}


class Comparison(StrEnum):
    ge = ">="
    le = "<="
    eq = "="
    gt = ">"
    lt = "<"

    def holds(self, value: float, threshold: float) -> bool:
        return {
            Comparison.ge: value >= threshold,
            Comparison.le: value <= threshold,
            Comparison.eq: value == threshold,
            Comparison.gt: value > threshold,
            Comparison.lt: value < threshold,
        }[self]
