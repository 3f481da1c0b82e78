"""Every change is kept: who, when, old → new, why; earlier versions can be shown and restored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from storage_samples import launch_project

from aeflow.domain import Risk, Status
from aeflow.domain.diff import Change
from aeflow.errors import Conflict, NotFound
from aeflow.i18n import language
from aeflow.services import projects as svc
from aeflow.storage.database import Database
from aeflow.storage.tables import ProjectVersionRow
from aeflow.storage.yamlfile import dump_project, write_project_file


def _edit_twice(db: Database) -> None:
    """v1 import by 王芳; v2 by 李雷 (status, money, a new risk); v3 by 王芳 (a work item removed)."""
    project = launch_project()
    svc.import_project(db, project, author="王芳", reason="从 brief.yaml 导入")
    project, version = svc.load(db, project.id)
    project.work_items[2].status = Status.done
    project.budget.lines[0].planned = Decimal("350000.50")
    project.risks.append(Risk(id="R2", description="达人档期冲突", likelihood=2, severity=3))
    svc.save(db, project, expected_version=version, author="李雷", reason="客户确认排期")
    project, version = svc.load(db, project.id)
    project.work_items = project.work_items[:2]
    svc.save(db, project, expected_version=version, author="王芳", reason="砍掉达人种草")


def test_history_records_who_when_what_and_why(db: Database) -> None:
    before = dt.datetime.now(dt.UTC)
    _edit_twice(db)
    after = dt.datetime.now(dt.UTC)
    entries = svc.history(db, "tea-launch")
    assert [(e.version, e.author, e.reason) for e in entries] == [
        (1, "王芳", "从 brief.yaml 导入"),
        (2, "李雷", "客户确认排期"),
        (3, "王芳", "砍掉达人种草"),
    ]
    assert all(before <= e.at <= after for e in entries)
    assert entries[0].at <= entries[1].at <= entries[2].at
    assert entries[0].changes == []
    changes = {c.path: c for c in entries[1].changes}
    assert changes["work_items[id=W3].status"] == Change("work_items[id=W3].status", "planned", "done")
    assert changes["budget.lines[id=B1].planned"] == Change(
        "budget.lines[id=B1].planned", "300000.10", "350000.50"
    )
    assert (
        changes["risks[id=R2]"].old is None and changes["risks[id=R2]"].new["description"] == "达人档期冲突"
    )
    assert len(entries[1].changes) == 3
    (removed,) = entries[2].changes
    assert removed.path == "work_items[id=W3]" and removed.new is None and removed.old["status"] == "done"


def test_the_clock_of_the_database_stamps_the_history(db: Database) -> None:
    moment = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    db.clock = lambda: moment
    svc.import_project(db, launch_project(), author="a")
    (entry,) = svc.history(db, "tea-launch")
    assert entry.at == moment and entry.at.utcoffset() == dt.timedelta(0)
    assert svc.list_projects(db)[0].updated_at == moment


def test_an_earlier_version_can_be_shown_and_restored(db: Database) -> None:
    _edit_twice(db)
    first = svc.get_version(db, "tea-launch", 1)
    assert first == launch_project()
    second = svc.get_version(db, "tea-launch", 2)
    assert second.work_items[2].status == Status.done

    new = svc.restore(db, "tea-launch", 1, author="张三", reason="客户改回原方案")
    assert new == 4
    current, version = svc.load(db, "tea-launch")
    assert version == 4 and current == first
    assert dump_project(current) == dump_project(launch_project())
    entries = svc.history(db, "tea-launch")
    assert [e.version for e in entries] == [1, 2, 3, 4]
    assert (entries[-1].author, entries[-1].reason, entries[-1].restored_from) == (
        "张三",
        "客户改回原方案",
        1,
    )
    assert {c.path for c in entries[-1].changes} >= {"work_items[id=W3]", "risks[id=R2]"}
    # nothing was lost: the versions in between are still there
    assert svc.get_version(db, "tea-launch", 3).work_items == second.work_items[:2]
    with db.session(write=False) as s:
        snapshots = dict(s.execute(select(ProjectVersionRow.version, ProjectVersionRow.snapshot)).all())
    assert snapshots[4] == snapshots[1]


def test_restore_checks_the_expected_version(db: Database) -> None:
    _edit_twice(db)
    with pytest.raises(Conflict):
        svc.restore(db, "tea-launch", 1, author="a", reason="r", expected_version=2)
    assert svc.load(db, "tea-launch")[1] == 3
    assert svc.restore(db, "tea-launch", 1, author="a", reason="r", expected_version=3) == 4


def test_restoring_the_current_content_stores_nothing(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    assert svc.restore(db, "tea-launch", 1, author="a", reason="again") == 1
    assert len(svc.history(db, "tea-launch")) == 1


def test_unchanged_content_makes_no_new_version(db: Database) -> None:
    project = launch_project()
    svc.import_project(db, project, author="a")
    assert svc.save(db, project, expected_version=1, author="b", reason="nothing") == 1
    assert svc.import_project(db, project, author="b", replace=True) == 1
    assert [e.version for e in svc.history(db, project.id)] == [1]


def test_import_of_an_existing_id_is_a_conflict_unless_replace(db: Database) -> None:
    project = launch_project()
    svc.import_project(db, project, author="a")
    edited = launch_project()
    edited.name = "改名后的项目"
    with pytest.raises(Conflict) as caught:
        svc.import_project(db, edited, author="b")
    assert "tea-launch" in caught.value.message and "--replace" in (caught.value.hint or "")
    assert svc.load(db, project.id)[0].name == "新口味茶饮上市"
    assert svc.import_project(db, edited, author="b", reason="重新导入", replace=True) == 2
    assert svc.load(db, project.id)[0].name == "改名后的项目"
    assert svc.get_version(db, project.id, 1).name == "新口味茶饮上市"
    assert svc.history(db, project.id)[1].changes == [Change("name", "新口味茶饮上市", "改名后的项目")]


def test_missing_projects_and_versions_are_clear_not_found_errors(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    svc.import_project(db, launch_project("other"), author="a")
    with language("en"):
        with pytest.raises(NotFound) as caught:
            svc.load(db, "nope")
        assert caught.value.message == "There is no project with the id nope in the database."
        assert "other" not in caught.value.message and "tea-launch" not in caught.value.message
        with pytest.raises(NotFound, match="has no version 9; its versions are 1 to 1"):
            svc.get_version(db, "tea-launch", 9)
        with pytest.raises(NotFound):
            svc.get_version(db, "nope", 1)
        with pytest.raises(NotFound):
            svc.history(db, "nope")
        with pytest.raises(NotFound):
            svc.restore(db, "tea-launch", 5, author="a", reason="r")
        with pytest.raises(NotFound):
            svc.save(db, launch_project("nope"), expected_version=1, author="a", reason="r")
    with language("zh"):
        with pytest.raises(NotFound, match="数据库中没有编号为 nope 的项目"):
            svc.load(db, "nope")


def test_list_projects_most_recent_first(db: Database) -> None:
    assert svc.list_projects(db) == []
    svc.import_project(db, launch_project("a-first"), author="a")
    svc.import_project(db, launch_project("b-second"), author="a")
    project, version = svc.load(db, "a-first")
    project.name = "更新过的"
    svc.save(db, project, expected_version=version, author="a", reason="r")
    assert [(s.id, s.version, s.name) for s in svc.list_projects(db)] == [
        ("a-first", 2, "更新过的"),
        ("b-second", 1, "新口味茶饮上市"),
    ]


def test_resolve_takes_a_file_or_an_id(db: Database, tmp_path: Path) -> None:
    project = launch_project()
    path = tmp_path / "brief.yaml"
    write_project_file(project, path)
    assert svc.resolve(db, str(path)) == (project, None)
    plain = tmp_path / "no-extension"
    write_project_file(project, plain)
    assert svc.resolve(db, str(plain)) == (project, None)
    svc.import_project(db, project, author="a")
    assert svc.resolve(db, "tea-launch") == (project, 1)
    with language("en"), pytest.raises(NotFound, match="neither a project file nor the id"):
        svc.resolve(db, "missing-id")
    with pytest.raises(NotFound):
        svc.resolve(db, str(tmp_path / "missing.yaml"))
