"""The review page: level-3 readiness with tips, the pitfall check and the trace matrix."""

from __future__ import annotations

from .conftest import A, B, Env


def test_level1_project_shows_its_readiness_gaps_with_links(env: Env) -> None:
    page = env.client("lead").get(f"/p/{A}/review")
    assert page.status_code == 200, page.text
    html = page.text
    assert "三级就绪度" in html and "受众洞察" in html
    assert f'href="/p/{A}/stages/insight"' in html  # the gap links to the section that closes it
    assert "需求 → 执行 → 效果" in html


def test_level3_demo_is_clean_and_its_chain_holds(env: Env) -> None:
    html = env.client("admin").get(f"/p/{B}/review").text
    assert 'class="row-error"' not in html  # the L3 demo passes the pitfall check with no errors
    assert "链路完整，没有断点" in html
    assert "KPI 没有对应的工作项" not in html


def test_client_role_cannot_open_the_review(env: Env) -> None:
    r = env.client("client").get(f"/p/{A}/review", follow_redirects=False)
    assert r.status_code in (303, 403, 404)
