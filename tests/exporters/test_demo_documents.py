"""The documents of the L3 demo, read back with each format's own library: channels and metrics by
their labels (never ``douyin`` or ``ctr``), counts without ``.00``, money as ¥ with separators, and
the retrospective's best/worst marks and the imported data's figures (internal documents only).

The real demo: ``aeflow demo`` then ``aeflow retro`` (which marks the best and worst channel and
keeps the data's figure beside the AE's) in a data folder of its own, the documents made by the
export service from that database and metrics store.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from aeflow import formatting as fmt
from aeflow.config import Settings
from aeflow.domain.labels import CHANNEL_LABELS, METRIC_LABELS
from aeflow.domain.project import Project
from aeflow.domain.retro import MetricRow, Rank
from aeflow.engines.monitoring.retro import differs
from aeflow.i18n import _, language
from aeflow.services import projects
from aeflow.services.exporting import export_document
from aeflow.storage.database import Database

from .textof import pdf_text

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("aeflow")
L3 = "qingyu-guihua-launch-l3"
TODAY = dt.date(2026, 12, 4)
FORMATS = ("pptx", "xlsx", "md", "pdf")
CODES = frozenset(CHANNEL_LABELS) | frozenset(METRIC_LABELS)
TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[a-z][a-z_-]*(?![A-Za-z0-9_-])")
# A number ending in .00 that is neither a multiple (2.00x) nor a KPI amount below ¥1,000 (45.00元,
# kpi_value's rule): a count with decimals, or an amount of whole yuan written with cents.
DOT_00 = re.compile(r"(?<![\d.])\d[\d,]*\.00(?!\d)(?!\s*(?:x|倍|元|%))")
# A rate stored as a fraction and shown as one (0.0142 instead of 1.42%).
FRACTION = re.compile(r"(?<![\d.,])0\.0\d{2,}(?![\d%])")


def _aeflow(home: Path, *args: str) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AEFLOW_", "LC_", "LANG"))}
    env = {**clean, "LANG": "C.UTF-8", "COLUMNS": "200", "AEFLOW_DATA_DIR": str(home), "AEFLOW_LANG": "zh"}
    done = subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
                          env=env)
    assert done.returncode == 0, done.stderr


@dataclass(frozen=True)
class Demo:
    project: Project
    documents: dict[tuple[str, str, str], bytes]
    """(format, audience, language) → the document's bytes."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    home = tmp_path_factory.mktemp("demo")
    _aeflow(home, "demo")
    settings = Settings.from_env({"AEFLOW_DATA_DIR": str(home)}, user="test")
    db = Database(settings.database_url)
    try:
        _count_douyin_roas_another_way(db)
        _aeflow(home, "retro", L3)
        project = projects.resolve(db, L3)[0]
        docs = {(f, a, lang): export_document(db, L3, f, audience=a, lang=lang, today=TODAY, settings=settings).content
                for f in FORMATS for a in ("internal", "client") for lang in ("zh", "en")}
        yield Demo(project, docs)
    finally:
        db.close()


def _count_douyin_roas_another_way(db: Database) -> None:
    """The demo's AE figures agree with its data; here the AE records Douyin's ROAS (the worst
    channel) as 2.60x, counted another way (the data: 2.30x), so the documents have a figure to
    show the data's beside."""
    project, version = projects.load(db, L3)
    metrics = [m.model_copy(update={"actual": 2.6}) if (m.metric, m.channel) == ("roas", "douyin") else m
               for m in project.retrospective.metrics]
    retro = project.retrospective.model_copy(update={"metrics": metrics})
    projects.save(db, project.model_copy(update={"retrospective": retro}), expected_version=version,
                  author="test", reason="an AE figure counted another way")


