"""Cell values as the platforms write them: numbers, dates and the labels of total rows.

These functions are the reference for what a cell means; the bulk path in
:mod:`aeflow.importers.sql` computes the same in DuckDB (a test checks that both agree).
"""

from __future__ import annotations

import datetime as dt
import math
import re

EMPTY = frozenset({"", "-", "--", "—", "——", "/", "n/a", "N/A", "NA", "null", "NULL", "None", "无"})
"""Cells that mean "no value" (treated as missing, summed as 0)."""

_PLAIN = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_WS = "[ \t\r\n\f\v\u00a0\u3000]"
_SPACES = re.compile(_WS)
_EDGES = re.compile(f"^{_WS}+|{_WS}+$")


def compact(text: str) -> str:
    """The text without any whitespace (as the bulk path's ``aeflow_compact``)."""
    return _SPACES.sub("", text)


TOTAL_WORDS = ("合计", "总计", "汇总", "总和", "全部", "total", "totals", "grand total", "summary")
_TOTAL = re.compile(f"^{_WS}*(合计|总计|汇总|总和|全部合计|total|totals|grand total|summary){_WS}*([:：(（].*)?$",
                    re.IGNORECASE | re.DOTALL)
_CURRENCY = re.compile(r"^[¥￥$€£]|[¥￥$€£]$|元$|CNY$|RMB$|USD$", re.IGNORECASE)
_SCALES = {"万": 1e4, "w": 1e4, "W": 1e4, "亿": 1e8, "%": 0.01, "‰": 0.001}


class ValueProblem(ValueError):
    """A cell that cannot be read; ``code`` names why (not_a_number, not_a_date)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_total_label(value: str | None) -> bool:
    """``合计``, ``总计``, ``Total``, ``Total: Account`` … — the label of a total row."""
    return bool(value) and _TOTAL.match(str(value)) is not None


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and compact(value) in EMPTY)


def parse_number(value: object) -> float | None:
    """``1,234`` → 1234, ``1.2万`` → 12000, ``12.3%`` → 0.123, ``¥1,234.56`` → 1234.56, ``-``/empty → None.

    Raises :class:`ValueProblem` ``not_a_number`` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem("not_a_number")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem("not_a_number")
        return float(value)
    text = compact(str(value))
    if text in EMPTY:
        return None
    text = _CURRENCY.sub("", text).replace(",", "").replace("，", "")
    factor = 1.0
    if text and text[-1] in _SCALES:
        factor = _SCALES[text[-1]]
        text = text[:-1]
    if not _PLAIN.match(text):
        raise ValueProblem("not_a_number")
    number = float(text) * factor
    if not math.isfinite(number):
        raise ValueProblem("not_a_number")
    return number


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T][0-9]{1,2}(?::[0-9]{2}){0,2}(?:\.[0-9]+)?)?$"),
     "ymd"),
    (re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$"), "ymd"),
    (re.compile(f"^([0-9]{{4}})年([0-9]{{1,2}})月([0-9]{{1,2}})日?(?:{_WS}*[0-9]{{1,2}}(?:[:时][0-9]{{0,2}}分?)?)?$"),
     "ymd"),
    (re.compile(f"^([0-9]{{1,2}})月([0-9]{{1,2}})日?(?:{_WS}*[0-9]{{1,2}}(?:[:时][0-9]{{0,2}}分?)?)?$"), "md"),
)
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_EN_DATE = re.compile(f"^([A-Za-z]{{3}})[a-z]*\\.?{_WS}+([0-9]{{1,2}}),?{_WS}+([0-9]{{4}})$")


def year_for(month: int, day: int, anchor: dt.date) -> int:
    """The year that puts ``month``/``day`` closest to ``anchor`` (a flight or report period)."""
    best: tuple[int, int] | None = None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            distance = abs((dt.date(year, month, day) - anchor).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    if best is None:
        raise ValueProblem("not_a_date")
    return best[1]


def parse_date(value: object, anchor: dt.date | None = None) -> dt.date | None:
    """``2027-03-01``, ``2027/3/1``, ``20270301``, ``2027年3月1日``, ``3月1日`` (year from ``anchor``),
    ``Mar 1, 2027``, with or without a time; empty → None; else :class:`ValueProblem` ``not_a_date``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _EDGES.sub("", str(value))
    if compact(text) in EMPTY:
        return None
    try:
        for pattern, kind in _DATE_PATTERNS:
            m = pattern.match(text)
            if m is None:
                continue
            if kind == "ymd":
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if anchor is None:
                raise ValueProblem("date_without_year")
            month, day = int(m[1]), int(m[2])
            return dt.date(year_for(month, day, anchor), month, day)
        m = _EN_DATE.match(text)
        if m and m[1].lower() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    except ValueError:
        raise ValueProblem("not_a_date") from None
    raise ValueProblem("not_a_date")


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?:[-/.年]?(\d{1,2})(?:[-/.月]?(\d{1,2}))?)?")


def anchor_from_text(text: str) -> dt.date | None:
    """A date to anchor years on, from a title line or file name: the middle of the dates found."""
    found: list[dt.date] = []
    for m in _YEAR.finditer(text):
        try:
            found.append(dt.date(int(m[1]), int(m[2] or 7), int(m[3] or 1)))
        except ValueError:
            continue
    if not found:
        return None
    lo, hi = min(found), max(found)
    return lo + (hi - lo) / 2
