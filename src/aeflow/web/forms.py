"""The eight stages' templates as forms: which fields each shows, and form data → project data.

A form edits only the fields it shows; everything else of the project is kept. Table rows carry
a ``_key`` (the record's id, else its position in the version the page was made from) so that
the fields a form does not show (a work item's status trail, a budget line's notes …) survive an
edit. Problems from validation carry their path; :func:`field_name` turns a path into the name
of the input it belongs to, so each message is shown next to its field.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from aeflow.domain.common import Stage
from aeflow.errors import Problem
from aeflow.web.fields import Field
from aeflow.web.stage_fields import STAGE_FIELDS, STAGE_INTROS

Document = dict[str, Any]
PAGE_ROWS = 100

__all__ = ["STAGE_FIELDS", "STAGE_INTROS", "Field", "StageForm", "apply_form", "errors_by_field", "fields_for"]


def fields_for(stage: Stage, depth: int) -> tuple[Field, ...]:
    return tuple(f for f in STAGE_FIELDS[stage] if depth >= 3 or not f.l3)


def columns_for(f: Field, depth: int) -> tuple[Field, ...]:
    return tuple(c for c in f.columns if depth >= 3 or not c.l3)


# --- reading values for display ---------------------------------------------------------------

def get(doc: Mapping[str, Any] | None, path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def display(f: Field, value: Any) -> Any:
    """The value as the input shows it."""
    if value is None:
        if f.kind == "select":
            return f.empty or ""  # a new row shows the record's default choice
        return "" if f.kind != "bool" else False
    if f.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.kind == "cells":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.kind == "time" and isinstance(value, str):
        return value[:5]
    if f.kind == "number" and isinstance(value, float):
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return text or "0"
    return value


def row_key(row: Mapping[str, Any], index: int) -> str:
    rid = row.get("id") if isinstance(row, Mapping) else None
    return f"id:{rid}" if isinstance(rid, str) and rid else f"at:{index}"


# --- form data → project data ------------------------------------------------------------------

def _convert(f: Field, raw: str | None) -> Any:
    if f.kind == "bool":
        return raw is not None and raw not in ("", "0", "false", "off")
    text = (raw or "").strip()
    if f.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if f.kind == "cells":  # one per line, like "lines" (an item may itself contain commas or 、)
        return [part.strip() for part in text.splitlines() if part.strip()]
    if not text:
        return copy.copy(f.empty)
    if f.kind in ("text", "textarea", "select"):
        return raw or ""
    return text.replace(",", "") if f.kind in ("money", "number") else text


def _set(doc: Document, path: str, value: Any) -> None:
    parts = path.split(".")
    target = doc
    for part in parts[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    target[parts[-1]] = value


def _row(base: Mapping[str, Any], columns: tuple[Field, ...], form: FormData, prefix: str) -> tuple[Document, bool]:
    row = copy.deepcopy(dict(base))
    touched = False
    groups: dict[str, list[Any]] = {}
    for c in columns:
        raw = form.get(f"{prefix}.{c.path}")
        text = raw if isinstance(raw, str) else None
        value = _convert(c, text)
        if _touched(c, text):
            touched = True
        if "." in c.path:
            groups.setdefault(c.path.split(".")[0], []).append(value)
        _set(row, c.path, value)
    for group, values in groups.items():  # an optional sub-record left empty is no sub-record
        if all(v in (None, "", []) for v in values) and not _has_hidden(base.get(group), columns, group):
            row[group] = None
    return row, touched


def _touched(c: Field, raw: str | None) -> bool:
    """Whether the user filled this input (a default choice or an empty box is not filling it)."""
    if c.kind == "bool":
        return raw is not None and raw not in ("", "0", "false", "off")
    if c.kind == "select":
        return raw not in (None, "", c.empty)
    return raw is not None and raw.strip() != ""


def _has_hidden(sub: Any, columns: tuple[Field, ...], group: str) -> bool:
    if not isinstance(sub, Mapping):
        return False
    shown = {c.path.split(".", 1)[1] for c in columns if c.path.startswith(group + ".")}
    return any(v not in (None, "", [], False) for k, v in sub.items() if k not in shown and k != "comparison")


TABLE_ROW = re.compile(r"^(?P<path>[a-z_.]+)\[(?P<i>\d+)\]\._key$")


def apply_form(doc: Document, stage: Stage, depth: int, form: FormData) -> tuple[Document, dict[str, list[int]]]:
    """``doc`` with the stage's fields replaced by the form's values (``doc`` is not changed).

    Returns the new document and, per table, the form row index of each resulting record (so that
    a problem at ``work_items[2]`` is shown on the form row it came from).
    """
    out = copy.deepcopy(doc)
    positions: dict[str, list[int]] = {}
    for f in fields_for(stage, depth):
        if f.kind != "table":
            raw = form.get(f.path)
            if f.kind != "bool" and raw is None:
                continue  # not on this form (e.g. the field is read-only for the user)
            _set(out, f.path, _convert(f, raw if isinstance(raw, str) else None))
            continue
        old = get(doc, f.path) or []
        by_key = {row_key(r, i): r for i, r in enumerate(old)}
        indices = sorted({int(m["i"]) for k in form if (m := TABLE_ROW.match(k)) and m["path"] == f.path})
        if not indices:
            continue  # the table is not on this form: keep it as it is
        start, end = _window(form.get(f.path + "._window"), len(old))
        rows: list[Document] = []
        where: list[int] = []
        for i in indices:
            prefix = f"{f.path}[{i}]"
            if form.get(prefix + "._delete"):
                continue
            key = str(form.get(prefix + "._key") or "")
            base = by_key.get(key, {})
            row, touched = _row(base, columns_for(f, depth), form, prefix)
            if not base and not touched:
                continue  # the blank row at the end of a table
            rows.append(row)
            where.append(i)
        _set(out, f.path, list(old[:start]) + rows + list(old[end:]))
        positions[f.path] = list(range(start)) + where + list(range(end, len(old)))
    return out, positions


def _window(raw: Any, total: int) -> tuple[int, int]:
    """The rows of a long table the form showed (``start:end``); all of them when not given."""
    if isinstance(raw, str) and re.fullmatch(r"\d+:\d+", raw):
        start, end = (int(x) for x in raw.split(":"))
        if 0 <= start <= end <= total:
            return start, end
    return 0, total


def field_name(problem: Problem, positions: Mapping[str, list[int]]) -> str:
    """The name of the input a problem belongs to (a prefix of it, if the path is longer)."""
    out = ""
    parts = list(problem.path)
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(part, int):
            table = out
            rows = positions.get(table)
            index = rows[part] if rows is not None and part < len(rows) else part
            out += f"[{index}]"
        else:
            out += ("." if out else "") + str(part)
        i += 1
    return out


def errors_by_field(problems: list[Problem], positions: Mapping[str, list[int]], known: set[str]
                    ) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Problems keyed by the input they belong to; the rest (not on this form) separately."""
    placed: dict[str, list[Problem]] = {}
    rest: list[Problem] = []
    for p in problems:
        name = field_name(p, positions)
        target = next((n for n in _prefixes(name) if n in known), None)
        if target is None:
            rest.append(p)
        else:
            placed.setdefault(target, []).append(p)
    return placed, rest


