"""Budget use cases: read an allocation problem file and solve it.

The problem file (JSON) is the optimiser's own input, usable without a project::

    {"total": 1000000,
     "channels": [{"name": "douyin", "curve": {"type": "hill", "beta": 3e6, "k": 4e5, "s": 2.2},
                   "min": 0, "max": 600000, "committed": 0, "locked": false, "amount": null}],
     "groups": [{"name": "kol", "channels": ["xhs_kol", "douyin_kol"], "max_share": 0.3}]}

Only ``total`` and each channel's ``name`` and ``curve`` are required.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from aeflow.domain.common import NonEmpty, Record
from aeflow.domain.validation import problems_from_error
from aeflow.engines.budget.curves import HillCurve
from aeflow.engines.budget.optimiser import Allocation, optimise
from aeflow.engines.budget.problem import AllocationProblem, Channel, GroupCap, check
from aeflow.errors import Invalid, NotFound, Problem
from aeflow.i18n import _


class CurveSpec(Record):
    type: Literal["hill"] = "hill"
    beta: float = Field(gt=0, description="saturation: the most the channel can return")
    k: float = Field(gt=0, description="half-saturation spend")
    s: float = Field(gt=0, description="shape: <= 1 concave, > 1 S-shaped")


class ChannelSpec(Record):
    name: NonEmpty
    curve: CurveSpec
    min: float = 0.0
    max: float | None = None
    committed: float = 0.0
    locked: bool = False
    amount: float | None = None


class GroupSpec(Record):
    name: NonEmpty
    channels: list[NonEmpty]
    max: float | None = None
    max_share: float | None = None


class ProblemSpec(Record):
    total: float
    channels: list[ChannelSpec] = Field(min_length=1)
    groups: list[GroupSpec] = Field(default_factory=list)


def problem_from_data(data: Any, filename: str | None = None) -> AllocationProblem:
    """Validate plain data into an :class:`AllocationProblem`; every problem is reported at once."""
    try:
        spec = ProblemSpec.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(p.path, p.code, p.params, file=filename) for p in problems_from_error(exc)]
        raise Invalid(_("the budget problem file has {count} problem(s)", count=len(problems)), problems) from None
    problem = AllocationProblem(
        total=spec.total,
        channels=tuple(Channel(
            name=c.name, curve=HillCurve(c.curve.beta, c.curve.k, c.curve.s), min=c.min,
            max=math.inf if c.max is None else c.max, committed=c.committed, locked=c.locked, amount=c.amount,
        ) for c in spec.channels),
        groups=tuple(GroupCap(name=g.name, channels=tuple(g.channels), max=g.max, max_share=g.max_share)
                     for g in spec.groups),
    )
    try:
        check(problem)
    except Invalid as exc:
        raise Invalid(exc.message, [Problem(p.path, p.code, p.params, file=filename) for p in exc.problems]) from None
    return problem


def load_problem(path: Path) -> AllocationProblem:
    """Read a problem file (JSON, UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=str(path)), file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(_("{path}: the file cannot be read: {reason}", path=str(path), reason=str(exc))) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(_("{path}:{line}: not valid JSON: {reason}", path=str(path), line=exc.lineno,
                        reason=exc.msg)) from None
    return problem_from_data(data, str(path))


def solve(problem: AllocationProblem, *, gap_tol: float = 1e-6) -> Allocation:
    return optimise(problem, gap_tol=gap_tol)
