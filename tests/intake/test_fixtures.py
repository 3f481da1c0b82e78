"""The hand-labelled notes in fixtures/: every extracted field against its label.

Each ``NAME.json`` holds the expected extraction of ``NAME.txt`` (the files named ``h*`` were
labelled before the parser first saw them). A field listed under ``known_gaps`` is a documented
miss: the test then checks that it still differs, so a fix shows up as a failure to update the label.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from aeflow.services.intake import intake

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.stem for p in FIXTURES.glob("*.json"))
FIELDS = ("budget", "launch_date", "kickoff", "deadline", "proposal_due", "duration_days", "kpis", "channels",
          "campaign_type", "constraints", "stakeholders")


def _load(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    result = intake(FIXTURES / f"{name}.txt", dt.date.fromisoformat(expected["ref_date"]))
    return expected, result.as_json()


def _project(field: str, got: dict[str, Any], expected: Any) -> Any:
    """The part of the extraction the label speaks about (labels may omit optional keys)."""
    value = got[field]
    if field == "budget" and value is not None and expected is not None:
        return {k: value.get(k) for k in expected}
    if field == "kpis":
        keys = [list(e) for e in expected] if expected else []
        out = []
        for i, k in enumerate(value):
            wanted = keys[i] if i < len(keys) else ["metric", "target", "unit", "comparison", "deadline"]
            out.append({key: k.get(key) for key in wanted})
        return out
    if field == "constraints":
        return sorted({c["code"] for c in value})
    if field == "stakeholders":
        return [{"name": s["name"], "decision_maker": s["decision_maker"]} for s in value]
    return value


def _normalise(field: str, value: Any) -> Any:
    if field == "constraints":
        return sorted(value)
    if field == "channels":
        return sorted(value)
    if field in ("kpis", "stakeholders"):
        return sorted(json.dumps(v, sort_keys=True) for v in value)
    return value


def test_there_are_enough_labelled_notes() -> None:
    assert len(CASES) >= 30
    assert any(c.startswith("h") for c in CASES)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("field", FIELDS)
def test_field(name: str, field: str) -> None:
    expected, got = _load(name)
    want = expected[field]
    have = _normalise(field, _project(field, got, want))
    want = _normalise(field, want)
    gap = expected.get("known_gaps", {}).get(field)
    if gap:
        assert have != want, f"{name}.{field} is now right: remove it from known_gaps ({gap})"
        pytest.xfail(gap)
    assert have == want


@pytest.mark.parametrize("name", CASES)
def test_open_questions(name: str) -> None:
    expected, got = _load(name)
    codes = {q["code"] for q in got["open_questions"]}
    missing = set(expected["open_questions"]["include"]) - codes
    unwanted = set(expected["open_questions"]["exclude"]) & codes
    assert not missing and not unwanted, {"missing": missing, "unwanted": unwanted, "got": sorted(codes)}
