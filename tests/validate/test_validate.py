"""`aeflow validate`: every broken file gives its own clear message (file, line, field), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app

HERE = Path(__file__).parent
BROKEN = HERE / "broken"

# file, dotted path, line, English message part, Chinese message part
CASES = [
    ("01_syntax.yaml", "", 13, "not valid YAML", "不是有效的 YAML"),
    ("02_wrong_type.yaml", "risks[0].likelihood", 33, "expected a whole number, got 很高", "应为整数"),
    ("03_unknown_key.yaml", "work_items[1].titel", 26, "is not a known field", "不是已知字段"),
    ("04_duplicate_id.yaml", "work_items[1].id", 25, "the id W1 is used more than once", "编号 W1 重复使用"),
    ("05_target_without_unit.yaml", "brief.objectives[0].kpi.unit", 17, "has no unit", "缺少单位"),
    ("06_due_before_start.yaml", "work_items[1].due", 29, "due 2026-07-01 is before start 2026-07-09", "早于"),
    ("07_likelihood_7.yaml", "risks[0].likelihood", 33, "must be at most 5, got 7", "不能大于 5"),
    ("08_unknown_dependency.yaml", "work_items[1].depends_on[0]", 27, "work item W9, which does not exist",
     "工作项 W9 不存在"),
    ("09_duplicate_key.yaml", "risks[0].severity", 35, "appears twice", "出现了两次"),
    ("10_bad_date.yaml", "launch", 10, "expected a date like 2026-03-01, got 2026-13-01", "应为形如"),
    ("11_empty.yaml", "", None, "the file is empty", "文件为空"),
    ("12_gbk.yaml", "", None, "not UTF-8", "不是 UTF-8"),
    ("13_not_mapping.yaml", "", 1, "must be a mapping", "应为键值映射"),
    ("14_bad_rrule.yaml", "cadence[0].frequency", 38, "is not a recurrence rule", "重复规则"),
    ("15_cycle.yaml", "work_items[1].depends_on", 28, "cycle: W1 → W2 → W1", "循环"),
    ("16_unknown_owner.yaml", "work_items[0].owner", 21, "李雷 is not on the project team", "不在项目团队"),
]

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_minimal_file_is_valid() -> None:
    result = run("--lang", "en", "validate", str(HERE / "minimal.yaml"))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


@pytest.mark.parametrize(("name", "path", "line", "en", "zh"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_message(name: str, path: str, line: int | None, en: str, zh: str) -> None:
    file = BROKEN / name
    result = run("--lang", "en", "validate", "--format", "json", str(file))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)[0]
    assert report["ok"] is False
    match = [p for p in report["problems"] if p["path"] == path and en in p["message"]]
    assert match, report["problems"]
    assert match[0]["line"] == line
    assert match[0]["file"] == str(file)

    text = run("--lang", "en", "validate", str(file))
    assert text.exit_code == 1
    location = f"{file}:{line}" if line else str(file)
    assert location in text.stderr and en in text.stderr
    assert "Traceback" not in text.stderr + text.stdout

    chinese = run("--lang", "zh", "validate", str(file))
    assert chinese.exit_code == 1
    assert zh in chinese.stderr


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (HERE / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    likelihood: 3", "    likelihood: 9").replace("    due: 2026-07-15", "    due: 2026-07-01")
    bad = tmp_path / "two.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("--lang", "en", "validate", "--format", "json", str(bad))
    paths = {p["path"] for p in json.loads(result.stdout)[0]["problems"]}
    assert {"risks[0].likelihood", "work_items[1].due"} <= paths


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = run("--lang", "en", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "the file does not exist" in result.stderr
    zh = run("--lang", "zh", "validate", str(tmp_path / "nope.yaml"))
    assert zh.exit_code == 1 and "文件不存在" in zh.stderr and "no such file" not in zh.stderr


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2


def test_schema_is_json_schema_and_accepts_the_examples() -> None:
    import jsonschema
    import yaml

    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "work_items" in schema["properties"]
    data = yaml.safe_load((HERE / "minimal.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)
    data["risks"][0]["likelihood"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
