"""File → database → file is identical in content, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from project_strategies import projects
from sqlalchemy import select
from storage_samples import launch_project

from aeflow.domain.project import Project
from aeflow.errors import Invalid
from aeflow.services import projects as svc
from aeflow.storage.database import Database
from aeflow.storage.repository import SECTIONS
from aeflow.storage.tables import ProjectRecordRow, ProjectRow, ProjectVersionRow
from aeflow.storage.yamlfile import dump_project, parse_project_text


def test_file_to_database_to_file_is_identical(db: Database) -> None:
    examples = 30 if db.dialect == "postgresql" else 40

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(projects())
    def check(project: Project) -> None:
        text = dump_project(project)
        from_file = parse_project_text(text)
        assert from_file == project
        svc.import_project(db, from_file, author="测试", reason="round trip", replace=True)
        back, _version = svc.load(db, project.id)
        assert parse_project_text(dump_project(back)) == project
        assert dump_project(back) == text

    check()


@pytest.mark.parametrize(
    "value", ["PS\u2029", "line\x85break", "a\u2028b", "tab\tand\nnewline", "nul\x00", "😀 表情"]
)
def test_awkward_text_survives_file_and_database(db: Database, value: str) -> None:
    project = launch_project().model_copy(update={"name": value})
    project = Project.model_validate(project.model_dump())
    text = dump_project(project)
    svc.import_project(db, parse_project_text(text), author="a")
    back, _v = svc.load(db, project.id)
    assert back.name == project.name
    assert dump_project(back) == text


@pytest.mark.parametrize("amount", ["0.01", "0.10", "1234567890123456.78", "300000.10", "7"])
def test_money_is_exact_in_the_database(db: Database, amount: str) -> None:
    project = launch_project()
    project.budget.total = None
    project.budget.lines[0].planned = Decimal(amount)
    svc.import_project(db, project, author="a")
    back, _v = svc.load(db, project.id)
    assert str(back.budget.lines[0].planned) == amount
    with db.session(write=False) as s:
        document = s.execute(select(ProjectRow.document)).scalar_one()
        line = s.execute(
            select(ProjectRecordRow.data).where(
                ProjectRecordRow.section == "budget.lines", ProjectRecordRow.record_id == "B1"
            )
        ).scalar_one()
    assert document["budget"]["lines"][0]["planned"] == amount
    assert line["planned"] == amount


def test_each_record_has_its_own_row_in_order(db: Database) -> None:
    project = launch_project()
    svc.import_project(db, project, author="a")
    with db.session(write=False) as s:
        rows = s.execute(
            select(
                ProjectRecordRow.section,
                ProjectRecordRow.record_id,
                ProjectRecordRow.position,
                ProjectRecordRow.data,
            ).order_by(ProjectRecordRow.section, ProjectRecordRow.position)
        ).all()
    by_section: dict[str, list[str]] = {}
    for section, record_id, _position, data in rows:
        assert data["id"] == record_id
        by_section.setdefault(section, []).append(record_id)
    assert set(by_section) <= set(SECTIONS)
    assert by_section["work_items"] == ["W1", "W2", "W3"]
    assert by_section["budget.lines"] == ["B1", "B2"]
    assert by_section["risks"] == ["R1"]
    assert by_section["brief.objectives"] == ["O1"]


def test_records_follow_a_save(db: Database) -> None:
    project = launch_project()
    version = svc.import_project(db, project, author="a")
    project.work_items = [project.work_items[0]]
    svc.save(db, project, expected_version=version, author="b", reason="trim")
    with db.session(write=False) as s:
        ids = s.execute(
            select(ProjectRecordRow.record_id).where(ProjectRecordRow.section == "work_items")
        ).scalars()
        assert list(ids) == ["W1"]


def test_summary_columns_match_the_project(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    (summary,) = svc.list_projects(db)
    assert (summary.id, summary.name, summary.client, summary.client_id) == (
        "tea-launch",
        "新口味茶饮上市",
        "叶子饮品",
        "leaf",
    )
    assert (summary.campaign_type, summary.level, summary.stage) == ("launch", 3, "intake")
    assert summary.kickoff.isoformat() == "2026-03-02" and summary.launch.isoformat() == "2026-05-20"
    assert summary.version == 1 and summary.updated_at.tzinfo is not None


def test_a_value_that_cannot_be_stored_exactly_is_refused_and_nothing_is_written(db: Database) -> None:
    project = launch_project()
    project.brief.objectives[0].kpi = {"metric": "ctr", "target": float("inf"), "unit": "%"}
    with pytest.raises(Invalid) as caught:
        svc.import_project(db, project, author="a")
    assert [p.dotted_path for p in caught.value.problems] == ["brief.objectives[0].kpi.target"]
    with db.session(write=False) as s:
        assert s.execute(select(ProjectRow.id)).first() is None
        assert s.execute(select(ProjectVersionRow.version)).first() is None
