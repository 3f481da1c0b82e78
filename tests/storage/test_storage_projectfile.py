"""The project file's own parts: base_version, the stored comment block, and syntax errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storage_samples import launch_project

from aeflow.errors import Conflict, Invalid
from aeflow.i18n import language
from aeflow.services import projects as svc
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import dump_project, leading_comments, parse_project_file


def test_base_version_and_header_round_trip_and_are_not_part_of_the_project() -> None:
    project = launch_project()
    text = dump_project(project, base_version=7, header="# 客户：叶子饮品\n#\n# 第二段说明\n")
    back = parse_project_file(text)
    assert back.project == project and back.base_version == 7
    assert back.header == "# 客户：叶子饮品\n#\n# 第二段说明\n"
    with language("en"):  # aeflow's own lines are left out in any language
        assert parse_project_file(dump_project(project, base_version=7, header=back.header)).header == back.header


@pytest.mark.parametrize("value", ["0", "-1", "'3'", "1.5", "true"])
def test_a_bad_base_version_is_a_located_problem(value: str) -> None:
    text = dump_project(launch_project()).replace("schema_version: 1\n", f"schema_version: 1\nbase_version: {value}\n")
    with pytest.raises(Invalid) as caught:
        parse_project_file(text, "f.yaml")
    (problem,) = caught.value.problems
    assert problem.path == ("base_version",) and problem.file == "f.yaml" and problem.line is not None


def test_the_header_is_kept_per_version_and_restored_with_it(db: Database) -> None:
    project = launch_project()
    svc.import_project(db, project, author="a", file_header="# 第一版说明\n")
    edited = project.model_copy(update={"name": "改名"})
    assert svc.import_project(db, edited, author="b", replace=True, base_version=1, file_header="# 第二版\n") == 2
    assert svc.export_file(db, project.id).header == "# 第二版\n"
    assert svc.export_file(db, project.id, 1).header == "# 第一版说明\n"
    assert svc.restore(db, project.id, 1, author="c", reason="r") == 3
    restored = svc.export_file(db, project.id)
    assert restored.header == "# 第一版说明\n" and restored.base_version == 3
    # a header-only edit is a version of its own, never dropped silently
    assert svc.import_project(db, project, author="d", replace=True, base_version=3, file_header="# 新\n") == 4
    assert [c.path for c in svc.history(db, project.id)[-1].changes] == [svc.FILE_HEADER]


def test_a_stale_base_version_is_a_conflict_and_stores_nothing(db: Database) -> None:
    project = launch_project()
    svc.import_project(db, project, author="a")
    svc.save(db, project.model_copy(update={"name": "同事改的"}), expected_version=1, author="b", reason="r")
    mine = project.model_copy(update={"launch": project.launch.replace(day=21)})
    with pytest.raises(Conflict) as caught:
        svc.import_project(db, mine, author="c", replace=True, base_version=1)
    assert caught.value.data["base_version"] == 1 and caught.value.data["current_version"] == 2
    assert "name" in caught.value.message
    assert svc.load(db, project.id)[1] == 2
    assert svc.import_project(db, mine, author="c", replace=True, base_version=1, force=True) == 3


def test_leading_comments_stop_at_the_first_key() -> None:
    assert leading_comments("\ufeff# a\n\n# b\nid: x\n# not header\n") == "# a\n\n# b\n"
    assert leading_comments("id: x\n") == ""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab: -\t\n'\"[]{}#*&!%@`|>,?\\") + ["  ", "\n  ", "id: x\n"]),
                max_size=40).map("".join))
def test_any_text_is_a_project_or_located_problems_never_a_crash(text: str) -> None:
    try:
        parse_project_file(text, "x.yaml")
    except Invalid as exc:
        assert exc.problems and all(p.file == "x.yaml" for p in exc.problems)
