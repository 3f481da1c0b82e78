"""The eight stages' templates as forms: which fields each shows, and form data → project data.

A form edits only the fields it shows; everything else of the project is kept. Table rows carry
a ``_key`` (the record's id, else its position in the version the page was made from) so that
the fields a form does not show (a work item's status trail, a budget line's notes …) survive an
edit. Problems from validation carry their path; :func:`field_name` turns a path into the name
of the input it belongs to, so each message is shown next to its field.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from aeflow.domain.budget import CostCategory
from aeflow.domain.common import Role, Stage
from aeflow.domain.decision import CommitmentStatus
from aeflow.domain.plan import Status
from aeflow.domain.risk import RiskCategory, RiskStatus
from aeflow.errors import Problem
from aeflow.i18n import N_

Document = dict[str, Any]
SPLIT_CELL = re.compile(r"[,，、;；\n]+")


@dataclass(frozen=True)
class Field:
    """One input: ``path`` is dotted, relative to the project (or, for a column, to its row)."""

    path: str
    label: str
    kind: str = "text"  # text, textarea, lines, cells, number, money, date, time, select, bool, table
    l3: bool = False
    help: str = ""
    options: tuple[str, ...] = ()
    columns: tuple[Field, ...] = ()
    required: bool = False
    internal: bool = False
    empty: Any = None  # the value of an empty input ("" for text; None for optional numbers and dates)

    @property
    def wide(self) -> bool:
        return self.kind in ("textarea", "lines", "table")


def _t(path: str, label: str, **kw: Any) -> Field:
    return Field(path, label, "text", empty="", **kw)


def _opts(enum: Any) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


OBJECTIVE_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("title", N_("Objective"), required=True),
    _t("kpi.metric", N_("Metric")), Field("kpi.baseline", N_("Baseline"), "number"),
    Field("kpi.target", N_("Target"), "number"), _t("kpi.unit", N_("Unit")),
    Field("kpi.deadline", N_("Deadline"), "date"), _t("kpi.channel", N_("Channel")),
)
WORK_ITEM_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("title", N_("Work item"), required=True),
    _t("milestone", N_("Milestone")), _t("deliverable", N_("Deliverable")), _t("owner", N_("Owner")),
    Field("role", N_("Role"), "select", options=_opts(Role), empty="ae"),
    Field("start", N_("Start"), "date"), Field("due", N_("Due"), "date"),
    Field("depends_on", N_("Depends on"), "cells", empty=[]),
    Field("status", N_("Status"), "select", options=_opts(Status), empty="planned"),
    _t("acceptance_criteria", N_("Acceptance criteria")),
    Field("is_milestone", N_("Milestone?"), "bool"), Field("client_approval", N_("Client approves"), "bool"),
)
RISK_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("description", N_("Risk"), required=True),
    Field("category", N_("Category"), "select", options=_opts(RiskCategory), empty="operations"),
    Field("likelihood", N_("Likelihood (1-5)"), "number"), Field("severity", N_("Severity (1-5)"), "number"),
    _t("response", N_("Response strategy")), _t("owner", N_("Owner")), _t("contact", N_("Contact person")),
    _t("communication", N_("Communication strategy")),
    Field("status", N_("Status"), "select", options=_opts(RiskStatus), empty="open"),
    _t("contingency.when", N_("If this happens"), l3=True), _t("contingency.then", N_("then we"), l3=True),
)
BUDGET_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("channel", N_("Channel"), required=True),
    Field("category", N_("Category"), "select", options=_opts(CostCategory), empty="media"),
    _t("vendor", N_("Vendor")), Field("planned", N_("Planned"), "money", empty="0"),
    Field("committed", N_("Committed"), "money", empty="0"), Field("actual", N_("Actual"), "money", empty="0"),
    Field("contract_signed", N_("Contract signed"), "bool"), _t("notes", N_("Internal notes"), internal=True),
)
CADENCE_COLUMNS = (
    _t("id", N_("ID"), required=True), _t("meeting", N_("Meeting"), required=True),
    _t("frequency", N_("Frequency (RRULE)"), help=N_("e.g. FREQ=WEEKLY;BYDAY=MO")),
    Field("start", N_("First date"), "date"), Field("time", N_("Time"), "time"),
    Field("participants", N_("Participants"), "cells", empty=[]),
    Field("includes_client", N_("Client attends"), "bool"), _t("decision_authority", N_("Decision authority")),
    _t("disclosure", N_("Information disclosure")), _t("visualisation", N_("Progress visualisation")),
)

STAGE_FIELDS: dict[Stage, tuple[Field, ...]] = {
    Stage.intake: (
        Field("brief.background", N_("Client background"), "textarea", empty=""),
        Field("brief.pain_points", N_("Core pain points"), "lines", empty=[]),
        Field("brief.objectives", N_("Goals and measurable KPIs"), "table", columns=OBJECTIVE_COLUMNS),
        Field("brief.in_scope", N_("In scope"), "lines", empty=[]),
        Field("brief.out_of_scope", N_("Out of scope"), "lines", empty=[]),
        Field("brief.constraints", N_("Constraints"), "lines", empty=[]),
        Field("brief.scoring_criteria", N_("Scoring criteria"), "lines", empty=[]),
        Field("brief.acceptance_points", N_("Acceptance points"), "lines", empty=[]),
        Field("brief.hidden_goals", N_("Hidden goals"), "lines", l3=True, empty=[]),
        Field("brief.benefit_points", N_("Benefit points"), "lines", l3=True, empty=[]),
        Field("brief.risk_points", N_("Risk points"), "lines", l3=True, empty=[]),
        Field("brief.alternatives", N_("Alternative proposals"), "lines", l3=True, empty=[]),
    ),
    Stage.insight: (
        Field("insight.industry_context", N_("Industry context"), "textarea", empty=""),
        Field("insight.pain_points", N_("Surface pain points"), "lines", empty=[]),
        Field("insight.positioning", N_("Positioning"), "textarea", empty=""),
        Field("insight.personas", N_("Audience personas"), "table", l3=True, columns=(
            _t("id", N_("ID"), required=True), _t("name", N_("Persona"), required=True),
            _t("demographics", N_("Demographics")), _t("description", N_("Description")),
            Field("needs", N_("Needs"), "cells", empty=[]), Field("channels", N_("Channels"), "cells", empty=[]))),
        Field("insight.purchase_path", N_("Purchase path"), "table", l3=True, columns=(
            _t("stage", N_("Funnel stage"), required=True), Field("touchpoints", N_("Touchpoints"), "cells", empty=[]),
            _t("message", N_("Message")))),
        Field("insight.competitors", N_("Competitors"), "table", l3=True, columns=(
            _t("name", N_("Competitor"), required=True), _t("positioning", N_("Positioning")),
            _t("price_band", N_("Price band")), Field("channels", N_("Channels"), "cells", empty=[]))),
        Field("insight.market_data", N_("Market data"), "lines", l3=True, empty=[]),
    ),
    Stage.proposal: (
        Field("proposal.problem_statement", N_("Problem statement"), "textarea", empty=""),
        Field("proposal.creative_direction", N_("Creative direction"), "textarea", empty=""),
        Field("proposal.execution_plan", N_("Execution plan"), "lines", empty=[]),
        Field("proposal.timeline", N_("Timeline"), "table", columns=(
            _t("name", N_("Phase"), required=True), Field("start", N_("Start"), "date"),
            Field("end", N_("End"), "date"), _t("focus", N_("Focus")))),
        Field("proposal.budget.total", N_("Cost estimate"), "money", internal=True),
        Field("proposal.strategy_map", N_("Strategy map"), "table", l3=True, columns=(
            _t("channel", N_("Channel"), required=True), _t("funnel_stage", N_("Funnel stage"), required=True),
            _t("content", N_("Content")), _t("rhythm", N_("Rhythm")),
            Field("objectives", N_("Objectives"), "cells", empty=[]))),
        Field("proposal.budget.roi", N_("Expected ROI"), "number", l3=True),
        Field("proposal.budget.roas", N_("Expected ROAS"), "number", l3=True),
        Field("proposal.risks_and_mitigation", N_("Risks and opportunities"), "lines", l3=True, empty=[]),
        Field("proposal.resource_needs", N_("Cross-department resources"), "lines", l3=True, empty=[]),
    ),
    Stage.budget: (
        Field("budget.total", N_("Total budget"), "money", internal=True),
        Field("budget.agency_fee", N_("Agency fee"), "money", internal=True, l3=True),
        Field("budget.lines", N_("Budget lines"), "table", columns=BUDGET_COLUMNS, internal=True),
    ),
    Stage.collaboration: (
        Field("team", N_("Team and hand-offs"), "table", columns=(
            _t("name", N_("Name"), required=True),
            Field("role", N_("Role"), "select", options=_opts(Role), empty="ae"),
            Field("side", N_("Side"), "select", options=("agency", "client", "vendor"), empty="agency"),
            _t("email", N_("Email")), Field("weekly_capacity_hours", N_("Hours per week"), "number"))),
        Field("cadence", N_("Communication cadence"), "table", columns=CADENCE_COLUMNS),
        Field("commitments", N_("Client commitments"), "table", columns=(
            _t("id", N_("ID"), required=True), _t("promise", N_("Promise"), required=True),
            _t("owner", N_("Owner")), Field("due", N_("Due"), "date"),
            Field("status", N_("Status"), "select", options=_opts(CommitmentStatus), empty="open"))),
    ),
    Stage.risk: (
        Field("risks", N_("Risk register"), "table", columns=RISK_COLUMNS),
    ),
    Stage.monitoring: (
        Field("work_items", N_("Execution checklist"), "table", columns=WORK_ITEM_COLUMNS),
    ),
    Stage.retrospective: (
        Field("retrospective.metrics", N_("Metrics against target"), "table", columns=(
            _t("metric", N_("Metric"), required=True), _t("channel", N_("Channel")),
            Field("target", N_("Target"), "number"), Field("actual", N_("Actual"), "number"),
            _t("unit", N_("Unit")), _t("note", N_("Note")))),
        Field("retrospective.delivery_quality", N_("Delivery quality"), "textarea", empty=""),
        Field("retrospective.client_feedback", N_("Client feedback"), "textarea", empty=""),
        Field("retrospective.learnings", N_("Key learnings"), "lines", empty=[]),
        Field("retrospective.improvements", N_("Improvements"), "lines", empty=[]),
        _t("retrospective.owner", N_("Owner")),
        Field("retrospective.next_iteration", N_("Next-iteration plan"), "lines", empty=[]),
        Field("retrospective.long_term_value", N_("Long-term client value"), "textarea", l3=True, empty=""),
    ),
}

STAGE_INTROS: dict[Stage, str] = {
    Stage.intake: N_("Turn the client's ask into a written brief: boundaries, deliverables and KPIs that can be measured."),
    Stage.insight: N_("Understand the market and the audience, and decide where the brand stands."),
    Stage.proposal: N_("The proposal: the problem, the strategy map, the timeline and what it costs."),
    Stage.budget: N_("Place the money: budget lines by channel and vendor, committed and spent."),
    Stage.collaboration: N_("Who does what, when the team meets, who decides, and what was promised to the client."),
    Stage.risk: N_("What could go wrong, how likely and how bad, and what we do if it happens."),
    Stage.monitoring: N_("The execution checklist: every deliverable with its owner, date and acceptance criteria."),
    Stage.retrospective: N_("Compare results with targets, keep the learnings, and plan the next cycle."),
}


def fields_for(stage: Stage, depth: int) -> tuple[Field, ...]:
    return tuple(f for f in STAGE_FIELDS[stage] if depth >= 3 or not f.l3)


def columns_for(f: Field, depth: int) -> tuple[Field, ...]:
    return tuple(c for c in f.columns if depth >= 3 or not c.l3)


# --- reading values for display ---------------------------------------------------------------

def get(doc: Mapping[str, Any] | None, path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def display(f: Field, value: Any) -> Any:
    """The value as the input shows it."""
    if value is None:
        return "" if f.kind != "bool" else False
    if f.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.kind == "cells":
        return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if f.kind == "time" and isinstance(value, str):
        return value[:5]
    if f.kind == "number" and isinstance(value, float):
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return text or "0"
    return value


def row_key(row: Mapping[str, Any], index: int) -> str:
    rid = row.get("id") if isinstance(row, Mapping) else None
    return f"id:{rid}" if isinstance(rid, str) and rid else f"at:{index}"


# --- form data → project data ------------------------------------------------------------------

def _convert(f: Field, raw: str | None) -> Any:
    if f.kind == "bool":
        return raw is not None and raw not in ("", "0", "false", "off")
    text = (raw or "").strip()
    if f.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if f.kind == "cells":
        return [part.strip() for part in SPLIT_CELL.split(text) if part.strip()]
    if not text:
        return copy.copy(f.empty)
    if f.kind in ("text", "textarea", "select"):
        return raw or ""
    return text.replace(",", "") if f.kind in ("money", "number") else text


def _set(doc: Document, path: str, value: Any) -> None:
    parts = path.split(".")
    target = doc
    for part in parts[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    target[parts[-1]] = value


def _row(base: Mapping[str, Any], columns: tuple[Field, ...], form: FormData, prefix: str) -> tuple[Document, bool]:
    row = copy.deepcopy(dict(base))
    touched = False
    groups: dict[str, list[Any]] = {}
    for c in columns:
        raw = form.get(f"{prefix}.{c.path}")
        value = _convert(c, raw if isinstance(raw, str) else None)
        if value not in (None, "", [], False):
            touched = True
        if "." in c.path:
            groups.setdefault(c.path.split(".")[0], []).append(value)
        _set(row, c.path, value)
    for group, values in groups.items():  # an optional sub-record left empty is no sub-record
        if all(v in (None, "", []) for v in values) and not _has_hidden(base.get(group), columns, group):
            row[group] = None
    return row, touched


def _has_hidden(sub: Any, columns: tuple[Field, ...], group: str) -> bool:
    if not isinstance(sub, Mapping):
        return False
    shown = {c.path.split(".", 1)[1] for c in columns if c.path.startswith(group + ".")}
    return any(v not in (None, "", [], False) for k, v in sub.items() if k not in shown and k != "comparison")


TABLE_ROW = re.compile(r"^(?P<path>[a-z_.]+)\[(?P<i>\d+)\]\._key$")


def apply_form(doc: Document, stage: Stage, depth: int, form: FormData) -> tuple[Document, dict[str, list[int]]]:
    """``doc`` with the stage's fields replaced by the form's values (``doc`` is not changed).

    Returns the new document and, per table, the form row index of each resulting record (so that
    a problem at ``work_items[2]`` is shown on the form row it came from).
    """
    out = copy.deepcopy(doc)
    positions: dict[str, list[int]] = {}
    for f in fields_for(stage, depth):
        if f.kind != "table":
            raw = form.get(f.path)
            if f.kind != "bool" and raw is None:
                continue  # not on this form (e.g. the field is read-only for the user)
            _set(out, f.path, _convert(f, raw if isinstance(raw, str) else None))
            continue
        old = get(doc, f.path) or []
        by_key = {row_key(r, i): r for i, r in enumerate(old)}
        indices = sorted({int(m["i"]) for k in form.keys() if (m := TABLE_ROW.match(k)) and m["path"] == f.path})
        if not indices:
            continue  # the table is not on this form: keep it as it is
        rows: list[Document] = []
        where: list[int] = []
        for i in indices:
            prefix = f"{f.path}[{i}]"
            if form.get(prefix + "._delete"):
                continue
            key = str(form.get(prefix + "._key") or "")
            base = by_key.get(key, {})
            row, touched = _row(base, columns_for(f, depth), form, prefix)
            if not base and not touched:
                continue  # the blank row at the end of a table
            rows.append(row)
            where.append(i)
        _set(out, f.path, rows)
        positions[f.path] = where
    return out, positions


def field_name(problem: Problem, positions: Mapping[str, list[int]]) -> str:
    """The name of the input a problem belongs to (a prefix of it, if the path is longer)."""
    out = ""
    parts = list(problem.path)
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(part, int):
            table = out
            rows = positions.get(table)
            index = rows[part] if rows is not None and part < len(rows) else part
            out += f"[{index}]"
        else:
            out += ("." if out else "") + str(part)
        i += 1
    return out


def errors_by_field(problems: list[Problem], positions: Mapping[str, list[int]], known: set[str]
                    ) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Problems keyed by the input they belong to; the rest (not on this form) separately."""
    placed: dict[str, list[Problem]] = {}
    rest: list[Problem] = []
    for p in problems:
        name = field_name(p, positions)
        target = next((n for n in _prefixes(name) if n in known), None)
        if target is None:
            rest.append(p)
        else:
            placed.setdefault(target, []).append(p)
    return placed, rest


