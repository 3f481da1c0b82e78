"""Money spent to date, once for every output (budget pacing, KPI cost ratios, documents).

The rule: a platform export reports the **media** spend of its channel, nothing else. So the media
lines of a channel that imported data carries are spent what the platform says; every other line —
production, KOL fees, events, fees, and media of a channel no export carries — is spent what was
recorded on the line by hand. Platform spend on a channel with no media line is spend too (it
shows as unplanned).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from aeflow.domain.budget import CostCategory
from aeflow.domain.project import Project
from aeflow.engines.monitoring.series import Series

PLATFORM = "platform"
RECORDED = "recorded"


@dataclass(frozen=True)
class SpendGroup:
    """The budget lines of one channel and one kind: its media lines, or its lines of one other
    cost category."""

    channel: str
    category: CostCategory
    planned: float
    spent: float
    source: str
    """``platform`` (imported data) or ``recorded`` (the lines' actuals)."""
    lines: tuple[str, ...]

    @property
    def flexible(self) -> bool:
        """A reserve across channels (channel ``all``): counted in the total, not paced alone."""
        return self.channel.lower() == "all"


def _f(value: Decimal | None) -> float:
    return float(value or Decimal(0))


def spend_groups(project: Project, series: Series) -> list[SpendGroup]:
    """Planned and spent per channel and kind of cost, ordered by channel (see the module rule)."""
    groups: dict[tuple[str, CostCategory], list[tuple[str, float, float]]] = {}
    for line in project.budget.lines:
        groups.setdefault((line.channel, line.category), []).append(
            (line.id, _f(line.planned), _f(line.actual)))
    out = []
    media_keys = set()
    for (channel, category), lines in groups.items():
        planned = sum(p for _i, p, _a in lines)
        if category == CostCategory.media and series.carries_spend(channel):
            key = series.channel(channel)
            media_keys.add(key)
            spent, source = float(series.value(key or "", "spend") or 0.0), PLATFORM
        else:
            spent, source = sum(a for _i, _p, a in lines), RECORDED
        out.append(SpendGroup(channel, category, planned, spent, source, tuple(i for i, _p, _a in lines)))
    for key in series.channels:
        spend = series.value(key, "spend")
        if spend and key not in media_keys:
            out.append(SpendGroup(key, CostCategory.media, 0.0, float(spend), PLATFORM, ()))
    return sorted(out, key=lambda g: (g.flexible, g.channel, g.category != CostCategory.media, g.category.value))


def spent_total(groups: Iterable[SpendGroup]) -> float:
    """Spent to date over the whole budget: the figure every output shows as 已消耗 / spent."""
    return round(sum(g.spent for g in groups), 2)


def by_channel(groups: Iterable[SpendGroup]) -> dict[str, tuple[float, float]]:
    """Planned and spent per budget channel, every kind of cost together (a document's channel table)."""
    out: dict[str, tuple[float, float]] = {}
    for g in groups:
        planned, spent = out.get(g.channel, (0.0, 0.0))
        out[g.channel] = (planned + g.planned, spent + g.spent)
    return out


def recorded_spend(groups: Iterable[SpendGroup], categories: Iterable[CostCategory],
                   channels: Iterable[str] | None) -> tuple[float, tuple[SpendGroup, ...]]:
    """Spend no platform export carries, of ``categories``, on ``channels`` (``None``: every
    channel) — what a KPI's cost ratio adds to the platform spend."""
    wanted = set(categories)
    names = None if channels is None else {c.lower() for c in channels}
    used = tuple(g for g in groups if g.source == RECORDED and g.category in wanted and g.spent
                 and (names is None or g.channel.lower() in names))
    return sum(g.spent for g in used), used
