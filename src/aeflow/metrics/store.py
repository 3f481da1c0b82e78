"""The facts store: normalised daily facts per project, in DuckDB (embedded, one file per data
directory: ``<data_dir>/metrics.duckdb``) or PostgreSQL.

Imports are idempotent: a staged file replaces the stored facts with the same project, platform,
channel, account, campaign, ad group, creative, region and date, so re-importing a file or an
overlapping date range never double counts. All files of one import land in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from aeflow.errors import ImportFailed, Locked, Unavailable
from aeflow.i18n import _
from aeflow.importers.reader import Staged
from aeflow.importers.sql import install
from aeflow.metrics import definitions, schema

STAGE_BATCH = 50_000
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class Landed:
    """What one file changed in the store."""

    import_id: int
    file: str
    platform: str
    facts: int
    replaced: int


def _config(memory_limit: str, threads: int | None) -> dict[str, Any]:
    """DuckDB settings: no insertion order to keep (lets the CSV reader and aggregates run in
    parallel), a memory limit, and ``threads`` (DuckDB's default: one per core)."""
    config: dict[str, Any] = {"preserve_insertion_order": False, "memory_limit": memory_limit}
    if threads:
        config["threads"] = threads
    return config


def _connect(target: str, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection; a file another process holds (DuckDB lets one process write a file,
    and no other process read it meanwhile) is :class:`Locked`, naming the holder when DuckDB does."""
    try:
        return duckdb.connect(target, config=config)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" not in text.lower():
            raise Unavailable(_("The metrics store {file} cannot be opened: {reason}", file=target,
                                reason=text.splitlines()[0]), file=target) from None
        holder = LOCK_HOLDER.search(text)
        if holder is None:
            raise Locked(_("The metrics store {file} is in use by another process.", file=target),
                         file=target, pid=None) from None
        pid = int(holder["pid"])
        raise Locked(_("The metrics store {file} is in use by another process (PID {pid}, {program}).",
                       file=target, pid=pid, program=Path(holder["program"]).name),
                     file=target, pid=pid) from None
    except duckdb.Error as exc:
        raise Unavailable(_("The metrics store {file} cannot be opened: {reason}", file=target,
                            reason=str(exc).splitlines()[0]), file=target) from None


class MetricsStore:
    """Facts in DuckDB (``path`` of a file, or ``:memory:``) or PostgreSQL (a ``postgresql://`` URL).

    Opening is the one place a store that cannot be used becomes an error: :class:`Locked` when
    another process holds the file (an ``aeflow serve`` holds it while it runs), :class:`Unavailable`
    otherwise. Each interface adds the hint that fits it.
    """

    def __init__(self, target: str | Path = ":memory:", *, memory_limit: str = "1GB",
                 threads: int | None = None) -> None:
        self.target = str(target)
        self.dialect = "postgres" if self.target.startswith(("postgresql", "postgres:")) else "duckdb"
        if self.dialect == "duckdb":
            if self.target != ":memory:":
                Path(self.target).parent.mkdir(parents=True, exist_ok=True)
            self.duck = _connect(self.target, _config(memory_limit, threads))
            self.pg = None
        else:
            import psycopg

            url = self.target.replace("postgresql+psycopg://", "postgresql://")
            self.pg = psycopg.connect(url, autocommit=False)
            self.duck = duckdb.connect(config=_config(memory_limit, threads))
        install(self.duck)
        self._schema()

    @staticmethod
    def path_in(data_dir: Path) -> Path:
        """Where a data directory keeps its embedded metrics store."""
        return Path(data_dir) / "metrics.duckdb"

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> MetricsStore:
        return cls(cls.path_in(data_dir))

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def staging(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection importers stage into (the store itself when it is DuckDB)."""
        return self.duck

    def _schema(self) -> None:
        for ddl in schema.DDL:
            if self.pg is None:
                self.duck.execute(ddl)
            else:
                with self.pg.cursor() as cur:
                    cur.execute(definitions.transpile(ddl, "postgres"))
        if self.pg is not None:
            self.pg.commit()

    def close(self) -> None:
        if self.pg is not None:
            self.pg.close()
        self.duck.close()

    def __enter__(self) -> MetricsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query written in this store's dialect, as dicts."""
        if self.pg is None:
            cur = self.duck.execute(statement, list(params))
            names = [d[0] for d in cur.description or []]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        with self.pg.cursor() as pcur:
            pcur.execute(statement.replace("?", "%s"), list(params))  # type: ignore[arg-type]
            names = [d[0] for d in pcur.description or []]
            rows = [dict(zip(names, row, strict=True)) for row in pcur.fetchall()]
        self.pg.rollback()
        return rows

    # -- writing --------------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.pg is None:
            self.duck.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self.duck.execute("ROLLBACK")
                raise
            self.duck.execute("COMMIT")
        else:
            try:
                yield
            except BaseException:
                self.pg.rollback()
                raise
            self.pg.commit()

    def land(self, project: str, staged: Sequence[Staged], *, author: str = "") -> list[Landed]:
        """Store staged files: all of them, or (on any error) none."""
        out: list[Landed] = []
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            with self._transaction():
                next_id = int(self._scalar("SELECT COALESCE(MAX(id), 0) FROM imports") or 0) + 1
                for i, s in enumerate(staged):
                    import_id = next_id + i
                    replaced = self._replace(project, s, import_id)
                    self._execute(
                        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [import_id, project, Path(s.file).name, s.platform.key, s.encoding, s.rows, s.facts,
                         replaced, s.date_min, s.date_max, author, now])
                    out.append(Landed(import_id, s.file, s.platform.key, s.facts, replaced))
        except (duckdb.Error, OSError) as exc:
            raise ImportFailed(_("the import was not stored: {reason}", reason=str(exc).splitlines()[0])) from None
        return out

    def _replace(self, project: str, s: Staged, import_id: int) -> int:
        """Delete the stored facts the staged file replaces (one DELETE, bounded to the file's
        platform and date range), insert the staged facts; the number of facts deleted."""
        if self.pg is not None:
            return self._replace_pg(project, s, import_id)
        replaced = 0
        if s.facts:
            row = self.duck.execute(schema.delete_matching(s.table, "?") + " AND f.date BETWEEN ? AND ?",
                                    [project, s.date_min, s.date_max]).fetchone()
            replaced = int(row[0]) if row else 0
        self.duck.execute(schema.insert_select(s.table, "?", "?"), [project, import_id])
        return replaced

    def _replace_pg(self, project: str, s: Staged, import_id: int) -> int:
        assert self.pg is not None
        cols = [c for c, _t in schema.FACT_COLUMNS]
        select = schema.insert_select(s.table, "?::VARCHAR AS project", "?::BIGINT AS import_id").split(
            " SELECT ", 1)[1]
        with self.pg.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS staged (LIKE facts) ON COMMIT DROP")
            cur.execute("TRUNCATE staged")
            reader = self.duck.execute("SELECT " + select, [project, import_id])
            with cur.copy(f"COPY staged ({', '.join(cols)}) FROM STDIN") as copy:
                while batch := reader.fetchmany(STAGE_BATCH):
                    for row in batch:
                        copy.write_row(row)
            cur.execute(definitions.transpile(schema.delete_matching("staged", "'__P__'"), "postgres")
                        .replace("'__P__'", "%s"), [project])
            replaced = cur.rowcount
            cur.execute("INSERT INTO facts SELECT * FROM staged")
            cur.execute("DROP TABLE staged")
        return max(replaced, 0)

    def _execute(self, statement: str, params: Sequence[Any]) -> None:
        if self.pg is None:
            self.duck.execute(statement, list(params))
        else:
            with self.pg.cursor() as cur:
                cur.execute(statement.replace("?", "%s"), list(params))  # type: ignore[arg-type]

    def _scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        if self.pg is None:
            row = self.duck.execute(statement, list(params)).fetchone()
        else:
            with self.pg.cursor() as cur:
                cur.execute(statement.replace("?", "%s"), list(params))  # type: ignore[arg-type]
                row = cur.fetchone()
        return row[0] if row else None

    # -- reading --------------------------------------------------------------------------------
    def metrics(self, project: str, *, by: Sequence[str] = (), metrics: Sequence[str] = ("spend",),
                start: dt.date | None = None, end: dt.date | None = None) -> list[dict[str, Any]]:
        """The named metrics grouped by the named dimensions (definitions in :mod:`definitions`)."""
        statement = definitions.select(project, by=by, metrics=metrics, dialect=self.dialect,
                                       start=start.isoformat() if start else None,
                                       end=end.isoformat() if end else None)
        return self.fetch(statement)

    def imports(self, project: str) -> list[dict[str, Any]]:
        return self.fetch("SELECT * FROM imports WHERE project = ? ORDER BY id", [project])

    def fact_count(self, project: str) -> int:
        return int(self._scalar("SELECT COUNT(*) FROM facts WHERE project = ?", [project]) or 0)

    def record_alert(self, project: str, risk_id: str, metric: str, channel: str, first: dt.date,
                     last: dt.date, value: float | None, threshold: float) -> bool:
        """Remember a fired trigger (one alert per run of days); False when it was recorded before."""
        seen = self._scalar("SELECT COUNT(*) FROM alerts WHERE project = ? AND risk_id = ? AND first_date = ?",
                            [project, risk_id, first])
        if seen:
            return False
        with self._transaction():
            self._execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [project, risk_id, metric, channel, first, last, value, threshold,
                           dt.datetime.now(dt.UTC).replace(tzinfo=None)])
        return True
