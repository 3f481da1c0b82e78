"""The bulk pass over one export, in DuckDB: ``read_csv`` with explicit column types, summed in the
same query to one row per day and key (the *groups*), then classified and staged.

Two ways to read a file, chosen from the sample:

- **typed** (when every sampled date has one ISO-like form, e.g. ``2027-03-01`` or
  ``2027-03-01 13:00``): the date column is read as a date with that exact format and plain-number
  columns as DOUBLE. Rows the reader cannot type — the total row, a repeated header, a note — land
  in DuckDB's rejects table with their line numbers, and Python classifies just those rows from
  their text. Nothing is read twice and no cell is parsed by a SQL macro.
- **general** (any other file, or when a rejected row turns out to hold data — a date or number
  form the sample did not show): the date column is read as text and grouped on its day part,
  each *distinct* value then read with ``aeflow_date``; measure columns that are not plain
  numbers go through ``aeflow_num``.

Both give a groups table of ``k_<dim>``, the day (``d`` when typed, else the text ``date_raw``),
``n`` (source rows), ``m_<measure>`` sums and ``bad_<measure>`` counts of unreadable cells; the
:func:`classify` view on it has ``d`` and ``kind`` either way.

A row with an unreadable cell is left out whole, never summed without that cell. When the first
read found such cells (and only then, so that clean files are read once, exactly as before),
:func:`split_bad_rows` reads the file again the way that worked, with one more group key ``bad``
(the row holds an unreadable cell); :func:`classify` makes those groups ``bad_row``.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass, field

import duckdb

from aeflow.errors import ImportFailed
from aeflow.i18n import _
from aeflow.importers.registry import CHANNEL_NAMES, KEY_DIMENSIONS, MEASURES, Platform
from aeflow.importers.rows import SKIP_CODES, Layout, RowIssue
from aeflow.importers.source import Progress, Source
from aeflow.importers.values import is_total_label

_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DATE_FORMATS = (
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"), "DATE", "%Y-%m-%d"),
    (re.compile(r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$"), "DATE", "%Y/%m/%d"),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{2}$"), "TIMESTAMP", "%Y-%m-%d %H:%M"),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$"), "TIMESTAMP", "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2} [0-9]{1,2}:[0-9]{2}$"), "TIMESTAMP", "%Y/%m/%d %H:%M"),
    (re.compile(r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$"), "TIMESTAMP", "%Y/%m/%d %H:%M:%S"),
)
_TOTAL_WORDS = ("合计", "总计", "汇总", "总和", "total", "summary")
"""Every total label (:func:`aeflow.importers.values.is_total_label`) holds one of these."""
REJECTS_LIMIT = 1000
"""More rejected rows than this and the file is read the general way."""
LABELS_INLINE = 200


@dataclass
class Groups:
    """The groups table of one file and how it was read."""

    table: str
    typed: bool
    skipped: list[RowIssue] = field(default_factory=list)
    """Typed reads: the rows the reader rejected, all of them total rows, headers or notes."""
    plain: set[int] = field(default_factory=set)
    """The measure columns read as DOUBLE."""
    fmt: tuple[str, str] | None = None
    """Typed reads: the date's ``(type, strptime format)``."""
    parallel: bool = True
    split: bool = False
    """The groups have the key ``bad``: whether their rows hold an unreadable cell."""


def q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def data_rows(sample: list[list[str]]) -> list[list[str]]:
    """The sampled rows that are not total rows (a row holding no total word is not one)."""
    return [r for r in sample if not _total_row(r)]


def _total_row(row: list[str]) -> bool:
    text = "\x00".join(row).lower()
    return any(w in text for w in _TOTAL_WORDS) and any(is_total_label(c) for c in row)


def plain_columns(layout: Layout, rows: list[list[str]]) -> set[int]:
    """Measure columns whose sampled cells are all empty or plain numbers (read typed, fast)."""
    out = set()
    for columns in layout.measures.values():
        for i in columns:
            if all(i >= len(r) or r[i] == "" or _PLAIN.match(r[i]) for r in rows):
                out.add(i)
    return out


def date_format(layout: Layout, rows: list[list[str]]) -> tuple[str, str] | None:
    """``(type, strptime format)`` when every sampled date has the same ISO-like form."""
    header = layout.header[layout.date].strip()
    values = [r[layout.date].strip() for r in rows if layout.date < len(r)]
    values = [v for v in values if v and v != header]
    for pattern, kind, fmt in _DATE_FORMATS:
        if values and all(pattern.match(v) for v in values):
            return kind, fmt
    return None


