"""Critical-path scheduling (CPM) on a working calendar: O(tasks + dependencies).

Time model. Every task occupies the half-open day range ``[start, end)``: a task of ``d ≥ 1`` working
days starts on a working day and ends the day after its ``d``-th working day; a task on calendar days
(an event that runs through a weekend, a paid flight) simply spans ``d`` days; a milestone (``d = 0``)
is an instant at the start of its day, so work before it must finish the day before and work after it
may start that very day (launch day → publish on launch day). A successor may start at its
predecessors' latest end, plus its lag in working days.

Forward pass from the project start (earliest dates), backward pass from deadlines and the project's
end (latest dates); slack is the latest start minus the earliest start in working days. A missed
deadline is not hidden: the result says by how many working days, along which chain, and
:func:`compress` tells what shortening reviews or running steps in parallel would gain.

A closed task (done or cancelled) is history: it sits at its actual dates (the caller passes the
planned ones when none were recorded), its deadline is no longer checked and it is never critical.
The critical path is the work that is left: the chains of open tasks with the least float (zero in a
feasible plan, negative along a missed deadline), each from the task that starts it to the last one,
linked by the dependencies that set each start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from aeflow.engines.planner.calendar import WorkCalendar


@dataclass(frozen=True)
class Task:
    """What the scheduler needs to know about one work item."""

    id: str
    duration: int = 1  # working days (calendar days when ``calendar_days``); 0 = milestone
    depends_on: Sequence[str] = ()
    calendar_days: bool = False
    lag: int = 0  # working days to wait after the predecessors end
    not_before: dt.date | None = None  # start no earlier than
    deadline: dt.date | None = None  # finish no later than (inclusive)
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    min_duration: int | None = None  # the shortest it can be compressed to
    overlappable: frozenset[str] = frozenset()  # predecessors it may run in parallel with (fast-track)
    closed: bool = False  # done or cancelled: never rescheduled, never critical, its deadline not checked


@dataclass(frozen=True)
class Timing:
    id: str
    start: dt.date  # earliest start
    finish: dt.date  # earliest finish (inclusive); a milestone's finish is its start
    late_start: dt.date
    late_finish: dt.date
    slack: int  # working days; negative when a deadline is missed
    critical: bool
    duration: int
    driver: str | None  # the predecessor that set the start (None: project start, pin or actual)


@dataclass(frozen=True)
class Violation:
    """A deadline that the earliest schedule misses."""

    task: str
    deadline: dt.date
    finish: dt.date
    late_by: int  # working days
    chain: list[str]  # the driving chain, first task first


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "shorten" or "overlap"
    task: str
    saves: int  # working days at most
    other: str | None = None  # for "overlap": the predecessor it would run in parallel with
    to_days: int | None = None  # for "shorten": the compressed duration


@dataclass
class Schedule:
    timings: dict[str, Timing]
    order: list[str]  # topological order
    start: dt.date
    finish: dt.date
    critical_path: list[str]  # the first of ``critical_chains`` ([] when no open work is left)
    violations: list[Violation] = field(default_factory=list)
    actual_conflicts: list[tuple[str, str]] = field(default_factory=list)  # (task, predecessor)
    critical_chains: list[list[str]] = field(default_factory=list)  # at most MAX_CHAINS, first task first
    open_tasks: int = 0  # tasks neither done nor cancelled

    @property
    def nothing_left(self) -> bool:
        """Every task is done or cancelled: there is nothing to schedule."""
        return bool(self.timings) and not self.open_tasks

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def late_by_days(self) -> int:
        return max((v.late_by for v in self.violations), default=0)


MAX_CHAINS = 5  # missed deadlines whose driving chain is traced; critical chains listed


class CycleError(ValueError):
    def __init__(self, cycle: list[str]) -> None:
        super().__init__(" → ".join(cycle))
        self.cycle = cycle


class UnknownDependency(ValueError):
    def __init__(self, task: str, dependency: str) -> None:
        super().__init__(f"{task} depends on unknown {dependency}")
        self.task = task
        self.dependency = dependency


def topological_order(ids: list[str], preds: list[list[int]]) -> list[int]:
    n = len(ids)
    indeg = [len(p) for p in preds]
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, ps in enumerate(preds):
        for p in ps:
            succs[p].append(i)
    queue = [i for i in range(n) if indeg[i] == 0]
    order: list[int] = []
    head = 0
    while head < len(queue):
        i = queue[head]
        head += 1
        order.append(i)
        for s in succs[i]:
            indeg[s] -= 1
            if indeg[s] == 0:
                queue.append(s)
    if len(order) < n:
        raise CycleError(_find_cycle(ids, preds, {i for i in range(n) if indeg[i] > 0}))
    return order


def _find_cycle(ids: list[str], preds: list[list[int]], left: set[int]) -> list[str]:
    """Walk predecessors inside the unresolved set until a node repeats."""
    node = min(left)
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(p for p in preds[node] if p in left)
    cycle = path[seen[node]:] + [node]
    return [ids[i] for i in reversed(cycle)]


def schedule(
    tasks: Sequence[Task],
    calendar: WorkCalendar,
    start: dt.date,
    *,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Schedule:
    """Earliest and latest dates of every task; ``end`` bounds tasks without successors or deadline."""
    ids = [t.id for t in tasks]
    pos = {tid: i for i, tid in enumerate(ids)}
    preds: list[list[int]] = []
    for t in tasks:
        row = []
        for dep in t.depends_on:
            j = pos.get(dep)
            if j is None:
                raise UnknownDependency(t.id, dep)
            row.append(j)
        preds.append(row)
    order = topological_order(ids, preds)
    n = len(tasks)
    idx, day = calendar.index_of, calendar.day_of
    kick = start.toordinal()
    today = as_of.toordinal() if as_of else None

    es = [0] * n  # earliest start (ordinal)
    ee = [0] * n  # earliest end boundary (ordinal, exclusive; == start for milestones)
    driver: list[int | None] = [None] * n
    conflicts: list[tuple[str, str]] = []
    for i in order:
        t = tasks[i]
        ready, drv = kick, None
        for p in preds[i]:
            if ee[p] > ready or (ee[p] == ready and drv is None):
                ready, drv = ee[p], p
        if t.lag:
            ready = day(idx(ready) + t.lag)
        if t.not_before is not None and t.not_before.toordinal() > ready:
            ready, drv = t.not_before.toordinal(), None
        if t.actual_start is None and not t.closed and today is not None and today > ready:
            ready, drv = today, None
        if t.actual_start is not None:
            s = t.actual_start.toordinal()
            if s < ready and drv is not None:
                conflicts.append((t.id, ids[drv]))
            ready, drv = s, None
        s, e = _forward(t, ready, idx, day, pinned=t.actual_start is not None)
        if t.actual_finish is not None:
            s = min(s, t.actual_finish.toordinal())
            e = t.actual_finish.toordinal() + (1 if t.duration else 0)
        elif t.actual_start is not None and today is not None and t.duration and e <= today:
            e = today + 1
        es[i], ee[i], driver[i] = s, e, drv

    finish_bound = max(ee, default=kick)
    if end is not None:
        finish_bound = max(finish_bound, end.toordinal() + 1)
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, ps in enumerate(preds):
        for p in ps:
            succs[p].append(i)
    ls = [0] * n
    le = [0] * n
    for i in reversed(order):
        t = tasks[i]
        limit = finish_bound
        for s_ in succs[i]:
            bound = ls[s_]
            lag = tasks[s_].lag
            if lag:
                bound = day(idx(bound + 1) - 1 - lag)
            limit = min(limit, bound)
        if t.deadline is not None and not t.closed:
            limit = min(limit, t.deadline.toordinal() + (1 if t.duration else 0))
        le[i] = limit
        ls[i] = _backward(t, limit, idx, day)

    timings: dict[str, Timing] = {}
    slack = [0] * n
    for i, t in enumerate(tasks):
        slack[i] = _slack(es[i], ls[i], idx)
    for i, t in enumerate(tasks):
        finish = ee[i] - 1 if t.duration else ee[i]
        if not t.duration:
            late_finish = ls[i]
        elif t.calendar_days:
            late_finish = le[i] - 1
        else:
            late_finish = day(idx(le[i]) - 1)
        timings[t.id] = Timing(
            id=t.id, start=dt.date.fromordinal(es[i]), finish=dt.date.fromordinal(max(finish, es[i])),
            late_start=dt.date.fromordinal(ls[i]), late_finish=dt.date.fromordinal(max(late_finish, ls[i])),
            slack=slack[i], critical=slack[i] <= 0 and not t.closed, duration=t.duration,
            driver=ids[driver[i]] if driver[i] is not None else None,
        )

    late: list[tuple[int, int]] = []  # (working days late, task index)
    for i, t in enumerate(tasks):
        if t.deadline is None or t.closed:
            continue
        bound = t.deadline.toordinal() + (1 if t.duration else 0)
        if ee[i] > bound:
            late.append((max(idx(ee[i]) - idx(bound), 1), i))
    late.sort(key=lambda x: (-x[0], x[1]))
    # the driving chain of the few worst misses only: chains are as long as the plan is deep
    violations = [Violation(task=ids[i], deadline=tasks[i].deadline, finish=timings[ids[i]].finish, late_by=days,
                            chain=_chain(i, driver, ids) if k < MAX_CHAINS else [])
                  for k, (days, i) in enumerate(late)]
    chains = _critical_chains(tasks, order, preds, ee, driver, slack)
    return Schedule(
        timings=timings, order=[ids[i] for i in order], start=start,
        finish=max((tm.finish for tm in timings.values()), default=start),
        critical_path=[ids[i] for i in chains[0]] if chains else [], violations=violations,
        actual_conflicts=conflicts, critical_chains=[[ids[i] for i in c] for c in chains],
        open_tasks=sum(1 for t in tasks if not t.closed),
    )


def _critical_chains(tasks: Sequence[Task], order: list[int], preds: list[list[int]], ee: list[int],
                     driver: list[int | None], slack: list[int]) -> list[list[int]]:
    """The chains of open tasks with the least float, first task first (at most MAX_CHAINS, the one that
    ends last first). A link is a dependency that set the successor's start (a predecessor ending last);
    a chain starts at a task started by the project start, a pin, an actual date or a non-critical task."""
    open_ = [i for i in order if not tasks[i].closed]
    if not open_:
        return []
    least = min(slack[i] for i in open_)
    on = {i for i in open_ if slack[i] == least}
    links: dict[int, list[int]] = {}  # predecessor → successors it drives, in topological order
    has_pred: set[int] = set()
    for i in order:
        if i not in on or driver[i] is None:
            continue
        end = ee[driver[i]]
        for p in preds[i]:
            if p in on and ee[p] == end:
                links.setdefault(p, []).append(i)
                has_pred.add(i)
    chains: list[list[int]] = []
    for first in (i for i in order if i in on and i not in has_pred):
        stack = [(first, 0)]  # depth-first; every path ends at a task without links, so each one found is whole
        path: list[int] = []
        while stack and len(chains) < MAX_CHAINS:
            node, depth = stack.pop()
            del path[depth:]
            path.append(node)
            nxt = links.get(node)
            if not nxt:
                chains.append(list(path))
                continue
            stack.extend((s, depth + 1) for s in reversed(nxt))
        if len(chains) >= MAX_CHAINS:
            break
    chains.sort(key=lambda c: -ee[c[-1]])
    return chains


def _forward(t: Task, ready: int, idx, day, *, pinned: bool) -> tuple[int, int]:
    """Start and end boundary of a task that may start at ``ready``."""
    if t.calendar_days or (pinned and not t.duration):
        return ready, ready + t.duration
    k = idx(ready)
    if not t.duration:
        s = day(k)
        return s, s
    s = ready if pinned else day(k)
    return s, day(idx(s) + t.duration - 1) + 1


def _backward(t: Task, limit: int, idx, day) -> int:
    """Latest start of a task whose end boundary may be at most ``limit``."""
    if t.calendar_days:
        return limit - t.duration
    if not t.duration:
        return day(idx(limit + 1) - 1)
    last = idx(limit) - 1  # index of the last working day before the boundary
    return day(last - t.duration + 1)


def _slack(es: int, ls: int, idx) -> int:
    s = idx(ls) - idx(es)
    if ls < es:
        return min(s, -1)
    return max(s, 0)


def _chain(i: int | None, driver: list[int | None], ids: list[str]) -> list[str]:
    out = []
    while i is not None:
        out.append(ids[i])
        i = driver[i]
    return out[::-1]


def compress(tasks: Sequence[Task], result: Schedule) -> list[Suggestion]:
    """What could be compressed along the chain of the worst missed deadline."""
    if not result.violations:
        return []
    by_id = {t.id: t for t in tasks}
    chain = result.violations[0].chain
    out: list[Suggestion] = []
    for k, tid in enumerate(chain):
        t = by_id[tid]
        if t.actual_start is not None or t.actual_finish is not None:
            continue
        shortest = max(t.min_duration, 1) if t.min_duration is not None else t.duration  # work stays work
        if shortest < t.duration:
            out.append(Suggestion("shorten", tid, t.duration - shortest, to_days=shortest))
        prev = chain[k - 1] if k else None
        if prev is not None and prev in t.overlappable:
            p = by_id[prev]
            if p.actual_finish is None:
                out.append(Suggestion("overlap", tid, min(p.duration, t.duration) or p.duration, other=prev))
    out.sort(key=lambda s: -s.saves)
    return out


def apply_compression(tasks: Sequence[Task], suggestions: Sequence[Suggestion]) -> list[Task]:
    """The tasks with every suggestion applied (shorter durations, overlapped steps started together)."""
    changes: dict[str, Task] = {t.id: t for t in tasks}
    for s in suggestions:
        t = changes[s.task]
        if s.kind == "shorten" and s.to_days is not None:
            changes[s.task] = replace(t, duration=s.to_days)
        elif s.kind == "overlap" and s.other is not None:
            other = changes[s.other]
            deps = [d for d in t.depends_on if d != s.other]
            deps.extend(d for d in other.depends_on if d not in deps)
            changes[s.task] = replace(t, depends_on=tuple(deps))
    return [changes[t.id] for t in tasks]
