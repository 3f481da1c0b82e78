"""Whether the brief's KPIs are met: the one judgement every surface shows.

The dashboard, the documents, ``aeflow trace``, the web overview, portfolio and client view all
judge a KPI by :func:`judge_kpis` — :func:`~aeflow.engines.monitoring.pacing.evaluate_kpis` on the
imported data, on the dashboard's day (:func:`~aeflow.engines.monitoring.pacing.judgement_day`).
Where no data was imported for a KPI, the figure the retrospective records for it stands in
(:func:`recorded_actuals`). A figure the AE agreed with the client by another definition (the
retrospective row's ``actual`` when the AE wrote it) is shown beside the data's
(:func:`agreed_figure`), never instead of it.

Pure computation: no IO.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aeflow.domain.brief import Objective
from aeflow.domain.project import Project
from aeflow.domain.retro import MetricRow, Source
from aeflow.engines.monitoring.pacing import KpiStatus, Status, evaluate_kpis, judgement_day
from aeflow.engines.monitoring.series import Series

AGREED_DIFFERS = 0.005
"""The AE's figure is shown beside the data's when they are more than 0.5 % apart."""
GRADED = frozenset({Status.on_track, Status.at_risk, Status.off_track})
CLOSED = frozenset({Status.met, Status.missed})


def kpi_row(project: Project, objective: Objective) -> MetricRow | None:
    """The retrospective row that reports ``objective``'s KPI itself (not one of its channels):
    same metric, linked to the objective (or to none) and of the KPI's channel (or of none)."""
    kpi = objective.kpi
    if kpi is None:
        return None
    metric = kpi.metric.strip().lower()
    rows = [r for r in project.retrospective.metrics
            if r.metric.strip().lower() == metric and r.objective in (None, objective.id)
            and r.channel in ("", kpi.channel)]
    rows.sort(key=lambda r: (r.objective != objective.id, r.channel != kpi.channel))
    return rows[0] if rows else None


def recorded_actuals(project: Project, actuals: Mapping[str, float] | None = None) -> dict[str, float]:
    """Objective id → the figure that stands in where no data was imported: ``actuals`` (keyed by
    objective id, ``metric@channel`` or metric) first, else the retrospective's row for the KPI."""
    given = actuals or {}
    out: dict[str, float] = {}
    for o in project.brief.objectives:
        k = o.kpi
        if k is None:
            continue
        key = next((key for key in (o.id, f"{k.metric}@{k.channel}" if k.channel else k.metric, k.metric)
                    if key in given), None)
        if key is not None:
            out[o.id] = float(given[key])
            continue
        row = kpi_row(project, o)
        if row is not None and row.actual is not None:
            out[o.id] = row.actual
    return out


def judge_kpis(project: Project, series: Series, *, as_of: dt.date | None = None, today: dt.date | None = None,
               actuals: Mapping[str, float] | None = None) -> list[KpiStatus]:
    """The brief's KPIs as the dashboard judges them: on ``series`` (empty when nothing was
    imported), on the dashboard's day, the retrospective's figures standing in for missing data."""
    day = judgement_day(project, series, as_of, today)
    return evaluate_kpis(project, series, day, recorded_actuals(project, actuals))


def met(status: KpiStatus) -> bool | None:
    """``True`` met, ``False`` missed, ``None`` not decided yet (still pacing, or no data)."""
    return True if status.status == Status.met else False if status.status == Status.missed else None


def agreed_figure(project: Project, status: KpiStatus) -> float | None:
    """The AE's own figure for the KPI (the retrospective row, when the AE wrote it) where it
    differs from the figure the KPI was judged on; ``None`` when they agree or there is none."""
    objective = next((o for o in project.brief.objectives if o.id == status.objective), None)
    row = kpi_row(project, objective) if objective is not None else None
    if row is None or row.actual is None or row.source != Source.entered or status.actual is None:
        return None
    a, b = row.actual, status.actual
    return row.actual if abs(a - b) > AGREED_DIFFERS * max(abs(a), abs(b)) else None


@dataclass(frozen=True)
class Health:
    """How many KPIs are met, missed, on track … — counted over the brief's KPIs."""

    kpis: int
    met: int
    missed: int
    on_track: int
    graded: int
    """KPIs still pacing (on track, at risk, off track)."""

    @property
    def closed(self) -> int:
        return self.met + self.missed

    @property
    def judged(self) -> int:
        return self.closed + self.graded

    @property
    def good(self) -> int:
        """Met or on track."""
        return self.met + self.on_track


def health(statuses: Sequence[KpiStatus]) -> Health | None:
    """The count the overview and the portfolio show; ``None`` when no KPI is judged yet."""
    out = Health(kpis=len(statuses), met=sum(1 for s in statuses if s.status == Status.met),
                 missed=sum(1 for s in statuses if s.status == Status.missed),
                 on_track=sum(1 for s in statuses if s.status == Status.on_track),
                 graded=sum(1 for s in statuses if s.status in GRADED))
    return out if out.judged else None
