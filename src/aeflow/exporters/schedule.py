"""The critical path as the documents show it when the planner has not given one.

From the work items' own dates and dependencies: the chain that ends with the item finishing last
and, going back, always passes through the predecessor that finishes last (the one that drives the
next item's start). No dependencies, no critical path: the documents then do not claim one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aeflow.domain.plan import WorkItem


def _finish(w: WorkItem) -> dt.date | None:
    return w.due or w.start


def critical_path(items: Sequence[WorkItem]) -> list[str]:
    """Ids on the driving path, first to last; empty when no item depends on another."""
    by_id = {w.id: w for w in items if not w.status == "cancelled"}
    if not any(w.depends_on for w in by_id.values()):
        return []
    dated = [w for w in by_id.values() if _finish(w) is not None]
    if not dated:
        return []
    last = max(dated, key=lambda w: (_finish(w), len(w.depends_on), w.id))
    path = [last.id]
    seen = {last.id}
    current = last
    while True:
        preds = [by_id[d] for d in current.depends_on if d in by_id and d not in seen and _finish(by_id[d])]
        if not preds:
            break
        current = max(preds, key=lambda w: (_finish(w), w.id))
        path.append(current.id)
        seen.add(current.id)
    return list(reversed(path)) if len(path) > 1 else []
