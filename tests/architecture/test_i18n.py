"""Chinese first: every user-facing string has a zh_CN translation and an en entry."""

from __future__ import annotations

import runpy
from pathlib import Path

from aeflow.i18n import _, catalog, language

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "i18n.py"


def test_catalogs_are_complete() -> None:
    missing = runpy.run_path(str(TOOLS))["missing"]()
    assert missing == {"zh_CN": [], "en": []}, missing


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
