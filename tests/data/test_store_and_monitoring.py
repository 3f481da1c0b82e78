"""The facts store on DuckDB and PostgreSQL, the monitoring engine, webhooks, and the retrospective."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from aeflow.engines.monitoring.pacing import Status
from aeflow.services.data import import_files
from aeflow.services.monitoring import after_import, dashboard, fill_retrospective
from .conftest import write

HEADER = ["日期", "计划名称", "展示数", "点击数", "消耗", "转化数", "直接成交金额"]


def _export(path: Path, days: int = 5, clicks: list[int] | None = None) -> Path:
    clicks = clicks or [200, 150, 80, 70, 60]
    rows = [[f"2027-03-0{d + 1}", "计划A", "10000", str(clicks[d]), "1000", "10", "2500"] for d in range(days)]
    return write(path, [HEADER] + rows)


def test_metric_definitions_give_the_same_numbers_on_duckdb_and_postgresql(tmp_path, any_store, project) -> None:
    import_files(any_store, project, [_export(tmp_path / "a.csv")])
    import_files(any_store, project, [_export(tmp_path / "a.csv")])
    rows = any_store.metrics(project.id, by=["channel", "week"], metrics=["impressions", "spend", "ctr", "cpm",
                                                                         "cpc", "cvr", "cpa", "roas", "roi"])
    assert len(rows) == 1
    r = rows[0]
    assert (r["channel"], r["week"], r["impressions"], float(r["spend"])) == ("douyin", dt.date(2027, 3, 1),
                                                                            50000, 5000.0)
    assert r["ctr"] == pytest.approx(560 / 50000)
    assert r["cpm"] == pytest.approx(100.0)
    assert r["cpc"] == pytest.approx(5000 / 560)
    assert r["cvr"] == pytest.approx(50 / 560)
    assert r["cpa"] == pytest.approx(100.0)
    assert r["roas"] == pytest.approx(2.5)
    assert r["roi"] == pytest.approx(1.5)
    assert any_store.fact_count(project.id) == 5


def test_a_trigger_fires_after_its_consecutive_days(tmp_path, store, project) -> None:
    import_files(store, project, [_export(tmp_path / "a.csv")])
    alerts = after_import(store, project)
    assert len(alerts) == 1
    a = alerts[0]
    assert (a.risk_id, a.metric, a.channel, a.first_date, a.last_date) == (
        "r-ctr", "ctr", "douyin", dt.date(2027, 3, 3), dt.date(2027, 3, 5))
    assert [round(v, 4) for _d, v in a.values] == [0.008, 0.007, 0.006]
    assert a.action == "更换前3秒素材，预算转投小红书" and a.owner == "高沐阳"
    assert after_import(store, project) == []  # recorded once


def test_two_low_days_do_not_fire(tmp_path, store, project) -> None:
    import_files(store, project, [_export(tmp_path / "a.csv", clicks=[200, 80, 70, 150, 200])])
    assert after_import(store, project) == []


def test_kpi_status_and_budget_pacing(tmp_path, store, project) -> None:
    import_files(store, project, [_export(tmp_path / "a.csv")])
    board = dashboard(store, project)
    kpis = {k.objective: k for k in board.kpis}
    impr = kpis["obj-impr"]
    assert impr.actual == 50000
    assert impr.expected == pytest.approx(50000)  # 5 of 10 days of 100,000
    assert impr.forecast == pytest.approx(100000)
    assert impr.status == Status.on_track
    assert kpis["obj-ctr"].status == Status.off_track  # 1.12% against ≥ 1.5%
    assert kpis["obj-cpa"].status == Status.off_track  # 100 against ≤ 80
    douyin = next(b for b in board.budget if b.channel == "douyin")
    assert (douyin.spent, douyin.expected, douyin.pacing) == (5000.0, 5000.0, 100.0)
    assert douyin.status == Status.on_track


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "code": 0}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook_url():
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hook.received = []
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["feishu", "dingtalk", "wecom", "slack"])
def test_alerts_reach_each_im_in_its_own_format(tmp_path, store, project, hook_url, kind) -> None:
    import_files(store, project, [_export(tmp_path / "a.csv")])
    after_import(store, project, webhook=hook_url, webhook_kind=kind)
    assert len(_Hook.received) == 1
    msg = _Hook.received[0]
    text = json.dumps(msg, ensure_ascii=False)
    assert "r-ctr" in text and "更换前3秒素材" in text and "当天告知客户品牌经理" in text
    if kind == "feishu":
        assert msg["msg_type"] == "post" and "zh_cn" in msg["content"]["post"]
    elif kind == "dingtalk":
        assert msg["msgtype"] == "markdown" and msg["markdown"]["title"]
    elif kind == "wecom":
        assert msg["msgtype"] == "markdown" and "content" in msg["markdown"]
    else:
        assert msg["blocks"][0]["type"] == "header"


def test_retro_fills_results_and_keeps_what_the_ae_wrote(tmp_path, store, project) -> None:
    from aeflow.domain.retro import MetricRow, Retrospective

    project = project.model_copy(update={"retrospective": Retrospective(
        learnings=["前3秒决定点击"], owner="林晓冉",
        metrics=[MetricRow(metric="impressions", objective="obj-impr", target=100000, unit="次", note="AE 备注")])})
    import_files(store, project, [_export(tmp_path / "a.csv")])
    filled = fill_retrospective(store, project)
    again = fill_retrospective(store, filled)
    assert again == filled
    retro = filled.retrospective
    assert retro.learnings == ["前3秒决定点击"] and retro.owner == "林晓冉"
    impr = next(r for r in retro.metrics if r.metric == "impressions")
    assert (impr.actual, impr.target, impr.note, impr.met) == (50000, 100000, "AE 备注", False)
    assert {r.metric for r in retro.metrics} >= {"impressions", "ctr", "cpa"}
