"""What the pages show, computed from a project: signals, pacing, plan, heatmap, the client view.

Pure functions of domain objects (no database, no request), so that every page and the API show
the same numbers. The client view is built field by field from what a client may see — never by
removing fields from the internal data — so that a new internal field cannot leak into it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.rrule import rrulestr

from aeflow.domain import Project, Stage
from aeflow.domain.decision import CommitmentStatus
from aeflow.domain.plan import Status, WorkItem
from aeflow.domain.risk import RiskStatus
from aeflow.engines.monitoring.pacing import KpiStatus
from aeflow.engines.monitoring.verdict import Health, agreed_figure, health, kpi_row, met
from aeflow.i18n import N_, _

STATUS_LABELS = {
    Status.planned: N_("planned"), Status.in_progress: N_("in progress"),
    Status.waiting_client: N_("waiting for client"), Status.blocked: N_("blocked"), Status.done: N_("done"),
    Status.cancelled: N_("cancelled"),
}
HIGH_RISK = 15


@dataclass(frozen=True)
class Signal:
    """Something that needs attention; its sentence is translated only when shown."""

    level: str  # "bad" | "warn"
    msgid: str
    params: tuple[tuple[str, Any], ...]
    href: str

    @property
    def text(self) -> str:
        return _(self.msgid, **dict(self.params))


def _signal(level: str, msgid: str, href: str, **params: Any) -> Signal:
    return Signal(level, msgid, tuple(params.items()), href)


def signals(p: Project, today: dt.date) -> list[Signal]:
    """What needs attention now: overdue or blocked work, unprepared high risks, open promises."""
    base = f"/p/{p.id}"
    out: list[Signal] = []
    for w in p.work_items:
        if w.due and w.due < today and not w.status.closed:
            out.append(_signal("bad", N_("Overdue: {title} (due {due})"), base + "/plan", title=w.title, due=w.due))
        elif w.status == Status.blocked:
            out.append(_signal("warn", N_("Blocked: {title}"), base + "/plan", title=w.title))
    for r in p.risks:
        if r.score >= HIGH_RISK and r.status in (RiskStatus.open, RiskStatus.watching) and not r.contingency:
            out.append(_signal("warn", N_("High risk without a contingency: {risk}"), base + "/risks",
                               risk=r.description))
        if r.status == RiskStatus.occurred:
            out.append(_signal("bad", N_("Risk occurred: {risk}"), base + "/risks", risk=r.description))
    for c in p.commitments:
        if c.status == CommitmentStatus.open and c.due and c.due < today:
            out.append(_signal("bad", N_("Client promise overdue: {promise}"), base + "/decisions",
                               promise=c.promise))
    waiting = [d for d in p.decisions if not d.client_confirmed and not d.internal]
    if waiting:
        out.append(_signal("warn", N_("{n} decision(s) awaiting client confirmation"), base + "/decisions",
                           n=len(waiting)))
    return out


@dataclass(frozen=True)
class Pacing:
    planned: Decimal
    actual: Decimal
    total: Decimal | None
    spent: float | None  # actual / planned
    elapsed: float | None  # share of the flight that has passed
    ratio: float | None  # spent / elapsed: 1 = on pace

    @property
    def state(self) -> str:
        if self.ratio is None:
            return "none"
        if self.ratio > 1.15:
            return "over"
        if self.ratio < 0.85:
            return "under"
        return "ok"


def pacing(p: Project, today: dt.date) -> Pacing:
    planned, actual = p.budget.planned, p.budget.actual
    spent = float(actual / planned) if planned else None
    end = p.flight_end or p.launch
    span = (end - p.kickoff).days
    elapsed = None if span <= 0 else max(0.0, min(1.0, (today - p.kickoff).days / span))
    ratio = spent / elapsed if spent is not None and elapsed else None
    return Pacing(planned, actual, p.budget.total, spent, elapsed, ratio)


def kpi_health(kpis: Sequence[KpiStatus] | None) -> Health | None:
    """How the brief's KPIs stand, counted over the KPIs as the dashboard judges them
    (:func:`aeflow.engines.monitoring.verdict.health`); ``None`` when none is judged yet."""
    return health(kpis) if kpis else None


def health_text(h: Health | None) -> str:
    """The overview's and the portfolio's one line: met of closed, on track of pacing, or both."""
    if h is None:
        return _("not measured yet")
    if not h.graded:
        return _("{met} of {n} met", met=h.met, n=h.closed)
    if not h.closed:
        return _("{met} of {n} on track", met=h.on_track, n=h.graded)
    return _("{good} of {n} met or on track", good=h.good, n=h.judged)


def next_milestone(p: Project, today: dt.date) -> WorkItem | None:
    open_items = [w for w in p.work_items if w.due and not w.status.closed and w.due >= today]
    marked = [w for w in open_items if w.is_milestone or w.client_approval]
    pool = marked or open_items
    return min(pool, key=lambda w: (w.due, w.id)) if pool else None


def progress(p: Project) -> tuple[int, int]:
    items = [w for w in p.work_items if w.status != Status.cancelled]
    return sum(1 for w in items if w.status == Status.done), len(items)


# --- plan ---------------------------------------------------------------------------------------

def gantt(p: Project) -> dict[str, Any]:
    """Rows for the Gantt chart (ECharts custom series) and the critical path's ids."""
    items = [w for w in p.work_items if w.start or w.due]
    critical = critical_path(p.work_items)
    rows = []
    for w in items:
        start = w.start or w.due
        end = w.due or w.start
        assert start is not None and end is not None
        rows.append({"id": w.id, "title": w.title, "start": start.isoformat(),
                     "end": (end + dt.timedelta(days=1)).isoformat(), "status": w.status.value,
                     "owner": w.owner, "critical": w.id in critical, "milestone": w.is_milestone})
    return {"rows": rows, "critical": sorted(critical)}


