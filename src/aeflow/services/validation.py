"""Checking project files without storing them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aeflow.domain.project import Project
from aeflow.errors import Invalid, NotFound, Problem
from aeflow.files import unreadable_reason
from aeflow.storage.yamlfile import BASE_VERSION, load_project_file


@dataclass
class FileReport:
    path: str
    project: Project | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_file(path: Path) -> FileReport:
    try:
        return FileReport(str(path), project=load_project_file(path))
    except Invalid as exc:
        return FileReport(str(path), problems=exc.problems)
    except NotFound:
        return FileReport(str(path), problems=[Problem((), "file_unreadable", {
            "reason": unreadable_reason(FileNotFoundError(path)), "detail": "no such file"}, file=str(path))])


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the project file format."""
    schema = Project.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://aeflow.dev/schema/project-1.json"
    schema["title"] = "aeflow project file"
    # not a field of the project: the version an exported file was exported from (see storage.yamlfile)
    schema["properties"][BASE_VERSION] = {
        "type": "integer", "minimum": 1, "title": "Base Version",
        "description": "the project version this file was exported from; import --replace refuses the file "
                       "if the project has changed since (leave it out in a hand-written file)",
    }
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)
