"""XLSX round trip: export → edit cells with openpyxl as a user would → import-xlsx → exactly those changes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.domain.project import Project
from aeflow.errors import ImportFailed
from aeflow.services import exporting, projects, workbook
from aeflow.storage.database import Database

from .conftest import TODAY

runner = CliRunner()


def exported(db: Database, project: Project) -> openpyxl.Workbook:
    projects.import_project(db, project, author="王敏", reason="test")
    doc = exporting.export_document(db, project.id, "xlsx", audience="internal", lang="zh", today=TODAY)
    return openpyxl.load_workbook(io.BytesIO(doc.content))


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def edit_like_a_user(wb: openpyxl.Workbook) -> None:
    ws = wb["执行清单"]
    assert [ws.cell(r, 1).value for r in (7, 8, 9)] == ["W5", "W6", "W7"]
    ws["H7"] = "已完成"  # W5 status, chosen from the drop-down
    ws["E8"] = "刘洋"  # W6 owner
    ws["G9"] = dt.datetime(2026, 8, 20)  # W7 due, typed as a date
    ws["C20"], ws["E20"], ws["G20"] = "达人返图整理", "张伟", "2026/8/25"  # a new row, date typed as text
    wb["风险清单"]["C4"] = 3  # R2 likelihood


def test_the_history_shows_exactly_the_edited_cells(db: Database, l3: Project, tmp_path: Path) -> None:
    wb = exported(db, l3)
    edit_like_a_user(wb)
    result = workbook.preview(db, l3.id, save(wb, tmp_path / "edited.xlsx"), author="王敏", today=TODAY)
    assert {(c.sheet, f"{c.column}{c.row}", c.record, c.field) for c in result.changes if not c.added} == {
        ("执行清单", "H7", "W5", "status"), ("执行清单", "E8", "W6", "owner"), ("执行清单", "G9", "W7", "due"),
        ("风险清单", "C4", "R2", "likelihood")}
    assert {c.record for c in result.changes if c.added} == {"W12"}
    version = workbook.apply(db, result, author="王敏")
    assert version == 2
    entry = projects.history(db, l3.id)[-1]
    changes = {c.path: (c.old, c.new) for c in entry.changes}
    assert set(changes) == {"work_items[id=W5].status", "work_items[id=W5].status_history",
                            "work_items[id=W6].owner", "work_items[id=W7].due", "risks[id=R2].likelihood",
                            "work_items[id=W12]"}
    assert changes["work_items[id=W5].status"] == ("in_progress", "done")
    assert changes["work_items[id=W6].owner"] == ("孙悦", "刘洋")
    assert changes["work_items[id=W7].due"] == ("2026-08-12", "2026-08-20")
    assert changes["risks[id=R2].likelihood"] == (2, 3)
    assert changes["work_items[id=W12]"][0] is None
    stored, _v = projects.load(db, l3.id)
    new = stored.work_item("W12")
    assert new is not None and (new.title, new.owner, new.due) == ("达人返图整理", "张伟", dt.date(2026, 8, 25))
    assert stored.work_item("W5").status_history[-1].status == "done"


def test_a_bad_date_or_an_unknown_owner_is_rejected_with_the_cell_named(db: Database, l3: Project,
                                                                        tmp_path: Path) -> None:
    wb = exported(db, l3)
    edit_like_a_user(wb)
    wb["执行清单"]["G10"] = "2026-13-01"
    wb["执行清单"]["E11"] = "李雷"
    wb["风险清单"]["D5"] = 7
    with pytest.raises(ImportFailed) as info:
        workbook.preview(db, l3.id, save(wb, tmp_path / "bad.xlsx"), author="王敏", today=TODAY)
    problems = {(p.sheet, p.cell): p.message for p in info.value.data["problems"]}
    assert set(problems) == {("执行清单", "G10"), ("执行清单", "E11"), ("风险清单", "D5")}
    assert "2026-13-01" in problems[("执行清单", "G10")]
    assert "李雷" in problems[("执行清单", "E11")]
    assert len(projects.history(db, l3.id)) == 1  # nothing applied


def test_a_rule_broken_by_the_edit_is_named_by_cell(db: Database, l3: Project, tmp_path: Path) -> None:
    wb = exported(db, l3)
    wb["执行清单"]["G10"] = dt.datetime(2026, 8, 1)  # W8 due before its start 2026-08-10
    with pytest.raises(ImportFailed) as info:
        workbook.preview(db, l3.id, save(wb, tmp_path / "rule.xlsx"), author="王敏", today=TODAY)
    [problem] = info.value.data["problems"]
    assert (problem.sheet, problem.cell, problem.header) == ("执行清单", "G10", "完成日期")


def test_a_cell_changed_in_aeflow_since_the_export_is_a_conflict(db: Database, l3: Project, tmp_path: Path) -> None:
    wb = exported(db, l3)
    current, version = projects.load(db, l3.id)
    moved = current.model_copy(deep=True)
    moved.work_item("W7").due = dt.date(2026, 8, 14)
    projects.save(db, moved, expected_version=version, author="刘洋", reason="delay")
    edit_like_a_user(wb)
    with pytest.raises(ImportFailed) as info:
        workbook.preview(db, l3.id, save(wb, tmp_path / "conflict.xlsx"), author="王敏", today=TODAY)
    [problem] = info.value.data["problems"]
    assert problem.cell == "G9" and "2026-08-14" in problem.message and "2026-08-20" in problem.message


def test_cli_shows_the_diff_and_applies_only_with_yes(database_url: str, db: Database, l3: Project,
                                                      tmp_path: Path) -> None:
    wb = exported(db, l3)
    edit_like_a_user(wb)
    path = save(wb, tmp_path / "cli.xlsx")
    shown = runner.invoke(app, ["--db", database_url, "--lang", "zh", "import-xlsx", l3.id, str(path)])
    assert shown.exit_code == 0, shown.output
    assert "执行清单!H7" in shown.output and "刘洋" in shown.output
    assert len(projects.history(db, l3.id)) == 1  # no terminal, no --yes: nothing applied
    applied = runner.invoke(app, ["--db", database_url, "import-xlsx", l3.id, str(path), "--yes"])
    assert applied.exit_code == 0, applied.output
    assert len(projects.history(db, l3.id)) == 2
    bad = tmp_path / "bad.xlsx"
    wb["执行清单"]["G10"] = "明天"
    wb.save(bad)
    refused = runner.invoke(app, ["--db", database_url, "--lang", "en", "import-xlsx", l3.id, str(bad), "--yes"])
    assert refused.exit_code == 1
    assert "执行清单!G10" in refused.output and "明天" in refused.output


def test_cli_export_writes_each_format(database_url: str, db: Database, l1: Project, tmp_path: Path) -> None:
    projects.import_project(db, l1, author="王敏", reason="test")
    for fmt in ("pptx", "xlsx", "ics", "pdf", "md"):
        out = tmp_path / f"doc.{fmt}"
        result = runner.invoke(app, ["--db", database_url, "export", l1.id, "--format", fmt, "-o", str(out),
                                     "--audience", "client", "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    md = runner.invoke(app, ["--db", database_url, "export", l1.id, "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith(f"# {l1.name}")
    missing = runner.invoke(app, ["--db", database_url, "export", l1.id, "--format", "pptx", "-o",
                                  str(tmp_path / "x.pptx"), "--template", str(tmp_path / "nope.pptx")])
    assert missing.exit_code == 1 and "nope.pptx" in missing.output
