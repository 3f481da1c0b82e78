"""Dates and durations in notes, resolved against a reference date (the day of the call).

Conventions (each one a choice a reader of the draft can check against its span):

- A day without a year (``6月18日``, ``June 20``) is in the reference year, unless that is more
  than 31 days before the reference date — then it is next year's.
- A period resolves to its **last day**, and ``range_start`` keeps its first: ``Q3`` → 09-30
  (from 07-01), ``6月`` → 06-30, ``6月中旬`` → 06-20, ``上半年`` → 06-30, ``下周`` → next week's
  Friday (the end of its working week). Periods are ``vague``, except month and year ends
  (``月底``, ``年底``, ``end of July``), which name a day.
- ``X前`` / ``before X`` with a calendar date keeps that date (Chinese usage: 6月18日前 = by 6/18);
  with a festival it is the day before the festival: ``国庆前`` → 09-30, ``双11前`` → 11-10.
- ``周五`` / ``this Friday`` is the Friday of the current week (Monday first); ``下周五`` and
  ``next Friday`` are the Friday of next week; a bare weekday is its next occurrence.
- ``3个月内`` / ``within 3 months``: a deadline 3 calendar months after the reference date, and a
  duration of the days in between. ``为期两周`` / ``for 4 weeks``: a flight length, counted from the
  launch date when there is one (the flight ends on launch + days − 1).
- Festivals come from the ``holidays`` package (lunar ones) or fixed days (``dates.yaml``): the
  next occurrence on or after the reference date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import holidays

from aeflow.engines.intake.lexicon import Lexicon, Matcher, words
from aeflow.engines.intake.model import DateFact, DurationFact, Span
from aeflow.engines.intake.patterns import FINDERS, DateHit, delta, small_int
from aeflow.engines.intake.text import Layout, Segment


class FestivalBook:
    """Festival dates: fixed, lunar (from ``holidays``) or the n-th weekday of a month."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self._cal: dict[int, dict[str, dt.date]] = {}
        self._days_off: dict[int, holidays.HolidayBase] = {}

    def _off(self, year: int) -> holidays.HolidayBase:
        if year not in self._days_off:
            self._days_off[year] = holidays.country_holidays("CN", years=[year, year + 1])
        return self._days_off[year]

    def _lunar(self, year: int, name: str) -> dt.date | None:
        if year not in self._cal:
            days: dict[str, dt.date] = {}
            for day, label in sorted(holidays.country_holidays("CN", years=year).items()):
                for part in str(label).split(";"):
                    days.setdefault(part.strip(), day)
            self._cal[year] = days
        return self._cal[year].get(name)

    def on(self, key: str, year: int) -> dt.date | None:
        f = self.lex.dates.festivals[key]
        if f.month and f.day:
            return dt.date(year, f.month, f.day)
        if f.holiday:
            return self._lunar(year, f.holiday)
        if f.nth_weekday:
            month, weekday, n = f.nth_weekday
            first = dt.date(year, month, 1)
            return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        return None

    def block_end(self, day: dt.date) -> dt.date:
        """The last day off of the holiday that starts on ``day`` (weekends bridge), else ``day``."""
        cal = self._off(day.year)
        end = day
        probe = day + dt.timedelta(days=1)
        while probe in cal or (probe.weekday() >= 5 and probe + dt.timedelta(days=1) in cal):
            if probe in cal:
                end = probe
            probe += dt.timedelta(days=1)
        return end

    def next(self, key: str, ref: dt.date) -> dt.date | None:
        this = self.on(key, ref.year)
        if this is not None and this >= ref:
            return this
        return self.on(key, ref.year + 1)


def _festival_matcher(lex: Lexicon) -> Matcher:
    return Matcher([(a, k) for k, f in lex.dates.festivals.items() for a in f.aliases])


def _role_matchers(lex: Lexicon) -> dict[str, Matcher]:
    return {role: Matcher(words(ws, role)) for role, ws in lex.dates.roles.items()}


def _qualifier_matchers(lex: Lexicon) -> dict[str, Matcher]:
    d = lex.dates
    return {"before_after": Matcher(words(d.before_after)), "before_before": Matcher(words(d.before_before)),
            "after_after": Matcher(words(d.after_after)),
            "period_after": Matcher(words(d.period_after)), "period_before": Matcher(words(d.period_before))}


