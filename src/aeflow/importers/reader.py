"""Reading one export into a staged table of normalised daily facts, in DuckDB.

Python looks only at a sample — encoding, title lines, header row, platform, the date format,
which columns are plain numbers — and then DuckDB reads the whole file itself with explicit column
types, sums it to one row per day and key, and classifies the groups (data, totals, notes, bad
cells); see :mod:`aeflow.importers.bulk`. Only when something must be reported that the bulk pass
cannot place does Python read rows again, to give exact row numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from aeflow.errors import ImportFailed
from aeflow.i18n import _
from aeflow.importers import bulk, registry, sql
from aeflow.importers import rows as rowrules
from aeflow.importers.registry import KEY_DIMENSIONS, MEASURES, Platform, header_unit
from aeflow.importers.rows import Layout, RowIssue
from aeflow.importers.source import Progress, Source, count_lines, has_quote, open_source
from aeflow.importers.values import anchor_from_text, is_total_label

_TIMED = re.compile(r"^\S+ [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$")
TOTAL_KEYS = ("impressions", "clicks", "spend", "conversions", "revenue")
UNKNOWN_LAYOUT = "unknown_layout"
"""``data["code"]`` of the error for a file whose header row no platform (or not the chosen one)
knows; ``data["platform"]`` is the chosen platform's key, or None. The interfaces add the hint (a
CLI option, a form field), so the importer never names one."""


@dataclass
class Staged:
    """A parsed export: its staged facts table and what was found on the way."""

    file: str
    platform: Platform
    encoding: str
    rows: int
    date_min: dt.date | None
    date_max: dt.date | None
    totals: dict[str, float]
    skipped: list[RowIssue]
    problems: list[RowIssue]
    problem_count: int
    table: str
    facts: int
    currency: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    bad_rows: int = 0
    """Rows left out whole because a cell of theirs cannot be read (counted in ``problems``)."""

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file, "platform": self.platform.key, "platform_name": _(self.platform.label),
            "encoding": self.encoding, "rows": self.rows, "bad_rows": self.bad_rows,
            "date_min": self.date_min.isoformat() if self.date_min else None,
            "date_max": self.date_max.isoformat() if self.date_max else None,
            "totals": {k: self.totals.get(k, 0.0) for k in TOTAL_KEYS},
            "skipped": [i.as_dict() for i in self.skipped + self.problems],
        }


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"preserve_insertion_order": False})
    sql.install(con)
    return con


def stage(con: duckdb.DuckDBPyConnection, path: Path, *, table: str, platform: str | Platform = "auto",
          anchor: dt.date | None = None, channel: str | None = None, progress: Progress | None = None,
          ) -> Staged:
    """Read ``path`` into the temporary table ``table`` (one row per day and key)."""
    sql.install(con)
    path = Path(path)
    with open_source(path, progress) as source:
        chosen = platform if isinstance(platform, Platform) else (
            None if platform in ("", "auto") else registry.get(platform))
        if chosen is None and platform not in ("", "auto") and not isinstance(platform, Platform):
            raise ImportFailed(_("unknown platform {platform}; known: {known}", platform=str(platform),
                                 known=", ".join(registry.platforms())))
        found = registry.detect(source.rows[:60], chosen)
        if found is None:
            first = " | ".join(c for c in (source.rows[0] if source.rows else []) if c)[:200]
            raise ImportFailed(
                _("{file}: no header row of a known platform export was found (first row: {first})",
                  file=path.name, first=first or "-"),
                code=UNKNOWN_LAYOUT, platform=chosen.key if chosen else None, file=str(path))
        h, plat = found
        header = [c.replace("\ufeff", "").strip() for c in source.rows[h]]
        mapping = plat.mapping(header)
        missing = plat.missing(mapping)
        if missing:
            raise ImportFailed(
                _("{file}: missing required column(s) {missing}; columns found: {found}", file=path.name,
                  missing=", ".join(_describe_field(plat, f) for f in missing),
                  found=", ".join(c for c in header if c) or "-"),
                file=str(path), missing=missing, found=header)
        anchor = anchor or _anchor(source, h)
        layout = _layout(plat, header, mapping, source.rows[h + 1:], anchor)
        return _run(con, source, plat, layout, h, table=table, channel=channel, progress=progress)


def _describe_field(plat: Platform, name: str) -> str:
    if " / " in name:
        return " / ".join(_describe_field(plat, n) for n in name.split(" / "))
    variants = plat.headers_for(name)
    return f"{name} ({' / '.join(variants[:3])})" if variants else name


def _anchor(source: Source, header_index: int) -> dt.date | None:
    title = " ".join(" ".join(r) for r in source.rows[:header_index])
    return anchor_from_text(title) or anchor_from_text(source.path.stem)


def _layout(plat: Platform, header: list[str], mapping: dict[str, int], sample: list[list[str]],
            anchor: dt.date | None) -> Layout:
    measures = {m: [mapping[m]] for m in MEASURES if m in mapping}
    if "engagements" not in measures:
        parts = plat.engagement_columns(header)
        if parts:
            measures["engagements"] = parts
    date_values = [r[mapping["date"]] for r in sample if len(r) > mapping["date"] and r[mapping["date"]].strip()
                   and not is_total_label(r[mapping["date"]])]
    split = bool(date_values) and all(_TIMED.match(v.strip()) for v in date_values)
    dims = {d: mapping[d] for d in KEY_DIMENSIONS if d in mapping}
    return Layout(header=header, date=mapping["date"], dims=dims, measures=measures, split_time=split,
                  anchor=anchor)


def _run(con: duckdb.DuckDBPyConnection, source: Source, plat: Platform, layout: Layout, h: int, *,
         table: str, channel: str | None, progress: Progress | None) -> Staged:
    sample = source.rows[h + 1:]
    if h + 1 >= len(source.rows) and source.complete:
        first_line = None
    else:
        first_line = source.line_of[h + 1] if h + 1 < len(source.line_of) else source.line_of[h] + 1
    g = f"{table}__groups"
    if first_line is not None:
        groups = bulk.read(con, source, layout, first_line, g, sample, progress)
        if bulk.has_bad_cells(con, groups, layout):
            groups = bulk.split_bad_rows(con, source, layout, first_line, groups, progress)
    else:
        groups = bulk.Groups(g, typed=True)
        _group_empty(con, layout, g)
    anchor = f"DATE '{layout.anchor.isoformat()}'" if layout.anchor else "NULL::DATE"
    view = bulk.classify(con, groups, layout, anchor)
    bulk.stage(con, view, table, plat, layout, channel)
    stats = con.execute(f"""SELECT coalesce(sum(n) FILTER (WHERE kind = 'data'), 0),
        min(d) FILTER (WHERE kind = 'data'), max(d) FILTER (WHERE kind = 'data'),
        coalesce(sum(n) FILTER (WHERE kind IN ('total_row', 'repeated_header', 'not_data_row')), 0),
        coalesce(sum(n) FILTER (WHERE kind = 'not_a_date'), 0),
        coalesce(sum(n) FILTER (WHERE kind IN ('bad_row', 'not_a_date')), 0)
        {''.join(f", coalesce(sum(bad_{m}) FILTER (WHERE kind IN ('data', 'bad_row')), 0)" for m in layout.measures)}
        FROM {view}""").fetchone()
    assert stats is not None
    n_rows, dmin, dmax, n_skipped, n_bad_dates, n_bad_rows = stats[:6]
    n_bad = n_bad_dates + sum(stats[6:])
    totals_row = con.execute(f"SELECT count(*), {', '.join(f'coalesce(sum({m}), 0)' for m in TOTAL_KEYS)} "
                             f"FROM {table}").fetchone()
    assert totals_row is not None
    totals = {k: round(float(v), 2) for k, v in zip(TOTAL_KEYS, totals_row[1:], strict=True)}
    if groups.typed and not n_skipped and not n_bad and (
            not groups.skipped or not _may_misnumber(source, groups.skipped)):
        skipped, problems, count = groups.skipped, [], 0
    else:
        skipped, problems, count = _locate(source, layout, first_line, int(n_skipped) + len(groups.skipped),
                                           n_bad)
    bulk.drop(con, g)
    spend_header = layout.header[layout.measures["spend"][0]] if "spend" in layout.measures else ""
    return Staged(file=str(source.path), platform=plat, encoding=source.encoding, rows=int(n_rows),
                  date_min=dmin, date_max=dmax, totals=totals, skipped=skipped, problems=problems,
                  problem_count=max(count, int(n_bad)) if n_bad else count, bad_rows=int(n_bad_rows), table=table,
                  facts=int(totals_row[0]), currency=header_unit(spend_header),
                  columns={f: layout.header[i] for f, i in [("date", layout.date), *layout.dims.items()]})


def _may_misnumber(source: Source, skipped: list[RowIssue]) -> bool:
    """DuckDB numbers records, not lines: the two differ only after a quoted line break, so the
    rejected rows' numbers are their lines' when the file has no quote at all."""
    return bool(skipped) and has_quote(source.csv_path)


def _group_empty(con: duckdb.DuckDBPyConnection, layout: Layout, g: str) -> None:
    cols = [f"NULL::VARCHAR AS k_{d}" for d in layout.dims] + ["NULL::DATE AS d", "0::BIGINT AS n"]
    cols += [f"NULL::DOUBLE AS m_{m}, 0::BIGINT AS bad_{m}" for m in layout.measures]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {g} AS SELECT {', '.join(cols)} WHERE FALSE")


def _locate(source: Source, layout: Layout, first_line: int | None, n_skipped: int, n_bad: int,
            ) -> tuple[list[RowIssue], list[RowIssue], int]:
    """Row numbers of skipped rows and problems: from the sample and the file's end when that finds
    them all, otherwise by reading the file again."""
    if first_line is None or (n_skipped == 0 and n_bad == 0):
        return [], [], 0
    if n_bad == 0:
        head_start = next(i for i, line in enumerate(source.line_of) if line >= first_line)
        head = list(zip(source.line_of[head_start:], source.rows[head_start:], strict=True))
        lines = head
        if not source.complete:
            total = count_lines(source.csv_path)
            with source.csv_path.open("rb") as fh:
                fh.seek(-1, 2)
                if fh.read(1) != b"\n":
                    total += 1
            seen = {n for n, _c in head}
            lines = head + [(n, c) for n, c in rowrules.tail_rows(source.csv_path, source.delimiter, total)
                            if n not in seen]
        skipped, problems, count = rowrules.scan(source.csv_path, source.delimiter, first_line, layout,
                                                 lines=iter(lines))
        if len(skipped) >= n_skipped and not problems:
            return skipped, problems, count
    return rowrules.scan(source.csv_path, source.delimiter, first_line, layout)
