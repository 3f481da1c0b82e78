"""``aeflow user`` and ``aeflow serve`` (a real uvicorn process answering /healthz)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.services import accounts
from aeflow.storage.database import Database

BIN = Path(sys.executable).parent


def test_user_add_makes_the_first_user_an_admin(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"AEFLOW_DATA_DIR": str(tmp_path), "AEFLOW_LANG": "en"}
    first = runner.invoke(app, ["user", "add", "alice", "--password", "long-password"], env=env)
    assert first.exit_code == 0, first.output
    assert "administrator" in first.output
    second = runner.invoke(app, ["user", "add", "bob", "--password", "long-password"], env=env)
    assert second.exit_code == 0 and "administrator" not in second.output
    again = runner.invoke(app, ["user", "add", "bob", "--password", "long-password"], env=env)
    assert again.exit_code == 1
    short = runner.invoke(app, ["user", "add", "carol", "--password", "short"], env=env)
    assert short.exit_code == 1
    token = runner.invoke(app, ["user", "token", "bob"], env=env)
    assert token.exit_code == 0 and token.output.strip().startswith("aef_")
    with Database(f"sqlite:///{tmp_path / 'aeflow.sqlite3'}") as db:
        assert accounts.get_user(db, "alice").is_admin and not accounts.get_user(db, "bob").is_admin
        assert accounts.token_user(db, token.output.strip()).username == "bob"  # type: ignore[union-attr]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_healthz_once_ready_and_makes_the_demo_login(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "AEFLOW_DATA_DIR": str(tmp_path), "AEFLOW_LANG": "en"}
    proc = subprocess.Popen([str(BIN / "aeflow"), "serve", "--port", str(port), "--demo-user"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "no answer from /healthz"
            time.sleep(0.2)
        assert r.json() == {"status": "ok"}
        login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
        assert login.status_code == 200 and "static/vendor/htmx.min.js" in login.text
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=20)
    assert "demo" in out and "aeflow-demo" in out
