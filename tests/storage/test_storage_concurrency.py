"""Optimistic concurrency (a stale write is refused, nothing is lost) and transactional imports."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from storage_samples import launch_project

from aeflow.domain import Status
from aeflow.errors import Conflict, ImportFailed
from aeflow.i18n import language
from aeflow.services import projects as svc
from aeflow.storage.database import Database
from aeflow.storage.repository import ProjectRepository, to_document
from aeflow.storage.tables import ProjectRecordRow, ProjectRow, ProjectVersionRow


def test_a_stale_save_is_a_conflict_and_the_first_change_survives(db: Database) -> None:
    svc.import_project(db, launch_project(), author="王芳")
    mine, my_version = svc.load(db, "tea-launch")
    theirs, their_version = svc.load(db, "tea-launch")
    mine.work_items[0].status = Status.done
    theirs.budget.lines[0].planned = Decimal("1.00")
    assert svc.save(db, mine, expected_version=my_version, author="李雷", reason="W1 完成") == 2
    with language("en"), pytest.raises(Conflict) as caught:
        svc.save(db, theirs, expected_version=their_version, author="张三", reason="改预算")
    message = caught.value.message
    assert "李雷" in message and "version 2" in message and "version 1" in message
    assert "Nothing was saved" in message and caught.value.hint
    assert caught.value.data["current_version"] == 2 and caught.value.data["changed_by"] == "李雷"
    current, version = svc.load(db, "tea-launch")
    assert version == 2
    assert current.work_items[0].status == Status.done
    assert current.budget.lines[0].planned == Decimal("300000.10")
    assert [e.author for e in svc.history(db, "tea-launch")] == ["王芳", "李雷"]
    # the refused change can be re-applied on top of the current version
    current.budget.lines[0].planned = Decimal("1.00")
    assert svc.save(db, current, expected_version=version, author="张三", reason="改预算") == 3


def test_the_conflict_message_is_translated(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    project, _v = svc.load(db, "tea-launch")
    project.name = "x"
    svc.save(db, project, expected_version=1, author="李雷", reason="r")
    project.name = "y"
    with language("zh"), pytest.raises(Conflict, match="已由 李雷 于 .* 修改，当前为版本 2"):
        svc.save(db, project, expected_version=1, author="b", reason="r")


def test_the_write_itself_checks_the_version(db: Database) -> None:
    """Even past the services' own check, ``UPDATE … WHERE version = :expected`` refuses a stale write."""
    project = launch_project()
    svc.import_project(db, project, author="a")
    svc.save(db, project.model_copy(update={"name": "二版"}), expected_version=1, author="a", reason="r")
    with db.session() as s:
        stale = ProjectRepository(s).update(
            to_document(project.model_copy(update={"name": "旧版改"})),
            expected_version=1,
            at=db.now(),
            author="b",
            reason="r",
            changes=[],
        )
    assert stale is None
    assert svc.load(db, "tea-launch") == (project.model_copy(update={"name": "二版"}), 2)
    assert len(svc.history(db, "tea-launch")) == 2


def test_simultaneous_saves_from_one_version_store_exactly_one(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    writers = 4
    barrier = threading.Barrier(writers)
    outcomes: list[object] = []

    def write(n: int) -> None:
        project, version = svc.load(db, "tea-launch")
        project.name = f"writer {n}"
        barrier.wait()
        try:
            outcomes.append(svc.save(db, project, expected_version=version, author=f"w{n}", reason="race"))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(o for o in outcomes if isinstance(o, int)) == [2]
    assert sum(isinstance(o, Conflict) for o in outcomes) == writers - 1
    current, version = svc.load(db, "tea-launch")
    (winner,) = [e for e in svc.history(db, "tea-launch") if e.version == 2]
    assert version == 2 and current.name == f"writer {winner.author[1:]}"


def _fail_version_inserts(db: Database) -> None:
    """A real database failure in the middle of an import: a trigger refuses history rows."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON project_versions "
                    "BEGIN SELECT RAISE(ABORT, 'history is read-only today'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'history is read-only today'; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON project_versions "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
            )


def _drop_trigger(db: Database) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER refuse"))
        else:
            conn.execute(text("DROP TRIGGER refuse ON project_versions"))
            conn.execute(text("DROP FUNCTION refuse()"))


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session(write=False) as s:
        return tuple(
            s.execute(select(func.count()).select_from(t)).scalar_one()  # type: ignore[return-value]
            for t in (ProjectRow, ProjectRecordRow, ProjectVersionRow)
        )


def test_a_failing_import_leaves_nothing_behind(db: Database) -> None:
    _fail_version_inserts(db)
    try:
        with pytest.raises(ImportFailed) as caught:
            svc.import_project(db, launch_project(), author="a")
        assert "tea-launch" in caught.value.message and "history is read-only today" in caught.value.message
        assert _counts(db) == (0, 0, 0)
    finally:
        _drop_trigger(db)
    assert svc.import_project(db, launch_project(), author="a") == 1
    assert _counts(db) == (1, 7, 1)


def test_a_failing_replace_keeps_the_old_version_whole(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    before = _counts(db)
    edited = launch_project()
    edited.work_items = edited.work_items[:1]
    _fail_version_inserts(db)
    try:
        with pytest.raises(ImportFailed):
            svc.import_project(db, edited, author="b", replace=True)
    finally:
        _drop_trigger(db)
    assert _counts(db) == before
    assert svc.load(db, "tea-launch") == (launch_project(), 1)


def test_simultaneous_imports_of_one_new_id_store_it_once(db: Database) -> None:
    writers = 3
    barrier = threading.Barrier(writers)
    outcomes: list[object] = []

    def write(n: int) -> None:
        project = launch_project()
        project.name = f"importer {n}"
        barrier.wait()
        try:
            outcomes.append(svc.import_project(db, project, author=f"i{n}"))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [o for o in outcomes if isinstance(o, int)] == [1]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(conflicts) == writers - 1 and all("--replace" in (c.hint or "") for c in conflicts)
    assert _counts(db) == (1, 7, 1)
