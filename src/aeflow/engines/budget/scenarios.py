"""Price-volatility scenarios: CPM inflation in named periods, a budget cut, a channel lost.

CPM inflation applies for a window of dates (618, 双11, 春节, or any user window). A flight that
only partly overlaps the window pays the inflated price on that share of its days (spend assumed
even over the flight): the effective factor is ``1 + (factor - 1) · overlap / flight days``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays

from aeflow.errors import Invalid
from aeflow.i18n import _

PERIOD_ALIASES = {
    "618": "618", "6.18": "618", "double11": "双11", "双11": "双11", "双十一": "双11", "11.11": "双11",
    "cny": "春节", "春节": "春节", "spring-festival": "春节", "chinese-new-year": "春节",
}


def period_window(name: str, year: int) -> tuple[dt.date, dt.date]:
    """The dates of a named shopping or holiday period in ``year`` (presale included)."""
    key = PERIOD_ALIASES.get(name.strip().lower(), PERIOD_ALIASES.get(name.strip()))
    if key == "618":
        return dt.date(year, 5, 20), dt.date(year, 6, 18)
    if key == "双11":
        return dt.date(year, 10, 20), dt.date(year, 11, 11)
    if key == "春节":
        cn = holidays.country_holidays("CN", years=year, language="en_US")
        day = next((d for d, label in sorted(cn.items()) if "Spring Festival" in label), dt.date(year, 2, 1))
        return day - dt.timedelta(days=21), day + dt.timedelta(days=7)
    raise Invalid(_("unknown period {name}: use 618, 双11, 春节 or a window like 2026-09-28:2026-10-07",
                    name=name))


def parse_window(text: str) -> tuple[dt.date, dt.date] | str:
    """``START:END`` as dates, or the name of a period (resolved per year later)."""
    if ":" in text:
        start, _sep, end = text.partition(":")
        try:
            a, b = dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip())
        except ValueError:
            raise Invalid(_("{text} is not a window like 2026-09-28:2026-10-07", text=text)) from None
        if b < a:
            raise Invalid(_("window {text} ends before it starts", text=text))
        return a, b
    period_window(text, 2000)  # validates the name
    return text


@dataclass(frozen=True)
class Inflation:
    window: tuple[dt.date, dt.date] | str
    factor: float  # 1.3 = CPM +30%
    channels: tuple[str, ...] = ()  # empty: every channel


@dataclass(frozen=True)
class Scenario:
    name: str
    inflation: tuple[Inflation, ...] = ()
    budget_cut: float = 0.0  # fraction of the total, 0.1 = -10%
    lost: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def overlap_share(flight: tuple[dt.date, dt.date], window: tuple[dt.date, dt.date] | str) -> float:
    """Share of the flight's days inside the window (a named period in any year of the flight)."""
    start, end = flight
    days = (end - start).days + 1
    if isinstance(window, str):
        windows = [period_window(window, y) for y in range(start.year - 1, end.year + 1)]
    else:
        windows = [window]
    inside = set()
    for a, b in windows:
        lo, hi = max(a, start), min(b, end)
        inside.update(lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1))
    return len(inside) / days if days > 0 else 0.0


def cpm_factors(scenario: Scenario, flight: tuple[dt.date, dt.date], channels: list[str]) -> dict[str, float]:
    """The effective CPM factor per channel over the flight (factors of overlapping windows multiply)."""
    out = {c: 1.0 for c in channels}
    for inf in scenario.inflation:
        if inf.factor <= 0:
            raise Invalid(_("a CPM factor must be positive, got {factor}", factor=inf.factor))
        share = overlap_share(flight, inf.window)
        for c in channels:
            if not inf.channels or c in inf.channels:
                out[c] *= 1.0 + (inf.factor - 1.0) * share
    return out
