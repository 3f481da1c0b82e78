"""Fixtures of the performance-data tests: a project, facts stores on DuckDB and PostgreSQL, and a
helper that writes export files in a given encoding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from aeflow.domain.brief import KPI, Objective, RequirementBrief, StageTarget
from aeflow.domain.budget import Budget, BudgetLine
from aeflow.domain.client import Client
from aeflow.domain.project import Project
from aeflow.domain.risk import Contingency, Risk, Trigger
from aeflow.metrics.store import MetricsStore


def make_project(**overrides: object) -> Project:
    brief = RequirementBrief(objectives=[
        Objective(id="obj-impr", title="曝光", kpi=KPI(metric="impressions", target=100_000, unit="次"),
                  stage_targets=[StageTarget(date=dt.date(2027, 3, 2), target=10_000)]),
        Objective(id="obj-ctr", title="点击率", kpi=KPI(metric="ctr", target=0.015, unit="%", channel="douyin")),
        Objective(id="obj-cpa", title="CPA", kpi=KPI(metric="cpa", target=80, unit="元", comparison="<=")),
    ])
    fields: dict[str, object] = dict(
        id="p-data", name="数据测试", client=Client(id="c1", name="客户"), campaign_type="launch",
        kickoff=dt.date(2027, 2, 1), launch=dt.date(2027, 3, 1), flight_end=dt.date(2027, 3, 10),
        channels=["douyin", "offline"], brief=brief,
        budget=Budget(lines=[BudgetLine(id="b1", channel="douyin", planned=Decimal(10000))]),
        risks=[Risk(id="r-ctr", description="抖音点击率过低", likelihood=3, severity=3, owner="高沐阳",
                    communication="当天告知客户品牌经理", channel="douyin",
                    trigger=Trigger(metric="ctr", channel="douyin", comparison="<", threshold=0.01,
                                    consecutive_days=3),
                    contingency=Contingency(when="抖音CTR连续3天低于1%", then="更换前3秒素材，预算转投小红书"))],
    )
    fields.update(overrides)
    return Project(**fields)  # type: ignore[arg-type]


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[MetricsStore]:
    with MetricsStore(tmp_path / "metrics.duckdb") as s:
        yield s


@pytest.fixture(params=["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MetricsStore]:
    target = tmp_path / "metrics.duckdb" if request.param == "duckdb" else request.getfixturevalue("postgres_url")
    with MetricsStore(target) as s:
        yield s


def write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",",
          newline: str = "\n") -> Path:
    """Write ``rows`` as delimited text in ``encoding`` (quoting cells that need it)."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