def shown(value: object, number_format: str) -> str:
    """A cell as a spreadsheet shows it, for the number formats the workbook uses."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if number_format == "General":
        return f"{value:g}" if isinstance(value, float) else str(value)
    m = re.fullmatch(r'(?:"([^"]*)")?([#,0]*0)(?:\.(0+))?(%?)(?:"([^"]*)")?', number_format)
    assert m, f"a number format this test cannot read: {number_format}"
    prefix, whole, decimals, percent, suffix = m.groups()
    v = value * 100 if percent else value
    body = f"{v:{',' if ',' in whole else ''}.{len(decimals or '')}f}"
    return f"{prefix or ''}{body}{percent}{suffix or ''}"


def xlsx_units(data: bytes) -> list[tuple[str, str, str]]:
    """(where, shown text, header of its column) for every visible cell; formula cells by their result."""
    wb = load_workbook(io.BytesIO(data), data_only=True)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        headers: dict[int, str] = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or ws.row_dimensions[c.row].hidden or ws.column_dimensions[c.column_letter].hidden:
                    continue
                if c.font is not None and c.font.color is not None and c.font.color.rgb == "00FFFFFF":
                    headers[c.column] = str(c.value)  # a header row (white on navy)
                out.append((f"{ws.title}!{c.coordinate}", shown(c.value, c.number_format), headers.get(c.column, "")))
    return out


def pptx_units(data: bytes) -> list[tuple[str, str]]:
    """(slide, text) for every paragraph, table cell and chart category of the deck."""
    out = []
    for i, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                out += [(f"slide {i}", p.text) for p in shape.text_frame.paragraphs]
            if shape.has_table:
                out += [(f"slide {i}", cell.text) for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                out += [(f"slide {i} chart", str(c)) for plot in shape.chart.plots for c in plot.categories]
    return out


def md_units(data: bytes) -> list[tuple[str, str]]:
    out = []
    for n, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if line.startswith("|"):
            out += [(f"line {n}", cell.strip()) for cell in line.strip().strip("|").split(" | ")]
        else:
            out.append((f"line {n}", line))
    return out


def units(fmt_name: str, data: bytes, tmp: Path) -> list[tuple[str, str]]:
    if fmt_name == "xlsx":
        return [(where, text) for where, text, _head in xlsx_units(data)]
    if fmt_name == "pptx":
        return pptx_units(data)
    if fmt_name == "md":
        return md_units(data)
    lines = pdf_text(data, tmp).splitlines()
    return [(f"line {n}", part) for n, line in enumerate(lines, 1) for part in re.split(r"\s{2,}", line.strip())]


DOCS = [(f, a, lang) for f in FORMATS for a in ("internal", "client") for lang in ("zh", "en")]


@pytest.mark.parametrize(("fmt_name", "audience", "lang"), DOCS, ids=["-".join(d) for d in DOCS])
def test_no_raw_channel_or_metric_code_and_no_count_with_decimals(demo: Demo, fmt_name: str, audience: str,
                                                                    lang: str, tmp_path: Path) -> None:
    found = units(fmt_name, demo.documents[fmt_name, audience, lang], tmp_path)
    assert len(found) > 20
    # In Chinese no code at all, alone or in a phrase (ctr 1.5%, 转化（tmall）); in English no cell that
    # is a code, nor a code that is no English word of the labels (douyin, new_members).
    words = {w for label in (*CHANNEL_LABELS.values(), *METRIC_LABELS.values()) for w in label.lower().split()}
    raw = [(where, text) for where, text in found if text.strip() in CODES]
    raw += [(where, text) for where, text in found
            if set(TOKEN.findall(text)) & (CODES if lang == "zh" else CODES - words)]
    assert not raw, raw[:10]
    decimals = [(where, text) for where, text in found if DOT_00.search(text) or FRACTION.search(text)]
    assert not decimals, decimals[:10]


@pytest.mark.parametrize(("audience", "lang"), [("internal", "zh"), ("client", "en")])
def test_workbook_money_is_in_yuan_with_separators_and_counts_are_whole(demo: Demo, audience: str,
                                                                        lang: str) -> None:
    cells = xlsx_units(demo.documents["xlsx", audience, lang])
    with language(lang):
        money = {_("Planned"), _("Actual"), _("Committed")}
        budget = _("Budget")
    amounts = [text for where, text, head in cells if where.startswith(f"{budget}!") and head in money
               and text != head]
    assert len(amounts) >= 20
    assert all(re.fullmatch(r"¥\d{1,3}(,\d{3})*(\.\d\d)?", a) for a in amounts), amounts
    assert "¥300,000" in amounts  # the TopView line, whole yuan without cents
    counts = [text for _w, text, _h in cells if re.fullmatch(r"[\d,]+次", text)]
    assert "132,368,425次" in counts  # the impressions in the retrospective and the trace matrix


def _label(row: MetricRow, lang: str) -> tuple[str, str]:
    from aeflow.exporters import labels
    from aeflow.exporters import text as t

    with language(lang):
        return t.retro_mark(row), labels.channel(row.channel)


def _retro_table(md: bytes) -> list[list[str]]:
    """The body rows of the Markdown retrospective's metrics table (section 8)."""
    section = md.decode("utf-8").split("\n## 8.")[1].split("\n## ")[0]
    rows = [line.strip().strip("|").split(" | ") for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in r] for r in rows[2:]]


