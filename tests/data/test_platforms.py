"""One export per platform, each in the encoding and format that platform's users meet, with
exact totals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aeflow.services.data import inspect
from .conftest import write, write_xlsx


def oceanengine_gbk(tmp: Path) -> Path:
    return write(tmp / "巨量引擎_广告报表.csv", [
        ["巨量引擎广告投放数据"], ["时间范围：2027-03-01 至 2027-03-03"],
        ["日期", "账户名称", "项目名称", "广告名称", "素材ID", "展示数", "点击数", "点击率", "消耗(元)", "转化数",
         "直接成交金额"],
        ["2027/3/1", "星河美妆", "新品上市", "广告A", "7301", "1,200", "24", "2.00%", "￥1,234.56", "3", "1.2万"],
        ["2027/3/2", "星河美妆", "新品上市", "广告A", "7301", "800", "8", "1.00%", "100", "-", ""],
        ["2027/3/3", "星河美妆", "新品上市", "广告B", "7302", "1000", "12", "1.20%", "65.44", "1", "300"],
        ["合计", "", "", "", "", "3,000", "44", "1.47%", "1,400.00", "4", "12300"],
    ], encoding="gbk")


def tencent_bom(tmp: Path) -> Path:
    return write(tmp / "tencent.csv", [
        ["日期", "账户ID", "推广计划名称", "广告名称", "版位", "曝光次数", "点击次数", "花费", "目标转化量", "下单金额"],
        ["20270301", "1001", "秋季上新", "朋友圈-视频", "朋友圈", "50000", "600", "3000.50", "20", "8000"],
        ["20270302", "1001", "秋季上新", "朋友圈-视频", "朋友圈", "40000", "400", "2500", "10", "4000.25"],
        ["总计", "-", "-", "-", "-", "90000", "1000", "5500.50", "30", "12000.25"],
    ], encoding="utf-8-sig")


def xiaohongshu_xlsx(tmp: Path) -> Path:
    return write_xlsx(tmp / "聚光_单元报表.xlsx", [
        ["小红书聚光 单元报表 2027年3月"], [],
        ["时间", "计划名称", "单元名称", "消费", "展现量", "点击量", "点击率", "互动量", "商品成交订单量", "商品成交金额"],
        ["3月1日", "种草计划", "单元1", 500.5, 20000, 300, "1.50%", 120, 5, 1500],
        ["3月2日", "种草计划", "单元1", "1,000", "2.1万", 400, "1.90%", 200, 7, "2,100.00"],
        ["合计", None, None, 1500.5, 41000, 700, None, 320, 12, 3600],
    ])


def alimama_gb18030(tmp: Path) -> Path:
    return write(tmp / "wxt.csv", [
        ["日期", "计划名字", "单元名字", "展现量", "点击量", "花费", "总成交笔数", "总成交金额", "投入产出比"],
        ["2027年3月1日", "货品全站推", "桂花乌龙", "10000", "500", "800.00", "40", "3200.00", "4.00"],
        ["2027年3月2日", "货品全站推", "桂花乌龙", "12000", "600", "1000.00", "45", "3150.00", "3.15"],
        ["汇总", "", "", "22000", "1100", "1800.00", "85", "6350.00", "3.53"],
    ], encoding="gb18030")


def kuaishou_utf16(tmp: Path) -> Path:
    return write(tmp / "磁力金牛.txt", [
        ["日期", "账户名称", "计划名称", "单元名称", "花费", "封面曝光数", "封面点击数", "订单数", "GMV", "涨粉数"],
        ["2027-03-01", "快手旗舰店", "直播推广", "单元A", "600", "30000", "900", "30", "2400", "50"],
        ["2027-03-02", "快手旗舰店", "直播推广", "单元A", "400", "20000", "500", "10", "800", "20"],
        ["合计", "", "", "", "1000", "50000", "1400", "40", "3200", "70"],
    ], encoding="utf-16", delimiter="\t", newline="\r\n")


def weibo_tsv(tmp: Path) -> Path:
    return write(tmp / "weibo.tsv", [
        ["日期", "广告系列名称", "广告组名称", "曝光量", "点击量", "消耗", "互动量", "加关注数", "转发数"],
        ["2027-03-01", "新品话题", "组1", "80000", "800", "1200", "3000", "40", "100"],
        ["2027-03-02", "新品话题", "组1", "60000", "-", "800", "2000", "", "80"],
    ], delimiter="\t")


def google_ads(tmp: Path) -> Path:
    return write(tmp / "Campaign report.csv", [
        ["Campaign report"], ["March 1, 2027 - March 2, 2027"],
        ["Day", "Campaign", "Ad group", "Currency code", "Impr.", "Clicks", "Cost", "Conversions", "Conv. value"],
        ["2027-03-01", "Brand | Search", "Core", "USD", "1,000", "50", "120.40", "5.50", "600.00"],
        ["2027-03-02", "Brand | Search", "Core", "USD", "2,000", "70", "99.60", "4.50", "400.00"],
        ["Total: Account", "", "", "", "3,000", "120", "220.00", "10.00", "1,000.00"],
        ["Total: Search", "", "", "", "3,000", "120", "220.00", "10.00", "1,000.00"],
    ])


def meta_ads(tmp: Path) -> Path:
    return write(tmp / "meta.csv", [
        ["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Ad name", "Reach", "Impressions",
         "Link clicks", "Amount spent (CNY)", "Purchases", "Purchases conversion value"],
        ["2027-03-01", "2027-03-01", "Launch", "Women 25-35", "Video A", "9000", "15000", "300", "750.25", "12",
         "2400"],
        ["2027-03-02", "2027-03-02", "Launch", "Women 25-35", "Video A", "7000", "10000", "", "249.75", "", ""],
    ])


def offline_csv(tmp: Path) -> Path:
    return write(tmp / "offline.csv", [
        ["日期", "活动名称", "门店", "到场人数", "门店销售额", "新增会员"],
        ["2027-03-01", "快闪", "上海静安", "3200", "¥18,000", "410"],
        ["2027-03-02", "快闪", "上海静安", "5400", "2.2万", "560"],
    ])


CASES = [
    # maker, platform, encoding, rows, (impressions, clicks, spend, conversions, revenue), dates, skipped
    (oceanengine_gbk, "oceanengine", "gb18030", 3, (3000, 44, 1400.0, 4, 12300), ("2027-03-01", "2027-03-03"), 1),
    (tencent_bom, "tencent", "utf-8-sig", 2, (90000, 1000, 5500.5, 30, 12000.25), ("2027-03-01", "2027-03-02"), 1),
    (xiaohongshu_xlsx, "xiaohongshu", "xlsx", 2, (41000, 700, 1500.5, 12, 3600), ("2027-03-01", "2027-03-02"), 1),
    (alimama_gb18030, "alimama", "gb18030", 2, (22000, 1100, 1800, 85, 6350), ("2027-03-01", "2027-03-02"), 1),
    (kuaishou_utf16, "kuaishou", "utf-16", 2, (50000, 1400, 1000, 40, 3200), ("2027-03-01", "2027-03-02"), 1),
    (weibo_tsv, "weibo", "utf-8", 2, (140000, 800, 2000, 0, 0), ("2027-03-01", "2027-03-02"), 0),
    (google_ads, "google_ads", "utf-8", 2, (3000, 120, 220.0, 10, 1000), ("2027-03-01", "2027-03-02"), 2),
    (meta_ads, "meta_ads", "utf-8", 2, (25000, 300, 1000.0, 12, 2400), ("2027-03-01", "2027-03-02"), 0),
]


@pytest.mark.parametrize(("maker", "platform", "encoding", "rows", "totals", "dates", "skipped"), CASES,
                         ids=[c[1] for c in CASES])
def test_platform_export_is_detected_and_totalled_exactly(tmp_path: Path, maker, platform, encoding, rows, totals,
                                                          dates, skipped) -> None:
    summary = inspect(maker(tmp_path))
    assert summary["platform"] == platform
    assert summary["encoding"] == encoding
    assert summary["rows"] == rows
    assert (summary["date_min"], summary["date_max"]) == dates
    assert summary["totals"] == dict(zip(("impressions", "clicks", "spend", "conversions", "revenue"),
                                         [float(t) for t in totals], strict=True))
    assert [s["code"] for s in summary["skipped"]] == ["total_row"] * skipped


def test_total_rows_are_reported_with_their_row_number(tmp_path: Path) -> None:
    summary = inspect(oceanengine_gbk(tmp_path))
    assert summary["skipped"] == [{"row": 7, "column": None, "value": "合计", "reason": summary["skipped"][0]["reason"],
                                   "code": "total_row"}]


def test_offline_results_from_a_simple_csv(tmp_path: Path, store, project) -> None:
    from aeflow.services.data import import_files

    report = import_files(store, project, [offline_csv(tmp_path)])
    assert report.files[0]["platform"] == "offline"
    rows = store.metrics(project.id, by=["channel"], metrics=["attendance", "store_sales", "new_members"])
    assert [(r["channel"], r["attendance"], float(r["store_sales"]), r["new_members"]) for r in rows] == [
        ("offline", 8600, 40000.0, 970)]


def test_the_year_of_a_date_without_one_comes_from_the_title(tmp_path: Path) -> None:
    summary = inspect(xiaohongshu_xlsx(tmp_path))
    assert summary["date_min"] == dt.date(2027, 3, 1).isoformat()


def test_the_year_of_a_date_without_one_can_be_given(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", [["时间", "计划名称", "消费", "展现量", "点击量"], ["12月31日", "a", "1", "10", "1"],
                                      ["1月1日", "a", "2", "20", "2"]])
    summary = inspect(path, year=2026)
    assert (summary["date_min"], summary["date_max"]) == ("2025-12-31", "2026-01-01")
