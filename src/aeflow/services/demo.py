"""The built-in demo case: load the example projects and their platform data."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aeflow.domain.project import Project
from aeflow.errors import NotFound
from aeflow.i18n import _
from aeflow.services import projects
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import load_project_file

DEMO_FILES = ("launch-l1.yaml", "launch-l3.yaml")
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


@dataclass
class DemoProject:
    project: Project
    version: int
    previous: int | None = None  # the project's version before this run (None: it was new)
    rows: int = 0  # daily facts stored from the demo's platform exports
    alerts: list[Any] = field(default_factory=list)
    board: Any = None  # the KPI dashboard on the metrics store (with a data directory)

    @property
    def reset(self) -> bool:
        """An existing project got a new version: the shipped example replaced what it held (edits
        included); versions ``1..previous`` stay in the history."""
        return self.previous is not None and self.version != self.previous

    @property
    def reset_note(self) -> str | None:
        """What a re-run did to an existing project, in the user's language (``None``: nothing)."""
        if not self.reset:
            return None
        if self.previous == 1:
            return _("{id} was reset to the shipped example as version {version}; version 1 stays in the "
                     "history (aeflow history {id}).", id=self.project.id, version=self.version)
        return _("{id} was reset to the shipped example as version {version}; versions 1–{previous} stay in "
                 "the history (aeflow history {id}).", id=self.project.id, version=self.version,
                 previous=self.previous)


@dataclass
class DemoBudget:
    """The demo's budget stage: funnel forecast, optimised mix, and a 双11 CPM +30% scenario."""

    forecast: Any
    optimised: Any
    scenario: Any


def demo_budget(project: Project, folder: Path | None = None) -> DemoBudget:
    from aeflow.engines.budget.scenarios import Inflation, Scenario, parse_window
    from aeflow.services import budget_mix

    folder = folder or examples_dir()
    rates = folder / "budget" / "rates.yaml"
    benchmarks = budget_mix.load_benchmarks(rates if rates.is_file() else None)
    double11 = Scenario(name="双11=1.3", inflation=(Inflation(parse_window("双11"), 1.3),))
    return DemoBudget(
        forecast=budget_mix.project_forecast(project, benchmarks),
        optimised=budget_mix.optimise_project(project, benchmarks, objective="revenue"),
        scenario=budget_mix.optimise_project(project, benchmarks, objective="revenue", scenario=double11),
    )


def examples_dir() -> Path:
    """The ``examples/`` folder of the source checkout aeflow runs from."""
    return Path(__file__).resolve().parents[3] / "examples"


def data_files(folder: Path) -> list[Path]:
    data = folder / "data"
    return sorted(p for p in data.iterdir() if p.suffix.lower() in DATA_SUFFIXES) if data.is_dir() else []


def files_for(project: Project, files: list[Path]) -> list[Path]:
    """The demo exports a project ran: a file named after a channel (``weibo_…``) the project has no
    budget line on is another version's (the level-1 plan buys no Weibo)."""
    from aeflow.domain.labels import CHANNEL_LABELS

    bought = {line.channel.strip().lower() for line in project.budget.lines}
    return [f for f in files if (c := f.name.split("_", 1)[0].lower()) not in CHANNEL_LABELS or c in bought]


def load_demo(db: Database, folder: Path | None, *, author: str, data_dir: Path | None = None) -> list[DemoProject]:
    """Store both demo projects (a new version only when the stored one differs from the shipped
    file) and, with a data directory, import the demo's platform exports into its metrics store
    (idempotent), check the risk triggers and compute each KPI dashboard.

    Everything the demo needs is checked before anything is written: the files are read and the
    metrics store is opened first, so a demo that cannot finish (the store held by a running
    ``aeflow serve``) stores no new version."""
    from aeflow.services.workspace import current_version

    folder = folder or examples_dir()
    shipped = []
    for name in DEMO_FILES:
        path = folder / name
        if not path.is_file():
            raise NotFound(_("demo file {path} not found", path=path),
                           hint=_("run from a checkout of aeflow or pass --examples DIR"))
        shipped.append(load_project_file(path))
    files = data_files(folder)
    with ExitStack() as stack:
        store = None
        if data_dir is not None:
            from aeflow.metrics.store import MetricsStore

            store = stack.enter_context(MetricsStore.for_data_dir(data_dir))  # Locked: nothing written yet
        out = []
        for project in shipped:
            previous = current_version(db, project.id)
            version = projects.import_project(db, project, author=author, reason=_("demo case loaded"), replace=True)
            out.append(DemoProject(project, version, previous))
        if store is not None:
            from aeflow.services.data import import_files
            from aeflow.services.monitoring import after_import, dashboard

            for demo in out:
                mine = files_for(demo.project, files)
                if mine:
                    report = import_files(store, demo.project, mine, author=author)
                    demo.rows = sum(x.facts for x in report.landed)
                    demo.alerts = after_import(store, demo.project)
                demo.board = dashboard(store, demo.project)
    return out
