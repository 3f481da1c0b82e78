"""Keep the gettext catalogs complete: extract every ``_()`` / ``N_()`` message id from the
source — and the CLI's help texts (``help=`` and command docstrings in ``cli/``) — and add the
missing ones to each language's catalogs.

    python tools/i18n.py check            # exit 1 and list what is missing
    python tools/i18n.py update AREA [PATH...]   # add missing ids to AREA.po

``update`` adds the ids that no catalog has yet and that come from the given source paths (relative
to ``src/aeflow``, prefixes allowed) — by default from files whose path contains AREA — so that
people working on different areas never take each other's strings. Translators then fill
``msgstr`` in ``zh_CN`` (``en`` keeps an empty msgstr, which means "same as the id").
The CLI's help texts belong to the ``cli`` area: ``update cli cli/`` (the prefix keeps out
files such as ``domain/client.py``, whose path also contains "cli").
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "aeflow"
LOCALE = SRC / "locale"
LANGS = {"zh_CN": True, "en": False}  # lang dir -> translation required


def extracted() -> dict[str, str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    try:
        import jinja2  # noqa: F401
    except ImportError:
        method_map = method_map[:1]
        options = {}
    out: dict[str, str] = {}
    for filename, _lineno, message, _comments, _ctx in extract_from_dir(
        str(SRC), method_map=method_map, options_map=options, keywords={"_": None, "N_": None, "gettext": None}
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for mid in ids:
            if mid:
                out.setdefault(mid, filename)
    out.update({mid: where for mid, where in _in_fstrings().items() if mid not in out})
    out.update({mid: where for mid, where in cli_help().items() if mid not in out})
    return out


HELP_KEYWORDS = {"help", "short_help", "epilog", "rich_help_panel"}
HELP_CALLS = {"Typer", "Option", "Argument", "command", "add_typer", "callback"}


def cli_help() -> dict[str, str]:
    """The CLI's help texts, which ``aeflow.cli.help_text`` translates at run time: ``help=`` (and
    ``short_help=``, ``epilog=``, ``rich_help_panel=``) of the Typer app, groups, commands, options
    and arguments, and the docstrings of the functions made commands — ``@app.command(...)`` or
    ``app.command("name")(function)`` — as Typer reads them (``inspect.getdoc``)."""
    import ast

    def name(func: ast.expr) -> str:
        return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""

    out: dict[str, str] = {}
    for path in sorted((SRC / "cli").glob("*.py")):
        where = str(path.relative_to(SRC))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        commands: set[str] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if name(node.func) in HELP_CALLS:
                for kw in node.keywords:
                    text = kw.value.value if isinstance(kw.value, ast.Constant) else None
                    if kw.arg in HELP_KEYWORDS and isinstance(text, str):
                        out.setdefault(text, where)
            # app.command("name")(function)
            if isinstance(node.func, ast.Call) and name(node.func.func) == "command":
                commands.update(a.id for a in node.args if isinstance(a, ast.Name))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            decorated = any(isinstance(d, ast.Call) and name(d.func) == "command"
                            for d in node.decorator_list)
            doc = ast.get_docstring(node, clean=True)
            if doc and (decorated or node.name in commands):
                out.setdefault(doc, where)
    return out


def _in_fstrings() -> dict[str, str]:
    """Literal ids of ``_()`` calls inside f-strings, which Babel's extractor does not see on
    Python 3.11 (an f-string is one token there)."""
    import re

    call = re.compile(r"""(?<![\w.])_\(\s*(['"])((?:(?!\1).)+)\1\s*[,)]""")
    out: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if 'f"' not in line and "f'" not in line:
                continue
            for m in call.finditer(line):
                out.setdefault(m.group(2), str(path.relative_to(SRC)))
    return out


def known(lang_dir: str, need_string: bool) -> set[str]:
    out: set[str] = set()
    for po in (LOCALE / lang_dir / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fh:
            for m in read_po(fh):
                if m.id and (m.string or not need_string):
                    out.add(str(m.id))
    return out


def missing() -> dict[str, list[str]]:
    ids = extracted()
    return {
        lang: sorted(set(ids) - known(lang, need))
        for lang, need in LANGS.items()
    }


def update(area: str, prefixes: list[str]) -> None:
    def mine(where: str) -> bool:
        return any(where.startswith(p) for p in prefixes) if prefixes else area in where

    ids = {mid: where for mid, where in extracted().items() if mine(where)}
    for lang in LANGS:
        path = LOCALE / lang / "LC_MESSAGES" / f"{area}.po"
        if path.exists():
            with path.open("rb") as fh:
                cat = read_po(fh)
        else:
            cat = Catalog(locale=lang, project="aeflow")
        have = known(lang, need_string=False)
        added = 0
        for mid, where in ids.items():
            if mid not in have:
                cat.add(mid, "", locations=[(where, 0)])
                added += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, cat, width=0, omit_header=False, include_lineno=False)
        print(f"{path.relative_to(ROOT)}: {added} added")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "update":
        update(sys.argv[2], sys.argv[3:])
    else:
        gaps = missing()
        for lang, ids in gaps.items():
            for mid in ids:
                print(f"{lang}: {mid!r}")
        sys.exit(1 if any(gaps.values()) else 0)
