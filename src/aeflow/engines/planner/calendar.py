"""The working calendar: which days are working days, and O(1) conversion dates ↔ working-day indices.

China's calendar is the default. Its holidays are not a fixed rule: each year the State Council's
General Office publishes the schedule (国务院办公厅关于…部分节假日安排的通知) late in the year before,
moving weekend days into the holidays and declaring make-up working days (调休上班) on weekends.
``holidays`` ships those official schedules up to some year and estimates later years by rule; the
estimate has no make-up working days and often different days off, so a year planned on it is
flagged. An official schedule for a year can be passed in as a :class:`YearSchedule`; it replaces
the package's data for that year entirely (the notice lists every day off and every make-up day).

Indices: ``index(d)`` is the number of working days before ``d`` counted from the calendar's origin,
i.e. the index of the first working day on or after ``d``; ``day(k)`` is the working day with index
``k``. Both are array look-ups over a precomputed range that grows (in whole years, doubling) on
demand, so a schedule never loops over days per item. Indices stay stable when the range grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

import holidays as holidays_lib

MIN_YEAR = 1950
MAX_YEAR = 2399


class YearStatus(StrEnum):
    """Where a year's days off come from."""

    override = "override"  # an official schedule supplied by the user
    official = "official"  # the official schedule shipped in the holidays package
    estimated = "estimated"  # rule-based estimate: the official schedule is not known yet
    statutory = "statutory"  # countries whose holidays follow fixed rules, no annual decree


@dataclass(frozen=True)
class YearSchedule:
    """The official holiday schedule of one year in one country (days off and make-up working days)."""

    country: str
    year: int
    days_off: Mapping[dt.date, str] = field(default_factory=dict)
    workdays: frozenset[dt.date] = frozenset()
    source: str = ""


def _cn_official_until() -> int:
    from holidays.countries.china import ChinaStaticHolidays

    return max(ChinaStaticHolidays.special_public_holidays)


# Countries whose holidays are set by an annual decree: the last year the package has it for.
ANNUAL_DECREE = {"CN": _cn_official_until}


@cache
def official_until(country: str) -> int | None:
    """The last year whose official schedule the holidays package ships, for annual-decree countries."""
    probe = ANNUAL_DECREE.get(country)
    return probe() if probe else None


def supported_country(code: str) -> bool:
    return code.upper() in holidays_lib.list_supported_countries()


def country_for_locale(locale: str, default: str = "CN") -> str:
    """``zh-CN`` → ``CN``, ``en_US`` → ``US``, ``en-GB`` → ``GB``; unknown regions give ``default``."""
    parts = locale.replace("_", "-").split("-")
    for part in reversed(parts[1:]):
        if len(part) == 2 and part.isalpha() and supported_country(part):
            return part.upper()
    if parts and parts[0].lower() == "zh":
        return "CN"
    return default


