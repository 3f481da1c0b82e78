"""Fill msgstr of a zh_CN catalog from a Python dict file: python tools/fill_po.py AREA DICT.py"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

area, dict_file = sys.argv[1], sys.argv[2]
table = runpy.run_path(dict_file)["ZH"]
path = Path(__file__).resolve().parents[1] / "src/aeflow/locale/zh_CN/LC_MESSAGES" / f"{area}.po"
with path.open("rb") as fh:
    cat = read_po(fh)
missing = []
for m in cat:
    if not m.id:
        continue
    if m.id in table:
        m.string = table[m.id]
    elif not m.string:
        missing.append(m.id)
with path.open("wb") as fh:
    write_po(fh, cat, width=0, include_lineno=False)
print(f"{path.name}: {len(missing)} still untranslated", *missing, sep="\n  ")
