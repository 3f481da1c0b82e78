"""`aeflow plan`: the JSON contract, -o for files, storing a database project's plan, bad playbooks."""

from __future__ import annotations

import json
from pathlib import Path

from rich.cells import cell_len
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.config import Settings
from aeflow.services import projects
from aeflow.services.planning import plan as plan_service
from aeflow.storage.yamlfile import load_project_file, write_project_file

from .helpers import project

runner = CliRunner()


def _file(tmp_path: Path, **kw) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.yaml"
    write_project_file(project(**kw), path)
    return path


def _run(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--lang", "en", "--data-dir", str(tmp_path / "data"), "plan", *args])


def test_json_contract(tmp_path: Path) -> None:
    res = _run(tmp_path, str(_file(tmp_path)), "--format", "json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"items", "critical_path", "feasible", "late_by_days", "warnings", "workload",
            "unserved_objectives", "moved", "compression"} <= set(out)
    item = next(i for i in out["items"] if i["id"] == "douyin-video.script")
    assert {"id", "title", "role", "owner", "start", "finish", "depends_on", "slack_days", "critical",
            "objective"} <= set(item)
    assert item["depends_on"] == ["douyin-video.brief"] and item["start"] <= item["finish"]
    assert out["feasible"] is True and out["late_by_days"] == 0
    ids = {i["id"] for i in out["items"]}
    assert set(out["critical_path"]) <= ids


def test_output_file_replans_idempotently(tmp_path: Path) -> None:
    src = _file(tmp_path)
    planned = tmp_path / "planned.yaml"
    assert _run(tmp_path, str(src), "-o", str(planned)).exit_code == 0
    first = load_project_file(planned)
    assert len(first.work_items) > 50
    res = _run(tmp_path, str(planned), "--format", "json")
    assert json.loads(res.stdout)["moved"] == [] and json.loads(res.stdout)["added"] == []


def test_table_shows_infeasibility(tmp_path: Path) -> None:
    import datetime as dt

    res = _run(tmp_path, str(_file(tmp_path, launch=dt.date(2026, 7, 31), flight_end=None)))
    assert res.exit_code == 0
    assert "late by" in res.stdout and "What could be compressed" in res.stdout


def test_bad_playbook_folder_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "pb"
    folder.mkdir()
    (folder / "x.yaml").write_text("kind: playbook\nid: x\ncampaign_type: launch\ncore:\n  - {id: a, role: boss, days: 1, title: A}\n",
                                   encoding="utf-8")
    res = _run(tmp_path, str(_file(tmp_path)), "--playbooks", str(folder))
    assert res.exit_code == 1
    assert "x.yaml:5: core[0].role" in res.stderr


def test_a_database_project_plan_is_stored_as_a_new_version(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    p = project()
    projects.import_project(db, p, author="test")
    settings = Settings.from_env({}, data_dir=str(tmp_path), user="planner")
    outcome = plan_service(db, p.id, settings)
    stored, version = projects.load(db, p.id)
    assert outcome.version == version and version > (outcome.source_version or 0)
    assert stored.work_item("douyin-video.script") is not None
    again = plan_service(db, p.id, settings)
    assert again.result.moved == [] and again.version == version  # same content: nothing new stored


def test_the_table_fits_the_terminal_and_names_roles_in_the_users_language(tmp_path: Path) -> None:
    path = str(_file(tmp_path))
    items = json.loads(_run(tmp_path, path, "--format", "json").stdout)["items"]
    longest = max((i["id"] for i in items), key=len)
    for width in (80, 100, 140):
        res = runner.invoke(app, ["--lang", "zh", "--data-dir", str(tmp_path / "data"), "plan", path],
                            env={"COLUMNS": str(width)})
        assert res.exit_code == 0, res.output
        lines = res.output.splitlines()
        assert max(cell_len(line) for line in lines) <= width  # display width: a CJK character is 2
        assert any(longest in line for line in lines)  # an item's ID is never cut or wrapped
        if width >= 100:
            assert "客户执行" in res.output  # the role's label, not the code "ae"
            assert not any(f" {'ae':<8} " in line for line in lines)