class WorkCalendar:
    """Working days of one country (and optional subdivision), with user overrides per year."""

    def __init__(
        self,
        country: str = "CN",
        overrides: Iterable[YearSchedule] = (),
        *,
        subdiv: str | None = None,
        language: str | None = None,
        around: dt.date | None = None,
    ) -> None:
        self.country = country.upper()
        if not supported_country(self.country):
            raise ValueError(f"unsupported country {country!r}")
        self.subdiv = subdiv
        self.language = language
        self.overrides = {o.year: o for o in overrides if o.country.upper() == self.country}
        probe = holidays_lib.country_holidays(self.country, subdiv=subdiv, years=[])
        self.weekend = frozenset(probe.weekend)
        self._names: dict[int, str] = {}  # ordinal -> holiday name, for explanations
        self._makeup: set[int] = set()  # ordinals of weekend days that are working days
        year = (around or dt.date.today()).year
        self._lo_year = self._hi_year = year  # inclusive range of built years
        self._lo = dt.date(year, 1, 1).toordinal()
        self._before: list[int] = []  # working days in [_lo, _lo + i)
        self._days: list[int] = []  # ordinals of working days in the built range
        self._shift = 0  # working days between _lo and the origin (grows when extended downward)
        self._days, self._before = self._build(year, year)
        self._before.append(len(self._days))

    # -- building -----------------------------------------------------------------------------
    def _year_data(self, year: int) -> tuple[dict[dt.date, str], set[dt.date]]:
        override = self.overrides.get(year)
        if override is not None:
            return dict(override.days_off), set(override.workdays)
        kwargs = {"language": self.language} if self.language else {}
        try:
            hols = holidays_lib.country_holidays(self.country, subdiv=self.subdiv, years=[year], **kwargs)
        except (NotImplementedError, ValueError):
            hols = holidays_lib.country_holidays(self.country, subdiv=self.subdiv, years=[year])
        off = {d: str(name) for d, name in hols.items() if d.year == year}
        makeup = {d for d in getattr(hols, "weekend_workdays", ()) if d.year == year}
        return off, makeup

    def _build(self, first: int, last: int) -> tuple[list[int], list[int]]:
        days: list[int] = []
        before: list[int] = []
        for year in range(first, last + 1):
            off, makeup = self._year_data(year)
            off_ords = {d.toordinal() for d in off}
            for d, name in off.items():
                self._names[d.toordinal()] = name
            self._makeup.update(d.toordinal() for d in makeup)
            makeup_ords = {d.toordinal() for d in makeup}
            start = dt.date(year, 1, 1).toordinal()
            end = dt.date(year + 1, 1, 1).toordinal()
            weekday = dt.date(year, 1, 1).weekday()
            for o in range(start, end):
                before.append(len(days))
                if o not in off_ords and (weekday not in self.weekend or o in makeup_ords):
                    days.append(o)
                weekday = (weekday + 1) % 7
        return days, before

    def _grow_up(self, year: int) -> None:
        span = self._hi_year - self._lo_year + 1
        last = min(MAX_YEAR, max(year, self._hi_year + span))
        if last <= self._hi_year:
            raise ValueError(f"date beyond the supported calendar range (year {year})")
        days, before = self._build(self._hi_year + 1, last)
        base = len(self._days)
        self._before.pop()
        self._before.extend(b + base for b in before)
        self._days.extend(days)
        self._before.append(len(self._days))
        self._hi_year = last

    def _grow_down(self, year: int) -> None:
        span = self._hi_year - self._lo_year + 1
        first = max(MIN_YEAR, min(year, self._lo_year - span))
        if first >= self._lo_year:
            raise ValueError(f"date before the supported calendar range (year {year})")
        days, before = self._build(first, self._lo_year - 1)
        n = len(days)
        self._before = before + [b + n for b in self._before]
        self._days = days + self._days
        self._shift += n
        self._lo = dt.date(first, 1, 1).toordinal()
        self._lo_year = first

    def _cover(self, ordinal: int) -> None:
        while ordinal < self._lo:
            self._grow_down(dt.date.fromordinal(ordinal).year)
        while ordinal - self._lo >= len(self._before):
            self._grow_up(dt.date.fromordinal(ordinal).year)

    # -- ordinal API (used by the scheduler) --------------------------------------------------
    def index_of(self, ordinal: int) -> int:
        """Working days before day ``ordinal`` (relative to the origin) = index of the next working day."""
        if ordinal < self._lo or ordinal - self._lo >= len(self._before):
            self._cover(ordinal)
        return self._before[ordinal - self._lo] - self._shift

    def day_of(self, index: int) -> int:
        """The ordinal of the working day with ``index``."""
        k = index + self._shift
        while k < 0:
            self._grow_down(self._lo_year - 1)
            k = index + self._shift
        while k >= len(self._days):
            self._grow_up(self._hi_year + 1)
        return self._days[k]

    # -- date API -----------------------------------------------------------------------------
    def index(self, day: dt.date) -> int:
        return self.index_of(day.toordinal())

    def day(self, index: int) -> dt.date:
        return dt.date.fromordinal(self.day_of(index))

    def is_working_day(self, day: dt.date) -> bool:
        o = day.toordinal()
        return self.index_of(o + 1) - self.index_of(o) == 1

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the next one."""
        return self.day(self.index(day))

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the one before."""
        return self.day(self.index(day + dt.timedelta(days=1)) - 1)

    def add(self, day: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days after ``day`` (``day`` snapped forward first)."""
        return self.day(self.index(day) + n)

    def working_days(self, first: dt.date, last: dt.date) -> int:
        """Working days in ``[first, last]`` (inclusive); 0 when ``last < first``."""
        if last < first:
            return 0
        return self.index(last + dt.timedelta(days=1)) - self.index(first)

    def holiday_name(self, day: dt.date) -> str | None:
        self.index(day)
        return self._names.get(day.toordinal())

    def is_makeup_workday(self, day: dt.date) -> bool:
        """A weekend day that is a working day (调休上班)."""
        self.index(day)
        return day.toordinal() in self._makeup

    def year_status(self, year: int) -> YearStatus:
        if year in self.overrides:
            return YearStatus.override
        until = official_until(self.country)
        if until is None:
            return YearStatus.statutory
        return YearStatus.official if year <= until else YearStatus.estimated

    def estimated_years(self, first: dt.date, last: dt.date) -> list[int]:
        """Years touched by ``[first, last]`` that are planned on an estimate."""
        return [y for y in range(first.year, last.year + 1) if self.year_status(y) == YearStatus.estimated]

    def days_off(self, year: int) -> dict[dt.date, str]:
        """Named days off of a year (holidays and days moved into them), for explanations."""
        self.index(dt.date(year, 1, 1))
        self.index(dt.date(year, 12, 31))
        return {dt.date.fromordinal(o): n for o, n in sorted(self._names.items())
                if dt.date.fromordinal(o).year == year}
