"""The cell rules of :mod:`aeflow.importers.values` as DuckDB macros, for the bulk path.

``aeflow_num(s)`` reads ``1,234`` / ``1.2万`` / ``12.3%`` / ``¥1,234.56``; ``aeflow_num_bad(s)`` is
true for a non-empty cell it cannot read; ``aeflow_date(s, anchor)`` reads every date form
:func:`~aeflow.importers.values.parse_date` reads; ``aeflow_total(s)`` recognises total labels.
"""

from __future__ import annotations

import duckdb

from aeflow.importers.values import EMPTY

_WS = r"[ \t\r\n\f\v\x{00a0}\x{3000}]"
_EMPTY_LIST = ", ".join("'" + e.replace("'", "''") + "'" for e in sorted(EMPTY))
_PLAIN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_TIME = r"([ T][0-9]{1,2}(:[0-9]{2}){0,2}(\.[0-9]+)?)?"
_CN_TIME = r"(" + _WS + r"*[0-9]{1,2}([:时][0-9]{0,2}分?)?)?"
TOTAL_RE = r"(?i)" + _WS + r"*(合计|总计|汇总|总和|全部合计|total|totals|grand total|summary)" + _WS + r"*([:：(（].*)?"

MACROS = [
    f"CREATE OR REPLACE TEMP MACRO aeflow_compact(s) AS regexp_replace(s, '{_WS}', '', 'g')",
    f"CREATE OR REPLACE TEMP MACRO aeflow_is_empty(s) AS s IS NULL OR aeflow_compact(s) IN ({_EMPTY_LIST})",
    "CREATE OR REPLACE TEMP MACRO aeflow_numtext(s) AS regexp_replace(regexp_replace(aeflow_compact(s), "
    "'^[¥￥$€£]|[¥￥$€£]$|元$|(?i:CNY)$|(?i:RMB)$|(?i:USD)$', '', 'g'), '[,，]', '', 'g')",
    "CREATE OR REPLACE TEMP MACRO aeflow_scale(t) AS CASE right(t, 1) WHEN '万' THEN 1e4 WHEN 'w' THEN 1e4 "
    "WHEN 'W' THEN 1e4 WHEN '亿' THEN 1e8 WHEN '%' THEN 0.01 WHEN '‰' THEN 0.001 ELSE 1 END",
    "CREATE OR REPLACE TEMP MACRO aeflow_body(t) AS CASE WHEN right(t, 1) IN ('万', 'w', 'W', '亿', '%', '‰') "
    "THEN left(t, length(t) - 1) ELSE t END",
    "CREATE OR REPLACE TEMP MACRO aeflow_finite(x) AS CASE WHEN isfinite(x) THEN x END",
    f"CREATE OR REPLACE TEMP MACRO aeflow_num(s) AS CASE WHEN aeflow_is_empty(s) THEN NULL "
    f"WHEN regexp_full_match(aeflow_body(aeflow_numtext(s)), '{_PLAIN}') "
    f"THEN aeflow_finite(TRY_CAST(aeflow_body(aeflow_numtext(s)) AS DOUBLE) * aeflow_scale(aeflow_numtext(s))) END",
    "CREATE OR REPLACE TEMP MACRO aeflow_num_bad(s) AS NOT aeflow_is_empty(s) AND aeflow_num(s) IS NULL",
    "CREATE OR REPLACE TEMP MACRO aeflow_ymd(y, m, d) AS TRY_CAST(y || '-' || m || '-' || d AS DATE)",
    "CREATE OR REPLACE TEMP MACRO aeflow_closest(a, b, c, anchor) AS CASE "
    "WHEN b IS NOT NULL AND (a IS NULL OR abs(b - anchor) <= abs(a - anchor)) "
    "AND (c IS NULL OR abs(b - anchor) <= abs(c - anchor)) THEN b "
    "WHEN a IS NOT NULL AND (c IS NULL OR abs(a - anchor) <= abs(c - anchor)) THEN a ELSE c END",
    "CREATE OR REPLACE TEMP MACRO aeflow_md(m, d, anchor) AS aeflow_closest("
    "aeflow_ymd(year(anchor) - 1, m, d), aeflow_ymd(year(anchor), m, d), aeflow_ymd(year(anchor) + 1, m, d), anchor)",
    "CREATE OR REPLACE TEMP MACRO aeflow_month(t) AS list_position(['jan','feb','mar','apr','may','jun','jul',"
    "'aug','sep','oct','nov','dec'], lower(t))",
    f"""CREATE OR REPLACE TEMP MACRO aeflow_date(raw, anchor) AS (
      WITH v AS (SELECT regexp_replace(raw, '^{_WS}+|{_WS}+$', '', 'g') AS s)
      SELECT CASE
        WHEN aeflow_is_empty(s) THEN NULL
        WHEN regexp_full_match(s, '([0-9]{{4}})[-/.]([0-9]{{1,2}})[-/.]([0-9]{{1,2}}){_TIME}') THEN aeflow_ymd(
          regexp_extract(s, '^([0-9]{{4}})', 1), regexp_extract(s, '^[0-9]{{4}}[-/.]([0-9]{{1,2}})', 1),
          regexp_extract(s, '^[0-9]{{4}}[-/.][0-9]{{1,2}}[-/.]([0-9]{{1,2}})', 1))
        WHEN regexp_full_match(s, '[0-9]{{8}}') THEN aeflow_ymd(s[1:4], s[5:6], s[7:8])
        WHEN regexp_full_match(s, '([0-9]{{4}})年([0-9]{{1,2}})月([0-9]{{1,2}})日?{_CN_TIME}') THEN aeflow_ymd(
          regexp_extract(s, '^([0-9]{{4}})', 1), regexp_extract(s, '年([0-9]{{1,2}})月', 1),
          regexp_extract(s, '月([0-9]{{1,2}})', 1))
        WHEN regexp_full_match(s, '([0-9]{{1,2}})月([0-9]{{1,2}})日?{_CN_TIME}') THEN aeflow_md(
          regexp_extract(s, '^([0-9]{{1,2}})月', 1)::INT, regexp_extract(s, '月([0-9]{{1,2}})', 1)::INT, anchor)
        WHEN regexp_full_match(s, '([A-Za-z]{{3}})[a-z]*\\.?{_WS}+([0-9]{{1,2}}),?{_WS}+([0-9]{{4}})')
          AND aeflow_month(regexp_extract(s, '^([A-Za-z]{{3}})', 1)) > 0 THEN aeflow_ymd(
          regexp_extract(s, '([0-9]{{4}})$', 1), aeflow_month(regexp_extract(s, '^([A-Za-z]{{3}})', 1)),
          regexp_extract(s, '{_WS}([0-9]{{1,2}}),?{_WS}', 1))
      END FROM v)""",
    f"CREATE OR REPLACE TEMP MACRO aeflow_total(s) AS s IS NOT NULL AND regexp_full_match(s, '{TOTAL_RE}')",
]


def install(con: duckdb.DuckDBPyConnection) -> None:
    for statement in MACROS:
        con.execute(statement)
