"""What the stage-8 form shows beside each metric row: where its figure comes from (the AE or the
imported data), the data's figure when the AE's differs from it, the best/worst mark of the last
fill; and the flags an AE should look at before sending the retrospective.

Everything is read from the rows as stored — ``data_actual`` and ``rank`` are what the last fill
wrote — so the page shows the same thing after the fill button and on any later visit. Read-only:
nothing here is a form input, so the form is edited and saved exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from aeflow.domain.labels import channel_label, metric_label
from aeflow.domain.project import Project
from aeflow.domain.retro import MetricRow, Rank, Source
from aeflow.engines.monitoring.retro import CREATIVE, DIFFERS, check, rank_label, source_label
from aeflow.i18n import _
from aeflow.services.retrospective import FORMATS

METRICS_TABLE = "retrospective.metrics"
BEST = frozenset({Rank.best_channel, Rank.best_creative})


@dataclass(frozen=True)
class RowInfo:
    """The read-only notes of one metric row."""

    source: str | None = None
    """``entered`` | ``data`` | None (no figure yet)."""
    source_label: str = ""
    rank: str | None = None
    """``best`` | ``worst`` | None."""
    rank_label: str = ""
    beside: dict[str, str] = field(default_factory=dict)
    """Text shown under a column's input, by column path (the data's figure under ``actual``)."""


def where(channel: str) -> str:
    """A row's channel by its label (``抖音 / 开箱15s`` for a creative's row)."""
    head, sep, creative = channel.partition(CREATIVE)
    return channel_label(head) + sep + creative


def _differs(actual: float, data: float) -> bool:
    return abs(actual - data) > DIFFERS * max(abs(actual), abs(data))


def row_info(row: Mapping[str, Any]) -> RowInfo | None:
    """The notes of a row of the form (a stored row, or one as typed: ``None`` when it does not read)."""
    try:
        r = MetricRow.model_validate(dict(row))
    except (ValidationError, TypeError, ValueError):
        return None
    beside: dict[str, str] = {}
    if r.source == Source.entered and r.data_actual is not None and r.actual is not None \
            and _differs(r.actual, r.data_actual):
        beside["actual"] = _("data: {value}", value=FORMATS.show(r, r.data_actual))
    return RowInfo(
        source=r.source.value if r.source else None, source_label=source_label(r) if r.source else "",
        rank=None if r.rank is None else ("best" if r.rank in BEST else "worst"),
        rank_label=rank_label(r, metric_label(r.metric)), beside=beside)


def flags(project: Project) -> list[dict[str, str]]:
    """The retrospective's flags (an AE figure that differs from the data, a note whose formula or
    attainment disagrees with its figure), each with the row it is about."""
    out = []
    for f in check(project.retrospective, FORMATS):
        row = " · ".join(x for x in (metric_label(f.metric), where(f.channel)) if x)
        out.append({"kind": f.kind, "row": row, "message": f.message})
    return out
