"""Project use cases: import, export, load, save, list, history, show and restore a version.

Every function runs in one transaction of its own. Every stored change becomes a new version
with its author, time, reason and field changes; nothing is ever overwritten or deleted. Writes
name the version they are based on, and a write based on a stale version is refused with
:class:`~aeflow.errors.Conflict` (optimistic concurrency), so no one's change is lost silently.
A project file exported from the database names its version (``base_version``); importing it over
a project that has moved on since is refused when it would undo a change made meanwhile, unless
forced (which the history records). The file's own earlier imports (same author, same base_version,
recorded with each version) are not changes made meanwhile, so edit → import → edit → import works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError

from aeflow.domain.common import CampaignType, Level, Stage
from aeflow.domain.diff import Change, diff
from aeflow.domain.project import Project
from aeflow.errors import NotFound
from aeflow.i18n import _
from aeflow.services import project_errors as errors
from aeflow.services.lost_updates import lost_updates
from aeflow.services.project_errors import local_time
from aeflow.storage.database import Database
from aeflow.storage.repository import Document, Head, ProjectRepository, from_document, to_document
from aeflow.storage.yamlfile import ProjectFile, load_project_file, parse_project_file, read_text

__all__ = [
    "FILE_HEADER",
    "HistoryEntry",
    "Imported",
    "ProjectSummary",
    "export_file",
    "get_version",
    "history",
    "import_file",
    "import_project",
    "list_projects",
    "load",
    "local_time",
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
    timezone: str = "Asia/Shanghai"  # the project's, in which the CLI and the web show times


# The path under which the history records a change of the file's leading comment block.
FILE_HEADER = "file_header"


@dataclass(frozen=True)
class Imported:
    """The outcome of importing a project file.

    ``replaced`` is the version the import was stored over (``None`` for a new project);
    ``base_version`` the version the file says it was exported from (``None``: hand-written, so
    nothing could be checked); ``forced`` whether newer versions were overwritten on purpose.
    """

    project: Project
    version: int
    replaced: int | None
    base_version: int | None
    forced: bool = False

    @property
    def unchecked(self) -> bool:
        """Stored over an existing version without knowing what the file was based on."""
        return self.replaced is not None and self.base_version is None and self.version != self.replaced


def import_file(
    db: Database, path: Path, *, author: str, reason: str = "", replace: bool = False, force: bool = False
) -> Imported:
    """Read a project file and store it (see :func:`import_project`), keeping its comment block."""
    file = parse_project_file(read_text(path), str(path))
    version, replaced, forced = _import(
        db, file.project, author=author, reason=reason, replace=replace, base_version=file.base_version,
        force=force, file_header=file.header,
    )
    return Imported(file.project, version, replaced, file.base_version, forced and version != replaced)


def import_project(
    db: Database,
    project: Project,
    *,
    author: str,
    reason: str = "",
    replace: bool = False,
    base_version: int | None = None,
    force: bool = False,
    file_header: str | None = None,
) -> int:
    """Store a project (from a file) and return its version: 1 when new.

    An id already in the database is a :class:`Conflict` unless ``replace``, which stores the
    project as the next version (the history keeps the old ones; unchanged content stores nothing).
    With ``base_version`` (the version the file was exported from), a project that has moved on
    since is a :class:`Conflict` naming both versions when it would undo a change made meanwhile
    (not counting earlier imports by ``author`` of a file based on the same version), unless
    ``force``, which stores it anyway and says so in the history. ``file_header`` is the file's comment block (``None``: keep the current one).
    All or nothing: a failed import leaves the database as it was.
    """
    return _import(
        db, project, author=author, reason=reason, replace=replace, base_version=base_version, force=force,
        file_header=file_header,
    )[0]


def _import(
    db: Database,
    project: Project,
    *,
    author: str,
    reason: str,
    replace: bool,
    base_version: int | None,
    force: bool,
    file_header: str | None,
) -> tuple[int, int | None, bool]:
    """``(stored version, version it replaced or None, whether it was forced over lost changes)``."""
    document = to_document(project)
    head: Head | None = None
    try:
        with db.session() as session:
            repo = ProjectRepository(session)
            head = repo.head(project.id)
            if head is None:
                return repo.add(document, at=db.now(), author=author, reason=reason,
                                file_header=file_header or "", file_base_version=base_version), None, False
            if not replace:
                raise errors.exists(project.id)
            lost = lost_updates(repo, head, base_version, document, author=author)
            forced = lost is None or bool(lost.paths)
            if forced:
                if not force:
                    raise errors.moved_on(repo, head, base_version, lost)
                reason = _(
                    "{reason} (forced: the file was based on version {base}, stored over version {current})",
                    reason=reason, base=base_version, current=head.version,
                ).strip()
            version = _store(
                db, repo, head, document, expected_version=head.version, author=author, reason=reason,
                file_header=file_header, file_base_version=base_version,
            )
            return version, head.version, forced
    except IntegrityError as exc:
        if head is None and errors.exists_now(db, project.id):  # someone imported the same id just before us
            raise errors.exists(project.id) from None
        raise errors.import_failed(project.id, exc) from None
    except DBAPIError as exc:
        raise errors.import_failed(project.id, exc) from None


def load(db: Database, project_id: str) -> tuple[Project, int]:
    """The current version of a project and its version number."""
    with db.session(write=False) as session:
        found = ProjectRepository(session).get(project_id)
    if found is None:
        raise errors.not_found(project_id)
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
            raise errors.not_found(project.id)
        return _store(
            db, repo, head, document, expected_version=expected_version, author=author, reason=reason
        )


def export_file(db: Database, ref: str, version: int | None = None) -> ProjectFile:
    """What ``aeflow export`` writes as a project file: the project (current or ``version``), the
    version it is (the file's ``base_version``) and the comment block stored with that version.
    A project file as ``ref`` is given back as it is, without a base version."""
    if version is None and _is_file(ref):
        return parse_project_file(read_text(Path(ref)), ref)
    with db.session(write=False) as session:
        repo = ProjectRepository(session)
        head = repo.head(ref)
        if head is None:
            raise errors.not_found(ref)
        stored = repo.version(ref, head.version if version is None else version)
    if stored is None or stored.snapshot is None:
        raise errors.no_version(ref, version or 0, head.version)
    return ProjectFile(from_document(stored.snapshot), stored.version, stored.file_header)


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
        repo = ProjectRepository(session)
        versions = repo.versions(project_id)
        head = repo.head(project_id)
    if not versions or head is None:
        raise errors.not_found(project_id)
    zone = str(head.document.get("timezone") or "Asia/Shanghai")
    return [
        HistoryEntry(
            version=v.version,
            author=v.author,
            at=v.created_at,
            reason=v.reason,
            changes=v.changes,
            restored_from=v.restored_from,
            timezone=zone,
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
            raise errors.not_found(project_id)
        raise errors.no_version(project_id, version, head.version)
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
            raise errors.not_found(project_id)
        stored = repo.version(project_id, version)
        if stored is None or stored.snapshot is None:
            raise errors.no_version(project_id, version, head.version)
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
            file_header=stored.file_header,
        )


def resolve(db: Database, ref: str) -> tuple[Project, int | None]:
    """A PROJECT argument: a project file (``.yaml``/``.yml`` or an existing file; version ``None``)
    or the id of a project in the database (with its current version)."""
    if _is_file(ref):
        return load_project_file(Path(ref)), None
    try:
        return load(db, ref)
    except NotFound:
        raise NotFound(
            _("{ref} is neither a project file nor the id of a project in the database", ref=ref),
            hint=_("Give the path of a project file (.yaml), or import the file first: aeflow import FILE"),
            project_id=ref,
        ) from None


def _is_file(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or Path(ref).is_file()


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
    file_header: str | None = None,
    file_base_version: int | None = None,
) -> int:
    """Write ``document`` as the version after ``expected_version`` (or nothing, if unchanged).

    ``file_header`` is the project file's comment block; ``None`` keeps the current version's.
    ``file_base_version`` the base_version an imported file declared (``None``: not a file's import)."""
    latest = repo.version(head.project_id, head.version)
    current_header = latest.file_header if latest else ""
    header = current_header if file_header is None else file_header
    if document == head.document and header == current_header:
        return head.version
    if head.version != expected_version:
        raise errors.stale(repo, head, expected_version)
    changes = diff(head.document, document)
    if header != current_header:
        changes.append(Change(FILE_HEADER, current_header or None, header or None))
    version = repo.update(
        document,
        expected_version=expected_version,
        at=db.now(),
        author=author,
        reason=reason,
        changes=changes,
        restored_from=restored_from,
        file_header=header,
        file_base_version=file_base_version,
    )
    if version is None:  # another writer committed between our read and our write
        current = repo.head(head.project_id)
        raise errors.stale(repo, current or head, expected_version)
    return version
