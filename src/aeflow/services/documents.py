"""Documents to download: the project file (YAML, JSON) and every registered exporter's format.

The exporters (:mod:`aeflow.exporters`) are used when they are installed; a format whose module
is not there yet is simply not offered.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aeflow.domain import Project
from aeflow.errors import NotFound
from aeflow.i18n import N_, _
from aeflow.services import projects
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import dump_project

SeriesOf = Callable[[Project], Any]
"""A project's imported data (:func:`aeflow.services.monitoring.document_series` over the app's one
metrics store), or ``None`` when there is none."""


@dataclass(frozen=True)
class DocFormat:
    name: str
    suffix: str
    media_type: str
    help: str
    audiences: tuple[str, ...] = ("internal", "client")


@dataclass(frozen=True)
class Document:
    content: bytes
    media_type: str
    suffix: str


PROJECT_FILES = (
    DocFormat("yaml", ".yaml", "application/yaml", N_("Project file (YAML): every field, for editing and backup"),
              ("internal",)),
    DocFormat("json", ".json", "application/json", N_("Project data (JSON), for scripts"), ("internal",)),
)


def _exporters() -> dict[str, Any]:
    try:
        from aeflow import exporters
    except ImportError:
        return {}
    try:
        return {e.format.name: e for e in exporters.registry().values()}
    except ImportError:  # some format modules are not installed: offer the others
        out: dict[str, Any] = {}
        for name in exporters.MODULES:
            try:
                module = importlib.import_module(f"aeflow.exporters.{name}")
            except ImportError:
                continue
            out[module.FORMAT.name] = exporters.Exporter(module.FORMAT, module.export)
        return out


def formats() -> list[DocFormat]:
    out = list(PROJECT_FILES)
    for name, e in _exporters().items():
        out.append(DocFormat(name, e.format.suffix, e.format.media_type, e.format.help))
    return out


def judges_kpis(name: str) -> bool:
    """Whether the format's documents judge KPIs and spend (on the imported data); the project
    files (YAML, JSON) only hold the project."""
    return name not in {f.name for f in PROJECT_FILES}


def format_of(name: str) -> DocFormat:
    for f in formats():
        if f.name == name:
            return f
    raise NotFound(_("there is no document format {name}", name=name))


def project_file(db: Database, project_id: str, version: int | None = None) -> str:
    """The project file as ``aeflow export ID -o f.yaml`` writes it: the stored version (``None``: the
    current one) with its ``base_version`` and the comment block stored with it."""
    file = projects.export_file(db, project_id, version)
    return dump_project(file.project, base_version=file.base_version, header=file.header)


def render_document(db: Database, project: Project, name: str, *, audience: str = "internal",
                    version: int | None = None, today: dt.date | None = None, series: Any = None) -> Document:
    """``project`` (stored as ``version``) as the format ``name``. ``series``: the project's imported
    data (:func:`aeflow.services.monitoring.document_series`), so that the document's KPI statuses
    and spend are the dashboard's."""
    fmt = format_of(name)
    if audience not in fmt.audiences:
        raise NotFound(_("the format {name} is not available for this audience", name=name))
    if name == "yaml":
        return Document(project_file(db, project.id, version).encode("utf-8"), fmt.media_type, fmt.suffix)
    if name == "json":
        return Document(project.model_dump_json(indent=2).encode("utf-8"), fmt.media_type, fmt.suffix)
    from aeflow.exporters import Audience, Extras

    exporter = _exporters()[name]
    from aeflow.i18n import get_language

    extras = Extras(today=today or dt.date.today(), version=version, series=series)
    content = exporter.export(project, Audience(audience), get_language(), extras)
    return Document(content, fmt.media_type, fmt.suffix)


def export_job(series_of: SeriesOf) -> Callable[[Database, dict[str, Any], Any], dict[str, Any]]:
    """Job ``export``: write one document into the data folder's ``exports/`` — the same document as
    the direct download, its KPIs judged on the imported data that ``series_of`` gives."""

    def run(db: Database, params: dict[str, Any], progress: Any) -> dict[str, Any]:
        progress(0.1, _("loading the project"))
        project, version = projects.load(db, str(params["project_id"]))
        series = series_of(project) if judges_kpis(str(params["format"])) else None
        progress(0.3, _("making the document"))
        doc = render_document(db, project, str(params["format"]), audience=str(params.get("audience", "internal")),
                              version=version, series=series)
        folder = Path(str(params["folder"]))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{params['_job_id']}{doc.suffix}"
        path.write_bytes(doc.content)
        progress(0.9, _("saving"))
        return {"file": path.name, "format": params["format"], "audience": params.get("audience", "internal"),
                "media_type": doc.media_type, "suffix": doc.suffix, "bytes": len(doc.content)}

    return run
