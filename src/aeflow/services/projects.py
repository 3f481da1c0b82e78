"""Project use cases: import, load, save, list, history, show and restore a version.

Every function runs in one transaction of its own. Every stored change becomes a new version
with its author, time, reason and field changes; nothing is ever overwritten or deleted. Writes
name the version they are based on, and a write based on a stale version is refused with
:class:`~aeflow.errors.Conflict` (optimistic concurrency), so no one's change is lost silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import DBAPIError, IntegrityError

from aeflow.domain.common import CampaignType, Level, Stage
from aeflow.domain.diff import Change, diff
from aeflow.domain.project import Project
from aeflow.errors import Conflict, ImportFailed, NotFound
from aeflow.i18n import _
from aeflow.storage.database import Database
from aeflow.storage.repository import Document, Head, ProjectRepository, from_document, to_document
from aeflow.storage.yamlfile import load_project_file

__all__ = [
    "HistoryEntry",
    "ProjectSummary",
    "get_version",
    "history",
    "import_project",
    "list_projects",
    "load",
    "resolve",
    "restore",
    "save",
]


@dataclass(frozen=True)
class ProjectSummary:
    """One line of the project list."""

    id: str
    name: str
    client: str
    client_id: str
    campaign_type: CampaignType
    level: int  # 1 or 3 (aeflow.domain.common.Level's values)
    stage: Stage
    kickoff: dt.date
    launch: dt.date
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a project: who stored it, when, why, and what it changed.

    Version 1 is the import and has no changes; ``restored_from`` names the version a restore copied.
    """

    version: int
    author: str
    at: dt.datetime
    reason: str
    changes: list[Change]
    restored_from: int | None = None


def import_project(
    db: Database, project: Project, *, author: str, reason: str = "", replace: bool = False
) -> int:
    """Store a project (from a file) and return its version: 1 when new.

    An id already in the database is a :class:`Conflict` unless ``replace``, which stores the
    project as the next version (the history keeps the old ones; unchanged content stores nothing).
    All or nothing: a failed import leaves the database as it was.
    """
    document = to_document(project)
    head: Head | None = None
    try:
        with db.session() as session:
            repo = ProjectRepository(session)
            head = repo.head(project.id)
            if head is None:
                return repo.add(document, at=db.now(), author=author, reason=reason)
            if not replace:
                raise _exists(project.id)
            return _store(
                db, repo, head, document, expected_version=head.version, author=author, reason=reason
            )
    except IntegrityError as exc:
        if head is None and _exists_now(db, project.id):  # someone imported the same id just before us
            raise _exists(project.id) from None
        raise _import_failed(project.id, exc) from None
    except DBAPIError as exc:
        raise _import_failed(project.id, exc) from None


def load(db: Database, project_id: str) -> tuple[Project, int]:
    """The current version of a project and its version number."""
    with db.session(write=False) as session:
        found = ProjectRepository(session).get(project_id)
    if found is None:
        raise _not_found(project_id)
    return found


def save(db: Database, project: Project, *, expected_version: int, author: str, reason: str) -> int:
    """Store an edited project as the next version and return its number.

    ``expected_version`` is the version the edit started from; if the project has moved on since,
    :class:`Conflict` says who changed it and when, and nothing is stored. Content equal to the
    current version stores nothing and returns the current version.
    """
    document = to_document(project)
    with db.session() as session:
        repo = ProjectRepository(session)
        head = repo.head(project.id)
        if head is None:
            raise _not_found(project.id)
        return _store(
            db, repo, head, document, expected_version=expected_version, author=author, reason=reason
        )


