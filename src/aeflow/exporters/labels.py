"""Display names for the domain's codes (statuses, categories, metrics), shared by every document.
Metric, channel and cost labels live in :mod:`aeflow.domain.labels` (one place for every output).

Each value is a message id; translate it with :func:`aeflow.i18n._` when rendering.
"""

from __future__ import annotations

from aeflow.domain.budget import CostCategory
from aeflow.domain.common import CAMPAIGN_LABELS, ROLE_LABELS, CampaignType, Role
from aeflow.domain.decision import CommitmentStatus
from aeflow.domain.labels import COST_LABELS, METRIC_LABELS, channel_label
from aeflow.domain.plan import Status
from aeflow.domain.risk import RiskCategory, RiskStatus
from aeflow.engines.monitoring.retro import CREATIVE
from aeflow.i18n import N_, _, get_language

STATUS_LABELS = {
    Status.planned: N_("planned"), Status.in_progress: N_("in progress"),
    Status.waiting_client: N_("waiting for client"), Status.blocked: N_("blocked"), Status.done: N_("done"),
    Status.cancelled: N_("cancelled"),
}

RISK_STATUS_LABELS = {
    RiskStatus.open: N_("risk open"), RiskStatus.watching: N_("watching"),
    RiskStatus.occurred: N_("occurred"), RiskStatus.closed: N_("risk closed"),
}

COMMITMENT_STATUS_LABELS = {
    CommitmentStatus.open: N_("promise open"), CommitmentStatus.done: N_("promise kept"),
    CommitmentStatus.dropped: N_("promise dropped"),
}

RISK_CATEGORY_LABELS = {
    RiskCategory.schedule: N_("Schedule"), RiskCategory.budget: N_("Budget"),
    RiskCategory.creative: N_("Creative"), RiskCategory.platform: N_("Platform"),
    RiskCategory.legal: N_("Legal"), RiskCategory.pr: N_("Public relations"),
    RiskCategory.vendor: N_("Vendor"), RiskCategory.performance: N_("Performance"),
    RiskCategory.client: N_("Client side"), RiskCategory.operations: N_("Operations"),
}

# The five-point scales of the risk register, as the workbook's drop-downs show them.
SCORE_LABELS = {1: N_("1 very low"), 2: N_("2 low"), 3: N_("3 medium"), 4: N_("4 high"), 5: N_("5 very high")}


def status(value: Status) -> str:
    return _(STATUS_LABELS[value])


def risk_status(value: RiskStatus) -> str:
    return _(RISK_STATUS_LABELS[value])


def commitment_status(value: CommitmentStatus) -> str:
    return _(COMMITMENT_STATUS_LABELS[value])


def cost(value: CostCategory) -> str:
    return _(COST_LABELS[value])


def risk_category(value: RiskCategory) -> str:
    return _(RISK_CATEGORY_LABELS[value])


def role(value: Role) -> str:
    return _(ROLE_LABELS[value])


def campaign(value: CampaignType) -> str:
    return _(CAMPAIGN_LABELS[value])


def metric(name: str) -> str:
    """A metric's label: a KPI's, else a measure's or metric's of the metric definitions (revenue,
    video views, store sales …); an unknown name as it is."""
    label = METRIC_LABELS.get(name.lower())
    if label is None:
        from aeflow.metrics.definitions import metric as definition

        found = definition(name)
        label = found.label if found else None
    return _(label) if label else name


def channel(code: str) -> str:
    """A channel's label (``douyin`` → 抖音, empty → 全部渠道); a creative's row name keeps its
    creative and labels its channel (``douyin / 开箱15s`` → 抖音 / 开箱15s); a name the project
    chose itself (``线下``, ``代理服务``) as it is."""
    head, sep, tail = (code or "").partition(CREATIVE)
    return f"{channel_label(head)}{sep}{tail}" if sep else channel_label(code)


def channels(codes: list[str] | tuple[str, ...]) -> str:
    """Several channels' labels in one line (抖音、小红书 / Douyin, Xiaohongshu); none: empty."""
    return ("、" if get_language() == "zh" else ", ").join(channel(c) for c in codes)


def score(value: int) -> str:
    return _(SCORE_LABELS[value])
