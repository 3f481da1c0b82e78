"""What the CLI prints from the user's text and the system's errors: positions and names exactly as
written (no emoji codes, no Rich markup), unreadable files in the user's language, totals digit for digit."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.files import unreadable_reason
from aeflow.i18n import language

runner = CliRunner()


def test_a_yaml_error_on_line_100_keeps_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad3.yaml"
    bad.write_text("".join(f"a{i}: 1\n" for i in range(1, 100)) + "b: c: d\n", encoding="utf-8")
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "d"), "--lang", "zh", "validate", str(bad)])
    assert result.exit_code == 1
    assert "bad3.yaml:100:" in result.output and "💯" not in result.output


def test_a_project_name_with_markup_and_emoji_codes_prints_as_written(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "d"), "--lang", "en"]
    path = tmp_path / "p.yaml"
    assert runner.invoke(app, [*data, "init", str(path)]).exit_code == 0
    name = "新品[bold]上市[/bold] :smile: [red]x"
    text = re.sub(r"(?m)^name: .*$", f'name: "{name}"', path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    imported = runner.invoke(app, [*data, "import", str(path)])
    assert imported.exit_code == 0, imported.output
    assert name in imported.output and "😄" not in imported.output
    project_id = imported.output.strip().splitlines()[-1].strip()
    status = runner.invoke(app, [*data, "status", project_id])
    assert status.exit_code == 0, status.output
    assert name in status.output and "😄" not in status.output


def test_unreadable_files_are_explained_in_the_users_language(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "d"), "--lang", "zh"]
    folder = tmp_path / "adir"
    folder.mkdir()
    not_xlsx = tmp_path / "report.xlsx"
    not_xlsx.write_text("时间,消耗\n2027-03-01,1\n", encoding="utf-8")
    cases = [
        (["validate", str(tmp_path / "missing.yaml")], "文件不存在", "no such file"),
        (["validate", str(folder)], "这是一个文件夹，不是文件", "Is a directory"),
        (["data", "inspect", str(folder)], "这是一个文件夹，不是文件", "Is a directory"),
        (["data", "inspect", str(not_xlsx)], "不是 Excel 工作簿", "zip file"),
    ]
    for args, sentence, english in cases:
        result = runner.invoke(app, [*data, *args])
        assert result.exit_code != 0, args
        assert sentence in result.output and english not in result.output, (args, result.output)
        assert isinstance(result.exception, SystemExit)


def test_a_file_without_read_permission_is_explained() -> None:
    # CI runs as root, whom chmod 0 does not stop; the same sentence as for the other cases comes from
    # the one place that explains an OSError, fed the error the OS raises for a file one may not read
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "f.csv")
    with language("zh"):
        zh = unreadable_reason(denied)
    with language("en"):
        en = unreadable_reason(denied)
    assert "没有权限" in zh and os.strerror(errno.EACCES) not in zh
    assert "permission" in en.lower()


def test_import_totals_show_counts_whole_and_money_with_cents(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "d"), "--lang", "zh"]
    path = tmp_path / "p.yaml"
    assert runner.invoke(app, [*data, "init", str(path)]).exit_code == 0
    project_id = runner.invoke(app, [*data, "import", str(path)]).output.strip().splitlines()[-1].strip()
    export = tmp_path / "f.csv"
    export.write_text("时间,广告名称,展示数,点击数,消耗\n2027-03-01,A,77414890,3000,1234.5\n"
                      "2027-03-02,A,250000,4000,99.25\n", encoding="utf-8")
    result = runner.invoke(app, [*data, "data", "import", project_id, str(export), "--platform", "oceanengine"])
    assert result.exit_code == 0, result.output
    assert "77,664,890" in result.output and "7,000" in result.output  # counts: every digit, no decimals
    assert "77,664,890.00" not in result.output and "7,000.00" not in result.output and "万" not in result.output
    assert "1,333.75" in result.output  # money: two decimals
