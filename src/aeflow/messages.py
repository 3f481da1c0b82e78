"""Sentences for validation problems, in the user's language: one table for every layer.

Keys are pydantic's error types and our own codes; values are gettext message ids whose
``{placeholders}`` come from the problem's params.
"""

from __future__ import annotations

from aeflow.errors import Problem
from aeflow.i18n import N_, _

MESSAGES: dict[str, str] = {
    # pydantic's own error types
    "missing": N_("is required but missing"),
    "extra_forbidden": N_("is not a known field (check the spelling)"),
    "string_type": N_("expected text, got {input}"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("{input} is not a valid identifier (letters, digits, _ . - only)"),
    "int_type": N_("expected a whole number, got {input}"),
    "int_parsing": N_("expected a whole number, got {input}"),
    "int_from_float": N_("expected a whole number, got {input}"),
    "float_type": N_("expected a number, got {input}"),
    "float_parsing": N_("expected a number, got {input}"),
    "decimal_type": N_("expected an amount of money, got {input}"),
    "decimal_parsing": N_("expected an amount of money, got {input}"),
    "decimal_max_places": N_("an amount has at most 2 decimal places, got {input}"),
    "decimal_max_digits": N_("the amount {input} is too large"),
    "bool_type": N_("expected true or false, got {input}"),
    "bool_parsing": N_("expected true or false, got {input}"),
    "date_type": N_("expected a date like 2026-03-01, got {input}"),
    "date_parsing": N_("expected a date like 2026-03-01, got {input}"),
    "date_from_datetime_parsing": N_("expected a date like 2026-03-01, got {input}"),
    "date_from_datetime_inexact": N_("expected a date without a time, got {input}"),
    "time_type": N_("expected a time like 10:00, got {input}"),
    "time_parsing": N_("expected a time like 10:00, got {input}"),
    "list_type": N_("expected a list, got {input}"),
    "dict_type": N_("expected a mapping of keys to values, got {input}"),
    "model_type": N_("expected a mapping of keys to values, got {input}"),
    "model_attributes_type": N_("expected a mapping of keys to values, got {input}"),
    "enum": N_("{input} is not one of: {expected}"),
    "literal_error": N_("{input} is not one of: {expected}"),
    "greater_than_equal": N_("must be at least {ge}, got {input}"),
    "less_than_equal": N_("must be at most {le}, got {input}"),
    "greater_than": N_("must be more than {gt}, got {input}"),
    "less_than": N_("must be less than {lt}, got {input}"),
    "value_error": N_("invalid value {input}"),
    # aeflow's own rules
    "kpi_unit_missing": N_("target {target} of metric {metric} has no unit"),
    "date_before_start": N_("{field} {value} is before {start_field} {start}"),
    "budget_over_total": N_("budget lines plan {planned}, more than the total {total}"),
    "rrule_invalid": N_("{value} is not a recurrence rule (RRULE) like FREQ=WEEKLY;BYDAY=MO"),
    "duplicate_id": N_("the id {id} is used more than once"),
    "unknown_work_item": N_("refers to work item {id}, which does not exist"),
    "unknown_objective": N_("refers to objective {id}, which does not exist"),
    "unknown_decision": N_("refers to decision {id}, which does not exist"),
    "unknown_commitment": N_("refers to client commitment {id}, which does not exist"),
    "unknown_owner": N_("owner {id} is not on the project team"),
    "self_dependency": N_("work item {id} depends on itself"),
    "dependency_cycle": N_("dependencies form a cycle: {cycle}"),
    "not_a_mapping": N_("a project file must be a mapping of keys to values, got {input}"),
    "duplicate_key": N_("the key {key} appears twice in the same mapping (first on line {first})"),
    "yaml_syntax": N_("the file is not valid YAML: {reason}"),
    "file_unreadable": N_("the file cannot be read: {reason}"),
    "file_encoding": N_("the file is not UTF-8 text"),
    "file_empty": N_("the file is empty"),
    "schema_version": N_("schema_version {input} is not supported by this aeflow (expected 1)"),
}


def describe(problem: Problem) -> str:
    """The problem as one sentence in the current language (without its location)."""
    template = MESSAGES.get(problem.code)
    if template is None:
        return str(problem.params.get("default") or problem.code)
    params = {k: v for k, v in problem.params.items()}
    return _(template, **params)


def locate(problem: Problem) -> str:
    """``file:line: path`` — whichever parts are known."""
    parts = []
    if problem.file:
        parts.append(problem.file + (f":{problem.line}" if problem.line else ""))
    if problem.path:
        parts.append(problem.dotted_path)
    return ": ".join(parts)


def format_problem(problem: Problem) -> str:
    where = locate(problem)
    return f"{where}: {describe(problem)}" if where else describe(problem)
