"""Workbook cells that carry more than a value: formulas with their computed result, numbers with
their own format.

A formula cell in an XLSX file holds the formula and, beside it, the result last calculated. Excel
recalculates on opening, but many readers never do — pandas, openpyxl with ``data_only=True``, the
file previews of WeChat and DingTalk — and show such a cell blank when the result is missing.
openpyxl writes formulas without a result, so :func:`save` writes the workbook and then puts each
:class:`Formula`'s ``value`` (computed in Python from the same cells, the way Excel would) into the
saved sheets as the cached result. The workbook asks Excel to recalculate on load as before.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from posixpath import join, normpath
from typing import Any
from weakref import WeakKeyDictionary
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from aeflow.formatting import MONEY_UNITS, SYMBOLS

Result = float | int | str | bool | None

RATE_FORMAT = "0.00%"
COUNT_FORMAT = "#,##0"
MULTIPLE_FORMAT = "0.00"


@dataclass(frozen=True)
class Formula:
    """``text`` (starting with ``=``) and ``value``, what it computes; ``None`` or ``""`` for an empty result."""

    text: str
    value: Result


@dataclass(frozen=True)
class Number:
    """A value with its own number format (a rate as ``0.00%`` in a column of counts)."""

    value: Any
    number_format: str


def number_format(unit: str, value: Any = None) -> str:
    """The cell format for a metric's ``value`` in ``unit``, laid out as :func:`aeflow.formatting.kpi_value`
    writes it in the other documents: rates stored as fractions (unit ``%``) as percentages (1.42%),
    multiples with two decimals (2.71x), money with cents below ¥1,000 (41.20元) and whole above,
    counts whole (131,200,000次) — never a count with ``.00``."""
    if unit == "%":
        return RATE_FORMAT
    suffix = f'"{unit.replace(chr(34), "")}"' if unit else ""
    if unit in ("x", "倍"):
        return MULTIPLE_FORMAT + suffix
    if unit in MONEY_UNITS and is_number(value) and abs(value) < 1000:
        return "#,##0.00" + suffix
    return COUNT_FORMAT + suffix


def money_format(currency: str, value: Any = None) -> str:
    """The cell format for an amount, as :func:`aeflow.formatting.money` writes it: ``¥300,000``, with
    cents only when the amount has some (``¥1,001,599.87``)."""
    symbol = SYMBOLS.get(currency, f"{currency} ").replace('"', "")
    amount = float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else 0.0
    return f'"{symbol}"#,##0' + (".00" if round(amount, 2) != round(amount) else "")


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def difference(a: Any, b: Any) -> Result:
    """``=IF(AND(ISNUMBER(a),ISNUMBER(b)),a-b,"")``."""
    return a - b if is_number(a) and is_number(b) else ""


def quotient(a: Any, b: Any) -> Result:
    """``=IF(AND(ISNUMBER(a),ISNUMBER(b),b<>0),a/b,"")``."""
    return a / b if is_number(a) and is_number(b) and b != 0 else ""


_CACHED: WeakKeyDictionary[Worksheet, dict[str, Result]] = WeakKeyDictionary()


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` into the cell: a :class:`Formula` with its result, a :class:`Number` with its format."""
    if isinstance(value, Formula):
        cell = ws.cell(row, column, value.text)
        _CACHED.setdefault(ws, {})[cell.coordinate] = value.value
        return cell
    if isinstance(value, Number):
        cell = put(ws, row, column, value.value)
        cell.number_format = value.number_format
        return cell
    return ws.cell(row, column, value)


def _sheet_parts(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet title → the zip part that holds it."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    rels = ElementTree.fromstring(files["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", ns)}
    book = ElementTree.fromstring(files["xl/workbook.xml"])
    out = {}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets[sheet.get(f"{{{ns['r']}}}id")]
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return out


def _with_results(xml: str, results: dict[str, Result]) -> str:
    def fill(match: re.Match[str]) -> str:
        ref, attrs, formula = match.group(1), match.group(2), match.group(3)
        if ref not in results:
            return match.group(0)
        value = results[ref]
        attrs = re.sub(r'\st="[^"]*"', "", attrs)
        if isinstance(value, bool):
            kind, text = ' t="b"', "1" if value else "0"
        elif is_number(value):
            kind, text = "", repr(float(value)) if isinstance(value, float) else str(value)
        else:
            kind, text = ' t="str"', escape("" if value is None else str(value), quote=False)
        return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{text}</v></c>'

    return re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*(?:/>|>\s*</v>)</c>', fill, xml)


def save(wb: Workbook) -> bytes:
    """The workbook as XLSX bytes, every :class:`Formula` cell with its cached result."""
    raw = io.BytesIO()
    wb.save(raw)
    results = {ws.title: _CACHED.get(ws, {}) for ws in wb.worksheets}
    if not any(results.values()):
        return raw.getvalue()
    with zipfile.ZipFile(raw) as source:
        infos = source.infolist()
        files = {i.filename: source.read(i.filename) for i in infos}
    for title, part in _sheet_parts(files).items():
        if results.get(title) and part in files:
            files[part] = _with_results(files[part].decode("utf-8"), results[title]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info, files[info.filename])
    return out.getvalue()


__all__ = ["Formula", "Number", "difference", "money_format", "number_format", "put", "quotient", "save"]
