"""The data page (upload, preview with the column check, background import) and the KPI dashboard."""

from __future__ import annotations

import re
import time
from pathlib import Path

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
    assert "oceanengine" in page and "2026-08-03" in page
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