def read(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, first_line: int, g: str,
         sample: list[list[str]], progress: Progress | None) -> Groups:
    """Read the file from ``first_line`` into the groups table ``g``."""
    rows = data_rows(sample)
    plain = plain_columns(layout, rows)
    fmt = date_format(layout, rows)
    if fmt is not None:
        groups = _typed(con, source, layout, first_line, g, plain, fmt, progress)
        if groups is not None:
            return groups
    return _read_general(con, source, layout, first_line, g, [(plain, True), (set(), True), (set(), False)],
                         progress, split=False)


def _read_general(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, first_line: int, g: str,
                  attempts: list[tuple[set[int], bool]], progress: Progress | None, *, split: bool) -> Groups:
    for n, (typed_columns, parallel) in enumerate(attempts):
        try:
            _general(con, source, layout, first_line, g, typed_columns, parallel, progress, split=split)
        except duckdb.Error as exc:
            # a typed column held text after the sample, or quoted line breaks met null padding
            # (which only the single-threaded reader combines)
            if n == len(attempts) - 1:
                raise ImportFailed(_("the file is not readable as a table: {reason}",
                                     reason=str(exc).splitlines()[0])) from None
            continue
        if typed_columns and not _finite(con, g, layout):
            continue
        return Groups(g, typed=False, plain=typed_columns, parallel=parallel, split=split)
    raise AssertionError("unreachable")


def has_bad_cells(con: duckdb.DuckDBPyConnection, groups: Groups, layout: Layout) -> bool:
    """Whether any row of the file holds a measure cell that is not a number (read from the groups)."""
    if not layout.measures or not _bad_key(layout, groups.plain):
        return False
    total = " + ".join(f"coalesce(sum(bad_{m}), 0)" for m in layout.measures)
    row = con.execute(f"SELECT {total} > 0 FROM {groups.table}").fetchone()
    return bool(row and row[0])


def split_bad_rows(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, first_line: int,
                   groups: Groups, progress: Progress | None) -> Groups:
    """The groups read again, split by whether their rows hold an unreadable cell: the same read
    that worked the first time, with the key ``bad``."""
    g = groups.table
    if groups.typed and groups.fmt is not None:
        again = _typed(con, source, layout, first_line, g, groups.plain, groups.fmt, progress, split=True)
        if again is not None:
            return again
    attempts = [(groups.plain, groups.parallel)] if not groups.typed else []
    attempts += [(set(), True), (set(), False)]
    return _read_general(con, source, layout, first_line, g, attempts, progress, split=True)


def _bad_key(layout: Layout, plain: set[int]) -> str:
    """SQL true for a row with an unreadable measure cell ('' when every measure column is typed:
    a DOUBLE column holds numbers only)."""
    cells = [f"aeflow_num_bad(c{i})" for cols in layout.measures.values() for i in cols if i not in plain]
    return " OR ".join(cells)


def _columns(layout: Layout, types: dict[int, str]) -> str:
    return "{" + ", ".join(f"'c{i}': '{types.get(i, 'VARCHAR')}'" for i in range(len(layout.header))) + "}"


def _aggregates(layout: Layout, plain: set[int]) -> list[str]:
    aggs = []
    for m, cols in layout.measures.items():
        if len(cols) == 1:
            i = cols[0]
            aggs.append(f"sum(c{i}) AS m_{m}" if i in plain else f"sum(aeflow_num(c{i})) AS m_{m}")
            aggs.append(f"0::BIGINT AS bad_{m}" if i in plain else f"count_if(aeflow_num_bad(c{i})) AS bad_{m}")
        else:
            parts = " + ".join(f"coalesce(c{i}, 0)" if i in plain else f"coalesce(aeflow_num(c{i}), 0)" for i in cols)
            bad = " + ".join("0" if i in plain else f"aeflow_num_bad(c{i})::INT" for i in cols)
            aggs.append(f"sum({parts}) AS m_{m}")
            aggs.append(f"sum({bad})::BIGINT AS bad_{m}")
    return aggs


