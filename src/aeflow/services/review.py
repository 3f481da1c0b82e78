"""Review use cases: lint a project, show its level-3 readiness and its trace matrix."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path

from aeflow.config import Settings
from aeflow.domain.lintconfig import LintConfig
from aeflow.domain.project import Project
from aeflow.engines.monitoring.pacing import KpiStatus
from aeflow.engines.review.readiness import Readiness, readiness
from aeflow.engines.review.registry import Finding, ReviewContext, ScheduleFacts, lint
from aeflow.engines.review.trace import Trace, trace
from aeflow.errors import Invalid, Problem
from aeflow.storage.yamlfile import line_of, read_text, read_yaml

CONFIG_NAME = "lint.yaml"


def load_lint_config(path: Path | None, data_dir: Path | None) -> LintConfig | None:
    """The agency's config: ``path`` if given, else ``<data_dir>/lint.yaml`` if it exists."""
    if path is None and data_dir is not None and (data_dir / CONFIG_NAME).is_file():
        path = data_dir / CONFIG_NAME
    if path is None:
        return None
    text = read_text(path)
    data, lines = read_yaml(text, str(path))
    try:
        return LintConfig.model_validate(data or {})
    except Exception as exc:  # pydantic ValidationError → located problems
        from pydantic import ValidationError

        from aeflow.domain.validation import problems_from_error

        if not isinstance(exc, ValidationError):
            raise
        problems = [Problem(p.path, p.code, p.params, file=str(path), line=line_of(p.path, lines))
                    for p in problems_from_error(exc)]
        raise Invalid("bad lint config", problems) from None


def schedule_facts(project: Project, settings: Settings | None = None) -> ScheduleFacts | None:
    """What the planner says about the project's own work items: does the launch hold, is anyone
    over-allocated. None for a project with no work items yet."""
    from aeflow.services.planning import plan_in_memory

    if not project.work_items:
        return None
    result = plan_in_memory(project, settings or Settings.from_env(), use_playbook=False)
    chain = result.schedule.violations[0].chain if result.schedule.violations else []
    over = tuple((w.who, f"{w.week:%G-W%V}", round(w.hours, 1), float(w.capacity or 0))
                 for w in result.overallocated)
    return ScheduleFacts(feasible=result.feasible, late_by_days=result.late_by_days, chain=tuple(chain),
                         overallocated=over)


def labour_alerts(project: Project) -> tuple[tuple[str, str], ...]:
    """The labour engine's over-burn alerts, with the agency's rate card."""
    from aeflow.engines.budget.labour import labour
    from aeflow.services.labour import load_ratecard

    return tuple((a.code, a.message) for a in labour(project, load_ratecard()).alerts)


def known_channels(settings: Settings | None = None) -> dict[str, tuple[str, ...]] | None:
    """The channel vocabulary of the playbook library (shipped + the agency's): id → aliases and titles.
    None when the agency's playbooks do not load — ``aeflow plan`` reports why; lint skips the check.
    Cached until a file in the agency's playbooks folder changes (building the library takes a while)."""
    from aeflow.services.planning import playbooks_dir

    folder = playbooks_dir(settings) if settings is not None else None
    files = sorted(folder.glob("*.y*ml")) if folder is not None and folder.is_dir() else []
    signature = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _channels(str(folder) if folder is not None else None, signature)


@functools.lru_cache(maxsize=8)
def _channels(folder: str | None, signature: tuple[tuple[str, int, int], ...]) -> dict[str, tuple[str, ...]] | None:
    from aeflow.services.planning import load_library

    try:
        library = load_library(extra_dir=Path(folder) if folder is not None else None)
    except Invalid:
        return None
    out: dict[str, tuple[str, ...]] = {}
    for channel in library.channels.values():
        titles = channel.title.values() if isinstance(channel.title, dict) else [channel.title]
        out[channel.id] = tuple(channel.aliases) + tuple(titles)
    return out


def lint_project(project: Project, *, today: dt.date, config: LintConfig | None = None,
                 schedule: ScheduleFacts | None = None, settings: Settings | None = None) -> list[Finding]:
    facts = schedule if schedule is not None else schedule_facts(project, settings)
    context = ReviewContext(today=today, schedule=facts, labour_alerts=labour_alerts(project),
                            channels=known_channels(settings))
    return lint(project, context, config)


def project_readiness(project: Project, *, has_data: bool = False) -> Readiness:
    return readiness(project, has_data=has_data)


def project_trace(project: Project, *, today: dt.date, kpis: Sequence[KpiStatus] | None = None) -> Trace:
    """The trace matrix; ``kpis``: the KPIs as the dashboard judges them
    (:func:`aeflow.services.monitoring.kpi_statuses`), whose figures and statuses it shows."""
    if kpis is None:
        return trace(project, today=today)
    actuals = {k.objective: k.actual for k in kpis if k.actual is not None}
    return trace(project, today=today, actuals=actuals or None, statuses={k.objective: k.status.value for k in kpis})
