"""The input of the monitoring engine: metric values per channel per day, and to date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

TOTAL = ""
"""The channel key of the totals over all channels."""

Values = Mapping[str, float | None]


@dataclass(frozen=True)
class Formula:
    """A ratio metric as its sums: ``numerator ÷ denominator × scale + offset`` (CPM: spend ÷
    impressions × 1000; ROI: revenue ÷ spend − 1)."""

    numerator: str
    denominator: str
    scale: float = 1.0
    offset: float = 0.0

    def apply(self, numerator: float | None, denominator: float | None) -> float | None:
        if numerator is None or not denominator:
            return None
        return numerator / denominator * self.scale + self.offset


@dataclass(frozen=True)
class Series:
    """``daily[channel][day][metric]`` and ``to_date[channel][metric]``; ``TOTAL`` is all channels.

    Ratios are fractions (a CTR of 1.5% is 0.015, as KPI targets and trigger thresholds are
    written); money is in the project's currency. ``additive`` names the metrics that add up over
    days, ``percent`` the ratios shown in percent.
    """

    daily: Mapping[str, Mapping[dt.date, Values]]
    to_date: Mapping[str, Values]
    additive: frozenset[str]
    aliases: Mapping[str, str] = field(default_factory=dict)
    percent: frozenset[str] = frozenset()
    formulas: Mapping[str, Formula] = field(default_factory=dict)

    def show(self, metric: str, value: float | None) -> str:
        """A value as people read it: ratios in percent (1.40%), counts and money whole
        (132,368,425), other ratios with two decimals (2.68)."""
        if value is None:
            return "-"
        if metric in self.percent:
            return f"{value * 100:.2f}%"
        if metric in self.additive:
            return f"{value:,.0f}"
        return f"{value:,.2f}"

    @property
    def channels(self) -> list[str]:
        return sorted(c for c in self.to_date if c != TOTAL)

    @property
    def last_day(self) -> dt.date | None:
        days = [d for c in self.daily.values() for d in c]
        return max(days) if days else None

    def canonical(self, metric: str) -> str:
        key = metric.strip().lower()
        return self.aliases.get(key, key)

    def channel(self, name: str) -> str | None:
        """The series key for a channel name as a person wrote it (exact, else by containment)."""
        if not name or name.lower() == "all":
            return TOTAL
        if name in self.to_date:
            return name
        low = name.lower()
        matches = [c for c in self.channels if low in c.lower() or c.lower() in low]
        return matches[0] if len(matches) == 1 else None

    def value(self, channel: str, metric: str) -> float | None:
        return self.to_date.get(channel, {}).get(metric)

    def days(self, channel: str) -> list[tuple[dt.date, Values]]:
        return sorted(self.daily.get(channel, {}).items())

    def carries_spend(self, channel: str) -> bool:
        """Whether imported platform data reports spend for the budget channel ``channel``."""
        if not channel or channel.lower() == "all":
            return False
        key = self.channel(channel)
        return key is not None and key != TOTAL and bool(self.value(key, "spend"))
