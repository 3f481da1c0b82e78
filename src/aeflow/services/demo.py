"""The built-in demo case: load the example projects into the database."""

from __future__ import annotations

from pathlib import Path

from aeflow.domain.project import Project
from aeflow.errors import NotFound
from aeflow.i18n import _
from aeflow.services import projects
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import load_project_file

DEMO_FILES = ("launch-l1.yaml", "launch-l3.yaml")


def examples_dir() -> Path:
    """The ``examples/`` folder of the source checkout aeflow runs from."""
    return Path(__file__).resolve().parents[3] / "examples"


def load_demo(db: Database, folder: Path | None, *, author: str) -> list[tuple[Project, int]]:
    folder = folder or examples_dir()
    out = []
    for name in DEMO_FILES:
        path = folder / name
        if not path.is_file():
            raise NotFound(_("demo file {path} not found", path=path),
                           hint=_("run from a checkout of aeflow or pass --examples DIR"))
        project = load_project_file(path)
        version = projects.import_project(db, project, author=author, reason=_("demo case loaded"), replace=True)
        out.append((project, version))
    return out
