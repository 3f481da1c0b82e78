"""Document commands: the document half of ``aeflow export`` and ``aeflow import-xlsx``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aeflow.cli.common import Context, console, err_console, handle_errors, state
from aeflow.errors import ImportFailed
from aeflow.i18n import _, get_language

TEXT_FORMATS = ("md", "ics")


class OutFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("import-xlsx")(import_xlsx)


def export_document(st: Context, ref: str, format_name: str, *, output: Path | None, version: int | None,
                    lang: str | None, audience: str, template: Path | None) -> None:
    """Write one document; without ``-o``, text formats go to stdout and binary ones to PROJECT.suffix
    (or to stdout when it is a pipe)."""
    with handle_errors():
        from aeflow.services.exporting import export_document as make

        doc = make(st.db, ref, format_name, audience=audience, lang=lang or get_language(), today=dt.date.today(),
                   template=template, version=version, settings=st.settings)
        if output is None and (format_name in TEXT_FORMATS or not sys.stdout.isatty()):
            sys.stdout.buffer.write(doc.content)
            sys.stdout.flush()
            return
        target = output or Path(doc.default_name())
        target.write_bytes(doc.content)
        console.print(_("Wrote {path}", path=target), highlight=False)


def _problems(exc: ImportFailed) -> list[object]:
    return list(exc.data.get("problems", []))


def _diff_table(changes: list) -> Table:
    table = Table(_("Cell"), _("Record"), _("Field"), _("Before"), _("After"), header_style="bold",
                  title=_("Changes in the workbook"), title_justify="left")
    for c in changes:
        table.add_row(f"{c.sheet}!{c.column}{c.row}", c.record + (" " + _("(new)") if c.added else ""), c.header,
                      c.old or "—", c.new or "—")
    return table


def import_xlsx(
    ctx: typer.Context,
    project_ref: Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID in the database.")],
    file: Annotated[Path, typer.Argument(help="The workbook exported by aeflow and edited (.xlsx).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking.")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why, for the history.")] = "",
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Read an edited workbook back: show what changed, then apply it as one history entry.

    Changed statuses, dates, owners and new rows are read; a bad value or a conflict with a change
    made in aeflow since the export is reported by sheet, row and column, and nothing is applied.
    Without --yes it asks first; with no terminal to ask on, it shows the changes and applies nothing.
    """
    st = state(ctx)
    with handle_errors():
        from aeflow.services import workbook

        try:
            result = workbook.preview(st.db, project_ref, file, author=st.settings.user, today=dt.date.today())
        except ImportFailed as exc:
            problems = _problems(exc)
            if format == OutFormat.json:
                typer.echo(json.dumps({"applied": False, "error": exc.message, "problems": [
                    {"sheet": p.sheet, "cell": p.cell, "row": p.row, "column": p.column, "header": p.header,
                     "message": p.message} for p in problems]}, ensure_ascii=False, indent=2))
                raise typer.Exit(1) from None
            for p in problems:
                err_console.print(str(p), highlight=False, markup=False, soft_wrap=True)
            raise
        changes = result.changes
        if format == OutFormat.text:
            if not changes:
                console.print(_("The workbook changes nothing in {id}.", id=result.project.id), highlight=False)
                return
            console.print(_diff_table(changes))
        apply = yes or (format == OutFormat.text and sys.stdin.isatty() and changes and
                        typer.confirm(_("Apply these {count} change(s)?", count=len(changes)), default=False))
        version = workbook.apply(st.db, result, author=st.settings.user, reason=reason) if apply and changes \
            else None
        if format == OutFormat.json:
            typer.echo(json.dumps({"applied": version is not None, "version": version or result.base_version,
                                   "changes": [{"sheet": c.sheet, "cell": f"{c.column}{c.row}", "record": c.record,
                                                "field": c.field, "old": c.old, "new": c.new, "added": c.added}
                                               for c in changes]}, ensure_ascii=False, indent=2))
        elif version is not None:
            console.print(_("Applied {count} change(s) as version {version}", count=len(changes), version=version),
                          highlight=False)
        else:
            err_console.print(_("Nothing was applied. Run again with --yes to apply."), highlight=False)
