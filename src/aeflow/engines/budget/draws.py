"""What the funnel forecast draws: the lines it forecasts, their funnel quantities per draw, and
the quantiles it reports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COUNTS = ("impressions", "clicks", "conversions", "gmv")
"""The funnel's additive quantities, per line and draw."""


@dataclass(frozen=True)
class Quantiles:
    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, draws: np.ndarray) -> Quantiles:
        p10, p50, p90 = np.percentile(draws, [10, 50, 90])
        return cls(float(p10), float(p50), float(p90))


@dataclass(frozen=True)
class Spend:
    """One budget line to forecast (``category``: its cost category, which a KPI's
    ``spend_categories`` may or may not count as spend)."""

    id: str
    channel: str
    amount: float
    category: str = "media"


def funnel_metrics(spend: np.ndarray | float, impressions: np.ndarray, clicks: np.ndarray,
                   conversions: np.ndarray, gmv: np.ndarray) -> dict[str, np.ndarray]:
    """Every metric the funnel forecasts, from its sums (ratios per draw)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "impressions": impressions, "clicks": clicks, "conversions": conversions, "gmv": gmv,
            "roas": gmv / spend, "roi": (gmv - spend) / spend, "cpm": spend / impressions * 1000.0,
            "cpc": spend / clicks, "ctr": clicks / impressions, "cvr": conversions / clicks,
            "cpa": spend / conversions,
        }
