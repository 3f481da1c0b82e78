"""Performance-data commands: ``aeflow data inspect``, ``aeflow data import``, ``aeflow data offline``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from aeflow.cli.common import console, err_console, fail, handle_errors, state
from aeflow.errors import AeflowError
from aeflow.i18n import _

PROGRESS_BYTES = 8 << 20


class OutFormat(str, Enum):
    text = "text"
    json = "json"


data_app = typer.Typer(help="Performance data: inspect and import ad-platform exports and offline results.",
                       no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
    data_app.command("inspect")(inspect)
    data_app.command("import")(import_)
    data_app.command("offline")(offline)
    data_app.command("mapping")(mapping)


def _platform(ctx: typer.Context, platform: str, mapping_name: str | None) -> object:
    if not mapping_name:
        return platform
    from aeflow.importers.mapping import load

    return load(state(ctx).settings.data_dir, mapping_name)


def mapping(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the mapping, used later as --mapping NAME.")],
    column: Annotated[list[str], typer.Option("--column", help="FIELD=HEADER, e.g. date=日期 or spend=费用; repeat.")],
    channel: Annotated[str, typer.Option(help="Channel name recorded for these files.")] = "",
) -> None:
    """Save a column mapping for exports of a layout no known platform matches."""
    st = state(ctx)
    with handle_errors():
        from aeflow.importers.mapping import save

        pairs = {}
        for item in column:
            field, sep, header = item.partition("=")
            if not sep or not field.strip() or not header.strip():
                fail(_("--column expects FIELD=HEADER, got {value}", value=item), code=2)
            pairs[field.strip()] = header.strip()
        path = save(st.settings.data_dir, name, pairs, channel)
        console.print(_("column mapping {name} saved to {path}", name=name, path=str(path)), highlight=False)


@contextmanager
def _progress(paths: list[Path], enabled: bool) -> Iterator[object]:
    """A Rich progress bar on stderr for large files; ``None`` for small ones."""
    if not enabled or sum(p.stat().st_size for p in paths if p.is_file()) < PROGRESS_BYTES:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                   console=err_console, transient=True)
    labels = {"transcode": _("Converting to UTF-8"), "read": _("Reading")}
    tasks: dict[str, int] = {}

    def update(phase: str, fraction: float) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(labels.get(phase, phase), total=1.0)
        bar.update(tasks[phase], completed=fraction)  # type: ignore[arg-type]

    with bar:
        yield update


@contextmanager
def _cli_hints() -> Iterator[None]:
    """Add the CLI's own hint (an option to use) to an import error that has none."""
    try:
        yield
    except AeflowError as exc:
        if exc.hint is None:
            exc.hint = _hint(exc)
        raise


def _hint(exc: AeflowError) -> str | None:
    from aeflow.services.data import BAD_CELLS, UNKNOWN_LAYOUT, platform_label

    code = exc.data.get("code")
    if code == UNKNOWN_LAYOUT:
        chosen = platform_label(str(exc.data.get("platform") or ""))
        if chosen is not None:
            return _("Check that the file is an export of {platform}, or save a column mapping for this layout "
                     "(aeflow data mapping)", platform=chosen)
        return _("Name the platform with --platform, or save a column mapping for this layout")
    if code == BAD_CELLS:
        return _("Correct the file, or import the readable rows with --skip-bad-rows")
    return None


def _totals_table(totals: dict[str, float]) -> Table:
    """The totals of a file, headed by each metric's label in the user's language."""
    from aeflow.exporters.labels import metric

    table = Table(show_header=True, header_style="bold")
    for key in totals:
        table.add_column(metric(key), justify="right")
    table.add_row(*[_total(key, value) for key, value in totals.items()])
    return table


def _total(key: str, value: float) -> str:
    """A file's total, digit for digit: money with two decimals, counts whole."""
    from aeflow.formatting import MONEY_UNITS, number
    from aeflow.metrics.definitions import METRICS

    metric = METRICS.get(key)
    if metric is not None and metric.unit in MONEY_UNITS:
        return number(value, digits=2)
    return number(round(value), short=False)


def _planned(item: dict) -> bool:
    """A row every import leaves out (a total, a repeated header, a note), not a problem."""
    from aeflow.services.data import SKIP_CODES

    return item["code"] in SKIP_CODES


def _issue_line(item: dict) -> str:
    where = _("row {row}", row=item["row"]) + (f", {item['column']}" if item["column"] else "")
    return f"{where}: {item['value']!r} — {item['reason']}"


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(_("{value} is not a date like 2027-03-01", value=value), code=2)
        raise


