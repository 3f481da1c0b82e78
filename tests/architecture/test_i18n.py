"""Chinese first: every user-facing string has a zh_CN translation and an en entry."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from aeflow.i18n import LOCALE_DIR, _, catalog, language

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "i18n.py"


def test_catalogs_are_complete() -> None:
    missing = runpy.run_path(str(TOOLS))["missing"]()
    assert missing == {"zh_CN": [], "en": []}, missing


def test_check_finds_the_cli_help_texts_and_none_lacks_chinese() -> None:
    done = subprocess.run([sys.executable, str(TOOLS), "check"], capture_output=True, text=True, timeout=300,
                          check=False)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout
    ids = runpy.run_path(str(TOOLS))["extracted"]()
    assert ids["Allocation problem (JSON)."] == "cli/budget.py"  # help= of an argument
    assert ids["Set a user's password."] == "cli/serve.py"  # docstring of a command
    with (LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "cli.po").open("rb") as fh:
        cli = {str(m.id): str(m.string) for m in read_po(fh) if m.id}
    assert "Allocation problem (JSON)." in cli and len(cli) > 100  # the help texts have the cli area
    assert [mid for mid, text in cli.items() if not text] == []


def test_translation_follows_the_current_language() -> None:
    with language("zh"):
        assert _("the file is empty") == "文件为空"
        assert _("the id {id} is used more than once", id="W1") == "编号 W1 重复使用"
    with language("en"):
        assert _("the file is empty") == "the file is empty"


def test_placeholders_match_between_languages() -> None:
    import string

    fields = lambda s: {f for _t, f, _s, _c in string.Formatter().parse(s) if f}  # noqa: E731
    zh = catalog("zh")
    bad = [mid for mid, text in zh.items() if fields(mid) != fields(text)]
    assert not bad, bad
