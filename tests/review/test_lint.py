"""The pitfall checker: for every rule a project that triggers it and one that does not."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.domain.lintconfig import LintConfig, Severity
from aeflow.domain.validation import parse_project
from aeflow.engines.review.registry import ReviewContext, ScheduleFacts, all_rules, lint
from aeflow.i18n import language
from aeflow.storage.yamlfile import read_yaml

HERE = Path(__file__).parent
CLEAN = HERE / "clean-l3.yaml"
TODAY = dt.date(2026, 8, 3)
AFTER_FLIGHT = dt.date(2026, 11, 20)

Data = dict[str, Any]


def clean_data() -> Data:
    data, _lines = read_yaml(CLEAN.read_text(encoding="utf-8"))
    return data


def set_(path: str, value: Any) -> Callable[[Data], None]:
    def apply(d: Data) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return apply


DELETE = object()


def both(*fns: Callable[[Data], None]) -> Callable[[Data], None]:
    def apply(d: Data) -> None:
        for f in fns:
            f(d)
    return apply


def no_objectives(d: Data) -> None:
    """The brief without objectives, and nothing left that refers to one."""
    d["brief"]["objectives"] = []
    d["proposal"]["objectives"] = []
    for record in d["proposal"]["strategy_map"]:
        record["objectives"] = []
    for record in d["work_items"] + d["budget"]["lines"] + d.get("retrospective", {}).get("metrics", []):
        record.pop("objective", None)


# rule id → (mutation that makes the clean project trigger it, expected path, today, schedule facts)
CASES: dict[str, tuple[Callable[[Data], None], str, dt.date, ScheduleFacts | None]] = {
    "AE101": (set_("brief.objectives.1.kpi", DELETE), "brief.objectives[1]", TODAY, None),
    "AE102": (set_("brief.objectives.0.kpi.deadline", DELETE), "brief.objectives[0].kpi", TODAY, None),
    "AE103": (set_("brief.objectives.0.kpi.baseline", DELETE), "brief.objectives[0].kpi.baseline", TODAY, None),
    "AE105": (lambda d: no_objectives(d), "brief.objectives", TODAY, None),
    "AE106": (set_("risks.0.trigger.threshold", 1.5), "risks[0].trigger.threshold", TODAY, None),
    "AE104": (both(set_("brief.objectives.1.title", "提升品牌影响力"), set_("brief.objectives.1.kpi.target", DELETE),
                   set_("brief.objectives.1.kpi.unit", "")), "brief.objectives[1]", TODAY, None),
    "AE201": (set_("brief.out_of_scope", []), "brief.out_of_scope", TODAY, None),
    "AE202": (set_("brief.acceptance_points", DELETE), "brief.acceptance_points", TODAY, None),
    "AE203": (set_("decisions.0.client_confirmed", False), "decisions[0]", TODAY, None),
    "AE301": (set_("work_items.1.owner", DELETE), "work_items[1].owner", TODAY, None),
    "AE302": (set_("work_items.2.due", DELETE), "work_items[2].due", TODAY, None),
    "AE303": (set_("work_items.2.acceptance_criteria", ""), "work_items[2].acceptance_criteria", TODAY, None),
    "AE304": (set_("work_items.2.estimated_hours", DELETE), "work_items[2].estimated_hours", TODAY, None),
    "AE305": (lambda d: None, "work_items", TODAY, ScheduleFacts(feasible=False, late_by_days=3, chain=("W1", "W2"))),
    "AE306": (lambda d: None, "team", TODAY, ScheduleFacts(overallocated=(("李想", "2026-W33", 52.0, 40.0),))),
    "AE307": (both(set_("team", []), set_("work_items", []), set_("risks.0.contact", "赵琳")), "team", TODAY, None),
    "AE308": (set_("team.0.role", "copy"), "team", TODAY, None),
    "AE309": (set_("flight_end", DELETE), "flight_end", TODAY, None),
    "AE401": (both(set_("cadence", []), set_("brief.hidden_goals", ["x"])), "cadence", TODAY, None),
    "AE402": (set_("cadence.0.includes_client", False), "cadence", TODAY, None),
    "AE403": (set_("work_items.0.actual_finish", DELETE), "work_items[0].status", TODAY, None),
    "AE404": (both(set_("work_items.2.start", "2026-07-27"), set_("work_items.2.due", "2026-07-31")),
              "work_items[2].status", TODAY, None),
    "AE501": (set_("commitments.0.owner", ""), "commitments[0]", TODAY, None),
    "AE502": (set_("commitments.0.due", "2026-07-31"), "commitments[0].status", TODAY, None),
    "AE601": (set_("risks.1.contact", ""), "risks[1]", TODAY, None),
    "AE602": (set_("risks.0.trigger", DELETE), "risks[0]", TODAY, None),
    "AE603": (set_("channels", ["douyin", "xiaohongshu", "tmall"]), "risks", TODAY, None),
    "AE604": (both(set_("risks.2.team", ""), set_("risks.2.category", "schedule")), "risks", TODAY, None),
    "AE701": (set_("budget.lines.1.planned", 300000), "budget.lines", TODAY, None),
    "AE702": (set_("budget.lines.0.committed", 700000), "budget.lines[0].committed", TODAY, None),
    "AE703": (both(set_("proposal.budget.roi", DELETE), set_("proposal.budget.roas", DELETE)), "proposal.budget",
              TODAY, None),
    "AE704": (both(set_("budget.lines.1.objective", DELETE), set_("proposal.strategy_map.1.channel", "weibo"),
                   set_("brief.objectives.1.kpi.channel", "")), "budget.lines[1]", TODAY, None),
    "AE705": (both(set_("budget.lines.1.objective", DELETE), set_("proposal.strategy_map.1.objectives", []),
                   set_("brief.objectives.1.kpi.channel", "")), "brief.objectives[1]", TODAY, None),
    "AE706": (lambda d: None, "budget.agency_fee", TODAY, None),
    "AE707": (both(set_("budget", {}), set_("proposal.budget.total", DELETE)), "budget.total", TODAY, None),
    "AE901": (set_("channels.0", "douyinn"), "channels[0]", TODAY, None),
    "AE902": (set_("proposal.strategy_map.1.channel", "zhihu-ads"), "proposal.strategy_map[1].channel", TODAY, None),
    "AE801": (lambda d: None, "retrospective", AFTER_FLIGHT, None),
    "AE802": (set_("client.relationship_notes", ""), "retrospective.long_term_value", TODAY, None),
}

#: rules whose clean case needs a later "today" — they are checked clean at TODAY, which is enough
#: except for AE801, whose clean twin is the project with a retrospective after the flight.
CLEAN_TWIN: dict[str, Callable[[Data], None]] = {
    "AE801": set_("retrospective", {"metrics": [{"metric": "impressions", "objective": "O1", "target": 50000000,
                                                 "actual": 61000000, "unit": "次"}],
                                    "next_iteration": ["双11 复用高表现素材"]}),
}


def labour_alerts(data: Data) -> tuple[tuple[str, str], ...]:
    from aeflow.services.review import labour_alerts as real

    return real(parse_project(data))


def findings(data: Data, today: dt.date, schedule: ScheduleFacts | None = None, config: LintConfig | None = None):
    from aeflow.services.review import known_channels

    return lint(parse_project(data), ReviewContext(today=today, schedule=schedule, labour_alerts=labour_alerts(data),
                                                   channels=known_channels()), config)


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == [r.id for r in all_rules()]


def test_clean_project_has_no_findings() -> None:
    assert findings(clean_data(), TODAY, ScheduleFacts()) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers_and_its_clean_twin_does_not(rule_id: str) -> None:
    mutate, path, today, schedule = CASES[rule_id]
    broken = clean_data()
    mutate(broken)
    if rule_id == "AE706":  # the fee is far below what the logged hours cost at the shipped rate card
        broken["budget"]["agency_fee"] = 1000
        broken["work_items"][0]["logged_hours"] = 40
    hits = [f for f in findings(broken, today, schedule) if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire"
    assert hits[0].path == path
    assert hits[0].message and hits[0].explanation

    twin = clean_data()
    if rule_id in CLEAN_TWIN:
        CLEAN_TWIN[rule_id](twin)
    assert not [f for f in findings(twin, today, ScheduleFacts()) if f.rule == rule_id]


def test_level3_rules_do_not_apply_to_level1() -> None:
    data = clean_data()
    data["level"] = 1
    data["brief"]["objectives"][0]["kpi"].pop("baseline")
    assert not [f for f in findings(data, TODAY) if f.rule == "AE103"]


def test_config_disables_and_regrades_rules() -> None:
    data = clean_data()
    data["brief"]["out_of_scope"] = []
    data["work_items"][2].pop("estimated_hours")
    assert {f.rule for f in findings(data, TODAY)} == {"AE201", "AE304"}
    cfg = LintConfig(disable=["AE201"], severity={"AE304": Severity.error})
    result = findings(data, TODAY, config=cfg)
    assert [(f.rule, f.severity) for f in result] == [("AE304", Severity.error)]
    data["lint"] = {"disable": ["AE304"]}  # the project's own settings stack on the agency's
    assert findings(data, TODAY, config=cfg) == []


def test_messages_in_both_languages() -> None:
    data = clean_data()
    data["brief"]["out_of_scope"] = []
    with language("zh"):
        zh = findings(data, TODAY)[0]
    with language("en"):
        en = findings(data, TODAY)[0]
    assert en.message == "the brief has no out-of-scope list"
    assert zh.message != en.message and "范围" in zh.message


def test_cli_json_contract_and_exit_code(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["lint", str(CLEAN), "--today", "2026-08-03", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == []

    data = clean_data()
    data["brief"]["out_of_scope"] = []
    data["work_items"][2].pop("estimated_hours")
    from aeflow.storage.yamlfile import dump_project

    bad = tmp_path / "bad.yaml"
    bad.write_text(dump_project(parse_project(copy.deepcopy(data))), encoding="utf-8")
    res = runner.invoke(app, ["--lang", "en", "lint", str(bad), "--today", "2026-08-03", "--format", "json"])
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert {(f["rule"], f["severity"], f["path"]) for f in out} == {
        ("AE201", "error", "brief.out_of_scope"), ("AE304", "warning", "work_items[2].estimated_hours")}
    assert all(set(f) >= {"rule", "severity", "message", "path"} for f in out)

    cfg = tmp_path / "lint.yaml"
    cfg.write_text("disable: [AE201]\n", encoding="utf-8")
    res = runner.invoke(app, ["lint", str(bad), "--today", "2026-08-03", "--config", str(cfg)])
    assert res.exit_code == 0  # only a warning left

    cfg.write_text("disable: AE201\n", encoding="utf-8")
    res = runner.invoke(app, ["--lang", "en", "lint", str(bad), "--config", str(cfg)])
    assert res.exit_code == 1 and "lint.yaml:1" in res.stderr


def test_lint_asks_the_real_planner_whether_the_launch_holds() -> None:
    from aeflow.config import Settings
    from aeflow.services.review import lint_project

    settings = Settings.from_env({"AEFLOW_DATA_DIR": "/nonexistent-aeflow-test"})
    d = clean_data()
    assert not [f for f in lint_project(parse_project(d), today=TODAY, settings=settings) if f.rule == "AE305"]
    d["work_items"][1].update(start="2026-08-10", due="2026-09-25")
    d["work_items"][2].update(start="2026-09-21", due="2026-09-28", depends_on=["W2"])
    late = [f for f in lint_project(parse_project(d), today=TODAY, settings=settings) if f.rule == "AE305"]
    assert late and late[0].severity == Severity.error
