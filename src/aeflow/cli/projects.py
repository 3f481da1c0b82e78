"""Project commands: init, validate, schema, import, export, list, show, history, restore, demo."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from aeflow.cli.common import console, err_console, fail, handle_errors, state
from aeflow.i18n import _
from aeflow.messages import describe, format_problem


class OutFormat(str, Enum):
    text = "text"
    json = "json"


class FileFormat(str, Enum):
    yaml = "yaml"
    json = "json"
    pptx = "pptx"
    xlsx = "xlsx"
    ics = "ics"
    md = "md"
    pdf = "pdf"


class DocAudience(str, Enum):
    internal = "internal"
    client = "client"


class DocLanguage(str, Enum):
    zh = "zh"
    en = "en"


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("validate")(validate)
    app.command("schema")(schema)
    app.command("import")(import_)
    app.command("export")(export)
    app.command("list")(list_)
    app.command("show")(show)
    app.command("history")(history)
    app.command("restore")(restore)
    app.command("demo")(demo)


def init(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Project file to create (YAML).")],
    name: Annotated[str, typer.Option(help="Project name.")] = "新项目",
    client: Annotated[str, typer.Option(help="Client name.")] = "客户",
    campaign_type: Annotated[str, typer.Option("--campaign-type", help="launch, promotion, brand_event, popup, kol_seeding, private_domain or always_on.")] = "launch",
    level: Annotated[int, typer.Option(help="1 (execution) or 3 (strategy).")] = 1,
    kickoff: Annotated[str | None, typer.Option(help="Kickoff date, YYYY-MM-DD (default: today).")] = None,
    launch: Annotated[str | None, typer.Option(help="Launch date, YYYY-MM-DD (default: 90 days after kickoff).")] = None,
) -> None:
    """Create a new project file: every stage's sections in place, empty, each with a comment on what goes there."""
    state(ctx)
    with handle_errors():
        from aeflow.services.starter import new_project, starter_text
        from aeflow.storage.yamlfile import write_text_file

        if file.exists():
            fail(_("{path} already exists; it was left unchanged", path=file),
                 _("choose another file name or edit the existing file"))
        project = new_project(file.stem, name=name, client=client, campaign_type=campaign_type, level=level,
                              kickoff=kickoff, launch=launch, today=dt.date.today())
        write_text_file(file, starter_text(project))
        console.print(_("Created {path} — edit it, then run: aeflow validate {path}", path=file))


