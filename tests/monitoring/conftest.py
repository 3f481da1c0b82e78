"""The demo case with its platform exports imported into a real metrics store (DuckDB in a temp folder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.metrics.store import MetricsStore
from aeflow.services.data import import_files
from aeflow.services.demo import data_files, examples_dir
from aeflow.storage.yamlfile import load_project_file


@pytest.fixture(scope="module")
def l3() -> Project:
    return load_project_file(examples_dir() / "launch-l3.yaml")


@pytest.fixture(scope="module")
def store(l3: Project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MetricsStore]:
    folder: Path = tmp_path_factory.mktemp("metrics")
    with MetricsStore(folder / "metrics.duckdb") as s:
        files = data_files(examples_dir())
        assert files
        import_files(s, l3, files, author="test")
        yield s
