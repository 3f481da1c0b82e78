"""KPI attainment and pacing against the flight, and budget pacing (spent vs planned to date).

Rules (each status names the rule that decided it):

- additive KPIs (impressions, clicks, attendance …): the forecast to the end of the flight is the
  actual plus the run rate of the last 7 days with data times the days left; on-track when the
  forecast reaches the target, at-risk when it reaches 90 % of it, off-track below that;
- ratio KPIs (CTR, CPA, ROAS …): the value to date against the target; at-risk within 10 %;
- a stage target (阶段目标) whose date has passed and is not met makes an on-track KPI at-risk;
- once the KPI's deadline (or the end of the flight) has passed, it is met or missed: no more pacing;
- budget: spent against planned × elapsed share of the flight, per channel and kind of cost —
  media on the platform data, every other line (production, KOL, events) on its recorded actuals;
  on-track within 90–110 %, at-risk within 80–120 %, off-track outside;
- a KPI's value follows its definition (channels, outcome channels, spend categories):
  :mod:`aeflow.engines.monitoring.scope`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from aeflow.domain.brief import Objective
from aeflow.domain.common import Comparison
from aeflow.domain.project import Project
from aeflow.engines.monitoring.scope import Part, kpi_value
from aeflow.engines.monitoring.series import TOTAL, Series
from aeflow.engines.monitoring.spend import PLATFORM, spend_groups, spent_total
from aeflow.i18n import N_, _

AT_RISK_BAND = 0.10
RUN_RATE_DAYS = 7


class Status(StrEnum):
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    no_data = "no_data"
    no_target = "no_target"
    met = "met"
    missed = "missed"


STATUS_LABELS = {
    Status.met: N_("met"), Status.missed: N_("missed"),
    Status.on_track: N_("on track"), Status.at_risk: N_("at risk"), Status.off_track: N_("off track"),
    Status.no_data: N_("no data"), Status.no_target: N_("no target"),
}
_ORDER = [Status.on_track, Status.at_risk, Status.off_track]


def flight(project: Project) -> tuple[dt.date, dt.date]:
    return project.launch, project.flight_end or project.launch + dt.timedelta(days=89)


def elapsed(project: Project, as_of: dt.date, start: dt.date | None = None,
            end: dt.date | None = None) -> tuple[int, int]:
    """Days of the window elapsed (0 … total) by the end of ``as_of``, and the window's length
    (default window: the flight)."""
    f_start, f_end = flight(project)
    start, end = start or f_start, end or f_end
    total = max((end - start).days + 1, 1)
    return max(0, min(total, (as_of - start).days + 1)), total


@dataclass(frozen=True)
class KpiStatus:
    objective: str
    title: str
    metric: str
    channel: str
    target: float | None
    unit: str
    comparison: Comparison
    actual: float | None
    attainment: float | None
    expected: float | None
    pacing: float | None
    forecast: float | None
    status: Status
    rule: str
    formula: str = ""
    """What was summed and divided, in words (the numerator and denominator an AE can check)."""
    numerator: Part | None = None
    denominator: Part | None = None
    as_of: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            if isinstance(v, StrEnum):
                v = v.value
            elif isinstance(v, Part):
                v = v.as_dict()
            elif isinstance(v, dt.date):
                v = v.isoformat()
            out[k] = v
        return out


def _grade(ratio: float, comparison: Comparison) -> Status:
    """``ratio`` = value / target; whether that meets ``comparison`` or misses by ≤ 10 %."""
    if comparison in (Comparison.ge, Comparison.gt):
        return Status.on_track if ratio >= 1 else Status.at_risk if ratio >= 1 - AT_RISK_BAND else Status.off_track
    if comparison in (Comparison.le, Comparison.lt):
        return Status.on_track if ratio <= 1 else Status.at_risk if ratio <= 1 + AT_RISK_BAND else Status.off_track
    miss = abs(ratio - 1)
    return Status.on_track if miss <= AT_RISK_BAND / 2 else Status.at_risk if miss <= AT_RISK_BAND else Status.off_track


def _attainment(actual: float, target: float, comparison: Comparison) -> float | None:
    if comparison in (Comparison.le, Comparison.lt):
        return None if actual == 0 else target / actual * 100
    return None if target == 0 else actual / target * 100


def _forecast(daily: tuple[tuple[dt.date, float], ...], actual: float, as_of: dt.date, days_left: int) -> float:
    recent = [v for d, v in daily if d <= as_of][-RUN_RATE_DAYS:]
    rate = sum(recent) / len(recent) if recent else 0.0
    return actual + rate * days_left


def _stage_check(objective: Objective, actual: float, as_of: dt.date,
                 comparison: Comparison) -> tuple[float, dt.date] | None:
    passed = [s for s in objective.stage_targets if s.date <= as_of]
    if not passed:
        return None
    last = max(passed, key=lambda s: s.date)
    return None if comparison.holds(actual, last.target) else (last.target, last.date)


def judgement_day(project: Project, series: Series, as_of: dt.date | None = None,
                  today: dt.date | None = None) -> dt.date:
    """The day statuses are judged on, the same for the dashboard and every document: ``as_of``
    when given, else the last day with data (actuals and the time elapsed must match), else
    ``today`` (or the launch)."""
    return as_of or series.last_day or today or project.launch


def evaluate_kpis(project: Project, series: Series, as_of: dt.date,
                  recorded: Mapping[str, float] | None = None) -> list[KpiStatus]:
    """One status per objective with a KPI; pacing runs from the first day with data (or the
    launch, if earlier) to the KPI's deadline (or the end of the flight). The KPI's value follows
    its definition (:func:`~aeflow.engines.monitoring.scope.kpi_value`); ``recorded`` (objective
    id → actual, e.g. from the retrospective) stands in where no data was imported."""
    first = min((d for c in series.daily.values() for d in c), default=project.launch)
    groups = spend_groups(project, series)
    out = []
    for objective in project.brief.objectives:
        kpi = objective.kpi
        if kpi is None:
            continue
        value = kpi_value(kpi, series, groups)
        metric, actual = value.metric, value.value
        formula = value.formula() if actual is not None else ""
        if actual is None and recorded and recorded.get(objective.id) is not None:
            actual = float(recorded[objective.id])
            formula = _("recorded in the retrospective (no imported data)")
        common = dict(objective=objective.id, title=objective.title, metric=metric, channel=kpi.channel,
                      target=kpi.target, unit=kpi.unit, comparison=kpi.comparison, actual=actual,
                      formula=formula, numerator=value.numerator, denominator=value.denominator, as_of=as_of)
        if actual is None:
            out.append(KpiStatus(**common, attainment=None, expected=None, pacing=None, forecast=None,
                                 status=Status.no_data, rule=_("no imported data for this metric yet")))
            continue
        if kpi.target is None:
            out.append(KpiStatus(**common, attainment=None, expected=None, pacing=None, forecast=None,
                                 status=Status.no_target, rule=_("the KPI has no target")))
            continue
        target = kpi.target
        done, total = elapsed(project, min(as_of, kpi.deadline or as_of), min(first, project.launch),
                              kpi.deadline)
        shown = {"value": series.show(metric, actual), "comparison": kpi.comparison.value,
                 "target": series.show(metric, target)}
        if metric in series.additive:
            expected = target * done / total if total else None
            pacing = actual / expected * 100 if expected else None
            forecast = _forecast(value.daily, actual, as_of, total - done)
            status = _grade(forecast / target if target else 1.0, kpi.comparison)
            rule = _("forecast {forecast:,.0f} by the end of the flight is {share:.0f}% of the target {target:,.0f} "
                     "(on track from 100%, at risk from 90%)", forecast=forecast, target=target,
                     share=forecast / target * 100 if target else 100)
        else:
            expected = pacing = None
            forecast = actual
            status = _grade(actual / target if target else 1.0, kpi.comparison)
            rule = _("{value} to date against the target {comparison} {target} (at risk within 10%)", **shown)
        stage = _stage_check(objective, actual, as_of, kpi.comparison) if metric in series.additive else None
        if stage and status == Status.on_track:
            status = Status.at_risk
            rule = _("{actual:,.0f} is short of the stage target {target:,.0f} due {date}", actual=actual,
                     target=stage[0], date=stage[1].isoformat())
        closes = kpi.deadline or flight(project)[1]
        if as_of >= closes:
            status = Status.met if kpi.comparison.holds(actual, target) else Status.missed
            rule = _("closed on {date}: {value} against the target {comparison} {target}",
                     date=closes.isoformat(), **shown)
        out.append(KpiStatus(**common, attainment=_attainment(actual, target, kpi.comparison), expected=expected,
                             pacing=pacing, forecast=forecast, status=status, rule=rule))
    return out


@dataclass(frozen=True)
class BudgetPacing:
    channel: str
    planned: float
    spent: float
    expected: float
    pacing: float | None
    status: Status
    rule: str
    category: str = ""
    """``media``, another cost category, or empty for the total."""
    source: str = ""
    """Where ``spent`` comes from: ``platform`` (imported data), ``recorded`` (the budget lines), or
    ``platform+recorded`` for the total."""

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in self.__dict__.items()}


def planned_by_channel(project: Project) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in project.budget.lines:
        out[line.channel] = out.get(line.channel, 0.0) + float(line.planned or Decimal(0))
    return out


def budget_pacing(project: Project, series: Series, as_of: dt.date) -> list[BudgetPacing]:
    """Spent vs planned to date per channel and kind of cost (media on the platform data, the other
    lines on their recorded actuals: :func:`~aeflow.engines.monitoring.spend.spend_groups`), and in
    total. The window starts with the first day of spend (warm-up before the launch counts)."""
    first = min((d for c in series.daily.values() for d in c), default=project.launch)
    done, total = elapsed(project, as_of, min(first, project.launch))
    share = done / total if total else 0.0
    groups = spend_groups(project, series)
    rows = [_pace(g.channel, g.planned, g.spent, g.planned * share, g.category.value, g.source)
            for g in groups if not g.flexible]
    if rows:
        planned = sum(g.planned for g in groups)
        sources = sorted({g.source for g in groups if g.spent})
        rows.append(_pace(TOTAL, planned, spent_total(groups), planned * share, "", "+".join(sources)))
    return rows


def _pace(channel: str, planned: float, spent: float, expected: float, category: str = "",
          source: str = "") -> BudgetPacing:
    if planned <= 0 < spent:
        return BudgetPacing(channel, planned, spent, expected, None, Status.off_track,
                            _("spent {spent:,.0f} with nothing planned on a budget line", spent=spent),
                            category, source)
    if expected <= 0:
        return BudgetPacing(channel, planned, spent, expected, None, Status.no_data,
                            _("the flight has not started"), category, source)
    pacing = spent / expected * 100
    status = (Status.on_track if 90 <= pacing <= 110 else Status.at_risk if 80 <= pacing <= 120
              else Status.off_track)
    rule = _("spent {spent:,.0f} of {expected:,.0f} planned to date: {pacing:.0f}% (on track 90–110%, "
             "at risk 80–120%)", spent=spent, expected=expected, pacing=pacing)
    return BudgetPacing(channel, planned, spent, expected, pacing, status, rule, category, source)


def spend_pacing_daily(project: Project, series: Series, channel: str) -> dict[dt.date, float]:
    """Cumulative spend pacing (platform spend ÷ planned media to date, 1.2 = 120 %) per day, for
    ``spend_pacing`` triggers: the daily data carries media spend only, so it is paced against
    the media lines (of the channel, or of every channel the data carries)."""
    media = [g for g in spend_groups(project, series) if g.source == PLATFORM]
    plan = sum(g.planned for g in media) if channel == TOTAL else sum(
        g.planned for g in media if series.channel(g.channel) == channel)
    out: dict[dt.date, float] = {}
    spent = 0.0
    start = min((d for c in series.daily.values() for d in c), default=project.launch)
    for day, values in series.days(channel):
        spent += values.get("spend") or 0.0
        done, total = elapsed(project, day, min(start, project.launch))
        expected = plan * done / total if total else 0.0
        if expected > 0:
            out[day] = spent / expected
    return out


def worst(statuses: list[Status]) -> Status:
    graded = [s for s in statuses if s in _ORDER]
    return max(graded, key=_ORDER.index) if graded else Status.no_data
