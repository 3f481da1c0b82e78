"""Sentences for validation problems, in the user's language: one table for every layer.

Keys are pydantic's error types and our own codes; values are gettext message ids whose
``{placeholders}`` come from the problem's params. :func:`describe` never raises: a placeholder the
params cannot fill falls back to the problem's default text (a missing one is a bug that
``tests/validate/test_messages.py`` catches for every pydantic error type).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from aeflow.errors import Problem
from aeflow.i18n import N_, _, get_language

MESSAGES: dict[str, str] = {
    # pydantic's own error types
    "missing": N_("is required but missing"),
    "extra_forbidden": N_("is not a known field (check the spelling)"),
    "string_type": N_("expected text, got {input}"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("must be at most {max_length} characters long"),
    "string_pattern_mismatch": N_("{input} does not have the expected form ({pattern})"),
    "string_unicode": N_("expected text, got {input}"),
    "too_short": N_("must have at least {min_length} item(s), got {actual_length}"),
    "too_long": N_("must have at most {max_length} item(s), got {actual_length}"),
    "iterable_type": N_("expected a list, got {input}"),
    "int_type": N_("expected a whole number, got {input}"),
    "int_parsing": N_("expected a whole number, got {input}"),
    "int_from_float": N_("expected a whole number, got {input}"),
    "int_parsing_size": N_("the number {input} is too large"),
    "float_type": N_("expected a number, got {input}"),
    "float_parsing": N_("expected a number, got {input}"),
    "finite_number": N_("expected a finite number, got {input}"),
    "multiple_of": N_("must be a multiple of {multiple_of}, got {input}"),
    "decimal_type": N_("expected an amount of money, got {input}"),
    "decimal_parsing": N_("expected an amount of money, got {input}"),
    "decimal_max_places": N_("an amount has at most {decimal_places} decimal places, got {input}"),
    "decimal_max_digits": N_("the amount {input} is too large (at most {max_digits} digits)"),
    "decimal_whole_digits": N_("the amount {input} is too large (at most {whole_digits} digits before the "
                               "decimal point)"),
    "bool_type": N_("expected true or false, got {input}"),
    "bool_parsing": N_("expected true or false, got {input}"),
    "date_type": N_("expected a date like 2026-03-01, got {input}"),
    "date_parsing": N_("expected a date like 2026-03-01, got {input}"),
    "date_from_datetime_parsing": N_("expected a date like 2026-03-01, got {input}"),
    "date_from_datetime_inexact": N_("expected a date without a time, got {input}"),
    "time_type": N_("expected a time like 10:00, got {input}"),
    "time_parsing": N_("expected a time like 10:00, got {input}"),
    "datetime_type": N_("expected a date and time like 2026-03-01 10:00, got {input}"),
    "datetime_parsing": N_("expected a date and time like 2026-03-01 10:00, got {input}"),
    "datetime_from_date_parsing": N_("expected a date and time like 2026-03-01 10:00, got {input}"),
    "list_type": N_("expected a list, got {input}"),
    "dict_type": N_("expected a mapping of keys to values, got {input}"),
    "model_type": N_("expected a mapping of keys to values, got {input}"),
    "model_attributes_type": N_("expected a mapping of keys to values, got {input}"),
    "mapping_type": N_("expected a mapping of keys to values, got {input}"),
    "none_required": N_("must be left empty, got {input}"),
    "enum": N_("{input} is not one of: {expected}"),
    "literal_error": N_("{input} is not one of: {expected}"),
    "greater_than_equal": N_("must be at least {ge}, got {input}"),
    "less_than_equal": N_("must be at most {le}, got {input}"),
    "greater_than": N_("must be more than {gt}, got {input}"),
    "less_than": N_("must be less than {lt}, got {input}"),
    "value_error": N_("invalid value {input}"),
    "union_tag_invalid": N_("{tag} is not one of: {expected_tags}"),
    "union_tag_not_found": N_("the field {discriminator} is missing"),
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


#: the sentence for a value that breaks a known ``pattern`` (the generic one names the pattern)
PATTERN_MESSAGES: dict[str, str] = {
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$": N_("{input} is not a valid identifier (letters, digits, _ . - only)"),
    r"^[A-Z]{3}$": N_("{input} is not a currency code (three capital letters, like CNY)"),
}
NOT_ONE_OF = N_("{input} is not one of: {expected}")
TOO_SHORT_TEXT = N_("must be at least {min_length} characters long")
_ALTERNATION = re.compile(r"^\^\(([\w\-]+(?:\|[\w\-]+)+)\)\$$")  # ^(a|b|c)$


def join_or(items: Iterable[object]) -> str:
    """``a、b 或 c`` / ``a, b or c`` — the alternatives in the current language."""
    return _join([str(i) for i in items], N_("{items} or {last}"))


def join_and(items: Iterable[object]) -> str:
    """``a、b 和 c`` / ``a, b and c`` — a list in the current language."""
    return _join([str(i) for i in items], N_("{items} and {last}"))


def _join(items: list[str], pair: str) -> str:
    if len(items) < 2:
        return "".join(items)
    sep = "、" if get_language() == "zh" else ", "
    return _(pair, items=sep.join(items[:-1]), last=items[-1])


def _template(problem: Problem) -> tuple[str | None, dict[str, Any]]:
    """The message id for the problem and the params that fill it, in the current language."""
    params: dict[str, Any] = dict(problem.params)
    template = MESSAGES.get(problem.code)
    choices = params.get("choices")
    if problem.code == "string_pattern_mismatch":
        pattern = str(params.get("pattern", ""))
        alternation = _ALTERNATION.match(pattern)
        if alternation:
            choices = alternation.group(1).split("|")
            template = NOT_ONE_OF
        else:
            template = PATTERN_MESSAGES.get(pattern, template)
    elif problem.code == "string_too_short" and str(params.get("min_length", 1)) != "1":
        template = TOO_SHORT_TEXT
    if isinstance(choices, list | tuple) and choices:
        params["expected"] = join_or(choices)
    return template, params


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def describe(problem: Problem) -> str:
    """The problem as one sentence in the current language (without its location)."""
    template, params = _template(problem)
    default = str(problem.params.get("default") or problem.code)
    if template is None or not _fields(template) <= params.keys():
        return default
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