def _prefixes(name: str) -> list[str]:
    """``a.b[2].c.d`` → ``a.b[2].c.d``, ``a.b[2].c``, ``a.b[2]``, ``a.b``, ``a``."""
    out = [name]
    while True:
        cut = max(name.rfind("."), name.rfind("["))
        if cut <= 0:
            break
        name = name[:cut]
        out.append(name)
    return out


def known_names(doc: Document, stage: Stage, depth: int, extra_rows: int = 1) -> set[str]:
    names: set[str] = set()
    for f in fields_for(stage, depth):
        names.add(f.path)
        if f.kind == "table":
            for i in range(len(get(doc, f.path) or []) + extra_rows):
                names.add(f"{f.path}[{i}]")
                names.update(f"{f.path}[{i}].{c.path}" for c in columns_for(f, depth))
    return names


@dataclass
class StageForm:
    """What the stage template needs: fields, values, and where each problem goes."""

    stage: Stage
    depth: int
    doc: Document
    version: int
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    other_problems: list[Problem] = field(default_factory=list)
    page: int = 0

    @property
    def fields(self) -> tuple[Field, ...]:
        return fields_for(self.stage, self.depth)

    def window(self, f: Field) -> tuple[int, int, int]:
        """(start, end, total) of the rows shown: long tables are shown :data:`PAGE_ROWS` at a time."""
        total = len(get(self.doc, f.path) or [])
        if total <= PAGE_ROWS:
            return 0, total, total
        pages = -(-total // PAGE_ROWS)
        start = min(max(self.page, 0), pages - 1) * PAGE_ROWS
        return start, min(start + PAGE_ROWS, total), total

    def rows(self, f: Field) -> list[tuple[int, str, Mapping[str, Any]]]:
        rows = get(self.doc, f.path) or []
        start, end, total = self.window(f)
        out = [(i, row_key(rows[i], i), rows[i]) for i in range(start, end)]
        if end == total:
            out.append((total, "new", {}))
        return out
