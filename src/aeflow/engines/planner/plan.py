"""Plan a project: instantiate its playbook, merge with the work items already there, schedule on the
working calendar, and report what a planner needs to see (critical path, infeasibility, workload,
objectives no work serves, what moved since the last plan).

Merging never drops user data: an item with a generated id keeps everything the user may have
edited (owner, status, actual dates, notes, title, dependencies …) and only its computed schedule
(``start``/``due``) is replaced; items the playbook does not know are kept and scheduled too.

Done and cancelled items are history and keep their planned dates (the baseline the actual dates are
compared with). A done item holds its successors at its actual dates when they were recorded, else at
its planned ones; a cancelled item holds nobody. An item in progress starts at its actual start; only
open items are scheduled forward, so re-planning a finished project changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aeflow.domain.cadence import CadenceItem
from aeflow.domain.plan import Status, WorkItem
from aeflow.domain.project import Project
from aeflow.domain.risk import Contingency, Risk
from aeflow.domain.validation import parse_project
from aeflow.engines.planner.assign import assign_owners, link_objectives
from aeflow.engines.planner.calendar import WorkCalendar, YearSchedule, country_for_locale
from aeflow.engines.planner.instantiate import FLIGHT_END, LAUNCH, Generated, instantiate
from aeflow.engines.planner.playbook import Library, localise
from aeflow.engines.planner.schedule import (
    CycleError, Schedule, Suggestion, Task, UnknownDependency, apply_compression, compress, schedule,
)
from aeflow.engines.planner.workload import WeekLoad, workload
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _


@dataclass(frozen=True)
class Notice:
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Moved:
    id: str
    old_start: dt.date | None
    old_due: dt.date | None
    start: dt.date
    due: dt.date
    by_days: int  # working days the due date moved (positive = later)


@dataclass
class PlanResult:
    project: Project
    schedule: Schedule
    level: int
    playbook: str
    calendar: WorkCalendar
    matches: dict[str, str]
    phases: dict[str, str]
    item_risks: dict[str, list[str]]
    suggestions: list[Suggestion]
    late_after_compression: int | None
    workload: list[WeekLoad]
    warnings: list[Notice]
    moved: list[Moved]
    added: list[str]
    kept: list[str]  # user items the playbook does not know
    unserved_objectives: list[str]
    launch_buffer_days: int | None
    launch_path: list[str]
    risks_added: list[str]
    cadence_added: list[str]

    @property
    def feasible(self) -> bool:
        return self.schedule.feasible

    @property
    def late_by_days(self) -> int:
        return self.schedule.late_by_days

    @property
    def overallocated(self) -> list[WeekLoad]:
        return [w for w in self.workload if w.over]


def make_calendar(project: Project, overrides: Iterable[YearSchedule] = ()) -> WorkCalendar:
    lang = "en_US" if project.locale.lower().startswith("en") else "zh_CN"
    return WorkCalendar(country_for_locale(project.locale), overrides, language=lang, around=project.kickoff)


def _duration(w: WorkItem, gen: Generated | None, cal: WorkCalendar) -> int:
    """A written duration wins; then the playbook's; then the span the user gave the item."""
    if w.status == Status.cancelled:
        return 0
    if w.duration_days is not None:
        return w.duration_days
    if gen is not None and gen.step is not None:
        return gen.step.days
    if w.start and w.due:
        return max(cal.working_days(w.start, w.due), 1)
    return 0 if w.is_milestone else 1


def _history_dates(w: WorkItem) -> tuple[dt.date | None, dt.date | None]:
    """Where a closed item sits in the schedule: a done item at its actual dates, else its planned ones
    (each a date or None); a cancelled item nowhere (it holds no successor)."""
    if w.status != Status.done:
        return None, None
    start = w.actual_start or w.start
    finish = w.actual_finish or w.due
    if start is not None and finish is not None and finish < start and w.actual_finish is None:
        finish = start  # started (recorded) after its planned due: it finished no earlier than it started
    return start, finish


