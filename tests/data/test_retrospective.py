"""The retrospective fill (``aeflow retro``): the AE's figures win over the imported data, each row
says where its figure came from, one row per metric and channel, notes checked against figures,
and nothing written that the user did not ask for. The real CLI on the demo case, the real stores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.domain.retro import MetricRow, Rank, Retrospective, Source
from aeflow.engines.monitoring.retro import Formats, check, fill, note_attainment, note_formula
from aeflow.engines.monitoring.series import TOTAL, Series
from aeflow.i18n import language
from aeflow.metrics.store import MetricsStore
from aeflow.services import projects, retrospective
from aeflow.services.data import import_files
from aeflow.services.monitoring import dashboard
from aeflow.storage.database import Database
from aeflow.storage.yamlfile import load_project_file

from .conftest import write

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXE = Path(sys.executable).with_name("aeflow")
L1, L3 = "qingyu-guihua-launch-l1", "qingyu-guihua-launch-l3"


def _aeflow(data_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AEFLOW_", "LC_", "LANG"))}
    env = {**clean, "LANG": "C.UTF-8", "COLUMNS": "200", "AEFLOW_DATA_DIR": str(data_dir), "AEFLOW_LANG": "zh"}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, timeout=180, check=False,
                          env=env)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after ``aeflow demo`` (project database and metrics store), made once."""
    home = tmp_path_factory.mktemp("demo")
    done = _aeflow(home, "demo", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def home(demo_home: Path, tmp_path: Path) -> Path:
    """A copy of the demo's data folder of this test's own."""
    return Path(shutil.copytree(demo_home, tmp_path / "home"))


@pytest.fixture
def db(home: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{home / 'aeflow.sqlite3'}")
    yield database
    database.close()


def _rows(project: object) -> dict[tuple[str, str], MetricRow]:
    return {(r.metric, r.channel): r for r in project.retrospective.metrics}  # type: ignore[attr-defined]


# Finding 1: a project file is never rewritten, the AE's figures never blanked.

def test_retro_on_a_project_file_without_data_writes_nothing_and_keeps_the_ae_figures(tmp_path: Path) -> None:
    original = (EXAMPLES / "launch-l1.yaml").read_bytes()
    (tmp_path / "r.yaml").write_bytes(original)
    done = _aeflow(tmp_path / "empty", "retro", "r.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.yaml").read_bytes() == original
    import json

    out = json.loads(done.stdout)
    assert (out["written"], out["version"], out["has_data"]) == (None, None, False)
    impressions = next(m for m in out["metrics"] if m["metric"] == "impressions")
    assert (impressions["actual"], impressions["source"]) == (126_201_794, "entered")
    assert sum(m["actual"] is not None for m in out["metrics"]) == 4

    text = _aeflow(tmp_path / "empty", "retro", "r.yaml", cwd=tmp_path)
    assert "未写入任何文件" in text.stdout and "-o FILE" in text.stdout
    assert (tmp_path / "r.yaml").read_bytes() == original


def test_retro_writes_a_file_only_when_asked_and_keeps_its_header(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_bytes((EXAMPLES / "launch-l1.yaml").read_bytes())
    done = _aeflow(tmp_path / "empty", "retro", "r.yaml", "-o", "filled.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已写入 filled.yaml" in done.stdout
    written = (tmp_path / "filled.yaml").read_text(encoding="utf-8")
    header = [line for line in (EXAMPLES / "launch-l1.yaml").read_text(encoding="utf-8").splitlines()[:16]]
    assert written.splitlines()[:16] == header
    before = load_project_file(tmp_path / "r.yaml")
    after = load_project_file(tmp_path / "filled.yaml")
    assert [r.actual for r in after.retrospective.metrics] == [r.actual for r in before.retrospective.metrics]
    assert after.model_copy(update={"retrospective": before.retrospective}) == before


# Finding 2: one rule, sources shown, no duplicates, notes agree.

def _with_actuals(project: Project, actuals: dict[tuple[str, str], float]) -> Project:
    """``project`` with the AE's figure of some retrospective rows replaced."""
    metrics = [r.model_copy(update={"actual": actuals[(r.metric, r.channel)]}) if (r.metric, r.channel) in actuals
               else r for r in project.retrospective.metrics]
    return project.model_copy(update={"retrospective": project.retrospective.model_copy(update={"metrics": metrics})})


def test_the_ae_figure_wins_and_the_data_figure_is_kept_beside_it(home: Path, db: Database) -> None:
    project, version = projects.load(db, L3)
    # the demo's figures agree with its data; two the AE counted another way (the data: 77,447,364 and 1.79%)
    project = _with_actuals(project, {("impressions", "douyin"): 62_000_000, ("ctr", "xiaohongshu"): 0.0196})
    with MetricsStore.for_data_dir(home) as store:
        out = retrospective.save_filled(db, store, project, expected_version=version, author="test")
        board = dashboard(store, project)
    rows = _rows(out.project)
    keys = [(r.metric, r.channel) for r in out.project.retrospective.metrics]
    assert len(keys) == len(set(keys)), "one row per metric and channel"
    ae = {(r.metric, r.channel): r.actual for r in project.retrospective.metrics}
    assert {k: rows[k].actual for k in ae} == ae, "every figure the AE wrote is kept"
    douyin = rows[("impressions", "douyin")]
    assert douyin.data_actual == pytest.approx(board.channels["douyin"]["impressions"])
    assert (douyin.actual, douyin.source) == (62_000_000, Source.entered)
    assert rows[("roas", "tmall")].actual == 11.27 and rows[("roas", "tmall")].rank == Rank.best_channel
    assert rows[("cpa", "")].actual == 41.24
    kinds = {(f.kind, f.metric, f.channel) for f in out.flags}
    assert {k for k in kinds if k[0] == "data_differs"} == {("data_differs", "impressions", "douyin"),
                                                            ("data_differs", "ctr", "xiaohongshu")}
    assert not [f for f in out.flags if f.kind.startswith("note_")], "the AE's notes agree with the AE's figures"
    assert out.version == version + 1


def test_a_figure_filled_from_the_data_follows_the_data_and_an_ae_edit_stays(tmp_path: Path) -> None:
    from .conftest import make_project

    header = ["日期", "计划名称", "展示数", "点击数", "消耗", "转化数", "直接成交金额"]
    first = write(tmp_path / "a.csv", [header, ["2027-03-01", "计划A", "10000", "200", "1000", "10", "2500"]])
    more = write(tmp_path / "b.csv", [header, ["2027-03-02", "计划A", "30000", "300", "1000", "10", "2500"]])
    project = make_project()
    with MetricsStore(tmp_path / "m.duckdb") as store:
        import_files(store, project, [first])
        filled = retrospective.fill(store, project).project
        impressions = _rows(filled)[("impressions", "")]
        assert (impressions.actual, impressions.source) == (10_000, Source.data)
        edited = filled.model_copy(update={"retrospective": filled.retrospective.model_copy(update={"metrics": [
            r.model_copy(update={"actual": 0.03}) if r.metric == "ctr" else r
            for r in filled.retrospective.metrics]})})
        import_files(store, project, [more])
        again = retrospective.fill(store, edited)
    rows = _rows(again.project)
    assert (rows[("impressions", "")].actual, rows[("impressions", "")].source) == (40_000, Source.data)
    ctr = rows[("ctr", "douyin")]
    assert (ctr.actual, ctr.data_actual, ctr.source) == (0.03, 0.0125, Source.entered)
    assert [f.kind for f in again.flags if f.metric == "ctr"] == ["data_differs"]


def test_rerunning_retro_keeps_what_the_ae_wrote_and_stores_nothing_new(home: Path, db: Database) -> None:
    project, version = projects.load(db, L3)
    done = _aeflow(home, "retro", L3, cwd=home)
    assert done.returncode == 0, done.stderr
    assert f"第 {version + 1} 版" in done.stdout
    again = _aeflow(home, "retro", L3, cwd=home)
    assert "没有变化" in again.stdout
    after, latest = projects.load(db, L3)
    assert latest == version + 1
    keep = ("learnings", "improvements", "owner", "next_iteration", "delivery_quality", "client_feedback",
            "long_term_value")
    assert {k: getattr(after.retrospective, k) for k in keep} == {k: getattr(project.retrospective, k) for k in keep}
    assert [(r.metric, r.channel, r.note) for r in after.retrospective.metrics][:len(project.retrospective.metrics)] \
        == [(r.metric, r.channel, r.note) for r in project.retrospective.metrics]


def test_the_table_shows_rates_in_percent_counts_whole_and_each_source(home: Path) -> None:
    done = _aeflow(home, "retro", L3, cwd=home)
    lines = done.stdout.splitlines()
    ctr = next(line for line in lines if "点击率" in line and "│ 抖音" in line)
    assert "1.50%" in ctr and "1.27%" in ctr and "-0.23个百分点" in ctr and "AE填写" in ctr
    impressions = next(line for line in lines if line.count("│") > 5 and "曝光" in line and "全渠道" in line)
    assert "120,000,000" in impressions and "132,368,425" in impressions and ".00" not in impressions
    assert "导入数据中广告支出回报 ROAS最好的渠道" in done.stdout


# The engine on its own.

def _series(to_date: dict[str, dict[str, float | None]]) -> Series:
    return Series(daily={}, to_date=to_date, additive=frozenset({"impressions", "spend", "revenue", "conversions"}),
                  percent=frozenset({"ctr"}))


def test_the_best_channel_marks_the_existing_row_instead_of_adding_a_second() -> None:
    series = _series({TOTAL: {"revenue": 300.0, "spend": 100.0, "roas": 3.0},
                      "tmall": {"spend": 50.0, "roas": 5.0}, "douyin": {"spend": 50.0, "roas": 1.0}})
    ae = Retrospective(metrics=[MetricRow(metric="roas", channel="tmall", objective="obj-roas", actual=4.6)],
                       learnings=["换素材要早"], owner="宋知远", next_iteration=["冬季口味"])
    filled = fill(ae, [], series)
    rows = {(r.metric, r.channel): r for r in filled.metrics}
    assert len(filled.metrics) == 2
    assert (rows[("roas", "tmall")].actual, rows[("roas", "tmall")].data_actual) == (4.6, 5.0)
    assert rows[("roas", "tmall")].rank == Rank.best_channel and rows[("roas", "douyin")].rank == Rank.worst_channel
    assert (filled.learnings, filled.owner, filled.next_iteration) == (["换素材要早"], "宋知远", ["冬季口味"])
    # the worst channel changes: the row the fill added alone is dropped, the AE's row stays
    moved = _series({TOTAL: {"revenue": 300.0, "spend": 100.0}, "tmall": {"spend": 50.0, "roas": 0.5},
                     "weibo": {"spend": 50.0, "roas": 2.0}})
    refilled = fill(filled, [], moved)
    assert {(r.channel, r.rank) for r in refilled.metrics} == {("tmall", Rank.worst_channel),
                                                              ("weibo", Rank.best_channel)}


def test_notes_that_state_a_formula_or_attainment_are_checked_against_the_figure() -> None:
    assert note_formula("线上付费媒介与达人费用239.0万元 ÷ 57,960单。") == (2_390_000, 57_960)
    assert note_formula("归因成交额约647.7万元 ÷ 线上付费媒介与达人费用239.0万元（基线1.8）") == (6_477_000, 2_390_000)
    assert note_attainment("达成109%（基线7,600万）") == 109
    formats = Formats(percent=frozenset({"ctr"}), whole=frozenset({"impressions"}))
    note = "达成（基线62元）；线上付费媒介与达人费用239.0万元 ÷ 57,960单。"
    agrees = MetricRow(metric="cpa", target=45, actual=41.2, comparison="<=", note=note)
    disagrees = agrees.model_copy(update={"actual": 24.86, "data_actual": 24.86})
    assert check(Retrospective(metrics=[agrees]), formats) == []
    [flag] = check(Retrospective(metrics=[disagrees]), formats)
    assert flag.kind == "note_formula" and flag.other == pytest.approx(41.236, abs=0.001)
    stated = MetricRow(metric="impressions", target=120_000_000, actual=100_000_000, note="达成109%")
    assert [f.kind for f in check(Retrospective(metrics=[stated]), formats)] == ["note_attainment"]
    assert check(Retrospective(metrics=[stated.model_copy(update={"actual": 131_200_000})]), formats) == []


def test_formats_show_rates_in_percent_and_counts_whole() -> None:
    formats = Formats(percent=frozenset({"ctr"}), whole=frozenset({"impressions"}))
    ctr = MetricRow(metric="ctr", unit="%")
    impressions = MetricRow(metric="impressions", unit="次")
    cpa = MetricRow(metric="cpa", unit="元")
    awareness = MetricRow(metric="brand_awareness", unit="%")
    with language("en"):
        assert (formats.show(ctr, 0.0142), formats.variance(ctr, 0.0142 - 0.015)) == ("1.42%", "-0.08 pp")
    with language("zh"):
        assert formats.variance(ctr, 0.0016) == "+0.16个百分点"
    assert (formats.show(impressions, 120_000_000.0), formats.variance(impressions, -1e6)) == ("120,000,000",
                                                                                                "-1,000,000")
    assert (formats.show(cpa, 41.2), formats.show(awareness, 0.46)) == ("41.20", "46.00%")
