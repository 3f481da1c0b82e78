"""The foundation's commands as a user runs them, on a real database: init → validate → import →
list → show → edit and import again → history → restore → export, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from aeflow.cli.main import app

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "examples" / "launch-l1.yaml"


def run(database_url: str, *args: str, lang: str = "zh", width: int = 80) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", database_url, "--lang", lang, *args], env={"COLUMNS": str(width)})
    return result.exit_code, result.output


def test_a_new_project_file_from_init_validates_and_lands(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    code, out = run(database_url, "init", str(path), "--name", "秋季上新", "--client", "青屿饮品", "--level", "3",
                    "--kickoff", "2027-03-01", "--launch", "2027-05-20")
    assert code == 0, out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == "秋季上新" and data["level"] == 3
    code, out = run(database_url, "validate", str(path))
    assert code == 0, out
    code, out = run(database_url, "import", str(path))
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    code, out = run(database_url, "list", "--format", "json")
    assert [p["id"] for p in json.loads(out)] == [project_id]


def test_the_list_never_cuts_the_id_even_in_a_narrow_terminal(database_url: str) -> None:
    code, out = run(database_url, "import", str(EXAMPLE))
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    code, out = run(database_url, "list", width=80)
    assert code == 0
    assert project_id in out  # whole, on one line
    assert "…" not in out  # no column is cut off either: long names wrap


def test_edit_history_restore_and_export_round_trip(database_url: str, tmp_path: Path) -> None:
    code, out = run(database_url, "import", str(EXAMPLE), "--reason", "首次录入")
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    old_name = data["name"]
    data["name"] = "青屿桂花乌龙 · 改名测试"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out = run(database_url, "import", str(edited))
    assert code == 1  # the project exists: storing over it needs --replace
    code, out = run(database_url, "import", str(edited), "--replace", "--reason", "客户确认新名称")
    assert code == 0, out

    code, out = run(database_url, "history", project_id, "--format", "json")
    assert code == 0, out
    history = json.loads(out)
    entries = history["entries"] if isinstance(history, dict) else history
    latest = max(entries, key=lambda e: e["version"])
    assert latest["version"] == 2 and latest["reason"] == "客户确认新名称"
    assert {"path": "name", "old": old_name, "new": data["name"]} in [
        {k: c[k] for k in ("path", "old", "new")} for c in latest["changes"]]

    code, out = run(database_url, "show", project_id, "--version", "1", width=200)
    assert code == 0 and old_name in out

    code, out = run(database_url, "restore", project_id, "1", "--reason", "客户改回原名")
    assert code == 0, out
    back = tmp_path / "back.yaml"
    code, out = run(database_url, "export", project_id, "-o", str(back))
    assert code == 0, out
    assert yaml.safe_load(back.read_text(encoding="utf-8"))["name"] == old_name
    code, out = run(database_url, "history", project_id, "--format", "json")
    entries = json.loads(out)
    entries = entries["entries"] if isinstance(entries, dict) else entries
    assert max(e["version"] for e in entries) == 3  # the restore is a new version: nothing is lost


def test_a_missing_project_is_named_in_the_users_language(database_url: str) -> None:
    code, zh = run(database_url, "show", "no-such-project", lang="zh")
    assert code == 1 and "no-such-project" in zh and "项目" in zh
    code, en = run(database_url, "show", "no-such-project", lang="en")
    assert code == 1 and "no-such-project" in en and "project" in en.lower()
    assert "Traceback" not in zh + en
