"""The workbook's read-only sheets: brief, proposal, retrospective, cadence and the KPI dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from aeflow import formatting as fmt
from aeflow.engines.monitoring.retro import differs
from aeflow.exporters import labels
from aeflow.exporters import text as t
from aeflow.exporters.view import DocumentView
from aeflow.exporters.xlsx_cells import Formula, Number, difference, money_format, number_format, put, quotient
from aeflow.i18n import _

FONT = "Microsoft YaHei"
HEAD_FILL = PatternFill("solid", fgColor="1F3A5F")
SECTION_FILL = PatternFill("solid", fgColor="E3E8EF")
HEAD_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BOLD = Font(name=FONT, bold=True)
BODY = Font(name=FONT)
NOTE = Font(name=FONT, italic=True, color="8A94A6")


class Writer:
    """Writes rows top to bottom: titled sections, key–value lines and small tables."""

    def __init__(self, ws: Worksheet, widths: Sequence[float]) -> None:
        self.ws = ws
        self.row = 1
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def title(self, text: str) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font = Font(name=FONT, bold=True, size=14)
        self.row += 2

    def section(self, text: str) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font, cell.fill = BOLD, SECTION_FILL
        self.row += 1

    def pair(self, label: str, value: Any) -> None:
        self.ws.cell(self.row, 1, label).font = BOLD
        cell = put(self.ws, self.row, 2, value if value not in (None, "") else "—")
        cell.font, cell.alignment = BODY, Alignment(wrap_text=True, vertical="top")
        lines = str(value).count("\n") + 1 if isinstance(value, str) and value else 1
        if lines > 1:
            self.ws.row_dimensions[self.row].height = 16 * lines
        self.row += 1

    def items(self, label: str, values: Sequence[str]) -> None:
        if values:
            self.pair(label, "\n".join(f"• {v}" for v in values))

    def note(self, text: str) -> None:
        self.ws.cell(self.row, 1, text).font = NOTE
        self.row += 2

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: dict[int, str] | None = None
              ) -> tuple[int, int]:
        """Write a table; return its first and last data row."""
        for c, head in enumerate(headers, start=1):
            cell = self.ws.cell(self.row, c, head)
            cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        first = self.row + 1
        for r, row in enumerate(rows, start=first):
            for c, value in enumerate(row, start=1):
                cell = put(self.ws, r, c, value)
                cell.font = BODY
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if formats and c in formats and not isinstance(value, Number):
                    cell.number_format = formats[c]
        self.row = first + len(rows) + 1
        return first, first + len(rows) - 1


def brief_sheet(wb: Workbook, v: DocumentView) -> None:
    p, b = v.project, v.project.brief
    w = Writer(wb.create_sheet(_("Requirement brief")), [22, 60, 16, 14, 14, 14])
    w.title(f"{p.name} · {p.client.name}")
    w.pair(_("Client background"), p.client.background)
    w.pair(_("Background"), b.background)
    w.items(_("Core pain points"), b.pain_points)
    w.items(_("Constraints"), b.constraints)
    w.items(_("Scoring criteria"), b.scoring_criteria)
    w.items(_("Acceptance points"), b.acceptance_points)
    w.items(_("In scope"), b.in_scope)
    w.items(_("Out of scope"), b.out_of_scope)
    if v.l3:
        for label, values in ((_("Hidden goals"), b.hidden_goals), (_("Benefit points"), b.benefit_points),
                              (_("Risk points"), b.risk_points), (_("Alternatives"), b.alternatives)):
            w.items(label, values)
    w.row += 1
    w.section(_("Short quantified targets"))
    if not v.has("objectives"):
        return w.note(t.not_planned("objectives"))
    w.table([_("Objective"), _("Metric"), _("Target"), _("Deadline"), _("Stage targets")],
            [(f"{k.objective_id} {k.objective}", t.kpi_metric(k.kpi), t.kpi_target(k.kpi),
              t.date(k.kpi.deadline if k.kpi else None),
              "；".join(f"{t.date(s.date)}: {fmt.kpi_value(s.target, k.kpi.unit if k.kpi else '')}"
                       for s in p.objective(k.objective_id).stage_targets))
             for k in v.kpis])


def proposal_sheet(wb: Workbook, v: DocumentView) -> None:
    pr = v.project.proposal
    w = Writer(wb.create_sheet(_("Proposal")), [18, 18, 30, 22, 16])
    w.title(t.title("cover"))
    w.pair(t.title("problem"), pr.problem_statement)
    w.pair(_("Creative direction"), pr.creative_direction)
    w.items(_("Execution plan"), pr.execution_plan)
    w.items(_("Risks and mitigation"), pr.risks_and_mitigation)
    w.items(_("Resource needs"), pr.resource_needs)
    w.row += 1
    w.section(t.title("strategy"))
    if pr.strategy_map:
        w.table([_("Channel"), _("Funnel stage"), _("Content"), _("Rhythm"), _("Objectives")],
                [(labels.channel(c.channel), c.funnel_stage, c.content, c.rhythm, ", ".join(c.objectives))
                 for c in pr.strategy_map])
    else:
        w.note(t.not_planned("strategy"))
    w.section(_("Timeline"))
    if pr.timeline:
        w.table([_("Phase"), _("From"), _("To"), _("Focus")],
                [(ph.name, ph.start, ph.end, ph.focus) for ph in pr.timeline], {2: "yyyy-mm-dd", 3: "yyyy-mm-dd"})
    else:
        w.note(t.not_planned("schedule"))
    w.section(t.title("roi"))
    if v.has("roi"):
        total = float(pr.budget.total) if pr.budget.total is not None else None
        w.pair(_("Budget estimate"), Number(total, money_format(v.currency, total)) if total is not None else None)
        w.pair("ROI", t.ratio(v.roi, v.roi_range))
        w.pair("ROAS", t.ratio(v.roas, v.roas_range))
        w.items(_("Assumptions"), pr.budget.assumptions)
    else:
        w.note(t.not_planned("roi"))


def retro_sheet(wb: Workbook, v: DocumentView) -> None:
    r = v.project.retrospective
    w = Writer(wb.create_sheet(_("Retrospective review")), [20, 14, 16, 16, 16, 12, 30, 16])
    w.title(t.title("retrospective"))
    w.section(_("Metrics against target"))
    if r.metrics:
        first = w.row + 1
        rows = []
        for i, m in enumerate(r.metrics):
            row = first + i
            variance = Formula(f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row})),D{row}-C{row},"")',
                               difference(m.actual, m.target))
            cells: list[Any] = [labels.metric(m.metric), labels.channel(m.channel),
                                Number(m.target, number_format(m.unit, m.target)),
                                Number(m.actual, number_format(m.unit, m.actual)),
                                Number(variance, number_format(m.unit, variance.value)),
                                "—" if m.met is None else _("yes") if m.met else _("no"), t.retro_mark(m)]
            if v.internal:  # the data's figure beside an AE figure it does not bear out (not for the client)
                data = m.data_actual if differs(m) else None
                cells.append(Number(data, number_format(m.unit, data)))
            rows.append(cells)
        w.table([_("Metric"), _("Channel"), _("Target"), _("Actual"), _("Variance"), _("Met"), _("Best / worst")]
                + [_("Imported data")] * v.internal, rows)
    else:
        w.note(t.not_planned("retrospective"))
    w.pair(_("Delivery quality"), r.delivery_quality)
    w.pair(_("Client feedback"), r.client_feedback)
    w.items(_("Key learnings"), r.learnings)
    w.items(_("Improvements"), r.improvements)
    w.pair(_("Owner"), r.owner)
    w.items(_("Next iteration"), r.next_iteration)
    if r.long_term_value:
        w.pair(_("Long-term value"), r.long_term_value)


def cadence_sheet(wb: Workbook, v: DocumentView) -> None:
    w = Writer(wb.create_sheet(_("Cadence")), [16, 22, 30, 26, 24, 20, 12])
    w.title(t.title("cadence"))
    if not v.has("cadence"):
        return w.note(t.not_planned("cadence"))
    w.table([_("Meeting"), _("Frequency"), _("Participants"), _("Decision authority"), _("Disclosure"),
             _("Progress shown as"), _("With the client")],
            [(c.meeting, t.frequency(c.frequency, c.time), "、".join(c.participants), c.decision_authority, c.disclosure,
              c.visualisation, _("yes") if c.includes_client else _("no")) for c in v.project.cadence])


def dashboard_sheet(wb: Workbook, v: DocumentView) -> None:
    ws = wb.create_sheet(_("KPI dashboard"))
    w = Writer(ws, [26, 18, 16, 16, 14, 14, 16])
    w.title(f"{t.title('monitoring')} · {t.version_label(v)}")
    if not v.has("objectives"):
        return w.note(t.not_planned("objectives"))
    if not v.has("monitoring"):
        w.note(t.not_planned("monitoring"))
    first = w.row + 1
    rows = []
    for i, k in enumerate(v.kpis):
        row, unit = first + i, k.kpi.unit if k.kpi else ""
        target = k.kpi.target if k.kpi else None
        if k.kpi and k.kpi.comparison.value in ("<=", "<"):
            ratio = Formula(f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row}),D{row}<>0),C{row}/D{row},"")',
                            quotient(target, k.actual))
        else:
            ratio = Formula(f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row}),C{row}<>0),D{row}/C{row},"")',
                            quotient(k.actual, target))
        rows.append((k.objective, t.kpi_metric(k.kpi), Number(target, number_format(unit, target)),
                     Number(k.actual, number_format(unit, k.actual)), ratio,
                     k.expected, t.pacing(k)))
    _f, last = w.table([_("Objective"), _("Metric"), _("Target"), _("Actual"), _("Attainment"), _("Time elapsed"),
                        _("Pacing")], rows, {5: "0%", 6: "0%"})
    ws.freeze_panes = ws.cell(first, 1)
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Attainment by objective")
    chart.add_data(Reference(ws, min_col=5, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.y_axis.number_format = "0%"
    chart.height, chart.width = 7, 16
    ws.add_chart(chart, f"A{w.row + 1}")
    w.row += 16
    if v.by_channel:
        w.section(_("Budget by channel"))
        start = w.row + 1
        _s, end = w.table([_("Channel"), _("Planned"), _("Actual")],
                          [(labels.channel(c.channel), Number(float(c.planned), money_format(v.currency, c.planned)),
                            Number(float(c.actual), money_format(v.currency, c.actual))) for c in v.by_channel])
        spend = BarChart()
        spend.type = "col"
        spend.title = _("Budget by channel")
        spend.add_data(Reference(ws, min_col=2, max_col=3, min_row=start - 1, max_row=end), titles_from_data=True)
        spend.set_categories(Reference(ws, min_col=1, min_row=start, max_row=end))
        spend.height, spend.width = 7, 16
        ws.add_chart(spend, f"E{start - 1}")


def trace_sheet(wb: Workbook, v: DocumentView) -> None:
    """The 需求 → 执行 → 效果 matrix: each objective's KPI, work, budget, risks, actuals and result,
    every broken link marked (the same matrix as ``aeflow trace``)."""
    from aeflow.engines.review.trace import describe_link, trace

    ws = wb.create_sheet(_("Traceability"))
    w = Writer(ws, [24, 22, 28, 18, 18, 14, 14, 34])
    w.title(_("Requirement → execution → outcome"))
    if not v.project.brief.objectives:
        return w.note(t.not_planned("objectives"))
    actuals = {k.objective: k.actual for k in v.kpis if k.actual is not None}
    result = trace(v.project, today=v.today, actuals=actuals or None)
    rows = []
    for r in result.rows:
        kpi = f"{labels.metric(r.metric)} {fmt.kpi_value(r.target, r.unit)}" if r.metric and r.target is not None \
            else "—"
        rows.append((f"{r.objective} {r.title}", kpi, "、".join(r.work_items) or "—",
                     "、".join(r.budget_lines) or "—", "、".join(r.risks) or "—",
                     Number(r.actual, number_format(r.unit, r.actual)),
                     Number(r.result, number_format(r.unit, r.result)),
                     "；".join(describe_link(c) for c in r.broken) or "✓"))
    first, last = w.table([_("Objective"), "KPI", _("Work items"), _("Budget lines"), _("Risks"), _("Actual"),
                           _("Result"), _("Broken links")], rows)
    red = Font(name=FONT, color="C0392B", bold=True)
    for row in range(first, last + 1):
        if ws.cell(row, 8).value != "✓":
            ws.cell(row, 8).font = red
    ws.freeze_panes = ws.cell(first, 1)
    if result.orphans:
        w.section(_("Links without an objective"))
        for code, path in result.orphans:
            w.pair(describe_link(code), path)
