"""The bulk pass: the typed read (dates and plain numbers typed from the sample, rejected rows
classified from their text) and the general read must give the same answer as the cell rules,
also for what only appears after the sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aeflow.importers.source import SAMPLE_ROWS, WINDOW, has_quote
from aeflow.services.data import inspect

from .conftest import write

HEADER = ["时间", "广告名称", "展示数", "点击数", "消耗", "转化数"]
N = SAMPLE_ROWS + 500


def rows(n: int = N, *, start: dt.date = dt.date(2027, 3, 1), form: str = "%Y-%m-%d %H:00") -> list[list[str]]:
    """``n`` hourly rows of one ad: impressions 100, clicks 3, spend 1.25, 1 conversion each."""
    out = []
    for i in range(n):
        stamp = dt.datetime.combine(start, dt.time()) + dt.timedelta(hours=i)
        out.append([stamp.strftime(form), "广告A", "100", "3", "1.25", "1"])
    return out


def test_a_total_row_after_the_sample_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [HEADER, *rows(), ["总计", "-", str(100 * N), str(3 * N), f"{1.25 * N:.2f}", str(N)]])
    out = inspect(path)
    assert out["rows"] == N
    assert out["totals"] == {"impressions": 100 * N, "clicks": 3 * N, "spend": 1.25 * N, "conversions": N,
                             "revenue": 0.0}
    assert [(s["row"], s["value"], s["code"]) for s in out["skipped"]] == [(N + 2, "总计", "total_row")]


def test_a_quoted_line_break_does_not_shift_the_row_numbers(tmp_path: Path) -> None:
    data = rows()
    data[5][1] = "广告A\n第二行"
    path = write(tmp_path / "a.csv", [HEADER, *data, ["合计", "", "1", "1", "1", "1"], ["备注：数据次日更新"]])
    out = inspect(path)
    assert out["rows"] == N
    # one physical line more than records: the quoted line break
    assert [(s["row"], s["code"]) for s in out["skipped"]] == [(N + 3, "total_row"), (N + 4, "not_data_row")]


def test_a_repeated_header_and_a_note_in_the_middle_are_skipped(tmp_path: Path) -> None:
    data = rows()
    path = write(tmp_path / "a.csv", [HEADER, *data[:2200], HEADER, ["说明"], *data[2200:]])
    out = inspect(path)
    assert out["rows"] == N and out["totals"]["impressions"] == 100 * N
    assert [(s["row"], s["code"]) for s in out["skipped"]] == [(2202, "repeated_header"), (2203, "not_data_row")]


def test_a_date_form_the_sample_did_not_show_is_still_read(tmp_path: Path) -> None:
    data = rows()
    for r in data[2100:]:
        r[0] = r[0].replace("-", "/")
    out = inspect(write(tmp_path / "a.csv", [HEADER, *data]))
    assert out["rows"] == N and out["skipped"] == []
    assert out["date_max"] == (dt.date(2027, 3, 1) + dt.timedelta(hours=N - 1)).isoformat()


def test_a_number_form_the_sample_did_not_show_is_still_read(tmp_path: Path) -> None:
    data = rows()
    data[2400][2] = "1,100"
    data[2401][4] = "-"
    out = inspect(write(tmp_path / "a.csv", [HEADER, *data]))
    assert out["totals"]["impressions"] == 100 * N + 1000
    assert out["totals"]["spend"] == 1.25 * (N - 1)


def test_inf_after_the_sample_is_not_a_number(tmp_path: Path) -> None:
    data = rows()
    data[2300][3] = "inf"
    out = inspect(write(tmp_path / "a.csv", [HEADER, *data]))
    assert [(s["row"], s["column"], s["code"]) for s in out["skipped"]] == [(2302, "点击数", "not_a_number")]


def test_a_two_digit_year_after_the_sample_is_not_a_date(tmp_path: Path) -> None:
    data = rows()
    data[2300][0] = "27-04-07 10:00"
    out = inspect(write(tmp_path / "a.csv", [HEADER, *data]))
    assert [(s["row"], s["value"], s["code"]) for s in out["skipped"]] == [(2302, "27-04-07", "not_a_date")]


def test_quoted_line_breaks_in_a_file_read_the_general_way(tmp_path: Path) -> None:
    data = rows(30, form="%Y年%m月%d日 %H时")
    data[3][1] = "广告A\r\n换行"
    out = inspect(write(tmp_path / "a.csv", [HEADER, *data, ["合计", "", "3000", "90", "37.5", "30"]]))
    assert out["rows"] == 30 and out["totals"]["spend"] == 37.5
    assert [(s["row"], s["code"]) for s in out["skipped"]] == [(33, "total_row")]


CELL = st.sampled_from(["0", "7", "12.5", "", "-", "1,234", "1.2万", "3%", "¥8.80", "abc"])
ROW = st.tuples(st.integers(0, 40), st.sampled_from(["广告A", "广告B", "广告,C", "广告\nD"]), CELL, CELL, CELL,
                st.sampled_from(["data", "data", "data", "total", "note", "header"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=30))
def test_the_typed_and_the_general_read_agree(tmp_path: Path, drawn: list) -> None:
    """The same rows with ISO dates (typed read) and with Chinese dates (general read)."""
    def table(form: str) -> list[list[str]]:
        out = [HEADER]
        for day, ad, imp, clk, cost, kind in drawn:
            date = (dt.date(2027, 3, 1) + dt.timedelta(days=day)).strftime(form)
            out.append({"data": [date, ad, imp, clk, cost, "1"], "total": ["合计", "", imp, clk, cost, ""],
                        "note": ["注：" + ad.replace("\n", "")], "header": HEADER}[kind])
        return out

    typed = inspect(write(tmp_path / "typed.csv", table("%Y-%m-%d")))
    general = inspect(write(tmp_path / "general.csv", table("%Y年%m月%d日")))
    for key in ("rows", "date_min", "date_max", "totals"):
        assert typed[key] == general[key], key
    assert [(s["row"], s["column"], s["code"]) for s in typed["skipped"]] == [
        (s["row"], s["column"], s["code"]) for s in general["skipped"]]


def test_has_quote_looks_in_every_window_of_the_file(tmp_path: Path) -> None:
    empty, plain, late = tmp_path / "empty.csv", tmp_path / "plain.csv", tmp_path / "late.csv"
    empty.write_bytes(b"")
    plain.write_bytes(b"a,b\n1,2\n")
    with late.open("wb") as fh:  # the only quote is the first byte of the second mapped window
        fh.truncate(WINDOW)
        fh.seek(WINDOW)
        fh.write(b'"x"\n')
    assert not has_quote(empty)
    assert not has_quote(plain)
    assert has_quote(late)
    assert has_quote(write(tmp_path / "q.csv", [["a"], ["x,y"]]))