def list_projects(db: Database) -> list[ProjectSummary]:
    """Every project in the database, most recently changed first."""
    with db.session(write=False) as session:
        rows = ProjectRepository(session).summaries()
    return [
        ProjectSummary(
            id=r.id,
            name=r.name,
            client=r.client_name,
            client_id=r.client_id,
            campaign_type=CampaignType(r.campaign_type),
            level=Level(r.level).value,
            stage=Stage(r.stage),
            kickoff=r.kickoff,
            launch=r.launch,
            version=r.version,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


def history(db: Database, project_id: str) -> list[HistoryEntry]:
    """Every version of a project, oldest first."""
    with db.session(write=False) as session:
        versions = ProjectRepository(session).versions(project_id)
    if not versions:
        raise _not_found(project_id)
    return [
        HistoryEntry(
            version=v.version,
            author=v.author,
            at=v.created_at,
            reason=v.reason,
            changes=v.changes,
            restored_from=v.restored_from,
        )
        for v in versions
    ]


def get_version(db: Database, project_id: str, version: int) -> Project:
    """The project as it was at ``version``."""
    with db.session(write=False) as session:
        repo = ProjectRepository(session)
        stored = repo.version(project_id, version)
        head = repo.head(project_id) if stored is None else None
    if stored is None or stored.snapshot is None:
        if head is None:
            raise _not_found(project_id)
        raise _no_version(project_id, version, head.version)
    return from_document(stored.snapshot)


def restore(
    db: Database,
    project_id: str,
    version: int,
    *,
    author: str,
    reason: str,
    expected_version: int | None = None,
) -> int:
    """Make an earlier version current again, as a new version; returns the new version's number.

    Nothing is lost: the versions in between stay in the history. With ``expected_version``, a
    project that moved on since is a :class:`Conflict`.
    """
    with db.session() as session:
        repo = ProjectRepository(session)
        head = repo.head(project_id)
        if head is None:
            raise _not_found(project_id)
        stored = repo.version(project_id, version)
        if stored is None or stored.snapshot is None:
            raise _no_version(project_id, version, head.version)
        document = to_document(from_document(stored.snapshot))
        expected = head.version if expected_version is None else expected_version
        return _store(
            db,
            repo,
            head,
            document,
            expected_version=expected,
            author=author,
            reason=reason,
            restored_from=version,
        )


def resolve(db: Database, ref: str) -> tuple[Project, int | None]:
    """A PROJECT argument: a project file (``.yaml``/``.yml`` or an existing file; version ``None``)
    or the id of a project in the database (with its current version)."""
    path = Path(ref)
    if ref.endswith((".yaml", ".yml")) or path.is_file():
        return load_project_file(path), None
    try:
        return load(db, ref)
    except NotFound:
        raise NotFound(
            _("{ref} is neither a project file nor the id of a project in the database", ref=ref),
            hint=_("Give the path of a project file (.yaml), or import the file first: aeflow import FILE"),
            project_id=ref,
        ) from None


def _store(
    db: Database,
    repo: ProjectRepository,
    head: Head,
    document: Document,
    *,
    expected_version: int,
    author: str,
    reason: str,
    restored_from: int | None = None,
) -> int:
    """Write ``document`` as the version after ``expected_version`` (or nothing, if unchanged)."""
    if document == head.document:
        return head.version
    if head.version != expected_version:
        raise _stale(repo, head, expected_version)
    version = repo.update(
        document,
        expected_version=expected_version,
        at=db.now(),
        author=author,
        reason=reason,
        changes=diff(head.document, document),
        restored_from=restored_from,
    )
    if version is None:  # another writer committed between our read and our write
        current = repo.head(head.project_id)
        raise _stale(repo, current or head, expected_version)
    return version


def _stale(repo: ProjectRepository, head: Head, expected_version: int) -> Conflict:
    latest = repo.version(head.project_id, head.version)
    author = latest.author if latest else "?"
    at = latest.created_at if latest else head.updated_at
    return Conflict(
        _(
            "Project {id} was changed by {author} at {at} and is now at version {current}, but your changes "
            "are based on version {expected}. Nothing was saved.",
            id=head.project_id,
            author=author,
            at=_when(at, head.document),
            current=head.version,
            expected=expected_version,
        ),
        hint=_(
            "Load the project again (version {current}), re-apply your changes and save.",
            current=head.version,
        ),
        project_id=head.project_id,
        current_version=head.version,
        expected_version=expected_version,
        changed_by=author,
        changed_at=at,
    )


def _when(at: dt.datetime, document: Document) -> str:
    """A time in the project's own time zone, e.g. ``2026-05-20 14:03 +08:00``."""
    try:
        zone: dt.tzinfo = ZoneInfo(str(document.get("timezone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%d %H:%M ") + (offset[:3] + ":" + offset[3:] if offset else "UTC")


def _exists(project_id: str) -> Conflict:
    return Conflict(
        _("A project with the id {id} is already in the database.", id=project_id),
        hint=_(
            "To store this file as the next version of {id} (its history keeps the old versions), "
            "import it with --replace.",
            id=project_id,
        ),
        project_id=project_id,
    )


def _exists_now(db: Database, project_id: str) -> bool:
    with db.session(write=False) as session:
        return ProjectRepository(session).head(project_id) is not None


def _import_failed(project_id: str, exc: DBAPIError) -> ImportFailed:
    lines = str(exc.orig).strip().splitlines()
    reason = lines[0] if lines else type(exc.orig).__name__
    return ImportFailed(
        _("The import of project {id} failed and nothing was stored: {reason}", id=project_id, reason=reason),
        project_id=project_id,
    )


def _not_found(project_id: str) -> NotFound:
    return NotFound(
        _("There is no project with the id {id} in the database.", id=project_id),
        hint=_("Import its project file first: aeflow import FILE"),
        project_id=project_id,
    )


def _no_version(project_id: str, version: int, latest: int) -> NotFound:
    return NotFound(
        _(
            "Project {id} has no version {version}; its versions are 1 to {latest}.",
            id=project_id,
            version=version,
            latest=latest,
        ),
        project_id=project_id,
        version=version,
    )