def _prefixes(name: str) -> list[str]:
    """``a.b[2].c.d`` → ``a.b[2].c.d``, ``a.b[2].c``, ``a.b[2]``, ``a.b``, ``a``."""
    out = [name]
    while True:
        cut = max(name.rfind("."), name.rfind("["))
        if cut <= 0:
            break
        name = name[:cut]
        out.append(name)
    return out


def known_names(doc: Document, stage: Stage, depth: int, extra_rows: int = 1) -> set[str]:
    names: set[str] = set()
    for f in fields_for(stage, depth):
        names.add(f.path)
        if f.kind == "table":
            for i in range(len(get(doc, f.path) or []) + extra_rows):
                names.add(f"{f.path}[{i}]")
                names.update(f"{f.path}[{i}].{c.path}" for c in columns_for(f, depth))
    return names


@dataclass
class StageForm:
    """What the stage template needs: fields, values, and where each problem goes."""

    stage: Stage
    depth: int
    doc: Document
    version: int
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    other_problems: list[Problem] = field(default_factory=list)

    @property
    def fields(self) -> tuple[Field, ...]:
        return fields_for(self.stage, self.depth)

    def rows(self, f: Field) -> list[tuple[int, str, Mapping[str, Any]]]:
        rows = get(self.doc, f.path) or []
        out = [(i, row_key(r, i), r) for i, r in enumerate(rows)]
        out.append((len(rows), "new", {}))
        return out
