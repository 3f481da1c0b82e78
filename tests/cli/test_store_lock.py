"""The metrics store held by another process (a running ``aeflow serve``): every command that needs it
says so in one line in the user's language, naming the file and the holder's PID, and the demo
writes nothing it cannot finish."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.config import Settings
from aeflow.errors import Locked
from aeflow.metrics.store import MetricsStore
from aeflow.services import workspace
from aeflow.services.demo import load_demo
from aeflow.storage.database import Database

runner = CliRunner()
EXPORT = "时间,广告名称,展示数,点击数,消耗\n2027-03-01,A,100000,3000,1234.5\n2027-03-02,A,250000,4000,99.25\n"


def hold(path: Path) -> subprocess.Popen[str]:
    """A second process that opens the store (read-write, like the server) and keeps it until stdin closes."""
    code = ("import sys; from aeflow.metrics.store import MetricsStore; "
            "s = MetricsStore(sys.argv[1]); print('held', flush=True); sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[list[str], str, Path]]:
    """A data folder with one project and some imported data."""
    data = ["--data-dir", str(tmp_path / "data")]
    path = tmp_path / "p.yaml"
    assert runner.invoke(app, [*data, "init", str(path)]).exit_code == 0
    project_id = runner.invoke(app, [*data, "import", str(path)]).output.strip().splitlines()[-1].strip()
    export = tmp_path / "f.csv"
    export.write_text(EXPORT, encoding="utf-8")
    imported = runner.invoke(app, [*data, "--lang", "en", "data", "import", project_id, str(export),
                                   "--platform", "oceanengine"])
    assert imported.exit_code == 0, imported.output
    yield data, project_id, export


def test_status_retro_and_import_say_in_one_line_that_the_store_is_held(project: tuple[list[str], str, Path],
                                                                         tmp_path: Path) -> None:
    data, project_id, export = project
    store = MetricsStore.path_in(tmp_path / "data")
    holder = hold(store)
    try:
        commands = (["status", project_id], ["retro", project_id],
                    ["data", "import", project_id, str(export), "--platform", "oceanengine"])
        for lang, error, held, hint in (("zh", "错误:", "正被另一个进程占用", "aeflow serve"),
                                        ("en", "Error:", "is in use by another process", "aeflow serve")):
            for command in commands:
                result = runner.invoke(app, [*data, "--lang", lang, *command])
                assert result.exit_code == 1, (command, result.output)
                assert isinstance(result.exception, SystemExit)  # handled, not a crash
                assert "Traceback" not in result.output and "IOException" not in result.output
                lines = [line for line in result.output.splitlines() if line.startswith(error)]
                assert len(lines) == 1, result.output
                assert held in lines[0] and str(store) in lines[0] and f"PID {holder.pid}" in lines[0]
                assert hint in result.output  # what to do from a terminal
    finally:
        release(holder)
    # once the holder is gone the same commands work again
    assert runner.invoke(app, [*data, "status", project_id]).exit_code == 0


def test_the_store_raises_locked_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "metrics.duckdb"
    holder = hold(path)
    try:
        with pytest.raises(Locked) as caught:
            MetricsStore(path)
    finally:
        release(holder)
    assert caught.value.data["pid"] == holder.pid and caught.value.data["file"] == str(path)
    assert caught.value.http_status == 503


def test_a_demo_that_cannot_open_the_store_stores_no_new_version(tmp_path: Path) -> None:
    settings = Settings.from_env({"AEFLOW_DATA_DIR": str(tmp_path / "data")})
    db = Database.open(settings)
    first = load_demo(db, None, author="test", data_dir=settings.data_dir)
    assert all(d.previous is None and not d.reset and d.reset_note is None for d in first)
    ids = [d.project.id for d in first]
    edited = first[0].project.model_copy(update={"name": first[0].project.name + "（改）"})
    from aeflow.services import projects

    assert projects.save(db, edited, expected_version=first[0].version, author="ae", reason="edit") == 2
    before = {i: workspace.current_version(db, i) for i in ids}
    holder = hold(MetricsStore.path_in(settings.data_dir))
    try:
        with pytest.raises(Locked):
            load_demo(db, None, author="test", data_dir=settings.data_dir)
        result = runner.invoke(app, ["--data-dir", str(settings.data_dir), "--lang", "zh", "demo"])
        assert result.exit_code == 1 and "正被另一个进程占用" in result.output and "Traceback" not in result.output
    finally:
        release(holder)
    assert {i: workspace.current_version(db, i) for i in ids} == before  # nothing was written
    again = load_demo(db, None, author="test", data_dir=settings.data_dir)
    assert again[0].reset and again[0].previous == 2 and again[0].version == 3
    assert again[0].project.name == first[0].project.name  # the edit was reverted …
    assert again[0].reset_note is not None and "1–2" in again[0].reset_note  # … and the run says so
    assert not again[1].reset and again[1].version == first[1].version  # untouched project: no new version
    assert again[0].board is not None and again[0].rows > 0
