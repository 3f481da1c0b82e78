"""Filling the retrospective's metric rows from the imported data, and checking them.

One rule decides which figure a row shows: **the AE's figure wins**. A figure the AE wrote (in the
file or the web form) is never replaced or blanked by the imported data — it was usually agreed
with the client by a definition the platform exports do not apply (a decision's 口径, orders net of
refunds, fees paid outside the platforms). The data fills only what is empty, and a figure filled
from the data is refreshed by the next fill. Every row keeps what the data gave in ``data_actual``,
so the two can be compared: :func:`check` flags an AE figure that differs from the data, and a
note whose formula (``A ÷ B``) or attainment (``达成109%``) does not agree with the row's figure.

Pure computation: no IO.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aeflow.domain.common import Comparison
from aeflow.domain.retro import MetricRow, Rank, Retrospective, Source
from aeflow.engines.monitoring.pacing import KpiStatus
from aeflow.engines.monitoring.series import TOTAL, Series
from aeflow.i18n import N_, _

CREATIVE = " / "
"""Joins channel and creative in the name of a creative's row (``douyin / 开箱15s``)."""
RANK_BY = ("roas", "cpa", "ctr")
LOWER_IS_BETTER = frozenset({"cpa", "cpc", "cpm", "cpe"})
DIFFERS = 0.005
"""An AE figure differs from the data when they are more than 0.5 % apart."""
NOTE_TOLERANCE = 0.01
"""A note's formula agrees with the figure within 1 % (the AE rounds)."""
ATTAINMENT_TOLERANCE = 1.0
"""A note's attainment agrees within one percentage point (达成109% for 109.3 %)."""

RANK_LABELS = {
    Rank.best_channel: N_("best channel by {metric} in the imported data"),
    Rank.worst_channel: N_("worst channel by {metric} in the imported data"),
    Rank.best_creative: N_("best creative by {metric} in the imported data"),
    Rank.worst_creative: N_("worst creative by {metric} in the imported data"),
}
SOURCE_LABELS = {Source.entered: N_("AE"), Source.data: N_("data")}


@dataclass(frozen=True)
class Formats:
    """How a metric's values read: ratios shown in percent (1.42%, variance in percentage points),
    counts and money sums whole (131,200,000), other ratios with two decimals (41.20, 2.71)."""

    percent: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()

    def _kind(self, metric: str, unit: str, value: float) -> str:
        if metric in self.percent or (metric not in self.whole and unit == "%"):
            return "percent"
        if metric in self.whole:
            return "whole"
        return "number"

    def percent_like(self, row: MetricRow) -> bool:
        return self._kind(row.metric, row.unit, 0.0) == "percent"

    def show(self, row: MetricRow, value: float | None) -> str:
        if value is None:
            return "-"
        kind = self._kind(row.metric, row.unit, value)
        if kind == "percent":
            return f"{value * 100:.2f}%"
        return f"{value:,.0f}" if kind == "whole" else f"{value:,.2f}"

    def variance(self, row: MetricRow, value: float | None) -> str:
        if value is None:
            return "-"
        kind = self._kind(row.metric, row.unit, value)
        if kind == "percent":
            points = value * 100
            return _("{value} pp", value=f"{0.0 if abs(points) < 0.005 else points:+.2f}")
        if kind == "whole":
            return f"{0.0 if abs(value) < 0.5 else value:+,.0f}"
        return f"{0.0 if abs(value) < 0.005 else value:+,.2f}"


@dataclass(frozen=True)
class Flag:
    """Something in the retrospective an AE should look at before sending it."""

    kind: str
    """``data_differs`` | ``note_formula`` | ``note_attainment``"""
    metric: str
    channel: str
    objective: str | None
    message: str
    actual: float | None
    other: float | None
    """The imported data's figure, or the figure the note's formula or attainment gives."""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def rank_metric(series: Series) -> str:
    """ROAS when the data has revenue, else CPA when it has conversions, else CTR."""
    if (series.value(TOTAL, "revenue") or 0) > 0:
        return "roas"
    return "cpa" if (series.value(TOTAL, "conversions") or 0) > 0 else "ctr"


