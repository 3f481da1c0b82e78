"""What each row of an export is — data, a total, a note, a repeated header, or a row with a bad
cell — decided row by row in Python. The bulk path decides the same per group in SQL; this module
finds the exact row numbers when something has to be reported."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aeflow.i18n import N_, _
from aeflow.importers.values import ValueProblem, is_empty, is_total_label, parse_date, parse_number

REASONS = {
    "total_row": N_("total row, not counted"),
    "not_data_row": N_("not a data row (no date and no figures)"),
    "repeated_header": N_("repeated header row"),
    "not_a_number": N_("not a number"),
    "not_a_date": N_("not a date"),
    "date_without_year": N_("a date without a year, and no year in the file or project to take it from"),
}
SKIP_CODES = frozenset({"total_row", "not_data_row", "repeated_header"})


@dataclass(frozen=True)
class RowIssue:
    """One row that was skipped or could not be read: where, which column, the value, why."""

    row: int | None
    column: str | None
    value: str
    code: str

    @property
    def reason(self) -> str:
        return _(REASONS.get(self.code, self.code))

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason,
                "code": self.code}


@dataclass(frozen=True)
class Layout:
    """Where the fields of one export are: column indices and how each is read."""

    header: list[str]
    date: int
    dims: dict[str, int]
    measures: dict[str, list[int]]
    """canonical measure → the columns summed into it (one, or the parts of engagements)."""
    split_time: bool
    anchor: dt.date | None

    def classify(self, cells: list[str]) -> list[tuple[str, int | None, str]]:
        """``[(code, column, value)]`` for one row; empty for a clean data row."""
        def cell(i: int) -> str:
            return cells[i] if i < len(cells) else ""

        raw = cell(self.date)
        if self.split_time:
            raw = raw.split(" ", 1)[0]
        labels = [raw] + [cell(i) for i in self.dims.values()]
        if any(is_total_label(v) for v in labels):
            return [("total_row", None, next(v for v in labels if is_total_label(v)))]
        if raw.strip() == self.header[self.date].strip():
            return [("repeated_header", None, raw)]
        try:
            day = parse_date(raw, self.anchor)
            date_code = None
        except ValueProblem as exc:
            day, date_code = None, exc.code
        out: list[tuple[str, int | None, str]] = []
        figures = False
        for columns in self.measures.values():
            for i in columns:
                value = cell(i)
                try:
                    figures = parse_number(value) is not None or figures
                except ValueProblem as exc:
                    figures = True
                    out.append((exc.code, i, value))
        if day is None:
            if not figures:
                return [("not_data_row", None, raw)]
            return [(date_code or "not_a_date", self.date, raw)] + out
        return out


def scan(path: Path, delimiter: str, first_line: int, layout: Layout, *, limit: int = 200,
         lines: Iterator[tuple[int, list[str]]] | None = None) -> tuple[list[RowIssue], list[RowIssue], int]:
    """Skipped rows and problems (each list capped at ``limit``) and the count of problems."""
    skipped: list[RowIssue] = []
    problems: list[RowIssue] = []
    count = 0
    for number, cells in lines if lines is not None else read_rows(path, delimiter, first_line):
        if not cells or cells == [""]:
            continue
        for code, column, value in layout.classify(cells):
            name = layout.header[column] if column is not None and column < len(layout.header) else None
            issue = RowIssue(number, name, value, code)
            if code in SKIP_CODES:
                if len(skipped) < limit:
                    skipped.append(issue)
            else:
                count += 1
                if len(problems) < limit:
                    problems.append(issue)
    return skipped, problems, count


def read_rows(path: Path, delimiter: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of every row from ``first_line`` (1-based) on."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        for _i in range(first_line - 1):
            fh.readline()
        reader = csv.reader(fh, delimiter=delimiter)
        start = first_line
        for row in reader:
            yield start, row
            start = first_line + reader.line_num


def tail_rows(path: Path, delimiter: str, total_lines: int, size: int = 1 << 18) -> list[tuple[int, list[str]]]:
    """The last rows of a file with their line numbers (rows without quoted line breaks)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        fh.seek(max(0, end - size))
        data = fh.read()
    text = data.decode("utf-8", errors="replace")
    parts = text.split("\n")
    if end > size:
        parts = parts[1:]
    if parts and parts[-1] == "":
        parts = parts[:-1]
    last = total_lines
    out = []
    for offset, line in enumerate(reversed(parts)):
        cells = next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
        out.append((last - offset, cells))
    return list(reversed(out))


def empty_row(cells: list[str]) -> bool:
    return all(is_empty(c) for c in cells)