def critical_path(items: list[WorkItem]) -> set[str]:
    """The longest chain of dependencies by calendar days (the chain that sets the end date)."""
    by_id = {w.id: w for w in items}
    deps = {w.id: [d for d in w.depends_on if d in by_id] for w in items}
    waiting = {wid: len(ds) for wid, ds in deps.items()}
    dependants: dict[str, list[str]] = {wid: [] for wid in by_id}
    for wid, ds in deps.items():
        for d in ds:
            dependants[d].append(wid)
    ready = [wid for wid, n in waiting.items() if n == 0]
    best: dict[str, tuple[int, str | None]] = {}
    while ready:  # Kahn's order: every item after all it depends on (the domain forbids cycles)
        wid = ready.pop()
        w = by_id[wid]
        length = (w.due - w.start).days + 1 if w.start and w.due else 1
        before = max(((best[d][0], d) for d in deps[wid] if d in best), default=(0, None))
        best[wid] = (before[0] + length, before[1])
        for nxt in dependants[wid]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    if not best:
        return set()
    node: str | None = max(best, key=lambda k: best[k][0])
    out: set[str] = set()
    while node is not None:
        out.add(node)
        node = best[node][1]
    return out


def board(p: Project) -> list[tuple[Status, str, list[WorkItem]]]:
    columns = [Status.planned, Status.in_progress, Status.waiting_client, Status.blocked, Status.done]
    out = [(s, STATUS_LABELS[s], [w for w in p.work_items if w.status == s]) for s in columns]
    return out


def workload(p: Project) -> list[tuple[str, int, float]]:
    """Open items and estimated hours per owner."""
    count: Counter[str] = Counter()
    hours: Counter[str] = Counter()
    for w in p.work_items:
        if not w.status.closed:
            count[w.owner or "—"] += 1
            hours[w.owner or "—"] += float(w.estimated_hours or 0)
    return [(owner, n, hours[owner]) for owner, n in count.most_common()]


# --- risks, cadence ---------------------------------------------------------------------------

def heatmap(p: Project) -> list[list[int]]:
    """``[severity-1, likelihood-1, count]`` for every cell with at least one open risk."""
    cells: Counter[tuple[int, int]] = Counter()
    for r in p.risks:
        if r.status != RiskStatus.closed:
            cells[(r.severity, r.likelihood)] += 1
    return [[s - 1, li - 1, n] for (s, li), n in sorted(cells.items())]


def next_meetings(p: Project, today: dt.date, count: int = 3) -> dict[str, list[dt.date]]:
    out: dict[str, list[dt.date]] = {}
    for c in p.cadence:
        start = dt.datetime.combine(c.start or p.kickoff, dt.time())
        try:
            rule = rrulestr(c.frequency, dtstart=start)
            after = dt.datetime.combine(today, dt.time()) - dt.timedelta(seconds=1)
            dates = []
            nxt = rule.after(after, inc=True)
            while nxt is not None and len(dates) < count:
                dates.append(nxt.date())
                nxt = rule.after(nxt)
        except (ValueError, TypeError):
            dates = []
        out[c.id] = dates
    return out


