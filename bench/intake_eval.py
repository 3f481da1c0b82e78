"""Precision and recall of ``aeflow intake`` over the hand-labelled notes in tests/intake/fixtures.

Facts compared (extracted vs expected, each a tuple): the budget (amount, currency, approximate),
launch date, kickoff, deadline, proposal due date, duration in days, each KPI (metric, target,
unit, comparison, deadline), each channel, the campaign type, each constraint code and each
stakeholder (name, decision maker). Micro-averaged over all notes; the last line prints both.

    .venv/bin/python bench/intake_eval.py [-v]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "intake" / "fixtures"


def _num(x: Any) -> Any:
    return round(float(x), 6) if isinstance(x, (int, float)) and not isinstance(x, bool) else x


def facts(data: dict[str, Any]) -> set[tuple[Any, ...]]:
    """The comparable facts of an expectation file or of ``IntakeResult.as_json()``."""
    out: set[tuple[Any, ...]] = set()
    b = data.get("budget")
    if b:
        out.add(("budget", _num(b["amount"]), b["currency"], bool(b["approximate"])))
    for key in ("launch_date", "kickoff", "deadline", "proposal_due", "duration_days"):
        if data.get(key) is not None:
            out.add((key, data[key]))
    for k in data.get("kpis", []):
        out.add(("kpi", k["metric"], _num(k["target"]), k["unit"], k["comparison"], k.get("deadline")))
    out.update(("channel", c) for c in data.get("channels", []))
    if data.get("campaign_type"):
        out.add(("campaign_type", data["campaign_type"]))
    for c in data.get("constraints", []):
        out.add(("constraint", c if isinstance(c, str) else c["code"]))
    for s in data.get("stakeholders", []):
        out.add(("stakeholder", s["name"], bool(s["decision_maker"])))
    return out


def evaluate(verbose: bool = False, prefix: str = "") -> tuple[float, float, int, int, int]:
    from aeflow.services.intake import intake

    tp = n_got = n_exp = 0
    for expected_file in sorted(FIXTURES.glob(f"{prefix}*.json")):
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        result = intake(expected_file.with_suffix(".txt"), dt.date.fromisoformat(expected["ref_date"]))
        got, exp = facts(result.as_json()), facts(expected)
        tp += len(got & exp)
        n_got += len(got)
        n_exp += len(exp)
        if verbose and got != exp:
            print(f"{expected_file.stem}:")
            for f in sorted(exp - got, key=str):
                print("   missed  ", f)
            for f in sorted(got - exp, key=str):
                print("   spurious", f)
    precision = tp / n_got if n_got else 1.0
    recall = tp / n_exp if n_exp else 1.0
    return precision, recall, tp, n_got, n_exp


def main() -> None:
    precision, recall, tp, n_got, n_exp = evaluate("-v" in sys.argv)
    notes = len(list(FIXTURES.glob("*.json")))
    print(f"notes: {notes}  facts expected: {n_exp}  extracted: {n_got}  correct: {tp}")
    print(f"precision {precision:.3f} recall {recall:.3f}")


if __name__ == "__main__":
    main()
