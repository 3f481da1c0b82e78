"""The errors of the project use cases, each a sentence in the user's language with what to do next,
and the project-time formatting they use."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import DBAPIError

from aeflow.domain.diff import diff
from aeflow.errors import Conflict, ImportFailed, NotFound
from aeflow.i18n import _
from aeflow.services.lost_updates import Lost
from aeflow.storage.database import Database
from aeflow.storage.repository import Head, ProjectRepository


def local_time(at: dt.datetime, timezone: str) -> str:
    """A stored (UTC) time in a project's time zone with its offset, e.g. ``2026-05-20 14:03 +08:00``
    (an unknown zone falls back to UTC)."""
    try:
        zone: dt.tzinfo = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%d %H:%M ") + (offset[:3] + ":" + offset[3:] if offset else "UTC")


def stale(repo: ProjectRepository, head: Head, expected_version: int) -> Conflict:
    latest = repo.version(head.project_id, head.version)
    author = latest.author if latest else "?"
    at = latest.created_at if latest else head.updated_at
    return Conflict(
        _(
            "Project {id} was changed by {author} at {at} and is now at version {current}, but your changes "
            "are based on version {expected}. Nothing was saved.",
            id=head.project_id,
            author=author,
            at=local_time(at, str(head.document.get("timezone") or "UTC")),
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


def moved_on(repo: ProjectRepository, head: Head, base_version: int, lost: Lost | None = None) -> Conflict:
    """A file exported from ``base_version`` imported over a project that is at another version now;
    ``lost`` the changes since that the file would undo and who made the latest of them (default:
    every change since, by the latest version's author)."""
    latest = (lost.by if lost else None) or repo.version(head.project_id, head.version)
    base = repo.version(head.project_id, base_version)
    author = latest.author if latest else "?"
    at = latest.created_at if latest else head.updated_at
    zone = str(head.document.get("timezone") or "UTC")
    if base is not None and base.snapshot is not None:
        paths = (lost.paths if lost else []) or [c.path for c in diff(base.snapshot, head.document)]
        shown = "、".join(paths[:5]) + (_(" and {n} more", n=len(paths) - 5) if len(paths) > 5 else "")
        since = _("changed since: {paths}", paths=shown or "—")
    else:
        since = _("the project has no version {base}", base=base_version)
    return Conflict(
        _(
            "This file is based on version {base} of project {id}, but the project is now at version {current} "
            "(changed by {author} at {at}; {since}). Importing it would undo those changes, so nothing "
            "was saved.",
            base=base_version, id=head.project_id, current=head.version, author=author,
            at=local_time(at, zone), since=since,
        ),
        hint=_own_copy_hint(head.project_id, base_version, latest.version) if lost and lost.own and latest
        else _(
            "See what changed: aeflow history {id}. Then export version {current} (aeflow export {id} -o FILE), "
            "re-apply your edits and import that file; or overwrite them with --force (the history keeps every "
            "version).",
            id=head.project_id, current=head.version,
        ),
        project_id=head.project_id,
        current_version=head.version,
        base_version=base_version,
        changed_by=author,
        changed_at=at,
    )


def _own_copy_hint(project_id: str, base_version: int, version: int) -> str:
    """The changes a file would undo are the same author's import of a file of the same base, at values
    this file has as the base had them: another copy of the export, or values set back on purpose."""
    return _(
        "Version {version} is your own import of a file based on version {base}, but this file still has "
        "version {base}'s values there: it may be another copy of that export (aeflow history {id} shows "
        "what changed). If you set those values back on purpose, import it with --force (the history keeps "
        "every version).",
        id=project_id, base=base_version, version=version,
    )


def exists(project_id: str) -> Conflict:
    return Conflict(
        _("A project with the id {id} is already in the database.", id=project_id),
        hint=_(
            "To store this file as the next version of {id} (its history keeps the old versions), "
            "import it with --replace.",
            id=project_id,
        ),
        project_id=project_id,
    )


def exists_now(db: Database, project_id: str) -> bool:
    with db.session(write=False) as session:
        return ProjectRepository(session).head(project_id) is not None


def import_failed(project_id: str, exc: DBAPIError) -> ImportFailed:
    lines = str(exc.orig).strip().splitlines()
    reason = lines[0] if lines else type(exc.orig).__name__
    return ImportFailed(
        _("The import of project {id} failed and nothing was stored: {reason}", id=project_id, reason=reason),
        project_id=project_id,
    )


def not_found(project_id: str) -> NotFound:
    return NotFound(
        _("There is no project with the id {id} in the database.", id=project_id),
        hint=_("Import its project file first: aeflow import FILE"),
        project_id=project_id,
    )


def no_version(project_id: str, version: int, latest: int) -> NotFound:
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
