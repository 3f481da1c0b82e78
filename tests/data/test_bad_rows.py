"""A row with a cell that cannot be read is left out whole: not counted in the rows, no figure of
it in the totals (inspect, import with --skip-bad-rows, the web preview), and named in the
skipped list; without --skip-bad-rows the file is refused and nothing lands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aeflow.errors import Invalid
from aeflow.i18n import _
from aeflow.importers.source import SAMPLE_ROWS
from aeflow.importers.values import ValueProblem, parse_number
from aeflow.services.data import BAD_CELLS, import_files, inspect

from .conftest import write

HEADER = ["日期", "广告组名称", "计划名称", "展示数", "点击数", "消耗", "转化数"]
STABLE_KEYS = {"platform", "encoding", "rows", "date_min", "date_max", "totals", "skipped"}


def _report() -> list[list[str]]:
    """The tryout's file: four days of one plan; the second day's impressions are ``abc``."""
    return [HEADER,
            ["2027-03-01", "新品组", "计划A", "10000", "120", "1000.00", "3"],
            ["2027-03-02", "新品组", "计划A", "abc", "160", "1200.50", "4"],
            ["2027-03-03", "新品组", "计划A", "14000", "170", "1500.00", "5"],
            ["2027-03-04", "新品组", "计划A", "15000", "190", "1500.00", "6"]]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_the_row_with_an_unreadable_cell_is_left_out_whole(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "巨量引擎.csv", _report(), encoding=encoding, newline="\r\n")
    out = inspect(path)
    assert out["encoding"] == ("gb18030" if encoding == "gbk" else "utf-8")
    assert out["rows"] == 3 and out["bad_rows"] == 1
    assert out["totals"] == {"impressions": 39000.0, "clicks": 480.0, "spend": 4000.0, "conversions": 14.0,
                             "revenue": 0.0}
    assert out["totals"]["clicks"] / out["totals"]["impressions"] == pytest.approx(0.0123, abs=5e-5)
    assert [(s["row"], s["column"], s["value"], s["code"]) for s in out["skipped"]] == [
        (3, "展示数", "abc", "not_a_number")]
    assert out["skipped"][0]["reason"]
    assert STABLE_KEYS <= set(out)


def _day_rows(n: int) -> list[list[str]]:
    """``n`` rows over ten days and three plans (so a bad row shares its day and plan with good
    rows): impressions 1000, clicks 10, spend 100.5, 1 conversion each."""
    return [[(dt.date(2027, 3, 1) + dt.timedelta(days=i % 10)).isoformat(), "组", f"计划{i % 3}", "1000", "10",
             "100.5", "1"] for i in range(n)]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
@pytest.mark.parametrize("where", [5, SAMPLE_ROWS + 300], ids=["in-sample", "after-sample"])
@pytest.mark.parametrize("numbers", ["plain", "formatted"])
def test_a_bad_cell_inside_and_after_the_sample(tmp_path: Path, encoding: str, where: int, numbers: str) -> None:
    """A bad cell in a plain-number column (read as DOUBLE, which sends the file to the general
    read) and in a column of ``1,000``-style numbers (read by the cell rules within the typed read)."""
    n = SAMPLE_ROWS + 600
    data = _day_rows(n)
    column = 5
    if numbers == "formatted":
        for r in data:
            r[3] = "1,000"
        column = 3
    data[where][column] = "待定"
    path = write(tmp_path / "a.csv", [HEADER, *data], encoding=encoding)
    out = inspect(path)
    assert out["rows"] == n - 1 and out["bad_rows"] == 1
    assert out["totals"] == {"impressions": 1000.0 * (n - 1), "clicks": 10.0 * (n - 1),
                             "spend": round(100.5 * (n - 1), 2), "conversions": float(n - 1), "revenue": 0.0}
    assert [(s["row"], s["column"], s["value"], s["code"]) for s in out["skipped"]] == [
        (where + 2, HEADER[column], "待定", "not_a_number")]


def test_two_bad_cells_in_one_row_leave_out_one_row(tmp_path: Path, store, project) -> None:
    rows = _report()
    rows[3][4] = "n.a."  # the third day's clicks …
    rows[3][5] = "1,5OO"  # … and spend (letter O)
    path = write(tmp_path / "a.csv", rows, encoding="gbk")
    out = inspect(path)
    assert out["rows"] == 2 and out["bad_rows"] == 2
    assert out["totals"]["spend"] == 2500.0 and out["totals"]["impressions"] == 25000.0
    assert [(s["row"], s["column"], s["value"]) for s in out["skipped"]] == [
        (3, "展示数", "abc"), (4, "点击数", "n.a."), (4, "消耗", "1,5OO")]
    with pytest.raises(Invalid) as err:
        import_files(store, project, [path])
    assert err.value.message == _("{file}: {count} cell(s) in {rows} row(s) cannot be read; nothing was imported",
                                  file="a.csv", count=3, rows=2)
    assert err.value.data["code"] == BAD_CELLS
    assert [p.line for p in err.value.problems] == [3, 4, 4]
    assert store.fact_count(project.id) == 0


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_import_refuses_the_file_or_skips_the_row_whole(tmp_path: Path, store, project, encoding: str) -> None:
    path = write(tmp_path / "a.csv", _report(), encoding=encoding)
    with pytest.raises(Invalid) as err:
        import_files(store, project, [path])
    assert [(p.line, p.code) for p in err.value.problems] == [(3, "import_not_a_number")]
    assert store.fact_count(project.id) == 0  # one transaction: nothing landed
    report = import_files(store, project, [path], skip_bad_rows=True)
    assert report.files[0]["rows"] == 3 and report.files[0]["bad_rows"] == 1
    (row,) = store.metrics(project.id, metrics=["impressions", "clicks", "spend", "ctr", "cpm"])
    assert (row["impressions"], row["clicks"], row["spend"]) == (39000.0, 480.0, 4000.0)
    assert row["ctr"] == pytest.approx(480 / 39000) and row["cpm"] == pytest.approx(4000 / 39)
    assert store.fact_count(project.id) == 3  # the day of the bad row has no fact at all


def test_a_bad_date_row_and_a_total_row_keep_their_kinds(tmp_path: Path) -> None:
    rows = _report()
    rows[1][0] = "2027-02-30"
    rows.append(["合计", "", "", "39000", "640", "5200.50", "18"])
    out = inspect(write(tmp_path / "a.csv", rows, encoding="gbk"))
    assert out["rows"] == 2 and out["bad_rows"] == 2
    assert out["totals"]["spend"] == 3000.0
    assert [(s["row"], s["code"]) for s in out["skipped"]] == [(6, "total_row"), (2, "not_a_date"),
                                                                 (3, "not_a_number")]


CELL = st.sampled_from(["0", "7", "12.5", "", "-", "1,234", "1.2万", "￥8.80", "abc", "12..5", "inf"])
ROW = st.tuples(st.integers(0, 9), st.sampled_from(["计划A", "计划B"]), CELL, CELL, CELL,
                st.sampled_from(["data", "data", "data", "total"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=25), st.sampled_from(["%Y-%m-%d", "%Y年%m月%d日"]))
def test_totals_are_the_sums_of_the_readable_rows(tmp_path: Path, drawn: list, form: str) -> None:
    """Whatever the cells, the totals are those of the rows whose every cell is readable."""
    table, expected, good = [HEADER], {"impressions": 0.0, "clicks": 0.0, "spend": 0.0}, 0
    for day, plan, imp, clk, cost, kind in drawn:
        if kind == "total":
            table.append(["合计", "", "", imp, clk, cost, ""])
            continue
        table.append([(dt.date(2027, 3, 1) + dt.timedelta(days=day)).strftime(form), "组", plan, imp, clk, cost, "1"])
        try:
            values = [parse_number(c) or 0.0 for c in (imp, clk, cost)]
        except ValueProblem:
            continue
        good += 1
        for key, value in zip(expected, values, strict=True):
            expected[key] += value
    out = inspect(write(tmp_path / "a.csv", table, encoding="gbk"))
    assert out["rows"] == good
    assert out["bad_rows"] == sum(1 for r in drawn if r[5] == "data") - good
    for key, value in expected.items():
        assert out["totals"][key] == pytest.approx(round(value, 2), abs=0.011), key


def test_cli_labels_the_totals_and_names_its_own_option(tmp_path: Path) -> None:
    from aeflow.cli.main import app

    path = write(tmp_path / "a.csv", _report(), encoding="gbk")
    zh = CliRunner().invoke(app, ["--lang", "zh", "data", "inspect", str(path)])
    assert zh.exit_code == 0, zh.output
    for label in ("曝光", "点击", "花费", "转化", "成交额", "巨量引擎"):
        assert label in zh.stdout
    for raw in ("impressions", "clicks", "spend", "revenue"):
        assert raw not in zh.stdout
    assert "4,000.00" in zh.stdout and "5,200.50" not in zh.stdout
    en = CliRunner().invoke(app, ["--lang", "en", "data", "inspect", str(path)])
    assert "Impressions" in en.stdout and "Spend" in en.stdout and "Revenue" in en.stdout
    unknown = write(tmp_path / "b.csv", [["name", "value"], ["x", "1"]])
    refused = CliRunner().invoke(app, ["--lang", "en", "data", "inspect", str(unknown)])
    assert refused.exit_code == 1 and "--platform" in refused.stderr


def test_cli_json_keeps_its_keys(tmp_path: Path) -> None:
    from aeflow.cli.main import app

    path = write(tmp_path / "a.csv", _report(), encoding="gbk")
    out = json.loads(CliRunner().invoke(app, ["data", "inspect", str(path), "--format", "json"]).stdout)
    assert STABLE_KEYS <= set(out) and set(out["totals"]) == {"impressions", "clicks", "spend", "conversions",
                                                               "revenue"}
    assert out["rows"] == 3 and out["totals"]["spend"] == 4000.0
