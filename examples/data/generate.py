"""Seeded synthetic performance data of the demo case (青屿桂花乌龙上市): 90 days, 2026-08-03 to the
flight end 2026-10-31, in each platform's own export format.

The campaign as the project files tell it: creative tests in August, the warm-up from 9月9日
(小红书 seeding and search, the first wave of KOL videos heated on 抖音, 天猫 pre-orders, 微博 topic,
公众号/视频号 teasers), launch on 9月28日 (抖音 TopView and 朋友圈 contract ads for one day), the
国庆 peak with bidding costs up about 22% and the 上海 pop-up 10月1日—4日 (5,310 visitors on 10月2日,
above the mall's 5,000), 12-packs out of stock on 天猫 from 10月2日 22:00 to 10月4日 14:00, 抖音
creative fatigue (CTR 0.92%, 0.88%, 0.95% on 10月5日—7日) until creative pack B goes live on
10月8日, then the sustain phase with the second KOL wave from 10月15日.

Spend per channel adds up to the actual spend of the budget lines (抖音 TopView + feed, 小红书,
微信, 天猫 万相台 + member acquisition, 微博). KOL fees and the pop-up's costs are paid outside the
ad platforms and appear in no export; the KOL videos' heated views do (抖音 星图加热, 小红书 笔记加热).
Totals land near the retrospective: about 1.3亿 impressions, CTR about 1.4%, 57,960 天猫 orders,
ROAS about 2.7 on 天猫 sales, 53,400 new members.

- ``douyin_巨量引擎_日报.csv``  GBK (saved from Excel), a title line, dates like 2026/9/28, grouped
  thousands in 展示数 and 消耗 as the web table shows them, a 合计 row;
- ``wechat_腾讯广告.csv``       UTF-8 with BOM, dates as 20260928, a 总计 row;
- ``xiaohongshu_聚光.xlsx``     an Excel sheet with a title row and dates like 9月28日;
- ``tmall_万相台.csv``          GB18030, dates like 2026年9月28日, a 汇总 row;
- ``weibo_超级粉丝通.txt``      UTF-16 tab-separated (Excel "Unicode text");
- ``offline_快闪.csv``          the pop-up's attendance, store sales and new members by day;
- ``members_会员中心.csv``      new 天猫 store members and 企业微信 contacts by day (a CRM export).

    python examples/data/generate.py            # rewrites the files next to this script
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
START, END = dt.date(2026, 8, 3), dt.date(2026, 10, 31)
WARMUP, LAUNCH, SUSTAIN = dt.date(2026, 9, 9), dt.date(2026, 9, 28), dt.date(2026, 10, 12)
HOLIDAY = (dt.date(2026, 10, 1), dt.date(2026, 10, 7))
DAYS = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
KOL_WAVES = ((dt.date(2026, 9, 9), dt.date(2026, 9, 24)), (dt.date(2026, 10, 15), dt.date(2026, 10, 28)))
DOUYIN_REVENUE = 1_960_000.0
"""抖音's attributed sales: a ROAS of 2.3 on its spend, as the retrospective has it."""
DOUYIN_CTR = {  # the channel's CTR on the days the project's risk log quotes
    dt.date(2026, 10, 4): 0.0104, dt.date(2026, 10, 5): 0.0092, dt.date(2026, 10, 6): 0.0088,
    dt.date(2026, 10, 7): 0.0095, dt.date(2026, 10, 8): 0.0108, dt.date(2026, 10, 9): 0.0121}


def between(day: dt.date, first: dt.date, last: dt.date) -> bool:
    return first <= day <= last


def holiday(day: dt.date) -> bool:
    return between(day, *HOLIDAY)


def kol_wave(day: dt.date) -> bool:
    return any(between(day, a, b) for a, b in KOL_WAVES)


def cpm_up(day: dt.date) -> float:
    """国庆 bidding: CPMs about 22% up."""
    return 1.22 if holiday(day) else 1.0


