"""The monitoring engine's input (:class:`~aeflow.engines.monitoring.series.Series`) made with the
metric definitions: which measures add up, which ratios show in percent, each ratio's sums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from aeflow.engines.monitoring.series import Formula, Series, Values
from aeflow.importers.registry import MEASURES
from aeflow.metrics.definitions import ALIASES, METRICS


def make_series(daily: Mapping[str, Mapping[dt.date, Values]], to_date: Mapping[str, Values]) -> Series:
    return Series(daily=daily, to_date=to_date, additive=frozenset(MEASURES), aliases=ALIASES,
                  percent=frozenset(m for m, d in METRICS.items() if d.percent),
                  formulas={m: Formula(d.numerator, d.denominator, d.scale, d.offset)
                            for m, d in METRICS.items() if d.numerator})


def empty_series() -> Series:
    """The series of a project with no imported data."""
    return make_series({}, {})
