"""The data page (upload, preview with the column check, background import) and the KPI dashboard."""

from __future__ import annotations

import re
import time
from pathlib import Path

from markupsafe import escape

from aeflow.services import jobs
from aeflow.services.demo import examples_dir

from .conftest import A, Env, csrf_of

DATA = examples_dir() / "data"


def _upload(env: Env, c, token: str, path: Path) -> str:  # type: ignore[no-untyped-def]
    with path.open("rb") as fh:
        r = c.post(f"/p/{A}/data/preview", files={"file": (path.name, fh)}, data={"csrf_token": token})
    assert r.status_code == 200, r.text[:500]
    return r.text


def _import(env: Env, c, token: str, preview: str) -> jobs.Job:  # type: ignore[no-untyped-def]
    upload = re.search(r'name="token" value="([0-9a-f]+)"', preview).group(1)  # type: ignore[union-attr]
    name = re.search(r'name="name" value="([^"]+)"', preview).group(1)  # type: ignore[union-attr]
    r = c.post(f"/p/{A}/data/import", data={"csrf_token": token, "token": upload, "name": name},
               headers={"HX-Request": "true"})
    assert r.status_code == 200 and 'hx-trigger="every 1s"' in r.text  # the progress polls itself
    job = jobs.project_jobs(env.db, A)[0]
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return jobs.get_job(env.db, job.id)


