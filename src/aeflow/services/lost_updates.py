"""What importing a stale project file would undo (the lost-update rule of ``aeflow import --replace``).

A file exported from the database names its version (``base_version``). Importing it over a project
that has moved on since is safe when the file leaves the changes made meanwhile alone: every such
change is already in the file, or the file does not touch it. A change made meanwhile that the file
would change again is a lost update, and the import is refused unless forced.

The file's own lineage is not "made meanwhile": the versions that the same author stored by
importing a file declaring the same ``base_version`` came from this file (export → edit → import →
edit the same field again → import), so changing their values again undoes nobody's work. That
holds only where the file itself changes the value relative to its base: a field the file still
has at the base version's value cannot carry that import's change, so the import came from another
copy of the export (say, one a colleague edited and sent back) and changing it back is still a lost
update. Everything else counts as before: another author's import or edit, an edit in the web app,
a restore, a file exported from another version.
"""

from __future__ import annotations

from dataclasses import dataclass

from aeflow.domain.diff import Change, diff, touches, undone
from aeflow.storage.repository import Document, Head, ProjectRepository, StoredVersion


@dataclass(frozen=True)
class Lost:
    """The changes made meanwhile that an import would undo (``paths``, in history order), the
    latest version that made one of them (``by``; ``None`` when nothing is lost) and whether that
    was an import by the same author of a file of the same base (``own``: the file has its base
    version's values where that import changed them — another copy of the export, or set back)."""

    paths: list[str]
    by: StoredVersion | None = None
    own: bool = False


def lost_updates(
    repo: ProjectRepository, head: Head, base_version: int | None, document: Document, *, author: str
) -> Lost | None:
    """What storing ``document`` (a file exported from ``base_version``, imported by ``author``) over
    ``head`` would undo. Nothing for a hand-written file (no ``base_version``) or a file of the
    current version; ``None`` when the project has no version ``base_version`` (nothing to compare)."""
    if base_version is None or base_version == head.version:
        return Lost([])
    base = repo.version(head.project_id, base_version)
    if base is None or base.snapshot is None:
        return None
    ours = diff(head.document, document)
    edited = diff(base.snapshot, document)  # what the file itself changes relative to its base
    paths: list[str] = []
    by: StoredVersion | None = None
    own = False
    for version in repo.versions(head.project_id):
        if not base_version < version.version <= head.version:
            continue
        mine = own_import(version, base_version, author)
        undoes = undone(_not_in_file(version.changes, edited) if mine else version.changes, ours)
        if undoes:
            paths += [p for p in undoes if p not in paths]
            by, own = version, mine
    return Lost(paths, by, own)


def _not_in_file(changes: list[Change], edited: list[Change]) -> list[Change]:
    """The changes of one of the file's own imports at values the file does not change itself."""
    return [c for c in changes if not any(touches(c.path, e.path) for e in edited)]


def own_import(version: StoredVersion, base_version: int, author: str) -> bool:
    """``version`` was stored by ``author`` importing a file exported from ``base_version``."""
    return version.file_base_version == base_version and version.author == author
