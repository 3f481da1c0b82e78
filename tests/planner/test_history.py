"""Re-planning a project under way: done and cancelled items are history, items in progress start at their
actual start, only open items move; the critical path is the whole chain of the work that is left."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.config import Settings
from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.engines.planner.calendar import WorkCalendar
from aeflow.engines.planner.plan import plan_project
from aeflow.engines.planner.schedule import Task, schedule
from aeflow.services import projects
from aeflow.services.planning import plan as plan_service
from aeflow.storage.yamlfile import load_project_file

from .helpers import project, shipped

D = dt.date
L3 = Path(__file__).resolve().parents[2] / "examples" / "launch-l3.yaml"
CAL = WorkCalendar("CN", around=D(2026, 7, 6))


def _finished() -> Project:
    return load_project_file(L3)


def _edit(p: Project, changes: dict[str, dict[str, Any]]) -> Project:
    data = p.model_dump()
    for w in data["work_items"]:
        w.update(changes.get(w["id"], {}))
    return parse_project(data)


def test_a_finished_project_plans_to_itself_with_nothing_left() -> None:
    p = _finished()
    assert all(w.status.closed for w in p.work_items)
    assert any(w.actual_finish and w.actual_finish != w.due for w in p.work_items)  # late items in the demo
    r = plan_project(p, shipped())
    assert r.moved == [] and r.project == p
    before = {w.id: (w.start, w.due) for w in p.work_items}
    assert {w.id: (w.start, w.due) for w in r.project.work_items} == before
    assert r.schedule.nothing_left and r.schedule.critical_path == [] and r.schedule.critical_chains == []
    assert not any(tm.critical for tm in r.schedule.timings.values())


def test_the_finished_demo_stores_no_new_version(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    p = _finished()
    version = projects.import_project(db, p, author="test")
    settings = Settings.from_env({}, data_dir=str(tmp_path), user="planner")
    outcome = plan_service(db, p.id, settings)
    stored, head = projects.load(db, p.id)
    assert head == version and outcome.version == version and not outcome.changed
    assert {w.id: (w.start, w.due) for w in stored.work_items} == {w.id: (w.start, w.due) for w in p.work_items}
    res = CliRunner().invoke(app, ["--lang", "en", "--data-dir", str(tmp_path), "--db", db.url.render_as_string(hide_password=False), "plan",
                                   p.id], env={"COLUMNS": "140"})
    assert res.exit_code == 0, res.output
    assert "Nothing left to schedule" in res.stdout and "The plan is unchanged" in res.stdout
    assert "Stored as version" not in res.stdout and projects.load(db, p.id)[1] == version


def test_only_open_items_move_when_some_are_done() -> None:
    first = plan_project(project(), shipped()).project
    planned = {w.id: w for w in first.work_items}
    brief, kickoff = planned["core.brief"], planned["core.kickoff"]
    late = kickoff.due + dt.timedelta(days=7)
    edited = _edit(first, {
        "core.brief": {"status": "done"},  # done, no dates recorded: it stays at its planned dates
        "core.kickoff": {"status": "done", "actual_start": kickoff.start, "actual_finish": late},  # a week late
        "douyin-video.brief": {"status": "cancelled"},
    })
    r = plan_project(edited, shipped())
    after = {w.id: w for w in r.project.work_items}
    for wid in ("core.brief", "core.kickoff", "douyin-video.brief"):
        assert (after[wid].start, after[wid].due) == (planned[wid].start, planned[wid].due)
    moved = {m.id for m in r.moved}
    assert moved and not moved & {"core.brief", "core.kickoff", "douyin-video.brief"}
    assert all(not after[m].status.closed for m in moved)
    assert after["core.strategy"].start > late  # open work follows the actual finish
    assert r.schedule.timings["core.brief"].finish == brief.due and r.schedule.timings["core.kickoff"].finish == late
    assert not any(n.code == "actual_conflict" for n in r.warnings)
    # an item in progress starts at its actual start, the rest is scheduled from it
    started = after["core.strategy"].start + dt.timedelta(days=3)
    again = plan_project(_edit(r.project, {"core.strategy": {"status": "in_progress", "actual_start": started}}),
                         shipped())
    redone = {w.id: w for w in again.project.work_items}
    assert redone["core.strategy"].start == started and redone["core.strategy"].due > after["core.strategy"].due
    assert (redone["core.brief"].start, redone["core.brief"].due) == (brief.start, brief.due)
    assert not again.schedule.nothing_left and again.schedule.critical_path
    assert not {"core.brief", "core.kickoff"} & set(again.schedule.critical_path)


def test_the_critical_path_is_every_zero_float_chain_in_order() -> None:
    tasks = [Task("a", 2), Task("b", 3, ("a",)), Task("c", 3, ("a",)), Task("d", 1, ("a",)),
             Task("e", 2, ("b", "c", "d")), Task("f", 1, ("e",))]
    r = schedule(tasks, CAL, D(2026, 7, 6))
    assert r.critical_chains == [["a", "b", "e", "f"], ["a", "c", "e", "f"]]
    assert r.critical_path == ["a", "b", "e", "f"]
    assert r.timings["d"].slack == 2 and not r.timings["d"].critical
    # done work leaves the path: what is left starts where the history ends
    done = [Task("a", 2, closed=True, actual_start=D(2026, 7, 6), actual_finish=D(2026, 7, 7)), *tasks[1:]]
    r = schedule(done, CAL, D(2026, 7, 6))
    assert r.critical_chains == [["b", "e", "f"], ["c", "e", "f"]] and not r.nothing_left
    closed = [Task(t.id, t.duration, t.depends_on, closed=True) for t in tasks]
    assert schedule(closed, CAL, D(2026, 7, 6)).critical_path == []


def test_a_closed_items_missed_deadline_is_history_not_infeasibility() -> None:
    tasks = [Task("a", 5, actual_start=D(2026, 7, 6), actual_finish=D(2026, 7, 20), closed=True,
                  deadline=D(2026, 7, 10)), Task("b", 2, ("a",))]
    r = schedule(tasks, CAL, D(2026, 7, 6))
    assert r.feasible and r.critical_path == ["b"] and r.timings["b"].start == D(2026, 7, 21)
    open_ = [Task("a", 5, actual_start=D(2026, 7, 6), actual_finish=D(2026, 7, 20), deadline=D(2026, 7, 10))]
    assert not schedule(open_, CAL, D(2026, 7, 6)).feasible


def test_the_json_report_lists_the_chains_and_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "l3.yaml"
    path.write_bytes(L3.read_bytes())
    res = CliRunner().invoke(app, ["--lang", "en", "--data-dir", str(tmp_path / "data"), "plan", str(path),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["critical_path"] == [] and out["critical_chains"] == [] and out["nothing_left"] is True
    assert out["moved"] == []