def inspect(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A report export (.csv, .tsv, .txt or .xlsx).")],
    platform: Annotated[str, typer.Option(help="Platform key, or auto to detect it from the headers.")] = "auto",
    year: Annotated[int | None, typer.Option(help="Year for dates written without one (e.g. 3月1日).")] = None,
    mapping_name: Annotated[str | None, typer.Option("--mapping", help="A saved column mapping (aeflow data mapping).")] = None,
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Parse an export without storing it: platform, encoding, rows, date range, totals, skipped rows."""
    state(ctx)
    with handle_errors():
        from aeflow.services.data import inspect as run

        with _progress([file], format == OutFormat.text) as progress, _cli_hints():
            summary = run(file, platform=_platform(ctx, platform, mapping_name), year=year,  # type: ignore[arg-type]
                          progress=progress)  # type: ignore[arg-type]
        summary.pop("file", None)
        if format == OutFormat.json:
            typer.echo(json.dumps(summary, ensure_ascii=False))
            return
        _print_summary(file.name, summary)


def _print_summary(name: str, s: dict) -> None:
    console.print(_("{file}: {platform}, {encoding}, {rows} data rows, {start} – {end}", file=name,
                    platform=f"{s['platform_name']} ({s['platform']})", encoding=s["encoding"], rows=s["rows"],
                    start=s["date_min"] or "-", end=s["date_max"] or "-"), highlight=False, markup=False)
    console.print(_totals_table(s["totals"]))
    problems = [i for i in s["skipped"] if not _planned(i)]
    if problems:
        console.print("[yellow]" + escape(_("{rows} row(s) with cells that cannot be read are left out of the "
                                            "totals; an import refuses the file unless --skip-bad-rows is given:",
                                            rows=s["bad_rows"])) + "[/]", highlight=False)
        for item in problems[:20]:
            console.print("  [yellow]" + escape(_issue_line(item)) + "[/]", highlight=False)
    for item in [i for i in s["skipped"] if _planned(i)][:20]:
        console.print("  [dim]" + escape(_issue_line(item)) + "[/]", highlight=False)


def import_(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project file (.yaml) or project id.")],
    files: Annotated[list[Path], typer.Argument(help="One or more report exports.")],
    platform: Annotated[str, typer.Option(help="Platform key, or auto to detect it from the headers.")] = "auto",
    channel: Annotated[str | None, typer.Option(help="Channel name to record (default: from the file or platform).")] = None,
    mapping_name: Annotated[str | None, typer.Option("--mapping", help="A saved column mapping (aeflow data mapping).")] = None,
    skip_bad_rows: Annotated[bool, typer.Option("--skip-bad-rows", help="Import the readable rows and report the others.")] = False,
    webhook: Annotated[str | None, typer.Option(help="IM webhook URL to send fired alerts to.")] = None,
    webhook_kind: Annotated[str | None, typer.Option("--webhook-kind", help="feishu, dingtalk, wecom or slack (default: from the URL).")] = None,
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Import report exports into a project (idempotent: re-importing never double counts)."""
    st = state(ctx)
    with handle_errors():
        from aeflow.metrics.store import MetricsStore
        from aeflow.services.data import import_files
        from aeflow.services.monitoring import after_import
        from aeflow.services.projects import resolve

        proj, _version = resolve(st.db, project)
        with MetricsStore.for_data_dir(st.settings.data_dir) as store:
            with _progress(files, format == OutFormat.text) as progress, _cli_hints():
                report = import_files(store, proj, files, platform=_platform(ctx, platform, mapping_name),  # type: ignore[arg-type]
                                      channel=channel,
                                      skip_bad_rows=skip_bad_rows, author=st.settings.user,
                                      progress=progress)  # type: ignore[arg-type]
            alerts = after_import(store, proj, webhook=webhook, webhook_kind=webhook_kind)
        if format == OutFormat.json:
            out = report.as_dict()
            out["alerts"] = [a.as_dict() for a in alerts]
            typer.echo(json.dumps(out, ensure_ascii=False, default=str))
            return
        for s, landed in zip(report.files, report.landed, strict=True):
            console.print(_("{file}: {rows} rows from {platform} → {facts} daily facts ({replaced} replaced)",
                            file=Path(landed.file).name, rows=s["rows"], platform=s["platform_name"],
                            facts=landed.facts, replaced=landed.replaced), highlight=False, markup=False)
            console.print(_totals_table(s["totals"]))
            if s["bad_rows"]:
                console.print("  [yellow]" + escape(_("{rows} row(s) with cells that cannot be read were skipped:",
                                                      rows=s["bad_rows"])) + "[/]", highlight=False)
            for item in s["skipped"]:
                if not _planned(item):
                    console.print("  [yellow]" + escape(_issue_line(item)) + "[/]", highlight=False)
        for alert in alerts:
            console.print(f"[bold red]⚠ {alert.headline()}[/]", highlight=False)


def offline(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project file (.yaml) or project id.")],
    date: Annotated[str | None, typer.Option(help="Day of the results, YYYY-MM-DD.")] = None,
    attendance: Annotated[float | None, typer.Option(help="Event attendance (到场人数).")] = None,
    store_sales: Annotated[float | None, typer.Option("--store-sales", help="Store sales in yuan (门店销售额).")] = None,
    new_members: Annotated[float | None, typer.Option("--new-members", help="New members (新增会员).")] = None,
    channel: Annotated[str, typer.Option(help="Channel name.")] = "offline",
    event: Annotated[str, typer.Option(help="Event name (活动名称).")] = "",
    store_name: Annotated[str, typer.Option("--store", help="Store or city (门店/城市).")] = "",
    file: Annotated[Path | None, typer.Option(help="A CSV of offline results instead of one day by hand.")] = None,
) -> None:
    """Record offline results — by hand for one day, or from a simple CSV."""
    st = state(ctx)
    with handle_errors():
        from aeflow.metrics.store import MetricsStore
        from aeflow.services.data import import_files, record_offline
        from aeflow.services.projects import resolve

        proj, _version = resolve(st.db, project)
        with MetricsStore.for_data_dir(st.settings.data_dir) as store:
            if file is not None:
                report = import_files(store, proj, [file], platform="offline", author=st.settings.user)
                console.print(_("{file}: {rows} rows of offline results", file=file.name,
                                rows=report.files[0]["rows"]), highlight=False)
                return
            if date is None:
                fail(_("give --date (and the results) or --file"), code=2)
            values = {k: v for k, v in (("attendance", attendance), ("store_sales", store_sales),
                                        ("new_members", new_members)) if v is not None}
            record_offline(store, proj, _parse_day(date or ""), values, channel=channel, event=event,
                           store_name=store_name, author=st.settings.user)
        console.print(_("offline results of {date} recorded", date=date), highlight=False)
