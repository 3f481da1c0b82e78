"""Documents to download: the project file (YAML, JSON) and every registered exporter's format.

The exporters (:mod:`aeflow.exporters`) are used when they are installed; a format whose module
is not there yet is simply not offered.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aeflow.domain import Project
from aeflow.errors import NotFound
from aeflow.i18n import N_, _
from aeflow.services import projects
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import dump_project


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


def format_of(name: str) -> DocFormat:
    for f in formats():
        if f.name == name:
            return f
    raise NotFound(_("there is no document format {name}", name=name))


def render_document(project: Project, name: str, *, audience: str = "internal", version: int | None = None,
                    today: dt.date | None = None, series: Any = None) -> Document:
    """``series``: the project's imported data (:func:`aeflow.services.monitoring.document_series`),
    so that the document's KPI statuses and spend are the dashboard's."""
    fmt = format_of(name)
    if audience not in fmt.audiences:
        raise NotFound(_("the format {name} is not available for this audience", name=name))
    if name == "yaml":
        return Document(dump_project(project).encode("utf-8"), fmt.media_type, fmt.suffix)
    if name == "json":
        return Document(project.model_dump_json(indent=2).encode("utf-8"), fmt.media_type, fmt.suffix)
    from aeflow.exporters import Audience, Extras

    exporter = _exporters()[name]
    from aeflow.i18n import get_language

    extras = Extras(today=today or dt.date.today(), version=version, series=series)
    content = exporter.export(project, Audience(audience), get_language(), extras)
    return Document(content, fmt.media_type, fmt.suffix)


def export_job(db: Database, params: dict[str, Any], progress: Any) -> dict[str, Any]:
    """Job ``export``: write one document into the data folder's ``exports/``."""
    progress(0.1, _("loading the project"))
    project, version = projects.load(db, str(params["project_id"]))
    progress(0.3, _("making the document"))
    doc = render_document(project, str(params["format"]), audience=str(params.get("audience", "internal")),
                          version=version)
    folder = Path(str(params["folder"]))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{params['_job_id']}{doc.suffix}"
    path.write_bytes(doc.content)
    progress(0.9, _("saving"))
    return {"file": path.name, "format": params["format"], "audience": params.get("audience", "internal"),
            "media_type": doc.media_type, "suffix": doc.suffix, "bytes": len(doc.content)}