def build_tasks(items: list[WorkItem], generated: dict[str, Generated], project: Project,
                cal: WorkCalendar) -> list[Task]:
    tasks = []
    for w in items:
        if w.status.closed:
            start, finish = _history_dates(w)
            duration = 0 if w.status == Status.cancelled or (start is None and finish is None) else (
                _duration(w, generated.get(w.id), cal))
            tasks.append(Task(id=w.id, duration=duration, depends_on=tuple(w.depends_on), actual_start=start,
                              actual_finish=finish, closed=True))
            continue
        g = generated.get(w.id)
        step = g.step if g else None
        module = g.module if g else ""
        kw: dict[str, Any] = {}
        if w.id == LAUNCH:
            kw = {"calendar_days": True, "not_before": project.launch, "deadline": project.launch}
        elif w.id == FLIGHT_END:
            kw = {"calendar_days": True}
            if project.flight_end:
                kw["not_before"] = project.flight_end + dt.timedelta(days=1)
        elif g is None and w.start is not None:
            kw = {"not_before": w.start}  # a user's own item: never pulled earlier than they planned it
            if w.due is not None and w.due <= project.launch:
                kw["deadline"] = project.launch  # planned before the launch: must stay before it
        elif step is not None:
            kw = {"calendar_days": step.calendar_days, "lag": step.lag_days, "min_duration": step.min_days,
                  "overlappable": frozenset(r if "." in r else f"{module}.{r}" for r in step.overlap_ok)}
        tasks.append(Task(id=w.id, duration=_duration(w, g, cal), depends_on=tuple(w.depends_on),
                          actual_start=w.actual_start, actual_finish=w.actual_finish, **kw))
    return tasks


def merge(existing: list[WorkItem], generated: list[Generated]) -> tuple[list[WorkItem], list[str], list[str]]:
    """Existing items first (in their order, user fields kept, blanks filled), then new ones."""
    gen = {g.item.id: g.item for g in generated}
    out: list[WorkItem] = []
    for w in existing:
        g = gen.get(w.id)
        if g is None:
            out.append(w)
            continue
        fill = {}
        if not w.owner and g.owner:
            fill["owner"] = g.owner
        if w.objective is None and g.objective is not None:
            fill["objective"] = g.objective
        if w.estimated_hours is None and g.estimated_hours is not None:
            fill["estimated_hours"] = g.estimated_hours
        out.append(w.model_copy(update=fill))
    have = {w.id for w in existing}
    added = [g.item.id for g in generated if g.item.id not in have]
    out.extend(gen[i] for i in added)
    kept = [w.id for w in existing if w.id not in gen]
    return out, added, kept


def uses_playbook(project: Project, generated: list[Generated]) -> bool:
    """Whether planning should add the playbook's steps: yes for a project without work items or one
    planned from the playbook before; no for a project with a checklist of its own (the AE's own items
    are then scheduled as they are, rather than doubled by near-identical playbook steps)."""
    if not project.work_items:
        return True
    return bool({w.id for w in project.work_items} & {g.item.id for g in generated})


