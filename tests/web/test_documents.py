"""Documents: downloads of the project file and each exporter's format, and export jobs with progress."""

from __future__ import annotations

import time

from aeflow.services import documents, jobs, projects

from .conftest import A, Env, csrf_of


def never_for_the_client(env: Env) -> list[str]:
    """What no client document may show: fees and labour, vendor terms, internal notes and decisions."""
    p, _v = projects.load(env.db, A)
    out = [line.notes for line in p.budget.lines if line.notes]
    out += [f"{int(line.planned):,}" for line in p.budget.lines
            if line.category.value in ("fee", "labour") and line.planned > 1000]
    if p.budget.agency_fee:
        out.append(f"{int(p.budget.agency_fee):,}")
    out += [w.notes for w in p.work_items if w.notes]
    out += [d.what for d in p.decisions if d.internal or not d.client_confirmed]
    return [t for t in out if t]


def test_every_format_is_offered_and_the_project_file_downloads(env: Env) -> None:
    c = env.client("lead")
    page = c.get(f"/p/{A}/documents").text
    names = [f.name for f in documents.formats()]
    assert {"yaml", "json"} <= set(names)
    for name in names:
        assert f"/p/{A}/documents/{name}" in page
    r = c.get(f"/p/{A}/documents/yaml")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert f"id: {A}" in r.text


def test_the_client_version_of_a_document_leaves_out_internal_numbers(env: Env) -> None:
    if "md" not in {f.name for f in documents.formats()}:
        return
    c = env.client("lead")
    internal = c.get(f"/p/{A}/documents/md").text
    client = c.get(f"/p/{A}/documents/md?audience=client").text
    secrets = never_for_the_client(env)
    assert any(s in internal for s in secrets)
    assert not [s for s in secrets if s in client]
    assert c.get(f"/p/{A}/documents/yaml?audience=client").status_code == 404  # the project file is internal


def test_an_export_job_reports_progress_and_its_file_downloads(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    r = c.post(f"/p/{A}/documents/json/job", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "job-" in r.text
    job = jobs.project_jobs(env.db, A)[0]
    deadline = time.monotonic() + 20
    while not jobs.get_job(env.db, job.id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    done = jobs.get_job(env.db, job.id)
    assert done.status == "done" and done.progress == 1.0 and done.requested_by == "member"
    poll = c.get(f"/p/{A}/jobs/{job.id}")
    assert poll.status_code == 200 and "hx-trigger" not in poll.text  # finished: no more polling
    file = c.get(f"/p/{A}/jobs/{job.id}/download")
    assert file.status_code == 200 and file.json()["id"] == A
    other = env.client("other")
    assert other.get(f"/p/{A}/jobs/{job.id}/download").status_code == 404


def _finished(env: Env, job_id: str) -> jobs.Job:
    deadline = time.monotonic() + 60
    while not jobs.get_job(env.db, job_id).finished:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return jobs.get_job(env.db, job_id)


def _kpi_rows(content: bytes) -> list[tuple[object, ...]]:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    (sheet,) = [ws for ws in book.worksheets if ws.title.startswith("KPI")]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_a_background_export_judges_the_kpis_on_the_imported_data_like_the_download(env: Env) -> None:
    if "xlsx" not in {f.name for f in documents.formats()}:
        return
    from aeflow.services import data as data_service
    from aeflow.services.demo import examples_dir

    project, _version = projects.load(env.db, A)
    with env.app.state.metrics.use() as store:
        data_service.import_files(store, project, sorted(p for p in (examples_dir() / "data").iterdir()
                                                         if p.suffix in (".csv", ".txt", ".xlsx")), author="test")
    env.app.state.metrics.changed()
    c = env.client("member")
    token = csrf_of(c, "/")
    direct = c.get(f"/p/{A}/documents/xlsx")
    assert direct.status_code == 200
    c.post(f"/p/{A}/documents/xlsx/job", data={"csrf_token": token}, headers={"HX-Request": "true"})
    job = _finished(env, jobs.project_jobs(env.db, A)[0].id)
    assert job.status == "done", job.message
    background = c.get(f"/p/{A}/jobs/{job.id}/download")
    assert background.status_code == 200
    rows = _kpi_rows(direct.content)
    assert _kpi_rows(background.content) == rows
    with env.app.state.metrics.use() as store:
        from aeflow.services.monitoring import dashboard

        judged = [k.actual for k in dashboard(store, project).kpis if k.actual is not None]
    actuals = [cell for row in rows for cell in row if isinstance(cell, float)]
    assert judged and any(abs(a - b) < 1e-6 * max(1.0, abs(b)) for a in judged for b in actuals), \
        "the KPI sheet shows the data's figures"


def test_the_project_file_download_is_the_file_aeflow_export_writes(env: Env, tmp_path: object) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from aeflow.cli.main import app
    from aeflow.storage.yamlfile import parse_project_file

    c = env.client("lead")
    first = c.get(f"/p/{A}/documents/yaml").text
    _project, version = projects.load(env.db, A)
    assert parse_project_file(first).base_version == version
    edited = Path(str(tmp_path)) / "edited.yaml"
    edited.write_text("# 客户：青屿 · 对接人 张三\n#\n" + first.replace("\nname: ", "\nname: 改 ", 1), encoding="utf-8")
    stored = projects.import_file(env.db, edited, author="lead", replace=True)
    assert stored.version == version + 1  # re-imported over the version it names
    text = c.get(f"/p/{A}/documents/yaml").text
    assert text.startswith("# 客户：青屿 · 对接人 张三\n") and parse_project_file(text).base_version == version + 1
    out = Path(str(tmp_path)) / "cli.yaml"
    result = CliRunner().invoke(app, ["export", A, "-o", str(out)], env={
        "AEFLOW_DATABASE_URL": str(env.db.url.render_as_string(hide_password=False)),
        "AEFLOW_DATA_DIR": str(env.data_dir), "AEFLOW_LANG": "zh"})
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == text
    again = Path(str(tmp_path)) / "again.yaml"
    again.write_text(text, encoding="utf-8")
    assert projects.import_file(env.db, again, author="lead", replace=True).version == version + 1  # unchanged