def extremes(rows: Sequence[Mapping[str, Any]], metric: str) -> list[tuple[Mapping[str, Any], bool]]:
    """The best and the worst of ``rows`` (with spend) by ``metric`` — none when fewer than two."""
    usable = [r for r in rows if r.get(metric) is not None and (r.get("spend") or 0) > 0]
    if len(usable) < 2:
        return []
    ranked = sorted(usable, key=lambda r: r[metric], reverse=metric not in LOWER_IS_BETTER)
    return [(ranked[0], True), (ranked[-1], False)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


class _Rows:
    """The rows being filled, found by what they measure."""

    def __init__(self, rows: list[MetricRow], series: Series) -> None:
        self.rows = rows
        self.series = series

    def _same(self, row: MetricRow, metric: str, channel: str) -> bool:
        if self.series.canonical(row.metric) != metric:
            return False
        if row.channel == channel:
            return True
        if CREATIVE in row.channel or CREATIVE in channel:
            return False
        return self.series.channel(row.channel) == self.series.channel(channel) is not None

    def find(self, metric: str, channel: str, objective: str | None) -> int | None:
        """The row for ``metric`` × ``channel``: the one of ``objective``, else one of no objective
        (``objective=None`` matches a row of any objective: one row per metric and channel)."""
        same = [i for i, r in enumerate(self.rows) if self._same(r, metric, channel)]
        if objective is None:
            return same[0] if same else None
        return next((i for i in same if self.rows[i].objective == objective),
                    next((i for i in same if self.rows[i].objective is None), None))


def _data_value(row: MetricRow, series: Series, kpis: Sequence[KpiStatus],
                creatives: Mapping[str, Mapping[str, Any]]) -> float | None:
    metric = series.canonical(row.metric)
    kpi = next((k for k in kpis if k.objective == row.objective and k.metric == metric
                and series.channel(k.channel) == series.channel(row.channel)), None)
    if kpi is not None:
        return kpi.actual
    if CREATIVE in row.channel:
        return creatives.get(row.channel, {}).get(metric)
    key = series.channel(row.channel)
    return None if key is None else series.value(key, metric)


def _with_data(row: MetricRow, value: float | None) -> MetricRow:
    """The AE's figure stays; an empty one, or one filled from the data before, takes the data's.
    No data: nothing changes."""
    if value is None:
        return row
    if row.actual is None or row.source == Source.data:
        return row.model_copy(update={"actual": value, "data_actual": value})
    return row.model_copy(update={"data_actual": value})


def _tool_only(row: MetricRow) -> bool:
    """A row the fill added and nobody has touched since (no objective, target or note)."""
    return (row.rank is None and row.objective is None and row.target is None and not row.note
            and row.source == Source.data)


def fill(retro: Retrospective, kpis: Sequence[KpiStatus], series: Series,
         creatives: Sequence[Mapping[str, Any]] = ()) -> Retrospective:
    """``retro`` with one row per KPI (target vs actual), the best and worst channel and creative
    marked, and every row's ``data_actual`` from the data — the AE's figures, notes, learnings,
    improvements, owner and next-iteration plan kept as they are."""
    found = _Rows([r.model_copy(update={"rank": None}) for r in retro.metrics], series)
    rows = found.rows
    for k in kpis:
        i = found.find(k.metric, k.channel, k.objective)
        if i is None:
            rows.append(MetricRow(metric=k.metric, channel=k.channel, objective=k.objective, target=k.target,
                                  unit=k.unit, comparison=k.comparison))
            continue
        old = rows[i]
        rows[i] = old.model_copy(update={
            "objective": old.objective or k.objective, "unit": old.unit or k.unit,
            "target": old.target if old.target is not None else k.target,
            "comparison": old.comparison if old.target is not None else k.comparison})
    by = rank_metric(series)
    channel_rows = [{"name": c, **v} for c, v in series.to_date.items() if c != TOTAL]
    creative_rows = [dict(r, name=f"{r['channel']}{CREATIVE}{r['creative']}")
                     for r in creatives if r.get("creative")]
    by_name = {str(r["name"]): r for r in creative_rows}
    for candidates, best, worst in ((channel_rows, Rank.best_channel, Rank.worst_channel),
                                    (creative_rows, Rank.best_creative, Rank.worst_creative)):
        for row, is_best in extremes(candidates, by):
            name = str(row["name"])
            i = found.find(by, name, None)
            if i is None:
                rows.append(MetricRow(metric=by, channel=name, unit="%" if by in series.percent else ""))
                i = len(rows) - 1
            rows[i] = rows[i].model_copy(update={"rank": best if is_best else worst})
    filled = [_with_data(r, _round(_data_value(r, series, kpis, by_name))) for r in rows]
    return retro.model_copy(update={"metrics": [r for r in filled if not _tool_only(r)]})


_NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?"
_FORMULA = re.compile(_NUMBER + r"[^\d÷;；。\n]{0,12}?÷[^\d÷;；。\n]{0,30}?" + _NUMBER)
_ATTAINMENT = re.compile(r"(?:达成率?|attain(?:ed|ment)|achieved)\s*(\d+(?:\.\d+)?)\s*%", re.IGNORECASE)
_SCALE = {"万": 1e4, "亿": 1e8, "": 1.0}


def _number(digits: str, scale: str | None) -> float:
    return float(digits.replace(",", "")) * _SCALE[scale or ""]


def note_formula(note: str) -> tuple[float, float] | None:
    """The first ``A ÷ B`` a note states (``647.7万元 ÷ 239.0万元``) as (A, B)."""
    m = _FORMULA.search(note)
    if m is None:
        return None
    b = _number(m[3], m[4])
    return (_number(m[1], m[2]), b) if b else None


def note_attainment(note: str) -> float | None:
    """The attainment a note states (``达成109%`` → 109.0)."""
    m = _ATTAINMENT.search(note)
    return float(m[1]) if m else None


def attainment(actual: float, target: float, comparison: Comparison) -> float | None:
    """Percent of target (for “at most” KPIs: target ÷ actual), as the dashboard counts it."""
    if comparison in (Comparison.le, Comparison.lt):
        return None if actual == 0 else target / actual * 100
    return None if target == 0 else actual / target * 100


def _apart(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) > tolerance * max(abs(a), abs(b))


def differs(row: MetricRow) -> bool:
    """Whether the row's figure is the AE's and the imported data gives another (more than
    :data:`DIFFERS` apart): the documents for the team show both, :func:`check` flags it."""
    return (row.actual is not None and row.data_actual is not None and row.source == Source.entered
            and _apart(row.actual, row.data_actual, DIFFERS))


def check(retro: Retrospective, formats: Formats) -> list[Flag]:
    """The rows whose figure an AE should look at: an AE figure that differs from the imported data,
    a note whose formula or attainment does not agree with the figure."""
    flags = []
    for r in retro.metrics:
        def flag(kind: str, message: str, other: float | None, row: MetricRow = r) -> None:
            flags.append(Flag(kind, row.metric, row.channel, row.objective, message, row.actual, other))

        if r.actual is None:
            continue
        shown = formats.show(r, r.actual)
        data = r.data_actual
        if differs(r) and data is not None:
            if formats.percent_like(r):
                share = f" ({formats.variance(r, data - r.actual)})"
            else:
                share = "" if not r.actual else f" ({(data - r.actual) / abs(r.actual) * 100:+.1f}%)"
            flag("data_differs", _("the AE's figure {actual} is kept; the imported data gives {data}{share} — "
                                   "check which definition (口径) the client agreed on", actual=shown,
                                   data=formats.show(r, data), share=share), data)
        formula = note_formula(r.note)
        if formula is not None and _apart(formula[0] / formula[1], r.actual, NOTE_TOLERANCE):
            flag("note_formula", _("the note's formula {a} ÷ {b} gives {value}, but the figure is {actual}",
                                   a=f"{formula[0]:,.0f}", b=f"{formula[1]:,.0f}",
                                   value=formats.show(r, formula[0] / formula[1]), actual=shown),
                 formula[0] / formula[1])
        stated = note_attainment(r.note)
        got = attainment(r.actual, r.target, r.comparison) if r.target is not None else None
        if stated is not None and got is not None and abs(stated - got) > ATTAINMENT_TOLERANCE:
            flag("note_attainment", _("the note says {stated}% of target, but {actual} against {target} is "
                                      "{got}%", stated=f"{stated:g}", actual=shown,
                                      target=formats.show(r, r.target), got=f"{got:.1f}"), got)
    return flags


def rank_label(row: MetricRow, metric_label: str) -> str:
    return "" if row.rank is None else _(RANK_LABELS[row.rank], metric=metric_label)


def source_label(row: MetricRow) -> str:
    return "-" if row.source is None else _(SOURCE_LABELS[row.source])
