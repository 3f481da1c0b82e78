"""Every formula in the workbook carries its result, so readers that do not calculate (openpyxl with
data_only, pandas, the WeChat/DingTalk file preview) show the numbers Excel would; rates read as
percentages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras


def _books(project: Project, extras: Extras, audience: str = "internal"
           ) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    data = get("xlsx").export(project, Audience(audience), "zh", extras)
    return openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True)


def _rows_by_first_cell(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None}


@pytest.mark.parametrize("audience", ["internal", "client"])
def test_every_formula_cell_has_a_cached_result(case: Project, extras: Extras, audience: str) -> None:
    formulas, values = _books(case, extras, audience)
    blank = []
    count = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    count += 1
                    if values[ws.title][cell.coordinate].value in (None, ""):
                        blank.append(f"{ws.title}!{cell.coordinate}")
    assert count > 0
    # only the attainment of a KPI without an actual (column D empty) is rightly empty
    dash = values["KPI看板"]
    assert all(ref.startswith("KPI看板!E") and dash[f"D{ref[len('KPI看板!E'):]}"].value is None for ref in blank), blank


def test_budget_totals_risk_scores_and_attainment_equal_what_excel_computes(l3: Project, extras: Extras) -> None:
    _formulas, values = _books(l3, extras)
    budget = values["预算"]
    keys = [c.value for c in budget[1]]
    total_row = _rows_by_first_cell(budget)["#total"]
    for key in ("planned", "committed", "actual"):
        cached = budget.cell(total_row, keys.index(key) + 1).value
        assert cached == pytest.approx(sum(float(getattr(line, key)) for line in l3.budget.lines))
    assert budget.cell(total_row, keys.index("planned") + 1).value == pytest.approx(900_000 + 600_000 + 400_000 + 500_000 + 287_500 + 123_400)

    risks = values["风险清单"]
    keys = [c.value for c in risks[1]]
    rows = _rows_by_first_cell(risks)
    for r in l3.risks:
        assert risks.cell(rows[r.id], keys.index("score") + 1).value == r.likelihood * r.severity

    dash = values["KPI看板"]
    by_objective = {dash.cell(r, 1).value: r for r in range(1, dash.max_row + 1)}
    impressions = dash.cell(by_objective["上市期全渠道曝光"], 5).value  # 26,000,000 of 80,000,000
    assert impressions == pytest.approx(26_000_000 / 80_000_000)
    attendance = dash.cell(by_objective["快闪店到场人数"], 5).value
    assert attendance == pytest.approx(4100 / 12000)

    retro = values["复盘"]
    header = next(r for r in range(1, retro.max_row + 1) if retro.cell(r, 5).value == "差异")
    assert retro.cell(header + 1, 5).value == pytest.approx(26_000_000 - 80_000_000)
    assert retro.cell(header + 2, 5).value == pytest.approx(4100 - 12000)


def test_lower_is_better_attainment_is_target_over_actual(l3: Project, extras: Extras) -> None:
    data = l3.model_dump(mode="python")
    data["retrospective"]["metrics"].append({"metric": "cpa", "objective": "O4", "target": 35, "actual": 40,
                                             "unit": "元", "comparison": "<="})
    project = Project.model_validate(data)
    _formulas, values = _books(project, extras)
    dash = values["KPI看板"]
    row = next(r for r in range(1, dash.max_row + 1) if dash.cell(r, 1).value == "首购转化成本")
    assert dash.cell(row, 5).value == pytest.approx(35 / 40)


def test_rates_are_formatted_as_percentages(l3: Project, extras: Extras) -> None:
    data = l3.model_dump(mode="python")
    data["retrospective"]["metrics"].append({"metric": "ctr", "objective": "O2", "channel": "小红书",
                                             "target": 0.02, "actual": 0.015, "unit": "%"})
    project = Project.model_validate(data)
    formulas, values = _books(project, extras)
    dash = formulas["KPI看板"]
    row = next(r for r in range(1, dash.max_row + 1) if dash.cell(r, 1).value == "种草内容点击率")
    assert dash.cell(row, 3).value == pytest.approx(0.02)
    assert "%" in dash.cell(row, 3).number_format and "%" in dash.cell(row, 4).number_format
    impressions = next(r for r in range(1, dash.max_row + 1) if dash.cell(r, 1).value == "上市期全渠道曝光")
    assert "%" not in dash.cell(impressions, 3).number_format
    retro = formulas["复盘"]
    ctr = next(r for r in range(1, retro.max_row + 1) if retro.cell(r, 1).value == "点击率")
    assert all("%" in retro.cell(ctr, c).number_format for c in (3, 4, 5))
    assert values["复盘"].cell(ctr, 5).value == pytest.approx(0.015 - 0.02)
    assert "%" not in retro.cell(ctr - 2, 3).number_format  # impressions stay counts
