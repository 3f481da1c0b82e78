"""Background jobs with progress, stored in the ``jobs`` table so that any page can follow them.

On SQLite (one app process) jobs run in a small in-process thread pool. On PostgreSQL, with
``queue=True``, they go through procrastinate (:mod:`aeflow.services.queue`, built on
``SELECT … FOR UPDATE SKIP LOCKED``), so several app processes share the queue safely; the jobs
table keeps the status and progress either way.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from aeflow.errors import AeflowError, NotFound
from aeflow.i18n import _, get_language, language
from aeflow.storage.accounts import JobRow
from aeflow.storage.database import Database

log = logging.getLogger("aeflow.jobs")

Progress = Callable[[float, str], None]
JobFunction = Callable[[Database, dict[str, Any], Progress], dict[str, Any]]


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    project_id: str | None
    requested_by: str
    status: str
    progress: float
    message: str
    result: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def hint(self) -> str | None:
        """What to do about a failed job (the hint of the error that stopped it), if anything."""
        hint = (self.result or {}).get("hint") if self.status == "failed" else None
        return str(hint) if hint else None


def _job(row: JobRow) -> Job:
    return Job(id=row.id, kind=row.kind, project_id=row.project_id, requested_by=row.requested_by,
               status=row.status, progress=row.progress, message=row.message, result=row.result)


def get_job(db: Database, job_id: str, project_id: str | None = None) -> Job:
    with db.session(write=False) as s:
        row = s.get(JobRow, job_id)
    if row is None or (project_id is not None and row.project_id != project_id):
        raise NotFound(_("there is no job {id}", id=job_id))
    return _job(row)


def project_jobs(db: Database, project_id: str, limit: int = 10) -> list[Job]:
    with db.session(write=False) as s:
        rows = s.scalars(select(JobRow).where(JobRow.project_id == project_id)
                         .order_by(JobRow.created_at.desc()).limit(limit))
        return [_job(r) for r in rows]


def _set(db: Database, job_id: str, **values: Any) -> None:
    with db.session() as s:
        s.execute(update(JobRow).where(JobRow.id == job_id).values(**values))


class JobRunner:
    """Runs registered job functions in background threads and records their progress."""

    def __init__(self, db: Database, workers: int = 2, *, queue: bool = False) -> None:
        self.db = db
        self.kinds: dict[str, JobFunction] = {}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aeflow-job")
        self.queue: Any = None
        if queue and db.dialect == "postgresql":
            from aeflow.services.queue import PostgresQueue, install_schema

            install_schema(db.engine)
            self.queue = PostgresQueue(db.url.render_as_string(hide_password=False), self.run)

    def register(self, kind: str, fn: JobFunction) -> None:
        self.kinds[kind] = fn

    def submit(self, kind: str, *, project_id: str | None, requested_by: str, params: dict[str, Any]) -> Job:
        if kind not in self.kinds:
            raise NotFound(_("there is no kind of job called {kind}", kind=kind))
        row = JobRow(id=secrets.token_hex(8), kind=kind, project_id=project_id, requested_by=requested_by,
                     status="queued", progress=0.0, message="", params={**params, "_lang": get_language()},
                     result=None,
                     created_at=self.db.now(), finished_at=None)
        with self.db.session() as s:
            s.add(row)
        job = _job(row)
        if self.queue is not None:
            self.queue.defer(job.id)
        else:
            self._pool.submit(self._run, job.id, kind, {**params, "_job_id": job.id, "_author": requested_by},
                              get_language())
        return job

    def run(self, job_id: str) -> None:
        """Run a queued job by its id (the PostgreSQL queue's worker calls this)."""
        with self.db.session(write=False) as s:
            row = s.get(JobRow, job_id)
        if row is None or row.status != "queued":
            return
        params = {**row.params, "_job_id": row.id, "_author": row.requested_by}
        self._run(row.id, row.kind, params, str(row.params.get("_lang", "zh")))

    def _run(self, job_id: str, kind: str, params: dict[str, Any], lang: str) -> None:
        def progress(fraction: float, message: str) -> None:
            _set(self.db, job_id, status="running", progress=max(0.0, min(1.0, fraction)), message=message)

        with language(lang):
            try:
                progress(0.0, _("started"))
                result = self.kinds[kind](self.db, params, progress)
                _set(self.db, job_id, status="done", progress=1.0, message=_("finished"), result=result,
                     finished_at=self.db.now())
            except AeflowError as exc:
                _set(self.db, job_id, status="failed", message=exc.message,
                     result={"hint": exc.hint} if exc.hint else None, finished_at=self.db.now())
            except Exception:  # a job must never take the worker down; the log keeps the details
                log.exception("job %s (%s) failed", job_id, kind)
                _set(self.db, job_id, status="failed", message=_("the job failed; the error was logged"),
                     finished_at=self.db.now())

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self.queue is not None:
            self.queue.close()
