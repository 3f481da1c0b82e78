"""The deck's drawings, all native and editable: tables, the Gantt chart, the risk heatmap, charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from aeflow.exporters.pptx_style import (
    AMBER, GREEN, GREY, INK, LIGHT, LINE, NAVY, RED, TEAL, WHITE, Deck, _set_run_fonts, textbox, write,
)
from aeflow.exporters.view import GanttRow
from aeflow.i18n import _


def table(slide: Slide, left: int, top: int, width: int, headers: Sequence[str],
          rows: Sequence[Sequence[object]], *, widths: Sequence[float] | None = None, size: float = 11,
          row_height: int | None = None) -> None:
    """A native table: navy header row, light banding, every cell CJK-safe."""
    height = row_height or int(Inches(0.4))
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), Emu(left), Emu(top), Emu(width),
                                   Emu(height * (len(rows) + 1)))
    tbl = shape.table
    shares = list(widths or [1] * len(headers))
    total = sum(shares)
    for i, share in enumerate(shares):
        tbl.columns[i].width = Emu(int(width * share / total))
    for c, head in enumerate(headers):
        cell = tbl.cell(0, c)
        cell.fill.solid()
        cell.fill.fore_color.rgb = NAVY
        write(cell.text_frame, str(head), size=size, bold=True, color=WHITE)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cell = tbl.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = LIGHT if r % 2 else WHITE
            write(cell.text_frame, "—" if value in (None, "") else str(value), size=size, color=INK)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE


def box(slide: Slide, left: int, top: int, width: int, height: int, fill: object, *,
        shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE, line: object | None = None, text: str = "",
        size: float = 10, color: object = WHITE, bold: bool = False, align: PP_ALIGN = PP_ALIGN.CENTER):
    s = slide.shapes.add_shape(shape, Emu(left), Emu(top), Emu(max(width, 1)), Emu(max(height, 1)))
    s.shadow.inherit = False
    if fill is None:
        s.fill.background()
    else:
        s.fill.solid()
        s.fill.fore_color.rgb = fill
    if line is None:
        s.line.fill.background()
    else:
        s.line.color.rgb = line
        s.line.width = Pt(1)
    if text:
        frame = s.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(Inches(0.03))
        write(frame, text, size=size, color=color, bold=bold, align=align, anchor=MSO_ANCHOR.MIDDLE)
    return s


def note(deck: Deck, slide: Slide, text: str, top: int | None = None) -> None:
    """The grey panel a section shows when its data is not there yet."""
    y = top if top is not None else deck.top + int(Inches(0.3))
    box(slide, deck.margin, y, deck.inner_width, int(Inches(1.1)), LIGHT, line=LINE, text=text, size=16,
        color=GREY)


def _ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    days = (end - start).days
    if days <= 140:
        first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        return [first + dt.timedelta(weeks=i) for i in range(0, days // 7 + 1) if first + dt.timedelta(weeks=i) <= end]
    out, d = [], dt.date(start.year, start.month, 1)
    while d <= end:
        if d >= start:
            out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def gantt(deck: Deck, slide: Slide, rows: Sequence[GanttRow], span: tuple[dt.date, dt.date], today: dt.date,
          show_critical: bool) -> None:
    """Bars on a time axis: milestones as diamonds, the critical path in red, today as a line."""
    start, end = span
    days = max((end - start).days + 1, 1)
    label_w = int(deck.inner_width * 0.30)
    x0 = deck.margin + label_w
    chart_w = deck.inner_width - label_w
    axis_y = deck.top
    row_h = int(min(Inches(0.42), (deck.bottom - axis_y - Inches(0.8)) / max(len(rows), 1)))
    top = axis_y + int(Inches(0.35))

    def x(d: dt.date) -> int:
        return x0 + int(chart_w * (d - start).days / days)

    for tick in _ticks(start, end):
        textbox(slide, x(tick) - int(Inches(0.3)), axis_y, int(Inches(0.6)), int(Inches(0.3)),
                f"{tick.month}/{tick.day}", size=9, color=GREY, align=PP_ALIGN.CENTER)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x(tick)), Emu(top), Emu(x(tick)),
                                          Emu(top + row_h * len(rows)))
        line.line.color.rgb = LINE
        line.line.width = Pt(0.5)
    for i, row in enumerate(rows):
        y = top + i * row_h
        w = row.item
        label = f"{w.title} · {w.owner}" if w.owner else w.title
        textbox(slide, deck.margin, y, label_w - int(Inches(0.1)), row_h, label, size=10,
                color=RED if row.overdue else INK, anchor=MSO_ANCHOR.MIDDLE)
        if w.is_milestone:
            size = int(row_h * 0.7)
            box(slide, x(row.end) - size // 2, y + (row_h - size) // 2, size, size,
                GREY if w.status.closed else RED if (row.critical and show_critical) else AMBER,
                shape=MSO_SHAPE.DIAMOND)
            continue
        fill = GREY if w.status.closed else (RED if (row.critical and show_critical) else NAVY)
        bar = box(slide, x(row.start), y + int(row_h * 0.2), x(row.end + dt.timedelta(days=1)) - x(row.start),
                  int(row_h * 0.6), fill, shape=MSO_SHAPE.ROUNDED_RECTANGLE,
                  line=RED if row.overdue else (AMBER if row.at_risk else None))
        bar.adjustments[0] = 0.3
    if start <= today <= end:
        tx = x(today)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(tx), Emu(top - Inches(0.05)), Emu(tx),
                                          Emu(top + row_h * len(rows)))
        line.line.color.rgb = TEAL
        line.line.width = Pt(1.5)
        line.line.dash_style = 4  # dash
    legend_y = top + row_h * len(rows) + int(Inches(0.1))
    items = [(NAVY, _("work item")), (GREY, _("done")), (AMBER, _("milestone")), (TEAL, _("today"))]
    if show_critical:
        items.insert(1, (RED, _("critical path")))
    for j, (colour, text) in enumerate(items):
        lx = deck.margin + label_w + j * int(Inches(1.6))
        box(slide, lx, legend_y + int(Inches(0.08)), int(Inches(0.25)), int(Inches(0.16)), colour)
        textbox(slide, lx + int(Inches(0.3)), legend_y, int(Inches(1.3)), int(Inches(0.3)), text, size=9, color=GREY)


def heat_colour(score: int) -> object:
    return RED if score >= 15 else AMBER if score >= 8 else GREEN


HEATMAP_NAMES = 3


def heatmap(deck: Deck, slide: Slide, cells: dict[tuple[int, int], list[str]], left: int, width: int) -> None:
    """Likelihood (across) × severity (up), 5 × 5, each cell naming (short titles) the risks in it."""
    size = int(min(width - Inches(0.6), deck.bottom - deck.top - Inches(0.8)) / 5)
    x0, y0 = left + int(Inches(0.6)), deck.top + int(Inches(0.1))
    for sev in range(5, 0, -1):
        for lik in range(1, 6):
            ids = cells.get((lik, sev), [])
            colour = heat_colour(lik * sev)
            s = box(slide, x0 + (lik - 1) * size, y0 + (5 - sev) * size, size - int(Inches(0.04)),
                    size - int(Inches(0.04)), colour, text=_heat_names(ids), size=8, bold=True)
            if not ids:
                s.fill.fore_color.brightness = 0.6
        textbox(slide, left, y0 + (5 - sev) * size, int(Inches(0.55)), size, str(sev), size=11, color=GREY,
                align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    for lik in range(1, 6):
        textbox(slide, x0 + (lik - 1) * size, y0 + 5 * size, size, int(Inches(0.3)), str(lik), size=11,
                color=GREY, align=PP_ALIGN.CENTER)
    textbox(slide, x0, y0 + 5 * size + int(Inches(0.3)), 5 * size, int(Inches(0.3)),
            _("likelihood →") + "    " + _("↑ severity"), size=10, color=GREY, align=PP_ALIGN.CENTER)


def _heat_names(names: list[str]) -> str:
    if len(names) <= HEATMAP_NAMES:
        return "\n".join(names)
    shown = names[:HEATMAP_NAMES - 1]
    return "\n".join([*shown, _("+{n} more", n=len(names) - len(shown))])


def _chart_fonts(chart: object, size: float = 11) -> None:
    chart.font.size = Pt(size)  # type: ignore[attr-defined]
    chart.font.color.rgb = INK  # type: ignore[attr-defined]
    txpr = chart._chartSpace.chart.getparent().find(qn("c:txPr"))  # type: ignore[attr-defined]
    for rpr in txpr.iter(qn("a:defRPr")):
        _set_run_fonts(rpr)


def column_chart(slide: Slide, left: int, top: int, width: int, height: int, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float]]]) -> object:
    """A native clustered-column chart; its data lives in an embedded workbook the user can edit."""
    data = CategoryChartData()
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, [float(v) for v in values], number_format="#,##0")
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(left), Emu(top), Emu(width), Emu(height),
                                   data)
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for plot in chart.plots:
        plot.gap_width = 80
        for s, colour in zip(plot.series, (NAVY, TEAL, AMBER, GREY), strict=False):
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = colour
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = LINE
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    _chart_fonts(chart)
    return chart


def cards(deck: Deck, slide: Slide, items: Sequence[tuple[str, list[str]]], *, top: int | None = None,
          height: int | None = None, per_row: int = 3) -> None:
    """Cards with a heading and a few lines each (personas, KPI figures)."""
    gap = int(Inches(0.25))
    y0 = top if top is not None else deck.top + int(Inches(0.1))
    n = max(1, min(per_row, len(items)))
    w = (deck.inner_width - gap * (n - 1)) // n
    h = height or int(deck.bottom - y0)
    for i, (head, lines) in enumerate(items[:per_row]):
        x = deck.margin + i * (w + gap)
        box(slide, x, y0, w, h, LIGHT, line=LINE)
        box(slide, x, y0, w, int(Inches(0.55)), NAVY, text=head, size=15, bold=True)
        textbox(slide, x + int(Inches(0.15)), y0 + int(Inches(0.7)), w - int(Inches(0.3)), h - int(Inches(0.8)),
                lines, size=12, bullet=True)


def chevrons(deck: Deck, slide: Slide, stages: Sequence[tuple[str, str, list[str]]]) -> None:
    """The purchase path: one chevron per stage, its message and touchpoints below."""
    n = max(len(stages), 1)
    w = deck.inner_width // n
    y = deck.top + int(Inches(0.2))
    for i, (name, message, touchpoints) in enumerate(stages):
        x = deck.margin + i * w
        box(slide, x, y, w + int(Inches(0.1)), int(Inches(0.8)), NAVY if i % 2 == 0 else TEAL,
            shape=MSO_SHAPE.CHEVRON, text=name, size=14, bold=True)
        textbox(slide, x + int(Inches(0.1)), y + int(Inches(1.0)), w - int(Inches(0.2)), int(Inches(0.8)),
                message, size=13, bold=True, color=NAVY)
        textbox(slide, x + int(Inches(0.1)), y + int(Inches(1.7)), w - int(Inches(0.2)), int(Inches(2.5)),
                touchpoints, size=12, bullet=True)

