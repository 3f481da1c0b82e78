"""On PostgreSQL, background jobs go through procrastinate: two app processes share one queue and
every job runs exactly once. (Two apps in one test process stand for two processes: each has its own
connections and its own worker.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from aeflow.config import Settings
from aeflow.services import jobs
from aeflow.storage.database import Database
from aeflow.web.app import create_app

from .conftest import A, seed

pytestmark = pytest.mark.postgres


def test_two_app_processes_share_the_job_queue(postgres_url: str, tmp_path: Path) -> None:
    db = Database(postgres_url)
    seed(db)
    settings = Settings.from_env({}, data_dir=str(tmp_path), database_url=postgres_url, language="zh", user="t")
    first = create_app(settings, secret=b"s" * 16)
    second = create_app(settings, secret=b"s" * 16)
    assert first.state.jobs.queue is not None and second.state.jobs.queue is not None
    with TestClient(first), TestClient(second):  # each starts its worker with its lifespan
        submitted = [
            (first if i % 2 else second).state.jobs.submit(
                "export", project_id=A, requested_by="lead",
                params={"project_id": A, "format": "json", "audience": "internal", "folder": str(tmp_path / "x")})
            for i in range(8)
        ]
        deadline = time.monotonic() + 90
        while not all(jobs.get_job(db, j.id).finished for j in submitted):
            assert time.monotonic() < deadline, [jobs.get_job(db, j.id).status for j in submitted]
            time.sleep(0.2)
    finished = [jobs.get_job(db, j.id) for j in submitted]
    assert all(j.status == "done" for j in finished), [(j.status, j.message) for j in finished]
    assert len({j.result["file"] for j in finished if j.result}) == 8
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")).all()
    assert dict(rows) == {"succeeded": 8}
    first.state.jobs.shutdown()
    second.state.jobs.shutdown()
    first.state.db.close()
    second.state.db.close()
    db.close()
