"""One input of a stage form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    """One input: ``path`` is dotted, relative to the project (or, for a column, to its row)."""

    path: str
    label: str
    kind: str = "text"  # text, textarea, lines, cells, number, money, date, time, select, bool, table
    l3: bool = False
    help: str = ""
    options: tuple[str, ...] = ()
    columns: tuple[Field, ...] = ()
    required: bool = False
    internal: bool = False
    empty: Any = None  # the value of an empty input ("" for text; None for optional numbers and dates)

    @property
    def wide(self) -> bool:
        return self.kind in ("textarea", "lines", "table")
