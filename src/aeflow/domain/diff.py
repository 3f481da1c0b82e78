"""What changed between two versions of a document, as a list of field changes (pure).

Paths name records by id, not by position, so that a change reads the same however the list was
reordered: ``work_items[id=W3].status``. Lists whose items are all mappings with an ``id`` are
matched by id (a record added has ``old=None``, one removed has ``new=None``, a record present in
both is compared field by field, and a new order of the same ids is one change at ``path[order]``);
rows without ids (lists of mappings, such as the proposal's timeline phases) edited in place — as
many rows on both sides — are compared row by row, ``proposal.timeline[3].name``; once rows were
added or removed a position no longer names the same row, so such a list, like every other list,
is compared as one value. A key missing on one side reads as ``None`` (the
documents diffed in the history are full model dumps, which always have every key).

Numbers are compared by value whatever their type (``0.94`` as a float and ``Decimal("0.94")``,
``1`` and ``1.0`` are the same value), a float taken as the decimal it is written as; a bool is not a
number here and text is never a number, so ``1 → True`` and ``1 → "1"`` are changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


@dataclass(frozen=True)
class Change:
    """One changed value: ``path`` (e.g. ``budget.lines[id=B1].planned``), ``old`` → ``new``."""

    path: str
    old: Any
    new: Any

    def to_plain(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Change:
        return cls(path=str(data["path"]), old=data.get("old"), new=data.get("new"))


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of the keys (old's first, then new ones)."""
    out: list[Change] = []
    _mapping(old, new, "", out)
    return out


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _mapping(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str, out: list[Change]) -> None:
    for key in list(old) + [k for k in new if k not in old]:
        _value(old.get(key), new.get(key), _join(prefix, str(key)), out)


def _value(old: Any, new: Any, path: str, out: list[Change]) -> None:
    if _same(old, new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        _mapping(old, new, path, out)
    elif isinstance(old, list) and isinstance(new, list) and _records(old) and _records(new):
        _record_list(old, new, path, out)
    elif (
        isinstance(old, list) and isinstance(new, list) and len(old) == len(new) and _rows(old) and _rows(new)
    ):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _value(a, b, f"{path}[{i}]", out)
    else:
        out.append(Change(path, old, new))


def _number(value: Any) -> Decimal | None:
    """The decimal value of a number (a float as the decimal its shortest form writes), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        number = (
            value
            if isinstance(value, Decimal)
            else Decimal(repr(value) if isinstance(value, float) else value)
        )
    except (InvalidOperation, ValueError):
        return None
    return None if number.is_nan() else number


def same_number(a: Any, b: Any) -> bool:
    """Two numbers of equal value, whatever their types (``0.94 == Decimal("0.94")``, ``1 == 1.0``);
    ``False`` for anything else (bools, text, NaN)."""
    x, y = _number(a), _number(b)
    return x is not None and y is not None and x == y


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same kind (so that ``1 → True`` or ``1 → "1"`` still count as changes);
    numbers of equal value are the same whatever their types."""
    if same_number(a, b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _records(items: list[Any]) -> bool:
    """A list of records: every item a mapping with a distinct ``id`` (an empty list qualifies)."""
    ids = [item.get("id") for item in items if isinstance(item, Mapping)]
    return len(ids) == len(items) and None not in ids and len(set(map(str, ids))) == len(ids)


def _rows(items: list[Any]) -> bool:
    """A list of rows without ids to match by: every item a mapping."""
    return all(isinstance(item, Mapping) for item in items)


def _record_list(
    old: list[Mapping[str, Any]], new: list[Mapping[str, Any]], path: str, out: list[Change]
) -> None:
    old_by_id = {str(r["id"]): r for r in old}
    new_by_id = {str(r["id"]): r for r in new}
    for rid, record in old_by_id.items():
        item_path = f"{path}[id={rid}]"
        if rid not in new_by_id:
            out.append(Change(item_path, record, None))
        else:
            _value(record, new_by_id[rid], item_path, out)
    for rid, record in new_by_id.items():
        if rid not in old_by_id:
            out.append(Change(f"{path}[id={rid}]", None, record))
    kept_old = [rid for rid in old_by_id if rid in new_by_id]
    kept_new = [rid for rid in new_by_id if rid in old_by_id]
    if kept_old != kept_new:
        out.append(Change(f"{path}[order]", kept_old, kept_new))


def touches(a: str, b: str) -> bool:
    """Two change paths meet: the same value, or one inside the other (a record and its field)."""
    return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))


def undone(theirs: list[Change], ours: list[Change]) -> list[str]:
    """The paths of ``theirs`` (changes made meanwhile) that applying ``ours`` would change again —
    the updates a stale edit would lose. Changes to other values merge without loss."""
    return list(dict.fromkeys(t.path for t in theirs if any(touches(t.path, o.path) for o in ours)))
