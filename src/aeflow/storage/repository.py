"""Projects ↔ rows: the mapping between the domain model and the tables (no business rules).

A project is stored as its *document*: ``Project.model_dump(mode="json")``, in which money is an
exact decimal string, dates are ISO text and enums their values; reading it back with
``Project.model_validate`` gives an equal project. :func:`to_document` checks that promise before
anything is written, so the database never holds a project it cannot give back unchanged.

Writes of an existing project are conditional on the version the writer read
(``UPDATE … WHERE id = :id AND version = :expected``): :meth:`ProjectRepository.update` returns
``None`` when another writer got there first, and the caller decides what to tell the user.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from aeflow.domain.diff import Change
from aeflow.domain.project import Project
from aeflow.domain.validation import problems_from_error
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _
from aeflow.storage.tables import ProjectRecordRow, ProjectRow, ProjectVersionRow

Document = dict[str, Any]

# Record lists mirrored into ``project_records``, one row per record: section name → path.
SECTIONS: dict[str, tuple[str, ...]] = {
    "brief.objectives": ("brief", "objectives"),
    "insight.personas": ("insight", "personas"),
    "work_items": ("work_items",),
    "budget.lines": ("budget", "lines"),
    "risks": ("risks",),
    "cadence": ("cadence",),
    "decisions": ("decisions",),
    "commitments": ("commitments",),
}


def to_document(project: Project) -> Document:
    """The project's canonical JSON data; :class:`Invalid` if it would not read back identical."""
    document = project.model_dump(mode="json")
    problems = [
        Problem(
            path,
            "not_storable",
            {"input": repr(value), "default": _("infinite or NaN numbers cannot be stored")},
        )
        for path, value in _non_finite(document, ())
    ]
    if not problems:
        try:
            same = Project.model_validate(document) == project
        except ValidationError as exc:
            problems = problems_from_error(exc)
            same = False
        if not same and not problems:
            problems = [
                Problem((), "not_storable", {"default": _("the project does not read back unchanged")})
            ]
    if problems:
        raise Invalid(_("project {id} cannot be stored without loss", id=project.id), problems)
    return document


def from_document(document: Document) -> Project:
    return Project.model_validate(document)


