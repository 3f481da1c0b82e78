"""Generic CSV/XLSX exports with a saved column mapping: for a layout no registered platform
knows, name once which header holds which field; the mapping is kept as JSON in
``<data_dir>/mappings/<name>.json`` and used with ``--mapping NAME``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from aeflow.errors import ImportFailed, NotFound
from aeflow.i18n import _
from aeflow.importers.registry import DIMENSIONS, MEASURES, Platform

FIELDS = DIMENSIONS + MEASURES
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def mapping_path(data_dir: Path, name: str) -> Path:
    if not _NAME.match(name):
        raise ImportFailed(_("{name} is not a valid mapping name (letters, digits, _ . - only)", name=name))
    return Path(data_dir) / "mappings" / f"{name}.json"


def to_platform(name: str, columns: dict[str, str], channel: str = "") -> Platform:
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ImportFailed(_("unknown field(s) {fields}; known: {known}", fields=", ".join(unknown),
                             known=", ".join(FIELDS)))
    if "date" not in columns:
        raise ImportFailed(_("a column mapping needs the date column"))
    return Platform(key=f"generic:{name}", label=name, channel=channel or name,
                    columns={f: (h,) for f, h in columns.items()}, required=tuple(columns))


def save(data_dir: Path, name: str, columns: dict[str, str], channel: str = "") -> Path:
    to_platform(name, columns, channel)
    path = mapping_path(data_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"channel": channel, "columns": columns}, ensure_ascii=False, indent=2),
                    encoding="utf-8")
    return path


def load(data_dir: Path, name: str) -> Platform:
    path = mapping_path(data_dir, name)
    if not path.is_file():
        raise NotFound(_("no saved column mapping named {name}", name=name),
                       hint=_("Save one first: aeflow data mapping {name} --column date=日期 --column spend=花费 …",
                              name=name))
    data = json.loads(path.read_text(encoding="utf-8"))
    return to_platform(name, dict(data.get("columns", {})), str(data.get("channel", "")))
