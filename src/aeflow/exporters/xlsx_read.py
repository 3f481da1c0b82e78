"""Read an edited workbook back: what changed, cell by cell, judged against the version it came from.

Each editable cell is compared with the value it had when the workbook was made (kept in the hidden
meta sheet). A cell the user did not touch changes nothing, whatever happened in aeflow since. A
cell the user changed is applied, unless aeflow changed the same field differently since the export:
that is a conflict. Every unreadable value, conflict and rule the edited project would break is
reported by sheet, row and column, and then nothing is applied (:class:`~aeflow.errors.ImportFailed`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.errors import ImportFailed, Invalid
from aeflow.exporters.xlsx import record_value
from aeflow.exporters.xlsx_layout import (
    FIRST_ROW, HEADER_ROW, ID_KEY, KEY_ROW, META_SHEET, TABLE_SHEETS, CellError, Column, SheetSpec, any_risk_status,
    any_status, normal, parse_bool, parse_date, parse_list, parse_money, parse_score, parse_text,
)
from aeflow.files import detail, not_a_workbook
from aeflow.i18n import _
from aeflow.messages import describe

NEW_ID_PREFIX = {"work_items": "W", "risks": "R"}
REQUIRED_NEW = {"work_items": ("title",), "risks": ("description", "likelihood", "severity")}


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str
    header: str
    message: str

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}（{self.header}）: {self.message}"


@dataclass(frozen=True)
class CellChange:
    sheet: str
    row: int
    column: str
    header: str
    record: str
    field: str
    old: str
    new: str
    added: bool = False


@dataclass(frozen=True)
class WorkbookEdit:
    project: Project
    changes: list[CellChange]
    exported_version: int | None


def _meta(wb: Any) -> dict[str, Any]:
    if META_SHEET not in wb.sheetnames:
        raise ImportFailed(_("this workbook was not made by aeflow (its hidden sheet {name} is missing)",
                             name=META_SHEET), hint=_("export a workbook with: aeflow export PROJECT --format xlsx"))
    ws = wb[META_SHEET]
    text = "".join(str(ws.cell(r, 5).value or "") for r in range(2, ws.max_row + 1))
    try:
        meta = json.loads(text)
    except ValueError:
        raise ImportFailed(_("the workbook's hidden sheet {name} was changed and cannot be read", name=META_SHEET)
                           ) from None
    if not isinstance(meta, dict) or meta.get("format") != "aeflow-workbook":
        raise ImportFailed(_("the workbook's hidden sheet {name} was changed and cannot be read", name=META_SHEET))
    return meta


class _Reader:
    def __init__(self, current: Project, meta: dict[str, Any], today: dt.date, author: str) -> None:
        self.current = current
        self.meta = meta
        self.today = today
        self.author = author
        self.data: dict[str, Any] = current.model_dump(mode="python")
        self.problems: list[CellProblem] = []
        self.changes: list[CellChange] = []
        self.where: dict[tuple[str, int], tuple[str, int, dict[str, tuple[str, str]]]] = {}
        team = {m.name for m in current.team}
        self.owners = {"work_items": team, "risks": team | {s.name for s in current.client.stakeholders},
                       "budget.lines": team}

    def records(self, collection: str) -> list[dict[str, Any]]:
        node: Any = self.data
        for part in collection.split("."):
            node = node[part]
        return node

    def problem(self, sheet: str, row: int, column: int, header: str, message: str) -> None:
        self.problems.append(CellProblem(sheet, row, get_column_letter(column), header, message))

    def parse(self, col: Column, value: Any, collection: str) -> Any:
        kind = col.kind
        if kind in ("status", "risk_status", "score") and parse_text(value) == "":
            return None
        if kind == "date":
            return parse_date(value)
        if kind == "status":
            found = any_status(parse_text(value))
            if found is None:
                raise CellError("bad_status", value)
            return found
        if kind == "risk_status":
            found_r = any_risk_status(parse_text(value))
            if found_r is None:
                raise CellError("bad_status", value)
            return found_r
        if kind == "score":
            return parse_score(value)
        if kind == "money":
            return parse_money(value)
        if kind == "bool":
            return parse_bool(value)
        if kind == "list":
            return parse_list(value)
        text = parse_text(value)
        if kind == "owner" and text and self.owners[collection] and text not in self.owners[collection]:
            raise CellError("unknown_owner", text)
        return text

    def message(self, exc: CellError) -> str:
        value = parse_text(exc.value)
        return {
            "bad_date": _("expected a date like 2026-03-01, got {input}", input=value),
            "bad_score": _("expected a whole number from 1 to 5, got {input}", input=value),
            "bad_money": _("expected an amount of money, got {input}", input=value),
            "bad_bool": _("expected yes or no, got {input}", input=value),
            "bad_status": _("{input} is not one of the statuses in the drop-down list", input=value),
            "unknown_owner": _("owner {id} is not on the project team", id=value),
        }[exc.code]

    def sheet(self, spec: SheetSpec, ws: Worksheet) -> None:
        assert spec.collection is not None
        records = self.records(spec.collection)
        by_id = {r["id"]: i for i, r in enumerate(records)}
        originals: dict[str, dict[str, str]] = self.meta.get("originals", {}).get(spec.key, {})
        keys = {str(ws.cell(KEY_ROW, c).value): c for c in range(1, ws.max_column + 1) if ws.cell(KEY_ROW, c).value}
        cols = [(col, keys[col.key]) for col in spec.columns if col.editable and col.key in keys]
        header = {c: str(ws.cell(HEADER_ROW, n).value or c.key) for c, n in cols}
        id_col = keys.get(ID_KEY, 1)
        for r in range(FIRST_ROW, ws.max_row + 1):
            rid = parse_text(ws.cell(r, id_col).value)
            if rid.startswith("#"):
                continue
            raw = {col.key: ws.cell(r, n).value for col, n in cols}
            if not rid and all(parse_text(v) == "" for v in raw.values()):
                continue
            values: dict[str, Any] = {}
            for col, n in cols:
                try:
                    values[col.key] = self.parse(col, raw[col.key], spec.collection)
                except CellError as exc:
                    self.problem(ws.title, r, n, header[col], self.message(exc))
            if not rid:
                self.new_row(spec, ws.title, r, values, cols, header)
                continue
            if rid not in by_id:
                text = (_("record {id} was deleted in aeflow after the export", id=rid) if rid in originals
                        else _("there is no record with the id {id} in the project", id=rid))
                self.problem(ws.title, r, id_col, _("ID"), text)
                continue
            index = by_id[rid]
            self.where[(spec.collection, index)] = (ws.title, r, {c.key: (get_column_letter(n), header[c])
                                                                  for c, n in cols})
            current = self.current_records(spec.collection)[index]
            for col, n in cols:
                if col.key not in values:
                    continue
                if values[col.key] is None and col.kind in ("status", "risk_status", "score"):
                    self.problem(ws.title, r, n, header[col], _("must not be empty"))
                    continue
                exported = originals.get(rid, {}).get(col.key)
                new, now = normal(values[col.key]), normal(record_value(current, col.key))
                if exported is None:
                    exported = now
                if new == exported or new == now:
                    continue
                if now != exported:
                    self.problem(ws.title, r, n, header[col], _(
                        "changed in aeflow after the export (from {exported} to {current}); the workbook says {new}",
                        exported=exported or "—", current=now or "—", new=new or "—"))
                    continue
                self.apply(records[index], col.key, values[col.key], spec.collection)
                self.changes.append(CellChange(ws.title, r, get_column_letter(n), header[col], rid, col.key,
                                               now, new))

    def new_row(self, spec: SheetSpec, title: str, r: int, values: dict[str, Any], cols: list, header: dict) -> None:
        assert spec.collection is not None
        prefix = NEW_ID_PREFIX.get(spec.collection)
        if prefix is None:
            self.problem(title, r, 1, _("ID"), _("new budget lines are added in aeflow, not in the workbook"))
            return
        missing = [header[c] for c, _n in cols if c.key in REQUIRED_NEW[spec.collection]
                   and values.get(c.key) in (None, "")]
        if missing:
            self.problem(title, r, 1, _("ID"), _("a new row needs: {fields}", fields=", ".join(missing)))
            return
        records = self.records(spec.collection)
        taken = {rec["id"] for rec in records}
        n = len(records) + 1
        while f"{prefix}{n}" in taken:
            n += 1
        rid = f"{prefix}{n}"
        record: dict[str, Any] = {"id": rid}
        for key, value in values.items():
            if value not in (None, "", [], False):
                self.apply(record, key, value, spec.collection)
        records.append(record)
        self.where[(spec.collection, len(records) - 1)] = (title, r, {c.key: (get_column_letter(n_), header[c])
                                                                      for c, n_ in cols})
        for c, n_ in cols:
            if c.key in record or c.key in ("when", "then") and record.get("contingency"):
                self.changes.append(CellChange(title, r, get_column_letter(n_), header[c], rid, c.key, "",
                                               normal(values.get(c.key)), added=True))

    def current_records(self, collection: str) -> list[Any]:
        return list(self.current.budget.lines) if collection == "budget.lines" else list(
            getattr(self.current, collection))

    def apply(self, record: dict[str, Any], key: str, value: Any, collection: str) -> None:
        if key in ("when", "then"):
            contingency = dict(record.get("contingency") or {"when": "", "then": ""})
            contingency[key] = value
            record["contingency"] = contingency if contingency["when"] or contingency["then"] else None
            return
        if key == "status" and collection == "work_items":
            record.setdefault("status_history", []).append(
                {"date": self.today, "status": value, "by": self.author, "note": ""})
        record[key] = value

    def validate(self) -> Project | None:
        try:
            return parse_project(self.data)
        except Invalid as exc:
            for p in exc.problems:
                self.locate(p)
            return None

    def locate(self, p: Any) -> None:
        path = list(p.path)
        collection = "budget.lines" if path[:2] == ["budget", "lines"] else str(path[0]) if path else ""
        rest = path[2:] if collection == "budget.lines" else path[1:]
        if rest and isinstance(rest[0], int) and (collection, rest[0]) in self.where:
            sheet, row, columns = self.where[(collection, rest[0])]
            key = str(rest[1]) if len(rest) > 1 else ""
            key = {"contingency": "when"}.get(key, key)
            letter, header = columns.get(key, ("A", _("ID")))
            self.problems.append(CellProblem(sheet, row, letter, header, describe(p)))
        else:
            self.problems.append(CellProblem("—", 0, "—", p.dotted_path, describe(p)))


def read_workbook(data: bytes, current: Project, *, today: dt.date, author: str) -> WorkbookEdit:
    """The project with the workbook's edits applied, and the list of those edits (see the module doc)."""
    try:
        wb = load_workbook(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFailed(not_a_workbook(), detail=detail(exc)) from None
    except (KeyError, ValueError, OSError) as exc:
        raise ImportFailed(_("the file is not an Excel workbook (.xlsx): {reason}", reason=str(exc))) from None
    meta = _meta(wb)
    if meta.get("project") != current.id:
        raise ImportFailed(_("this workbook belongs to project {other}, not {id}", other=meta.get("project"),
                             id=current.id))
    reader = _Reader(current, meta, today, author)
    for spec in TABLE_SHEETS:
        title = meta.get("sheets", {}).get(spec.key)
        if title is None:
            continue
        if title not in wb.sheetnames:
            reader.problems.append(CellProblem(title, 0, "—", "—", _("the sheet {name} is missing (renamed or deleted)",
                                                                    name=title)))
            continue
        reader.sheet(spec, wb[title])
    project = reader.validate() if not reader.problems else None
    if reader.problems or project is None:
        raise ImportFailed(_("the workbook was not imported: {count} problem(s); nothing was changed",
                             count=len(reader.problems)), problems=reader.problems)
    return WorkbookEdit(project, reader.changes, meta.get("version"))
