"""Workload per person (or per role, for unassigned work) per ISO week, and over-allocation.

An item's estimated hours are spread evenly over its working days; a week's capacity is the person's
weekly capacity scaled by that week's working days (a 国庆 week with three working days has 3/5 of it).
The work per item is O(weeks it spans), never a loop over its days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from aeflow.domain.plan import WorkItem
from aeflow.domain.project import TeamMember
from aeflow.engines.planner.calendar import WorkCalendar

DEFAULT_HOURS_PER_DAY = 4.0


@dataclass(frozen=True)
class WeekLoad:
    who: str  # a team member's name, or "role:<role>" for unassigned work
    role: str
    week: dt.date  # the Monday
    hours: float
    capacity: float | None  # None for unassigned work
    items: tuple[str, ...]

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.hours > self.capacity + 0.05


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def workload(items: Iterable[WorkItem], team: list[TeamMember], calendar: WorkCalendar) -> list[WeekLoad]:
    members = {m.name: m for m in team}
    hours: dict[tuple[str, dt.date], float] = defaultdict(float)
    roles: dict[str, str] = {}
    who_items: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for w in items:
        if w.start is None or w.due is None or w.status.closed or w.is_milestone:
            continue
        total = w.estimated_hours
        days = calendar.working_days(w.start, w.due)
        if total is None:
            total = max(days, 1) * DEFAULT_HOURS_PER_DAY
        if total <= 0:
            continue
        who = w.owner if w.owner in members else f"role:{w.role.value}"
        roles[who] = members[w.owner].role.value if w.owner in members else w.role.value
        week = _monday(w.start)
        last = _monday(w.due)
        if days == 0:  # work that happens only on days off (an event on a holiday weekend)
            hours[(who, week)] += total
            who_items[(who, week)].append(w.id)
            continue
        while week <= last:
            first = max(week, w.start)
            end = min(week + dt.timedelta(days=6), w.due)
            share = calendar.working_days(first, end)
            if share:
                hours[(who, week)] += total * share / days
                who_items[(who, week)].append(w.id)
            week += dt.timedelta(days=7)
    out = []
    for (who, week), h in sorted(hours.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        member = members.get(who)
        capacity = None
        if member is not None:
            wd = calendar.working_days(week, week + dt.timedelta(days=6))
            capacity = round(member.weekly_capacity_hours * wd / 5, 1)
        out.append(WeekLoad(who=who, role=roles[who], week=week, hours=round(h, 1), capacity=capacity,
                            items=tuple(who_items[(who, week)])))
    return out