def _typed(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, first_line: int, g: str,
           plain: set[int], fmt: tuple[str, str], progress: Progress | None, *, split: bool = False
           ) -> Groups | None:
    kind, pattern = fmt
    types = {i: "DOUBLE" for i in plain}
    types[layout.date] = kind
    option = "timestampformat" if kind == "TIMESTAMP" else "dateformat"
    errors, scans = f"{g}_rejects", f"{g}_scans"
    src = (f"read_csv({q(str(source.csv_path))}, columns={_columns(layout, types)}, header=false, "
           f"skip={first_line - 1}, delim={q(source.delimiter)}, quote='\"', escape='\"', auto_detect=false, "
           f"strict_mode=false, {option}={q(pattern)}, store_rejects=true, rejects_table={q(errors)}, "
           f"rejects_scan={q(scans)}, rejects_limit={REJECTS_LIMIT})")
    keys = [f"c{i} AS k_{d}" for d, i in layout.dims.items()] + _split_key(layout, plain, split)
    query = (f"CREATE OR REPLACE TEMP TABLE {g} AS SELECT {', '.join(keys + [f'CAST(c{layout.date} AS DATE) AS d'])}, "
             f"count(*) AS n, {', '.join(_aggregates(layout, plain))} FROM {src} GROUP BY ALL")
    try:
        execute(con, query, progress)
        rejected = con.execute(f"SELECT line, any_value(csv_line) FROM {errors} GROUP BY line ORDER BY line").fetchall()
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {g}")
        return None
    finally:
        con.execute(f"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans}")
    skipped = _skipped(layout, source.delimiter, rejected) if len(rejected) < REJECTS_LIMIT else None
    early = con.execute(f"SELECT coalesce(min(d) < DATE '1000-01-01', false) FROM {g}").fetchone()
    if skipped is None or (early and early[0]) or not _finite(con, g, layout):
        con.execute(f"DROP TABLE IF EXISTS {g}")
        return None
    return Groups(g, typed=True, skipped=skipped, plain=plain, fmt=fmt, split=split)


def _split_key(layout: Layout, plain: set[int], split: bool) -> list[str]:
    return [f"coalesce({_bad_key(layout, plain) or 'FALSE'}, FALSE) AS bad"] if split else []


def _skipped(layout: Layout, delimiter: str, rejected: list[tuple[int, str]]) -> list[RowIssue] | None:
    """The rejected rows as skipped rows, or None when one of them holds data (or a bad cell)."""
    out = []
    for line, text in rejected:
        cells = next(csv.reader([text.lstrip("\r\n").rstrip("\r\n")], delimiter=delimiter), [])
        codes = layout.classify(cells) if cells else [("not_data_row", None, "")]
        if not codes or codes[0][0] not in SKIP_CODES:
            return None
        out.append(RowIssue(int(line), None, codes[0][2], codes[0][0]))
    return out


def _general(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, first_line: int, g: str,
             plain: set[int], parallel: bool, progress: Progress | None, *, split: bool = False) -> None:
    types = {i: "DOUBLE" for i in plain}
    src = (f"read_csv({q(str(source.csv_path))}, columns={_columns(layout, types)}, header=false, "
           f"skip={first_line - 1}, delim={q(source.delimiter)}, quote='\"', escape='\"', null_padding=true, "
           f"auto_detect=false, strict_mode=false{'' if parallel else ', parallel=false'})")
    keys = [f"c{i} AS k_{d}" for d, i in layout.dims.items()] + _split_key(layout, plain, split)
    date = f"split_part(c{layout.date}, ' ', 1)" if layout.split_time else f"c{layout.date}"
    query = (f"CREATE OR REPLACE TEMP TABLE {g} AS SELECT {', '.join(keys + [date + ' AS date_raw'])}, "
             f"count(*) AS n, {', '.join(_aggregates(layout, plain))} FROM {src} GROUP BY ALL")
    execute(con, query, progress)


def _finite(con: duckdb.DuckDBPyConnection, g: str, layout: Layout) -> bool:
    """DOUBLE accepts ``inf`` and ``nan``, which no cell rule reads as a number."""
    if not layout.measures:
        return True
    checks = " AND ".join(f"coalesce(bool_and(isfinite(m_{m})), true)" for m in layout.measures)
    row = con.execute(f"SELECT {checks} FROM {g}").fetchone()
    return bool(row and row[0])


