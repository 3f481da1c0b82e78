"""Monitoring use cases: the dashboard of a project, triggers after every import, and filling the
retrospective with the results. The numbers come from the metrics store; the judgement from
:mod:`aeflow.engines.monitoring`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from aeflow.domain.project import Project
from aeflow.engines.monitoring import (Alert, BudgetPacing, KpiStatus, Series, budget_pacing, evaluate_kpis,
                                       evaluate_triggers)
from aeflow.engines.monitoring.pacing import judgement_day
from aeflow.engines.monitoring.series import TOTAL
from aeflow.engines.monitoring.spend import SpendGroup, spend_groups, spent_total
from aeflow.engines.monitoring.verdict import judge_kpis
from aeflow.metrics.definitions import METRICS
from aeflow.metrics.frame import empty_series, make_series
from aeflow.metrics.store import MetricsStore

SHOWN = ("spend", "impressions", "clicks", "ctr", "cpm", "cpc", "conversions", "cvr", "cpa", "revenue", "roas",
         "roi", "reach", "frequency", "video_views", "engagements", "followers", "attendance", "store_sales",
         "new_members")


def _display(values: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in METRICS:
        v = values.get(name)
        if v is None:
            out[name] = None
            continue
        out[name] = float(v)
    return out


def series_for(store: MetricsStore, project: Project) -> Series:
    names = list(METRICS)
    daily: dict[str, dict[dt.date, dict[str, float | None]]] = {}
    for row in store.metrics(project.id, by=["channel", "date"], metrics=names):
        daily.setdefault(row["channel"], {})[row["date"]] = _display(row)
    for row in store.metrics(project.id, by=["date"], metrics=names):
        daily.setdefault(TOTAL, {})[row["date"]] = _display(row)
    to_date = {row["channel"]: _display(row) for row in store.metrics(project.id, by=["channel"], metrics=names)}
    totals = store.metrics(project.id, by=[], metrics=names)
    if daily:
        to_date[TOTAL] = _display(totals[0])
    return make_series(daily, to_date)


def document_series(store: MetricsStore, project: Project) -> Series | None:
    """The imported data a document of ``project`` judges its KPIs and spend on (``None``: none)."""
    return series_for(store, project) if store.fact_count(project.id) else None


def kpi_statuses(project: Project, series: Series | None, *, as_of: dt.date | None = None,
                 today: dt.date | None = None) -> list[KpiStatus]:
    """The brief's KPIs exactly as the dashboard and the documents judge them (the one rule:
    :func:`aeflow.engines.monitoring.verdict.judge_kpis`): on ``series``, the imported data
    (:func:`document_series`), or — with none — on the retrospective's figures as of ``today``."""
    return judge_kpis(project, series or empty_series(), as_of=as_of, today=today)


@dataclass
class Dashboard:
    project: Project
    as_of: dt.date | None
    kpis: list[KpiStatus]
    budget: list[BudgetPacing]
    channels: dict[str, dict[str, float | None]]
    alerts: list[Alert]
    weeks: list[dict[str, Any]] = field(default_factory=list)
    judged_on: dt.date | None = None
    spend: list[SpendGroup] = field(default_factory=list)

    @property
    def spent(self) -> float:
        """Spent to date over the whole budget (platform media spend + recorded other costs)."""
        return spent_total(self.spend)

    def as_dict(self) -> dict[str, Any]:
        return {"project": self.project.id, "as_of": self.as_of.isoformat() if self.as_of else None,
                "kpis": [k.as_dict() for k in self.kpis], "budget": [b.as_dict() for b in self.budget],
                "channels": {c or "total": {m: v[m] for m in SHOWN} for c, v in self.channels.items()},
                "alerts": [a.as_dict() for a in self.alerts],
                "weeks": [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in w.items()}
                          for w in self.weeks],
                "judged_on": self.judged_on.isoformat() if self.judged_on else None, "spent": self.spent}


def dashboard(store: MetricsStore, project: Project, as_of: dt.date | None = None) -> Dashboard:
    series = series_for(store, project)
    day = judgement_day(project, series, as_of)
    weeks = store.metrics(project.id, by=["channel", "week"], metrics=["spend", "ctr", "roas"])
    for w in weeks:
        w["spend"] = None if w["spend"] is None else float(w["spend"])
    return Dashboard(project=project, as_of=series.last_day, kpis=judge_kpis(project, series, as_of=day),
                     budget=budget_pacing(project, series, day), channels=dict(series.to_date),
                     alerts=evaluate_triggers(project, series), weeks=weeks, judged_on=day,
                     spend=spend_groups(project, series))


def after_import(store: MetricsStore, project: Project, *, webhook: str | None = None,
                 webhook_kind: str | None = None) -> list[Alert]:
    """Check every trigger; record and send the alerts not seen before; return those."""
    from aeflow import notify

    fresh = []
    for alert in evaluate_triggers(project, series_for(store, project)):
        value = alert.values[-1][1] if alert.values else None
        if store.record_alert(project.id, alert.risk_id, alert.metric, alert.channel, alert.first_date,
                              alert.last_date, value, alert.threshold):
            fresh.append(alert)
    if webhook:
        for alert in fresh:
            notify.send(webhook, alert, webhook_kind)
    return fresh


def fill_retrospective(store: MetricsStore, project: Project) -> Project:
    """The project with its retrospective's metric rows filled from the data — KPIs vs targets, the
    best and worst channel and creative — keeping everything the AE wrote (the rule:
    :mod:`aeflow.engines.monitoring.retro`)."""
    from aeflow.engines.monitoring.retro import RANK_BY, fill

    series = series_for(store, project)
    kpis = evaluate_kpis(project, series, series.last_day or project.launch)
    creatives = [dict(r, **_display(r)) for r in store.metrics(
        project.id, by=["channel", "creative"], metrics=["spend", *RANK_BY]) if r["creative"]]
    return project.model_copy(update={"retrospective": fill(project.retrospective, kpis, series, creatives)})