# --- the client view -------------------------------------------------------------------------

def client_view(p: Project, today: dt.date, kpis: Sequence[KpiStatus] | None = None) -> dict[str, Any]:
    """Only what the client may see: no costs, margins, internal notes or unconfirmed decisions.
    ``kpis``: the brief's KPIs as the dashboard judges them (the results say met or missed by
    them; the AE's agreed figure is shown beside the data's where the two differ)."""
    done, total = progress(p)
    milestones = [w for w in p.work_items if (w.is_milestone or w.client_approval) and not w.internal]
    return {
        "id": p.id,
        "name": p.name,
        "client": p.client.name,
        "campaign_type": p.campaign_type.value,
        "stage": p.stage.value,
        "stage_number": p.stage.number,
        "kickoff": p.kickoff.isoformat(),
        "launch": p.launch.isoformat(),
        "flight_end": p.flight_end.isoformat() if p.flight_end else None,
        "channels": list(p.channels),
        "progress": {"done": done, "total": total},
        "objectives": [
            {"title": o.title, "metric": o.kpi.metric if o.kpi else None,
             "channel": o.kpi.channel if o.kpi else "",
             "target": o.kpi.target if o.kpi else None, "unit": o.kpi.unit if o.kpi else "",
             "comparison": o.kpi.comparison.value if o.kpi else None,
             "deadline": o.kpi.deadline.isoformat() if o.kpi and o.kpi.deadline else None}
            for o in p.brief.objectives
        ],
        "timeline": [{"name": ph.name, "start": ph.start.isoformat(), "end": ph.end.isoformat(), "focus": ph.focus}
                     for ph in p.proposal.timeline],
        "milestones": [_client_milestone(w, today) for w in sorted(milestones, key=lambda w: (w.due or dt.date.max, w.id))],
        "decisions": [{"what": d.what, "why": d.why, "by": d.by, "date": d.date.isoformat()}
                      for d in p.decisions if d.client_confirmed and not d.internal],
        "commitments": [{"promise": c.promise, "owner": c.owner, "due": c.due.isoformat() if c.due else None,
                         "status": c.status.value} for c in p.commitments if c.status != CommitmentStatus.dropped],
        "results": [_client_result(p, k) for k in kpis or []],
        "details": _client_details(p),
    }


def _client_milestone(w: WorkItem, today: dt.date) -> dict[str, Any]:
    """A milestone as the client reads it; one that needs the client's approval says whether the
    client is still asked (``approval`` = ``asked``) or approved it (``approved``, on ``approved_on``)."""
    approval = None
    approved_on = None
    if w.client_approval:
        if w.status == Status.done:
            approval = "approved"
            finished = [c.date for c in w.status_history if c.status == Status.done]
            day = w.actual_finish or (max(finished) if finished else None)
            approved_on = day.isoformat() if day else None
        elif w.status != Status.cancelled:
            approval = "asked"
    return {"title": w.title, "deliverable": w.deliverable, "due": w.due.isoformat() if w.due else None,
            "status": w.status.value, "client_approval": w.client_approval, "approval": approval,
            "approved_on": approved_on, "late": bool(w.due and w.due < today and not w.status.closed)}


def _client_result(p: Project, k: KpiStatus) -> dict[str, Any]:
    return {"objective": k.objective, "title": k.title, "metric": k.metric, "channel": k.channel,
            "target": k.target, "comparison": k.comparison.value, "actual": k.actual, "unit": k.unit,
            "status": k.status.value, "met": met(k), "agreed": agreed_figure(p, k)}


def _client_details(p: Project) -> list[dict[str, Any]]:
    """The retrospective's other rows (a KPI by channel, a creative) with their figures — the
    KPIs themselves are the results, judged as the dashboard judges them."""
    own = {id(row) for o in p.brief.objectives if (row := kpi_row(p, o)) is not None}
    return [{"metric": m.metric, "channel": m.channel, "target": m.target, "actual": m.actual, "unit": m.unit}
            for m in p.retrospective.metrics if id(m) not in own and m.actual is not None]


def stage_state(p: Project, stage: Stage) -> str:
    if stage.number < p.stage.number:
        return "done"
    return "current" if stage == p.stage else "todo"
