"""Tested documentation: every setting and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from aeflow.cli.main import app
from aeflow.config import SETTINGS_DOC

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented() -> None:
    source = (ROOT / "src" / "aeflow" / "config.py").read_text(encoding="utf-8")
    used = set(re.findall(r'"(AEFLOW_[A-Z_]+)"', source))
    assert used and used <= set(SETTINGS_DOC)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS_DOC if name not in readme]
    assert not missing, f"settings missing from README: {missing}"


def _commands(group, prefix=""):  # type: ignore[no-untyped-def]
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix}{name} ")


def test_every_command_and_option_has_help() -> None:
    root = typer.main.get_command(app)
    missing = []
    for name, cmd in _commands(root):
        if not (cmd.help or "").strip():
            missing.append(name)
        for param in cmd.params:
            if param.param_type_name == "option" and not (getattr(param, "help", "") or "").strip():
                missing.append(f"{name} {param.opts[0]}")
    assert not missing, missing
