"""Metric definitions, written once as SQL over the facts table and transpiled by SQLGlot to the
dialect of whichever engine holds the facts (DuckDB, PostgreSQL — and ClickHouse, BigQuery, Spark
… see docs/metrics.md).

Every derived metric is computed from sums (CTR = Σclicks / Σimpressions), never by averaging
daily ratios, so the same definition is right at any grain: a day, a week, a channel, the flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from aeflow.i18n import N_
from aeflow.importers.registry import MEASURES

SOURCE_DIALECT = "duckdb"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    sql: str
    ratio: bool = False
    percent: bool = False
    """Shown in percent; stored, and compared with KPI targets and triggers, as a fraction (0.015)."""
    unit: str = ""
    numerator: str = ""
    """A ratio's sums: ``numerator ÷ denominator × scale + offset`` — the same as ``sql``, for
    computing a KPI whose sums are scoped differently (see aeflow.engines.monitoring.scope)."""
    denominator: str = ""
    scale: float = 1.0
    offset: float = 0.0

    @property
    def expression(self) -> exp.Expression:
        return sqlglot.parse_one(self.sql, read=SOURCE_DIALECT)


def _div(num: str, den: str) -> str:
    return f"CAST({num} AS DOUBLE) / NULLIF(CAST({den} AS DOUBLE), 0)"


LABELS = {
    "impressions": N_("Impressions"), "reach": N_("Reach"), "clicks": N_("Clicks"), "spend": N_("Spend"),
    "conversions": N_("Conversions"), "revenue": N_("Revenue"), "video_views": N_("Video views"),
    "engagements": N_("Engagements"), "followers": N_("New followers"), "attendance": N_("Attendance"),
    "store_sales": N_("Store sales"), "new_members": N_("New members"),
}
UNITS = {"spend": "元", "revenue": "元", "store_sales": "元"}

METRICS: dict[str, Metric] = {
    m: Metric(m, LABELS[m], f"SUM({m})", unit=UNITS.get(m, "")) for m in MEASURES
}
METRICS.update({
    "ctr": Metric("ctr", N_("CTR"), _div("SUM(clicks)", "SUM(impressions)"), ratio=True, percent=True, unit="%",
                  numerator="clicks", denominator="impressions"),
    "cpm": Metric("cpm", N_("CPM"), _div("SUM(spend) * 1000", "SUM(impressions)"), ratio=True, unit="元",
                  numerator="spend", denominator="impressions", scale=1000),
    "cpc": Metric("cpc", N_("CPC"), _div("SUM(spend)", "SUM(clicks)"), ratio=True, unit="元",
                  numerator="spend", denominator="clicks"),
    "cvr": Metric("cvr", N_("CVR"), _div("SUM(conversions)", "SUM(clicks)"), ratio=True, percent=True, unit="%",
                  numerator="conversions", denominator="clicks"),
    "cpa": Metric("cpa", N_("CPA"), _div("SUM(spend)", "SUM(conversions)"), ratio=True, unit="元",
                  numerator="spend", denominator="conversions"),
    "roas": Metric("roas", N_("ROAS"), _div("SUM(revenue)", "SUM(spend)"), ratio=True, unit="x",
                   numerator="revenue", denominator="spend"),
    "roi": Metric("roi", N_("ROI"), _div("SUM(revenue) - SUM(spend)", "SUM(spend)"), ratio=True, percent=True,
                  unit="%", numerator="revenue", denominator="spend", offset=-1.0),
    "frequency": Metric("frequency", N_("Frequency"), _div("SUM(impressions)", "SUM(reach)"), ratio=True, unit="x",
                        numerator="impressions", denominator="reach"),
    "cpe": Metric("cpe", N_("CPE"), _div("SUM(spend)", "SUM(engagements)"), ratio=True, unit="元",
                  numerator="spend", denominator="engagements"),
    "engagement_rate": Metric("engagement_rate", N_("Engagement rate"), _div("SUM(engagements)", "SUM(impressions)"),
                              ratio=True, percent=True, unit="%", numerator="engagements",
                              denominator="impressions"),
})

ALIASES = {
    "曝光": "impressions", "曝光量": "impressions", "展示": "impressions", "impr": "impressions",
    "点击": "clicks", "点击率": "ctr", "消耗": "spend", "花费": "spend", "cost": "spend", "转化": "conversions",
    "转化率": "cvr", "成交额": "revenue", "gmv": "revenue", "到场人数": "attendance", "新增会员": "new_members",
    "千次展示成本": "cpm", "单次点击成本": "cpc", "单次转化成本": "cpa", "投入产出比": "roas", "广告支出回报": "roas",
    "触达": "reach", "频次": "frequency", "互动率": "engagement_rate", "单次互动成本": "cpe", "互动": "engagements", "播放": "video_views", "门店销售额": "store_sales",
    "sales": "store_sales", "members": "new_members",
}

DIMENSIONS: dict[str, str] = {
    "platform": "platform", "channel": "channel", "account": "account", "campaign": "campaign",
    "ad_group": "ad_group", "creative": "creative", "region": "region", "date": "date",
    "week": "CAST(DATE_TRUNC('week', date) AS DATE)", "month": "CAST(DATE_TRUNC('month', date) AS DATE)",
}


def metric(name: str) -> Metric | None:
    key = name.strip().lower()
    return METRICS.get(ALIASES.get(key, key))


def select(project: str, *, by: Sequence[str], metrics: Sequence[str], dialect: str,
           start: str | None = None, end: str | None = None, table: str = "facts") -> str:
    """``SELECT <by>, <metrics> FROM facts WHERE project = … GROUP BY <by>`` in ``dialect``."""
    unknown = [d for d in by if d not in DIMENSIONS] + [m for m in metrics if m not in METRICS]
    if unknown:
        raise KeyError(", ".join(unknown))
    columns = [sqlglot.parse_one(DIMENSIONS[d], read=SOURCE_DIALECT).as_(d) for d in by]
    columns += [METRICS[m].expression.as_(m) for m in metrics]
    where = exp.column("project").eq(exp.Literal.string(project))
    if start:
        where = where.and_(exp.column("date") >= exp.cast(exp.Literal.string(start), "date"))
    if end:
        where = where.and_(exp.column("date") <= exp.cast(exp.Literal.string(end), "date"))
    query = exp.select(*columns).from_(table).where(where)
    if by:
        query = query.group_by(*[exp.Literal.number(i + 1) for i in range(len(by))])
        query = query.order_by(*[exp.Literal.number(i + 1) for i in range(len(by))])
    return query.sql(dialect=dialect)


def transpile(statement: str, dialect: str) -> str:
    """A statement written in DuckDB's dialect, in ``dialect``."""
    return ";\n".join(sqlglot.transpile(statement, read=SOURCE_DIALECT, write=dialect))