def _non_finite(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], float]]:
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _non_finite(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _non_finite(child, path + (i,))


def _text(value: str) -> str:
    """Text for a plain column: PostgreSQL text cannot hold U+0000 (the JSON document keeps it)."""
    return value.replace("\x00", "")


def _columns(document: Document) -> dict[str, Any]:
    client = document["client"]
    return {
        "name": _text(document["name"]),
        "client_id": client["id"],
        "client_name": _text(client["name"]),
        "campaign_type": document["campaign_type"],
        "level": int(document["level"]),
        "stage": document["stage"],
        "kickoff": dt.date.fromisoformat(document["kickoff"]),
        "launch": dt.date.fromisoformat(document["launch"]),
    }


def records(document: Document) -> Iterator[tuple[str, int, Document]]:
    """``(section, position, record)`` for every record of the document's record lists."""
    for section, path in SECTIONS.items():
        node: Any = document
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        for position, record in enumerate(node or []):
            yield section, position, record


@dataclass(frozen=True)
class Head:
    """The current version of a stored project."""

    project_id: str
    version: int
    document: Document
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class StoredVersion:
    """One version from the history; ``snapshot`` is left out where only the log was asked for."""

    project_id: str
    version: int
    author: str
    created_at: dt.datetime
    reason: str
    restored_from: int | None
    changes: list[Change]
    snapshot: Document | None = None
    file_header: str = ""
    file_base_version: int | None = None  # the base_version of the project file this version was imported from


class ProjectRepository:
    """Reads and writes projects inside the caller's session (the caller owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def head(self, project_id: str) -> Head | None:
        row = self.session.execute(
            select(
                ProjectRow.id,
                ProjectRow.version,
                ProjectRow.document,
                ProjectRow.created_at,
                ProjectRow.updated_at,
            ).where(ProjectRow.id == project_id)
        ).one_or_none()
        return None if row is None else Head(*row)

    def get(self, project_id: str) -> tuple[Project, int] | None:
        head = self.head(project_id)
        return None if head is None else (from_document(head.document), head.version)

    def add(
        self,
        document: Document,
        *,
        at: dt.datetime,
        author: str,
        reason: str,
        file_header: str = "",
        file_base_version: int | None = None,
    ) -> int:
        """Store a new project as version 1."""
        project_id = document["id"]
        self.session.execute(
            insert(ProjectRow).values(
                id=project_id,
                version=1,
                created_at=at,
                updated_at=at,
                document=document,
                **_columns(document),
            )
        )
        self._write_records(project_id, document)
        self._write_version(
            project_id, 1, document, at=at, author=author, reason=reason, changes=[], file_header=file_header,
            file_base_version=file_base_version,
        )
        return 1

    def update(
        self,
        document: Document,
        *,
        expected_version: int,
        at: dt.datetime,
        author: str,
        reason: str,
        changes: list[Change],
        restored_from: int | None = None,
        file_header: str = "",
        file_base_version: int | None = None,
    ) -> int | None:
        """Store the next version if the project is still at ``expected_version``, else ``None``."""
        project_id = document["id"]
        version = expected_version + 1
        result = self.session.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project_id, ProjectRow.version == expected_version)
            .values(version=version, updated_at=at, document=document, **_columns(document))
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        self.session.execute(delete(ProjectRecordRow).where(ProjectRecordRow.project_id == project_id))
        self._write_records(project_id, document)
        self._write_version(
            project_id,
            version,
            document,
            at=at,
            author=author,
            reason=reason,
            changes=changes,
            restored_from=restored_from,
            file_header=file_header,
            file_base_version=file_base_version,
        )
        return version

    def _write_records(self, project_id: str, document: Document) -> None:
        rows = [
            {
                "project_id": project_id,
                "section": section,
                "record_id": str(record["id"]),
                "position": position,
                "data": record,
            }
            for section, position, record in records(document)
        ]
        if rows:
            self.session.execute(insert(ProjectRecordRow), rows)

    def _write_version(
        self,
        project_id: str,
        version: int,
        document: Document,
        *,
        at: dt.datetime,
        author: str,
        reason: str,
        changes: list[Change],
        restored_from: int | None = None,
        file_header: str = "",
        file_base_version: int | None = None,
    ) -> None:
        self.session.execute(
            insert(ProjectVersionRow).values(
                project_id=project_id,
                version=version,
                author=_text(author),
                created_at=at,
                reason=_text(reason),
                restored_from=restored_from,
                snapshot=document,
                changes=[c.to_plain() for c in changes],
                file_header=_text(file_header),
                file_base_version=file_base_version,
            )
        )

    def summaries(self) -> list[Any]:
        """One row per project with its summary columns, most recently changed first."""
        return list(
            self.session.execute(
                select(
                    ProjectRow.id,
                    ProjectRow.name,
                    ProjectRow.client_id,
                    ProjectRow.client_name,
                    ProjectRow.campaign_type,
                    ProjectRow.level,
                    ProjectRow.stage,
                    ProjectRow.kickoff,
                    ProjectRow.launch,
                    ProjectRow.version,
                    ProjectRow.updated_at,
                ).order_by(ProjectRow.updated_at.desc(), ProjectRow.id)
            ).all()
        )

    def versions(self, project_id: str) -> list[StoredVersion]:
        """The history without snapshots, oldest first."""
        rows = self.session.execute(
            select(
                ProjectVersionRow.project_id,
                ProjectVersionRow.version,
                ProjectVersionRow.author,
                ProjectVersionRow.created_at,
                ProjectVersionRow.reason,
                ProjectVersionRow.restored_from,
                ProjectVersionRow.changes,
                ProjectVersionRow.file_base_version,
            )
            .where(ProjectVersionRow.project_id == project_id)
            .order_by(ProjectVersionRow.version)
        ).all()
        return [
            StoredVersion(
                project_id=r.project_id,
                version=r.version,
                author=r.author,
                created_at=r.created_at,
                reason=r.reason,
                restored_from=r.restored_from,
                changes=[Change.from_plain(c) for c in r.changes],
                file_base_version=r.file_base_version,
            )
            for r in rows
        ]

    def version(self, project_id: str, version: int) -> StoredVersion | None:
        row = self.session.execute(
            select(ProjectVersionRow).where(
                ProjectVersionRow.project_id == project_id, ProjectVersionRow.version == version
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return StoredVersion(
            row.project_id,
            row.version,
            row.author,
            row.created_at,
            row.reason,
            row.restored_from,
            [Change.from_plain(c) for c in row.changes],
            row.snapshot,
            row.file_header or "",
            row.file_base_version,
        )
