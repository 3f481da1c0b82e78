"""The trace matrix (需求 → 执行 → 效果) and level-3 readiness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.domain.validation import parse_project
from aeflow.engines.review.readiness import readiness
from aeflow.engines.review.trace import trace
from aeflow.storage.yamlfile import read_yaml

HERE = Path(__file__).parent
TODAY = dt.date(2026, 8, 3)


def clean() -> dict:
    return read_yaml((HERE / "clean-l3.yaml").read_text(encoding="utf-8"))[0]


def test_clean_project_has_an_unbroken_chain() -> None:
    t = trace(parse_project(clean()), today=TODAY)
    assert t.broken_count == 0
    o1 = t.rows[0]
    assert (o1.objective, o1.work_items, o1.budget_lines) == ("O1", ["W1", "W2"], ["B1"])
    assert o1.risks == ["R1"]


def test_every_deliberate_break_is_shown() -> None:
    d = clean()
    for w in d["work_items"]:
        if w.get("objective") == "O2":
            w.pop("objective")          # KPI with no work, and work with no objective
    d["budget"]["lines"][1].pop("objective")
    d["budget"]["lines"][1]["channel"] = "weibo"  # spend with no KPI, KPI O2 with no budget
    d["proposal"]["strategy_map"][1]["channel"] = "bilibili"
    d["risks"] = [r for r in d["risks"] if r["id"] != "R2"]
    d["brief"]["objectives"][1]["kpi"]["channel"] = "wechat"  # nothing watches O2 any more
    d["retrospective"] = {"metrics": [{"metric": "impressions", "objective": "O1", "target": 50000000,
                                       "actual": 61000000, "unit": "次"},
                                      {"metric": "followers", "actual": 3000, "unit": "人"}]}
    after = dt.date(2026, 11, 20)
    t = trace(parse_project(d), today=after, actuals={"O1": 61000000})
    by_id = {r.objective: r for r in t.rows}
    assert by_id["O1"].broken == []
    assert by_id["O1"].result == 61000000
    assert set(by_id["O2"].broken) == {"no_work", "no_budget", "no_risk", "no_actuals", "no_result"}
    assert ("spend_without_kpi", "budget.lines[1]") in t.orphans
    assert ("work_without_objective", "work_items[2]") in t.orphans
    assert ("result_without_target", "retrospective.metrics[1]") in t.orphans


def test_trace_cli_json() -> None:
    res = CliRunner().invoke(app, ["trace", str(HERE / "clean-l3.yaml"), "--today", "2026-08-03",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["broken_count"] == 0 and [r["objective"] for r in out["rows"]] == ["O1", "O2"]


def test_readiness_scores_practices_and_names_the_gaps() -> None:
    l3 = readiness(parse_project(clean()), has_data=True)
    d = clean()
    d["level"] = 1
    for key in ("personas", "purchase_path", "competitors"):
        d["insight"].pop(key)
    d["proposal"]["budget"].pop("roi")
    d["proposal"]["budget"].pop("roas")
    l1 = readiness(parse_project(d))
    assert l1.score < l3.score
    gaps = {g.id: g for g in l1.gaps}
    assert {"insight", "roi", "dashboard", "retrospective"} <= set(gaps)
    assert gaps["insight"].section == "insight.personas" and gaps["insight"].tip
    assert "insight" not in {g.id for g in l3.gaps}


def test_readiness_cli_in_chinese() -> None:
    res = CliRunner().invoke(app, ["--lang", "zh", "readiness", str(HERE / "clean-l3.yaml")])
    assert res.exit_code == 0, res.output
    assert "三级就绪度" in res.stdout and "受众洞察" in res.stdout
