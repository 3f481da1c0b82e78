"""The workbook's layout, shared by the writer (xlsx.py) and the reader (xlsx_read.py).

Every table sheet has the same shape: row 1 (hidden) holds the field key of each column, row 2 the
headers in the workbook's language, data from row 3. Column A (hidden) holds each row's record id,
so an edited workbook can be matched back to the project whatever the user did to the order of rows.
A hidden sheet (:data:`META_SHEET`) records the project, its version, the sheets' names and the
values of every editable cell as exported — the base against which edits and conflicts are judged —
and the lists the drop-downs offer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from aeflow.domain.plan import Status
from aeflow.domain.risk import RiskStatus
from aeflow.exporters.labels import RISK_STATUS_LABELS, STATUS_LABELS
from aeflow.i18n import N_, catalog

KEY_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
ID_KEY = "id"
TOTAL_ID = "#total"
META_SHEET = "aeflow"
SPARE_ROWS = 200
"""Rows below the data that still get drop-downs and conditional formats, for new rows."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float = 14
    kind: str = "text"
    """text, long, date, status, risk_status, owner, score, int, money, bool, list, formula"""
    editable: bool = False
    internal: bool = False


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    columns: tuple[Column, ...]
    collection: str | None = None
    """The project's record list the rows are (``work_items``, ``risks``, ``budget.lines``); None: read-only."""

    def visible(self, internal: bool) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if internal or not c.internal)


EXECUTION = SheetSpec("execution", N_("Execution checklist"), (
    Column(ID_KEY, N_("ID"), 8),
    Column("milestone", N_("Milestone"), 14, editable=True),
    Column("title", N_("Work item"), 26, editable=True),
    Column("deliverable", N_("Deliverables"), 20, editable=True),
    Column("owner", N_("Owner"), 10, "owner", editable=True),
    Column("start", N_("Start"), 12, "date", editable=True),
    Column("due", N_("Completion date"), 12, "date", editable=True),
    Column("status", N_("Status"), 12, "status", editable=True),
    Column("acceptance_criteria", N_("Acceptance criteria"), 24, editable=True),
    Column("client_approval", N_("Client approval"), 10, "bool", editable=True),
    Column("depends_on", N_("Depends on"), 12, "list", editable=True),
    Column("actual_finish", N_("Actual finish"), 12, "date", editable=True),
    Column("notes", N_("Internal notes"), 24, "long", editable=True, internal=True),
), collection="work_items")

RISKS = SheetSpec("risks", N_("Risk register"), (
    Column(ID_KEY, N_("ID"), 8),
    Column("description", N_("Risk"), 28, editable=True),
    Column("likelihood", N_("Likelihood"), 10, "score", editable=True),
    Column("severity", N_("Severity"), 10, "score", editable=True),
    Column("score", N_("Score"), 8, "formula"),
    Column("response", N_("Response strategy"), 24, editable=True),
    Column("owner", N_("Owner"), 10, "owner", editable=True),
    Column("contact", N_("Contact person"), 12, editable=True),
    Column("communication", N_("Communication strategy"), 24, editable=True, internal=True),
    Column("when", N_("If (situation)"), 20, editable=True),
    Column("then", N_("Then (what we do)"), 22, editable=True),
    Column("status", N_("Status"), 10, "risk_status", editable=True),
), collection="risks")

BUDGET = SheetSpec("budget", N_("Budget"), (
    Column(ID_KEY, N_("ID"), 8),
    Column("channel", N_("Channel"), 14),
    Column("category", N_("Category"), 14),
    Column("vendor", N_("Vendor"), 16, editable=True, internal=True),
    Column("planned", N_("Planned"), 14, "money", editable=True),
    Column("committed", N_("Committed"), 14, "money", editable=True, internal=True),
    Column("actual", N_("Actual"), 14, "money", editable=True),
    Column("notes", N_("Internal notes"), 24, "long", editable=True, internal=True),
), collection="budget.lines")

TABLE_SHEETS = (EXECUTION, RISKS, BUDGET)


def status_labels(lang_catalog: dict[str, str]) -> dict[str, Status]:
    return {lang_catalog.get(m, m): s for s, m in STATUS_LABELS.items()}


def risk_status_labels(lang_catalog: dict[str, str]) -> dict[str, RiskStatus]:
    return {lang_catalog.get(m, m): s for s, m in RISK_STATUS_LABELS.items()}


def any_status(text: str) -> Status | None:
    """A status from its key or its label in any language."""
    key = text.strip()
    for lang in ("zh", "en"):
        found = status_labels(catalog(lang)).get(key)
        if found:
            return found
    try:
        return Status(key.lower().replace(" ", "_"))
    except ValueError:
        return None


def any_risk_status(text: str) -> RiskStatus | None:
    key = text.strip()
    for lang in ("zh", "en"):
        found = risk_status_labels(catalog(lang)).get(key)
        if found:
            return found
    try:
        return RiskStatus(key.lower())
    except ValueError:
        return None


YES = {"yes", "y", "true", "1", "是", "需要", "√", "✓", "x"}
NO = {"no", "n", "false", "0", "否", "不需要", ""}


class CellError(ValueError):
    """A cell's value cannot be read as its column's kind; ``code`` names the problem."""

    def __init__(self, code: str, value: Any) -> None:
        super().__init__(code)
        self.code = code
        self.value = value


def parse_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for sep in ("年", "月"):
        text = text.replace(sep, "-")
    text = text.rstrip("日")
    try:
        y, m, d = (int(x) for x in text.split("-"))
        return dt.date(y, m, d)
    except (ValueError, TypeError):
        raise CellError("bad_date", value) from None


def parse_score(value: Any) -> int:
    text = str(value if value is not None else "").strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    digits = text[:1]
    if not digits.isdigit() or not 1 <= int(digits) <= 5 or (len(text) > 1 and text[1:2].isdigit()):
        raise CellError("bad_score", value)
    return int(digits)


def parse_money(value: Any) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0)
    text = str(value).strip().replace(",", "").replace("¥", "").replace("￥", "")
    try:
        amount = Decimal(text) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        raise CellError("bad_money", value) from None
    if amount < 0:
        raise CellError("bad_money", value)
    return amount.quantize(Decimal("0.01")) if amount != amount.to_integral_value() else amount


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError("bad_bool", value)


def parse_list(value: Any) -> list[str]:
    text = str(value if value is not None else "")
    for sep in ("、", "，", ";", "；", " "):
        text = text.replace(sep, ",")
    return [x.strip() for x in text.split(",") if x.strip()]


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normal(value: Any) -> str:
    """A value as the meta sheet stores it, so that exported and read-back values compare equal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)
