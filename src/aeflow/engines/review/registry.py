"""The rule registry of the pitfall checker: every rule has a stable id, a severity, a one-line
message and a longer explanation with the fix, both translatable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aeflow.domain.lintconfig import LintConfig, Severity
from aeflow.domain.project import Project
from aeflow.i18n import N_, _
from aeflow.messages import join_and


@dataclass(frozen=True)
class ScheduleFacts:
    """What the planner found, handed in by the service (the checker does not schedule)."""

    feasible: bool = True
    late_by_days: int = 0
    chain: tuple[str, ...] = ()
    overallocated: tuple[tuple[str, str, float, float], ...] = ()  # owner, week, hours, capacity


@dataclass(frozen=True)
class ReviewContext:
    today: dt.date
    schedule: ScheduleFacts | None = None
    labour_alerts: tuple[tuple[str, str], ...] = ()  # (code, translated message) from the labour engine
    channels: Mapping[str, tuple[str, ...]] | None = None
    """The channel vocabulary (the playbook library's ids → their aliases); None skips the channel check."""


@dataclass(frozen=True)
class Hit:
    """One place where a rule fires: the path in the project and the message's parameters."""

    path: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    severity: Severity
    message: str  # gettext id, with {placeholders} from Hit.params
    explanation: str  # gettext id: why it matters and how to fix it
    check: Callable[[Project, ReviewContext], Iterable[Hit]]
    level3_only: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    path: str
    explanation: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, area: str, severity: Severity, message: str, explanation: str,
         *, level3_only: bool = False) -> Callable[[Callable[[Project, ReviewContext], Iterable[Hit]]], Any]:
    """Register a check under a stable id."""

    def wrap(fn: Callable[[Project, ReviewContext], Iterable[Hit]]) -> Callable[..., Any]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, area, severity, message, explanation, fn, level3_only)
        return fn

    return wrap


def all_rules() -> list[Rule]:
    from aeflow.engines.review import rules_data, rules_delivery, rules_plan  # noqa: F401  (registers the rules)

    return [RULES[k] for k in sorted(RULES)]


def lint(project: Project, context: ReviewContext, config: LintConfig | None = None) -> list[Finding]:
    """Every finding of every enabled rule, errors first."""
    config = (config or LintConfig()).merged(project.lint)
    disabled = set(config.disable)
    out: list[Finding] = []
    for r in all_rules():
        if r.id in disabled or (r.level3_only and project.level.value < 3):
            continue
        severity = config.severity.get(r.id, r.severity)
        for hit in r.check(project, context):
            out.append(Finding(r.id, severity, _(r.message, **hit.params), hit.path, _(r.explanation)))
    order = {Severity.error: 0, Severity.warning: 1, Severity.advice: 2}
    out.sort(key=lambda f: (order[f.severity], f.rule, f.path))
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == Severity.error for f in findings)


#: the record fields a rule may name as missing, as the user reads them
FIELD_LABELS = {
    "owner": N_("owner"), "due": N_("due date"), "target": N_("target"), "unit": N_("unit"),
    "deadline": N_("deadline"), "response": N_("response"), "contact": N_("contact person"),
    "communication": N_("client communication plan"), "trigger": N_("trigger"), "contingency": N_("contingency"),
}


def missing_fields(names: Iterable[str]) -> str:
    """``负责人和截止日期`` / ``owner and due date`` — field names in the current language."""
    return join_and(_(FIELD_LABELS[n]) if n in FIELD_LABELS else n for n in names)


def each(items: Iterable[Any], base: str) -> Iterator[tuple[str, Any]]:
    for i, item in enumerate(items):
        yield f"{base}[{i}]", item