def test_a_preview_shows_the_file_before_anything_is_stored(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    page = _upload(env, c, token, DATA / "douyin_巨量引擎_日报.csv")
    assert "巨量引擎" in page and "2026-08-03" in page
    assert "<dd>oceanengine</dd>" not in page  # the platform by its name, not its key
    with env.app.state.metrics.use() as store:
        assert store.fact_count(A) == 0
    empty = c.get(f"/p/{A}/dashboard").text
    assert f"/p/{A}/data" in empty  # no data yet: the dashboard points to the data page


def test_an_import_runs_in_the_background_and_fills_the_dashboard(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".csv", ".txt", ".xlsx"):
            job = _import(env, c, token, _upload(env, c, token, path))
            assert job.status == "done", (path.name, job.message)
            assert job.result and job.result["facts"] > 0 and job.requested_by == "member"
    board = c.get(f"/p/{A}/dashboard").text
    assert "KPI" in board and 'id="trend-data"' in board
    with env.app.state.metrics.use() as store:
        assert store.fact_count(A) > 100
    from aeflow.services import monitoring, projects

    with env.app.state.metrics.use() as store:
        fired = monitoring.dashboard(store, projects.load(env.db, A)[0]).alerts
    assert fired, "the demo data fires at least one of the demo's risk triggers"
    for alert in fired:
        assert alert.risk in board  # each fired trigger is on the dashboard


def test_a_broken_file_is_refused_with_its_problem(env: Env, tmp_path: Path) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    with bad.open("rb") as fh:
        r = c.post(f"/p/{A}/data/preview", files={"file": ("empty.csv", fh)}, data={"csrf_token": token})
    assert r.status_code == 422 and "alert bad" in r.text


def test_viewers_cannot_upload(env: Env) -> None:
    c = env.client("viewer")
    token = csrf_of(c, "/")
    with (DATA / "douyin_巨量引擎_日报.csv").open("rb") as fh:
        r = c.post(f"/p/{A}/data/preview", files={"file": ("x.csv", fh)}, data={"csrf_token": token})
    assert r.status_code == 403


def test_the_retrospective_is_filled_from_the_imported_data(env: Env) -> None:
    from aeflow.services import projects

    c = env.client("member")
    token = csrf_of(c, "/")
    job = _import(env, c, token, _upload(env, c, token, DATA / "douyin_巨量引擎_日报.csv"))
    assert job.status == "done"
    version = projects.load(env.db, A)[1]
    r = c.post(f"/p/{A}/data/retrospective", data={"csrf_token": token, "version": str(version)},
               follow_redirects=False)
    assert r.status_code == 303
    after, new_version = projects.load(env.db, A)
    assert new_version == version + 1
    assert any(m.actual is not None for m in after.retrospective.metrics)
    assert projects.history(env.db, A)[-1].author == "member"
    before = projects.get_version(env.db, A, version)
    kept = {(m.metric, m.channel): m.actual for m in before.retrospective.metrics if m.actual is not None}
    assert {(m.metric, m.channel): m.actual for m in after.retrospective.metrics
            if (m.metric, m.channel) in kept} == kept, "the AE's figures survive the button"
    assert next(m for m in after.retrospective.metrics if m.metric == "impressions").data_actual is not None
    again = c.post(f"/p/{A}/data/retrospective", data={"csrf_token": token, "version": str(new_version)},
                   follow_redirects=False)
    assert again.status_code == 303 and projects.load(env.db, A)[1] == new_version, "nothing new, no new version"


def _preview(c, token: str, name: str, body: bytes, platform: str = "auto"):  # type: ignore[no-untyped-def]
    return c.post(f"/p/{A}/data/preview", files={"file": (name, body)},
                  data={"csrf_token": token, "platform": platform})


GBK_REPORT = ("日期,广告组名称,计划名称,展示数,点击数,消耗,转化数\r\n"
              "2026-08-03,新品组,计划A,10000,120,1000.00,3\r\n"
              "2026-08-04,新品组,计划A,abc,160,1200.50,4\r\n"
              "2026-08-05,新品组,计划A,14000,170,1500.00,5\r\n"
              "2026-08-06,新品组,计划A,15000,190,1500.00,6\r\n").encode("gbk")


def test_the_preview_leaves_a_row_with_an_unreadable_cell_out_whole(env: Env) -> None:
    c = env.client("member", lang="zh")
    token = csrf_of(c, "/")
    r = _preview(c, token, "巨量引擎.csv", GBK_REPORT)
    assert r.status_code == 200, r.text[:500]
    page = r.text
    assert "巨量引擎（抖音）" in page and "腾讯广告" in page  # the preview and the platform list, by name
    heads = re.findall(r'<th class="num">([^<]*)</th>', page)
    assert heads == ["曝光", "点击", "花费", "转化", "成交额"]
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert cells[:3] == ["3.9万", "480", "4,000"]  # the bad row's clicks and spend are not counted
    assert "<dd>3</dd>" in page  # daily rows: the three readable ones
    assert "第 3 行" in page and "展示数" in page and "abc" in page
    assert 'name="skip_bad_rows"' in page
    job = _import_with(env, c, token, page, skip_bad_rows=True)
    assert job.status == "done", job.message
    with env.app.state.metrics.use() as store:
        (row,) = store.metrics(A, metrics=["impressions", "clicks", "spend"])
    assert (row["impressions"], row["clicks"], row["spend"]) == (39000.0, 480.0, 4000.0)


def test_without_skipping_the_import_of_a_bad_file_lands_nothing(env: Env) -> None:
    c = env.client("member", lang="zh")
    token = csrf_of(c, "/")
    page = _preview(c, token, "巨量引擎.csv", GBK_REPORT).text
    job = _import_with(env, c, token, page, skip_bad_rows=False)
    assert job.status == "failed" and "未导入任何数据" in job.message
    with env.app.state.metrics.use() as store:
        assert store.fact_count(A) == 0


def test_an_unknown_layout_points_to_the_platform_list_not_a_cli_option(env: Env) -> None:
    for lang, words in (("zh", "“平台”列表"), ("en", "Platform list")):
        c = env.client("member")
        token = csrf_of(c, "/")
        c.post("/lang", data={"lang": lang, "csrf_token": token})
        for platform in ("auto", "tencent"):
            r = _preview(c, token, "x.csv", "名称,数值\r\nx,1\r\n".encode("gbk"), platform)
            assert r.status_code == 422 and words in r.text, (lang, platform)
            assert "--platform" not in r.text and "aeflow data mapping" not in r.text
        assert 'value="tencent" selected' in r.text  # the choice is kept for the next try
        assert ("腾讯广告" if lang == "zh" else "Tencent Ads") in r.text.split("alert bad")[1]


def _import_with(env: Env, c, token: str, preview: str, *, skip_bad_rows: bool) -> jobs.Job:  # type: ignore[no-untyped-def]
    upload = re.search(r'name="token" value="([0-9a-f]+)"', preview).group(1)  # type: ignore[union-attr]
    name = re.search(r'name="name" value="([^"]+)"', preview).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "token": upload, "name": name}
    if skip_bad_rows:
        data["skip_bad_rows"] = "1"
    r = c.post(f"/p/{A}/data/import", data=data, headers={"HX-Request": "true"})
    assert r.status_code == 200
    job = jobs.project_jobs(env.db, A)[0]
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return jobs.get_job(env.db, job.id)


