"""Read an edited workbook back into a project (``aeflow import-xlsx``): preview, then apply.

:func:`preview` reads and checks everything and changes nothing; :func:`apply` stores the previewed
project as one new version — one history entry — and refuses (``Conflict``) if the project changed
in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from aeflow.domain.project import Project
from aeflow.errors import ImportFailed, NotFound
from aeflow.exporters.xlsx_read import CellChange, read_workbook
from aeflow.files import detail, unreadable_reason
from aeflow.i18n import _
from aeflow.services import projects
from aeflow.storage.database import Database


@dataclass(frozen=True)
class WorkbookImport:
    project: Project
    """The project with the workbook's edits applied (not stored yet)."""
    base_version: int
    exported_version: int | None
    changes: list[CellChange]
    file: str


def preview(db: Database, project_id: str, file: Path, *, author: str, today: dt.date) -> WorkbookImport:
    if project_id.endswith((".yaml", ".yml")) or Path(project_id).is_file():
        raise ImportFailed(_("a workbook is read back into a project in the database, not into a file"),
                           hint=_("import the project file first: aeflow import FILE"))
    current, version = projects.load(db, project_id)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=file), file=str(file)) from None
    except OSError as exc:
        raise ImportFailed(_("the file cannot be read: {reason}", reason=unreadable_reason(exc)), file=str(file),
                           detail=detail(exc)) from None
    edit = read_workbook(data, current, today=today, author=author)
    return WorkbookImport(edit.project, version, edit.exported_version, edit.changes, file.name)


def apply(db: Database, result: WorkbookImport, *, author: str, reason: str = "") -> int:
    """Store the previewed edits as the next version; returns it (unchanged content stores nothing)."""
    if not result.changes:
        return result.base_version
    why = reason or _("workbook {file}: {count} cell(s) changed", file=result.file, count=len(result.changes))
    return projects.save(db, result.project, expected_version=result.base_version, author=author, reason=why)