def find_dates(text: str, ref: dt.date, lex: Lexicon, layout: Layout) -> list[DateHit]:
    """Every date and duration expression, with its qualifiers and role, in text order."""
    hits: list[DateHit] = []

    covered = bytearray(len(text) + 1)

    def add(hit: DateHit | None) -> None:
        if hit is None or any(covered[hit.start:hit.end]):
            return
        hits.append(hit)
        covered[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)

    book = FestivalBook(lex)
    for h in lex.matcher("festivals", _festival_matcher).find(text):
        fest = lex.dates.festivals[h.value]
        if fest.need_suffix and not any(text.startswith(x, h.end) for x in fest.need_suffix):
            continue
        if h.text[:1].isdigit() and (text[h.start - 1:h.start].isdigit() or text[h.end:h.end + 1].isdigit()
                                     or text[h.end:h.end + 1] in ("万", "元", "人", "%")):
            continue
        day = book.next(h.value, ref)
        add(DateHit(h.start, h.end, day, festival=True, range_start=book.block_end(day) if day else None))
    for find in FINDERS:
        for hit in find(text, ref):
            add(hit)
    hits.sort(key=lambda x: x.start)
    quals = lex.matcher("date_qualifiers", _qualifier_matchers)
    roles = lex.matcher("date_roles", _role_matchers)
    out = []
    for hit in _join_ranges(text, hits):
        hit = _qualify(text, hit, quals)
        out.append(replace(hit, role=_role(text, hit, layout.clause_at(hit.start), roles, lex.dates.role_window)))
    return out


_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|~|–|—|until|till|through|to)\s*", re.IGNORECASE)
_DAY_ONLY = re.compile(r"(\d{1,2})\s*[日号]")


