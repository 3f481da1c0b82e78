"""Dependencies point inward: the domain and the engines never import storage, web, CLI or IO libraries."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "aeflow"
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "numpy", "scipy", "dateutil", "holidays", "cn2an",
                       "annotated_types", "typing_extensions"}
ALLOWED_AEFLOW = ("aeflow.domain", "aeflow.engines", "aeflow.errors", "aeflow.i18n", "aeflow.messages",
                  "aeflow.formatting")
FORBIDDEN_STDLIB = {"sqlite3", "socket", "urllib", "http", "subprocess", "shutil"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_domain_and_engines_import_only_pure_modules() -> None:
    import sys

    stdlib = set(sys.stdlib_module_names)
    bad: list[str] = []
    files = list((SRC / "domain").rglob("*.py")) + list((SRC / "engines").rglob("*.py"))
    assert files
    for f in files:
        for mod in imports_of(f):
            top = mod.split(".")[0]
            if top == "aeflow":
                if not mod.startswith(ALLOWED_AEFLOW):
                    bad.append(f"{f.relative_to(SRC)} imports {mod}")
            elif top in stdlib:
                if top in FORBIDDEN_STDLIB:
                    bad.append(f"{f.relative_to(SRC)} imports {mod}")
            elif top not in ALLOWED_THIRD_PARTY:
                bad.append(f"{f.relative_to(SRC)} imports {mod}")
    assert not bad, "\n".join(bad)


def test_modules_stay_small() -> None:
    big = [f"{f.relative_to(SRC)}: {n}" for f in SRC.rglob("*.py")
           if (n := len(f.read_text(encoding="utf-8").splitlines())) > 600]
    assert not big, big
