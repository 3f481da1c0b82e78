"""``--help`` in the user's language: the real CLI, its catalogs and the extractor that fills them."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from aeflow.cli.help_text import hoist_lang, translate_help
from aeflow.cli.main import app
from aeflow.i18n import catalog, language

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("aeflow")
WIDE = {"COLUMNS": "240", "TERMINAL_WIDTH": "240"}  # one help text per line: phrases are not wrapped

# (arguments, a Chinese phrase, the English it translates) — the root app, a command, a grouped command.
SCREENS = [
    ([], "客户执行（AE）工作台", "the AE workbench: requirement → execution → outcome"),
    (["intake"], "起草需求梳理和需要追问的问题", "Draft a requirement brief and the questions to ask"),
    (["budget", "solve"], "预算分配问题（JSON）", "Allocation problem (JSON)."),
]


def _aeflow(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AEFLOW_", "LC_", "LANG"))}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False, env={**clean, "LANG": "C.UTF-8", **WIDE, **env})


@pytest.mark.parametrize(("args", "zh", "en"), SCREENS, ids=["root", "command", "grouped"])
def test_help_is_in_the_language_asked_for(args: list[str], zh: str, en: str) -> None:
    chinese = _aeflow("--lang", "zh", *args, "--help")
    english = _aeflow("--lang", "en", *args, "--help")
    assert chinese.returncode == 0 and english.returncode == 0, chinese.stderr + english.stderr
    assert zh in chinese.stdout and en not in chinese.stdout
    assert en in english.stdout and zh not in english.stdout


def test_help_follows_the_environment_and_defaults_to_chinese() -> None:
    assert "Allocation problem (JSON)." in _aeflow("budget", "solve", "--help", AEFLOW_LANG="en").stdout
    assert "Allocation problem (JSON)." in _aeflow("budget", "solve", "--help", LANG="en_US.UTF-8").stdout
    assert "预算分配问题（JSON）" in _aeflow("budget", "solve", "--help").stdout  # no language set: zh


def _invoke(*args: str, **env: str) -> Any:
    unset: dict[str, str | None] = {"AEFLOW_LANG": None}
    return CliRunner().invoke(app, list(args), env={**unset, **WIDE, **env})


def test_lang_after_the_subcommand_also_chooses_the_language() -> None:
    assert "预算分配问题（JSON）" in _invoke("budget", "solve", "--help", "--lang", "zh").stdout
    grouped = _invoke("budget", "--lang=en", "solve", "--help", AEFLOW_LANG="zh")
    assert "Allocation problem (JSON)." in grouped.stdout
    result = _invoke("plan", "--lang", "en", "--help", AEFLOW_LANG="zh")
    assert result.exit_code == 0 and "Plan a project: work items from the playbooks" in result.stdout
    # not only for help: a message of the command itself follows it too
    ran = _invoke("validate", str(ROOT / "examples" / "launch-l1.yaml"), "--lang", "en", AEFLOW_LANG="zh")
    assert ran.exit_code == 0 and "valid" in ran.stdout and "校验通过" not in ran.stdout


def test_a_commands_own_lang_is_left_to_it() -> None:
    root = typer.main.get_command(app)
    # export --lang is the document's language, not the interface's
    assert hoist_lang(root, ["export", "P1", "--lang", "en", "--help"]) == (
        ["export", "P1", "--lang", "en", "--help"], None)
    assert hoist_lang(root, ["--lang", "zh", "export", "P1", "--lang", "en"]) == (
        ["--lang", "zh", "export", "P1", "--lang", "en"], "zh")
    # an option's value that looks like --lang stays that option's value; after -- nothing moves
    reason = ["import", "f.yaml", "--reason", "--lang"]
    assert hoist_lang(root, reason) == (reason, None)
    assert hoist_lang(root, ["plan", "--", "--lang", "en"]) == (["plan", "--", "--lang", "en"], None)
    # the last --lang wins, as Click takes the last value of a repeated option
    assert hoist_lang(root, ["--lang", "zh", "user", "add", "bob", "--lang", "en"]) == (
        ["--lang", "zh", "--lang", "en", "user", "add", "bob"], "en")
    shown = _invoke("--lang", "zh", "export", "--lang", "en", "--help")
    assert shown.exit_code == 0 and "文档语言：zh 或 en" in shown.stdout


def _help_texts(command: Any) -> list[str]:
    texts = [t for t in (command.help, command.short_help, command.epilog) if t]
    texts += [p.help for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        texts += _help_texts(sub)
    return texts


def test_the_extractor_finds_every_help_text_and_each_has_chinese() -> None:
    texts = set(_help_texts(typer.main.get_command(app)))
    assert len(texts) > 100
    extracted = runpy.run_path(str(ROOT / "tools" / "i18n.py"))["cli_help"]()
    assert texts == set(extracted), (texts ^ set(extracted))
    zh = catalog("zh")
    assert [t for t in texts if not zh.get(t)] == []
    # Typer drops single line breaks inside a paragraph (a space between Chinese characters), and
    # reads square brackets as Rich markup: the translations have neither.
    bad = [t for t in texts if "[" in zh[t] or any("\n" in p for p in zh[t].split("\n\n"))]
    assert bad == []


def test_translating_again_starts_from_the_english() -> None:
    root = typer.main.get_command(app)
    with language("zh"):
        translate_help(root)
    solve = root.commands["budget"].commands["solve"]  # type: ignore[attr-defined]
    assert solve.params[0].help == "预算分配问题（JSON）。"
    with language("en"):
        translate_help(root)
    assert solve.params[0].help == "Allocation problem (JSON)."
    assert root.help.startswith("aeflow — the AE workbench")


def test_typers_panel_titles_and_markers_follow_the_language() -> None:
    zh = _invoke("--lang", "zh", "import", "--help").output
    en = _invoke("--lang", "en", "import", "--help").output
    assert "─ 参数 " in zh and "─ 选项 " in zh and "[必填]" in zh and "─ Options " not in zh
    assert "─ Arguments " in en and "─ Options " in en and "[required]" in en and "选项" not in en
    assert "[默认：新项目]" in _invoke("--lang", "zh", "init", "--help").output
