"""Contingency triggers: a risk's machine-checkable condition, checked on the daily series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aeflow.domain.labels import channel_label, metric_label
from aeflow.domain.project import Project
from aeflow.domain.risk import Risk
from aeflow.engines.monitoring.pacing import spend_pacing_daily
from aeflow.engines.monitoring.series import TOTAL, Series
from aeflow.i18n import _

PERCENT = frozenset({"ctr", "cvr", "roi", "engagement_rate", "spend_pacing"})


def _show(metric: str, value: float) -> str:
    """1.0% (a ratio in percent), 5,000 (a whole number), 2.35 (anything else)."""
    if metric in PERCENT:
        text = f"{value * 100:.2f}"
        return text.removesuffix("0") + "%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass(frozen=True)
class Alert:
    """A fired trigger: which risk, the data that fired it, and what the plan says to do."""

    risk_id: str
    risk: str
    metric: str
    channel: str
    comparison: str
    threshold: float
    consecutive_days: int
    first_date: dt.date
    last_date: dt.date
    values: tuple[tuple[dt.date, float], ...]
    action: str
    situation: str
    owner: str
    contact: str
    communication: str

    def condition(self) -> str:
        """The trigger's condition as people read it: ``抖音 点击率 < 1.0%``."""
        return (f"{channel_label(self.channel)} {metric_label(self.metric)} {self.comparison} "
                f"{_show(self.metric, self.threshold)}")

    def headline(self) -> str:
        shown = ", ".join(_show(self.metric, v) for _d, v in self.values[-self.consecutive_days:])
        return _("Risk {risk_id} fired: {condition} for {days} day(s) ({first} – {last}: {values})",
                 risk_id=self.risk_id, condition=self.condition(), days=len(self.values),
                 first=self.first_date.isoformat(), last=self.last_date.isoformat(), values=shown)

    def lines(self) -> list[tuple[str, str]]:
        """Labelled parts of the alert, for the terminal and IM messages."""
        return [
            (_("Risk"), f"{self.risk_id} — {self.risk}"),
            (_("Data"), self.headline()),
            (_("Contingency"), self.action or "-"),
            (_("Owner"), " / ".join(x for x in (self.owner, self.contact) if x) or "-"),
            (_("Client communication"), self.communication or "-"),
        ]

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["first_date"] = self.first_date.isoformat()
        out["last_date"] = self.last_date.isoformat()
        out["values"] = [[d.isoformat(), v] for d, v in self.values]
        out["condition"] = self.condition()
        return out


def _runs(points: list[tuple[dt.date, float | None]], holds: Any, need: int) -> list[list[tuple[dt.date, float]]]:
    runs: list[list[tuple[dt.date, float]]] = []
    current: list[tuple[dt.date, float]] = []
    for day, value in points:
        ok = value is not None and holds(value)
        contiguous = bool(current) and (day - current[-1][0]).days == 1
        if ok and (contiguous or not current):
            current.append((day, float(value)))  # type: ignore[arg-type]
        elif ok:
            if len(current) >= need:
                runs.append(current)
            current = [(day, float(value))]  # type: ignore[arg-type]
        else:
            if len(current) >= need:
                runs.append(current)
            current = []
    if len(current) >= need:
        runs.append(current)
    return runs


def evaluate_risk(project: Project, risk: Risk, series: Series) -> list[Alert]:
    trigger = risk.trigger
    if trigger is None:
        return []
    metric = series.canonical(trigger.metric)
    channel_name = trigger.channel or risk.channel
    key = series.channel(channel_name)
    if key is None:
        return []
    if metric == "spend_pacing":
        points: list[tuple[dt.date, float | None]] = sorted(spend_pacing_daily(project, series, key).items())
    else:
        points = [(d, v.get(metric)) for d, v in series.days(key)]
    out = []
    for run in _runs(points, lambda v: trigger.comparison.holds(v, trigger.threshold), trigger.consecutive_days):
        contingency = risk.contingency
        out.append(Alert(
            risk_id=risk.id, risk=risk.description, metric=metric, channel=channel_name if key != TOTAL else "",
            comparison=trigger.comparison.value, threshold=trigger.threshold,
            consecutive_days=trigger.consecutive_days, first_date=run[0][0], last_date=run[-1][0],
            values=tuple(run), action=(contingency.then if contingency else "") or risk.response,
            situation=contingency.when if contingency else "", owner=risk.owner, contact=risk.contact,
            communication=risk.communication))
    return out


def evaluate_triggers(project: Project, series: Series) -> list[Alert]:
    """Every run of days on which a risk's trigger held at least its ``consecutive_days``."""
    return [a for risk in project.risks for a in evaluate_risk(project, risk, series)]