def classify(con: duckdb.DuckDBPyConnection, groups: Groups, layout: Layout, anchor: str) -> str:
    """A view of the groups with ``d`` and ``kind`` (data, total_row, repeated_header, bad_row,
    not_data_row, not_a_date); cell rules run once per distinct value, not per group."""
    g = groups.table
    label_columns = [f"k_{d}" for d in layout.dims]
    source = g
    header_check = "FALSE"
    if not groups.typed:
        label_columns.insert(0, "date_raw")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {g}_d AS SELECT date_raw AS raw, aeflow_date(date_raw, {anchor}) AS d
            FROM (SELECT DISTINCT date_raw FROM {g} WHERE date_raw IS NOT NULL)""")
        source = f"(SELECT {g}.*, {g}_d.d FROM {g} LEFT JOIN {g}_d ON {g}.date_raw = {g}_d.raw)"
        header_check = f"trim(date_raw) = {q(layout.header[layout.date].strip())}"
    labels = [_label_condition(con, g, c) for c in label_columns]
    label_check = " OR ".join(c for c in labels if c) or "FALSE"
    figures = " OR ".join([f"m_{m} IS NOT NULL" for m in layout.measures] + [f"bad_{m} > 0" for m in layout.measures]) \
        or "FALSE"
    con.execute(f"""CREATE OR REPLACE TEMP VIEW {g}_c AS SELECT *, CASE
        WHEN {label_check} THEN 'total_row'
        WHEN {header_check} THEN 'repeated_header'
        WHEN d IS NOT NULL AND {'bad' if groups.split else 'FALSE'} THEN 'bad_row'
        WHEN d IS NOT NULL THEN 'data'
        WHEN NOT ({figures}) THEN 'not_data_row'
        ELSE 'not_a_date' END AS kind FROM {source}""")
    return f"{g}_c"


def _label_condition(con: duckdb.DuckDBPyConnection, g: str, column: str) -> str:
    """``column IN (the total labels among its distinct values)``, or '' when there are none."""
    row = con.execute(f"""WITH v AS MATERIALIZED (SELECT DISTINCT {column} AS v FROM {g} WHERE {column} IS NOT NULL)
        SELECT list(v) FROM v WHERE aeflow_total(v)""").fetchone()
    found = row[0] if row and row[0] else []
    if not found:
        return ""
    if len(found) > LABELS_INLINE:
        return f"aeflow_total({column})"
    return f"{column} IN ({', '.join(q(v) for v in found)})"


def stage(con: duckdb.DuckDBPyConnection, view: str, table: str, plat: Platform, layout: Layout,
          channel: str | None) -> None:
    """The staged facts table: one row per day and normalised key, data rows only."""
    dims = list(layout.dims)
    default = q(channel or plat.channel)
    if "channel" in dims and not channel:
        names = " ".join(f"WHEN {q(k)} THEN {q(v)}" for k, v in CHANNEL_NAMES.items())
        chan = f"coalesce(nullif(CASE lower(trim(k_channel)) {names} ELSE trim(k_channel) END, ''), {default})"
    else:
        chan = default
    keys = [f"{chan} AS channel"] + [
        f"coalesce(trim(k_{d}), '') AS {d}" if d in dims else f"'' AS {d}" for d in KEY_DIMENSIONS if d != "channel"]
    sums = [f"sum(m_{m}) AS {m}" if m in layout.measures else f"NULL::DOUBLE AS {m}" for m in MEASURES]
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS SELECT {q(plat.key)} AS platform, {', '.join(keys)},
        d AS date, {', '.join(sums)}, sum(n)::BIGINT AS source_rows FROM {view} WHERE kind = 'data' GROUP BY ALL""")


def drop(con: duckdb.DuckDBPyConnection, g: str) -> None:
    con.execute(f"DROP VIEW IF EXISTS {g}_c; DROP TABLE IF EXISTS {g}_d; DROP TABLE IF EXISTS {g}")


def execute(con: duckdb.DuckDBPyConnection, query: str, progress: Progress | None) -> None:
    """Run ``query``, reporting DuckDB's progress while it reads."""
    if progress is None:
        con.execute(query)
        return
    error: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(query)
        except BaseException as exc:  # re-raised in the calling thread
            error.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        try:
            pct = con.query_progress()
        except duckdb.Error:
            pct = -1
        if pct >= 0:
            progress("read", min(pct / 100.0, 1.0))
    progress("read", 1.0)
    if error:
        raise error[0]
