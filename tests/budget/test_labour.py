"""Agency labour: costing hours by role, burn against the fee, alerts, per-client roll-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.engines.budget.labour import client_rollup, labour, ratecard_from_data
from aeflow.errors import Invalid
from aeflow.services import labour as labour_service
from aeflow.services import projects
from aeflow.storage.yamlfile import load_project_file

DEMO = Path(__file__).resolve().parents[2] / "examples" / "launch-l3.yaml"
CARD = ratecard_from_data({"roles": {"ae": 100, "media": 50, "creative": 200}, "clients": {"qingyu": {"ae": 80}}})


def test_costs_follow_estimated_and_logged_hours() -> None:
    p = load_project_file(DEMO)
    rep = labour(p, CARD)
    ae = next(r for r in rep.roles if r.role == "ae")
    est = sum(w.estimated_hours or 0 for w in p.work_items if w.role.value == "ae")
    logged = sum(w.logged_hours for w in p.work_items if w.role.value == "ae")
    rate = CARD.rate("ae", p.client.id)
    assert ae.planned == pytest.approx(est * rate) and ae.actual == pytest.approx(logged * rate)
    assert rep.planned == pytest.approx(sum(r.planned for r in rep.roles))


def test_client_rates_override_the_agency_card() -> None:
    assert CARD.rate("ae", "qingyu") == 80 and CARD.rate("ae", "other") == 100 and CARD.rate("legal") == 0


def test_over_burn_is_an_alert() -> None:
    p = load_project_file(DEMO)
    cheap = p.model_copy(update={"budget": p.budget.model_copy(update={"agency_fee": 1})})
    rep = labour(cheap, CARD)
    assert rep.burn is not None and rep.burn > 1
    assert any(a.code == "labour_over_fee" for a in rep.alerts)
    rich = p.model_copy(update={"budget": p.budget.model_copy(update={"agency_fee": 10**8})})
    assert not any(a.code in ("labour_over_fee", "labour_plan_over_fee") for a in labour(rich, CARD).alerts)


def test_bad_rate_card_names_the_role() -> None:
    with pytest.raises(Invalid) as err:
        ratecard_from_data({"roles": {"boss": 100, "ae": -1}})
    text = " ".join(p.params["default"] for p in err.value.problems)
    assert "boss" in text and "ae" in text


def test_client_rollup_adds_projects(db) -> None:  # type: ignore[no-untyped-def]
    p = load_project_file(DEMO)
    second = p.model_copy(update={"id": p.id + "-b"})
    for proj in (p, second):
        projects.import_project(db, proj, author="test")
    hours = labour_service.client_hours(db, p.client.id, CARD)
    single = client_rollup(p.client.id, [p], CARD)
    assert sorted(hours.projects) == sorted([p.id, second.id])
    assert hours.hours["ae"] == pytest.approx(2 * single.hours["ae"])


def test_cli_labour_json_and_exit_code() -> None:
    out = CliRunner().invoke(app, ["--lang", "en", "budget", "labour", str(DEMO), "--format", "json"])
    data = json.loads(out.stdout)
    assert {"planned", "actual", "burn", "roles", "alerts", "costs"} <= set(data)
    assert out.exit_code == (1 if any(a["code"] != "labour_no_fee" for a in data["alerts"]) else 0)


def test_cli_fit_writes_a_curves_file_the_optimiser_reads(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    rows = ["date,channel,spend,outcome"]
    for d in range(1, 41):
        x = float(rng.uniform(5e3, 4e4))
        rows.append(f"2026-07-{d:02d},douyin,{x:.2f},{9e4 * x**1.5 / (x**1.5 + 2e4**1.5):.2f}" if d <= 31 else
                    f"2026-08-{d - 31:02d},douyin,{x:.2f},{9e4 * x**1.5 / (x**1.5 + 2e4**1.5):.2f}")
    hist = tmp_path / "h.csv"
    hist.write_text("\n".join(rows) + "\n", encoding="utf-8")
    curves = tmp_path / "curves.csv"
    out = CliRunner().invoke(app, ["budget", "fit", str(hist), "--out", str(curves), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["douyin"]["r2"] > 0.99
    res = CliRunner().invoke(app, ["budget", "optimize", str(DEMO), "--curves", str(curves), "--format", "json"])
    assert res.exit_code == 0, res.output
