"""The job queue on PostgreSQL: procrastinate (``SELECT … FOR UPDATE SKIP LOCKED``), so several app
processes share one queue and each job runs exactly once.

Two procrastinate apps over the same database: one, synchronous, that request handlers defer jobs
with; one, asynchronous, whose worker runs inside each app process (started with the web app's
lifespan) and hands each job to :meth:`aeflow.services.jobs.JobRunner.run`. Procrastinate's own
tables are created once per database, under a PostgreSQL advisory lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text

log = logging.getLogger("aeflow.queue")

QUEUE = "aeflow"
TASK = "aeflow.run_job"
_SCHEMA_LOCK = 0x6165666C6F71  # "aeflq"


def conninfo(url: str) -> str:
    """A libpq URL from a SQLAlchemy one (``postgresql+psycopg://`` → ``postgresql://``)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def install_schema(engine: Engine) -> None:
    """Create procrastinate's tables and functions unless they exist (idempotent, race-free)."""
    from procrastinate import schema

    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is None:
            with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
                cursor.execute(schema.SchemaManager.get_schema())  # no parameters: '%' stays literal


class PostgresQueue:
    """Defer job ids into procrastinate and run them in this process's worker."""

    def __init__(self, url: str, run: Callable[[str], None]) -> None:
        import procrastinate

        info = conninfo(url)
        self._defer_app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=info))
        self._worker_app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=info))

        @self._defer_app.task(name=TASK, queue=QUEUE)
        def _defer_only(job_id: str) -> None:  # the deferring app only needs the name and the queue
            raise RuntimeError("deferred jobs run in the worker app")

        @self._worker_app.task(name=TASK, queue=QUEUE)
        async def _run(job_id: str) -> None:
            await asyncio.to_thread(run, job_id)

        self._task = _defer_only
        self._opened = False
        self._worker: asyncio.Task[Any] | None = None

    def defer(self, job_id: str) -> None:
        if not self._opened:
            self._defer_app.open()
            self._opened = True
        self._task.defer(job_id=job_id)

    async def start_worker(self, name: str = "aeflow-web") -> None:
        """Start this process's worker (in the running event loop)."""

        async def work() -> None:
            async with self._worker_app.open_async():
                await self._worker_app.run_worker_async(queues=[QUEUE], name=name, wait=True, concurrency=2,
                                                        install_signal_handlers=False,
                                                        fetch_job_polling_interval=1.0)

        self._worker = asyncio.create_task(work())

    async def stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
            self._worker = None

    def close(self) -> None:
        if self._opened:
            self._defer_app.close()
            self._opened = False