def validate(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Project files to check.")],
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Check project files; report every problem with file, line, field and what was expected."""
    state(ctx)
    from aeflow.services.validation import validate_file

    reports = [validate_file(f) for f in files]
    if format == OutFormat.json:
        out = [
            {"file": r.path, "ok": r.ok, "problems": [
                {"file": p.file, "line": p.line, "path": p.dotted_path, "code": p.code, "message": describe(p)}
                for p in r.problems
            ]} for r in reports
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in reports:
            if r.ok:
                console.print(f"[green]✓[/] {r.path}: " + _("valid"), highlight=False)
            for p in r.problems:
                err_console.print(format_problem(p), highlight=False, markup=False, soft_wrap=True)
        bad = sum(len(r.problems) for r in reports)
        if bad:
            err_console.print(_("{count} problem(s) in {files} file(s)", count=bad,
                                files=sum(1 for r in reports if not r.ok)), style="bold red")
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def schema(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the schema to this file.")] = None,
) -> None:
    """Print the JSON Schema of the project file format."""
    state(ctx)
    from aeflow.services.validation import json_schema_text

    text = json_schema_text()
    if output:
        with handle_errors():
            from aeflow.storage.yamlfile import write_text_file

            write_text_file(output, text + "\n")
        console.print(_("Wrote {path}", path=output))
    else:
        typer.echo(text)


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Project file (YAML) to store in the database.")],
    replace: Annotated[bool, typer.Option("--replace", help="Store as a new version of an existing project.")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --replace: store the file even if the project has changed since the version the file was exported from (the history records it).")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why, for the history.")] = "",
) -> None:
    """Store a project file in the database; prints the project's ID on the last line."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import projects

        done = projects.import_file(st.db, file, author=st.settings.user,
                                    reason=reason or _("imported from {path}", path=file.name),
                                    replace=replace, force=force)
        if done.unchecked:
            err_console.print(_("Note: {path} has no base_version (it was not exported by aeflow), so it was "
                                "stored over version {old} without checking for changes made since.",
                                path=file, old=done.replaced), style="yellow", highlight=False, soft_wrap=True)
        if done.forced:
            err_console.print(_("Forced: the file was based on version {base}; it was stored over version {old} "
                                "(the history keeps both).", base=done.base_version, old=done.replaced),
                              style="yellow", highlight=False, soft_wrap=True)
        if done.replaced is not None and done.version == done.replaced:
            console.print(_("{name} is unchanged: still version {version}", name=done.project.name,
                            version=done.version), highlight=False, markup=False)
        else:
            console.print(_("Imported {name} as version {version}", name=done.project.name, version=done.version),
                          highlight=False, markup=False)
        typer.echo(done.project.id)


def export(
    ctx: typer.Context,
    project_ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID or project file.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
    format: Annotated[FileFormat, typer.Option("--format", help="yaml, json, or a document: pptx (proposal deck), xlsx (workbook), ics (calendar), md (Markdown), pdf (weekly status report).")] = FileFormat.yaml,
    version: Annotated[int | None, typer.Option("--version", help="Export an earlier version.")] = None,
    lang: Annotated[DocLanguage | None, typer.Option("--lang", help="Language of the document: zh or en (default: the interface language).")] = None,
    audience: Annotated[DocAudience, typer.Option("--audience", help="internal (everything) or client (no internal costs, notes or unconfirmed decisions).")] = DocAudience.internal,
    template: Annotated[Path | None, typer.Option("--template", help="A .pptx whose masters and branding the deck uses.")] = None,
) -> None:
    """Write a project as a project file (YAML) or JSON, or as a document to send (pptx, xlsx, ics, md, pdf)."""
    st = state(ctx)
    if format not in (FileFormat.yaml, FileFormat.json):
        from aeflow.cli.documents import export_document

        export_document(st, project_ref, format.value, output=output, version=version,
                        lang=lang.value if lang else None, audience=audience.value, template=template)
        return
    with handle_errors():
        from aeflow.services import projects
        from aeflow.storage.yamlfile import dump_project, write_text_file

        file = projects.export_file(st.db, project_ref, version)
        if format == FileFormat.json:
            text = file.project.model_dump_json(indent=2, exclude_defaults=True) + "\n"
        else:
            text = dump_project(file.project, base_version=file.base_version, header=file.header)
        if output:
            write_text_file(output, text)
            console.print(_("Wrote {path}", path=output))
        else:
            typer.echo(text, nl=False)


def list_(
    ctx: typer.Context,
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """List the projects in the database."""
    st = state(ctx)
    with handle_errors():
        from aeflow.cli.summary import projects_table
        from aeflow.services import projects

        rows = projects.list_projects(st.db)
        if format == OutFormat.json:
            typer.echo(json.dumps([_summary_json(r) for r in rows], ensure_ascii=False, indent=2, default=str))
        else:
            console.print(projects_table(rows, console.width))


def _summary_json(row: object) -> dict[str, object]:
    keys = ("id", "name", "client", "campaign_type", "level", "stage", "kickoff", "launch", "version",
            "updated_at")
    return {k: getattr(row, k, None) for k in keys}


def show(
    ctx: typer.Context,
    project_ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID or project file.")],
    version: Annotated[int | None, typer.Option("--version", help="Show an earlier version.")] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Only this stage (1-8 or its name).")] = None,
) -> None:
    """Print a readable summary of a project, stage by stage."""
    st = state(ctx)
    with handle_errors():
        from aeflow.cli.summary import print_project
        from aeflow.services import projects

        if version is not None:
            project = projects.get_version(st.db, project_ref, version)
        else:
            project, _v = projects.resolve(st.db, project_ref)
        print_project(console, project, only=stage)


def history(
    ctx: typer.Context,
    project_ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID.")],
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Every change of a project: version, who, when, why, and what changed (old → new)."""
    st = state(ctx)
    with handle_errors():
        from aeflow.cli.summary import print_history
        from aeflow.services import projects

        entries = projects.history(st.db, project_ref)
        if format == OutFormat.json:
            typer.echo(json.dumps([
                {"version": e.version, "author": e.author, "at": e.at.isoformat(),
                 "at_local": projects.local_time(e.at, e.timezone), "reason": e.reason,
                 "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in e.changes]}
                for e in entries
            ], ensure_ascii=False, indent=2, default=str))
        else:
            print_history(console, entries)


def restore(
    ctx: typer.Context,
    project_ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID.")],
    version: Annotated[int, typer.Argument(help="Version to bring back.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the history.")] = "",
) -> None:
    """Bring back an earlier version (as a new version: nothing is lost)."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import projects

        new = projects.restore(st.db, project_ref, version, author=st.settings.user,
                               reason=reason or _("restored version {version}", version=version))
        if new == version:
            console.print(_("Version {old} of {id} is the current version; nothing changed", old=version,
                            id=project_ref))
        else:
            console.print(_("Restored version {old} of {id} as version {new}", old=version, id=project_ref,
                            new=new))


def demo(
    ctx: typer.Context,
    examples: Annotated[Path | None, typer.Option(help="Folder with the demo project files.")] = None,
) -> None:
    """Load the demo case (a beverage brand's new-flavour launch, L1 and L3) with its platform data, and
    summarise each stage and the KPI dashboard."""
    st = state(ctx)
    with handle_errors():
        from rich.markup import escape

        from aeflow.cli.budget_output import print_kpis, print_report
        from aeflow.cli.monitoring import print_dashboard
        from aeflow.cli.summary import print_project
        from aeflow.services.demo import demo_budget, load_demo

        loaded = load_demo(st.db, examples, author=st.settings.user, data_dir=st.settings.data_dir)
        for demo in loaded:
            project = demo.project
            console.rule(f"[bold]{escape(project.name)}[/] · L{project.level.value} · v{demo.version}")
            print_project(console, project)
        last = loaded[-1].project
        budget = demo_budget(last, examples)
        console.rule(_("Budget stage: funnel forecast, optimised mix, 双11 CPM +30%"))
        print_kpis(budget.forecast)
        print_report(budget.optimised)
        print_report(budget.scenario)
        if loaded[-1].board is not None:
            console.rule(_("KPI dashboard"))
            print_dashboard(last, loaded[-1].board)
        for demo in loaded:
            if demo.reset_note:
                console.print("[yellow]" + escape(demo.reset_note) + "[/]", highlight=False)
        console.print(_("Demo loaded into {url}", url=st.db.display_url), highlight=False)
        console.print(_("Next: aeflow show {id} · aeflow history {id} · aeflow export {id} -o copy.yaml",
                        id=last.id), highlight=False)