def text(rows: list[list[object]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def scaled(plan: dict[dt.date, float], total: float) -> dict[dt.date, float]:
    """Daily amounts in the shape of ``plan`` that add up to ``total`` (cents)."""
    weight = sum(plan.values())
    out = {d: round(v / weight * total, 2) for d, v in plan.items()}
    last = max(out)
    out[last] = round(out[last] + total - sum(out.values()), 2)
    return out


def shape(rng: random.Random, weight: Callable[[dt.date], float], spread: float = 0.12) -> dict[dt.date, float]:
    return {d: weight(d) * rng.uniform(1 - spread, 1 + spread) for d in DAYS if weight(d) > 0}


def douyin(rng: random.Random) -> dict[str, float]:
    """抖音: creative tests, warm-up feed and heated KOL videos, the TopView day, the feed with its
    creative fatigue and pack B, and the 跳转天猫 component."""
    def feed(day: dt.date) -> float:
        if day < WARMUP:
            return 1.0
        if day < LAUNCH:
            return 3.2
        if day < SUSTAIN:
            return 17.0 * (1.15 if holiday(day) else 1.0)
        return 9.0

    feed_spend = scaled(shape(rng, feed), 551_600.0 - 2 * 2_500.0 * 30)
    heat_spend = scaled(shape(rng, lambda d: 1.0 if kol_wave(d) else 0.0), 2 * 2_500.0 * 30)
    rows: list[tuple[dt.date, str, str, float, float, float]] = []  # day, 项目, 广告, spend, cpm, ctr
    for day in DAYS:
        fatigue = DOUYIN_CTR.get(day)
        base = 0.0132 if between(day, LAUNCH, SUSTAIN) else 0.0150
        if day >= SUSTAIN:
            base = 0.0152
        ads: list[tuple[str, str, float]]
        if day < WARMUP:
            ads = [("桂花乌龙-素材测试", "素材测试-开罐声", 0.5), ("桂花乌龙-素材测试", "素材测试-办公室午后", 0.5)]
        elif day < LAUNCH:
            ads = [("桂花乌龙上市-信息流", "信息流-桂花乌龙15s", 0.5), ("桂花乌龙上市-信息流", "信息流-秋日开罐", 0.5)]
        else:
            first = "信息流-素材包B" if day >= dt.date(2026, 10, 8) else "信息流-桂花乌龙15s"
            ads = [("桂花乌龙上市-信息流", first, 0.42), ("桂花乌龙上市-信息流", "信息流-秋日开罐", 0.36),
                   ("桂花乌龙上市-跳转天猫", "组件-跳转天猫旗舰店", 0.22)]
        for campaign, ad, share in ads:
            ctr = (fatigue or base) * rng.uniform(0.96, 1.04)
            rows.append((day, campaign, ad, feed_spend[day] * share, 11.6 * cpm_up(day), ctr))
        if day in heat_spend:
            rows.append((day, "星图达人视频加热", "达人视频-第一波" if day < LAUNCH else "达人视频-第二波",
                         heat_spend[day], 6.0, (fatigue or 0.0106) * rng.uniform(0.96, 1.04)))
        if day == LAUNCH:
            rows.append((day, "桂花乌龙上市-TopView", "TopView开屏-一口秋天", 300_000.0, 15.0, 0.0135))
    # 直接成交金额: 天猫 sales the platform attributes to the ads (巨量 × 阿里 data sharing) — none
    # before the product is on sale, little from the TopView itself
    roas = {r: (0.3 if "TopView" in r[2] else 3.3 * rng.uniform(0.9, 1.1)) if r[0] >= LAUNCH else 0.0 for r in rows}
    scale = DOUYIN_REVENUE / sum(r[3] * roas[r] for r in rows)
    out = [["巨量引擎 广告数据报表 2026-08-03 至 2026-10-31"],
           ["日期", "账户名称", "项目名称", "广告名称", "展示数", "点击数", "点击率", "消耗", "转化数", "直接成交金额"]]
    tot = [0, 0, 0.0, 0, 0.0]
    for row in rows:
        day, campaign, ad, spend, cpm, ctr = row
        spend = round(spend, 2)
        impressions = int(spend / (cpm * rng.uniform(0.95, 1.05)) * 1000)
        clicks = int(impressions * ctr)
        revenue = round(spend * roas[row] * scale, 2)
        orders = round(revenue / rng.uniform(105, 118))
        out.append([day.strftime("%Y/%-m/%-d"), "青屿饮品旗舰店", campaign, ad, f"{impressions:,}", clicks,
                    f"{clicks / impressions:.2%}", f"{spend:,.2f}", orders, f"{revenue:.2f}"])
        for i, v in enumerate((impressions, clicks, spend, orders, revenue)):
            tot[i] += v
    out.append(["合计", "", "", "", f"{tot[0]:,}", tot[1], f"{tot[1] / tot[0]:.2%}", f"{tot[2]:,.2f}", tot[3],
                f"{tot[4]:.2f}"])
    (HERE / "douyin_巨量引擎_日报.csv").write_bytes(text(out).encode("gbk"))
    return {"impressions": tot[0], "clicks": tot[1], "spend": tot[2], "conversions": tot[3], "revenue": tot[4]}


def wechat(rng: random.Random) -> dict[str, float]:
    """微信: 公众号 teasers, the 朋友圈 contract day, 朋友圈 and 视频号 bidding (CPM capped)."""
    def bidding(day: dt.date) -> float:
        if day < WARMUP:
            return 0.4
        if day < LAUNCH:
            return 1.5
        if day < SUSTAIN:
            return 6.5 * (1.1 if holiday(day) else 1.0)
        return 3.4

    spend = scaled(shape(rng, bidding), 396_800.0 - 200_000.0)
    out: list[list[object]] = [["日期", "推广计划名称", "广告名称", "版位", "曝光次数", "点击次数", "花费", "目标转化量"]]
    tot = [0, 0, 0.0, 0]

    def add(day: dt.date, plan: str, ad: str, placement: str, amount: float, cpm: float, ctr: float) -> None:
        amount = round(amount, 2)
        impressions = int(amount / cpm * 1000)
        clicks = int(impressions * ctr)
        conv = int(clicks * rng.uniform(0.01, 0.014))
        out.append([day.strftime("%Y%m%d"), plan, ad, placement, impressions, clicks, f"{amount:.2f}", conv])
        for i, v in enumerate((impressions, clicks, amount, conv)):
            tot[i] += v

    for day in DAYS:
        if day == LAUNCH:
            add(day, "桂花乌龙上市-朋友圈合约", "朋友圈卡片-一口秋天", "朋友圈", 200_000.0, 36.0, 0.0118)
        if day < WARMUP:
            add(day, "青屿公众号推广", "公众号-秋季新品预告", "公众号", spend[day], 15.0, rng.uniform(0.011, 0.013))
            continue
        for placement, share in (("朋友圈", 0.55), ("视频号", 0.45)):
            add(day, "桂花乌龙上市", f"{placement}-开罐", placement, spend[day] * share,
                14.5 * cpm_up(day) * rng.uniform(0.92, 1.08), rng.uniform(0.0115, 0.0135))
    out.append(["总计", "-", "-", "-", tot[0], tot[1], f"{tot[2]:.2f}", tot[3]])
    (HERE / "wechat_腾讯广告.csv").write_bytes(text(out).encode("utf-8-sig"))
    return {"impressions": tot[0], "clicks": tot[1], "spend": tot[2], "conversions": tot[3]}


def xiaohongshu(rng: random.Random) -> dict[str, float]:
    """小红书: note tests in August, then heated KOL notes and search ads (about six to four)."""
    from openpyxl import Workbook

    def daily(day: dt.date) -> float:
        if day < WARMUP:
            return 0.8
        if day < LAUNCH:
            return 6.0
        if day < SUSTAIN:
            return 6.5
        return 5.7

    spend = scaled(shape(rng, daily), 348_600.0)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "单元报表"
    sheet.append(["小红书聚光 单元报表 2026年8月3日—2026年10月31日"])
    sheet.append(["时间", "计划名称", "单元名称", "消费", "展现量", "点击量", "互动量"])
    tot = [0, 0, 0.0, 0]
    for day in DAYS:
        units = [("种草-笔记测试", 1.0, 14.0, 0.017)] if day < WARMUP else [
            ("种草-达人笔记加热", 0.6, 11.5, 0.0150), ("搜索-桂花乌龙 无糖茶推荐", 0.4, 21.0, 0.026)]
        for unit, share, cpm, ctr in units:
            amount = round(spend[day] * share, 2)
            impressions = int(amount / (cpm * rng.uniform(0.92, 1.08)) * 1000)
            clicks = int(impressions * ctr * rng.uniform(0.94, 1.06))
            engagements = int(impressions * rng.uniform(0.029, 0.039))
            sheet.append([f"{day.month}月{day.day}日", "桂花乌龙种草", unit, amount, impressions, clicks, engagements])
            for i, v in enumerate((impressions, clicks, amount, engagements)):
                tot[i] += v
    save_workbook(book, HERE / "xiaohongshu_聚光.xlsx")
    return {"impressions": tot[0], "clicks": tot[1], "spend": tot[2], "engagements": tot[3]}


def save_workbook(book: object, path: Path) -> None:
    """Save byte for byte the same on every run: fixed document dates and zip entry times."""
    import re
    import zipfile

    stamp = dt.datetime(2026, 11, 1, 9, 0)
    book.properties.created = stamp  # type: ignore[attr-defined]
    buf = io.BytesIO()
    book.save(buf)  # type: ignore[attr-defined]  # (openpyxl stamps "modified" with the time of saving)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-01T09:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


TMALL_ORDERS = 57_960
TMALL_FIRST_TWO_WEEKS = 31_400


def tmall(rng: random.Random) -> dict[str, float]:
    """天猫: pre-orders from 9月9日 (no orders yet), launch, the 12-pack stock-out, sustain; member
    acquisition ads from launch. Orders and sales are the store's (天猫 is where the product sells)."""
    def main_plan(day: dt.date) -> float:
        if day < WARMUP:
            return 0.0
        if day < LAUNCH:
            return 2.0
        if between(day, dt.date(2026, 10, 3), dt.date(2026, 10, 4)):
            return 4.0  # conversion ads slowed while 12-packs were out of stock
        if day < SUSTAIN:
            return 8.5
        return 4.0

    main = scaled(shape(rng, main_plan), 238_400.0)
    members = scaled(shape(rng, lambda d: 1.0 if d >= LAUNCH else 0.0), 49_200.0)

    def order_weight(day: dt.date) -> float:
        if day == LAUNCH:
            return 3.2
        if between(day, dt.date(2026, 10, 3), dt.date(2026, 10, 4)):
            return 0.9
        return 2.3 if holiday(day) else 1.5

    burst = {d: w for d, w in shape(rng, order_weight, 0.08).items() if LAUNCH <= d < SUSTAIN}
    sustain = {d: 1.0 for d in DAYS if d >= SUSTAIN}
    orders = {d: int(v) for d, v in scaled(burst, TMALL_FIRST_TWO_WEEKS).items()}
    orders.update({d: int(v) for d, v in scaled(shape(rng, lambda d: sustain.get(d, 0.0), 0.1),
                                                 TMALL_ORDERS - TMALL_FIRST_TWO_WEEKS).items()})
    orders[END] += TMALL_ORDERS - sum(orders.values())
    rows: list[list[object]] = [["日期", "计划名字", "单元名字", "展现量", "点击量", "花费", "总成交笔数", "总成交金额"]]
    tot = [0, 0, 0.0, 0, 0.0]
    for day in DAYS:
        plans = []
        if day in main:
            plans.append(("货品全站推广", "桂花乌龙气泡茶", main[day], 0.85))
        if day in members:
            plans.append(("会员拉新推广", "入会礼-桂花乌龙", members[day], 0.15))
        for plan, unit, spend, share in plans:
            clicks = int(spend / rng.uniform(1.6, 2.0))
            impressions = int(clicks / rng.uniform(0.026, 0.032))
            n = int(orders.get(day, 0) * share) if plan.startswith("会员") else orders.get(day, 0) - int(
                orders.get(day, 0) * 0.15)
            revenue = round(n * rng.uniform(52, 61), 2)
            rows.append([f"{day.year}年{day.month}月{day.day}日", plan, unit, impressions, clicks, f"{spend:.2f}", n,
                         f"{revenue:.2f}"])
            for i, v in enumerate((impressions, clicks, spend, n, revenue)):
                tot[i] += v
    rows.append(["汇总", "", "", tot[0], tot[1], f"{tot[2]:.2f}", tot[3], f"{tot[4]:.2f}"])
    (HERE / "tmall_万相台.csv").write_bytes(text(rows).encode("gb18030"))
    return {"impressions": tot[0], "clicks": tot[1], "spend": tot[2], "conversions": tot[3], "revenue": tot[4]}


def weibo(rng: random.Random) -> dict[str, float]:
    """微博: the #一口秋天# topic, twice a week in the warm-up, daily around launch and the pop-up."""
    def daily(day: dt.date) -> float:
        if day < WARMUP:
            return 0.25
        if day < LAUNCH:
            return 0.9
        if day < SUSTAIN:
            return 2.2
        return 0.55

    spend = scaled(shape(rng, daily), 59_400.0)
    rows: list[list[object]] = [["日期", "广告系列名称", "广告组名称", "曝光量", "点击量", "消耗", "互动量", "加关注数"]]
    tot = [0, 0, 0.0]
    for day in DAYS:
        impressions = int(spend[day] / rng.uniform(9.0, 10.4) * 1000)
        clicks = int(impressions * rng.uniform(0.0068, 0.0088))
        rows.append([day.isoformat(), "#一口秋天#", "话题推广" if day < LAUNCH else "官宣与快闪", impressions, clicks,
                     f"{spend[day]:.2f}", int(impressions * rng.uniform(0.012, 0.018)),
                     int(impressions * rng.uniform(0.0003, 0.0005))])
        for i, v in enumerate((impressions, clicks, spend[day])):
            tot[i] += v
    (HERE / "weibo_超级粉丝通.txt").write_bytes(text(rows, "\t", "\r\n").encode("utf-16"))
    return {"impressions": tot[0], "clicks": tot[1], "spend": tot[2]}


POPUP = {dt.date(2026, 10, 1): (4120, 2350), dt.date(2026, 10, 2): (5310, 2980),
         dt.date(2026, 10, 3): (4260, 2430), dt.date(2026, 10, 4): (3140, 1840)}
"""Visitors and new members (扫码入会) of the pop-up by day."""


def offline(rng: random.Random) -> dict[str, float]:
    rows: list[list[object]] = [["日期", "活动名称", "门店", "到场人数", "门店销售额", "新增会员"]]
    for day, (people, members) in POPUP.items():
        rows.append([day.isoformat(), "国庆快闪·桂花小院", "上海静安嘉里中心", people,
                     f"¥{people * rng.uniform(9, 12):,.2f}", members])
    (HERE / "offline_快闪.csv").write_text(text(rows), encoding="utf-8")
    return {"attendance": sum(p for p, _m in POPUP.values()), "new_members": sum(m for _p, m in POPUP.values())}


def members(rng: random.Random) -> dict[str, float]:
    """New 天猫 store members (pre-order sign-ups from 9月9日, the 入会礼 from launch) and new
    企业微信 contacts (from launch), as the client's member centre exports them."""
    def store(day: dt.date) -> float:
        if day < WARMUP:
            return 0.0
        if day < LAUNCH:
            return 0.25
        if day == LAUNCH:
            return 2.6
        return 1.9 if day < SUSTAIN else 0.7

    tmall_days = {d: int(v) for d, v in scaled(shape(rng, store), 33_000).items()}
    wecom_days = {d: int(v) for d, v in scaled(shape(rng, lambda d: (1.6 if d < SUSTAIN else 0.8)
                                                      if d >= LAUNCH else 0.0), 10_800).items()}
    tmall_days[END] += 33_000 - sum(tmall_days.values())
    wecom_days[END] += 10_800 - sum(wecom_days.values())
    rows: list[list[object]] = [["日期", "渠道", "活动名称", "新增会员"]]
    for day in DAYS:
        if day in tmall_days:
            rows.append([day.isoformat(), "天猫", "店铺会员·入会礼", tmall_days[day]])
        if day in wecom_days:
            rows.append([day.isoformat(), "微信", "企业微信·新品社群", wecom_days[day]])
    (HERE / "members_会员中心.csv").write_text(text(rows), encoding="utf-8")
    return {"new_members": 33_000 + 10_800}


def main() -> None:
    rng = random.Random(20260928)
    totals = {make.__name__: make(rng) for make in (douyin, wechat, xiaohongshu, tmall, weibo, offline, members)}
    impressions = sum(t.get("impressions", 0) for t in totals.values())
    clicks = sum(t.get("clicks", 0) for t in totals.values())
    spend = sum(t.get("spend", 0) for t in totals.values())
    revenue = sum(t.get("revenue", 0) for t in totals.values())
    print(f"impressions {impressions:,.0f}  CTR {clicks / impressions:.2%}  spend {spend:,.2f}  "
          f"ROAS {revenue / spend:.2f}  天猫 orders {totals['tmall']['conversions']:,.0f}  "
          f"new members {totals['offline']['new_members'] + totals['members']['new_members']:,.0f}")
    for name, t in totals.items():
        print(f"  {name:12s} " + "  ".join(f"{k} {v:,.0f}" for k, v in t.items()))


if __name__ == "__main__":
    main()
