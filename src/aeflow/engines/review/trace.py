"""Traceability of 需求 → 执行 → 效果: for each objective, KPI → work items → budget lines →
risks/triggers → actuals → retrospective result, with every broken link marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from aeflow.domain.project import Project
from aeflow.engines.monitoring.verdict import kpi_row
from aeflow.i18n import N_, _

BROKEN_LINKS = {
    "no_kpi": N_("objective has no KPI"),
    "no_work": N_("KPI with no work item"),
    "no_budget": N_("KPI with no budget line"),
    "no_risk": N_("KPI with no risk or trigger watching it"),
    "no_actuals": N_("KPI with no actuals although the campaign is live"),
    "no_result": N_("KPI with no result in the retrospective"),
    "spend_without_kpi": N_("spend with no KPI"),
    "work_without_objective": N_("work item serving no objective"),
    "result_without_target": N_("result with no target"),
}


@dataclass
class TraceRow:
    objective: str
    title: str
    metric: str | None
    target: float | None
    unit: str
    work_items: list[str] = field(default_factory=list)
    budget_lines: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    actual: float | None = None
    """The figure the KPI is judged on (the dashboard's), else the retrospective's."""
    result: float | None = None
    """The retrospective's figure (the AE's, possibly agreed with the client by another definition)."""
    broken: list[str] = field(default_factory=list)
    status: str = ""
    """The dashboard's status of the KPI (:class:`aeflow.engines.monitoring.pacing.Status` value)."""

    @property
    def met(self) -> bool | None:
        return True if self.status == "met" else False if self.status == "missed" else None


@dataclass
class Trace:
    rows: list[TraceRow]
    orphans: list[tuple[str, str]]  # (broken-link code, record path)

    @property
    def broken_count(self) -> int:
        return sum(len(r.broken) for r in self.rows) + len(self.orphans)


def describe_link(code: str) -> str:
    return _(BROKEN_LINKS[code])


def _low(text: str) -> str:
    return text.strip().lower()


def trace(project: Project, *, today: dt.date, actuals: Mapping[str, float] | None = None,
          statuses: Mapping[str, str] | None = None) -> Trace:
    """``actuals`` maps objective id → actual to date (from monitoring), when data was imported;
    ``statuses`` objective id → the dashboard's status of its KPI
    (:func:`aeflow.engines.monitoring.verdict.judge_kpis`)."""
    p = project
    strategy: dict[str, set[str]] = {}
    for cell in p.proposal.strategy_map:
        for oid in cell.objectives:
            strategy.setdefault(oid, set()).add(_low(cell.channel))
    live = p.launch <= today
    ended = (p.flight_end or p.launch) < today
    rows: list[TraceRow] = []
    for o in p.brief.objectives:
        k = o.kpi
        row = TraceRow(o.id, o.title, k.metric if k else None, k.target if k else None, k.unit if k else "")
        row.work_items = [w.id for w in p.work_items if w.objective == o.id]
        channels = set(strategy.get(o.id, set()))
        if k and k.channel:
            channels.add(_low(k.channel))
        row.budget_lines = [b.id for b in p.budget.lines if b.objective == o.id
                            or (b.objective is None and _low(b.channel) in channels)]
        channels |= {_low(b.channel) for b in p.budget.lines if b.id in row.budget_lines}
        row.risks = [r.id for r in p.risks
                     if (r.trigger and k and _low(r.trigger.metric) == _low(k.metric))
                     or (r.channel and _low(r.channel) in channels)]
        if actuals and o.id in actuals:
            row.actual = actuals[o.id]
        row.status = (statuses or {}).get(o.id, "")
        own = kpi_row(p, o)
        results = [own] if own is not None else [m for m in p.retrospective.metrics if m.objective == o.id]
        if results and results[0].actual is not None:
            row.result = results[0].actual
            if row.actual is None:
                row.actual = row.result
        if k is None or k.target is None:
            row.broken.append("no_kpi")
        if not row.work_items:
            row.broken.append("no_work")
        if p.budget.lines and not row.budget_lines:
            row.broken.append("no_budget")
        if p.risks and not row.risks:
            row.broken.append("no_risk")
        if live and actuals is not None and row.actual is None:
            row.broken.append("no_actuals")
        if ended and row.result is None:
            row.broken.append("no_result")
        rows.append(row)

    served = {b for r in rows for b in r.budget_lines}
    orphans: list[tuple[str, str]] = []
    for i, b in enumerate(p.budget.lines):
        if b.id not in served and b.planned > 0 and b.category.value in ("media", "kol", "event"):
            orphans.append(("spend_without_kpi", f"budget.lines[{i}]"))
    for i, w in enumerate(p.work_items):
        if w.objective is None and w.status.value != "cancelled":
            orphans.append(("work_without_objective", f"work_items[{i}]"))
    known_metrics = {_low(o.kpi.metric) for o in p.brief.objectives if o.kpi}
    for i, m in enumerate(p.retrospective.metrics):
        if m.target is None or (m.objective is None and _low(m.metric) not in known_metrics):
            orphans.append(("result_without_target", f"retrospective.metrics[{i}]"))
    return Trace(rows, orphans)
