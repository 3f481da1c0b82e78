"""The PostgreSQL fixture itself: without server binaries it skips with a reason, or fails under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


def _run_without_binaries(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    shutil.copyfile(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_needs_pg.py").write_text(
        "def test_needs_pg(postgres_server):\n    assert postgres_server\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["AEFLOW_TEST_PG_BINDIR"] = str(tmp_path / "no-such-folder")
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_binaries_postgres_tests_are_skipped_with_the_reason(tmp_path: Path) -> None:
    done = _run_without_binaries(tmp_path, ci=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout and "install the postgresql package" in done.stdout


def test_under_ci_missing_binaries_fail_instead_of_skipping(tmp_path: Path) -> None:
    done = _run_without_binaries(tmp_path, ci=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "skipped" not in done.stdout and "CI=true" in done.stdout


def test_the_server_listens_on_loopback_and_not_as_root(postgres_server) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={postgres_server.port} user=postgres dbname=postgres") as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
    pid = int((postgres_server.datadir / "postmaster.pid").read_text().split()[0])
    assert Path(f"/proc/{pid}").stat().st_uid != 0
