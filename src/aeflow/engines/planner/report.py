"""The plan as plain data (the ``--format json`` contract, also used for YAML export and the web)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aeflow.engines.planner.plan import PlanResult
from aeflow.engines.planner.schedule import Suggestion
from aeflow.i18n import _


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def suggestion_text(s: Suggestion) -> str:
    if s.kind == "shorten":
        return _("shorten {item} to {days} working day(s) (saves {saves})", item=s.task, days=s.to_days,
                 saves=s.saves)
    return _("start {item} in parallel with {other} (saves up to {saves})", item=s.task, other=s.other,
             saves=s.saves)


def plan_report(r: PlanResult) -> dict[str, Any]:
    p = r.project
    t = r.schedule.timings
    objectives = {o.id: o for o in p.brief.objectives}
    years = range(p.kickoff.year, max(r.schedule.finish, p.flight_end or p.launch).year + 1)
    items = []
    for w in p.work_items:
        tm = t[w.id]
        items.append({
            "id": w.id, "title": w.title, "role": w.role.value, "owner": w.owner,
            "start": _d(w.start), "finish": _d(w.due), "late_start": _d(tm.late_start),
            "late_finish": _d(tm.late_finish), "duration_days": tm.duration, "depends_on": list(w.depends_on),
            "slack_days": tm.slack, "critical": tm.critical, "objective": w.objective,
            "objective_match": r.matches.get(w.id, "user" if w.objective else None),
            "milestone": w.milestone, "is_milestone": w.is_milestone, "deliverable": w.deliverable,
            "acceptance_criteria": w.acceptance_criteria, "client_approval": w.client_approval,
            "status": w.status.value, "phase": r.phases.get(w.id), "channel": w.channel,
            "actual_start": _d(w.actual_start), "actual_finish": _d(w.actual_finish),
            "risks": r.item_risks.get(w.id, []),
        })
    return {
        "project": p.id,
        "playbook": r.playbook,
        "level": r.level,
        "kickoff": _d(p.kickoff),
        "launch": _d(p.launch),
        "flight_end": _d(p.flight_end),
        "finish": _d(r.schedule.finish),
        "calendar": {"country": r.calendar.country,
                     "years": {str(y): r.calendar.year_status(y).value for y in years}},
        "feasible": r.feasible,
        "late_by_days": r.late_by_days,
        "launch_buffer_days": r.launch_buffer_days,
        "critical_path": list(r.schedule.critical_path),
        "critical_chains": [list(c) for c in r.schedule.critical_chains],
        "nothing_left": r.schedule.nothing_left,
        "launch_path": r.launch_path,
        "violations": [{"item": v.task, "deadline": _d(v.deadline), "finish": _d(v.finish),
                        "late_by_days": v.late_by, "chain": v.chain} for v in r.schedule.violations],
        "compression": {
            "suggestions": [{"kind": s.kind, "item": s.task, "with": s.other, "to_days": s.to_days,
                             "saves_days": s.saves, "message": suggestion_text(s)} for s in r.suggestions],
            "late_by_days_after": r.late_after_compression,
        },
        "items": items,
        "warnings": [{"code": n.code, "message": n.message} for n in r.warnings],
        "workload": [{"who": x.who, "role": x.role, "week": _d(x.week), "hours": x.hours, "capacity": x.capacity,
                      "over": x.over, "items": list(x.items)} for x in r.workload],
        "overallocated": [{"who": x.who, "week": _d(x.week), "hours": x.hours, "capacity": x.capacity}
                          for x in r.overallocated],
        "unserved_objectives": [{"id": oid, "title": objectives[oid].title} for oid in r.unserved_objectives],
        "unlinked_items": [w.id for w in p.work_items if not w.objective],
        "moved": [{"id": m.id, "from_start": _d(m.old_start), "from_finish": _d(m.old_due), "start": _d(m.start),
                   "finish": _d(m.due), "by_days": m.by_days} for m in r.moved],
        "added": r.added,
        "kept": r.kept,
        "risks_added": r.risks_added,
        "cadence_added": r.cadence_added,
    }
