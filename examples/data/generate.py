"""Seeded synthetic performance data of the demo case (青屿桂花乌龙上市), 90 days to 2026-10-15,
in each platform's own export format:

- ``douyin_巨量引擎_日报.csv``     GBK, a title line, a 合计 row — 抖音 CTR sags below 1% for 4 days
  in early October (fires the L3 risk on douyin CTR);
- ``wechat_腾讯广告.csv``         UTF-8 with BOM, dates as 20260928, a 总计 row;
- ``xiaohongshu_聚光.xlsx``       an Excel sheet with a title row and dates like 9月28日;
- ``tmall_万相台.csv``            GB18030, dates like 2026年9月28日, a 汇总 row;
- ``weibo_超级粉丝通.txt``        UTF-16 tab-separated (Excel "Unicode text");
- ``offline_快闪.csv``            the pop-up's attendance, store sales and new members — one day
  above 5,000 visitors (fires the crowd-control risk).

    python examples/data/generate.py            # rewrites the files next to this script
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).parent
START, END, LAUNCH = dt.date(2026, 7, 18), dt.date(2026, 10, 15), dt.date(2026, 9, 28)
DAYS = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]


def phase(day: dt.date) -> float:
    """Spend weight: light seeding, a launch peak, then sustain."""
    if day < dt.date(2026, 9, 1):
        return 0.15
    if day < LAUNCH:
        return 0.4
    if day <= dt.date(2026, 10, 7):
        return 1.6
    return 0.9


def text(rows: list[list[object]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def douyin(rng: random.Random) -> None:
    rows: list[list[object]] = [["巨量引擎 广告数据报表 2026-07-18 至 2026-10-15"],
                                ["日期", "账户名称", "项目名称", "广告名称", "展示数", "点击数", "点击率", "消耗",
                                 "转化数", "直接成交金额"]]
    tot = [0, 0, 0.0, 0, 0.0]
    for day in DAYS:
        for ad in ("信息流-桂花乌龙15s", "信息流-秋日开罐"):
            spend = round(6500 * phase(day) * rng.uniform(0.8, 1.2), 2)
            impressions = int(spend / rng.uniform(38, 46) * 1000)
            ctr = rng.uniform(0.0125, 0.0165)
            if dt.date(2026, 10, 3) <= day <= dt.date(2026, 10, 6):
                ctr = rng.uniform(0.0075, 0.0092)  # creative fatigue after the holiday peak
            clicks = int(impressions * ctr)
            conv = int(clicks * rng.uniform(0.02, 0.03))
            revenue = round(conv * rng.uniform(38, 46), 2)
            rows.append([day.strftime("%Y/%-m/%-d"), "青屿饮品旗舰店", "桂花乌龙上市", ad, f"{impressions:,}", clicks,
                         f"{clicks / impressions:.2%}", f"{spend:,.2f}", conv, f"{revenue:.2f}"])
            for i, v in enumerate((impressions, clicks, spend, conv, revenue)):
                tot[i] += v
    rows.append(["合计", "", "", "", f"{tot[0]:,}", tot[1], "", f"{tot[2]:,.2f}", tot[3], f"{tot[4]:.2f}"])
    (HERE / "douyin_巨量引擎_日报.csv").write_bytes(text(rows).encode("gbk"))


def wechat(rng: random.Random) -> None:
    rows: list[list[object]] = [["日期", "推广计划名称", "广告名称", "版位", "曝光次数", "点击次数", "花费", "目标转化量",
                                 "下单金额"]]
    tot = [0, 0, 0.0, 0, 0.0]
    for day in DAYS:
        for placement in ("朋友圈", "视频号"):
            spend = round(3800 * phase(day) * rng.uniform(0.85, 1.15), 2)
            impressions = int(spend / rng.uniform(55, 70) * 1000)
            clicks = int(impressions * rng.uniform(0.009, 0.014))
            conv = int(clicks * rng.uniform(0.015, 0.025))
            revenue = round(conv * rng.uniform(40, 50), 2)
            rows.append([day.strftime("%Y%m%d"), "桂花乌龙上市", f"{placement}-开罐", placement, impressions, clicks,
                         f"{spend:.2f}", conv, f"{revenue:.2f}"])
            for i, v in enumerate((impressions, clicks, spend, conv, revenue)):
                tot[i] += v
    rows.append(["总计", "-", "-", "-", tot[0], tot[1], f"{tot[2]:.2f}", tot[3], f"{tot[4]:.2f}"])
    (HERE / "wechat_腾讯广告.csv").write_bytes(text(rows).encode("utf-8-sig"))


def xiaohongshu(rng: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "单元报表"
    sheet.append(["小红书聚光 单元报表 2026年7月18日—2026年10月15日"])
    sheet.append(["时间", "计划名称", "单元名称", "消费", "展现量", "点击量", "互动量", "商品成交订单量", "商品成交金额"])
    for day in DAYS:
        for unit in ("种草-无糖茶推荐", "搜索-桂花乌龙"):
            spend = round(2600 * (0.6 + phase(day) / 2) * rng.uniform(0.85, 1.15), 2)
            impressions = int(spend / rng.uniform(30, 40) * 1000)
            clicks = int(impressions * rng.uniform(0.03, 0.05))
            sheet.append([f"{day.month}月{day.day}日", "桂花乌龙种草", unit, spend, impressions, clicks,
                          int(impressions * rng.uniform(0.022, 0.03)), int(clicks * 0.01),
                          round(int(clicks * 0.01) * 42.0, 2)])
    book.save(HERE / "xiaohongshu_聚光.xlsx")


def tmall(rng: random.Random) -> None:
    rows: list[list[object]] = [["日期", "计划名字", "单元名字", "展现量", "点击量", "花费", "总成交笔数", "总成交金额"]]
    tot = [0, 0, 0.0, 0, 0.0]
    for day in DAYS:
        spend = round(4200 * phase(day) * rng.uniform(0.85, 1.15), 2)
        clicks = int(spend / rng.uniform(0.9, 1.3))
        impressions = int(clicks / rng.uniform(0.03, 0.045))
        orders = int(spend / rng.uniform(30, 42)) if day >= LAUNCH else int(spend / rng.uniform(45, 60))
        revenue = round(orders * rng.uniform(36, 42), 2)
        rows.append([f"{day.year}年{day.month}月{day.day}日", "货品全站推广", "桂花乌龙气泡茶", impressions, clicks,
                     f"{spend:.2f}", orders, f"{revenue:.2f}"])
        for i, v in enumerate((impressions, clicks, spend, orders, revenue)):
            tot[i] += v
    rows.append(["汇总", "", "", tot[0], tot[1], f"{tot[2]:.2f}", tot[3], f"{tot[4]:.2f}"])
    (HERE / "tmall_万相台.csv").write_bytes(text(rows).encode("gb18030"))


def weibo(rng: random.Random) -> None:
    rows: list[list[object]] = [["日期", "广告系列名称", "广告组名称", "曝光量", "点击量", "消耗", "互动量", "加关注数"]]
    for day in DAYS:
        spend = round(1500 * phase(day) * rng.uniform(0.8, 1.2), 2)
        impressions = int(spend / rng.uniform(20, 28) * 1000)
        rows.append([day.isoformat(), "#桂花乌龙秋日开罐#", "话题推广", impressions,
                     int(impressions * rng.uniform(0.006, 0.01)), f"{spend:.2f}",
                     int(impressions * rng.uniform(0.01, 0.02)), int(impressions * 0.0004)])
    (HERE / "weibo_超级粉丝通.txt").write_bytes(text(rows, "\t", "\r\n").encode("utf-16"))


def offline(rng: random.Random) -> None:
    rows: list[list[object]] = [["日期", "活动名称", "门店", "到场人数", "门店销售额", "新增会员"]]
    crowd = {1: 4300, 2: 5600, 3: 4100, 4: 3200}
    for d, people in crowd.items():
        rows.append([f"2026-10-0{d}", "国庆快闪·桂花乌龙开罐", "上海静安嘉里中心", people,
                     f"¥{people * rng.uniform(9, 12):,.2f}", int(people * rng.uniform(0.3, 0.4))])
    (HERE / "offline_快闪.csv").write_text(text(rows), encoding="utf-8")


def main() -> None:
    rng = random.Random(20260928)
    for make in (douyin, wechat, xiaohongshu, tmall, weibo, offline):
        make(rng)


if __name__ == "__main__":
    main()
