"""``aeflow intake``: JSON for scripts, the YAML draft usable in a project file, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.domain import RequirementBrief
from aeflow.domain.validation import parse_project

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_documented_keys_and_values() -> None:
    code, out, _err = _run("--lang", "en", "intake", str(FIXTURES / "01_launch_basic.txt"), "--ref-date", "2026-05-11",
                           "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in ("budget", "launch_date", "deadline", "duration_days", "kpis", "channels", "campaign_type",
                "constraints", "stakeholders", "open_questions", "brief"):
        assert key in data
    assert data["budget"]["amount"] == 5_000_000 and data["budget"]["currency"] == "CNY"
    assert data["budget"]["approximate"] is False and data["budget"]["span"]["text"] == "500万"
    assert (data["launch_date"], data["deadline"], data["duration_days"]) == ("2026-06-15", "2026-08-11", 92)
    ctr = next(k for k in data["kpis"] if k["metric"] == "ctr")
    assert (ctr["target"], ctr["unit"], ctr["comparison"], ctr["deadline"]) == (0.015, "%", ">=", None)
    assert ctr["span"] == {"start": ctr["span"]["start"], "end": ctr["span"]["end"], "text": "CTR不低于1.5%"}
    assert data["channels"] == ["douyin", "xiaohongshu", "wechat-moments", "offline-popup"]
    assert data["campaign_type"] == "launch"
    assert {c["code"] for c in data["constraints"]} == {"brand_tone", "client_approval", "no_competitor"}
    assert data["stakeholders"][0]["name"] == "王磊" and data["stakeholders"][0]["decision_maker"] is True
    questions = {q["code"]: q["text"] for q in data["open_questions"]}
    assert "kpi_no_deadline" in questions and questions["kpi_no_deadline"].startswith("By when")


def test_open_questions_are_translated() -> None:
    code, out, _err = _run("--lang", "zh", "intake", str(FIXTURES / "14_short.txt"), "--ref-date", "2026-05-11",
                           "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["proposal_due"] == "2026-05-22"
    texts = {q["code"]: q["text"] for q in data["open_questions"]}
    assert texts["budget_missing"].startswith("没有给出预算")
    assert texts["no_decision_maker"].startswith("没有提到客户方对接人")


def test_text_output_lists_facts_and_questions() -> None:
    code, out, _err = _run("--lang", "en", "intake", str(FIXTURES / "02_budget_approx.txt"), "--ref-date", "2026-05-11")
    assert code == 0
    assert "Extracted facts" in out and "两百万左右" in out and "Open questions" in out
    assert "(budget_approximate)" in out and "(roi_definition)" in out


def test_draft_yaml_is_usable_in_a_project_file(tmp_path: Path) -> None:
    out_file = tmp_path / "brief.yaml"
    code, out, _err = _run("--lang", "en", "intake", str(FIXTURES / "24_stage_targets.txt"), "--ref-date",
                           "2026-05-11", "-o", str(out_file))
    assert code == 0 and "Draft brief written to" in out
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Draft brief from")
    assert "# Open questions to ask the client before planning:" in text
    first, second = list(yaml.safe_load_all(text))
    brief = RequirementBrief.model_validate(first["brief"])
    member = next(o for o in brief.objectives if o.kpi and o.kpi.metric == "new_members")
    assert member.kpi and member.kpi.target == 30000 and [s.target for s in member.stage_targets] == [10000]
    assert {q["code"] for q in second["open_questions"]} >= {"no_decision_maker"}
    project = {"id": "demo", "name": "Demo", "client": {"id": "c1", "name": "Client",
                                                           **second["project"].get("client", {})},
               "kickoff": "2026-05-18", "launch": "2026-06-01", "brief": first["brief"],
               **{k: v for k, v in second["project"].items() if k not in ("client", "kickoff", "launch")}}
    project.setdefault("campaign_type", "promotion")
    parsed = parse_project(project)
    assert parsed.channels == ["tmall", "jd", "offline-store"]
    assert parsed.budget.total == 10_000_000


def test_empty_and_binary_files_fail_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run("--lang", "en", "intake", str(empty))
    assert code == 1 and out == ""
    assert "the notes file is empty" in err and str(empty) in err and "Traceback" not in err
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02" + bytes(range(256)))
    code, _out, err = _run("--lang", "zh", "intake", str(binary))
    assert code == 1 and "不是文本文件" in err and str(binary) in err


def test_bad_ref_date_is_a_usage_error() -> None:
    code, _out, err = _run("intake", str(FIXTURES / "01_launch_basic.txt"), "--ref-date", "May 11")
    assert code == 2 and "May 11" in err


def test_installed_command_and_gbk_file() -> None:
    exe = Path(sys.executable).with_name("aeflow")
    proc = subprocess.run([str(exe), "--lang", "en", "intake", str(FIXTURES / "09_gbk.txt"), "--ref-date",
                           "2026-05-11", "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["budget"]["amount"] == 3_000_000 and data["launch_date"] == "2026-07-01"
    assert {s["name"] for s in data["stakeholders"]} == {"刘总", "赵经理"}
