"""The cell readers: never crash, and the bulk path (DuckDB macros) agrees with the Python reference."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeflow.importers.sql import install
from aeflow.importers.values import ValueProblem, parse_date, parse_number

ANCHOR = dt.date(2027, 3, 15)
_con = duckdb.connect()
install(_con)

cells = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\A[¥￥]?-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]{1,2})?[万%]?\Z"),
    st.from_regex(r"\A(20[0-9]{2}[-/][0-9]{1,2}[-/][0-9]{1,2}|[0-9]{1,2}月[0-9]{1,2}日|20[0-9]{6})\Z"),
    st.sampled_from(["-", "--", "", " ", "合计", "Total: Account", "1.2万", "12.3%", "¥1,234.56", "Mar 1, 2027"]),
)


def _py_number(s: str) -> float | None | str:
    try:
        return parse_number(s)
    except ValueProblem:
        return "bad"


def _py_date(s: str) -> dt.date | None | str:
    try:
        return parse_date(s, ANCHOR)
    except ValueProblem:
        return "bad"


@settings(max_examples=300, deadline=None)
@given(cells)
def test_numbers_agree_with_the_bulk_path(cell: str) -> None:
    value, bad = _con.execute("SELECT aeflow_num(?), aeflow_num_bad(?)", [cell, cell]).fetchone()
    expected = _py_number(cell)
    if expected == "bad":
        assert bad
    else:
        assert not bad
        assert value == pytest.approx(expected) if expected is not None else value is None


@settings(max_examples=300, deadline=None)
@given(cells)
def test_dates_agree_with_the_bulk_path(cell: str) -> None:
    (value,) = _con.execute("SELECT aeflow_date(?, ?::DATE)", [cell, ANCHOR]).fetchone()
    expected = _py_date(cell)
    assert value == (None if expected == "bad" else expected)


@pytest.mark.parametrize(("cell", "value"), [("1,234", 1234), ("1.2万", 12000), ("12.3%", 0.123),
                                              ("¥1,234.56", 1234.56), ("-", None), ("", None), ("3亿", 3e8)])
def test_number_forms(cell: str, value: float | None) -> None:
    assert parse_number(cell) == pytest.approx(value) if value is not None else parse_number(cell) is None


@pytest.mark.parametrize("cell", ["2027-03-01", "2027/3/1", "20270301", "3月1日", "2027年3月1日", "Mar 1, 2027",
                                  "2027-03-01 13:00"])
def test_date_forms(cell: str) -> None:
    assert parse_date(cell, ANCHOR) == dt.date(2027, 3, 1)


def test_a_month_day_takes_the_year_closest_to_the_flight() -> None:
    assert parse_date("12月30日", dt.date(2027, 1, 10)) == dt.date(2026, 12, 30)
