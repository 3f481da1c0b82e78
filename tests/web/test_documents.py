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
