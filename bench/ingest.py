"""Bulk-ingest benchmark: our import + a KPI query against pandas.read_csv + the same groupby.

Writes a seeded synthetic 5,000,000-row 巨量引擎 (Ocean Engine) hourly creative report — UTF-8,
the columns a real export has (IDs, names, media, counts, money, and the rate columns the platform
adds as text such as ``2.35%``) — then, each in its own subprocess:

- ours: detect and stage the file (DuckDB reads it), land the daily facts in a fresh
  ``metrics.duckdb``, then the KPI query (ROAS and CTR by channel by week); and, timed apart,
  a dashboard query (every metric by channel and day) on the imported data;
- baseline: ``pandas.read_csv`` of the same file + the same groupby.

Prints both times, both peak memories (ru_maxrss of each subprocess), the dashboard query time,
and the speed ratio last. Needs the ``bench`` extra (pandas, psutil): ``pip install -e .[bench]``.

    python bench/ingest.py [--rows 5000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20270301


def generate(path: Path, rows: int) -> None:
    """A deterministic export: combos × 90 days × 24 hours ≈ ``rows`` rows (hash-seeded values)."""
    import duckdb

    combos = max(1, rows // (90 * 24))
    con = duckdb.connect()
    con.execute(f"""COPY (
      WITH k AS (SELECT i AS k FROM range({combos}) t(i)), d AS (SELECT i AS d FROM range(90) t(i)),
           h AS (SELECT i AS h FROM range(24) t(i)),
      b AS (SELECT k, d, h, (200 + hash(k, d, h, {SEED}) % 5000)::BIGINT AS imp,
                   (hash(k, d, h, {SEED}, 1) % 120)::BIGINT AS clk,
                   round((hash(k, d, h, {SEED}, 2) % 20000) / 100.0, 2) AS cost,
                   (hash(k, d, h, {SEED}, 3) % 6)::BIGINT AS cv,
                   round((hash(k, d, h, {SEED}, 4) % 60000) / 100.0, 2) AS rev FROM k, d, h)
      SELECT strftime(TIMESTAMP '2027-03-01' + to_days(d::INT) + to_hours(h::INT), '%Y-%m-%d %H:00') AS "时间",
        '17' || lpad(((k % 4) + 1)::VARCHAR, 14, '0') AS "账户ID", '星河美妆品牌旗舰店-' || ((k % 4) + 1) AS "账户名称",
        (7100000000000000000 + k % 40)::VARCHAR AS "项目ID", '新品上市-焕颜精华-项目' || (k % 40) AS "项目名称",
        (7200000000000000000 + k % 400)::VARCHAR AS "广告ID", '焕颜精华_女25-35_广告' || (k % 400) AS "广告名称",
        (7300000000000000000 + k)::VARCHAR AS "素材ID", ['抖音', '今日头条', '西瓜视频', '穿山甲'][(k % 4) + 1] AS "首选媒体",
        imp AS "展示数", clk AS "点击数", printf('%.2f%%', 100.0 * clk / imp) AS "点击率",
        CASE WHEN clk > 0 THEN round(cost / clk, 2) ELSE 0 END AS "平均点击单价",
        round(cost * 1000 / imp, 2) AS "平均千次展现费用", cost AS "消耗", cv AS "转化数",
        CASE WHEN cv > 0 THEN round(cost / cv, 2) ELSE 0 END AS "转化成本",
        CASE WHEN clk > 0 THEN printf('%.2f%%', 100.0 * cv / clk) ELSE '0.00%' END AS "转化率",
        (imp * 0.6)::BIGINT AS "播放数", (hash(k, d, h, {SEED}, 5) % 40)::BIGINT AS "点赞数",
        (hash(k, d, h, {SEED}, 6) % 8)::BIGINT AS "评论数", (hash(k, d, h, {SEED}, 7) % 5)::BIGINT AS "分享数",
        (hash(k, d, h, {SEED}, 8) % 3)::BIGINT AS "新增关注数", rev AS "直接支付金额"
      FROM b) TO '{path}' (HEADER, DELIMITER ',')""")
    con.close()


OURS = """
import json, resource, sys, time, datetime as dt
t0 = time.perf_counter()
from aeflow.importers.reader import stage
from aeflow.metrics.store import MetricsStore
store = MetricsStore(sys.argv[2], memory_limit="1GB")
staged = stage(store.staging, sys.argv[1], table="bench")
store.land("bench", [staged])
kpi = store.metrics("bench", by=["channel", "week"], metrics=["roas", "ctr"])
t1 = time.perf_counter()
dash = store.metrics("bench", by=["channel", "date"], metrics=["spend", "impressions", "clicks", "ctr", "cpm",
                     "cpc", "conversions", "cvr", "cpa", "revenue", "roas"])
t2 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "dashboard": t2 - t1, "rows": staged.rows, "facts": staged.facts,
                  "groups": len(kpi), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = """
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=["时间"])
df["week"] = df["时间"].dt.to_period("W").dt.start_time
g = df.groupby(["首选媒体", "week"]).agg(revenue=("直接支付金额", "sum"), spend=("消耗", "sum"),
                                      clicks=("点击数", "sum"), impressions=("展示数", "sum"))
g["roas"] = g["revenue"] / g["spend"]
g["ctr"] = g["clicks"] / g["impressions"]
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "rows": len(df), "groups": len(g),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated export in")
    args = parser.parse_args()
    try:
        import pandas  # noqa: F401
    except ImportError:
        sys.exit("the baseline needs pandas: pip install -c constraints.txt -e '.[bench]'")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="aeflow-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "oceanengine_hourly.csv"
    t = time.perf_counter()
    if not export.exists():
        generate(export, args.rows)
    print(f"export: {export} ({export.stat().st_size / 1e6:,.0f} MB), written in {time.perf_counter() - t:.1f} s")
    db = folder / "metrics.duckdb"
    db.unlink(missing_ok=True)
    base = run(BASELINE, str(export))
    ours = run(OURS, str(export), str(db))
    print(f"rows: ours {ours['rows']:,} → {ours['facts']:,} daily facts; pandas {base['rows']:,}")
    print(f"pandas.read_csv + groupby : {base['seconds']:7.2f} s  peak {base['rss_mb']:8.0f} MB")
    print(f"aeflow import + KPI query : {ours['seconds']:7.2f} s  peak {ours['rss_mb']:8.0f} MB")
    print(f"dashboard query on the imported data: {ours['dashboard'] * 1000:.0f} ms "
          f"({ours['dashboard'] / ours['seconds']:.3f} of the import time; bar ≤ 0.05)")
    print(f"memory ratio (ours / pandas): {ours['rss_mb'] / base['rss_mb']:.2f} (bar ≤ 0.5)")
    print(f"speed ratio (pandas / ours): {base['seconds'] / ours['seconds']:.2f}x (bar ≥ 5)")
    _ = resource


if __name__ == "__main__":
    main()
