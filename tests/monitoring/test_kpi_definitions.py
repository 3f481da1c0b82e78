"""KPIs computed as their definition says, budget pacing on the one spent-to-date rule, and every
output (terminal, documents) showing the dashboard's status — on the demo case's real exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from rich.console import Console

from aeflow.domain.budget import CostCategory
from aeflow.engines.monitoring.pacing import STATUS_LABELS, Status, evaluate_kpis
from aeflow.engines.monitoring.series import TOTAL
from aeflow.engines.monitoring.spend import PLATFORM, RECORDED, by_channel, spend_groups, spent_total
from aeflow.i18n import _, language
from aeflow.services.exporting import render
from aeflow.services.monitoring import dashboard, series_for

TODAY = dt.date(2026, 11, 20)


def kpi(board, objective):
    return next(k for k in board.kpis if k.objective == objective)


def test_roas_counts_the_kol_fees_recorded_on_budget_lines(l3, store) -> None:
    board = dashboard(store, l3)
    roas = kpi(board, "obj-roas")
    assert roas.numerator.value == pytest.approx(5_200_850, abs=1)
    assert roas.denominator.platform == pytest.approx(1_944_000, abs=1)
    assert roas.denominator.recorded == pytest.approx(446_000)
    assert roas.denominator.recorded_lines == ("bl-kol",)
    assert roas.actual == pytest.approx(5_200_850 / 2_390_000, abs=1e-4)
    assert roas.status == Status.missed
    assert "2,390,000" in roas.formula and "446,000" in roas.formula


def test_cpa_counts_only_the_conversions_of_its_outcome_channels(l3, store) -> None:
    cpa = kpi(dashboard(store, l3), "obj-cpa")
    assert cpa.denominator.channels == ("tmall",)
    assert cpa.denominator.value == pytest.approx(57_960)
    assert cpa.actual == pytest.approx(2_390_000 / 57_960, abs=1e-3)
    assert cpa.status == Status.met
    assert cpa.attainment == pytest.approx(45 / (2_390_000 / 57_960) * 100, abs=0.1)


def test_a_kpi_with_the_default_definition_equals_the_sql_metric(l3, store) -> None:
    series = series_for(store, l3)
    objectives = []
    for o in l3.brief.objectives:
        if o.kpi is not None and o.kpi.metric in ("roas", "cpa"):
            o = o.model_copy(update={"kpi": o.kpi.model_copy(update={
                "outcome_channels": [], "spend_categories": [CostCategory.media]})})
        objectives.append(o)
    plain = l3.model_copy(update={"brief": l3.brief.model_copy(update={"objectives": objectives})})
    got = {k.objective: k.actual for k in evaluate_kpis(plain, series, dt.date(2026, 10, 31))}
    assert got["obj-roas"] == pytest.approx(series.value(TOTAL, "roas"))
    assert got["obj-cpa"] == pytest.approx(series.value(TOTAL, "cpa"))
    assert got["obj-ctr"] == pytest.approx(series.value(TOTAL, "ctr"))


def test_budget_pacing_paces_platform_spend_against_media_lines_only(l3, store) -> None:
    board = dashboard(store, l3)
    rows = {(b.channel, b.category): b for b in board.budget}
    media = rows[("douyin", "media")]
    assert media.planned == 800_000
    assert media.spent == pytest.approx(851_600, abs=1)
    assert media.source == PLATFORM
    assert media.pacing == pytest.approx(106.45, abs=0.1)
    assert media.status == Status.on_track
    production = rows[("douyin", "production")]
    assert (production.planned, production.spent, production.source) == (150_000, 150_000, RECORDED)
    kol = rows[("kol", "kol")]
    assert (kol.planned, kol.spent, kol.source) == (450_000, 446_000, RECORDED)
    total = rows[("", "")]
    assert total.planned == 3_000_000
    assert total.spent == pytest.approx(2_986_500, abs=1) == pytest.approx(board.spent)
    assert total.spent == pytest.approx(float(l3.budget.actual), abs=1)


def test_spend_groups_put_platform_spend_without_a_budget_line_in_the_total(l3, store) -> None:
    series = series_for(store, l3)
    lines = [line for line in l3.budget.lines if line.channel != "weibo"]
    without = l3.model_copy(update={"budget": l3.budget.model_copy(update={"lines": lines})})
    groups = spend_groups(without, series)
    weibo = [g for g in groups if g.channel == "weibo"]
    assert len(weibo) == 1 and weibo[0].planned == 0 and weibo[0].spent == pytest.approx(59_400, abs=1)
    assert spent_total(groups) == pytest.approx(2_986_500, abs=1)
    assert by_channel(groups)["douyin"] == pytest.approx((950_000, 1_001_600), abs=1)


def _xlsx_status(data: bytes) -> dict[str, str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    with language("zh"):
        ws = wb[_("KPI dashboard")]
    out = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] and row[6] and row[1]:
            out[str(row[0])] = str(row[6])
    return out


def test_the_workbook_and_the_report_show_the_dashboards_status(l3, store, tmp_path) -> None:
    board = dashboard(store, l3)
    series = series_for(store, l3)
    with language("zh"):
        expected = {k.title: _(STATUS_LABELS[k.status]) for k in board.kpis}
    xlsx = render(l3, "xlsx", audience="internal", lang="zh", today=TODAY, series=series)
    shown = _xlsx_status(xlsx)
    assert {t: shown[t] for t in expected} == expected
    assert expected["首发期新品成交6万单"] == "未达成"
    md = render(l3, "md", audience="client", lang="zh", today=TODAY, series=series).decode()
    for title, label in expected.items():
        assert any(title in line and line.rstrip(" |").endswith(label) for line in md.splitlines()), title
    from tests.exporters.textof import pdf_text

    pdf = pdf_text(render(l3, "pdf", audience="client", lang="zh", today=TODAY, series=series), tmp_path)
    assert pdf.count("未达成") >= sum(1 for v in expected.values() if v == "未达成")
    assert "落后于进度" not in pdf and "进度正常" not in pdf


def test_documents_and_dashboard_say_the_same_spent_total(l3, store) -> None:
    board = dashboard(store, l3)
    md = render(l3, "md", audience="internal", lang="zh", today=TODAY, series=series_for(store, l3)).decode()
    with language("zh"):
        from aeflow import formatting

        assert formatting.money(Decimal(str(round(board.spent, 2)))) in md


def test_the_terminal_dashboard_speaks_the_users_language(l3, store) -> None:
    from aeflow.cli import common
    from aeflow.cli.monitoring import print_dashboard

    board = dashboard(store, l3)
    buffer = Console(file=io.StringIO(), width=240, color_system=None)
    old, common.console = common.console, buffer
    import aeflow.cli.monitoring as cli_monitoring

    cli_monitoring.console = buffer
    try:
        with language("zh"):
            print_dashboard(l3, board)
    finally:
        common.console = cli_monitoring.console = old
    text = buffer.file.getvalue()
    for raw in (" impressions ", " xiaohongshu ", " douyin ", " roas ", "132,368,425.00", "16,830.00", "< 0.01"):
        assert raw not in text, raw
    assert "抖音" in text and "小红书" in text and "曝光" in text
    assert "实际 132,368,425，" in text
    assert "抖音 点击率 < 1.0%" in text
    assert "计算口径" in text and "446,000" in text
