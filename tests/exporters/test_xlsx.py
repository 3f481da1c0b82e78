"""The workbook: re-opened with openpyxl — sheets per language, cells, drop-downs, formats, charts."""

from __future__ import annotations

import io

import openpyxl

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras

ZH_SHEETS = ["需求梳理", "提案框架", "执行清单", "风险清单", "复盘", "沟通节奏", "预算", "KPI看板", "链路追踪"]


def workbook(project: Project, extras: Extras, lang: str = "zh", audience: str = "internal") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(get("xlsx").export(project, Audience(audience), lang, extras)))


def test_every_case_has_one_sheet_per_template(case: Project, extras: Extras) -> None:
    wb = workbook(case, extras)
    assert wb.sheetnames[:-1] == ZH_SHEETS
    assert wb["aeflow"].sheet_state == "hidden"
    ws = wb["执行清单"]
    ids = [ws.cell(r, 1).value for r in range(3, 3 + len(case.work_items))]
    assert ids == [w.id for w in case.work_items]
    assert [ws.cell(r, 3).value for r in range(3, 3 + len(case.work_items))] == [w.title for w in case.work_items]


def test_english_sheet_names(l3: Project, extras: Extras) -> None:
    assert workbook(l3, extras, "en").sheetnames[:-1] == [
        "Requirement brief", "Proposal", "Execution checklist", "Risk register", "Retrospective review", "Cadence",
        "Budget", "KPI dashboard", "Traceability"]


def test_execution_sheet_cells_validation_and_formats(l3: Project, extras: Extras) -> None:
    ws = workbook(l3, extras)["执行清单"]
    headers = [c.value for c in ws[2]]
    assert headers[:8] == ["编号", "里程碑", "工作项", "交付物", "负责人", "开始日期", "完成日期", "状态"]
    assert ws.column_dimensions["A"].hidden and ws.row_dimensions[1].hidden
    assert ws.freeze_panes == "B3"
    row = {c.value: ws.cell(7, i + 1).value for i, c in enumerate(ws[1])}  # W5
    assert row["id"] == "W5" and row["status"] == "进行中" and row["owner"] == "张伟"
    assert row["due"].date().isoformat() == "2026-08-12"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    assert set(lists) == {"E", "H"}  # owner and status drop-downs
    meta = ws.parent["aeflow"]
    assert [meta.cell(r, 3).value for r in range(2, 2 + len(l3.team))] == [m.name for m in l3.team]
    assert [meta.cell(r, 1).value for r in range(2, 8)] == ["计划中", "进行中", "待客户反馈", "受阻", "已完成", "已取消"]
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert len(rules) == 2
    assert "TODAY()" in rules[0].formula[0] and rules[0].dxf.fill.fgColor.rgb.endswith("F8D7DA")  # overdue: red
    assert "待客户反馈" in rules[1].formula[0]  # at risk: amber


def test_risk_sheet_scores_and_dropdowns(l3: Project, extras: Extras) -> None:
    ws = workbook(l3, extras)["风险清单"]
    keys = [c.value for c in ws[1]]
    assert keys[:5] == ["id", "description", "likelihood", "severity", "score"]
    assert ws["C3"].value == 4 and ws["D3"].value == 3 and ws["E3"].value.startswith("=IF(")
    kinds = sorted(dv.type for dv in ws.data_validations.dataValidation)
    assert kinds.count("whole") == 2 and kinds.count("list") == 2  # likelihood, severity; owner, status


def test_budget_sheet_totals_chart_and_client_columns(l3: Project, extras: Extras) -> None:
    ws = workbook(l3, extras)["预算"]
    assert [c.value for c in ws[1]] == ["id", "channel", "category", "vendor", "planned", "committed", "actual",
                                        "notes"]
    assert ws["E3"].value == 900000 and ws["A9"].value == "#total" and ws["E9"].value == "=SUM(E3:E8)"
    assert len(ws._charts) == 1
    client = workbook(l3, extras, audience="client")["预算"]
    assert [c.value for c in client[1]] == ["id", "channel", "category", "planned", "actual"]
    assert [client.cell(r, 1).value for r in range(3, 7)] == ["B1", "B2", "B3", "B4"]


def test_dashboard_has_native_charts_and_attainment_formulas(l3: Project, extras: Extras) -> None:
    ws = workbook(l3, extras)["KPI看板"]
    assert len(ws._charts) == 2
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "上市期全渠道曝光" in cells
    row = cells["上市期全渠道曝光"].row
    assert ws.cell(row, 3).value == 80000000 and ws.cell(row, 4).value == 26000000
    assert ws.cell(row, 5).value == f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row}),C{row}<>0),D{row}/C{row},"")'


def test_bare_project_says_not_yet_planned(bare: Project, extras: Extras) -> None:
    wb = workbook(bare, extras)
    texts = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert "策略地图尚未规划" in texts and "沟通节奏尚未约定" in texts and "目标尚未设定" in texts
