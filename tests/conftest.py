"""Shared fixtures: a real PostgreSQL server started by the test suite, and a database per test.

Fixtures for other test areas:

- ``db``: a migrated, empty :class:`aeflow.storage.database.Database`, parametrised over ``sqlite``
  (a temporary file) and ``postgresql`` (the suite's migrated database, emptied before the test), so
  a test using it runs on both. Tests on PostgreSQL carry the ``postgres`` mark (``-m "not postgres"``
  leaves them out).
- ``database_url``: the same two URLs without opening them (for ``Settings``/``create_app`` tests).
- ``postgres_url``: a fresh, empty (not migrated) PostgreSQL database for this test only.
- ``postgres_server``: the session's server (``.url(dbname)``, ``.create_database()``).

The server is started once per session from the system's binaries (``initdb``/``pg_ctl`` on PATH or
under ``/usr/lib/postgresql/*/bin``; ``AEFLOW_TEST_PG_BINDIR`` names another folder) in a temporary
directory, listening on 127.0.0.1 on a free port. PostgreSQL refuses to run as root, so as root the
server runs as the user ``postgres`` (created if missing). Without binaries the PostgreSQL tests are
skipped with the reason, unless ``CI=true``, where they fail.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aeflow.i18n import DEFAULT_LANGUAGE, set_language
from aeflow.storage.database import Database


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the default language: the CLI sets the process's language (``--lang``),
    and a test run in-process must not leave it to the next test."""
    set_language(DEFAULT_LANGUAGE)

PG_USER = "postgres"


def _pg_bindir() -> Path | None:
    chosen = os.environ.get("AEFLOW_TEST_PG_BINDIR")  # for the fixture's own test: a folder, or "none"
    if chosen is not None:
        return Path(chosen) if (Path(chosen) / "initdb").is_file() else None
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parts[-3].split(".")],
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_user(name: str) -> None:
    if subprocess.run(["id", "-u", name], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )


@dataclass
class PostgresServer:
    """A PostgreSQL server of this test session (trust authentication, user ``postgres``)."""

    bindir: Path
    root: Path
    port: int = 0
    as_root: bool = field(default_factory=lambda: os.geteuid() == 0)
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sockets"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", PG_USER, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{tail}"
            )
        return done

    def start(self) -> None:
        self.root.chmod(0o755)  # the server user must reach its folders
        for folder in (self.datadir, self.sockets):
            folder.mkdir()
        if self.as_root:
            _ensure_user(PG_USER)
            shutil.chown(self.root, PG_USER)
            for folder in (self.datadir, self.sockets):
                shutil.chown(folder, PG_USER)
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            PG_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        for attempt in range(3):
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
            )
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.root / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                )
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def stop(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={PG_USER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = _pg_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under "
            "/usr/lib/postgresql/*/bin; install the postgresql package to run these tests"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)
    server = PostgresServer(bindir=bindir, root=Path(tempfile.mkdtemp(prefix="aeflow-pg-")))
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database for this test."""
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file, copied for each test (cheaper than migrating each time)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "aeflow.sqlite3"
    Database(f"sqlite:///{path}").close()
    return path


@pytest.fixture(scope="session")
def _postgres_migrated(postgres_server: PostgresServer) -> str:
    """One migrated PostgreSQL database of the session, emptied before each test that uses it."""
    url = postgres_server.create_database("aeflow")
    Database(url).close()
    return url


def _empty_postgres(server: PostgresServer, url: str) -> None:
    import psycopg

    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user={PG_USER} dbname={dbname}", autocommit=True
    ) as conn:
        conn.execute("SET lock_timeout = '20s'")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.execute(f"TRUNCATE TABLE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a migrated, empty database for this test: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "aeflow.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    url = str(request.getfixturevalue("_postgres_migrated"))
    _empty_postgres(request.getfixturevalue("postgres_server"), url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated, empty project database (SQLite and PostgreSQL)."""
    database = Database(database_url)
    try:
        yield database
    finally:
        database.close()
