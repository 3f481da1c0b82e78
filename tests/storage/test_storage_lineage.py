"""A project file imported again and again (export → edit → import → edit …) is its own lineage: each
version records the base_version its file declared, so the file's earlier imports are not "changes
made meanwhile" — while anyone else's still are. Also: the migration that added the record."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select
from storage_samples import launch_project

from aeflow.domain.project import Project
from aeflow.errors import Conflict
from aeflow.services import projects as svc
from aeflow.storage.database import MIGRATIONS, Database, migrate
from aeflow.storage.repository import ProjectRepository
from aeflow.storage.tables import ProjectVersionRow


def _fee(project: Project, fee: str) -> Project:
    return project.model_copy(
        update={"budget": project.budget.model_copy(update={"agency_fee": Decimal(fee)})}
    )


def _file_bases(db: Database, project_id: str = "tea-launch") -> list[tuple[int, str, int | None]]:
    with db.session(write=False) as session:
        return [
            (v.version, v.author, v.file_base_version)
            for v in ProjectRepository(session).versions(project_id)
        ]


def test_each_version_records_the_base_version_of_its_file(db: Database, tmp_path: Path) -> None:
    svc.import_project(db, launch_project(), author="lin", base_version=7)  # a file from another database
    svc.import_project(db, _fee(launch_project(), "1000"), author="lin", replace=True, base_version=1)
    svc.save(db, _fee(launch_project(), "2000"), expected_version=2, author="zhou", reason="web edit")
    svc.restore(db, "tea-launch", 1, author="zhou", reason="back")
    assert _file_bases(db) == [(1, "lin", 7), (2, "lin", 1), (3, "zhou", None), (4, "zhou", None)]
    with db.session(write=False) as session:
        assert (
            session.scalar(select(ProjectVersionRow.file_base_version).where(ProjectVersionRow.version == 2))
            == 1
        )


def test_the_same_field_changed_again_by_the_files_author_is_stored(db: Database) -> None:
    svc.import_project(db, launch_project(), author="lin")
    for version, fee in ((2, "1000"), (3, "1200"), (4, "900")):
        stored = svc.import_project(
            db, _fee(launch_project(), fee), author="lin", replace=True, base_version=1
        )
        assert stored == version
    assert svc.load(db, "tea-launch")[0].budget.agency_fee == Decimal(900)
    assert "forced" not in svc.history(db, "tea-launch")[-1].reason


def test_a_colleagues_change_in_between_is_still_refused(db: Database) -> None:
    svc.import_project(db, launch_project(), author="lin")
    svc.import_project(db, _fee(launch_project(), "1000"), author="lin", replace=True, base_version=1)  # v2
    svc.import_project(db, _fee(launch_project(), "1100"), author="zhou", replace=True, base_version=2)  # v3
    with pytest.raises(Conflict) as caught:
        svc.import_project(db, _fee(launch_project(), "1200"), author="lin", replace=True, base_version=1)
    assert "budget.agency_fee" in caught.value.message and "zhou" in caught.value.message
    assert caught.value.data["changed_by"] == "zhou"
    assert svc.load(db, "tea-launch") == (_fee(launch_project(), "1100"), 3)  # nothing stored


def test_the_same_base_by_another_author_is_not_the_files_lineage(db: Database) -> None:
    svc.import_project(db, launch_project(), author="lin")
    svc.import_project(db, _fee(launch_project(), "1000"), author="lin", replace=True, base_version=1)  # v2
    with pytest.raises(Conflict):  # zhou's own copy of the version-1 export would undo lin's fee
        svc.import_project(db, _fee(launch_project(), "1200"), author="zhou", replace=True, base_version=1)
    assert svc.load(db, "tea-launch")[1] == 2


def test_another_copy_of_the_export_by_the_same_author_still_keeps_the_first_copys_change(
    db: Database,
) -> None:
    svc.import_project(db, launch_project(), author="lin")
    base = launch_project()
    first = _fee(base, "1000")  # copy one changes the fee, copy two the name
    svc.import_project(db, first, author="lin", replace=True, base_version=1)  # v2
    second = base.model_copy(update={"name": "另一份副本"})
    with pytest.raises(Conflict) as caught:  # it still has version 1's fee: importing it would undo v2's
        svc.import_project(db, second, author="lin", replace=True, base_version=1)
    assert "budget.agency_fee" in caught.value.message and "--force" in (caught.value.hint or "")
    merged = _fee(second, "1000")  # with copy one's fee in it nothing is undone
    assert svc.import_project(db, merged, author="lin", replace=True, base_version=1) == 3


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of this test only (not a shared one: the test migrates it down and up)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
    else:
        yield str(request.getfixturevalue("postgres_url"))


def test_upgrading_from_0003_keeps_the_rows_and_checks_them_as_before(fresh_url: str) -> None:
    with Database(fresh_url) as db:
        svc.import_project(db, launch_project(), author="lin")
        svc.import_project(db, _fee(launch_project(), "1000"), author="lin", replace=True, base_version=1)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003_file_header")
        with db.engine.connect() as conn:
            assert "file_base_version" not in {
                c["name"] for c in inspect(conn).get_columns("project_versions")
            }
        migrate(db.engine)  # 0003 → head with the two versions in place
    with Database(fresh_url) as db:
        assert _file_bases(db) == [(1, "lin", None), (2, "lin", None)]
        assert svc.load(db, "tea-launch") == (_fee(launch_project(), "1000"), 2)
        # nothing is known about version 2's file, so a file of version 1 changing the fee is refused
        with pytest.raises(Conflict):
            svc.import_project(db, _fee(launch_project(), "1200"), author="lin", replace=True, base_version=1)
        # and the loop works from here on
        for version, fee in ((3, "1300"), (4, "1400")):
            assert (
                svc.import_project(
                    db, _fee(launch_project(), fee), author="lin", replace=True, base_version=2
                )
                == version
            )