def plan_project(project: Project, library: Library, *, overrides: Iterable[YearSchedule] = (),
                 level: int | None = None, as_of: dt.date | None = None,
                 calendars_hint: str = "", use_playbook: bool | None = None) -> PlanResult:
    """Plan ``project``. ``use_playbook`` None decides by :func:`uses_playbook`."""
    warnings: list[Notice] = []
    inst = instantiate(project, library, level=level)
    generated = inst.items
    if use_playbook is None:
        use_playbook = uses_playbook(project, generated)
    if not use_playbook:
        warnings.append(Notice("own_checklist", _(
            "the project has its own checklist of {n} work items: they are scheduled as they are; "
            "plan with --playbook to add the {playbook} playbook's steps as well",
            n=len(project.work_items), playbook=inst.playbook.id), {"n": len(project.work_items)}))
        generated = []
    matches = link_objectives(generated, project, library)
    hours: dict[str, float] = {}
    for w in project.work_items:
        if w.owner:
            hours[w.owner] = hours.get(w.owner, 0) + (w.estimated_hours or 0)
    existing_ids = {w.id for w in project.work_items}
    missing_roles = assign_owners([g for g in generated if g.item.id not in existing_ids], project, hours)
    for role in sorted(missing_roles):
        warnings.append(Notice("no_owner_role", _("nobody on the team has the role {role}; its items have no owner",
                                                  role=role), {"role": role}))
    for code, params in inst.warnings:
        text = (_("channel {channel} is not known to the playbooks; plan its work by hand", **params)
                if code == "unknown_channel" else
                _("the {playbook} playbook has no work breakdown for channel {channel}", **params))
        warnings.append(Notice(code, text, params))
    items, added, kept = merge(project.work_items, generated)
    by_id = {g.item.id: g for g in generated}
    cal = make_calendar(project, overrides)
    tasks = build_tasks(items, by_id, project, cal)
    try:
        result = schedule(tasks, cal, project.kickoff, as_of=as_of)
    except CycleError as exc:
        raise Invalid(_("the work items depend on each other in a cycle"),
                      [Problem(("work_items",), "dependency_cycle", {"cycle": " → ".join(exc.cycle)})]) from None
    except UnknownDependency as exc:
        raise Invalid(_("a work item depends on an unknown item"),
                      [Problem(("work_items", exc.task, "depends_on"), "unknown_work_item", {"id": exc.dependency})]
                      ) from None
    suggestions = compress(tasks, result)
    late_after = None
    if suggestions:
        late_after = schedule(apply_compression(tasks, suggestions), cal, project.kickoff, as_of=as_of).late_by_days
    moved: list[Moved] = []
    scheduled: list[WorkItem] = []
    for w in items:
        t = result.timings[w.id]
        if w.status.closed:
            scheduled.append(w)  # history: its dates stay as they are
            continue
        if w.id in existing_ids and (w.start, w.due) != (t.start, t.finish) and (w.start or w.due):
            ref_old = w.due or w.start
            delta = cal.index(t.finish) - cal.index(ref_old) if ref_old else 0
            moved.append(Moved(w.id, w.start, w.due, t.start, t.finish, delta))
        update: dict[str, Any] = {"start": t.start, "due": t.finish}
        if w.duration_days is None and w.id in by_id:
            update["duration_days"] = t.duration
        scheduled.append(w.model_copy(update=update))
    recorded = {w.id for w in items if w.actual_start is not None}
    for tid, dep in result.actual_conflicts:
        if tid not in recorded:
            continue  # a done item at its planned dates: nothing was recorded to conflict
        warnings.append(Notice("actual_conflict", _("{item} started before {dependency} finished (recorded dates)",
                                                    item=tid, dependency=dep), {"item": tid, "dependency": dep}))
    warnings.extend(_calendar_notices(project, cal, result, calendars_hint))
    risks, risks_added = _seed_risks(project, generated, library, inst.language)
    cadence, cadence_added = (_seed_cadence(project, library, inst, result) if use_playbook
                              else (list(project.cadence), []))
    data = project.model_dump()
    data.update(work_items=[w.model_dump() for w in scheduled], risks=[r.model_dump() for r in risks],
                cadence=[c.model_dump() for c in cadence])
    new_project = parse_project(data)
    served = {w.objective for w in new_project.work_items if w.objective}
    unserved = [o.id for o in project.brief.objectives if o.id not in served]
    launch_preds = [result.timings[d].slack for d in (new_project.work_item(LAUNCH).depends_on
                                                        if new_project.work_item(LAUNCH) else [])]
    return PlanResult(
        project=new_project, schedule=result, level=inst.level, playbook=inst.playbook.id, calendar=cal,
        matches=matches, phases={g.item.id: g.phase.value for g in generated},
        item_risks={g.item.id: list(g.step.risks) for g in generated if g.step and g.step.risks},
        suggestions=suggestions, late_after_compression=late_after,
        workload=workload(new_project.work_items, project.team, cal), warnings=warnings, moved=moved,
        added=added, kept=kept, unserved_objectives=unserved,
        launch_buffer_days=min(launch_preds) if launch_preds else None,
        launch_path=launch_path(new_project.work_items, result),
        risks_added=risks_added, cadence_added=cadence_added,
    )


