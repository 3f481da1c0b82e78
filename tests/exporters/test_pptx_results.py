"""A deck made during or after the flight reports results: a KPI slide and a retrospective slide,
re-read with python-pptx; the risk heatmap names risks by short titles, never by their ids."""

from __future__ import annotations

import io

from pptx import Presentation

from aeflow.domain.common import Stage
from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters import text as t
from aeflow.exporters.pptx_results import risk_title
from aeflow.exporters.view import Extras, build_view
from aeflow.i18n import language
from aeflow.storage.yamlfile import load_project_file

from .conftest import EXAMPLES


def _slides(project: Project, extras: Extras, lang: str = "zh", audience: str = "client") -> list:
    prs = Presentation(io.BytesIO(get("pptx").export(project, Audience(audience), lang, extras)))
    return list(prs.slides)


def _title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def _tables(slide) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in sh.table.rows] for sh in slide.shapes if sh.has_table]


def _text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_a_finished_project_deck_has_results_and_retrospective_slides(extras: Extras) -> None:
    project = load_project_file(EXAMPLES / "launch-l3.yaml")
    assert project.stage.value == "retrospective"
    slides = _slides(project, extras)
    titles = [_title(s) for s in slides]
    assert "KPI 达成" in titles and "数据复盘与绩效落地" in titles
    assert titles.index("KPI 达成") == titles.index("目标与 KPI") + 1
    results = slides[titles.index("KPI 达成")]
    (rows,) = _tables(results)
    assert rows[0] == ["目标", "指标", "目标值", "实际", "达成率", "状态"]
    view = build_view(project, "client", extras)
    with language("zh"):
        expected = [[f"{k.objective_id} {k.objective}", t.kpi_metric(k.kpi), t.kpi_target(k.kpi), t.kpi_actual(k),
                     t.percent(k.attainment), t.pacing(k)] for k in view.kpis]
    assert rows[1:] == expected
    assert all(r[3] != "—" and r[4].endswith("%") for r in rows[1:])  # every KPI has its result
    retro = _text(slides[titles.index("数据复盘与绩效落地")])
    r = project.retrospective
    for heading in ("关键学习", "改进措施", "下次迭代"):
        assert heading in retro
    for items in (r.learnings, r.improvements, r.next_iteration):
        assert items[0][:12] in retro
    cover = _text(slides[0])
    assert "结案复盘汇报" in cover and "提案框架" not in cover


def test_a_monitoring_deck_reports_progress_and_a_proposal_deck_does_not(l3: Project, extras: Extras) -> None:
    titles = [_title(s) for s in _slides(l3, extras, "en")]
    assert "KPI attainment" in titles and "Retrospective" in titles
    assert "Campaign progress report" in _text(_slides(l3, extras, "en")[0])
    proposal = l3.model_copy(update={"stage": Stage.proposal})
    titles = [_title(s) for s in _slides(proposal, extras, "en")]
    assert "KPI attainment" not in titles and "Retrospective" not in titles


def test_the_heatmap_names_risks_by_short_title(extras: Extras) -> None:
    project = load_project_file(EXAMPLES / "launch-l3.yaml")
    slides = _slides(project, extras, audience="internal")
    heat = next(s for s in slides if _title(s) == "风险热力图")
    text = _text(heat)
    open_risks = [r for r in project.risks if r.status.value != "closed"]
    assert not [r.id for r in project.risks if r.id in text]
    shown = [r for r in open_risks if risk_title(r) in text]
    assert len(shown) >= min(len(open_risks), 5)
    assert all(len(risk_title(r)) <= 10 for r in project.risks)
    stock = next(r for r in project.risks if r.id == "risk-tmall-stock")
    assert risk_title(stock) == "天猫首发备货不足或…"
