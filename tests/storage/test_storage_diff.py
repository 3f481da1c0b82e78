"""The history's field diff: records matched by id, rows without ids by position, other lists as
values, numbers by value, nothing missed."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_strategies import projects

from aeflow.domain.diff import Change, diff, same_number
from aeflow.domain.project import Project

_TOKEN = re.compile(r"\[id=([^\]]+)\]|\[order\]|\[(\d+)\]|\.?([^.\[]+)")


def _tokens(path: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(path):
        if m.group(0) == "[order]":
            out.append(("order", ""))
        elif m.group(1) is not None:
            out.append(("id", m.group(1)))
        elif m.group(2) is not None:
            out.append(("at", m.group(2)))
        else:
            out.append(("key", m.group(3)))
    return out


def _child(node: Any, kind: str, name: str) -> Any:
    if kind == "key":
        return node[name]
    if kind == "at":
        return node[int(name)]
    return next(r for r in node if str(r["id"]) == name)


def _apply(document: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """Apply changes to a copy (record lists come out in any order and a key missing on one side reads
    as None; see :func:`_normal`)."""
    out = copy.deepcopy(document)
    for change in changes:
        *parents, (kind, name) = _tokens(change.path)
        node: Any = out
        for pkind, pname in parents:
            node = _child(node, pkind, pname)
        if kind == "order":
            continue
        if kind == "key":
            node[name] = copy.deepcopy(change.new)
        elif kind == "at":  # a row by position (in a list edited in place)
            node[int(name)] = copy.deepcopy(change.new)
        elif change.new is None:
            node[:] = [r for r in node if str(r["id"]) != name]
        else:
            node.append(copy.deepcopy(change.new))
    return out


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        items = [_normal(v) for v in value]
        if items and all(isinstance(v, dict) and "id" in v for v in items):
            return sorted(items, key=lambda v: str(v["id"]))
        return items
    return value


def test_records_are_matched_by_id() -> None:
    old = {"work_items": [{"id": "W1", "status": "planned", "title": "a"}, {"id": "W2", "status": "planned"}]}
    new = {"work_items": [{"id": "W2", "status": "done"}, {"id": "W3", "status": "planned"}]}
    assert diff(old, new) == [
        Change("work_items[id=W1]", {"id": "W1", "status": "planned", "title": "a"}, None),
        Change("work_items[id=W2].status", "planned", "done"),
        Change("work_items[id=W3]", None, {"id": "W3", "status": "planned"}),
    ]


def test_a_new_order_of_the_same_records_is_one_change() -> None:
    old = {"risks": [{"id": "R1"}, {"id": "R2"}, {"id": "R3"}]}
    new = {"risks": [{"id": "R3"}, {"id": "R1"}, {"id": "R2"}]}
    assert diff(old, new) == [Change("risks[order]", ["R1", "R2", "R3"], ["R3", "R1", "R2"])]


def test_other_lists_and_nested_mappings() -> None:
    old = {
        "channels": ["抖音", "小红书"],
        "client": {"name": "叶子", "stakeholders": [{"name": "A"}]},
        "n": 1,
    }
    new = {
        "channels": ["小红书", "抖音"],
        "client": {"name": "叶子饮品", "stakeholders": [{"name": "A"}]},
        "n": True,
        "extra": 0,
    }
    assert diff(old, new) == [
        Change("channels", ["抖音", "小红书"], ["小红书", "抖音"]),
        Change("client.name", "叶子", "叶子饮品"),
        Change("n", 1, True),
        Change("extra", None, 0),
    ]


def test_rows_without_ids_edited_in_place_are_compared_field_by_field() -> None:
    phases = [{"name": f"阶段{i}", "start": "2026-09-01", "focus": ""} for i in range(5)]
    old = {"proposal": {"timeline": phases}}
    renamed = copy.deepcopy(phases)
    renamed[3]["name"] = "引爆期"
    renamed[4]["focus"] = "复购"
    assert diff(old, {"proposal": {"timeline": renamed}}) == [
        Change("proposal.timeline[3].name", "阶段3", "引爆期"),
        Change("proposal.timeline[4].focus", "", "复购"),
    ]
    # a row added or removed: positions name other rows now, so the list is one value
    assert diff(old, {"proposal": {"timeline": phases[1:]}}) == [
        Change("proposal.timeline", phases, phases[1:])
    ]
    grown = [*phases, {"name": "返场"}]
    assert diff(old, {"proposal": {"timeline": grown}}) == [Change("proposal.timeline", phases, grown)]


def test_numbers_of_equal_value_are_no_change_whatever_their_type() -> None:
    old = {"roi": 0.94, "roas": 2.52, "n": 3, "fee": Decimal("1000.00"), "flag": 1, "code": 1}
    new = {"roi": Decimal("0.94"), "roas": 2.52, "n": 3.0, "fee": 1000, "flag": True, "code": "1"}
    assert diff(old, new) == [Change("flag", 1, True), Change("code", 1, "1")]
    assert diff({"x": [1, 2.5]}, {"x": [1.0, Decimal("2.50")]}) == []
    assert diff({"x": 0.1 + 0.2}, {"x": Decimal("0.3")}) == [Change("x", 0.1 + 0.2, Decimal("0.3"))]


_numbers = (
    st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.decimals(allow_nan=False, places=4, min_value=-(10**6), max_value=10**6)
    | st.decimals(allow_nan=False, min_value=Decimal("-1E+40"), max_value=Decimal("1E+40"))
    | st.sampled_from([Decimal("Infinity"), Decimal("-Infinity"), Decimal("-0"), Decimal("1E-30")])
)


def _as(value: Any, kind: str) -> Any:
    """The same value written as another numeric type (``None`` if that type cannot hold it exactly)."""
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if kind == "float":
        f = float(d)
        return f if Decimal(repr(f)) == d else None
    if kind == "int":
        return int(d) if d.is_finite() and d == d.to_integral_value() else None
    return d


@given(_numbers, _numbers)
def test_numbers_compare_by_value_and_never_equal_a_bool_or_text(a: Any, b: Any) -> None:
    def value(x: Any) -> Decimal:
        return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)

    assert same_number(a, b) == (value(a) == value(b))
    assert (diff({"v": a}, {"v": b}) == []) == same_number(a, b)
    for kind in ("int", "float", "decimal"):
        other = _as(a, kind)
        if other is not None:
            assert diff({"v": a}, {"v": other}) == [] and diff({"v": [a]}, {"v": [other]}) == []
    for odd in (True, False, str(a), repr(a), None):
        assert not same_number(a, odd) and diff({"v": a}, {"v": odd}) == [Change("v", a, odd)]


def test_bools_and_text_are_not_numbers() -> None:
    assert not same_number(True, 1) and not same_number(0, False) and not same_number("1", 1)
    assert not same_number(float("nan"), float("nan")) and not same_number(Decimal("NaN"), Decimal("NaN"))
    assert same_number(True, True) is False  # bools compare as themselves, not as numbers
    assert diff({"b": True}, {"b": True}) == []


def test_nested_records_have_nested_paths() -> None:
    old = {"cadence": [{"id": "C1", "records": [{"id": "M1", "notes": ""}]}]}
    new = {"cadence": [{"id": "C1", "records": [{"id": "M1", "notes": "客户确认"}]}]}
    assert diff(old, new) == [Change("cadence[id=C1].records[id=M1].notes", "", "客户确认")]


def test_changes_round_trip_through_plain_data() -> None:
    change = Change("budget.lines[id=B1].planned", "1.00", "2.50")
    assert Change.from_plain(change.to_plain()) == change


_keys = st.text(st.sampled_from("abcxyz_"), min_size=1, max_size=3)
_scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=3) | st.floats(allow_nan=False)
_trees = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(_keys, children, max_size=3)
        | st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(["A", "B", "C.1"]), "v": children}),
            max_size=3,
            unique_by=lambda r: r["id"],
        )
    ),
    max_leaves=12,
)


@given(st.dictionaries(_keys, _trees, max_size=4), st.dictionaries(_keys, _trees, max_size=4))
def test_diff_is_empty_exactly_for_equal_documents_and_misses_nothing(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    changes = diff(old, new)
    assert diff(old, old) == [] and diff(new, new) == []
    if not changes:
        assert _normal(old) == _normal(new)
    assert len({c.path for c in changes}) == len(changes)
    assert _normal(_apply(old, changes)) == _normal(new)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(projects(), projects())
def test_diff_of_two_projects_misses_nothing(a: Project, b: Project) -> None:
    old, new = a.model_dump(mode="json"), b.model_dump(mode="json")
    changes = diff(old, new)
    assert all(not c.path.startswith("[") for c in changes)
    assert _normal(_apply(old, changes)) == _normal(new)
