"""Which of the demo's platform exports each demo project imports."""

from __future__ import annotations

from pathlib import Path

from aeflow.services.demo import data_files, files_for
from aeflow.storage.yamlfile import load_project_file

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_a_project_imports_only_the_exports_of_channels_it_bought() -> None:
    files = data_files(EXAMPLES)
    l1 = load_project_file(EXAMPLES / "launch-l1.yaml")
    l3 = load_project_file(EXAMPLES / "launch-l3.yaml")
    assert not any(line.channel == "weibo" for line in l1.budget.lines)
    assert any(line.channel == "weibo" for line in l3.budget.lines)
    names = lambda project: {f.name.split("_", 1)[0] for f in files_for(project, files)}
    assert "weibo" not in names(l1) and "weibo" in names(l3)
    assert {"douyin", "tmall", "members", "offline"} <= names(l1)  # exports named after no channel stay
    assert files_for(l3, files) == files
