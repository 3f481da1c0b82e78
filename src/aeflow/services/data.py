"""Performance-data use cases: inspect an export, import exports into a project, record offline
results. Every import is one transaction over all its files; nothing lands if any file fails."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aeflow.domain.project import Project
from aeflow.errors import ImportFailed, Invalid, Problem
from aeflow.i18n import _
from aeflow.importers import reader
from aeflow.importers.reader import UNKNOWN_LAYOUT, Staged
from aeflow.importers.registry import MEASURES, Platform, get
from aeflow.importers.rows import SKIP_CODES, RowIssue
from aeflow.importers.source import Progress
from aeflow.metrics.store import Landed, MetricsStore

_tables = itertools.count(1)
MAX_REPORTED = 20
BAD_CELLS = "bad_cells"
"""``data["code"]`` of the error refusing a file with unreadable cells; each interface names its own
way to import the readable rows only (a CLI flag, a check box) as the hint."""


__all__ = ["BAD_CELLS", "SKIP_CODES", "UNKNOWN_LAYOUT", "import_files", "inspect", "platform_label",
           "record_offline"]


def platform_label(key: str) -> str | None:
    """A registered platform's name in the user's language (None for an unknown key)."""
    found = get(key)
    return _(found.label) if found else None


def flight(project: Project) -> tuple[dt.date, dt.date]:
    """First and last day of the project's flight (90 days from launch when no end is set)."""
    end = project.flight_end or project.launch + dt.timedelta(days=89)
    return project.launch, end


def anchor_of(project: Project) -> dt.date:
    start, end = flight(project)
    return start + (end - start) / 2


def inspect(path: Path, *, platform: str | Platform = "auto", year: int | None = None,
            progress: Progress | None = None) -> dict[str, Any]:
    """Parse an export without storing it: platform, encoding, rows, dates, totals, skipped rows."""
    con = reader.connect()
    try:
        staged = reader.stage(con, path, table=f"inspect_{next(_tables)}", platform=platform,
                              anchor=dt.date(year, 7, 1) if year else None, progress=progress)
        return staged.summary()
    finally:
        con.close()


@dataclass
class ImportReport:
    project: str
    files: list[dict[str, Any]] = field(default_factory=list)
    landed: list[Landed] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"project": self.project, "files": self.files,
                "landed": [{"import_id": x.import_id, "file": Path(x.file).name, "platform": x.platform,
                            "facts": x.facts, "replaced": x.replaced} for x in self.landed]}


def _problem_text(issue: RowIssue) -> str:
    if issue.column:
        return _("row {row}, column {column}: {value!r} is {reason}", row=issue.row, column=issue.column,
                 value=issue.value, reason=issue.reason)
    return _("row {row}: {reason}", row=issue.row, reason=issue.reason)


def import_files(store: MetricsStore, project: Project, paths: Sequence[Path], *, platform: str | Platform = "auto",
                 channel: str | None = None, skip_bad_rows: bool = False, author: str = "",
                 progress: Progress | None = None) -> ImportReport:
    """Stage every file, then store all of them in one transaction (or nothing, on any error)."""
    staged: list[Staged] = []
    report = ImportReport(project.id)
    anchor = anchor_of(project)
    for path in paths:
        s = reader.stage(store.staging, Path(path), table=f"staged_{next(_tables)}", platform=platform,
                         anchor=anchor, channel=channel, progress=progress)
        if s.problems and not skip_bad_rows:
            shown = s.problems[:MAX_REPORTED]
            raise Invalid(
                _("{file}: {count} cell(s) in {rows} row(s) cannot be read; nothing was imported",
                  file=Path(path).name, count=s.problem_count, rows=s.bad_rows or len({i.row for i in s.problems})),
                problems=[Problem((), s_code(i), {"default": _problem_text(i)}, file=Path(path).name, line=i.row)
                          for i in shown],
                code=BAD_CELLS, file=Path(path).name)
        staged.append(s)
        report.files.append(s.summary())
    report.landed = store.land(project.id, staged, author=author)
    for s in staged:
        store.staging.execute(f"DROP TABLE IF EXISTS {s.table}")
    return report


def s_code(issue: RowIssue) -> str:
    return f"import_{issue.code}"


OFFLINE_MEASURES = ("attendance", "store_sales", "new_members")


def record_offline(store: MetricsStore, project: Project, day: dt.date, values: dict[str, float], *,
                   channel: str = "offline", event: str = "", store_name: str = "", author: str = "") -> Landed:
    """Offline results typed in by hand (到场人数, 门店销售额, 新增会员) for one day."""
    unknown = [k for k in values if k not in OFFLINE_MEASURES]
    if unknown or not values:
        raise ImportFailed(_("offline results need at least one of {known}", known=", ".join(OFFLINE_MEASURES)))
    if any(v < 0 for v in values.values()):
        raise ImportFailed(_("offline results cannot be negative"))
    table = f"offline_{next(_tables)}"
    cols = ", ".join(f"?::DOUBLE AS {m}" if m in values else f"NULL::DOUBLE AS {m}" for m in MEASURES)
    store.staging.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT 'offline' AS platform, ?::VARCHAR AS channel, "
        f"'' AS account, ?::VARCHAR AS campaign, '' AS ad_group, '' AS creative, ?::VARCHAR AS region, "
        f"?::DATE AS date, {cols}, 1::BIGINT AS source_rows",
        [channel, event, store_name, day, *[values[m] for m in MEASURES if m in values]])
    from aeflow.importers.registry import get

    plat = get("offline")
    assert plat is not None
    staged = Staged(file=_("entered by hand"), platform=plat, encoding="", rows=1, date_min=day, date_max=day,
                    totals={}, skipped=[], problems=[], problem_count=0, table=table, facts=1)
    landed = store.land(project.id, [staged], author=author)[0]
    store.staging.execute(f"DROP TABLE IF EXISTS {table}")
    return landed
