"""The history's field diff: records matched by id, other lists as values, nothing missed."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_strategies import projects

from aeflow.domain.diff import Change, diff
from aeflow.domain.project import Project

_TOKEN = re.compile(r"\[id=([^\]]+)\]|\[order\]|\.?([^.\[]+)")


def _tokens(path: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(path):
        if m.group(0) == "[order]":
            out.append(("order", ""))
        elif m.group(1) is not None:
            out.append(("id", m.group(1)))
        else:
            out.append(("key", m.group(2)))
    return out


def _apply(document: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """Apply changes to a copy (record lists come out in any order and a key missing on one side reads
    as None; see :func:`_normal`)."""
    out = copy.deepcopy(document)
    for change in changes:
        *parents, (kind, name) = _tokens(change.path)
        node: Any = out
        for pkind, pname in parents:
            node = node[pname] if pkind == "key" else next(r for r in node if str(r["id"]) == pname)
        if kind == "order":
            continue
        if kind == "key":
            node[name] = copy.deepcopy(change.new)
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
