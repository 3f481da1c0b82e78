"""Every validation problem a project file can raise reads as a sentence in both languages.

Bad values are put into the real models (the demo's level-3 project and the domain records), so each
pydantic error type with its real context (``ge`` as a ``Decimal``, ``le`` as a float, an enum's
expected values …) reaches :func:`aeflow.messages.describe`. A message that names a parameter the
context does not give, or an error type with no sentence, shows up here as pydantic's English text.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from aeflow.domain.budget import Budget, BudgetLine
from aeflow.domain.cadence import CadenceItem
from aeflow.domain.common import Level
from aeflow.domain.project import TeamMember
from aeflow.domain.validation import parse_project, problems_from_error
from aeflow.errors import Invalid, Problem
from aeflow.i18n import language
from aeflow.messages import describe, join_and, join_or
from aeflow.storage.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def problems(model: type[BaseModel], data: Any) -> list[Problem]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return problems_from_error(info.value)


def assert_readable(problem: Problem) -> tuple[str, str]:
    """The problem's sentence in zh and en: every placeholder filled, and not pydantic's English fallback."""
    with language("en"):
        en = describe(problem)
    with language("zh"):
        zh = describe(problem)
    for text in (en, zh):
        filled = text.replace(str(problem.params.get("input", "")), "")
        assert not re.search(r"\{\w*\}", filled), (problem, text)
        assert text != problem.code
    # pydantic's own text (the fallback) is English: a Chinese sentence means ours was used and filled
    assert zh != problem.params.get("default") and CJK.search(zh), f"no sentence for {problem.code}: {problem.params}"
    return en, zh


def member(**kw: Any) -> dict[str, Any]:
    return {"name": "王敏", "role": "ae", **kw}


def line(**kw: Any) -> dict[str, Any]:
    return {"id": "B1", "channel": "douyin", **kw}


# (model, data, pydantic error type, text in the English sentence, text in the Chinese sentence)
CASES: list[tuple[type[BaseModel], Any, str, str, str]] = [
    (Budget, {"total": -5}, "greater_than_equal", "must be at least 0, got -5", "不能小于 0"),
    (Budget, {"total": "1.234"}, "decimal_max_places", "at most 2 decimal places", "最多保留 2 位小数"),
    (Budget, {"total": 10**17}, "decimal_whole_digits", "at most 16 digits before", "16 位"),
    (Budget, {"total": "12345678901234567.891"}, "decimal_max_digits", "at most 18 digits", "18 位"),
    (Budget, {"total": "abc"}, "decimal_parsing", "expected an amount of money, got abc", "金额"),
    (Budget, {"total": [1]}, "decimal_type", "expected an amount of money", "金额"),
    (Budget, {"total": float("inf")}, "finite_number", "finite number, got inf", "有限"),
    (Budget, {"lines": [line(planned=-1)]}, "greater_than_equal", "must be at least 0, got -1", "不能小于 0"),
    (Budget, {"lines": {"B1": 1}}, "list_type", "expected a list", "列表"),
    (Budget, {"lines": [line(category="tv")]}, "enum", "tv is not one of: media, kol, production", "不在可选值中"),
    (TeamMember, member(weekly_capacity_hours=200), "less_than_equal", "must be at most 168, got 200",
     "不能大于 168"),
    (TeamMember, member(weekly_capacity_hours=-1), "greater_than_equal", "must be at least 0, got -1", "不能小于 0"),
    (TeamMember, member(weekly_capacity_hours="很多"), "float_parsing", "expected a number, got 很多", "数字"),
    (TeamMember, member(side="partner"), "string_pattern_mismatch", "partner is not one of: agency, client or vendor",
     "agency、client 或 vendor"),
    (TeamMember, member(role="pm"), "enum", "pm is not one of: ae, creative", "不在可选值中"),
    (TeamMember, member(name="  "), "string_too_short", "must not be empty", "不能为空"),
    (TeamMember, member(email=["a"]), "string_type", "expected text", "文本"),
    (TeamMember, member(nickname="x"), "extra_forbidden", "is not a known field", "不是已知字段"),
    (TeamMember, {"role": "ae"}, "missing", "is required", "必填"),
    (BudgetLine, line(id="b 1"), "string_pattern_mismatch", "b 1 is not a valid identifier", "不是有效的编号"),
    (BudgetLine, line(contract_signed="maybe"), "bool_parsing", "expected true or false, got maybe", "true 或 false"),
    (CadenceItem, {"id": "C1", "meeting": "周会", "frequency": "FREQ=WEEKLY", "duration_minutes": 1},
     "greater_than_equal", "must be at least 5, got 1", "不能小于 5"),
    (CadenceItem, {"id": "C1", "meeting": "周会", "frequency": "FREQ=WEEKLY", "duration_minutes": 1.5},
     "int_from_float", "expected a whole number, got 1.5", "整数"),
    (CadenceItem, {"id": "C1", "meeting": "周会", "frequency": "FREQ=WEEKLY", "time": "25:00"},
     "time_parsing", "expected a time like 10:00", "时间"),
]


@pytest.mark.parametrize(("model", "data", "kind", "en", "zh"), CASES,
                         ids=[f"{c[0].__name__}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_each_error_kind_of_the_real_models_reads_as_a_sentence(
        model: type[BaseModel], data: Any, kind: str, en: str, zh: str) -> None:
    found = [p for p in problems(model, data) if p.code == kind]
    assert found, problems(model, data)
    en_text, zh_text = assert_readable(found[0])
    assert en in en_text
    assert zh in zh_text


class Constraints(BaseModel):
    """The constraint kinds no domain field uses today, so that a field added tomorrow is covered."""

    short: Annotated[str, Field(max_length=3)] = ""
    code: Annotated[str, Field(min_length=2)] = "ab"
    pattern: Annotated[str, Field(pattern=r"^\d+$")] = "1"
    tags: Annotated[list[str], Field(min_length=1, max_length=2)] = ["a"]
    step: Annotated[int, Field(multiple_of=5, gt=0, lt=100)] = 5
    kind: Literal["a", "b", "c"] = "a"
    level: Level = Level.L1
    rate: Annotated[Decimal, Field(gt=Decimal("0.5"), le=Decimal("99.5"))] = Decimal(1)


CONSTRAINT_CASES = [
    ({"short": "abcd"}, "string_too_long", "at most 3 characters", "3 个字符"),
    ({"code": "a"}, "string_too_short", "at least 2 characters", "2 个字符"),
    ({"pattern": "x"}, "string_pattern_mismatch", "does not have the expected form", "格式"),
    ({"tags": []}, "too_short", "at least 1 item(s), got 0", "至少 1 项"),
    ({"tags": ["a", "b", "c"]}, "too_long", "at most 2 item(s), got 3", "最多 2 项"),
    ({"step": 7}, "multiple_of", "multiple of 5, got 7", "5 的倍数"),
    ({"step": 0}, "greater_than", "must be more than 0, got 0", "必须大于 0"),
    ({"step": 100}, "less_than", "must be less than 100, got 100", "必须小于 100"),
    ({"kind": "d"}, "literal_error", "d is not one of: a, b or c", "a、b 或 c"),
    ({"level": 2}, "enum", "2 is not one of: 1 or 3", "1 或 3"),
    ({"rate": "0.5"}, "greater_than", "must be more than 0.5", "必须大于 0.5"),
    ({"rate": 100}, "less_than_equal", "must be at most 99.5", "不能大于 99.5"),
]


@pytest.mark.parametrize(("data", "kind", "en", "zh"), CONSTRAINT_CASES, ids=[c[1] for c in CONSTRAINT_CASES])
def test_every_constraint_kind_has_its_parameters(data: dict[str, Any], kind: str, en: str, zh: str) -> None:
    found = [p for p in problems(Constraints, data) if p.code == kind]
    assert found
    en_text, zh_text = assert_readable(found[0])
    assert en in en_text
    assert zh in zh_text


def test_alternatives_are_joined_in_the_users_language() -> None:
    with language("zh"):
        assert join_or(["1", "3"]) == "1 或 3"
        assert join_or(["a", "b", "c"]) == "a、b 或 c"
        assert join_and(["负责人", "截止日期"]) == "负责人和截止日期"
    with language("en"):
        assert join_or(["a", "b", "c"]) == "a, b or c"
        assert join_and(["x"]) == "x"


def test_describe_never_raises_on_params_it_cannot_fill() -> None:
    problem = Problem(("budget", "total"), "greater_than_equal", {"input": "-5", "default": "too small"})
    with language("zh"):
        assert describe(problem) == "too small"


# ---- property: any bad value anywhere in the demo's level-3 project -------------------------------
def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, path + (k,))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, path + (i,))] or [path]
    return [path]


L3, _LINES = read_yaml((ROOT / "examples" / "launch-l3.yaml").read_text(encoding="utf-8"))
LEAVES = _leaves(L3)

BAD_VALUES = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["2026-13-01", "25:00", "pm", "x y", "FREQ=NEVER", "-5", "1.234", "很多"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(LEAVES), value=BAD_VALUES)
def test_any_bad_value_in_a_real_project_reads_as_a_sentence(where: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(L3)
    node: Any = data
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    try:
        parse_project(data)
    except Invalid as exc:
        for problem in exc.problems:
            assert_readable(problem)


def test_a_negative_budget_in_the_demo_file_is_one_located_line(tmp_path: Path) -> None:
    """The tryout's case: ``budget: total: -5`` in a copy of the L1 demo."""
    from typer.testing import CliRunner

    from aeflow.cli.main import app

    text = (ROOT / "examples" / "launch-l1.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("budget:")
    at = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("total:"))
    lines[at] = "  total: -5"
    bad = tmp_path / "t2.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["--lang", "zh", "validate", str(bad)], catch_exceptions=False)
    assert res.exit_code == 1
    assert f"{bad}:{at + 1}: budget.total: 不能小于 0，实际为 -5" in res.stderr
    assert "Traceback" not in res.output