def _join_ranges(text: str, hits: list[DateHit]) -> list[DateHit]:
    out: list[DateHit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        if b and a.kind == b.kind == "date" and a.date and b.date and not a.festival and not b.festival \
                and _RANGE_JOIN.fullmatch(text[a.end:b.start]) and a.date < b.date and a.vague == b.vague:
            first = a.range_start if a.vague and a.range_start else a.date
            out.append(DateHit(a.start, b.end, b.date, range_start=first, kind="range",
                               days=(b.date - first).days + 1))
            i += 2
            continue
        if a.kind == "date" and a.date and not a.vague:
            join = _RANGE_JOIN.match(text, a.end)
            day = _DAY_ONLY.match(text, join.end()) if join and join.end() > a.end else None
            if day and 1 <= int(day[1]) <= 31 and not any(h.start < day.end() and day.start() < h.end for h in hits):
                try:
                    end = a.date.replace(day=int(day[1]))
                except ValueError:
                    end = None
                if end and end > a.date:
                    out.append(DateHit(a.start, day.end(), end, range_start=a.date, kind="range",
                                       days=(end - a.date).days + 1))
                    i += 1
                    continue
        out.append(a)
        i += 1
    return out


_OFFSET = re.compile(r"\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(个月|个星期|星期|周|天|日)")


def _qualify(text: str, hit: DateHit, quals: dict[str, Matcher]) -> DateHit:
    """Take in 前 / before / 后 / 期间 / during around the expression (they become part of its span).

    ``X前两周`` is two weeks before X; ``国庆后`` is the day after the National Day holiday.
    """
    if hit.kind in ("date", "range"):
        after = quals["before_after"].match_at(text, hit.end)
        if after and hit.date:
            offset = _OFFSET.match(text, after.end)
            n = small_int(offset[1]) if offset else None
            if offset and n:
                return replace(hit, end=offset.end(), before=True, date=hit.date - delta(n, offset[2]),
                               range_start=None, festival=False)
            day = hit.date - dt.timedelta(days=1) if hit.festival else hit.date
            return replace(hit, end=after.end, before=True, date=day, range_start=None if hit.festival
                           else hit.range_start)
        later = quals["after_after"].match_at(text, hit.end)
        if later and hit.date and (hit.festival or not hit.vague):
            last = hit.range_start if hit.festival and hit.range_start else hit.date
            return replace(hit, end=later.end, date=last + dt.timedelta(days=1), range_start=None, festival=False)
        period = quals["period_after"].match_at(text, hit.end)
        if period:
            return replace(hit, end=period.end, period=True, range_start=None if hit.festival else hit.range_start)
    if hit.festival:
        hit = replace(hit, range_start=None)
    pos = hit.start
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    if hit.kind in ("date", "range", "launch_day"):
        prev = quals["before_before"].ends_at(text, pos)
        if prev:
            strict = prev.text.lower() in ("before", "prior to", "ahead of")
            day = hit.date - dt.timedelta(days=1) if hit.festival and hit.date and strict else hit.date
            return replace(hit, start=prev.start, before=True, date=day)
        prev = quals["period_before"].ends_at(text, pos)
        if prev:
            return replace(hit, start=prev.start, period=True)
    return hit


def _role(text: str, hit: DateHit, clause: Segment, roles: dict[str, Matcher], window: int) -> str:
    for subject in ("meeting", "confirm", "proposal", "report"):
        if roles[subject].find(text, clause.start, clause.end):
            return subject
    if hit.kind == "launch_day":
        return "mention"
    best: tuple[int, str] | None = None
    for role in ("launch", "kickoff", "deadline"):
        for kw in roles[role].find(text, clause.start, clause.end):
            if kw.start < hit.end and hit.start < kw.end:
                continue
            gap = kw.start - hit.end if kw.start >= hit.end else hit.start - kw.end
            if gap <= window and (best is None or gap < best[0]):
                best = (gap, role)
    if hit.before or hit.period or hit.kind in ("within", "launch_rel", "flight"):
        if best and best[1] in ("launch", "kickoff") and best[0] <= 2 and hit.kind != "flight":
            return best[1]
        return "deadline"
    return best[1] if best else "mention"


@dataclass(frozen=True)
class Timeline:
    """The campaign-level dates derived from every date fact."""

    launch: dt.date | None
    kickoff: dt.date | None
    deadline: dt.date | None
    proposal_due: dt.date | None
    duration_days: int | None
    launch_candidates: list[dt.date]


def span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def anchored(hits: list[DateHit], launch: dt.date | None) -> list[DateHit]:
    """Launch-relative expressions (上线首月, on opening day) resolved once the launch is known."""
    return [replace(h, date=launch + h.offset) if h.kind in ("launch_rel", "launch_day") and launch
            and h.offset is not None else h for h in hits]


def timeline(text: str, hits: list[DateHit], ref: dt.date) -> tuple[Timeline, list[DateFact], list[DurationFact]]:
    """Facts for the result, and the launch, kickoff, deadline and duration of the campaign."""
    facts: list[DateFact] = []
    durations: list[DurationFact] = []
    launches = sorted({(h.range_start if h.kind == "range" else h.date) for h in hits
                       if h.role == "launch" and h.date})  # type: ignore[type-var]
    launch = launches[0] if launches else None
    hits = anchored(hits, launch)
    for h in hits:
        if h.kind in ("within", "flight", "launch_rel") and h.offset is not None:
            anchor = launch if h.kind != "within" and launch else ref
            days = (anchor + h.offset - anchor).days
            if h.role != "launch":
                durations.append(DurationFact(days=days, within=h.kind != "flight",
                                              anchor="launch" if h.kind == "launch_rel" else "ref", role=h.role,
                                              span=span(text, h.start, h.end)))
        if h.date and h.kind != "flight":
            facts.append(DateFact(date=h.date, range_start=h.range_start, role=h.role, vague=h.vague,  # type: ignore[arg-type]
                                  before=h.before, span=span(text, h.start, h.end)))
    ends = [h.date for h in hits if h.date and h.role == "deadline" and h.kind != "flight"]
    duration = None
    for h in hits:
        if h.kind == "flight" and h.offset is not None:
            anchor = launch or ref
            duration = duration or (anchor + h.offset - anchor).days
            if launch:
                ends.append(launch + h.offset - dt.timedelta(days=1))
        elif h.kind in ("within", "launch_rel") and h.role == "deadline" and h.date:
            duration = duration or (h.date - (launch if h.kind == "launch_rel" and launch else ref)).days
        elif h.kind == "range" and h.role in ("deadline", "mention", "launch") and h.range_start and h.date:
            duration = duration or h.days
            ends.append(h.date)
    if launch is None:
        starts = [h.range_start for h in hits if h.kind == "range" and h.range_start and h.role != "kickoff"]
        launch = starts[0] if starts else None
    kick = sorted(h.date for h in hits if h.role == "kickoff" and h.date)
    proposal = sorted(h.date for h in hits if h.role == "proposal" and h.date)
    return (Timeline(launch, kick[0] if kick else None, max(ends) if ends else None,
                     proposal[0] if proposal else None, duration, launches), facts, durations)
