"""The workbook (XLSX): one sheet per template plus budget and KPI dashboard, editable and re-importable.

Sheets: 需求梳理, 提案框架, 执行清单, 风险清单, 复盘, 沟通节奏, 预算, KPI 看板 (names in the chosen
language). Drop-downs for status, owner, likelihood and severity; overdue rows red and at-risk rows
amber (conditional formats, so they follow the dates); frozen headers; native Excel charts. The table
sheets and the hidden meta sheet follow :mod:`aeflow.exporters.xlsx_layout`, which the reader shares.
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from aeflow.domain.plan import Status
from aeflow.domain.project import Project
from aeflow.domain.risk import RiskStatus
from aeflow.exporters import Format, labels
from aeflow.exporters.audience import Audience
from aeflow.exporters.view import DocumentView, Extras, build_view
from aeflow.exporters.xlsx_cells import Formula, money_format, put, save
from aeflow.exporters.xlsx_layout import (
    BUDGET, EXECUTION, FIRST_ROW, HEADER_ROW, KEY_ROW, META_SHEET, RISKS, SPARE_ROWS, TOTAL_ID,
    SheetSpec, normal,
)
from aeflow.exporters.xlsx_sheets import (
    brief_sheet, cadence_sheet, dashboard_sheet, proposal_sheet, retro_sheet, trace_sheet,
)
from aeflow.i18n import N_, _, language

FORMAT = Format("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                N_("Excel workbook: every template as a sheet; edit it and read it back with import-xlsx"))

FONT = "Microsoft YaHei"
HEAD_FILL = PatternFill("solid", fgColor="1F3A5F")
HEAD_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BODY_FONT = Font(name=FONT)
RED_FILL = PatternFill("solid", fgColor="F8D7DA", bgColor="F8D7DA")
AMBER_FILL = PatternFill("solid", fgColor="FCE8C3", bgColor="FCE8C3")
DATE_FORMAT = "yyyy-mm-dd"


def record_value(record: Any, key: str) -> Any:
    if key in ("when", "then"):
        contingency = getattr(record, "contingency", None)
        return getattr(contingency, key) if contingency else ""
    if key == "score":
        return record.score
    return getattr(record, key)


def display(record: Any, key: str, kind: str) -> Any:
    value = record_value(record, key)
    if kind == "status":
        return labels.status(value)
    if kind == "risk_status":
        return labels.risk_status(value)
    if kind == "bool":
        return _("yes") if value else _("no")
    if kind == "list":
        return ", ".join(value)
    if kind == "money":
        return float(value)
    if key == "category":
        return labels.cost(value)
    if key == "channel":
        return labels.channel(value)
    return value


def table_sheet(wb: Workbook, spec: SheetSpec, records: list[Any], v: DocumentView) -> tuple[Worksheet, dict]:
    """Write a table sheet; return it and the exported values of its editable cells by record id."""
    ws = wb.create_sheet(_(spec.title))
    columns = spec.visible(v.internal)
    originals: dict[str, dict[str, str]] = {}
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        ws.cell(KEY_ROW, c, col.key)
        head = ws.cell(HEADER_ROW, c, _(col.header))
        head.fill, head.font = HEAD_FILL, HEAD_FONT
        head.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[letter].width = col.width
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    for r, record in enumerate(records, start=FIRST_ROW):
        originals[record.id] = {}
        for c, col in enumerate(columns, start=1):
            if col.kind == "formula":
                value: Any = Formula(_score_formula(columns, r), record.likelihood * record.severity)
            else:
                value = display(record, col.key, col.kind)
            cell = put(ws, r, c, value)
            cell.font = BODY_FONT
            if col.kind == "date":
                cell.number_format = DATE_FORMAT
            elif col.kind == "money":
                cell.number_format = money_format(v.currency, value)
            elif col.kind == "long":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.editable:
                originals[record.id][col.key] = normal(record_value(record, col.key))
    last = FIRST_ROW + len(records) - 1
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last, HEADER_ROW)}"
    _validations(ws, columns, v, last + SPARE_ROWS)
    return ws, originals


def _score_formula(columns: tuple, row: int) -> str:
    keys = [c.key for c in columns]
    lik = get_column_letter(keys.index("likelihood") + 1)
    sev = get_column_letter(keys.index("severity") + 1)
    return f'=IF(AND(ISNUMBER({lik}{row}),ISNUMBER({sev}{row})),{lik}{row}*{sev}{row},"")'


def _list_ref(column: int, count: int) -> str:
    letter = get_column_letter(column)
    return f"'{META_SHEET}'!${letter}$2:${letter}${count + 1}"


def _validations(ws: Worksheet, columns: tuple, v: DocumentView, end: int) -> None:
    lists = {"status": (1, len(Status)), "risk_status": (2, len(RiskStatus)),
             "owner": (3, max(len(v.project.team), 1))}
    for c, col in enumerate(columns, start=1):
        cells = f"{get_column_letter(c)}{FIRST_ROW}:{get_column_letter(c)}{end}"
        if col.kind in lists:
            if col.kind == "owner" and not v.project.team:
                continue
            dv = DataValidation(type="list", formula1=_list_ref(*lists[col.kind]), allow_blank=True)
            dv.error = _("Choose a value from the list.")
            dv.errorTitle = _(col.header)
        elif col.kind == "score":
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=False)
            dv.error = _("Enter a whole number from 1 to 5.")
            dv.errorTitle = _(col.header)
        elif col.kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
            dv.error = _("Enter a date like 2026-03-01.")
            dv.errorTitle = _(col.header)
        else:
            continue
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(cells)


def _execution_formats(ws: Worksheet, columns: tuple, end: int) -> None:
    keys = [c.key for c in columns]
    due = get_column_letter(keys.index("due") + 1)
    status = get_column_letter(keys.index("status") + 1)
    closed = [labels.status(Status.done), labels.status(Status.cancelled)]
    waiting = [labels.status(Status.blocked), labels.status(Status.waiting_client)]
    r = FIRST_ROW
    open_ = f'AND(${status}{r}<>"{closed[0]}",${status}{r}<>"{closed[1]}")'
    overdue = f'AND({open_},ISNUMBER(${due}{r}),${due}{r}<TODAY())'
    soon = f'AND({open_},OR(${status}{r}="{waiting[0]}",${status}{r}="{waiting[1]}",' \
           f'AND(ISNUMBER(${due}{r}),${due}{r}-TODAY()<=3)))'
    area = f"A{FIRST_ROW}:{get_column_letter(len(columns))}{end}"
    ws.conditional_formatting.add(area, FormulaRule(formula=[overdue], fill=RED_FILL, stopIfTrue=True))
    ws.conditional_formatting.add(area, FormulaRule(formula=[soon], fill=AMBER_FILL))


def _risk_formats(ws: Worksheet, columns: tuple, end: int) -> None:
    keys = [c.key for c in columns]
    score = get_column_letter(keys.index("score") + 1)
    area = f"{score}{FIRST_ROW}:{score}{end}"
    ws.conditional_formatting.add(area, FormulaRule(formula=[f"AND(ISNUMBER({score}{FIRST_ROW}),"
                                                             f"{score}{FIRST_ROW}>=15)"], fill=RED_FILL))
    ws.conditional_formatting.add(area, FormulaRule(formula=[f"AND(ISNUMBER({score}{FIRST_ROW}),"
                                                             f"{score}{FIRST_ROW}>=8)"], fill=AMBER_FILL))


def _budget_extras(ws: Worksheet, columns: tuple, count: int, v: DocumentView) -> None:
    keys = [c.key for c in columns]
    total_row = FIRST_ROW + count
    ws.cell(total_row, 1, TOTAL_ID)
    ws.cell(total_row, 2, _("Total")).font = Font(name=FONT, bold=True)
    for key in ("planned", "committed", "actual"):
        if key in keys:
            col = get_column_letter(keys.index(key) + 1)
            total = sum(float(getattr(line, key)) for line in v.project.budget.lines)
            cell = put(ws, total_row, keys.index(key) + 1,
                       Formula(f"=SUM({col}{FIRST_ROW}:{col}{total_row - 1})", total))
            cell.font, cell.number_format = Font(name=FONT, bold=True), money_format(v.currency, total)
    if not count:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Planned vs actual by line")
    chart.y_axis.title = v.currency
    for key in ("planned", "actual"):
        col = keys.index(key) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=HEADER_ROW, max_row=FIRST_ROW + count - 1),
                       titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=FIRST_ROW, max_row=FIRST_ROW + count - 1))
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"{get_column_letter(len(columns) + 2)}{HEADER_ROW}")


def _meta(wb: Workbook, v: DocumentView, sheets: dict[str, str], originals: dict[str, dict]) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws["A1"], ws["B1"], ws["C1"] = "status", "risk_status", "owner"
    for i, s in enumerate(Status, start=2):
        ws.cell(i, 1, labels.status(s))
    for i, s in enumerate(RiskStatus, start=2):
        ws.cell(i, 2, labels.risk_status(s))
    for i, m in enumerate(v.project.team, start=2):
        ws.cell(i, 3, m.name)
    meta = {"format": "aeflow-workbook", "format_version": 1, "project": v.project.id, "version": v.version,
            "audience": v.audience.value, "exported_on": v.today.isoformat(), "sheets": sheets,
            "originals": originals}
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    ws["E1"] = "meta"
    chunks = [text[i:i + 30000] for i in range(0, len(text), 30000)]  # a cell holds at most 32,767 characters
    for i, chunk in enumerate(chunks, start=2):
        ws.cell(i, 5, chunk)


def render(v: DocumentView) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    p = v.project
    brief_sheet(wb, v)
    proposal_sheet(wb, v)
    sheets: dict[str, str] = {}
    originals: dict[str, dict] = {}
    for spec, records in ((EXECUTION, p.work_items), (RISKS, p.risks), (BUDGET, p.budget.lines)):
        ws, orig = table_sheet(wb, spec, list(records), v)
        sheets[spec.key], originals[spec.key] = ws.title, orig
        columns = spec.visible(v.internal)
        end = FIRST_ROW + len(records) + SPARE_ROWS
        if spec is EXECUTION:
            _execution_formats(ws, columns, end)
        elif spec is RISKS:
            _risk_formats(ws, columns, end)
        else:
            _budget_extras(ws, columns, len(records), v)
    retro_sheet(wb, v)
    cadence_sheet(wb, v)
    dashboard_sheet(wb, v)
    trace_sheet(wb, v)
    order = [_("Requirement brief"), _("Proposal"), _(EXECUTION.title), _(RISKS.title),
             _("Retrospective review"), _("Cadence"), _(BUDGET.title), _("KPI dashboard"), _("Traceability")]
    wb._sheets.sort(key=lambda ws: order.index(ws.title) if ws.title in order else len(order))
    _meta(wb, v, sheets, originals)
    wb.properties.title = p.name
    wb.properties.creator = "aeflow"
    return save(wb)


def export(project: Project, audience: Audience, lang: str, extras: Extras) -> bytes:
    with language(lang):
        return render(build_view(project, audience, extras))