def test_a_failed_import_job_shows_its_hint_under_the_message(env: Env) -> None:
    """A file without a required column (here the spend): the job's view and the API give the hint."""
    c = env.client("member", lang="zh")
    token = csrf_of(c, "/")
    upload = "0123456789abcdef"
    folder = env.data_dir / "uploads" / A / upload
    folder.mkdir(parents=True)
    (folder / "no_spend.csv").write_text("日期,广告组名称,计划名称,展示数,点击数\r\n2026-08-03,新品组,计划A,10000,120\r\n",
                                         encoding="utf-8")
    r = c.post(f"/p/{A}/data/import", data={"csrf_token": token, "token": upload, "name": "no_spend.csv",
                                            "platform": "oceanengine"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    job = jobs.project_jobs(env.db, A)[0]
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    failed = jobs.get_job(env.db, job.id)
    assert failed.status == "failed" and "no_spend.csv" in failed.message and failed.hint
    view = c.get(f"/p/{A}/jobs/{job.id}").text
    message = view.index(escape(failed.message))
    assert 'class="small muted job-hint"' in view and view.index(escape(failed.hint)) > message  # under it
    assert "重新导出" in failed.hint and "--" not in failed.hint  # the web's words, no CLI option
    api = c.get(f"/api/v1/projects/{A}/jobs/{job.id}").json()
    assert api["status"] == "failed" and api["hint"] == failed.hint


def test_the_trend_chart_names_its_series_by_channel_label(env: Env) -> None:
    import json

    for lang, douyin, xhs in (("zh", "抖音", "小红书"), ("en", "Douyin", "Xiaohongshu")):
        c = env.client("member")
        token = csrf_of(c, "/")
        c.post("/lang", data={"lang": lang, "csrf_token": token})
        if lang == "zh":
            for name in ("douyin_巨量引擎_日报.csv", "xiaohongshu_聚光.xlsx"):
                assert _import(env, c, token, _upload(env, c, token, DATA / name)).status == "done"
        page = c.get(f"/p/{A}/dashboard").text
        raw = re.search(r'<script type="application/json" id="trend-data">(.*?)</script>', page, re.DOTALL)
        assert raw, "the dashboard has its trend data"
        names = set(json.loads(raw.group(1))["series"])
        assert {douyin, xhs} <= names, (lang, names)
        assert not names & {"douyin", "xiaohongshu"}, names


def _row_html(page: str, i: int) -> str:
    match = re.search(rf'<tr class="[^"]*" data-row="{i}">(.*?)</tr>', page, re.DOTALL)
    assert match, f"row {i} is on the page"
    return match.group(1)


def test_the_retrospective_page_shows_source_data_figures_ranks_and_flags(env: Env) -> None:
    from aeflow.engines.monitoring.retro import check
    from aeflow.services import projects
    from aeflow.services.retrospective import FORMATS

    c = env.client("member")
    token = csrf_of(c, "/")
    c.post("/lang", data={"lang": "zh", "csrf_token": token})
    for name in ("douyin_巨量引擎_日报.csv", "tmall_万相台.csv", "wechat_腾讯广告.csv"):
        assert _import(env, c, token, _upload(env, c, token, DATA / name)).status == "done"
    version = projects.load(env.db, A)[1]
    r = c.post(f"/p/{A}/data/retrospective", data={"csrf_token": token, "version": str(version)})
    assert r.status_code == 200 and "已按导入数据填充" in r.text  # the fill's outcome, on the page it lands on
    project, _v = projects.load(env.db, A)
    rows = project.retrospective.metrics
    page = c.get(f"/p/{A}/stages/retrospective").text
    assert "数据对照" in page and "来源：AE填写" in page
    differs = [i for i, m in enumerate(rows) if m.source is not None and m.source.value == "entered"
               and m.data_actual is not None and abs(m.actual - m.data_actual) > 0.005 * abs(m.data_actual)]  # type: ignore[operator]
    assert differs, "the demo's AE figures differ from the demo data somewhere"
    for i, m in enumerate(rows):
        cells = _row_html(page, i)
        assert f'name="retrospective.metrics[{i}].actual"' in cells and "readonly" not in cells  # still editable
        if m.source is not None:
            assert ("AE填写" if m.source.value == "entered" else "导入数据") in cells, (i, m)
        shown = f"数据：{FORMATS.show(m, m.data_actual)}" if m.data_actual is not None else None
        assert (shown is not None and shown in cells) == (i in differs), (i, m)
        if m.rank is not None:
            assert ("最佳" if m.rank.value.startswith("best") else "最差") in cells, (i, m)
    assert any(m.rank is not None for m in rows)
    flags = check(project.retrospective, FORMATS)
    assert flags and 'class="alert conflict retro-flags"' in page
    for f in flags:
        assert str(escape(f.message)) in page
    # the notes are no inputs: saving the form as shown keeps the data's figures and marks
    form = {k: v for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', page)
            if (k.startswith("retrospective.") and not k.endswith("._delete")) or k in ("version", "depth", "page")}
    saved = c.post(f"/p/{A}/stages/retrospective", data={"csrf_token": token, **form})
    assert saved.status_code == 200, saved.text[:300]
    after = projects.load(env.db, A)[0].retrospective.metrics
    assert [(m.data_actual, m.rank) for m in after] == [(m.data_actual, m.rank) for m in rows]
