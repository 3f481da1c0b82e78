"""Planning a project: readable ids, owners by role, objective links, levels, infeasibility, re-planning."""

from __future__ import annotations

import datetime as dt

from aeflow.domain.plan import Status
from aeflow.engines.planner.plan import plan_project
from aeflow.engines.planner.report import plan_report

from .helpers import project, shipped

D = dt.date


def test_l1_plan_ids_owners_objectives() -> None:
    r = plan_project(project(), shipped())
    ids = {w.id for w in r.project.work_items}
    assert {"core.brief", "douyin-video.script", "kol-seeding.shortlist", "tmall-launch.detail-page",
            "launch", "flight-end"} <= ids
    assert "core.insight-personas" not in ids and "core.legal-review" not in ids
    items = {w.id: w for w in r.project.work_items}
    assert items["douyin-video.script"].owner == "Dou" and items["core.proposal-approval"].owner == "Ivy"
    assert items["douyin-video.script"].depends_on == ["douyin-video.brief"]
    assert all(w.objective for w in r.project.work_items)
    assert items["tmall-launch.go-live"].objective == "obj-gmv"  # the Tmall GMV KPI, by channel and metric
    assert items["douyin-video.boost"].objective == "obj-reach"
    assert r.unserved_objectives == ["obj-attendance"]  # no offline channel in the project
    assert r.feasible and r.launch_buffer_days is not None and r.launch_buffer_days > 0
    assert items["launch"].start == D(2026, 9, 28)
    assert items["douyin-video.publish"].start == D(2026, 9, 28)
    assert all(w.due <= D(2026, 9, 27) for w in r.project.work_items if r.phases.get(w.id) == "pre")


def test_l3_adds_insight_governance_roi_cadence_and_retrospective() -> None:
    r = plan_project(project(level=3), shipped())
    ids = {w.id for w in r.project.work_items}
    assert {"core.insight-personas", "core.insight-competitors", "core.legal-review", "core.pr-plan",
            "core.tracking", "core.roi-estimate", "core.risk-review", "core.risk-review-live", "core.mid-review",
            "core.retrospective"} <= ids
    assert {c.id for c in r.project.cadence} == {"weekly-status", "launch-standup", "exec-review"}
    standup = next(c for c in r.project.cadence if c.id == "launch-standup")
    assert standup.start == D(2026, 9, 26)
    items = {w.id: w for w in r.project.work_items}
    assert "core.legal-review" in items["core.kv-approval"].depends_on
    assert "core.insight-personas" in items["core.strategy"].depends_on
    assert plan_project(project(level=3), shipped(), level=1).level == 1


def test_l1_keeps_the_order_of_dropped_l3_steps() -> None:
    items = {w.id: w for w in plan_project(project(), shipped()).project.work_items}
    assert items["core.strategy"].depends_on == ["core.kickoff"]  # insight steps passed their dependency on
    assert items["core.kv-approval"].depends_on == ["core.kv"]


def test_an_infeasible_launch_is_reported_with_chain_and_compression() -> None:
    r = plan_project(project(launch=D(2026, 7, 31), flight_end=None), shipped())
    assert not r.feasible and r.late_by_days > 0
    v = r.schedule.violations[0]
    assert v.task == "launch" and v.chain[-1] == "launch" and v.chain[0] == "core.brief"
    assert r.suggestions and any(s.kind == "shorten" and s.task == "core.proposal-approval" for s in r.suggestions)
    assert r.late_after_compression is not None and r.late_after_compression < r.late_by_days
    report = plan_report(r)
    assert report["feasible"] is False and report["late_by_days"] == r.late_by_days
    assert report["violations"][0]["chain"] == v.chain
    assert any(i["slack_days"] < 0 for i in report["items"])


def test_replanning_keeps_user_edits_and_shows_what_moved() -> None:
    first = plan_project(project(), shipped()).project
    items = [w.model_copy() for w in first.work_items]
    by_id = {w.id: w for w in items}
    by_id["core.kv"] = by_id["core.kv"].model_copy(update={
        "owner": "Cai", "notes": "client wants a warmer palette", "status": Status.done,
        "actual_start": by_id["core.kv"].start, "actual_finish": by_id["core.kv"].due + dt.timedelta(days=7)})
    mine = by_id["core.brief"].model_copy(update={"id": "my-own-item", "title": "Client dinner", "depends_on": []})
    data = first.model_dump()
    data["work_items"] = [by_id[w.id].model_dump() for w in items] + [mine.model_dump()]
    from aeflow.domain.validation import parse_project

    edited = parse_project(data)
    r = plan_project(edited, shipped())
    after = {w.id: w for w in r.project.work_items}
    assert after["core.kv"].owner == "Cai" and after["core.kv"].notes == "client wants a warmer palette"
    assert after["core.kv"].status == Status.done and after["core.kv"].due == by_id["core.kv"].due  # baseline kept
    assert r.schedule.timings["core.kv"].finish == by_id["core.kv"].actual_finish  # successors follow the actual
    assert "my-own-item" in after and r.kept == ["my-own-item"] and r.added == []
    moved = {m.id: m for m in r.moved}
    assert "core.kv-approval" in moved and moved["core.kv-approval"].by_days > 0
    assert "core.brief" not in moved
    assert len(r.project.work_items) == len(edited.work_items)


def test_workload_flags_over_allocation_and_counts_short_weeks() -> None:
    p = project(team=[{"name": "Ann", "role": "ae", "weekly_capacity_hours": 4}], channels=[])
    r = plan_project(p, shipped())
    over = r.overallocated
    assert over and all(x.who == "Ann" and x.hours > x.capacity for x in over)
    assert any(x.who == "role:client" and x.capacity is None for x in r.workload)
    assert any(n.code == "no_owner_role" for n in r.warnings)


def test_plans_in_2027_warn_about_the_estimated_calendar() -> None:
    p = project(kickoff=D(2026, 12, 7), launch=D(2027, 3, 1), flight_end=D(2027, 3, 31))
    r = plan_project(p, shipped(), calendars_hint="/data/calendars")
    notes = [n for n in r.warnings if n.code == "estimated_year"]
    assert [n.params["year"] for n in notes] == [2027] and "/data/calendars/CN-2027.yaml" in notes[0].message
    core = [w for w in r.project.work_items if w.id.startswith("core.") and w.duration_days]
    assert all(r.calendar.is_working_day(w.start) and r.calendar.is_working_day(w.due) for w in core)


def test_unknown_channels_are_warned_not_dropped() -> None:
    r = plan_project(project(channels=["抖音", "pinduoduo"]), shipped())
    assert [n.params["channel"] for n in r.warnings if n.code == "unknown_channel"] == ["pinduoduo"]
