"""Filling the retrospective (``aeflow retro``, the web's 复盘 button) and storing the result.

Where the result goes is always said and never a surprise: a project in the database gets a new
version in its history (none when nothing changed); a project file is never rewritten in place
unless ``output`` names it — without ``output`` nothing is written and the caller shows the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aeflow.domain.project import Project
from aeflow.engines.monitoring.retro import Flag, Formats, check
from aeflow.errors import ExportFailed
from aeflow.i18n import _
from aeflow.importers.registry import MEASURES
from aeflow.metrics.definitions import METRICS
from aeflow.metrics.store import MetricsStore
from aeflow.services import projects
from aeflow.services.monitoring import fill_retrospective
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import dump_project, read_text

FORMATS = Formats(percent=frozenset(m for m, d in METRICS.items() if d.percent), whole=frozenset(MEASURES))


@dataclass
class Filled:
    """The filled project and what became of it."""

    project: Project
    flags: list[Flag] = field(default_factory=list)
    has_data: bool = False
    changed: bool = False
    """Whether the fill changed the retrospective at all."""
    version: int | None = None
    """The project's version in the database after the fill (a new one only when ``changed``)."""
    written: Path | None = None
    """The file written (only when one was asked for)."""


def fill(store: MetricsStore, project: Project) -> Filled:
    """The filled project and its flags; nothing stored."""
    filled = fill_retrospective(store, project)
    return Filled(filled, check(filled.retrospective, FORMATS), has_data=bool(store.fact_count(project.id)),
                  changed=filled.retrospective != project.retrospective)


def save_filled(db: Database, store: MetricsStore, project: Project, *, expected_version: int,
                author: str) -> Filled:
    """Fill the database project and store the result as its next version (nothing when unchanged)."""
    out = fill(store, project)
    out.version = (projects.save(db, out.project, expected_version=expected_version, author=author,
                                 reason=_("retrospective filled from the imported data"))
                   if out.changed else expected_version)
    return out


def run(db: Database, store: MetricsStore, ref: str, *, output: Path | None, author: str) -> Filled:
    """``aeflow retro PROJECT [-o FILE]``: fill the project named by ``ref`` (a file or an id); write
    ``output`` when given, else store a database project's new version, else write nothing."""
    project, version = projects.resolve(db, ref)
    if output is not None:
        out = fill(store, project)
        source = Path(ref) if version is None else None
        write_filled(out.project, output, source)
        out.written = output
        return out
    if version is None:
        return fill(store, project)
    return save_filled(db, store, project, expected_version=version, author=author)


def leading_comments(text: str) -> list[str]:
    """The comment block a project file starts with (its conventions header), line by line."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def write_filled(project: Project, path: Path, source: Path | None) -> None:
    """Write ``project`` to ``path`` atomically, starting with the comment header of ``source`` (the
    file it was read from, aeflow's own header lines left out), so the file's conventions survive."""
    body = dump_project(project)
    if source is not None and source.is_file():
        own = set(leading_comments(body))
        header = [line for line in leading_comments(read_text(source)) if line not in own]
        if header:
            body = "\n".join(header) + "\n" + body
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(_("{path} could not be written: {reason}", path=str(path),
                             reason=exc.strerror or str(exc)), file=str(path)) from None
