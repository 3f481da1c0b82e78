"""How the CLI reports a refused input: every problem, then what happened as a whole, in the user's language."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aeflow.cli.main import app

runner = CliRunner()


def test_a_refused_import_lists_the_problems_and_says_nothing_was_imported(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    project = tmp_path / "p.yaml"
    assert runner.invoke(app, [*data, "init", str(project)]).exit_code == 0
    imported = runner.invoke(app, [*data, "import", str(project)])
    project_id = imported.output.strip().splitlines()[-1].strip()
    export = tmp_path / "f.csv"
    export.write_text("时间,广告名称,展示数,点击数,消耗\n2027-03-01,A,100,3,1.5\n2027-03-02,A,abc,3,1.5\n",
                      encoding="utf-8")
    for lang, nothing, count in (("zh", "未导入任何数据", "（发现 1 个问题）"), ("en", "nothing was imported", "(1 problem(s) found)")):
        result = runner.invoke(app, [*data, "--lang", lang, "data", "import", project_id, str(export),
                                     "--platform", "oceanengine"])
        assert result.exit_code == 1
        assert "f.csv:3" in result.output and "abc" in result.output  # the problem, located
        assert nothing in result.output and count in result.output  # and the verdict
