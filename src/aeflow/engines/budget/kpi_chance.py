"""The chance that each KPI of the brief is met, computed as the KPI is defined.

A KPI says which channels' data count and which costs are spend (``channel``, ``outcome_channels``
and ``spend_categories`` on :class:`~aeflow.domain.brief.KPI`). The forecast scopes every sum a
KPI is made of with the monitoring engine's own rule (:mod:`aeflow.engines.monitoring.scope`), so
the forecast and the dashboard mean the same thing by, say, CPA: conversions and GMV over the
KPI's ``outcome_channels`` (else its channel), the other quantities over its channel (empty or
``all``: every channel), and as spend the planned amounts of the lines on the KPI's channel whose
cost category the KPI counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from aeflow.domain.brief import KPI
from aeflow.engines.budget.draws import COUNTS, Quantiles, Spend, funnel_metrics

USES = {
    "impressions": ("impressions",), "clicks": ("clicks",), "conversions": ("conversions",), "gmv": ("gmv",),
    "roas": ("gmv", "spend"), "roi": ("gmv", "spend"), "cpm": ("spend", "impressions"),
    "cpc": ("spend", "clicks"), "ctr": ("clicks", "impressions"), "cvr": ("conversions", "clicks"),
    "cpa": ("spend", "conversions"),
}
"""The funnel metrics a KPI can be, and the sums each is computed from."""
ALIASES = {"revenue": "gmv"}  # a KPI's metric name -> the funnel's
DEFINITION_NAME = {"gmv": "revenue"}  # the funnel's quantity -> the name the KPI definition uses


@dataclass(frozen=True)
class KpiChance:
    objective: str
    metric: str
    target: float
    comparison: str
    probability: float | None  # None: the funnel cannot forecast this metric
    forecast: Quantiles | None = None
    unit: str = ""  # the KPI's display unit (% for ratios stored as fractions, 元, x, 次 …)
    scope: dict[str, list[str]] = field(default_factory=dict)
    """Per sum (spend, conversions, gmv …) the channels it counts (empty: all channels)."""
    spend_categories: list[str] = field(default_factory=list)  # the costs counted as spend, if spend counts


def kpi_target(kpi: KPI) -> float:
    """The KPI's target in the funnel's units: ratios are stored as fractions (unit ``%`` is only
    how they are shown, 0.015 = 1.5%), money in yuan, counts as counts."""
    assert kpi.target is not None
    return float(kpi.target)


def _on(channel: str, names: tuple[str, ...]) -> bool:
    return not names or channel.strip().lower() in {n.strip().lower() for n in names}


def kpi_chance(objective: str, kpi: KPI, lines: Sequence[tuple[Spend, Mapping[str, np.ndarray]]],
               costs: Sequence[Spend], draws: int) -> KpiChance:
    """The KPI's forecast and the share of draws that meet its target. ``lines`` are the forecast
    lines with their draws of :data:`~aeflow.engines.budget.draws.COUNTS`; ``costs`` the lines
    that cost money but buy no impressions (production, events …), spend if the KPI counts them."""
    metric = kpi.metric.strip().lower()
    metric = ALIASES.get(metric, metric)
    target = kpi_target(kpi)
    uses = USES.get(metric) if lines else None
    if uses is None:
        return KpiChance(objective, metric, target, kpi.comparison.value, None, unit=kpi.unit)
    sums: dict[str, np.ndarray] = {q: np.zeros(draws) for q in COUNTS}
    spend = 0.0
    scope: dict[str, list[str]] = {}
    categories = [c.value for c in kpi.spend_categories]
    for part in uses:
        names = kpi.channels_for(DEFINITION_NAME.get(part, part))
        scope[part] = list(names)
        if part == "spend":
            amounts = [s.amount for s in [*(s for s, _v in lines), *costs]
                       if _on(s.channel, names) and s.category in categories]
            spend, found = math.fsum(amounts), bool(amounts)
        else:
            chosen = [v[part] for s, v in lines if _on(s.channel, names)]
            found = bool(chosen)
            if chosen:
                sums[part] = np.sum(chosen, axis=0)
        if not found:  # no planned line on the channels the KPI counts: nothing to forecast
            return KpiChance(objective, metric, target, kpi.comparison.value, None, unit=kpi.unit, scope=scope)
    values = funnel_metrics(spend, sums["impressions"], sums["clicks"], sums["conversions"], sums["gmv"])[metric]
    held = _holds(kpi.comparison.value, values, target)
    return KpiChance(objective, metric, target, kpi.comparison.value, float(np.mean(held)), Quantiles.of(values),
                     unit=kpi.unit, scope=scope, spend_categories=categories if "spend" in uses else [])


def _holds(op: str, values: np.ndarray, target: float) -> np.ndarray:
    """Whether each draw meets the target; ``=`` on a continuous forecast means within 5%."""
    if op == "=":
        return np.abs(values - target) <= 0.05 * abs(target)
    return {">=": values >= target, "<=": values <= target, ">": values > target, "<": values < target}[op]