def launch_path(items: list[WorkItem], result: Schedule) -> list[str]:
    """The chain of least slack that leads to the launch (its buffer), first item first."""
    deps = {w.id: w.depends_on for w in items}
    if LAUNCH not in deps:
        return []
    out, node, seen = [LAUNCH], LAUNCH, {LAUNCH}
    while deps.get(node):
        node = min(deps[node], key=lambda d: (result.timings[d].slack, -result.timings[d].finish.toordinal()))
        if node in seen:
            break
        seen.add(node)
        out.append(node)
    return out[::-1]


def _calendar_notices(project: Project, cal: WorkCalendar, result: Schedule, hint: str) -> list[Notice]:
    out = []
    last = max(result.finish, project.flight_end or project.launch)
    for year in cal.estimated_years(project.kickoff, last):
        out.append(Notice("estimated_year", _(
            "{year}: the official holiday schedule is not known yet, so this plan uses an estimate (no make-up "
            "working days); when the State Council publishes it, put it in {folder}/{country}-{year}.yaml",
            year=year, folder=hint or "calendars", country=cal.country), {"year": year, "country": cal.country}))
    name = cal.holiday_name(project.launch)
    if name:
        out.append(Notice("launch_on_holiday", _(
            "the launch date {date} is a public holiday ({name}): platform reviews and vendors may be slow",
            date=project.launch.isoformat(), name=name), {"date": project.launch.isoformat(), "name": name}))
    return out


def _seed_risks(project: Project, generated: list[Generated], library: Library, lang: str
                ) -> tuple[list[Risk], list[str]]:
    have = {r.id for r in project.risks}
    ae = next((m.name for m in project.team if m.role.value == "ae"), "")
    added: list[str] = []
    out = list(project.risks)
    for g in generated:
        for rid in (g.step.risks if g.step else []):
            if rid in have:
                continue
            have.add(rid)
            t = library.risks[rid]
            when, then = localise(t.when, lang), localise(t.then, lang)
            out.append(Risk(id=rid, description=localise(t.description, lang), category=t.category, team=t.team,
                            likelihood=t.likelihood, severity=t.severity, response=localise(t.response, lang),
                            owner=ae, contingency=Contingency(when=when, then=then) if when and then else None))
            added.append(rid)
    return out, added


def _seed_cadence(project: Project, library: Library, inst: Any, result: Schedule
                  ) -> tuple[list[CadenceItem], list[str]]:
    out = list(project.cadence)
    if inst.level < 3:
        return out, []
    have = {c.id for c in project.cadence}
    templates = {**library.cadence, **{c.id: c for c in inst.playbook.cadence}}
    end = max(project.flight_end or result.finish, result.finish)
    added = []
    for t in templates.values():
        if t.id in have or t.level > inst.level:
            continue
        anchor = project.kickoff if t.anchor == "kickoff" else project.launch
        freq = t.frequency if "COUNT=" in t.frequency.upper() else f"{t.frequency};UNTIL={end:%Y%m%d}"
        names = [m.name for m in project.team if m.role in t.participants]
        hh, mm = (int(x) for x in t.time.split(":"))
        out.append(CadenceItem(
            id=t.id, meeting=localise(t.meeting, inst.language), frequency=freq,
            start=anchor + dt.timedelta(days=t.offset_days), time=dt.time(hh, mm),
            duration_minutes=t.duration_minutes, participants=names or [r.value for r in t.participants],
            includes_client=t.includes_client, decision_authority=localise(t.decision_authority, inst.language),
            disclosure=localise(t.disclosure, inst.language), visualisation=localise(t.visualisation, inst.language)))
        added.append(t.id)
    return out, added
