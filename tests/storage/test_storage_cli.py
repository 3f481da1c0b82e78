"""The foundation's commands as a user runs them, on a real database: init → validate → import →
list → show → edit and import again → history → restore → export, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from aeflow.cli.main import app

runner = CliRunner()
EXAMPLE = Path(__file__).parents[2] / "examples" / "launch-l1.yaml"


def run(database_url: str, *args: str, lang: str = "zh", width: int = 80, user: str = "ae-lin") -> tuple[int, str]:
    result = runner.invoke(app, ["--db", database_url, "--lang", lang, *args],
                           env={"COLUMNS": str(width), "AEFLOW_USER": user})
    return result.exit_code, result.output


def test_a_new_project_file_from_init_validates_and_lands(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    code, out = run(database_url, "init", str(path), "--name", "秋季上新", "--client", "青屿饮品", "--level", "3",
                    "--kickoff", "2027-03-01", "--launch", "2027-05-20")
    assert code == 0, out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == "秋季上新" and data["level"] == 3
    code, out = run(database_url, "validate", str(path))
    assert code == 0, out
    code, out = run(database_url, "import", str(path))
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    code, out = run(database_url, "list", "--format", "json")
    assert [p["id"] for p in json.loads(out)] == [project_id]


def test_the_list_never_cuts_the_id_even_in_a_narrow_terminal(database_url: str) -> None:
    code, out = run(database_url, "import", str(EXAMPLE))
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    code, out = run(database_url, "list", width=80)
    assert code == 0
    assert project_id in out  # whole, on one line
    assert "…" not in out  # no column is cut off either: long names wrap


def test_edit_history_restore_and_export_round_trip(database_url: str, tmp_path: Path) -> None:
    code, out = run(database_url, "import", str(EXAMPLE), "--reason", "首次录入")
    assert code == 0, out
    project_id = out.strip().splitlines()[-1].strip()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    old_name = data["name"]
    data["name"] = "青屿桂花乌龙 · 改名测试"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out = run(database_url, "import", str(edited))
    assert code == 1  # the project exists: storing over it needs --replace
    code, out = run(database_url, "import", str(edited), "--replace", "--reason", "客户确认新名称")
    assert code == 0, out

    code, out = run(database_url, "history", project_id, "--format", "json")
    assert code == 0, out
    history = json.loads(out)
    entries = history["entries"] if isinstance(history, dict) else history
    latest = max(entries, key=lambda e: e["version"])
    assert latest["version"] == 2 and latest["reason"] == "客户确认新名称"
    assert {"path": "name", "old": old_name, "new": data["name"]} in [
        {k: c[k] for k in ("path", "old", "new")} for c in latest["changes"]]

    code, out = run(database_url, "show", project_id, "--version", "1", width=200)
    assert code == 0 and old_name in out

    code, out = run(database_url, "restore", project_id, "1", "--reason", "客户改回原名")
    assert code == 0, out
    back = tmp_path / "back.yaml"
    code, out = run(database_url, "export", project_id, "-o", str(back))
    assert code == 0, out
    assert yaml.safe_load(back.read_text(encoding="utf-8"))["name"] == old_name
    code, out = run(database_url, "history", project_id, "--format", "json")
    entries = json.loads(out)
    entries = entries["entries"] if isinstance(entries, dict) else entries
    assert max(e["version"] for e in entries) == 3  # the restore is a new version: nothing is lost


def test_a_missing_project_is_named_in_the_users_language(database_url: str) -> None:
    code, zh = run(database_url, "show", "no-such-project", lang="zh")
    assert code == 1 and "no-such-project" in zh and "项目" in zh
    code, en = run(database_url, "show", "no-such-project", lang="en")
    assert code == 1 and "no-such-project" in en and "project" in en.lower()
    assert "Traceback" not in zh + en


def _import_example(database_url: str) -> str:
    code, out = run(database_url, "import", str(EXAMPLE))
    assert code == 0, out
    return out.strip().splitlines()[-1].strip()


def _versions(database_url: str, project_id: str) -> list[dict[str, object]]:
    code, out = run(database_url, "history", project_id, "--format", "json")
    assert code == 0, out
    return list(json.loads(out))


def test_a_file_exported_before_someone_elses_change_is_refused_then_forced(
    database_url: str, tmp_path: Path
) -> None:
    project_id = _import_example(database_url)
    mine = tmp_path / "mine.yaml"
    code, out = run(database_url, "export", project_id, "-o", str(mine))
    assert code == 0, out
    assert yaml.safe_load(mine.read_text(encoding="utf-8"))["base_version"] == 1

    # meanwhile a colleague changes the launch date (v2) in another copy of the same export, which the
    # AE imports under their own name: the same author and base_version, but not this file's own import
    theirs = tmp_path / "theirs.yaml"
    run(database_url, "export", project_id, "-o", str(theirs))
    theirs.write_text(theirs.read_text(encoding="utf-8").replace("launch: 2026-09-28", "launch: 2026-09-29"),
                      encoding="utf-8")
    code, out = run(database_url, "import", str(theirs), "--replace", "--reason", "同事改上线日")
    assert code == 0, out

    text = mine.read_text(encoding="utf-8")
    mine.write_text(text.replace("\nname: ", "\nname: 我的改名 · ", 1), encoding="utf-8")
    code, zh = run(database_url, "import", str(mine), "--replace", width=400)
    assert code == 1 and "Traceback" not in zh
    assert "版本 1" in zh and "版本 2" in zh and "launch" in zh and "--force" in zh
    assert len(_versions(database_url, project_id)) == 2  # nothing was stored
    code, en = run(database_url, "import", str(mine), "--replace", lang="en", width=400)
    assert code == 1 and "version 1" in en and "version 2" in en

    code, out = run(database_url, "import", str(mine), "--replace", "--force", "--reason", "以我为准")
    assert code == 0, out
    latest = _versions(database_url, project_id)[-1]
    assert latest["version"] == 3
    assert "以我为准" in str(latest["reason"]) and "1" in str(latest["reason"]) and "2" in str(latest["reason"])
    assert {c["path"] for c in latest["changes"]} >= {"name", "launch"}  # the override is in the history


def test_a_restore_back_to_the_exported_content_does_not_block_the_file(database_url: str, tmp_path: Path) -> None:
    project_id = _import_example(database_url)
    mine = tmp_path / "mine.yaml"
    run(database_url, "export", project_id, "-o", str(mine))
    other = tmp_path / "other.yaml"
    run(database_url, "export", project_id, "-o", str(other))
    other.write_text(other.read_text(encoding="utf-8").replace("\nname: ", "\nname: 临时 ", 1), encoding="utf-8")
    assert run(database_url, "import", str(other), "--replace")[0] == 0
    assert run(database_url, "restore", project_id, "1")[0] == 0  # v3 = v1 again: nothing of v2 is left
    mine.write_text(mine.read_text(encoding="utf-8").replace("launch: 2026-09-28", "launch: 2026-09-30"),
                    encoding="utf-8")
    code, out = run(database_url, "import", str(mine), "--replace")
    assert code == 0, out
    assert _versions(database_url, project_id)[-1]["version"] == 4


def test_editing_the_same_file_again_after_importing_it_is_not_a_conflict(database_url: str, tmp_path: Path) -> None:
    project_id = _import_example(database_url)
    mine = tmp_path / "mine.yaml"
    run(database_url, "export", project_id, "-o", str(mine))  # base_version: 1
    mine.write_text(mine.read_text(encoding="utf-8").replace("\nname: ", "\nname: 第一轮 ", 1), encoding="utf-8")
    assert run(database_url, "import", str(mine), "--replace")[0] == 0  # v2: the file's own change
    mine.write_text(mine.read_text(encoding="utf-8").replace("launch: 2026-09-28", "launch: 2026-09-30"),
                    encoding="utf-8")
    code, out = run(database_url, "import", str(mine), "--replace")  # still says base_version: 1
    assert code == 0, out  # v2's change is in the file already: nothing would be undone
    assert _versions(database_url, project_id)[-1]["version"] == 3

    mine.write_text(mine.read_text(encoding="utf-8").replace("\nname: 第一轮 ", "\nname: 第二轮 ", 1),
                    encoding="utf-8")
    code, out = run(database_url, "import", str(mine), "--replace", width=400)
    assert code == 0, out  # the name changed since version 1 by this file's own import: nobody's work is undone
    latest = _versions(database_url, project_id)[-1]
    assert latest["version"] == 4
    assert [(c["path"], c["new"]) for c in latest["changes"]] == [("name", "第二轮 " + name_of(EXAMPLE))]


def name_of(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["name"])


def _set_fee(path: Path, fee: int) -> None:
    text, n = re.subn(r"(?m)^  agency_fee: .*$", f"  agency_fee: {fee}", path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")


def _edit_elsewhere(database_url: str, project_id: str, tmp_path: Path, old: str, new: str, user: str) -> None:
    """Someone stores a change of the current version (export → edit → import, as ``user``)."""
    other = tmp_path / f"{user}.yaml"
    assert run(database_url, "export", project_id, "-o", str(other), user=user)[0] == 0
    text = other.read_text(encoding="utf-8")
    assert old in text
    other.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = run(database_url, "import", str(other), "--replace", user=user)
    assert code == 0, out


def test_the_same_field_edited_again_in_the_same_file_imports_each_time(database_url: str, tmp_path: Path) -> None:
    project_id = _import_example(database_url)
    _edit_elsewhere(database_url, project_id, tmp_path, "launch: 2026-09-28", "launch: 2026-09-29", "ae-lin")
    _edit_elsewhere(database_url, project_id, tmp_path, "launch: 2026-09-29", "launch: 2026-09-30", "ae-lin")
    b = tmp_path / "b.yaml"
    assert run(database_url, "export", project_id, "-o", str(b))[0] == 0
    assert yaml.safe_load(b.read_text(encoding="utf-8"))["base_version"] == 3
    for version, fee in ((4, 500000), (5, 520000), (6, 530000)):  # edit, import, edit the same field again …
        _set_fee(b, fee)
        code, out = run(database_url, "import", str(b), "--replace", width=400)
        assert code == 0, out
        latest = _versions(database_url, project_id)[-1]
        assert latest["version"] == version and "强制" not in str(latest["reason"])
        assert [c["path"] for c in latest["changes"]] == ["budget.agency_fee"]
    assert "base_version: 3" in b.read_text(encoding="utf-8")  # never edited by hand

    # back to version 3's figure: from the file alone that looks like another copy of the export,
    # which would undo this author's own imports — so it asks, and --force says "yes, on purpose"
    _set_fee(b, 480000)
    code, out = run(database_url, "import", str(b), "--replace", width=400)
    assert code == 1 and "budget.agency_fee" in out and "--force" in out and "副本" in out
    code, out = run(database_url, "import", str(b), "--replace", "--force", width=400)
    assert code == 0, out
    assert _versions(database_url, project_id)[-1]["version"] == 7


def test_a_colleagues_change_of_the_same_field_after_my_import_is_still_refused(
    database_url: str, tmp_path: Path
) -> None:
    project_id = _import_example(database_url)
    b = tmp_path / "b.yaml"
    run(database_url, "export", project_id, "-o", str(b))  # base_version: 1
    _set_fee(b, 500000)
    assert run(database_url, "import", str(b), "--replace")[0] == 0  # v2, my own
    _edit_elsewhere(database_url, project_id, tmp_path, "agency_fee: 500000", "agency_fee: 450000", "ae-zhou")  # v3
    _set_fee(b, 520000)
    code, zh = run(database_url, "import", str(b), "--replace", width=400)
    assert code == 1, zh
    assert "budget.agency_fee" in zh and "ae-zhou" in zh and "版本 3" in zh
    assert "base_version" not in zh  # no advice to edit the file's header by hand
    assert len(_versions(database_url, project_id)) == 3  # nothing was stored
    code, en = run(database_url, "import", str(b), "--replace", lang="en", width=400)
    assert code == 1 and "changed by ae-zhou" in en

    _set_fee(b, 450000)  # taking the colleague's figure over undoes nothing
    b.write_text(b.read_text(encoding="utf-8").replace("launch: 2026-09-28", "launch: 2026-09-30"), encoding="utf-8")
    code, out = run(database_url, "import", str(b), "--replace")
    assert code == 0, out
    assert _versions(database_url, project_id)[-1]["version"] == 4


def test_a_colleagues_change_of_another_field_is_kept_or_refused_as_before(database_url: str, tmp_path: Path) -> None:
    project_id = _import_example(database_url)
    b = tmp_path / "b.yaml"
    run(database_url, "export", project_id, "-o", str(b))
    _set_fee(b, 500000)
    assert run(database_url, "import", str(b), "--replace")[0] == 0  # v2, my own
    _edit_elsewhere(database_url, project_id, tmp_path, "launch: 2026-09-28", "launch: 2026-09-29", "ae-zhou")  # v3
    _set_fee(b, 520000)  # my file still has the old launch date: importing it would undo the colleague's
    code, out = run(database_url, "import", str(b), "--replace", width=400)
    assert code == 1 and "launch" in out and "ae-zhou" in out


def test_a_hand_written_file_may_replace_but_is_told_it_was_not_checked(database_url: str, tmp_path: Path) -> None:
    project_id = _import_example(database_url)
    hand = tmp_path / "hand.yaml"
    hand.write_text(EXAMPLE.read_text(encoding="utf-8").replace("launch: 2026-09-28", "launch: 2026-09-30"),
                    encoding="utf-8")
    code, out = run(database_url, "import", str(hand), "--replace", width=400)
    assert code == 0, out
    assert "base_version" in out and "版本 1" in out
    assert _versions(database_url, project_id)[-1]["version"] == 2


def test_export_keeps_the_header_the_template_fields_and_meaningful_defaults(
    database_url: str, tmp_path: Path
) -> None:
    project_id = _import_example(database_url)
    out_file = tmp_path / "out.yaml"
    code, out = run(database_url, "export", project_id, "-o", str(out_file))
    assert code == 0, out
    original = EXAMPLE.read_text(encoding="utf-8")
    exported = out_file.read_text(encoding="utf-8")
    header = [line for line in original.splitlines() if line.startswith("#")][:16]
    assert exported.splitlines()[: len(header)] == header  # the file's 16-line comment block

    def keys(value: object, path: str = "") -> set[str]:
        if isinstance(value, dict):
            return {k for key, v in value.items() for k in {f"{path}.{key}"} | keys(v, f"{path}.{key}")}
        if isinstance(value, list):
            return {k for v in value for k in keys(v, path + "[]")}
        return set()

    written, back = yaml.safe_load(original), yaml.safe_load(exported)
    assert keys(written) - keys(back) == set()  # every field the user wrote, defaults included
    assert back["level"] == 1 and back["currency"] == "CNY"
    assert all(m["role"] for m in back["team"]) and "comparison: '>='" in exported
    top = [k for k in back if k != "base_version"]
    assert top == [k for k in written if k in top] + [k for k in top if k not in written]  # template order
    assert "  - name:" in exported  # list items indented under their key, as in the example

    # the header survives a second round trip and does not pile up aeflow's own lines
    assert run(database_url, "import", str(out_file), "--replace")[0] == 0
    again = tmp_path / "again.yaml"
    run(database_url, "export", project_id, "-o", str(again))
    assert again.read_text(encoding="utf-8") == exported
    code, out = run(database_url, "validate", str(again))
    assert code == 0, out


def test_schema_accepts_an_exported_file(database_url: str, tmp_path: Path) -> None:
    import jsonschema

    project_id = _import_example(database_url)
    code, out = run(database_url, "export", project_id)
    assert code == 0
    data = json.loads(json.dumps(yaml.safe_load(out), default=str))
    assert data["base_version"] == 1
    code, schema = run(database_url, "schema")
    validator = jsonschema.Draft202012Validator(json.loads(schema))
    assert list(validator.iter_errors(data)) == []
    data["base_version"] = 0
    assert list(validator.iter_errors(data))


def test_writing_into_a_missing_folder_is_one_clear_line(database_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    project_id = _import_example(database_url)
    for args in (("init", str(missing / "x.yaml")), ("export", project_id, "-o", str(missing / "x.yaml")),
                 ("export", project_id, "--format", "json", "-o", str(missing / "x.json")),
                 ("schema", "-o", str(missing / "s.json"))):
        code, zh = run(database_url, *args, width=400)
        assert code == 1, (args, zh)
        assert "Traceback" not in zh and "FileNotFoundError" not in zh and ".tmp" not in zh
        assert str(missing) in zh and "文件夹" in zh and "不存在" in zh
        code, en = run(database_url, *args, lang="en", width=400)
        assert code == 1 and "folder" in en and "does not exist" in en
    assert not missing.exists()


def test_init_writes_every_stages_section_with_a_note_and_it_validates(database_url: str, tmp_path: Path) -> None:
    from aeflow.storage.yamlfile import SECTION_STAGES

    path = tmp_path / "new.yaml"
    code, out = run(database_url, "init", str(path), "--level", "3")
    assert code == 0, out
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(SECTION_STAGES) <= set(data)
    for heading in ("# 1 · 需求对接与目标澄清", "# 4 · ", "# 8 · "):
        assert heading in text
    assert "验收标准" in text and "风险清单" in text  # what goes where, in the user's language
    assert set(data["brief"]) >= {"background", "objectives", "in_scope", "out_of_scope", "acceptance_points"}
    code, out = run(database_url, "validate", str(path))
    assert code == 0, out
    code, out = run(database_url, "init", str(tmp_path / "bad.yaml"), "--kickoff", "2027-13-01")
    assert code == 1 and "kickoff" in out and "Traceback" not in out


def test_yaml_syntax_errors_are_explained_in_the_users_language(database_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\nclient:\n  id: c\n    name: y\n", encoding="utf-8")
    code, zh = run(database_url, "validate", str(bad), width=400)
    assert code == 1
    assert f"{bad}:5" in zh and "第 " in zh and " 列" in zh and "冒号" in zh
    assert "mapping values are not allowed here" in zh  # PyYAML's words kept as the detail
    bad.write_text("id: x\nteam:\n  - name: a\n   role: ae\n", encoding="utf-8")
    code, zh = run(database_url, "validate", str(bad), width=400)
    assert code == 1 and f"{bad}:4" in zh and "对齐" in zh
    bad.write_text("id: x\nname: a\n\tlevel: 1\n", encoding="utf-8")
    code, en = run(database_url, "validate", str(bad), lang="en", width=400)
    assert code == 1 and f"{bad}:3" in en and "tab" in en and "column 1" in en


def test_history_spells_out_nested_changes_and_shows_the_project_time_zone(
    database_url: str, tmp_path: Path
) -> None:
    project_id = _import_example(database_url)
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    old_target = data["retrospective"]["metrics"][0]["target"]
    data["retrospective"]["metrics"][0]["target"] = old_target + 1
    data["channels"] = [*data["channels"], "weibo"]
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run(database_url, "import", str(edited), "--replace")[0] == 0
    code, out = run(database_url, "history", project_id, width=400)
    assert code == 0, out
    assert "{'" not in out and "[{" not in out
    assert f"retrospective.metrics[0].target: {old_target} → {old_target + 1}" in out
    assert "weibo" in out.split("channels:")[1].splitlines()[0]
    assert "Asia/Shanghai" in out and "+08:00" in out
    code, out = run(database_url, "history", project_id, "--format", "json")
    entry = json.loads(out)[-1]
    assert set(entry) >= {"version", "author", "at", "reason", "changes"} and entry["at_local"].endswith("+08:00")
