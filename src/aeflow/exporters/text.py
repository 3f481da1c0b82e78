"""Words and numbers every document uses: section titles, "not yet planned", KPI and money strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from aeflow import formatting as fmt
from aeflow.domain.brief import KPI
from aeflow.domain.retro import MetricRow
from aeflow.engines.monitoring.retro import differs, rank_label
from aeflow.exporters import labels
from aeflow.exporters.view import DocumentView, KpiRow, Range
from aeflow.i18n import N_, _, get_language

TITLES = {
    "cover": N_("Proposal"),
    "problem": N_("Problem statement"),
    "objectives": N_("Objectives & KPIs"),
    "personas": N_("Audience personas"),
    "purchase_path": N_("Purchase path"),
    "competitors": N_("Competitor matrix"),
    "strategy": N_("Strategy map"),
    "schedule": N_("Execution timeline"),
    "budget": N_("Budget"),
    "roi": N_("ROI / ROAS estimate"),
    "risks": N_("Risk heatmap"),
    "top_risks": N_("Top risks and contingencies"),
    "cadence": N_("Communication cadence"),
    "next": N_("Next steps"),
    "confirm": N_("What we need you to confirm"),
    "brief": N_("Requirement brief"),
    "insight": N_("Insight & positioning"),
    "decisions": N_("Decision log"),
    "commitments": N_("Client commitments"),
    "retrospective": N_("Retrospective"),
    "monitoring": N_("KPI attainment"),
    "status": N_("Weekly status report"),
}

NOT_PLANNED = {
    "objectives": N_("Objectives are not yet set: the brief has no measurable objective."),
    "insight": N_("Insight is not yet researched: no personas, purchase path or competitors."),
    "strategy": N_("The strategy map is not yet planned."),
    "schedule": N_("The timeline is not yet planned: no work item has dates."),
    "budget": N_("The budget is not yet planned: there are no budget lines."),
    "roi": N_("ROI and ROAS are not yet estimated."),
    "risks": N_("Risks are not yet assessed."),
    "cadence": N_("The communication cadence is not yet agreed."),
    "monitoring": N_("No results yet: KPI attainment appears once data is imported."),
    "retrospective": N_("The retrospective has not been held yet."),
}


def title(key: str) -> str:
    return _(TITLES[key])


def not_planned(section: str) -> str:
    return _(NOT_PLANNED[section])


def money(view: DocumentView, amount: Decimal | float | None) -> str:
    return fmt.money(amount, view.currency)


def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


def kpi_target(kpi: KPI | None) -> str:
    if kpi is None or kpi.target is None:
        return "—"
    return f"{kpi.comparison.value} {fmt.kpi_value(kpi.target, kpi.unit)}"


def kpi_metric(kpi: KPI | None) -> str:
    if kpi is None:
        return "—"
    name = labels.metric(kpi.metric)
    if not kpi.channel:
        return name
    channel = labels.channel(kpi.channel)
    return f"{name}（{channel}）" if get_language() == "zh" else f"{name} ({channel})"


def kpi_actual(row: KpiRow) -> str:
    return fmt.kpi_value(row.actual, row.kpi.unit) if row.kpi and row.actual is not None else "—"


def retro_actual(view: DocumentView, row: MetricRow) -> str:
    """A retrospective row's figure; in a document for the team, an AE figure the imported data
    does not bear out is followed by the data's (the client sees only the agreed figure)."""
    shown = fmt.kpi_value(row.actual, row.unit)
    if view.internal and differs(row):
        return _("{actual} (data: {data})", actual=shown, data=fmt.kpi_value(row.data_actual, row.unit))
    return shown


def retro_mark(row: MetricRow) -> str:
    """The best/worst channel or creative mark of a retrospective row (empty when it has none)."""
    return rank_label(row, labels.metric(row.metric))


def pacing(row: KpiRow) -> str:
    """The KPI's status as the dashboard gives it (met, missed, on track, at risk …)."""
    from aeflow.engines.monitoring.pacing import STATUS_LABELS, Status

    return _(STATUS_LABELS[Status(row.status)]) if row.status else _("no data yet")


def behind(row: KpiRow) -> bool:
    """Whether the dashboard flags the KPI (at risk, off track or missed)."""
    return row.status in ("at_risk", "off_track", "missed")


def ratio(value: float | None, rng: Range | None) -> str:
    if value is None and rng is None:
        return "—"
    if rng is None:
        return f"{value:.2f}"
    band = _("funnel forecast {p50:.2f} (P10 {p10:.2f} – P90 {p90:.2f})", p50=rng.p50, p10=rng.p10, p90=rng.p90)
    if value is None:
        return band
    return _("estimate {value:.2f}", value=value) + "\n" + band


def date(value: dt.date | None) -> str:
    return fmt.date(value)


def short_date(value: dt.date | None) -> str:
    if value is None:
        return "—"
    return f"{value.month}/{value.day}"


def owner(name: str) -> str:
    return name or _("unassigned")


def audience_label(view: DocumentView) -> str:
    return _("For the client") if not view.internal else _("Internal — do not forward")


def version_label(view: DocumentView) -> str:
    if view.version is None:
        return _("As of {date}", date=fmt.date(view.today))
    return _("Version {version} · as of {date}", version=view.version, date=fmt.date(view.today))


def frequency(rule: str, at: dt.time | None = None) -> str:
    """A meeting's recurrence in words (:func:`aeflow.formatting.recurrence`): 每周二 10:00."""
    return fmt.recurrence(rule, at)
