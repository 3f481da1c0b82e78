"""The CLI's tables on an 80-column terminal: nothing cut off with "…", nothing wider than the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.i18n import _, language

runner = CliRunner()
EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize("command", [["list"], ["readiness", "qingyu-guihua-launch-l1"],
                                     ["lint", "qingyu-guihua-launch-l1", "--today", "2026-08-01"],
                                     ["show", "qingyu-guihua-launch-l1"]])
def test_tables_fold_rather_than_cut(tmp_path: Path, command: list[str]) -> None:
    base = ["--lang", "zh", "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, [*base, "import", str(EXAMPLES / "launch-l1.yaml")]).exit_code == 0
    result = runner.invoke(app, [*base, *command], env={"COLUMNS": "80"})
    with language("zh"):
        header = _("If … then …")
    assert result.exit_code in (0, 1), result.output
    lines = result.output.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80
    assert "…" not in result.output.replace(header, "")  # a header that is an ellipsis itself
