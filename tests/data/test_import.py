"""Importing: rejections, unreadable cells, idempotence, one transaction for all files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.errors import ImportFailed, Invalid
from aeflow.services.data import import_files, inspect, record_offline
from .conftest import write

HEADER = ["日期", "广告组名称", "计划名称", "展示数", "点击数", "消耗", "转化数"]


def douyin(path: Path, days: list[tuple[str, str, int, int, float]]) -> Path:
    return write(path, [HEADER] + [[d, "组", plan, str(i), str(c), f"{s:.2f}", "1"] for d, plan, i, c, s in days])


def spend(store, project) -> float:
    rows = store.metrics(project.id, metrics=["spend"])
    return float(rows[0]["spend"] or 0)


def test_missing_required_columns_are_named_with_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [["日期", "计划名称", "展示数", "转化数"], ["2027-03-01", "x", "1", "1"]])
    with pytest.raises(ImportFailed) as err:
        inspect(path)
    message = err.value.message
    assert "clicks" in message and "spend" in message and "消耗" in message
    assert "日期, 计划名称, 展示数, 转化数" in message


def test_a_file_of_no_known_platform_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed):
        inspect(write(tmp_path / "a.csv", [["name", "value"], ["x", "1"]]))


def test_unreadable_cells_are_reported_and_nothing_lands(tmp_path: Path, store, project) -> None:
    path = write(tmp_path / "bad.csv", [HEADER, ["2027-03-01", "g", "p", "100", "5", "10", "1"],
                                        ["2027-03-02", "g", "p", "abc", "5", "10", "1"],
                                        ["2027-13-45", "g", "p", "100", "5", "10", "1"]])
    with pytest.raises(Invalid) as err:
        import_files(store, project, [path])
    where = [(p.line, p.params["default"]) for p in err.value.problems]
    assert [w[0] for w in where] == [3, 4]
    assert "展示数" in where[0][1] and "abc" in where[0][1]
    assert "日期" in where[1][1] and "2027-13-45" in where[1][1]
    assert store.fact_count(project.id) == 0
    summary = inspect(path)
    assert [(s["row"], s["column"], s["value"], s["code"]) for s in summary["skipped"]] == [
        (3, "展示数", "abc", "not_a_number"), (4, "日期", "2027-13-45", "not_a_date")]


def test_skip_bad_rows_imports_the_rest(tmp_path: Path, store, project) -> None:
    path = write(tmp_path / "bad.csv", [HEADER, ["2027-03-01", "g", "p", "100", "5", "10", "1"],
                                        ["2027-03-02", "g", "p", "100", "5", "12.5", "1"],
                                        ["oops", "g", "p", "100", "5", "10", "1"]])
    import_files(store, project, [path], skip_bad_rows=True)
    assert spend(store, project) == 22.5


def test_reimporting_the_same_file_does_not_double_count(tmp_path: Path, store, project) -> None:
    path = douyin(tmp_path / "a.csv", [("2027-03-01", "p1", 1000, 10, 100.0), ("2027-03-02", "p1", 1000, 10, 50.0)])
    import_files(store, project, [path])
    report = import_files(store, project, [path])
    assert spend(store, project) == 150.0
    assert report.landed[0].replaced == 2


def test_an_overlapping_range_replaces_the_overlap(tmp_path: Path, store, project) -> None:
    first = douyin(tmp_path / "a.csv", [("2027-03-01", "p1", 1000, 10, 100.0), ("2027-03-02", "p1", 1000, 10, 50.0)])
    second = douyin(tmp_path / "b.csv", [("2027-03-02", "p1", 1000, 10, 70.0), ("2027-03-03", "p1", 1000, 10, 30.0),
                                         ("2027-03-02", "p2", 1000, 10, 5.0)])
    import_files(store, project, [first])
    import_files(store, project, [second])
    rows = store.metrics(project.id, by=["date"], metrics=["spend"])
    assert [(r["date"].isoformat(), float(r["spend"])) for r in rows] == [
        ("2027-03-01", 100.0), ("2027-03-02", 75.0), ("2027-03-03", 30.0)]


def test_one_bad_file_keeps_every_file_out(tmp_path: Path, store, project) -> None:
    good = douyin(tmp_path / "a.csv", [("2027-03-01", "p1", 1000, 10, 100.0)])
    bad = write(tmp_path / "b.csv", [["日期", "展示数"], ["2027-03-01", "1"]])
    with pytest.raises(ImportFailed):
        import_files(store, project, [good, bad])
    assert store.fact_count(project.id) == 0


def test_offline_results_by_hand(store, project) -> None:
    import datetime as dt

    record_offline(store, project, dt.date(2027, 3, 5), {"attendance": 320, "new_members": 41}, event="快闪")
    record_offline(store, project, dt.date(2027, 3, 5), {"attendance": 350, "new_members": 41}, event="快闪")
    rows = store.metrics(project.id, metrics=["attendance", "new_members"])
    assert (rows[0]["attendance"], rows[0]["new_members"]) == (350, 41)
    with pytest.raises(ImportFailed):
        record_offline(store, project, dt.date(2027, 3, 5), {"attendance": -1})


def test_cli_inspect_prints_one_json_object(tmp_path: Path) -> None:
    from aeflow.cli.main import app

    path = douyin(tmp_path / "a.csv", [("2027-03-01", "p1", 1000, 10, 100.0), ("2027-03-02", "p1", 500, 5, 50.5)])
    result = CliRunner().invoke(app, ["data", "inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    stable = {k: out[k] for k in ("platform", "encoding", "rows", "date_min", "date_max", "totals", "skipped")}
    assert stable == {"platform": "oceanengine", "encoding": "utf-8", "rows": 2, "date_min": "2027-03-01",
                      "date_max": "2027-03-02", "totals": {"impressions": 1500.0, "clicks": 15.0, "spend": 150.5,
                                                           "conversions": 2.0, "revenue": 0.0}, "skipped": []}
    assert out["bad_rows"] == 0 and out["platform_name"]


def test_cli_inspect_rejects_with_exit_1_and_a_message_on_stderr(tmp_path: Path) -> None:
    from aeflow.cli.main import app

    path = write(tmp_path / "a.csv", [["日期", "计划名称", "展示数"], ["2027-03-01", "x", "1"]])
    result = CliRunner().invoke(app, ["data", "inspect", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "日期, 计划名称, 展示数" in result.stderr


def test_cli_import_into_a_project_file(tmp_path: Path, project) -> None:
    from aeflow.cli.main import app
    from aeflow.storage.yamlfile import write_project_file

    proj_file = tmp_path / "p.yaml"
    write_project_file(project, proj_file)
    path = douyin(tmp_path / "a.csv", [("2027-03-01", "p1", 1000, 10, 100.0)])
    args = ["--data-dir", str(tmp_path / "d"), "data", "import", str(proj_file), str(path), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["landed"][0]["facts"] == 1
    assert (tmp_path / "d" / "metrics.duckdb").exists()


def test_a_saved_column_mapping_reads_an_unknown_layout(tmp_path: Path) -> None:
    from aeflow.cli.main import app

    path = write(tmp_path / "agency.csv", [["Datum", "Kanal", "Kosten", "Sichtkontakte", "Klicks"],
                                           ["2027-03-01", "B站", "1,000", "50000", "500"],
                                           ["2027-03-02", "B站", "500", "20000", "100"]])
    runner = CliRunner()
    base = ["--data-dir", str(tmp_path / "d")]
    saved = runner.invoke(app, base + ["data", "mapping", "agency", "--column", "date=Datum", "--column",
                                       "channel=Kanal", "--column", "spend=Kosten", "--column",
                                       "impressions=Sichtkontakte", "--column", "clicks=Klicks"])
    assert saved.exit_code == 0, saved.output
    result = runner.invoke(app, base + ["data", "inspect", str(path), "--mapping", "agency", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["platform"] == "generic:agency"
    assert out["totals"]["spend"] == 1500.0 and out["totals"]["clicks"] == 600.0
