"""Labels of the enum values that forms offer as choices (statuses, categories, roles …)."""

from __future__ import annotations

from aeflow.domain.common import ROLE_LABELS
from aeflow.i18n import N_, _
from aeflow.web.views import STATUS_LABELS

OPTION_LABELS: dict[str, str] = {
    **{s.value: label for s, label in STATUS_LABELS.items()},
    **{r.value: label for r, label in ROLE_LABELS.items()},
    # risk categories
    "schedule": N_("schedule"), "budget": N_("budget"), "creative": N_("creative"), "platform": N_("platform"),
    "legal": N_("legal"), "vendor": N_("vendor"), "performance": N_("performance"),
    "operations": N_("operations"),
    # risk status
    "open": N_("open"), "watching": N_("watching"), "occurred": N_("occurred"), "closed": N_("closed"),
    # commitment status
    "dropped": N_("dropped"),
    # cost categories
    "media": N_("media"), "kol": N_("KOL"), "production": N_("production"), "event": N_("event"),
    "fee": N_("agency fee"), "labour": N_("labour"), "other": N_("other"),
    # team side
    "agency": N_("agency"),
}


def option_label(value: str) -> str:
    label = OPTION_LABELS.get(value)
    return _(label) if label else value


JOB_STATUS = {"queued": N_("queued"), "running": N_("running"), "done": N_("done"), "failed": N_("failed")}


def job_status(value: str) -> str:
    label = JOB_STATUS.get(value)
    return _(label) if label else value


OBJECTIVES = {"revenue": N_("revenue (GMV)"), "conversions": N_("conversions"), "reach": N_("reach")}


def objective_label(value: str) -> str:
    label = OBJECTIVES.get(value)
    return _(label) if label else value
