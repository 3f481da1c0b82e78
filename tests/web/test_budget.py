"""The budget page: funnel forecast, and the optimiser as a background job whose mix can be accepted."""

from __future__ import annotations

import re
import time

from aeflow.services import jobs, projects

from .conftest import B, Env, csrf_of


def _run_optimiser(env: Env, c, token: str) -> jobs.Job:  # type: ignore[no-untyped-def]
    r = c.post(f"/p/{B}/budget/optimise", data={"csrf_token": token, "objective": "revenue"},
               headers={"HX-Request": "true"})
    assert r.status_code == 200 and "job-" in r.text
    job = jobs.project_jobs(env.db, B)[0]
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return jobs.get_job(env.db, job.id)


def test_the_budget_page_shows_the_funnel_forecast(env: Env) -> None:
    page = env.client("other").get(f"/p/{B}/budget").text
    assert 'id="funnel-data"' in page and "P50" in page
    assert "点击率 &gt;= 1.5%" in page  # a rate target as a percentage, not 0.02; the metric by its name
    assert "广告支出回报 ROAS &gt;= 2.50x" in page and "ctr &gt;=" not in page
    assert not re.search(r"\d\.\d\d[万亿]", page), re.findall(r"[\d,.]+[万亿]", page)  # at most one decimal in 万
    lines = page[page.index("<tbody>", page.index("budget-chart")):]
    assert "<td>抖音</td>" in lines and "<td>douyin</td>" not in page  # channels by their labels
    assert '<option value="douyin">抖音</option>' in page  # the channel-lost choice too


def test_the_optimiser_runs_as_a_job_and_its_mix_is_accepted_as_a_new_version(env: Env) -> None:
    c = env.client("other")  # lead of B
    token = csrf_of(c, "/")
    job = _run_optimiser(env, c, token)
    assert job.status == "done", job.message
    assert job.result and job.result["rows"] and job.result["total"] > 0
    page = c.get(f"/p/{B}/budget/optimise/{job.id}")
    assert page.status_code == 200 and "accept" in page.text
    assert job.result["plan_funnel"] and "漏斗预测" in page.text  # the funnel's figure beside the curves'
    assert "<td>抖音</td>" in page.text and "<td>douyin</td>" not in page.text
    before, version = projects.load(env.db, B)
    r = c.post(f"/p/{B}/budget/optimise/{job.id}/accept", data={"csrf_token": token, "version": str(version)},
               follow_redirects=False)
    assert r.status_code == 303
    after, new_version = projects.load(env.db, B)
    assert new_version == version + 1 and projects.history(env.db, B)[-1].author == "other"
    assert after.budget.planned == before.budget.planned  # same total, other mix
    again = c.post(f"/p/{B}/budget/optimise/{job.id}/accept", data={"csrf_token": token, "version": str(version)})
    assert again.status_code == 409  # the optimisation was made on an older version


def test_a_scenario_cuts_the_budget_and_drops_a_channel(env: Env) -> None:
    c = env.client("other")
    token = csrf_of(c, "/")
    p, _v = projects.load(env.db, B)
    lost = min({line.channel for line in p.budget.lines})
    r = c.post(f"/p/{B}/budget/optimise", data={"csrf_token": token, "objective": "revenue", "budget_cut": "20",
                                                "lost": lost, "period": "双11", "inflation": "30"},
               headers={"HX-Request": "true"})
    assert r.status_code == 200
    job = jobs.project_jobs(env.db, B)[0]
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    done = jobs.get_job(env.db, job.id)
    assert done.status == "done", done.message
    assert done.result and done.result["scenario"]["lost"] == lost
    assert all(r["optimised"] == 0 for r in done.result["rows"] if r["channel"] == lost)
    from aeflow.engines.budget import mix

    held = sum(p.floor for p in mix.channel_plans(projects.load(env.db, B)[0]) if p.channel != lost)
    spend = sum(r["optimised"] for r in done.result["rows"])
    assert spend <= max(0.8 * sum(r["plan"] for r in done.result["rows"]), held) + 1  # committed money is not cut
    page = c.get(f"/p/{B}/budget/optimise/{job.id}").text
    assert "双11" in page
    if spend > 0.8 * sum(r["plan"] for r in done.result["rows"]) + 1:  # the demo has ordered nearly everything
        assert done.result["notes"] and done.result["notes"][0] in page
    assert done.result["held"] and "已签合同" in page  # each held line says why
    bad = c.post(f"/p/{B}/budget/optimise", data={"csrf_token": token, "budget_cut": "120"})
    assert bad.status_code == 422
