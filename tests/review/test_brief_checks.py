"""What a new user trips over: a fresh project missing whole sections, a misspelt channel, a rate typed
as a percent, readiness advice that contradicts the project, role codes in Chinese sentences.

Each test runs the real CLI or engine on real files (the demo's project files, ``aeflow init``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.config import Settings
from aeflow.domain.validation import parse_project
from aeflow.engines.review.readiness import readiness
from aeflow.engines.review.registry import ReviewContext, lint
from aeflow.i18n import language
from aeflow.services.review import known_channels
from aeflow.storage.yamlfile import dump_project, read_yaml

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
L1 = ROOT / "examples" / "launch-l1.yaml"
SNAPSHOT = "2026-11-20"  # the demo files' snapshot date

runner = CliRunner()


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"AEFLOW_DATA_DIR": str(tmp_path / "data")}


def lint_json(file: Path, env: dict[str, str], *, today: str = SNAPSHOT, lang: str = "en") -> list[dict[str, Any]]:
    res = runner.invoke(app, ["--lang", lang, "lint", str(file), "--today", today, "--format", "json"], env=env)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def l1_data() -> dict[str, Any]:
    return read_yaml(L1.read_text(encoding="utf-8"))[0]


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(dump_project(parse_project(data)), encoding="utf-8")
    return path


def test_the_demo_files_are_clean(env: dict[str, str]) -> None:
    assert lint_json(L1, env) == []


def test_a_fresh_project_gets_one_finding_per_missing_section(tmp_path: Path, env: dict[str, str]) -> None:
    file = tmp_path / "new.yaml"
    res = runner.invoke(app, ["init", str(file), "--kickoff", "2026-03-02", "--launch", "2026-05-04"], env=env)
    assert res.exit_code == 0, res.output
    findings = lint_json(file, env, today="2026-03-02")
    rules = [f["rule"] for f in findings]
    assert len(rules) == len(set(rules)), rules  # no flood: each missing section once
    by_rule = {f["rule"]: f for f in findings}
    expected = {
        "AE105": "brief.objectives",  # objectives with KPIs
        "AE707": "budget.total",  # budget
        "AE307": "team",  # team / owner
        "AE309": "flight_end",  # dates
        "AE201": "brief.out_of_scope", "AE202": "brief.acceptance_points", "AE401": "cadence",
    }
    assert {r: by_rule[r]["path"] for r in expected if r in by_rule} == expected
    assert by_rule["AE105"]["severity"] == "error" and by_rule["AE707"]["severity"] == "error"
    zh = {f["rule"]: f["message"] for f in lint_json(file, env, today="2026-03-02", lang="zh")}
    assert zh["AE105"] == "需求梳理中没有目标" and zh["AE307"] == "项目没有团队成员"


def test_a_team_without_an_account_executive_is_named_in_chinese() -> None:
    data = l1_data()
    for member in data["team"]:
        if member["role"] == "ae":
            member["role"] = "copy"
    with language("zh"):
        hits = [f for f in lint(parse_project(data), ReviewContext(today=dt.date(2026, 11, 20))) if f.rule == "AE308"]
    assert [h.message for h in hits] == ["团队中没有客户执行"]


def test_a_misspelt_channel_gets_the_id_it_probably_means(tmp_path: Path, env: dict[str, str]) -> None:
    data = l1_data()
    data["channels"][0] = "douyinn"
    data["budget"]["lines"][0]["channel"] = "小红书"  # a Chinese name where the id belongs
    data["risks"][0]["channel"] = "zhihu"  # a channel no playbook knows
    file = write(data, tmp_path / "t.yaml")
    findings = lint_json(file, env)
    got = {(f["rule"], f["path"]) for f in findings if f["rule"] in ("AE901", "AE902")}
    assert got == {("AE901", "channels[0]"), ("AE901", "budget.lines[0].channel"),
                   ("AE902", "risks[0].channel")}
    messages = {f["path"]: f["message"] for f in findings}
    assert messages["channels[0]"] == "channel douyinn is not a known channel — did you mean douyin?"
    assert "xiaohongshu" in messages["budget.lines[0].channel"]
    zh = {f["path"]: f["message"] for f in lint_json(file, env, lang="zh")}
    assert zh["channels[0]"] == "渠道 douyinn 不是已知渠道——是不是 douyin？"

    # the agency adds the channel to its own library: no longer unknown
    playbooks = Path(env["AEFLOW_DATA_DIR"]) / "playbooks"
    playbooks.mkdir(parents=True)
    (playbooks / "agency.yaml").write_text(
        "kind: library\nchannels:\n  - {id: zhihu, title: {zh: 知乎, en: Zhihu}, aliases: [知乎]}\n", encoding="utf-8")
    assert not [f for f in lint_json(file, env) if f["rule"] == "AE902"]


def test_known_channels_come_from_the_playbook_library() -> None:
    channels = known_channels(Settings.from_env({"AEFLOW_DATA_DIR": "/nonexistent-aeflow-test"}))
    assert channels is not None
    assert {"douyin", "xiaohongshu", "wechat", "tmall", "offline", "kol", "weibo"} <= set(channels)
    assert "抖音" in channels["douyin"]


def test_a_rate_typed_as_a_percent_is_an_error(tmp_path: Path, env: dict[str, str]) -> None:
    data = l1_data()
    ctr = next(o for o in data["brief"]["objectives"] if o.get("kpi", {}).get("metric") == "ctr")
    index = data["brief"]["objectives"].index(ctr)
    ctr["kpi"]["target"] = 1.5  # meant 1.5%, reads as 150%
    file = write(data, tmp_path / "t.yaml")
    hits = [f for f in lint_json(file, env) if f["rule"] == "AE106"]
    assert [h["path"] for h in hits] == [f"brief.objectives[{index}].kpi.target"]
    assert "is 1.5, i.e. 150%" in hits[0]["message"] and "1.5% is 0.015" in hits[0]["message"]
    assert hits[0]["severity"] == "error" and "0.015 means 1.5%" in hits[0]["explanation"]
    zh = [f for f in lint_json(file, env, lang="zh") if f["rule"] == "AE106"]
    assert "即 150%" in zh[0]["message"] and "1.5% 应写作 0.015" in zh[0]["message"]

    ctr["kpi"]["target"] = 0.015  # the convention: a fraction with unit %
    assert not [f for f in lint_json(write(data, tmp_path / "ok.yaml"), env) if f["rule"] == "AE106"]


def test_a_count_metric_may_be_large() -> None:
    data = l1_data()
    findings = lint(parse_project(data), ReviewContext(today=dt.date(2026, 11, 20)))
    assert not [f for f in findings if f.rule == "AE106"]  # impressions 1e8, attendance … are not rates


def test_readiness_advice_names_only_what_the_cadence_lacks() -> None:
    data = read_yaml((HERE / "clean-l3.yaml").read_text(encoding="utf-8"))[0]
    data["team"] = [m for m in data["team"] if m["role"] not in ("legal", "data")]
    project = parse_project(data)
    assert any(c.includes_client for c in project.cadence)
    with language("zh"):
        cadence = next(p for p in readiness(project).practices if p.id == "cadence")
    assert not cadence.met
    assert "客户参加例会：是" in cadence.reason
    assert "客户" not in cadence.tip  # the client already sits in the weekly meeting
    assert "公关、法务和数据分析" in cadence.tip
    with language("en"):
        cadence = next(p for p in readiness(project).practices if p.id == "cadence")
    assert "client" not in cadence.tip.lower() and "PR, Legal and Data analysis" in cadence.tip


def test_readiness_names_governance_teams_by_their_labels() -> None:
    project = parse_project(read_yaml((HERE / "clean-l3.yaml").read_text(encoding="utf-8"))[0])
    with language("zh"):
        cadence = next(p for p in readiness(project).practices if p.id == "cadence")
    assert cadence.met and "法务和数据分析" in cadence.reason and "legal" not in cadence.reason


def test_lint_sentences_carry_no_codes_in_chinese() -> None:
    data = read_yaml((HERE / "clean-l3.yaml").read_text(encoding="utf-8"))[0]
    data["team"].append({"name": "周公", "role": "pr"})
    data["commitments"][0]["owner"] = ""
    data["commitments"][0].pop("due")
    with language("zh"):
        found = {f.rule: f.message for f in lint(parse_project(data), ReviewContext(today=dt.date(2026, 8, 3)))}
    assert found["AE604"] == "风险地图没有覆盖公关团队"
    assert found["AE501"].endswith("缺少：负责人和截止日期")
