"""The view model: everything a document shows, computed once from the project for one audience.

:func:`build_view` is pure (no IO). It starts from :func:`~aeflow.exporters.audience.visible_project`,
so what the client audience may not see is already gone, and adds what the documents derive: the
schedule with its critical path, KPI attainment, the budget by channel, the ROI/ROAS range, the risk
heatmap, the next steps and what the client must confirm. A section whose data is missing is named in
:attr:`DocumentView.missing`, and every document says "not yet planned" there instead of leaving a hole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aeflow.domain.brief import KPI
from aeflow.domain.common import Comparison, Level
from aeflow.domain.decision import CommitmentStatus, Decision
from aeflow.domain.plan import Status, WorkItem
from aeflow.domain.project import Project
from aeflow.domain.risk import Risk, RiskStatus
from aeflow.engines.monitoring.pacing import evaluate_kpis, judgement_day
from aeflow.engines.monitoring.series import Series
from aeflow.engines.monitoring.spend import by_channel, spend_groups, spent_total
from aeflow.engines.monitoring.verdict import recorded_actuals
from aeflow.exporters.audience import Audience, visible_project
from aeflow.exporters.schedule import critical_path
from aeflow.metrics.frame import empty_series

SECTIONS = ("objectives", "insight", "strategy", "schedule", "budget", "roi", "risks", "cadence",
            "monitoring", "retrospective")
LOWER_IS_BETTER = (Comparison.le, Comparison.lt)
SOON_DAYS = 3
HORIZON_DAYS = 14


@dataclass(frozen=True)
class Range:
    """A forecast's P10–P50–P90 (from the budget engine's Monte Carlo run, when there is one)."""

    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class Extras:
    """What a document needs besides the project: the date it is made on and optional inputs."""

    today: dt.date = field(default_factory=dt.date.today)
    generated_at: dt.datetime | None = None
    version: int | None = None
    template: bytes | None = None
    actuals: Mapping[str, float] = field(default_factory=dict)
    roi_range: Range | None = None
    roas_range: Range | None = None
    critical: tuple[str, ...] | None = None
    series: Series | None = None
    """The imported data (the services pass it when there is some): KPIs and spend are then judged
    exactly as the dashboard judges them."""
    as_of: dt.date | None = None
    """The day KPI statuses are judged on (default: the dashboard's, :func:`judgement_day`)."""

    @property
    def now(self) -> dt.datetime:
        return self.generated_at or dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class GanttRow:
    item: WorkItem
    start: dt.date
    end: dt.date
    critical: bool
    overdue: bool
    at_risk: bool


@dataclass(frozen=True)
class KpiRow:
    objective_id: str
    objective: str
    kpi: KPI | None
    actual: float | None
    attainment: float | None
    expected: float | None
    """Share of the target that should be reached by today if progress were even (pacing)."""
    status: str = ""
    """The dashboard's status (:class:`aeflow.engines.monitoring.pacing.Status` value)."""
    rule: str = ""
    formula: str = ""


@dataclass(frozen=True)
class ChannelBudget:
    channel: str
    planned: Decimal
    actual: Decimal


@dataclass(frozen=True)
class NextStep:
    what: str
    owner: str
    due: dt.date | None
    item_id: str = ""


@dataclass(frozen=True)
class DocumentView:
    project: Project
    audience: Audience
    today: dt.date
    version: int | None
    schedule: list[GanttRow]
    critical_known: bool
    kpis: list[KpiRow]
    by_channel: list[ChannelBudget]
    spent: Decimal
    """Spent to date over the whole budget, as the dashboard counts it."""
    roi: float | None
    roas: float | None
    roi_range: Range | None
    roas_range: Range | None
    heatmap: dict[tuple[int, int], list[str]]
    top_risks: list[Risk]
    milestones_done: list[WorkItem]
    milestones_next: list[WorkItem]
    next_steps: list[NextStep]
    client_approvals: list[WorkItem]
    to_confirm: list[Decision]
    open_commitments: list[Any]
    missing: frozenset[str]

    @property
    def internal(self) -> bool:
        return self.audience == Audience.internal

    @property
    def l3(self) -> bool:
        return self.project.level == Level.L3

    @property
    def currency(self) -> str:
        return self.project.currency

    def has(self, section: str) -> bool:
        return section not in self.missing


def _schedule(p: Project, today: dt.date, critical: tuple[str, ...] | None) -> tuple[list[GanttRow], bool]:
    dated = [w for w in p.work_items if w.start or w.due]
    path = set(critical) if critical is not None else set(critical_path(p.work_items))
    rows = []
    for w in sorted(dated, key=lambda w: (w.start or w.due or today, w.due or w.start or today, w.id)):
        start = w.start or w.due or today
        end = w.due or w.start or today
        open_ = not w.status.closed
        overdue = open_ and w.due is not None and w.due < today
        at_risk = open_ and not overdue and (
            w.status in (Status.blocked, Status.waiting_client)
            or (w.due is not None and (w.due - today).days <= SOON_DAYS)
        )
        rows.append(GanttRow(w, start, end, w.id in path, overdue, at_risk))
    return rows, bool(path)


def attainment(kpi: KPI, actual: float | None) -> float | None:
    """How much of the target is reached: 1.0 = on target. Lower-is-better metrics invert the ratio."""
    if actual is None or kpi.target is None:
        return None
    if kpi.comparison in LOWER_IS_BETTER:
        return kpi.target / actual if actual else None
    return actual / kpi.target if kpi.target else None


def _elapsed(p: Project, kpi: KPI, today: dt.date) -> float | None:
    end = kpi.deadline or p.flight_end or p.launch
    start = p.launch if p.launch < end else p.kickoff
    if end <= start:
        return None
    return min(1.0, max(0.0, (today - start).days / (end - start).days))


def _kpis(full: Project, p: Project, day: dt.date, series: Series, actuals: Mapping[str, float]) -> list[KpiRow]:
    """The dashboard's evaluation (:func:`evaluate_kpis`, on the whole project so that spend the
    client does not see still counts), with the retrospective's figures where no data was imported
    (:func:`~aeflow.engines.monitoring.verdict.recorded_actuals`, the same for every surface)."""
    statuses = {s.objective: s for s in evaluate_kpis(full, series, day, recorded_actuals(p, actuals))}
    out = []
    for o in p.brief.objectives:
        k = o.kpi
        s = statuses.get(o.id)
        actual = s.actual if s else None
        ratio = attainment(k, actual) if k else None
        expected = _elapsed(p, k, day) if k and k.comparison not in LOWER_IS_BETTER else None
        out.append(KpiRow(o.id, o.title, k, actual, ratio, expected, s.status.value if s else "",
                          s.rule if s else "", s.formula if s else ""))
    return out


def _by_channel(full: Project, p: Project, series: Series) -> tuple[list[ChannelBudget], Decimal]:
    """Planned and spent per channel of the lines ``p`` shows, and spent in total, by the one rule
    of :func:`spend_groups` (platform data for media, recorded actuals for the rest)."""
    shown = {line.channel for line in p.budget.lines}
    groups = spend_groups(full, series)
    rows = [ChannelBudget(ch, _money(planned), _money(spent)) for ch, (planned, spent) in by_channel(groups).items()
            if ch in shown]
    order = list(dict.fromkeys(line.channel for line in p.budget.lines))
    rows.sort(key=lambda c: order.index(c.channel))
    return rows, _money(spent_total(groups))


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def _heatmap(risks: list[Risk]) -> dict[tuple[int, int], list[str]]:
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        if r.status != RiskStatus.closed:
            cells.setdefault((r.likelihood, r.severity), []).append(r.id)
    return cells


def _next_steps(p: Project, today: dt.date) -> list[NextStep]:
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    items = [w for w in p.work_items if not w.status.closed and w.due is not None and w.due <= horizon]
    items.sort(key=lambda w: (w.due, w.id))
    return [NextStep(w.title, w.owner, w.due, w.id) for w in items]


def _missing(p: Project, schedule: list[GanttRow], kpis: list[KpiRow], roi: bool) -> frozenset[str]:
    gaps = set()
    if not p.brief.objectives:
        gaps.add("objectives")
    ins = p.insight
    if not (ins.personas or ins.purchase_path or ins.competitors):
        gaps.add("insight")
    if not p.proposal.strategy_map:
        gaps.add("strategy")
    if not schedule:
        gaps.add("schedule")
    if not p.budget.lines:
        gaps.add("budget")
    if not roi:
        gaps.add("roi")
    if not p.risks:
        gaps.add("risks")
    if not p.cadence:
        gaps.add("cadence")
    if not any(k.actual is not None for k in kpis):
        gaps.add("monitoring")
    r = p.retrospective
    if not (r.metrics or r.learnings or r.delivery_quality or r.client_feedback):
        gaps.add("retrospective")
    return frozenset(gaps)


def build_view(project: Project, audience: Audience | str, extras: Extras | None = None) -> DocumentView:
    """What a document for ``audience`` shows of ``project`` (see the module docstring)."""
    extras = extras or Extras()
    audience = Audience(audience)
    p = visible_project(project, audience)
    today = extras.today
    schedule, critical_known = _schedule(p, today, extras.critical)
    series = extras.series or empty_series()
    kpis = _kpis(project, p, judgement_day(project, series, extras.as_of, today), series, extras.actuals)
    by_channel_rows, spent = _by_channel(project, p, series)
    est = p.proposal.budget
    roi_known = est.roi is not None or est.roas is not None or extras.roi_range or extras.roas_range
    milestones = [w for w in p.work_items if w.is_milestone]
    done = sorted((w for w in milestones if w.status == Status.done), key=lambda w: w.due or today)
    upcoming = sorted((w for w in milestones if not w.status.closed), key=lambda w: w.due or dt.date.max)
    approvals = sorted((w for w in p.work_items if w.client_approval and not w.status.closed),
                       key=lambda w: w.due or dt.date.max)
    to_confirm = [d for d in p.decisions if not d.client_confirmed and not d.internal]
    return DocumentView(
        project=p, audience=audience, today=today, version=extras.version,
        schedule=schedule, critical_known=critical_known, kpis=kpis, by_channel=by_channel_rows,
        spent=spent,
        roi=est.roi, roas=est.roas, roi_range=extras.roi_range, roas_range=extras.roas_range,
        heatmap=_heatmap(p.risks),
        top_risks=sorted((r for r in p.risks if r.status != RiskStatus.closed),
                         key=lambda r: (-r.score, -r.severity, r.id))[:5],
        milestones_done=done, milestones_next=upcoming[:6], next_steps=_next_steps(p, today),
        client_approvals=approvals, to_confirm=to_confirm,
        open_commitments=[c for c in p.commitments if c.status == CommitmentStatus.open],
        missing=_missing(p, schedule, kpis, bool(roi_known)),
    )
