"""The proposal deck: re-opened with python-pptx, its slides, native chart, fonts and template checked."""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras, build_view
from aeflow.exporters.pptx_style import EA_FONT


def deck(project: Project, extras: Extras, *, lang: str = "zh", audience: str = "internal",
         template: bytes | None = None) -> Presentation:
    if template is not None:
        extras = Extras(today=extras.today, generated_at=extras.generated_at, version=extras.version,
                        template=template)
    return Presentation(io.BytesIO(get("pptx").export(project, Audience(audience), lang, extras)))


def titles(prs: Presentation) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]


def test_every_case_gives_a_deck_with_the_sections_in_order(case: Project, extras: Extras) -> None:
    prs = deck(case, extras)
    got = titles(prs)
    expected = ["问题陈述", "目标与 KPI", "策略地图", "执行时间线", "预算", "ROI / ROAS 预估", "风险热力图",
                "重点风险与应对预案", "沟通节奏", "下一步"]
    positions = [next(i for i, t in enumerate(got) if t.startswith(e)) for e in expected]
    assert positions == sorted(positions)
    l3_only = {"目标人群画像", "购买路径", "竞品对比"}
    if case.level.value == 3 and (case.insight.personas or case.insight.competitors):
        assert l3_only & set(got)
    if case.level.value == 1:
        assert not l3_only & set(got)
    text = "".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert case.name in text and case.client.name in text


def test_budget_chart_is_native_and_holds_the_planned_amounts(l3: Project, extras: Extras) -> None:
    prs = deck(l3, extras, audience="client")
    charts = [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    assert list(chart.plots[0].categories) == ["抖音", "小红书", "微信", "线下"]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series == {"计划": [900000.0, 600000.0, 400000.0, 500000.0], "实际": [310000.0, 220000.0, 60000.0, 150000.0]}
    assert chart.part.chart_workbook.xlsx_part is not None  # editable: the data travels with the chart
    internal = next(sh.chart for s in deck(l3, extras).slides for sh in s.shapes if sh.has_chart)
    assert list(internal.plots[0].categories)[-2:] == ["代理服务", "人力"]
    assert list(internal.plots[0].series[0].values)[-2:] == [287500.0, 123400.0]


def test_every_run_names_an_east_asian_font_and_slides_are_numbered(l1: Project, extras: Extras) -> None:
    prs = deck(l1, extras)
    for slide in prs.slides:
        xml = etree.tostring(slide._element).decode()
        runs = slide._element.findall(".//" + qn("a:r"))
        assert runs
        for r in runs:
            rpr = r.find(qn("a:rPr"))
            assert rpr is not None and rpr.find(qn("a:ea")).get("typeface") == EA_FONT
    numbered = [s for s in prs.slides if 'type="slidenum"' in etree.tostring(s._element).decode()]
    assert len(numbered) == len(prs.slides) - 1  # every slide but the cover
    assert "xml" in xml


def test_gantt_marks_milestones_and_the_critical_path(l3: Project, extras: Extras) -> None:
    view = build_view(l3, "internal", extras)
    assert [r.item.id for r in view.schedule if r.critical] == ["W1", "W2", "W3", "W4", "W6", "W8", "W9", "W10",
                                                                "W11"]
    prs = deck(l3, extras)
    slide = next(s for s in prs.slides if s.shapes.title and s.shapes.title.text_frame.text.startswith("执行时间线"))
    kinds = [sh.auto_shape_type for sh in slide.shapes if sh.shape_type == 1]
    from pptx.enum.shapes import MSO_SHAPE

    assert kinds.count(MSO_SHAPE.DIAMOND) == sum(1 for w in l3.work_items if w.is_milestone)
    assert kinds.count(MSO_SHAPE.ROUNDED_RECTANGLE) == sum(1 for w in l3.work_items if not w.is_milestone)
    red = [sh for sh in slide.shapes if sh.shape_type == 1 and sh.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE
           and sh.fill.fore_color.rgb == (0xD1, 0x49, 0x5B)]
    assert len(red) == 3  # W8, W10 open on the path (W6 is open too but 3 days long: still a bar)


def test_english_deck(l3: Project, extras: Extras) -> None:
    got = titles(deck(l3, extras, lang="en"))
    assert "Audience personas" in got and "Risk heatmap" in got and "Next steps" in got


def test_bare_project_says_not_yet_planned(bare: Project, extras: Extras) -> None:
    prs = deck(bare, extras)
    text = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    for sentence in ("时间线尚未规划", "预算尚未规划", "风险尚未评估", "沟通节奏尚未约定", "ROI 与 ROAS 尚未测算"):
        assert sentence in text


def test_a_template_is_honoured(l1: Project, extras: Extras) -> None:
    template = Presentation()  # 4:3, unlike the built-in 16:9 theme
    template.slides.add_slide(template.slide_layouts[1]).shapes.title.text = "AGENCY SAMPLE SLIDE"
    buf = io.BytesIO()
    template.save(buf)
    prs = deck(l1, extras, template=buf.getvalue())
    assert prs.slide_width == Inches(10) and prs.slide_height == Inches(7.5)
    assert "AGENCY SAMPLE SLIDE" not in titles(prs)
    assert titles(prs)[0] == l1.name
    assert "问题陈述" in titles(prs)


def test_a_template_that_is_not_a_deck_is_a_clear_error(l1: Project, extras: Extras) -> None:
    import pytest

    from aeflow.errors import ExportFailed

    with pytest.raises(ExportFailed, match="PowerPoint"):
        deck(l1, extras, template=b"not a zip file")
