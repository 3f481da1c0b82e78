"""A KPI's value as its definition says: which channels' data and which spend count.

- a count (impressions, conversions …) is the sum over the KPI's channel (all channels when empty);
  conversions and revenue over ``outcome_channels`` when the KPI names them;
- a ratio is computed from its sums (see :class:`~aeflow.engines.monitoring.series.Formula`), each
  sum scoped the same way; spend is the platform spend of those channels plus the spend recorded on
  budget lines of the KPI's ``spend_categories`` that no export carries (KOL fees, production …),
  by :func:`~aeflow.engines.monitoring.spend.spend_groups`' rule.

The parts are kept, so every output can show the numerator and denominator an AE can check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aeflow.domain.brief import KPI
from aeflow.domain.labels import channel_label, channels_label, cost_label, metric_label
from aeflow.engines.monitoring.series import TOTAL, Series
from aeflow.engines.monitoring.spend import SpendGroup, recorded_spend
from aeflow.i18n import _

@dataclass(frozen=True)
class Part:
    """One sum a KPI is made of: ``measure`` over ``channels`` (empty: all), plus spend recorded
    on budget lines (``recorded``, from ``recorded_lines``)."""

    measure: str
    channels: tuple[str, ...]
    platform: float | None
    recorded: float = 0.0
    recorded_lines: tuple[str, ...] = ()
    recorded_labels: tuple[str, ...] = ()

    @property
    def value(self) -> float | None:
        if self.platform is None and not self.recorded:
            return None
        return (self.platform or 0.0) + self.recorded

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "channels": list(self.channels), "value": self.value,
                "platform": self.platform, "recorded": self.recorded, "recorded_lines": list(self.recorded_lines)}

    def describe(self) -> str:
        """``花费 2,390,000（平台数据 1,944,000 + 预算明细记录的达人 446,000）`` — what was summed."""
        where = channels_label(list(self.channels))
        head = _("{measure} {value} ({where})", measure=metric_label(self.measure),
                 value=_number(self.value), where=where)
        if not self.recorded:
            return head
        return _("{head}: platform data {platform} + {recorded} recorded on budget lines ({what})", head=head,
                 platform=_number(self.platform), recorded=_number(self.recorded),
                 what="、".join(self.recorded_labels))


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


@dataclass(frozen=True)
class KpiValue:
    metric: str
    value: float | None
    numerator: Part
    denominator: Part | None
    daily: tuple[tuple[dt.date, float], ...]
    """The numerator per day (for a count's run rate)."""

    def formula(self) -> str:
        if self.denominator is None:
            return self.numerator.describe()
        return _("{metric} = {numerator} ÷ {denominator}", metric=metric_label(self.metric),
                 numerator=self.numerator.describe(), denominator=self.denominator.describe())


def _keys(series: Series, names: tuple[str, ...]) -> list[str] | None:
    """Series keys of the channel names; ``None`` when none of them has data."""
    if not names:
        return [TOTAL]
    keys = [k for k in (series.channel(n) for n in names) if k is not None]
    return list(dict.fromkeys(keys)) or None


def _part(kpi: KPI, series: Series, groups: list[SpendGroup], measure: str) -> tuple[Part, list[str] | None]:
    names = kpi.channels_for(measure)
    keys = _keys(series, names)
    values = [series.value(k, measure) for k in keys or []]
    platform = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    if measure != "spend":
        return Part(measure, names, platform), keys
    recorded, used = recorded_spend(groups, kpi.spend_categories, names or None)
    return Part(measure, names, platform, recorded, tuple(i for g in used for i in g.lines),
                tuple(_group_label(g) for g in used)), keys


def _group_label(group: SpendGroup) -> str:
    channel, cost = channel_label(group.channel), cost_label(group.category)
    name = cost if channel == cost else f"{channel} {cost}"
    return f"{name} {_number(group.spent)}"


def _daily(series: Series, keys: list[str] | None, measure: str) -> tuple[tuple[dt.date, float], ...]:
    days: dict[dt.date, float] = {}
    for key in keys or []:
        for day, values in series.days(key):
            days[day] = days.get(day, 0.0) + (values.get(measure) or 0.0)
    return tuple(sorted(days.items()))


def kpi_value(kpi: KPI, series: Series, groups: list[SpendGroup]) -> KpiValue:
    """The KPI's value to date computed as its definition says (see the module docstring)."""
    metric = series.canonical(kpi.metric)
    formula = series.formulas.get(metric)
    if metric in series.additive or formula is None:
        part, keys = _part(kpi, series, groups, metric)
        return KpiValue(metric, part.value, part, None, _daily(series, keys, metric))
    num, _k = _part(kpi, series, groups, formula.numerator)
    den, _k2 = _part(kpi, series, groups, formula.denominator)
    return KpiValue(metric, formula.apply(num.value, den.value), num, den, ())
