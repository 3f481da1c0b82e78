"""Browser tests: Playwright for Python driving Debian's Chromium headless (never a browser download).

The app runs in uvicorn on a free local port inside the test process. Each test leaves a screenshot
under tests/artifacts/ for a reviewer. Without /usr/bin/chromium the tests are skipped — except with
CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aeflow.services import accounts, projects

from .conftest import PASSWORD, A, Env
from .test_share import internal_numbers

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package", pytrace=False)
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(env: Env) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(env.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        context.close()


def log_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_create_a_project_from_notes_and_walk_the_eight_stages(server: str, page: Page, env: Env) -> None:
    log_in(page, server, "lead")
    page.click("text=新建项目")
    page.fill("input[name=name]", "秋季新品上市")
    page.fill("input[name=client]", "青屿饮品")
    page.check("input[name=level][value='3']")
    page.fill("textarea[name=notes]", "客户希望国庆前全渠道曝光5000万，点击率1.5%，预算约300万。")
    page.click("text=创建项目")
    expect(page.locator("text=待向客户澄清的问题")).to_be_visible()  # the intake draft's open questions
    page.click("text=打开需求梳理")
    page.wait_for_url("**/stages/intake")
    pid = page.url.split("/p/")[1].split("/")[0]
    drafted = projects.load(env.db, pid)[0].brief
    assert any("5000万" in o.title for o in drafted.objectives), drafted.objectives
    # stage 1: write the pain points and save through htmx
    page.fill("textarea[name='brief.pain_points']", "秋冬季销量回落\n新口味认知不足")
    page.click("#stage-form button[type=submit]")
    expect(page.locator("#stage-form .alert.ok")).to_be_visible()
    for number in range(1, 8):
        page.click("form.advance button")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".stage-intro .eyebrow")).to_contain_text(f"第 {number + 1} 阶段")
    project, version = projects.load(env.db, pid)
    assert project.stage.value == "retrospective"
    assert project.brief.pain_points == ["秋冬季销量回落", "新口味认知不足"]
    assert {e.author for e in projects.history(env.db, pid)[1:]} == {"lead"}
    assert version >= 9


def test_inline_validation_shows_the_domain_message(server: str, page: Page, env: Env) -> None:
    log_in(page, server, "member")
    page.goto(f"{server}/p/{A}/stages/risk")
    cell = page.locator("input[name='risks[0].likelihood']")
    cell.fill("7")
    cell.dispatch_event("change")
    error = page.locator("#err-risks-0--likelihood")
    expect(error).to_contain_text("5")
    before = projects.load(env.db, A)[1]
    page.click("#stage-form button[type=submit]")
    expect(page.locator("#stage-form .alert.bad")).to_be_visible()
    assert projects.load(env.db, A)[1] == before


def test_risk_heatmap_and_plan_charts_render(server: str, page: Page) -> None:
    log_in(page, server, "lead")
    page.goto(f"{server}/p/{A}/plan")
    expect(page.locator("#gantt canvas").first).to_be_visible()
    page.goto(f"{server}/p/{A}/risks")
    heat = page.locator("#risk-heatmap canvas").first
    expect(heat).to_be_visible()
    box = heat.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200


def test_a_client_share_link_shows_no_internal_numbers(server: str, page: Page, browser: Browser, env: Env) -> None:
    log_in(page, server, "lead")
    page.goto(f"{server}/p/{A}/share")
    page.fill("input[name=label]", "客户市场部")
    page.click("text=生成链接")
    url = page.locator("li.fresh input.share-url").input_value()
    assert "/s/" in url
    client = browser.new_context(viewport={"width": 1200, "height": 900})
    shared = client.new_page()
    shared.goto(url)
    expect(shared.locator("h1")).to_contain_text(projects.load(env.db, A)[0].name)
    text = shared.content()
    leaked = [s for s in internal_numbers(env) if s in text]
    assert not leaked, leaked
    ARTIFACTS.mkdir(exist_ok=True)
    shared.screenshot(path=str(ARTIFACTS / "client_share_link_view.png"), full_page=True)
    client.close()
    link = accounts.share_links(env.db, A)[0]
    accounts.revoke_share_link(env.db, A, link.id)
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("过期")


def test_upload_an_export_see_a_fired_trigger_and_download_the_deck(server: str, page: Page, env: Env) -> None:
    from aeflow.services.demo import examples_dir

    log_in(page, server, "lead")
    data = examples_dir() / "data"
    for name in ("douyin_巨量引擎_日报.csv", "offline_快闪.csv", "tmall_万相台.csv"):
        page.goto(f"{server}/p/{A}/data")
        page.set_input_files("input[type=file]", str(data / name))
        page.click("text=检查文件")
        expect(page.locator("text=预览")).to_be_visible()
        page.click("form[hx-post$='/data/import'] button")
        expect(page.locator("#jobs .job a")).to_contain_text("打开数据看板", timeout=60_000)
    page.click("#jobs .job a")
    page.wait_for_url("**/dashboard")
    expect(page.locator("text=已触发的预警")).to_be_visible()
    expect(page.locator("#trend-chart canvas").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard_with_fired_triggers.png"), full_page=True)
    page.goto(f"{server}/p/{A}/documents")
    if page.locator(f"a[href='/p/{A}/documents/pptx']").count():
        with page.expect_download() as info:
            page.click(f"a[href='/p/{A}/documents/pptx']")
        deck = info.value
        path = deck.path()
        assert deck.suggested_filename.endswith(".pptx") and path and Path(path).read_bytes()[:2] == b"PK"


def test_optimise_the_budget_and_accept_the_mix(server: str, page: Page, env: Env) -> None:
    log_in(page, server, "lead")
    page.goto(f"{server}/p/{A}/budget")
    expect(page.locator("#funnel-chart canvas").first).to_be_visible()
    before = projects.load(env.db, A)[1]
    page.click("form[hx-post$='/budget/optimise'] button")
    page.click("#opt-jobs .job a", timeout=60_000)
    page.wait_for_url("**/budget/optimise/*")
    expect(page.locator("table.table tbody tr").first).to_be_visible()
    page.click("text=采纳：写入预算明细")
    page.wait_for_url(f"**/p/{A}/budget")
    assert projects.load(env.db, A)[1] == before + 1
    assert projects.history(env.db, A)[-1].author == "lead"
