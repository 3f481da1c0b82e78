"""Fixtures of the web tests: an app over a real database with the demo projects and a cast of users.

``A`` is the demo's level-1 project and ``B`` its level-3 twin. ``lead``, ``member``, ``viewer`` and
``client`` have those roles on A only; ``other`` leads B only; ``admin`` (the first user) sees all.
The database's clock is a :class:`Clock` the test can move (share links expire by it).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from aeflow.config import Settings
from aeflow.services import accounts
from aeflow.services.accounts import Role
from aeflow.services.demo import load_demo
from aeflow.storage.database import Database
from aeflow.web.app import create_app

A = "qingyu-guihua-launch-l1"
B = "qingyu-guihua-launch-l3"
PASSWORD = "correct-horse-9"
USERS = {"lead": Role.lead, "member": Role.member, "viewer": Role.viewer, "client": Role.client}


class Clock:
    """A settable clock for the database (timezone-aware, UTC)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 8, 21, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@dataclass
class Env:
    app: FastAPI
    db: Database
    clock: Clock
    data_dir: Path

    def client(self, user: str | None = None, lang: str | None = None) -> TestClient:
        c = TestClient(self.app, raise_server_exceptions=False)
        if lang:
            c.cookies.set("aeflow_lang", lang)
        if user:
            login(c, user)
        return c


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token the pages give this browser (read from a page, as a browser would)."""
    html = client.get(path).text
    match = re.search(r'data-csrf="([^"]+)"', html)
    assert match, "no CSRF token on " + path
    return match.group(1)


def login(client: TestClient, user: str, password: str = PASSWORD) -> None:
    token = csrf_of(client)
    r = client.post("/login", data={"username": user, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def seed(db: Database) -> None:
    load_demo(db, None, author="seed")
    accounts.add_user(db, "admin", PASSWORD)
    for name, role in USERS.items():
        accounts.add_user(db, name, PASSWORD, display_name=name.title())
        accounts.set_role(db, A, name, role)
    accounts.add_user(db, "other", PASSWORD)
    accounts.set_role(db, B, "other", Role.lead)


def build_env(url: str, data_dir: Path, *, seeded: bool = False, job_queue: bool = False) -> tuple[Env, Database]:
    clock = Clock()
    db = Database(url, clock=clock)
    if not seeded:
        seed(db)
    settings = Settings.from_env({}, data_dir=str(data_dir), database_url=url, language="zh", user="test")
    app = create_app(settings, db=db, secret=b"test-secret-0123456789", job_queue=job_queue)
    return Env(app=app, db=db, clock=clock, data_dir=data_dir), db


@pytest.fixture(scope="session")
def _seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded SQLite file per session (password hashing is slow on purpose), copied per test."""
    path = tmp_path_factory.mktemp("web-seed") / "web.sqlite3"
    db = Database(f"sqlite:///{path}")
    seed(db)
    db.close()
    return path


@pytest.fixture
def env(tmp_path: Path, _seeded_sqlite: Path) -> Iterator[Env]:
    """The web app on SQLite (most web tests; ``env_any`` runs on both dialects)."""
    target = tmp_path / "web.sqlite3"
    shutil.copyfile(_seeded_sqlite, target)
    e, db = build_env(f"sqlite:///{target}", tmp_path, seeded=True)
    try:
        yield e
    finally:
        e.app.state.jobs.shutdown()
        db.close()


@pytest.fixture
def env_any(database_url: str, tmp_path: Path) -> Iterator[Env]:
    """The web app on SQLite and on PostgreSQL."""
    e, db = build_env(database_url, tmp_path)
    try:
        yield e
    finally:
        e.app.state.jobs.shutdown()
        db.close()
