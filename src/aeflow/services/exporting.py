"""Make a document (deck, workbook, calendar, Markdown, PDF) of a project: ``aeflow export --format``.

Loads the project (a project file or the database's current version), gathers what other engines
know about it when they can tell — the planner's critical path — and hands everything to the
format's exporter. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from aeflow.config import Settings
from aeflow.domain.project import Project
from aeflow.engines.monitoring.series import Series
from aeflow.errors import AeflowError, NotFound
from aeflow.exporters import Audience, Extras, Format, get
from aeflow.exporters.view import Range
from aeflow.i18n import _
from aeflow.services import projects
from aeflow.storage.database import Database


@dataclass(frozen=True)
class ExportedDocument:
    content: bytes
    format: Format
    project: Project
    version: int | None

    def default_name(self) -> str:
        return f"{self.project.id}{self.format.suffix}"


def planned_critical_path(project: Project, settings: Settings | None) -> tuple[str, ...] | None:
    """The planner's critical path, when the planner is installed and its plan is the stored one.

    A plan that would add or move work items describes a different schedule from the one the
    documents draw, so it is not used; nor is anything when the planner cannot plan this project.
    """
    if settings is None or not project.work_items:
        return None
    try:
        from aeflow.services.planning import plan_in_memory

        result = plan_in_memory(project, settings)
    except (ImportError, AeflowError, ValueError, LookupError):
        return None
    if getattr(result, "added", None) or getattr(result, "moved", None):
        return None
    ids = {w.id for w in project.work_items}
    path = tuple(i for i in getattr(result.schedule, "critical_path", []) if i in ids)
    return path or None


def forecast_ranges(project: Project) -> tuple[Range | None, Range | None]:
    """ROI and ROAS as P10–P50–P90 from the budget engine's funnel forecast of the project's media
    lines (seeded, so a document is the same every time it is made)."""
    if not any(line.planned > 0 for line in project.budget.lines):
        return None, None
    from aeflow.services.budget_mix import load_benchmarks, project_forecast

    total = project_forecast(project, load_benchmarks(), draws=5000).total
    if not total:
        return None, None

    def band(metric: str) -> Range | None:
        q = total.get(metric)
        return Range(q.p10, q.p50, q.p90) if q is not None and math.isfinite(q.p50) else None

    return band("roi"), band("roas")


def read_template(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NotFound(_("the template {path} cannot be read: {reason}", path=path, reason=exc.strerror),
                       file=str(path)) from None


def imported_series(project: Project, settings: Settings | None) -> Series | None:
    """The project's imported data from the data folder's metrics store, for judging KPIs and
    spend the way the dashboard does; ``None`` when there is none."""
    if settings is None:
        return None
    from aeflow.metrics.store import MetricsStore
    from aeflow.services.monitoring import document_series

    if not MetricsStore.path_in(settings.data_dir).exists():
        return None
    with MetricsStore.for_data_dir(settings.data_dir) as store:  # Locked when another process holds it
        return document_series(store, project)


def render(project: Project, format_name: str, *, audience: Audience | str, lang: str, today: dt.date,
           version: int | None = None, template: bytes | None = None, settings: Settings | None = None,
           generated_at: dt.datetime | None = None, series: Series | None = None) -> bytes:
    exporter = get(format_name)
    roi, roas = forecast_ranges(project)
    extras = Extras(today=today, generated_at=generated_at, version=version, template=template,
                    critical=planned_critical_path(project, settings), roi_range=roi, roas_range=roas,
                    series=series if series is not None else imported_series(project, settings))
    return exporter.export(project, Audience(audience), lang, extras)


def export_document(db: Database, ref: str, format_name: str, *, audience: Audience | str, lang: str,
                    today: dt.date, template: Path | None = None, version: int | None = None,
                    settings: Settings | None = None) -> ExportedDocument:
    """The document of project ``ref`` (a file or an id; ``version`` picks an earlier stored one)."""
    exporter = get(format_name)
    if version is not None:
        project, used = projects.get_version(db, ref, version), version
    else:
        project, used = projects.resolve(db, ref)
    content = render(project, format_name, audience=audience, lang=lang, today=today, version=used,
                     template=read_template(template), settings=settings)
    return ExportedDocument(content, exporter.format, project, used)
