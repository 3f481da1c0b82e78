"""``aeflow trace`` judges each KPI as ``aeflow status`` (the dashboard) does: on the L3 demo with its
platform exports imported, the same figure and the same met / missed, the AE's own figure kept as
the retrospective's result beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app

L3 = "qingyu-guihua-launch-l3"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["--data-dir", str(folder), "--lang", "zh", "demo"])
    assert result.exit_code == 0, result.output
    return folder


def _json(home: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--data-dir", str(home), "--lang", "zh", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_trace_json_has_the_dashboards_figures_and_statuses(home: Path) -> None:
    board = {k["objective"]: k for k in _json(home, "status", L3)["kpis"]}
    rows = {r["objective"]: r for r in _json(home, "trace", L3)["rows"]}
    assert {o: r["status"] for o, r in rows.items()} == {o: k["status"] for o, k in board.items()}
    assert {o: r["met"] for o, r in rows.items()} == {o: k["status"] == "met" for o, k in board.items()}
    assert {o: r["actual"] for o, r in rows.items()} == pytest.approx({o: k["actual"] for o, k in board.items()})
    roas = rows["obj-roas"]
    assert roas["actual"] == pytest.approx(2.176, abs=1e-3) and not roas["met"]
    assert roas["result"] == 2.18  # the AE's figure in the retrospective (as written, not the data's 2.176…)


def test_trace_text_marks_the_dashboards_status(home: Path) -> None:
    result = CliRunner().invoke(app, ["--data-dir", str(home), "--lang", "zh", "trace", L3], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "obj-roas" in x)
    assert line.count("2.18x") == 2  # the dashboard's figure and the retrospective's result, which agree
    assert result.output.count("✗ 未达成") == 3 and result.output.count("✓ 已达成") == 4