def _ranked(demo: Demo) -> list[MetricRow]:
    rows = [m for m in demo.project.retrospective.metrics if m.rank]
    assert {m.rank for m in rows} >= {Rank.best_channel, Rank.worst_channel}
    return rows


def _differing(demo: Demo) -> list[MetricRow]:
    rows = [m for m in demo.project.retrospective.metrics if differs(m)]
    assert rows, "the demo's retrospective has AE figures the data does not bear out"
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_retrospective_marks_best_and_worst_in_every_audience(demo: Demo, lang: str) -> None:
    for row in _ranked(demo):
        mark, channel = _label(row, lang)
        assert mark and channel != row.channel  # douyin → 抖音 / Douyin
        for audience in ("internal", "client"):
            md = [line for line in demo.documents["md", audience, lang].decode().splitlines()
                  if line.startswith("|") and mark in line]
            assert len(md) == 1 and f"| {channel} |" in md[0], (audience, mark)
            sheet = [(text, where) for where, text, head in xlsx_units(demo.documents["xlsx", audience, lang])
                     if text == mark]
            assert len(sheet) == 1, (audience, mark)
            slides = [text for _w, text in pptx_units(demo.documents["pptx", audience, lang]) if mark in text]
            assert len(slides) == 1 and channel in slides[0], (audience, mark)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_internal_documents_show_the_data_figure_beside_a_differing_ae_figure(demo: Demo, lang: str) -> None:
    rows = _differing(demo)
    metrics = demo.project.retrospective.metrics
    with language(lang):
        imported = _("Imported data")
        agreed = [fmt.kpi_value(m.actual, m.unit) for m in metrics]
        beside = [_("{actual} (data: {data})", actual=fmt.kpi_value(m.actual, m.unit),
                    data=fmt.kpi_value(m.data_actual, m.unit)) if differs(m) else plain
                  for m, plain in zip(metrics, agreed, strict=True)]
    internal_md = _retro_table(demo.documents["md", "internal", lang])
    client_md = _retro_table(demo.documents["md", "client", lang])
    assert len(internal_md) == len(client_md) == len(metrics)
    assert [r[3] for r in client_md] == agreed  # the client sees only the agreed figure
    assert [r[3] for r in internal_md] == beside
    assert sum(a != b for a, b in zip(agreed, beside, strict=True)) == len(rows)

    internal = load_workbook(io.BytesIO(demo.documents["xlsx", "internal", lang]), data_only=True)
    client = load_workbook(io.BytesIO(demo.documents["xlsx", "client", lang]), data_only=True)
    with language(lang):
        title = _("Retrospective review")
    sheet = internal[title]
    header = next(r for r in sheet.iter_rows() if imported in [c.value for c in r])
    column = [c.value for c in header].index(imported) + 1
    values = {sheet.cell(r, column).value for r in range(header[0].row + 1, sheet.max_row + 1)} - {None}
    assert values == {m.data_actual for m in rows}
    shown_client = {c.value for r in client[title].iter_rows() for c in r}
    assert imported not in shown_client
    assert not shown_client & {m.data_actual for m in rows if m.data_actual != m.target}

    deck = [text for _w, text in pptx_units(demo.documents["pptx", "internal", lang])]
    client_deck = [text for _w, text in pptx_units(demo.documents["pptx", "client", lang])]
    shown_in_deck = [m for m in _ranked(demo) if differs(m)]
    assert shown_in_deck, "a marked row whose AE figure differs from the data"
    for m in shown_in_deck:
        with language(lang):
            data = fmt.kpi_value(m.data_actual, m.unit)
        assert any(data in text for text in deck) and not any(data in text for text in client_deck)


@pytest.mark.parametrize("fmt_name", ["md", "xlsx", "pptx"])
def test_english_documents_name_channels_and_metrics_in_english(demo: Demo, fmt_name: str, tmp_path: Path) -> None:
    texts = [text for _w, text in units(fmt_name, demo.documents[fmt_name, "client", "en"], tmp_path)]
    channels = {line.channel for line in demo.project.budget.lines if line.channel in CHANNEL_LABELS}
    assert len(channels) >= 5
    for code in channels:
        assert CHANNEL_LABELS[code] in texts, code  # a cell of its own: the budget table's channel column
    zh = [text for _w, text in units(fmt_name, demo.documents[fmt_name, "client", "zh"], tmp_path)]
    with language("zh"):
        assert all(_(CHANNEL_LABELS[code]) in zh for code in channels)
    if fmt_name != "pptx":  # the deck's retrospective slide has no metrics table
        metrics = {m.metric for m in demo.project.retrospective.metrics}
        assert all(METRIC_LABELS[m] in texts for m in metrics if m in METRIC_LABELS)
