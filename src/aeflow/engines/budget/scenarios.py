"""Price-volatility scenarios: CPM inflation in named periods, a budget cut, a channel lost.

CPM inflation applies for a window of dates: a named period resolved for each year of the flight
(see :data:`PERIODS`), a date range ``2026-09-28:2026-10-07``, or a month-day range ``09-28:10-07``
in whatever year the flight runs. A flight that only partly overlaps the window pays the inflated
price on that share of its days (spend assumed even over the flight): the effective factor is
``1 + (factor - 1) · overlap / flight days``.

Statutory holidays (元旦, 清明, 五一, 端午, 中秋, 国庆) take the year's official days off from the
``holidays`` package, weekends joining them included (the whole break, e.g. 国庆 10月1日—7日);
春节 runs from three weeks before the festival to a week after it (the CNY shopping and gifting
season). Platform festivals have their usual windows, presale included: 年货节 (five weeks to a
week before 春节), 520 (5月13日—20日), 618 (5月20日—6月18日), 七夕 (the week up to it), 双11
(10月20日—11月11日) and 双12 (12月1日—12日).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import holidays

from aeflow.errors import Invalid
from aeflow.i18n import _

Window = tuple[dt.date, dt.date]

STATUTORY = {"元旦": "New Year's Day", "清明": "Tomb-Sweeping Day", "五一": "Labor Day",
             "端午": "Dragon Boat Festival", "中秋": "Mid-Autumn Festival", "国庆": "National Day"}


@cache
def _cn_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("CN", years=year, language="en_US").items())


def _spring_festival(year: int) -> dt.date:
    day = next((d for d, label in sorted(_cn_holidays(year).items()) if "Spring Festival" in label), None)
    return day or dt.date(year, 2, 1)


def _statutory(label: str) -> Callable[[int], Window]:
    """The official break of a statutory holiday: its days, days off moved next to it and the
    weekends in between, as one run of consecutive days."""
    def window(year: int) -> Window:
        days = _cn_holidays(year)
        named = sorted(d for d, text in days.items() if text.startswith(label))
        if not named:
            raise Invalid(_("no {name} in {year} in the holiday calendar", name=label, year=year))

        def off(d: dt.date) -> bool:
            return d in days or d.weekday() >= 5

        first, last = named[0], named[-1]
        while off(first - dt.timedelta(days=1)):
            first -= dt.timedelta(days=1)
        while off(last + dt.timedelta(days=1)):
            last += dt.timedelta(days=1)
        return first, last
    return window


def _qixi(year: int) -> Window:
    """七夕 (7th day of the 7th lunar month) is 37 or 38 days before 中秋 (15th of the 8th): the
    week before the earlier date up to the later one."""
    mid_autumn = next(d for d, text in _cn_holidays(year).items() if text.startswith("Mid-Autumn"))
    return mid_autumn - dt.timedelta(days=44), mid_autumn - dt.timedelta(days=37)


def _fixed(m1: int, d1: int, m2: int, d2: int) -> Callable[[int], Window]:
    return lambda year: (dt.date(year, m1, d1), dt.date(year, m2, d2))


PERIODS: dict[str, Callable[[int], Window]] = {
    "元旦": _statutory(STATUTORY["元旦"]),
    "年货节": lambda y: (_spring_festival(y) - dt.timedelta(days=35), _spring_festival(y) - dt.timedelta(days=7)),
    "春节": lambda y: (_spring_festival(y) - dt.timedelta(days=21), _spring_festival(y) + dt.timedelta(days=7)),
    "清明": _statutory(STATUTORY["清明"]),
    "五一": _statutory(STATUTORY["五一"]),
    "520": _fixed(5, 13, 5, 20),
    "618": _fixed(5, 20, 6, 18),
    "端午": _statutory(STATUTORY["端午"]),
    "七夕": _qixi,
    "中秋": _statutory(STATUTORY["中秋"]),
    "国庆": _statutory(STATUTORY["国庆"]),
    "双11": _fixed(10, 20, 11, 11),
    "双12": _fixed(12, 1, 12, 12),
}
"""The named periods, in calendar order of a year (see the module docstring for their windows)."""

PERIOD_ALIASES = {
    "6.18": "618", "double11": "双11", "双十一": "双11", "11.11": "双11", "double12": "双12", "双十二": "双12",
    "12.12": "双12", "cny": "春节", "spring-festival": "春节", "chinese-new-year": "春节", "new-year": "元旦",
    "new-year-shopping": "年货节", "nianhuo": "年货节", "qingming": "清明", "labour-day": "五一", "labor-day": "五一",
    "may-day": "五一", "劳动节": "五一", "5.20": "520", "dragon-boat": "端午", "端午节": "端午", "qixi": "七夕",
    "mid-autumn": "中秋", "中秋节": "中秋", "national-day": "国庆", "golden-week": "国庆", "国庆节": "国庆",
    "十一": "国庆", "清明节": "清明",
}
MONTH_DAYS = re.compile(r"^(\d{1,2})-(\d{1,2}):(\d{1,2})-(\d{1,2})$")


def period_names() -> list[str]:
    return list(PERIODS)


def _unknown(name: str) -> Invalid:
    return Invalid(_("unknown period {name}: use one of {periods}, a date range like 2026-09-28:2026-10-07 "
                     "or a month-day range like 09-28:10-07", name=name, periods=", ".join(PERIODS)))


def period_window(name: str, year: int) -> Window:
    """The dates of a named shopping or holiday period (or a month-day range) in ``year``."""
    text = name.strip()
    match = MONTH_DAYS.match(text)
    if match:
        m1, d1, m2, d2 = (int(g) for g in match.groups())
        try:
            a, b = dt.date(year, m1, d1), dt.date(year, m2, d2)
        except ValueError:
            raise Invalid(_("{text} is not a window like 2026-09-28:2026-10-07", text=name)) from None
        if b < a:  # across the new year, e.g. 12-20:01-10
            b = dt.date(year + 1, m2, d2)
        return a, b
    key = text if text in PERIODS else PERIOD_ALIASES.get(text.lower(), PERIOD_ALIASES.get(text))
    if key is None:
        raise _unknown(name)
    return PERIODS[key](year)


def parse_window(text: str) -> Window | str:
    """``START:END`` as dates, or the name of a period or a month-day range (resolved per year later)."""
    if ":" in text and not MONTH_DAYS.match(text.strip()):
        start, _sep, end = text.partition(":")
        try:
            a, b = dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip())
        except ValueError:
            raise Invalid(_("{text} is not a window like 2026-09-28:2026-10-07", text=text)) from None
        if b < a:
            raise Invalid(_("window {text} ends before it starts", text=text))
        return a, b
    period_window(text, 2026)  # validates the name
    return text.strip()


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
