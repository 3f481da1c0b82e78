"""CPM properties on random DAGs: every dependency respected, finish ≥ start, slack ≥ 0 when feasible."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeflow.engines.planner.calendar import WorkCalendar
from aeflow.engines.planner.schedule import (
    CycleError, Task, UnknownDependency, apply_compression, compress, schedule,
)

CAL = WorkCalendar("CN", around=dt.date(2026, 9, 1))
KICKOFF = dt.date(2026, 9, 1)


@st.composite
def dags(draw: st.DrawFn) -> list[Task]:
    n = draw(st.integers(1, 40))
    tasks = []
    for i in range(n):
        deps = draw(st.lists(st.integers(0, i - 1), max_size=3, unique=True)) if i else []
        duration = draw(st.integers(0, 8))
        deadline = draw(st.one_of(st.none(), st.integers(0, 60))) if draw(st.booleans()) else None
        tasks.append(Task(
            id=f"t{i}", duration=duration, depends_on=tuple(f"t{d}" for d in deps),
            calendar_days=draw(st.booleans()), lag=draw(st.integers(0, 2)),
            deadline=KICKOFF + dt.timedelta(days=deadline) if deadline is not None else None,
            not_before=KICKOFF + dt.timedelta(days=draw(st.integers(0, 30))) if draw(st.booleans()) else None,
            min_duration=max(0, duration - 2),
            overlappable=frozenset(f"t{d}" for d in deps[:1]),
        ))
    return tasks


def _end(t: Task, start: dt.date, finish: dt.date) -> dt.date:
    """The first day a successor may use: the day after the finish, or the milestone's own day."""
    return finish + dt.timedelta(days=1) if t.duration else start


@settings(max_examples=300, deadline=None)
@given(dags())
def test_schedules_respect_every_dependency(tasks: list[Task]) -> None:
    r = schedule(tasks, CAL, KICKOFF)
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        tm = r.timings[t.id]
        assert tm.finish >= tm.start >= KICKOFF
        assert tm.late_finish >= tm.late_start
        if t.not_before:
            assert tm.start >= t.not_before
        if t.duration and not t.calendar_days:
            assert CAL.is_working_day(tm.start) and CAL.is_working_day(tm.finish)
            assert CAL.working_days(tm.start, tm.finish) == t.duration
        for d in t.depends_on:
            p = r.timings[d]
            assert tm.start >= _end(by_id[d], p.start, p.finish)
    if r.feasible:
        assert all(tm.slack >= 0 for tm in r.timings.values())
        assert r.late_by_days == 0
    else:
        worst = r.violations[0]
        assert worst.late_by == r.late_by_days > 0
        assert worst.chain[-1] == worst.task
        assert r.timings[worst.task].slack < 0
        for a, b in zip(worst.chain, worst.chain[1:]):
            assert a in by_id[b].depends_on
    path = r.critical_path
    assert path and all(a in by_id[b].depends_on for a, b in zip(path, path[1:]))
    if r.feasible:
        assert r.timings[path[-1]].finish == r.finish or r.timings[path[-1]].critical


@settings(max_examples=150, deadline=None)
@given(dags())
def test_compression_never_makes_it_later(tasks: list[Task]) -> None:
    r = schedule(tasks, CAL, KICKOFF)
    suggestions = compress(tasks, r)
    if not r.feasible:
        after = schedule(apply_compression(tasks, suggestions), CAL, KICKOFF)
        assert after.late_by_days <= r.late_by_days
    else:
        assert suggestions == []


def test_infeasible_deadline_reports_chain_and_compression() -> None:
    tasks = [
        Task("brief", 2), Task("script", 3, ("brief",), min_duration=2),
        Task("review", 3, ("script",), min_duration=1), Task("shoot", 2, ("review",), overlappable=frozenset({"review"})),
        Task("side", 1, ("brief",)),
        Task("launch", 0, ("shoot", "side"), calendar_days=True, not_before=dt.date(2026, 9, 8),
             deadline=dt.date(2026, 9, 8)),
    ]
    r = schedule(tasks, CAL, KICKOFF)
    assert not r.feasible
    assert r.late_by_days == 5  # the work ends on 14 Sep: 8, 9, 10, 11 and 14 Sep are late
    assert r.violations[0].chain == ["brief", "script", "review", "shoot", "launch"]
    kinds = {(s.kind, s.task) for s in compress(tasks, r)}
    assert kinds == {("shorten", "script"), ("shorten", "review"), ("overlap", "shoot")}
    after = schedule(apply_compression(tasks, compress(tasks, r)), CAL, KICKOFF)
    assert after.late_by_days < r.late_by_days


def test_actual_dates_pin_the_item_and_move_successors() -> None:
    tasks = [Task("a", 2, actual_start=dt.date(2026, 9, 1), actual_finish=dt.date(2026, 9, 7)), Task("b", 1, ("a",))]
    r = schedule(tasks, CAL, KICKOFF)
    assert r.timings["a"].finish == dt.date(2026, 9, 7)
    assert r.timings["b"].start == dt.date(2026, 9, 8)


def test_as_of_keeps_unstarted_work_out_of_the_past() -> None:
    r = schedule([Task("a", 1)], CAL, KICKOFF, as_of=dt.date(2026, 9, 15))
    assert r.timings["a"].start == dt.date(2026, 9, 15)


def test_cycles_and_unknown_dependencies_are_errors() -> None:
    with pytest.raises(CycleError) as exc:
        schedule([Task("a", 1, ("b",)), Task("b", 1, ("a",))], CAL, KICKOFF)
    assert set(exc.value.cycle) == {"a", "b"}
    with pytest.raises(UnknownDependency):
        schedule([Task("a", 1, ("zzz",))], CAL, KICKOFF)
