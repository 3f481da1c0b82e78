"""The workbook carries the same 需求 → 执行 → 效果 matrix as ``aeflow trace``."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from aeflow.engines.review.trace import trace
from aeflow.exporters import Audience, Extras, get
from aeflow.storage.yamlfile import load_project_file

ROOT = Path(__file__).resolve().parents[2]


def test_workbook_has_the_trace_matrix_of_the_demo() -> None:
    project = load_project_file(ROOT / "examples" / "launch-l3.yaml")
    today = dt.date(2026, 12, 4)
    data = get("xlsx").export(project, Audience.internal, "zh", Extras(today=today))
    ws = load_workbook(io.BytesIO(data))["链路追踪"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(cells) if row[0] == "目标")
    body = [row for row in cells[header + 1:] if row[0]]
    expected = trace(project, today=today)
    assert [row[0].split()[0] for row in body[:len(expected.rows)]] == [r.objective for r in expected.rows]
    first = expected.rows[0]
    assert body[0][2] == "、".join(first.work_items)
    assert all(row[7] == "✓" for row in body[:len(expected.rows)])  # the demo's chain has no broken link


def test_broken_links_are_marked_in_the_sheet() -> None:
    project = load_project_file(ROOT / "examples" / "launch-l3.yaml")
    first = project.brief.objectives[0].id
    items = [w.model_copy(update={"objective": None}) if w.objective == first else w for w in project.work_items]
    broken = project.model_copy(update={"work_items": items})
    data = get("xlsx").export(broken, Audience.internal, "en", Extras(today=dt.date(2026, 12, 4)))
    ws = load_workbook(io.BytesIO(data))["Traceability"]
    marks = {row[0].value.split()[0]: row[7].value for row in ws.iter_rows() if row[0].value and row[7].value}
    assert "KPI with no work item" in marks[first]
