"""Markdown (every stage, Notion/Confluence/飞书 friendly) and the PDF weekly status report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras

from .textof import pdf_text


def test_markdown_has_every_stage_and_pastable_tables(case: Project, extras: Extras) -> None:
    md = get("md").export(case, Audience.internal, "zh", extras).decode("utf-8")
    assert md.startswith(f"# {case.name}\n")
    for heading in ("## 1. 需求梳理", "## 2. 客户洞察与定位", "## 3. 提案框架", "## 4. 预算", "## 5. 沟通节奏",
                    "## 6. 风险热力图", "## 7. KPI 达成", "## 8. 数据复盘与绩效落地", "## 下一步"):
        assert heading in md
    tables = [line for line in md.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in tables)
    for w in case.work_items:
        assert w.title in md
    assert "<" not in md.replace("<=", "")  # no HTML


def test_markdown_in_english_and_for_a_bare_project(bare: Project, extras: Extras) -> None:
    md = get("md").export(bare, Audience.client, "en", extras).decode("utf-8")
    assert "The timeline is not yet planned" in md and "The budget is not yet planned" in md
    assert "For the client" in md


def test_pdf_status_report_embeds_cjk_fonts(l3: Project, extras: Extras, tmp_path: Path) -> None:
    data = get("pdf").export(l3, Audience.client, "zh", extras)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    for phrase in ("项目周报", "青柠气泡水上市", "KPI 达成", "上市期全渠道曝光", "需要您支持的事项", "媒介排期", "达人内容审核延迟"):
        assert phrase in text
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.fail("pdffonts (poppler-utils) is needed")
    (tmp_path / "r.pdf").write_bytes(data)
    fonts = subprocess.run([pdffonts, str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("yes" == r[-5] for r in rows)  # the "emb" column: every font embedded
    assert any("CJK" in r[0] for r in rows)


def test_pdf_for_a_bare_project(bare: Project, extras: Extras, tmp_path: Path) -> None:
    text = pdf_text(get("pdf").export(bare, Audience.client, "en", extras), tmp_path)
    assert "Weekly status report" in text and "not yet" in text
